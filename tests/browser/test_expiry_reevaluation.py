"""The expiry watch in the browser: the nightly job flags a certificate, the producer sees it on the expiry list
with its window, and one click opens a re-evaluation dossier pre-filled from the last one."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import CertificateReevaluation
from certificates.services.expiry import certificates_flag_expiring
from certificates.tests.factories import make_certificate, make_product, make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_producer_starts_a_reevaluation_from_the_expiry_list(page, live_server, cast, sign_in):
    today = timezone.localdate()
    product = make_product(cast.producer, name="Mật ong rừng Hoà An")
    previous = make_registration(product, kind="first", status="decided")
    certificate = make_certificate(
        cast.producer, product=product, registration=previous, valid_until=today + datetime.timedelta(days=150)
    )
    certificates_flag_expiring(today=today)  # the nightly job: VALID → RENEWAL_WINDOW (d = 150)

    sign_in(page, cast.producer_owner)
    page.goto(f"{live_server.url}/certificates/expiry/")
    row = page.get_by_test_id("expiry-row").filter(has_text="Mật ong rừng Hoà An")
    assert "Trong thời hạn nộp hồ sơ đánh giá lại" in row.inner_text()
    start, end = today + datetime.timedelta(days=-30), today + datetime.timedelta(days=30)
    assert f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" in row.inner_text()

    row.get_by_test_id("start-reevaluation").click()
    page.wait_for_url(re.compile(r"/registrations/\d+/$"))
    expect(page.get_by_text("Đã lập hồ sơ đánh giá lại")).to_be_visible()
    link = CertificateReevaluation.objects.select_related("registration").get(certificate=certificate)
    assert page.url.endswith(f"/registrations/{link.registration.pk}/")
    assert link.registration.previous_id == previous.pk and link.registration.kind == "reevaluation"

    # Back on the list, the row now leads to the open dossier instead of starting another one, and says that it is
    # a draft the producer has still to file (it keeps nothing alive until then, Điều 12.3).
    page.goto(f"{live_server.url}/certificates/expiry/")
    row = page.get_by_test_id("expiry-row").filter(has_text="Mật ong rừng Hoà An")
    expect(row.get_by_role("link", name="Hồ sơ chưa nộp")).to_be_visible()
    assert row.get_by_test_id("start-reevaluation").count() == 0
