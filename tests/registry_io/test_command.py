"""The import_registry management command: dry run by default, --commit writes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kurasi.registry.models import Business, Product

from .conftest import SLUG


def test_import_command_dry_run_prints_each_row_and_writes_nothing(product_groups, messy_xlsx):
    out = StringIO()
    call_command("import_registry", SLUG, str(messy_xlsx), stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(" ")[0] for line in lines[:4]] == ["2:", "3:", "4:", "5:"]
    assert "Keripik Bu Sri / Keripik Singkong Balado" in lines[0]
    assert Business.objects.count() == 0


def test_import_command_commit_writes_and_second_commit_creates_nothing(
    product_groups, messy_xlsx, admin_user
):
    call_command("import_registry", SLUG, str(messy_xlsx), "--commit", stdout=StringIO())
    counts = (Business.objects.count(), Product.objects.count())
    call_command("import_registry", SLUG, str(messy_xlsx), "--commit", stdout=StringIO())
    assert (Business.objects.count(), Product.objects.count()) == counts == (3, 4)


def test_import_command_refuses_unknown_organisation_or_actor(organisation, messy_xlsx, curator):
    with pytest.raises(CommandError):
        call_command("import_registry", "tidak-ada", str(messy_xlsx), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "import_registry", SLUG, str(messy_xlsx), "--actor", "x@y.test", stdout=StringIO()
        )
