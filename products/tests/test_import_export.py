import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook

from ocop import xlsx as xlsx_module
from ocop.models import AuditEvent, BackgroundJob
from products import excel
from products.models import Producer, Product

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)

PRODUCER_HEADERS = [label for _k, label in excel.PRODUCER_COLUMNS]
PRODUCT_HEADERS = [label for _k, label in excel.PRODUCT_COLUMNS]


def xlsx(headers, rows, name="du-lieu.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=excel.XLSX)


def producer_row(name, tax_code="", commune="Xã Hoà An", kind="Hợp tác xã", **extra):
    values = {"tax_code": tax_code, "name": name, "kind": kind, "commune": commune, **extra}
    return [values.get(key, "") for key, _label in excel.PRODUCER_COLUMNS]


VALID_ROWS = [
    producer_row(
        "HTX Trần Phú",
        "0100109106",
        legal_rep_gender="Nam",
        legal_rep_disability="x",
        business_registration_date="15/03/2019",
        email="tranphu@htx.vn",
    ),
    producer_row(
        "Hộ kinh doanh Lò Văn A",
        "",
        commune="xa hoa an",
        kind="Hộ sản xuất, hộ gia đình có đăng ký kinh doanh",
        legal_rep_ethnicity="Tày",
    ),
]


def post_import(client, url_name, upload):
    return client.post(reverse(url_name), {"file": upload})


def test_it_imports_a_valid_producer_file(cast, login):
    response = post_import(login(cast.commune_officer), "products:producer_import", xlsx(PRODUCER_HEADERS, VALID_ROWS))
    assert response.status_code == 302
    tran_phu = Producer.objects.get(tax_code="0100109106")
    assert tran_phu.commune == cast.commune and tran_phu.legal_rep_gender == "male" and tran_phu.legal_rep_disability
    assert tran_phu.business_registration_date.isoformat() == "2019-03-15"
    household = Producer.objects.get(name="Hộ kinh doanh Lò Văn A")
    assert household.kind == "household" and household.tax_code is None
    assert AuditEvent.objects.filter(action="producer.create").count() == 2


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_same_file_imports_whatever_the_ui_language(cast, login, language):
    """The template and the export name the choices in Vietnamese ("Hợp tác xã", "Nam"): an officer working in
    English imports the same file (it was refused: the labels were compared in the UI's language only)."""
    client = login(cast.commune_officer)
    client.cookies["django_language"] = language
    response = post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, VALID_ROWS))
    assert response.status_code == 302
    tran_phu = Producer.objects.get(tax_code="0100109106")
    assert tran_phu.kind == "coop" and tran_phu.legal_rep_gender == "male"


def test_it_updates_instead_of_duplicating_on_reimport(cast, login):
    client = login(cast.commune_officer)
    post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, VALID_ROWS))
    changed = [producer_row("HTX Trần Phú (đổi tên)", "0100109106"), VALID_ROWS[1]]
    response = post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, changed))
    assert response.status_code == 302
    assert Producer.objects.filter(tax_code="0100109106").get().name == "HTX Trần Phú (đổi tên)"
    assert Producer.objects.filter(name="Hộ kinh doanh Lò Văn A").count() == 1
    # A row the file repeats as stored is counted as unchanged, not as an update ("6 cập nhật" for a file exported and
    # imported back untouched).
    assert [str(m) for m in response.wsgi_request._messages][-1] == "Đã nhập: 0 mới, 1 cập nhật, 1 không đổi."


def test_it_rejects_a_file_with_errors_and_writes_nothing(cast, login):
    rows = VALID_ROWS + [
        producer_row("HTX Sai Mã", "0100109107"),
        producer_row("", "", kind="Công ty lạ"),
        producer_row("HTX Xa", "0314409058", commune="Xã Xa Xôi"),
        producer_row("HTX Trùng", "0100109106"),
    ]
    client = login(cast.commune_officer)  # the sign-in is itself an audit event (issue 11.18): count after it
    before_producers, before_events = Producer.objects.count(), AuditEvent.objects.count()
    response = post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, rows))
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.context["result"]["errors"]}
    assert (4, "Mã số thuế") in errors  # wrong check digit
    assert (5, "Tên chủ thể") in errors and (5, "Loại hình") in errors
    assert (6, "Xã, phường") in errors  # outside the officer's commune
    assert (7, "Mã số thuế") in errors  # same tax code as row 2
    body = response.content.decode()
    assert "chữ số kiểm tra" in body and "Xã Xa Xôi" in body
    assert Producer.objects.count() == before_producers and AuditEvent.objects.count() == before_events


def test_it_rejects_a_tax_code_owned_outside_scope(cast, login):
    cast.other_producer_org.tax_code = "0314409058"
    cast.other_producer_org.save()
    response = post_import(
        login(cast.commune_officer),
        "products:producer_import",
        xlsx(PRODUCER_HEADERS, [producer_row("HTX Chiếm", "0314409058")]),
    )
    assert response.status_code == 400
    cast.other_producer_org.refresh_from_db()
    assert cast.other_producer_org.name == "HTX Hương Rừng"


