from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from certificates import pdf as certificate_pdf
from certificates.models import CertificatePdf
from certificates.tests.factories import CertificateFactory, issued_decision, result_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province,
            by=cast.province_officer,
            results=[result_for(cast.producer, name="Miến dong Bình Liêu")],
        )
    c = decision.certificates.get()
    c.refresh_from_db()
    return c


def url(c):
    return reverse("certificates:certificate_download", args=[c.pk])


def _body(response):
    return b"".join(response.streaming_content)


def test_the_producer_downloads_their_stored_certificate(login, cast, certificate):
    response = login(cast.producer_owner).get(url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = _body(response)
    assert body.startswith(b"%PDF-")
    with certificate.pdf.open("rb") as handle:
        assert body == handle.read()


def test_the_pdf_is_sent_as_stored_to_a_browser_that_accepts_gzip(login, cast, certificate):
    response = login(cast.producer_owner).get(url(certificate), HTTP_ACCEPT_ENCODING="gzip, br")
    assert not response.has_header("Content-Encoding")  # a PDF is compressed inside already
    body = _body(response)
    assert body.startswith(b"%PDF-") and int(response["Content-Length"]) == len(body)


def test_a_second_download_does_not_render_again(login, cast, certificate):
    client = login(cast.producer_owner)
    with mock.patch.object(
        certificate_pdf, "render_certificate_pdf", wraps=certificate_pdf.render_certificate_pdf
    ) as render:
        first = _body(client.get(url(certificate)))
        second = _body(client.get(url(certificate)))
    render.assert_not_called()
    assert first == second
    assert CertificatePdf.objects.filter(certificate=certificate).count() == 1


def test_a_certificate_whose_task_has_not_run_is_rendered_once_on_first_download(login, cast):
    product = result_for(cast.producer).registration.product
    c = CertificateFactory(product=product)
    client = login(cast.producer_owner)
    with mock.patch.object(
        certificate_pdf, "render_certificate_pdf", wraps=certificate_pdf.render_certificate_pdf
    ) as render:
        first = _body(client.get(url(c)))
        second = _body(client.get(url(c)))
    assert render.call_count == 1
    assert first == second and first.startswith(b"%PDF-")


def test_a_scan_is_served_as_recorded(login, cast):
    product = result_for(cast.producer).registration.product
    c = CertificateFactory(product=product, is_historic=True)
    c.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    with mock.patch.object(certificate_pdf, "render_certificate_pdf") as render:
        body = _body(login(cast.producer_owner).get(url(c)))
    render.assert_not_called()
    assert body == b"%PDF-1.4 scan"


@pytest.mark.parametrize("role", ["commune_officer", "province_officer", "central_officer", "viewer"])
def test_officers_in_scope_download(login, cast, certificate, role):
    assert login(getattr(cast, role)).get(url(certificate)).status_code == 200


@pytest.mark.parametrize("role", ["other_producer", "outsider", "other_commune_officer"])
def test_others_get_404(login, cast, certificate, role):
    assert login(getattr(cast, role)).get(url(certificate)).status_code == 404


def test_anonymous_is_sent_to_login(client, certificate):
    response = client.get(url(certificate))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_is_405(login, cast, certificate):
    assert login(cast.producer_owner).post(url(certificate)).status_code == 405


def test_a_missing_id_is_404(login, cast):
    assert (
        login(cast.province_officer).get(reverse("certificates:certificate_download", args=[999999])).status_code == 404
    )


def test_behind_nginx_the_stored_pdf_is_sent_by_the_proxy(login, cast, certificate, settings):
    """OCOP_SENDFILE=x-accel: no body from Python, the proxy's internal location serves the stored bytes."""
    settings.OCOP_SENDFILE = "x-accel"
    response = login(cast.producer_owner).get(url(certificate))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + certificate.pdf.name
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert response["X-Content-SHA256"] == certificate.pdf_sha256


def test_behind_apache_the_stored_pdf_is_named_by_its_path(login, cast, certificate, settings):
    settings.OCOP_SENDFILE = "x-sendfile"
    response = login(cast.producer_owner).get(url(certificate))
    assert response["X-Sendfile"] == certificate.pdf.path and response.content == b""


def _signed(settings):
    settings.OCOP_SENDFILE = "secure-link"
    settings.OCOP_SECURE_LINK_SECRET = "k" * 40


def test_with_signed_links_the_pages_link_the_stored_file_for_the_viewers_session(login, cast, certificate, settings):
    """OCOP_SENDFILE=secure-link: the list and the certificate's page link the file itself, signed for this session
    (nginx checks it: tests/integration/test_secure_link_nginx.py); the download view sends old links there."""
    import base64
    import hashlib
    import re

    _signed(settings)
    client = login(cast.producer_owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    listing = client.get(reverse("certificates:certificate_list")).content.decode()
    link = re.search(r'href="(/signed-media/[^"]+)"', listing).group(1).replace("&amp;", "&")
    path, query = link.split("?")
    args = dict(pair.split("=") for pair in query.split("&"))
    assert path == "/signed-media/" + certificate.pdf.name
    assert args["name"] == f"giay-chung-nhan-{certificate.number}.pdf".replace("/", "-").replace("Đ", "D")
    signed = f"{args['expires']}{path}{args['name']}{session} {'k' * 40}".encode()
    assert args["md5"] == base64.urlsafe_b64encode(hashlib.md5(signed).digest()).decode().rstrip("=")
    detail = client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()
    assert 'href="/signed-media/' in detail
    response = client.get(url(certificate))
    assert response.status_code == 302 and response["Location"].startswith("/signed-media/" + certificate.pdf.name)


def test_with_signed_links_a_revoked_certificate_still_goes_through_the_view(login, cast, certificate, settings):
    from certificates.models import Certificate

    _signed(settings)
    Certificate.objects.filter(pk=certificate.pk).update(status="revoked")
    client = login(cast.producer_owner)
    listing = client.get(reverse("certificates:certificate_list")).content.decode()
    assert "/signed-media/" not in listing and url(certificate) in listing  # the marked copy is made by the view
