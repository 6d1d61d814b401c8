"""Two officers correcting one certificate at once. The correction page sent back all four printed fields as it had
shown them, and the service wrote each that differed from the record: a second officer correcting the address put
back the misspelt name the first had just corrected, and a new PDF was printed with it. Now only the fields the
officer changed on the page are written, and one the other officer corrected meanwhile is refused next to it."""

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificatePdf
from certificates.services.certificates import certificate_correct
from certificates.tests.factories import issued_decision, result_for
from ocop.testing import form_as_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast, django_capture_on_commit_callbacks):
    result = result_for(cast.producer, name="Miến dong Binh Lieu")
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    return decision.certificates.get()


@pytest.fixture
def page(cast, certificate, client):
    """The provincial officer opens the correction page: what their browser would send from it unchanged."""
    client.force_login(cast.province_officer)
    url = reverse("certificates:certificate_correct", args=[certificate.pk])
    return url, form_as_shown(client.get(url))


def _corrected_meanwhile(certificate, by, **fields):
    certificate_correct(certificate=certificate, reason="Sai chính tả", by=by, **fields)


def test_a_correction_keeps_the_name_another_officer_corrected_meanwhile(
    cast, certificate, client, page, django_capture_on_commit_callbacks
):
    url, data = page
    _corrected_meanwhile(certificate, cast.admin, product_name="Miến dong Bình Liêu")
    data |= {"producer_address": "Thôn Nà Khương, xã Côn Minh", "reason": "Sai địa chỉ"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.product_name == "Miến dong Bình Liêu"  # before: put back to "Binh Lieu"
    assert certificate.producer_address == "Thôn Nà Khương, xã Côn Minh"
    assert CertificatePdf.objects.filter(certificate=certificate).count() == 2  # v1, then this officer's v2


def test_the_same_field_corrected_by_two_is_refused_then_saved_on_purpose(cast, certificate, client, page):
    url, data = page
    _corrected_meanwhile(certificate, cast.admin, product_name="Miến dong Bình Liêu")
    data |= {"product_name": "Miến dong Bình Liêu Quảng Ninh", "reason": "Thiếu địa danh"}
    response = client.post(url, data)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["product_name"])
    assert "“Miến dong Bình Liêu”" in message and str(cast.admin) in message, message
    assert Certificate.objects.get(pk=certificate.pk).product_name == "Miến dong Bình Liêu"
    again = form_as_shown(response)
    assert (again["product_name"], again["reason"]) == ("Miến dong Bình Liêu Quảng Ninh", "Thiếu địa danh")
    assert client.post(url, again).status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).product_name == "Miến dong Bình Liêu Quảng Ninh"


def test_a_page_that_changed_nothing_says_so(certificate, client, page):
    url, data = page
    response = client.post(url, {**data, "reason": "Không rõ"})
    assert response.status_code == 200
    assert "Không có nội dung nào thay đổi." in response.context["form"].non_field_errors()