def test_it_rejects_a_file_without_the_required_columns(cast, login):
    response = post_import(login(cast.commune_officer), "products:producer_import", xlsx(["Cột lạ"], [["x"]]))
    assert response.status_code == 200 and "thiếu cột" in response.content.decode()


@pytest.mark.parametrize("kind", ["producers", "products"])
def test_a_file_without_a_data_row_is_answered_next_to_the_field(cast, login, kind):
    """The template sent back as it came (or rows whose formulas were never calculated, read as blank) said
    "Đã nhập: 0 mới, 0 cập nhật." as if an import had happened."""
    client = login(cast.commune_officer)
    template = client.get(reverse("products:import_template", args=[kind])).content
    response = post_import(client, f"products:{kind[:-1]}_import", SimpleUploadedFile("mau.xlsx", template))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [xlsx_module.NO_DATA_ROWS]  # the file as a whole
    assert not AuditEvent.objects.filter(action=f"{kind}.import").exists()


def test_it_imports_products_idempotently(cast, login):
    client = login(cast.commune_officer)
    rows = [[cast.producer.tax_code, "", "Miến dong", 7, "Tài Hoan"], ["", "HTX Tài Hoan", "Mật ong", "4", ""]]
    response = post_import(client, "products:product_import", xlsx(PRODUCT_HEADERS[:5], rows))
    assert response.status_code == 302
    assert Product.objects.filter(producer=cast.producer).count() == 2
    rows[0][4] = "Tài Hoan Foods"
    post_import(client, "products:product_import", xlsx(PRODUCT_HEADERS[:5], rows))
    assert Product.objects.filter(producer=cast.producer).count() == 2
    assert Product.objects.get(name="Miến dong").brand == "Tài Hoan Foods"


def test_it_rejects_products_of_unknown_producers_and_sets(cast, login):
    rows = [
        [cast.producer.tax_code, "", "Miến dong", 7],
        ["0314409058", "", "Lạ", 7],
        [cast.producer.tax_code, "", "Chè", 99],
    ]
    response = post_import(login(cast.commune_officer), "products:product_import", xlsx(PRODUCT_HEADERS[:4], rows))
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.context["result"]["errors"]}
    assert errors == {(3, "Mã số thuế chủ thể"), (4, "Bộ sản phẩm")}
    assert not Product.objects.filter(name="Miến dong").exists()


@pytest.mark.parametrize("role,status", [("viewer", 403), ("producer_owner", 403), ("council_member", 403)])
def test_it_forbids_imports_to_non_officers(cast, login, role, status):
    response = post_import(login(getattr(cast, role)), "products:producer_import", xlsx(PRODUCER_HEADERS, VALID_ROWS))
    assert response.status_code == status
    assert not Producer.objects.filter(tax_code="0100109106").exists()


def test_it_runs_large_files_as_a_job_with_progress(cast, login, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(excel, "IMPORT_ASYNC_ROWS", 1)
    client = login(cast.commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, VALID_ROWS))
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("products:import_job_detail", args=[job.pk])
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["finished"] is True
    job.refresh_from_db()
    assert job.result["created"] == 2
    assert Producer.objects.filter(tax_code="0100109106").exists()
    page = client.get(response.url)
    assert page.status_code == 200 and "2 mới, 0 cập nhật, 0 không đổi" in page.content.decode()
    # another person cannot watch the job
    assert login(cast.province_officer).get(reverse("job_status", args=[job.pk])).status_code == 404
    assert login(cast.province_officer).get(response.url).status_code == 404


def test_an_import_whose_worker_died_is_run_again_once(cast, login, monkeypatch, settings):
    import datetime

    from django.utils import timezone

    from ocop.services import job_claim
    from products.imports import import_job_run, import_start

    monkeypatch.setattr(excel, "IMPORT_ASYNC_ROWS", 1)
    settings.OCOP_JOB_STALE_SECONDS = 60
    job, _ = import_start(kind="producers", upload=xlsx(PRODUCER_HEADERS, VALID_ROWS), by=cast.commune_officer)
    job_claim(job_id=job.pk)  # a worker claimed it and was killed before its transaction committed
    assert import_job_run(job_id=job.pk) is None  # a redelivery while the claim is fresh does nothing
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=2))
    finished = import_job_run(job_id=job.pk)
    assert finished.status == "done" and finished.attempts == 2 and finished.result["created"] == 2
    assert Producer.objects.filter(tax_code="0100109106").count() == 1
    assert import_job_run(job_id=job.pk) is None
    assert Producer.objects.filter(tax_code="0100109106").count() == 1


