"""Importing what is good: the valid rows are written, the others come back in an error file to
fix and import again; large files are written by a background task with a progress page."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kurasi.audit.models import AuditEvent
from kurasi.registry.importing import jobs, pending
from kurasi.registry.models import Business, Product

from ..factories import BusinessFactory
from .conftest import CONFIRM_URL, HEADERS, IMPORT_URL, SLUG, row, write_xlsx

NIK_1 = "3674015508950001"


def upload(client, path, **extra):
    with open(path, "rb") as handle:
        return client.post(IMPORT_URL, {"file": handle, **extra})


def confirm(client, response, **extra):
    return client.post(CONFIRM_URL, {"token": response.context["token"], **extra})


def producer(n, **cells):
    base = {"Nama Usaha": f"Usaha {n}", "Nama Pemilik": f"Pemilik {n}", "No. HP": f"0812{n:08d}",
            "Kategori": "tas", "Nama Produk": "Tas"}  # fmt: skip
    cells = {**base, **cells}
    return row(**cells)


@pytest.fixture
def mixed_file(admin_user, product_groups, tmp_path):
    """Three good rows, one with an error, one in conflict with a stored business by NIK."""
    BusinessFactory(organisation=admin_user.memberships.get().organisation, name="Batik Lama",
                    owner_name="Dewi", nik=NIK_1, phone="+6281399990000")  # fmt: skip
    rows = [
        producer(1),
        producer(2, **{"No. HP": "0812-3456-789x", "Satuan": "@pcs"}),  # a bad phone
        producer(3),
        producer(4, NIK=NIK_1),  # same NIK as "Batik Lama", another name: undecided
        producer(5),
    ]
    return write_xlsx(tmp_path / "campur.xlsx", rows)


def job_url(token):
    return reverse("registry_io:job", args=[SLUG, token])


def test_partial_import_writes_the_good_rows_and_returns_the_others(
    client_for, admin_user, mixed_file, media, tmp_path
):
    client = client_for(admin_user)
    dry = upload(client, mixed_file)
    plan = dry.context["plan"]
    assert (plan.importable_count, plan.left_out_count) == (3, 2)
    assert b'id="confirm-import"' not in dry.content
    assert b'id="confirm-partial"' in dry.content
    assert confirm(client, dry).status_code == 400  # all or nothing is still refused
    assert Business.objects.count() == 1

    done = confirm(client, dry, partial="on")

    assert done.status_code == 302
    assert done.url == job_url(dry.context["token"])
    assert sorted(Business.objects.values_list("name", flat=True)) == [
        "Batik Lama",
        "Usaha 1",
        "Usaha 3",
        "Usaha 5",
    ]
    summary = AuditEvent.objects.get(action="registry.imported")
    assert summary.changes["partial"] == [None, "partial: 3 imported, 2 left out"]
    page = client.get(done.url)
    assert 'id="job-partial"' in page.content.decode()
    errors_url = reverse("registry_io:job_errors", args=[SLUG, dry.context["token"]])
    assert errors_url in page.content.decode()

    response = client.get(errors_url)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="registry.import_errors_downloaded").count() == 1
    path = tmp_path / "errors.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path).worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0][: len(HEADERS)] == HEADERS
    assert table[0][-1] == "Alasan / Reason"
    assert len(table) == 3
    by_name = {r[0]: dict(zip(table[0], r, strict=True)) for r in table[1:]}
    assert by_name["Usaha 2"]["No. HP"] == "0812-3456-789x"  # as typed
    assert by_name["Usaha 2"]["Satuan"] == "'@pcs"  # a formula neutralised
    assert "No. HP" in by_name["Usaha 2"]["Alasan / Reason"]
    assert "Batik Lama" in by_name["Usaha 4"]["Alasan / Reason"]

    # Fixed (a good phone; the other is a different business) and imported again.
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.cell(row=2, column=HEADERS.index("No. HP") + 1, value="0812 0000 0002")
    workbook.save(path)
    before = list(Business.objects.order_by("pk").values())
    again = upload(client, path)
    assert [r.fate for r in again.context["plan"].rows] == ["new", "conflict"]
    assert not again.context["plan"].columns_undecided, again.context["plan"].column_match.undecided
    assert confirm(client, again, **{"conflict-3": "new"}).status_code == 302
    assert list(Business.objects.order_by("pk").values())[: len(before)] == before
    assert Business.objects.count() == 6
    assert Product.objects.count() == 5


@pytest.mark.parametrize("persona", ["field_officer"])
def test_error_file_for_the_office_staff_only(
    client_for, admin_user, request, persona, outsider, mixed_file, media
):
    dry = upload(client_for(admin_user), mixed_file)
    token = dry.context["token"]
    confirm(client_for(admin_user), dry, partial="on")
    errors_url = reverse("registry_io:job_errors", args=[SLUG, token])
    colleague = client_for(request.getfixturevalue(persona))
    assert colleague.get(job_url(token)).status_code == 200
    assert colleague.get(errors_url).status_code == 200
    stranger = client_for(outsider)
    assert stranger.get(job_url(token)).status_code == 404
    assert stranger.get(errors_url).status_code == 404
    other_slug = outsider.memberships.get().organisation.slug
    assert stranger.get(reverse("registry_io:job", args=[other_slug, token])).status_code == 404
    assert client_for(admin_user).get(job_url("0" * 32)).status_code == 404


def test_large_import_runs_as_a_background_task_with_progress(
    client_for, admin_user, product_groups, tmp_path, media, settings
):
    settings.KURASI_IMPORT_BACKGROUND_ROWS = 3
    rows = [producer(n) for n in range(1, 8)]
    client = client_for(admin_user)
    dry = upload(client, write_xlsx(tmp_path / "besar.xlsx", rows))

    response = confirm(client, dry)

    assert response.status_code == 302
    assert response.url == job_url(dry.context["token"])
    assert Business.objects.count() == 7  # the immediate backend ran the task
    assert Product.objects.count() == 7
    page = client.get(response.url)
    content = page.content.decode()
    assert 'id="job-done"' in content
    assert "hx-trigger" not in content
    panel = client.get(response.url, headers={"HX-Request": "true"})
    assert panel.content.decode().lstrip().startswith('<section id="job-panel"')
    assert AuditEvent.objects.filter(action="registry.imported").count() == 1
    assert list(media.rglob(dry.context["token"])) == []  # the kept upload is deleted
    # A second confirmation of the same file (a double click) starts nothing more.
    organisation = admin_user.memberships.get().organisation
    jobs.start(
        dry.context["token"], actor=admin_user, organisation=organisation, rows=7, options={}
    )
    assert pending.load_job(dry.context["token"], organisation=organisation)["status"] == "done"
    assert Business.objects.count() == 7


def test_progress_page_polls_while_the_job_runs(client_for, admin_user, media):
    organisation = admin_user.memberships.get().organisation
    token = "a" * 32
    pending.save_job(token, organisation=organisation, status="running", total=40000, done=12000)
    content = client_for(admin_user).get(job_url(token)).content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert 'value="12000" max="40000"' in content


def test_a_job_run_again_after_its_commit_writes_nothing_twice(
    client_for, admin_user, product_groups, tmp_path, media
):
    """A worker killed after the import's commit, before the job record said done: the task,
    queued again, finds its key in the task ledger, writes nothing and records the result."""
    from kurasi.registry.importer import run_import
    from kurasi.worker.effects import record_done

    organisation = admin_user.memberships.get().organisation
    rows = [*(producer(n) for n in range(1, 6)), producer(6, **{"No. HP": "0812-x"})]
    dry = upload(client_for(admin_user), write_xlsx(tmp_path / "besar.xlsx", rows))
    token = dry.context["token"]

    def first_run_progress(done, phase="checking"):
        if phase == "written":
            record_done(f"import:{token}")

    with pending.open_upload(token, organisation=organisation, user=admin_user) as handle:
        run_import(
            handle,
            actor=admin_user,
            organisation=organisation,
            partial=True,
            progress=first_run_progress,
        )
    pending.save_job(token, organisation=organisation, status="running", total=6, done=6)
    assert Business.objects.count() == 5

    jobs.run_job.call(
        organisation_id=organisation.pk,
        user_id=admin_user.pk,
        token=token,
        options={"partial": True, "choices": {}, "create_anyway": False},
        language="en",
    )

    assert Business.objects.count() == 5
    assert AuditEvent.objects.filter(action="registry.imported").count() == 1
    job = pending.load_job(token, organisation=organisation)
    assert (job["status"], job["recovered"], job["left_out"]) == ("done", True, 1)
    response = client_for(admin_user).get(reverse("registry_io:job_errors", args=[SLUG, token]))
    assert response.status_code == 200
