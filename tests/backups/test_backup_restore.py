"""`manage.py backup` and `manage.py restore`: a round trip into an empty database gives back every
row of every table and every uploaded file, on SQLite and on PostgreSQL (whichever the suite runs
on). Transactional tests: the dump is taken by another connection (pg_dump) that sees only
committed rows."""

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from psycopg.types.string import TextLoader

from kurasi.facilitation.models import LegalityRule
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.registry import services
from kurasi.registry.models import CertificateType
from kurasi.registry.shipped import ensure_shipped_certificate_types
from kurasi.registry.uploads import reencode_image
from tests.factories import BusinessFactory, CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n% Kurasi test document\n%%EOF\n"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def seeded(media, admin_user, organisation, product_groups):
    """Businesses, products, a photo and a certificate document, all through the services."""
    business = BusinessFactory(organisation=organisation, name="Keripik Bu Sri")
    product = ProductFactory(business=business, group=product_groups["makanan"])
    services.add_product_photo(actor=admin_user, product=product, image=reencode_image(_jpeg()))
    certificate = CertificateFactory.build(business=business, product=product, token="")
    services.save_certificate(
        actor=admin_user, certificate=certificate, document=ContentFile(PDF, name="pirt.pdf")
    )
    return business


def _backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", directory=str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().strip())


def _rows(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the manifest
    return sorted(repr(tuple(_plain(value) for value in row)) for row in cursor.fetchall())


def _plain(value):
    # Two connections may label one instant with different tzinfo objects (UTC vs Etc/UTC).
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    return value


def _source_rows(tables):
    with connection.cursor() as cursor:
        return {table: _rows(cursor, table) for table in tables}


class EmptyDatabase:
    """A database nobody has touched: a new SQLite file, or a PostgreSQL database created here."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            s = connection.settings_dict
            self.name = f"{s['NAME']}_restore"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.conninfo = psycopg.conninfo.make_conninfo(
                dbname=self.name, host=s["HOST"], port=s["PORT"], user=s["USER"]
            )
            self.url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{self.name}"

    def _admin(self, statement):
        with connection.cursor() as cursor:
            cursor.execute(statement)

    def rows(self, tables):
        if self.vendor == "sqlite":
            # Read with the type conversions Django's own connection uses, to compare like values.
            types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
            with closing(sqlite3.connect(self.path, detect_types=types)) as db:
                return {t: _rows(db.cursor(), t) for t in tables}
        with psycopg.connect(self.conninfo) as db:
            # Django reads jsonb as text; read it the same way to compare like values.
            db.adapters.register_loader("jsonb", TextLoader)
            with db.cursor() as cursor:
                return {t: _rows(cursor, t) for t in tables}

    def drop(self):
        if self.vendor != "sqlite":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _restore_elsewhere(archive, database_url, media_root):
    """Run `manage.py restore` as an operator would, against another database and media folder."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_backup_restore_into_empty_database_gives_back_every_row_and_file(seeded, media, tmp_path):
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    tables = sorted(manifest["row_counts"])
    expected_rows = _source_rows(tables)
    files = {p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*.*")}
    target, restored_media = EmptyDatabase(tmp_path), tmp_path / "restored-media"
    try:
        result = _restore_elsewhere(archive, target.url, restored_media)
        restored_rows = target.rows(tables)
    finally:
        target.drop()

    assert result.returncode == 0, result.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["row_counts"]["registry_business"] == 1
    assert "0002_append_only" in manifest["migrations"]["audit"]
    assert len(files) == 2  # the photo and the certificate document
    assert restored_rows == expected_rows
    assert {
        p.relative_to(restored_media).as_posix(): p.read_bytes()
        for p in restored_media.rglob("*.*")
    } == files


def test_restore_refuses_a_database_holding_data(seeded, tmp_path):
    archive = _backup(tmp_path)

    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", str(archive))


def test_restore_refuses_a_damaged_archive_before_touching_anything(seeded, media, tmp_path):
    archive = _backup(tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("media/certificates/"):
                data = data.replace(b"Kurasi", b"Kurasa")
            target.addfile(member, io.BytesIO(data))
    before = {p: p.read_bytes() for p in media.rglob("*.*")}

    with pytest.raises(CommandError, match="Checksum mismatch"):
        call_command("restore", str(damaged), force=True)

    assert {p: p.read_bytes() for p in media.rglob("*.*")} == before


def _migrate(database_url):
    """`make migrate` against another database, as an operator sets up a new server."""
    env = {**os.environ, "DATABASE_URL": database_url}
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["createcachetable"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            check=True,
        )


def _execute(target, statement, params=()):
    if target.vendor == "sqlite":
        with closing(sqlite3.connect(target.path)) as db, db:
            db.execute(statement.replace("%s", "?"), params)
    else:
        with psycopg.connect(target.conninfo) as db:
            db.execute(statement, params)


def test_restore_into_a_freshly_migrated_database_needs_no_force(seeded, media, tmp_path):
    """`make migrate` then `make restore FILE=…`: migrate's own rows (migrations, content types,
    permissions, the shipped certificate types and legality rules), the cache tables, sessions
    and login attempts are no office's data."""
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        tables = sorted(json.load(tar.extractfile("manifest.json"))["row_counts"])
    expected_rows = _source_rows(tables)
    target = EmptyDatabase(tmp_path)
    try:
        _migrate(target.url)
        _execute(
            target,
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES (%s, %s, %s)",
            ("bahasa-saja", "e30", "2099-01-01 00:00:00"),
        )
        _execute(
            target,
            "INSERT INTO kurasi_rate_cache (cache_key, value, expires) VALUES (%s, %s, %s)",
            (":1:rl:hitung", "gAJLAS4=", "2099-01-01 00:00:00"),
        )
        result = _restore_elsewhere(archive, target.url, tmp_path / "restored-media")
        restored_rows = target.rows(tables)
    finally:
        target.drop()

    assert result.returncode == 0, result.stderr
    assert restored_rows == expected_rows


def test_restore_refuses_a_database_with_one_organisation(organisation, tmp_path):
    archive = _backup(tmp_path)

    with pytest.raises(CommandError, match=r"holds data: rows in accounts_organisation \(1\)\."):
        call_command("restore", str(archive))


def test_restore_refuses_edited_or_added_reference_data(tmp_path):
    """Shipped certificate types and legality rules count as empty only exactly as shipped."""
    ensure_shipped_certificate_types(CertificateType)
    ensure_shipped_rules(LegalityRule, CertificateType)
    archive = _backup(tmp_path)
    nib = CertificateType.objects.get(organisation=None, code="nib")
    shipped_name = nib.name
    nib.name = "NIB (diubah dinas)"
    nib.save(update_fields=["name"])

    with pytest.raises(CommandError, match="holds data: rows in registry_certificatetype"):
        call_command("restore", str(archive))

    nib.name = shipped_name
    nib.save(update_fields=["name"])
    LegalityRule.objects.filter(organisation=None).first().certificate_types.clear()

    with pytest.raises(CommandError, match="holds data: rows in facilitation_legalityrule"):
        call_command("restore", str(archive))
