"""The central council evaluates a province's potential 5★ (D26 Điều 7.3e, 7.4). A member of the provincial council
who scored the product there may be put on the central council too: the decision bars no one (it has no rule on
conflicts of interest beyond Điều 4.2, "công khai, minh bạch, khách quan"; ocop-domain.md §7), so nothing is refused,
but the officer composing the central council sees who scored the product at the province: in the member picker, in
the assignment of the session's dossier, and in a warning when such a member is assigned. The member still declares
a conflict, and is recused, if there is one (services.conflicts)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import AgendaItem, Council, CouncilMember, CouncilSession

from .factories import forwarded_to_central

pytestmark = pytest.mark.django_db

WARNING = "đã chấm ở cấp tỉnh sản phẩm chờ Hội đồng trung ương: Sản phẩm 1"


def central_council():
    return Council.objects.create(
        level="central",
        unit=None,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp trung ương",
        decision_date=timezone.localdate(),
        quorum_numerator=5,
        quorum_denominator=7,
    )


def options(html: str) -> dict[str, str]:
    select = re.search(r'<select name="user".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select))


def test_the_member_picker_marks_who_scored_a_waiting_product_at_the_province(cast, login):
    forwarded_to_central(cast)  # scored at the province by the chair, cast.council_member and a third member
    council = central_council()
    client = login(cast.central_officer)
    labels = options(client.get(reverse("evaluation:council_detail", args=[council.pk])).content.decode())
    assert labels[str(cast.council_member.pk)].endswith(f"⚠ {WARNING}")
    assert labels[str(cast.council_chair.pk)].endswith(f"⚠ {WARNING}")
    assert WARNING not in labels[str(cast.advisory_member.pk)]
    # A warning, not a refusal: the ministry may still appoint them.
    url = reverse("evaluation:council_member_add", args=[council.pk])
    response = client.post(url, {"user": cast.council_member.pk, "role": "member", "agency": "Bộ Công Thương"})
    assert response.status_code == 302
    assert council.members.filter(user=cast.council_member).exists()


def test_a_provincial_councils_picker_warns_of_nothing(cast, login):
    s = forwarded_to_central(cast)
    html = login(cast.province_officer).get(reverse("evaluation:council_detail", args=[s.council.pk])).content
    assert "⚠" not in html.decode()


def test_the_session_shows_and_warns_of_the_member_who_scored_the_product_at_the_province(cast, login):
    s = forwarded_to_central(cast)
    council = central_council()
    scorer = CouncilMember.objects.create(council=council, user=cast.council_member, role="member")
    other = CouncilMember.objects.create(council=council, user=cast.advisory_member, role="chair")
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    client = login(cast.central_officer)
    response = client.post(
        reverse("evaluation:session_item_add", args=[session.pk]), {"registration": s.registration.pk}, follow=True
    )
    html = response.content.decode()
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Lưu ý: {cast.council_member} đã chấm sản phẩm “Sản phẩm 1” ở Hội đồng cấp tỉnh." in html
    item = AgendaItem.objects.get(session=session)
    assert f'id="scored-{item.pk}-{scorer.pk}" data-testid="scored-at-province"' in html
    assert f"Đã chấm sản phẩm này ở Hội đồng cấp tỉnh (ngày {day})" in html
    assert f'id="scored-{item.pk}-{other.pk}"' not in html
    response = client.post(
        reverse("evaluation:item_assign", args=[item.pk]), {"members": [scorer.pk, other.pk]}, follow=True
    )
    assert "Đã cập nhật phân công." in response.content.decode()
    assert f"Lưu ý: {cast.council_member} đã chấm sản phẩm" in response.content.decode()
    assert set(item.assignments.values_list("member_id", flat=True)) == {scorer.pk, other.pk}


def test_the_provincial_session_warns_of_nothing(cast, login):
    s = forwarded_to_central(cast)
    html = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[s.session.pk])).content
    assert 'data-testid="scored-at-province"' not in html.decode()


def test_the_member_who_scored_it_at_the_province_is_reminded_when_declaring(cast, login):
    s = forwarded_to_central(cast)
    council = central_council()
    scorer = CouncilMember.objects.create(council=council, user=cast.council_member, role="member")
    CouncilMember.objects.create(council=council, user=cast.advisory_member, role="chair")
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    login(cast.central_officer).post(
        reverse("evaluation:session_item_add", args=[session.pk]), {"registration": s.registration.pk}
    )
    item = AgendaItem.objects.get(session=session)
    assert item.assignments.filter(member=scorer).exists()
    page = login(cast.council_member).get(reverse("evaluation:sheet_edit", args=[item.pk])).content.decode()
    assert 'data-testid="scored-at-province"' in page and "Bạn đã chấm sản phẩm này ở Hội đồng cấp tỉnh" in page
    page = login(cast.advisory_member).get(reverse("evaluation:sheet_edit", args=[item.pk])).content.decode()
    assert 'data-testid="declare"' in page and 'data-testid="scored-at-province"' not in page
