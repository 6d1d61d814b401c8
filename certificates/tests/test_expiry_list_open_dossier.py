"""The expiry list does not offer "Đăng ký đánh giá lại" for a product whose dossier is already in progress; it
links that dossier, and the one-click start returns it instead of a second one (issue 12 item 15)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificate_start_reevaluation
from dashboard.selectors import home_panels
from evaluation.models import Registration
from evaluation.tests.factories import criteria_version

from .factories import make_certificate, make_product, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(cast):
    criteria_version()
    product = make_product(cast.producer)
    return make_certificate(
        cast.producer,
        product=product,
        registration=make_registration(product, status="decided"),
        status=S.EXPIRING,
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )


def test_it_links_the_dossier_in_progress_instead_of_offering_a_new_one(login, cast, expiring):
    in_progress = make_registration(expiring.product, kind="reevaluation", status="submitted")
    page = login(cast.producer_owner).get(reverse("certificates:expiry_list")).content.decode()
    assert 'data-testid="start-reevaluation"' not in page
    assert reverse("evaluation:registration_detail", args=[in_progress.pk]) in page
    assert "Hồ sơ đang xử lý" in page


def test_without_a_dossier_in_progress_it_offers_the_reevaluation(login, cast, expiring):
    make_registration(expiring.product, status="rejected")  # closed: does not count
    page = login(cast.producer_owner).get(reverse("certificates:expiry_list")).content.decode()
    assert 'data-testid="start-reevaluation"' in page


def test_starting_returns_the_dossier_in_progress(cast, expiring):
    in_progress = make_registration(expiring.product, kind="reevaluation", status="draft")
    assert certificate_start_reevaluation(certificate=expiring, by=cast.producer_owner) == in_progress
    assert Registration.objects.filter(product=expiring.product).exclude(status="decided").count() == 1


def test_the_certificate_page_links_the_dossier_in_progress_too(login, cast, expiring):
    in_progress = make_registration(expiring.product, kind="reevaluation", status="draft")
    url = reverse("certificates:certificate_detail", args=[expiring.pk])
    page = login(cast.producer_owner).get(url).content.decode()
    assert 'data-testid="start-reevaluation"' not in page
    assert reverse("evaluation:registration_detail", args=[in_progress.pk]) in page
    assert "Hồ sơ chưa nộp" in page and "Hồ sơ đang xử lý" not in page  # a draft, not filed yet
    in_progress.status = "submitted"
    in_progress.save(update_fields=["status"])
    assert "Hồ sơ đang xử lý" in login(cast.producer_owner).get(url).content.decode()
    in_progress.status = "withdrawn"
    in_progress.save(update_fields=["status"])
    assert 'data-testid="start-reevaluation"' in login(cast.producer_owner).get(url).content.decode()


def _numbers(response) -> list[str]:
    return sorted(c.number for c in response.context["page"].object_list)


def test_the_list_tells_the_certificates_with_a_dossier_in_progress_from_those_without(login, cast, expiring):
    # An officer calling the producers who have not filed yet lists those alone (and exports them).
    other = make_certificate(cast.producer, status=S.EXPIRING, valid_until=expiring.valid_until)
    make_registration(expiring.product, kind="reevaluation", status="submitted")
    make_registration(other.product, status="rejected")  # closed: not in progress
    client = login(cast.commune_officer)
    url = reverse("certificates:expiry_list")
    assert _numbers(client.get(url, {"dossier": "true"})) == [expiring.number]
    assert _numbers(client.get(url, {"dossier": "false"})) == [other.number]
    assert _numbers(client.get(url)) == sorted([expiring.number, other.number])
    export = client.get(reverse("certificates:expiry_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    header, *rows = sheet.values
    column = header.index("Đã nộp hồ sơ")
    assert {row[0]: row[column] for row in rows} == {expiring.number: "Có", other.number: "Chưa"}


def test_the_home_counts_the_certificates_in_the_window_with_no_dossier_filed_yet(login, cast):
    # The officers' home counts what is left to do: the certificates whose window is open and whose producer has
    # filed no dossier; the count opens those rows. A draft is not filed: the producer is still reminded to file, so
    # the office keeps chasing it (it counted as done, and a product with a draft lapsed off the office's list). A
    # dossier filed and returned to complete is filed (its row says so: its filing day is its first submission,
    # Điều 7.6a, and it keeps the certificate alive after the expiry, Điều 12.3: a return is not the decision;
    # test_expiry_extension_returned, test_expiry_filed_one_rule).
    criteria_version()
    in_window = timezone.localdate() + datetime.timedelta(days=150)
    filed, drafted, returned, untouched = (
        make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=in_window) for _ in "abcd"
    )
    make_registration(filed.product, kind="reevaluation", status="submitted")
    make_registration(drafted.product, kind="reevaluation", status="draft")
    make_registration(returned.product, kind="reevaluation", status="returned")
    panel = home_panels(user=cast.commune_officer)["certificates_in_window"]
    assert panel["count"] == 2
    page = login(cast.commune_officer).get(panel["url"])
    assert _numbers(page) == sorted([drafted.number, untouched.number])
    # Their rows link the dossier not filed, as such (the draft); no second re-evaluation is offered for it.
    body = page.content.decode()
    assert body.count("Hồ sơ chưa nộp") == 1 and "Hồ sơ đang xử lý" not in body
    # The returned one is among the filed, its row linking the dossier to complete.
    filed_page = login(cast.commune_officer).get(reverse("certificates:expiry_list"), {"dossier": "true"})
    assert _numbers(filed_page) == sorted([filed.number, returned.number])
    assert filed_page.content.decode().count("Hồ sơ chờ hoàn thiện") == 1


def test_a_draft_is_not_a_filed_dossier_for_the_list_the_export_or_the_extension(login, cast, expiring):
    """The one rule: the filter, the export and the extension of Điều 12.3 agree on what "filed" means."""
    from evaluation.selectors.reevaluation import reevaluation_pending

    draft = make_registration(expiring.product, kind="reevaluation", status="draft")
    client = login(cast.commune_officer)
    url = reverse("certificates:expiry_list")
    assert _numbers(client.get(url, {"dossier": "false"})) == [expiring.number]
    assert not reevaluation_pending(expiring.product_id, expiring.valid_until)
    sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
    header, row = sheet.values
    assert row[header.index("Đã nộp hồ sơ")] == "Chưa nộp (hồ sơ nháp)"
    draft.status, draft.submitted_at, draft.first_submitted_at = "submitted", *[timezone.now()] * 2
    draft.save(update_fields=["status", "submitted_at", "first_submitted_at"])
    assert _numbers(client.get(url, {"dossier": "true"})) == [expiring.number]
    assert reevaluation_pending(expiring.product_id, expiring.valid_until)


def test_an_empty_filtered_list_says_so_rather_than_that_nothing_expires(login, cast, expiring):
    client = login(cast.commune_officer)
    url = reverse("certificates:expiry_list")
    filtered = client.get(url, {"dossier": "true"}).content.decode()
    assert "Không có giấy chứng nhận nào phù hợp bộ lọc." in filtered and "nào sắp hết hạn" not in filtered
    assert "Không có giấy chứng nhận nào sắp hết hạn." not in client.get(url).content.decode()  # the one row
