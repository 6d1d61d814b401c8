"""A certificate with a revocation already under way (a pending proposal, an open 15-day case) takes no second one:
the service refuses it. Found walking the demo: the certificate page still offered "Đề xuất thu hồi theo kết luận"
and "Xác nhận không còn sản xuất", whose forms were filled in only to be refused. The page offers the case instead,
and the forms' pages, opened from an old link, send the officer to what is under way."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services.revocations import certificate_revoke_propose
from supervision import services
from supervision.models import RevocationCase

from .factories import certificate_for

pytestmark = pytest.mark.django_db


def _stop_case(cast, certificate):
    return services.production_stop_confirm(
        certificate=certificate,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=1),
        document_number="3/XN-UBND",
    )


def _page(client, certificate) -> str:
    return client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()


def test_it_offers_the_open_case_instead_of_a_second_start(cast, login):
    certificate = certificate_for(cast)
    case = _stop_case(cast, certificate)
    for who in ("province_officer", "commune_officer"):
        html = _page(login(getattr(cast, who)), certificate)
        assert 'data-testid="agency-conclusion"' not in html
        assert 'data-testid="stop-confirm"' not in html
        assert reverse("supervision:case_detail", args=[case.pk]) in html
        assert 'data-testid="revocation-case"' in html


def test_it_offers_no_second_start_while_a_proposal_waits(cast, login):
    certificate = certificate_for(cast)
    certificate_revoke_propose(
        certificate=certificate,
        ground="d",
        detail="Nhãn OCOP sai.",
        by=cast.province_officer,
        inspection_concluded_on=certificate.issued_on,
    )
    html = _page(login(cast.province_officer), certificate)
    assert 'data-testid="agency-conclusion"' not in html and 'data-testid="stop-confirm"' not in html
    assert 'data-testid="ad-hoc-inspection"' in html  # an inspection is still the office's to open


def test_it_still_offers_the_starts_when_nothing_is_under_way(cast, login):
    certificate = certificate_for(cast)
    html = _page(login(cast.province_officer), certificate)
    assert 'data-testid="agency-conclusion"' in html and 'data-testid="stop-confirm"' in html
    assert 'data-testid="revocation-case"' not in html


def test_the_start_pages_send_an_old_link_to_what_is_under_way(cast, login):
    certificate = certificate_for(cast)
    case = _stop_case(cast, certificate)
    client = login(cast.province_officer)
    for name in ("supervision:agency_conclusion", "supervision:stop_confirm"):
        response = client.get(reverse(name, args=[certificate.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("supervision:case_detail", args=[case.pk])
        assert "đã có hồ sơ thu hồi đang theo dõi" in response.content.decode()
    assert RevocationCase.objects.count() == 1


def test_the_conclusion_page_sends_an_old_link_to_the_pending_proposal(cast, login):
    certificate = certificate_for(cast)
    certificate_revoke_propose(
        certificate=certificate,
        ground="d",
        detail="Nhãn OCOP sai.",
        by=cast.province_officer,
        inspection_concluded_on=certificate.issued_on,
    )
    response = login(cast.province_officer).get(reverse("supervision:agency_conclusion", args=[certificate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:certificate_detail", args=[certificate.pk])
