"""The central level (D26 Điều 7.4): a province result of 90 or more goes to the central council, which scores it
again; ≥90 there is 5★ for the ministry, below 90 the province may recognise 3–4★ on the central result (7.4g)."""

import datetime

from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.services.decisions import eligible_results
from evaluation.choices import RegistrationStatus
from evaluation.models import Council, CouncilMember, CouncilResult, CouncilSession
from evaluation.services.councils import session_add_registration, session_set_attendance
from ocop.testing import make_user

from .factories_councils import setup_scoring, submit


def _forwarded(cast):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, c2=5)  # 100 at the province: potential 5★
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.FORWARDED_TO_CENTRAL
    return s


def _central_session(cast, s):
    council = Council.objects.create(
        level="central",
        unit=None,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp trung ương",
        decision_date=datetime.date(2026, 6, 1),
        quorum_numerator=5,
        quorum_denominator=7,
    )
    members = [
        CouncilMember.objects.create(
            council=council, user=make_user(f"tw{i}", "central_officer"), role="chair" if i == 0 else "member"
        )
        for i in range(5)
    ]
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    item = session_add_registration(session=session, registration=s.registration, by=cast.central_officer)
    session_set_attendance(session=session, present_member_ids={m.pk for m in members}, by=cast.central_officer)
    return item, members


def test_it_lets_the_central_council_score_a_forwarded_product_and_award_five_stars(cast):
    s = _forwarded(cast)
    item, members = _central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c2=2)  # 97
    result = CouncilResult.objects.get(item=item)
    assert (result.level, result.final_star, result.potential_five) == ("central", 5, False)
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.SCORED
    assert list(eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None)) == [result]


def test_it_lets_the_province_recognise_four_stars_when_the_central_result_is_below_90(cast):
    s = _forwarded(cast)
    item, members = _central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c1=15, c2=5)  # 85: 4★ at central
    result = CouncilResult.objects.get(item=item)
    assert (result.level, result.final_star) == ("central", 4)
    assert list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)) == [result]
    assert not eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None).exists()


def test_it_explains_the_province_fallback_on_the_central_result_page(cast, login):
    from django.urls import reverse

    s = _forwarded(cast)
    item, members = _central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c1=15, c2=5)
    page = login(cast.central_officer).get(reverse("evaluation:result_detail", args=[item.pk])).content.decode()
    assert 'data-testid="central-fallback"' in page and "Điều 7.4g" in page
