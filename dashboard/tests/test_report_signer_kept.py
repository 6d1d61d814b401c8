"""Who signed an office's periodic report is offered on its next print (ReportSigner): the report's PDF asked its
signer's title and name and kept neither, so every print asked again. Kept per office (the province, the commune, the
ministry for the national report), whoever of its officers printed it; another office's print leaves it alone."""

import pytest
from django.urls import reverse

from dashboard.models import ReportSigner
from dashboard.tests.test_report import URL, build
from ocop.testing import make_user

pytestmark = pytest.mark.django_db

SIGNER = {"signer_title": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn An"}
REPORT = {"period": "year", "year": 2026}


def _offered(client, **extra) -> dict:
    form = client.get(URL, {**REPORT, **extra}).context["signer_form"]
    return {name: form[name].value() for name in ("signer_title", "signer_name")}


def test_the_next_print_of_the_office_s_report_offers_its_last_signer(cast, login):
    build(cast)
    client = login(cast.province_officer)
    assert _offered(client) == {"signer_title": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "signer_name": ""}
    assert client.get(URL, {**REPORT, "format": "pdf", **SIGNER}).status_code == 200
    assert _offered(client) == SIGNER
    page = client.get(URL, REPORT).content.decode()
    assert f'value="{SIGNER["signer_name"]}"' in page and f'value="{SIGNER["signer_title"]}"' in page
    # Another officer of the same province is offered the same signer: it is the office's, not the officer's.
    colleague = make_user("province_officer_2", cast.province_officer.role, cast.province_officer.unit)
    assert _offered(login(colleague)) == SIGNER
    # A later print with another signer replaces it: one row per office.
    other = {"signer_title": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "signer_name": "Trần Thị Bình"}
    client.get(URL, {**REPORT, "format": "pdf", **other})
    assert _offered(login(colleague)) == other
    assert ReportSigner.objects.count() == 1


def test_each_office_keeps_its_own(cast, login):
    build(cast)
    login(cast.province_officer).get(URL, {**REPORT, "format": "pdf", **SIGNER})
    commune = {"signer_title": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "signer_name": "Lê Văn Xã"}
    login(cast.commune_officer).get(URL, {**REPORT, "format": "pdf", **commune})
    assert _offered(login(cast.commune_officer)) == commune
    assert _offered(login(cast.other_commune_officer)) == {
        "signer_title": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
        "signer_name": "",
    }
    assert _offered(login(cast.outsider)) == {"signer_title": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "signer_name": ""}
    ministry = {"signer_title": "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "signer_name": "Phạm Văn Bộ"}
    central = login(cast.central_officer)
    central.get(URL, {**REPORT, "format": "pdf", **ministry})
    assert _offered(central) == ministry
    # The ministry narrowing the report to the province prints the province's report: its signer is the province's.
    assert _offered(central, province=cast.province.pk) == SIGNER
    assert _offered(login(cast.province_officer)) == SIGNER


def test_a_refused_signer_is_not_kept(cast, login):
    build(cast)
    client = login(cast.province_officer)
    client.get(URL, {**REPORT, "format": "pdf", **SIGNER})
    bad = {"signer_title": "KT. CHỦ TỊCH", "signer_name": "Nguyễn Văn 4n"}
    assert client.get(URL, {**REPORT, "format": "pdf", **bad}).status_code == 400
    assert _offered(client) == SIGNER


def test_a_report_built_in_the_background_keeps_its_signer_too(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("dashboard.reports.REPORT_ASYNC_ROWS", 2)
    build(cast)
    client = login(cast.central_officer)
    ministry = {"signer_title": "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "signer_name": "Phạm Văn Bộ"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard_report_job_create"), {**REPORT, "format": "pdf", **ministry})
    assert response.status_code == 302
    assert _offered(client) == ministry


def test_a_viewer_s_print_is_signed_as_typed_but_keeps_the_office_s_signer(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    """A read-only user writes nothing: the viewer's PDF carries the signer they typed, the province's remembered
    signer stays its officer's (the print used to overwrite it), on the page and in the background alike."""
    from dashboard.tests.test_report_signer import _lines

    build(cast)
    login(cast.province_officer).get(URL, {**REPORT, "format": "pdf", **SIGNER})
    kept = ReportSigner.objects.get()
    assert (kept.unit_id, kept.signer_name, kept.updated_by) == (
        cast.province.pk,
        "Nguyễn Văn An",
        cast.province_officer,
    )
    viewer = login(cast.viewer)
    typed = {"signer_title": "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", "signer_name": "Đỗ Thị Xem"}
    response = viewer.get(URL, {**REPORT, "format": "pdf", **typed})
    assert response.status_code == 200 and "Đỗ Thị Xem" in _lines(response.content)
    monkeypatch.setattr("dashboard.reports.REPORT_ASYNC_ROWS", 2)
    with django_capture_on_commit_callbacks(execute=True):
        job = viewer.post(reverse("dashboard_report_job_create"), {**REPORT, "format": "pdf", **typed})
    assert job.status_code == 302
    assert list(ReportSigner.objects.values_list("unit_id", "signer_title", "signer_name", "updated_by")) == [
        (cast.province.pk, SIGNER["signer_title"], SIGNER["signer_name"], cast.province_officer.pk)
    ]
    assert _offered(viewer) == SIGNER and _offered(login(cast.province_officer)) == SIGNER


def test_a_viewer_s_print_creates_no_signer_either(cast, login):
    build(cast)
    response = login(cast.viewer).get(URL, {**REPORT, "format": "pdf", **SIGNER})
    assert response.status_code == 200 and not ReportSigner.objects.exists()


def test_the_ministry_printing_a_province_s_report_leaves_the_province_s_signer(cast, login):
    build(cast)
    login(cast.province_officer).get(URL, {**REPORT, "format": "pdf", **SIGNER})
    ministry = {"signer_title": "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "signer_name": "Phạm Văn Bộ"}
    central = login(cast.central_officer)
    assert central.get(URL, {**REPORT, "province": cast.province.pk, "format": "pdf", **ministry}).status_code == 200
    assert _offered(login(cast.province_officer)) == SIGNER
    assert ReportSigner.objects.get().signer_name == SIGNER["signer_name"]


@pytest.mark.parametrize(
    "who,office,may",
    [
        ("province_officer", "province", True),
        ("commune_officer", "commune", True),
        ("central_officer", None, True),
        ("admin", None, True),
        ("viewer", "province", False),
        ("viewer", None, False),
        ("outsider", "province", False),
        ("other_commune_officer", "commune", False),
        ("central_officer", "province", False),
        ("province_officer", None, False),
        ("council_member", "province", False),
        ("producer_owner", None, False),
    ],
)
def test_who_may_set_an_office_s_signer(cast, who, office, may):
    from dashboard.permissions import can_remember_report_signer

    office_id = getattr(cast, office).pk if office else None
    assert can_remember_report_signer(getattr(cast, who), office_id) is may
