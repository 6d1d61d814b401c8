"""The certificate page offers one-click re-evaluation from the first day of the window (Điều 7.6a)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import make_certificate


def detail(c, certificate):
    return c.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()


@pytest.mark.django_db
def test_it_offers_reevaluation_to_the_producer_inside_the_window(cast, login):
    today = timezone.localdate()
    in_window = make_certificate(
        cast.producer, valid_until=today + datetime.timedelta(days=150), status="renewal_window"
    )
    too_early = make_certificate(cast.producer, valid_until=today + datetime.timedelta(days=181))
    c = login(cast.producer_owner)
    assert 'data-testid="start-reevaluation"' in detail(c, in_window)
    assert 'data-testid="start-reevaluation"' not in detail(c, too_early)


@pytest.mark.django_db
def test_it_hides_the_button_from_a_read_only_viewer(cast, login):
    today = timezone.localdate()
    certificate = make_certificate(cast.producer, valid_until=today + datetime.timedelta(days=20), status="expiring")
    assert 'data-testid="start-reevaluation"' not in detail(login(cast.viewer), certificate)
    cast.producer.members.clear()  # an officer files for a producer without an account (acts_for_producer)
    assert 'data-testid="start-reevaluation"' in detail(login(cast.commune_officer), certificate)


@pytest.mark.django_db
def test_a_refused_start_returns_to_the_certificate_with_the_reason(cast, login):
    certificate = make_certificate(cast.producer, valid_until=timezone.localdate() + datetime.timedelta(days=400))
    response = login(cast.producer_owner).post(
        reverse("certificates:certificate_start_reevaluation", args=[certificate.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("certificates:certificate_detail", args=[certificate.pk])
    assert response.context["messages"]


@pytest.mark.django_db
def test_after_the_window_the_page_does_not_say_a_filing_is_still_in_time(cast, login):
    """The stored status stays "renewal_window" until the last month; from 119 days before expiry a filing is late
    (Điều 7.6a, 12.3), so its label says the re-evaluation is due, not that the window is open."""
    late = make_certificate(
        cast.producer, valid_until=timezone.localdate() + datetime.timedelta(days=100), status="renewal_window"
    )
    for user in (cast.producer_owner, cast.province_officer):
        page = detail(login(user), late)
        assert "Đến kỳ đánh giá lại" in page and "Trong thời hạn nộp" not in page