def test_it_reports_errors_of_a_large_file_in_its_job(cast, login, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(excel, "IMPORT_ASYNC_ROWS", 1)
    rows = VALID_ROWS + [producer_row("HTX Sai", "0100109107")]
    with django_capture_on_commit_callbacks(execute=True):
        post_import(login(cast.commune_officer), "products:producer_import", xlsx(PRODUCER_HEADERS, rows))
    job = BackgroundJob.objects.get()
    assert job.status == "failed" and job.result["errors"][0]["row"] == 4
    assert not Producer.objects.filter(tax_code="0100109106").exists()


def test_a_large_files_errors_are_in_the_language_of_the_person_who_asked(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker checks the rows with no request of its own: the messages must be the asker's to read."""
    monkeypatch.setattr(excel, "IMPORT_ASYNC_ROWS", 1)
    rows = VALID_ROWS + [producer_row("HTX Sai", "0100109107")]
    client = login(cast.commune_officer)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks() as callbacks:
        post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, rows))
    with translation.override("vi"):  # the worker's own language
        for callback in callbacks:
            callback()
    job = BackgroundJob.objects.get()
    with translation.override("en"):
        count = len(job.result["errors"])
        english = ngettext("Tệp có %(n)s lỗi; chưa nhập dòng nào.", "Tệp có %(n)s lỗi; chưa nhập dòng nào.", count) % {
            "n": count
        }
    assert job.status == "failed" and job.error == english
    message = job.result["errors"][0]["message"]
    assert message and not VIETNAMESE_LETTERS.search(message.replace("0100109107", ""))


def test_it_serves_templates_that_import_back_empty(cast, login):
    client = login(cast.commune_officer)
    for kind in ("producers", "products"):
        response = client.get(reverse("products:import_template", args=[kind]))
        assert response.status_code == 200 and response["Content-Type"] == excel.XLSX
        ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in ws[1]] == [label for _k, label in excel.columns(kind)]
    assert login(cast.producer_owner).get(reverse("products:import_template", args=["producers"])).status_code == 403


def test_it_exports_the_filtered_list_and_the_export_imports_back(cast, login):
    ProductFactory(producer=cast.producer, name="Miến dong", search_text="mien dong htx tai hoan")
    ProductFactory(producer=cast.producer, name="Mật ong", search_text="mat ong htx tai hoan")
    client = login(cast.commune_officer)
    response = client.get(reverse("products:product_export"), {"q": "mien"})
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "Miến dong"
    upload = SimpleUploadedFile("export.xlsx", response.content)
    assert post_import(client, "products:product_import", upload).status_code == 302
    assert Product.objects.filter(name="Miến dong").count() == 1
    producers = client.get(reverse("products:producer_export"))
    upload = SimpleUploadedFile("export.xlsx", producers.content)
    assert post_import(client, "products:producer_import", upload).status_code == 302
    assert Producer.objects.filter(name="HTX Tài Hoan").count() == 1


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read(cast, login):
    from ocop.testing import xlsx_unpacking_to
    from ocop.xlsx import MAX_UNPACKED_BYTES

    producers = Producer.objects.count()
    bomb = SimpleUploadedFile("bom.xlsx", xlsx_unpacking_to(MAX_UNPACKED_BYTES + 1), content_type=excel.XLSX)
    response = post_import(login(cast.commune_officer), "products:producer_import", bomb)
    assert response.status_code == 200  # the form again, with the message
    assert "quá lớn khi giải nén" in str(response.context["form"].errors)
    assert Producer.objects.count() == producers


def test_a_large_files_job_keeps_its_name_in_nfc(cast, monkeypatch):
    """The file's name shown on the job's page: NFC like every typed text, whatever the browser sent."""
    import unicodedata

    from products.imports import import_start

    monkeypatch.setattr(excel, "IMPORT_ASYNC_ROWS", 1)
    name = unicodedata.normalize("NFD", "Chủ thể xã Hoà An.xlsx")
    job, _ = import_start(
        kind="producers", upload=xlsx(PRODUCER_HEADERS, VALID_ROWS, name=name), by=cast.commune_officer
    )
    job.refresh_from_db()
    assert job.file_name == "Chủ thể xã Hoà An.xlsx"


@pytest.mark.parametrize("where", ["read", "write"])
def test_an_import_that_breaks_fails_its_job_instead_of_running_forever(cast, monkeypatch, settings, where):
    """A fault other than a row error (the database gone mid-import, the stored workbook unreadable) left the job
    RUNNING: its page said "đang chạy" forever and the five-minute sweep queued it again and again. It fails with
    the error, nothing is written, and the sweep leaves it alone."""
    import datetime

    from django.utils import timezone

    from ocop.services import jobs_requeue_stale
    from products import imports
    from products.imports import import_job_run, import_start

    monkeypatch.setattr(excel, "IMPORT_ASYNC_ROWS", 1)
    job, _ = import_start(kind="producers", upload=xlsx(PRODUCER_HEADERS, VALID_ROWS), by=cast.commune_officer)

    def broken(**kwargs):
        raise OSError("the database connection was lost")

    monkeypatch.setattr(
        excel if where == "read" else imports, "read_rows" if where == "read" else "import_apply", broken
    )
    with pytest.raises(OSError):
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "connection was lost" in job.error and job.finished_at is not None
    assert not Producer.objects.filter(tax_code="0100109106").exists()
    settings.OCOP_JOB_STALE_SECONDS = 60
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=10))
    assert jobs_requeue_stale() == 0
