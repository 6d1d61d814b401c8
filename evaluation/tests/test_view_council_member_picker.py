"""The council member picker (the council's "Thêm thành viên", and the session's roll and assignment): two officials
named "Nguyễn Văn A" could not be told apart, each shown by the bare name. Each candidate is shown with what
identifies them: the agency, the role (in the council, once a member), the unit, and as a last resort the e-mail
address. A refused member form comes back with its error beside it and what was chosen and typed kept."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import CouncilMember, CouncilSession
from evaluation.services.councils import session_add_registration
from ocop.testing import make_user

from .factories import make_council, make_registration, make_scorecard

pytestmark = pytest.mark.django_db


def namesakes(cast):
    """Two "Nguyễn Văn A" of different agencies, and two "Trần Thị B" alike in everything but the account."""
    return [
        make_user("nva_yte", "council_member", cast.province, full_name="Nguyễn Văn A", organisation="Sở Y tế"),
        make_user("nva_ct", "council_member", cast.province, full_name="Nguyễn Văn A", organisation="Sở Công Thương"),
        make_user("ttb1", "council_member", cast.province, full_name="Trần Thị B", organisation="Sở Tư pháp"),
        make_user("ttb2", "council_member", cast.province, full_name="Trần Thị B", organisation="Sở Tư pháp"),
    ]


def options(html: str) -> dict[str, str]:
    """{value: label} of the member form's user select."""
    select = re.search(r'<select name="user".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select))


def test_each_candidate_is_shown_with_their_agency_role_and_unit(cast, login):
    council = make_council(cast)
    nva_yte, nva_ct, ttb1, ttb2 = namesakes(cast)
    html = login(cast.province_officer).get(reverse("evaluation:council_detail", args=[council.pk])).content.decode()
    labels = options(html)
    assert labels[str(nva_yte.pk)] == "Nguyễn Văn A — Sở Y tế · Thành viên Hội đồng · Tỉnh Thử Nghiệm"
    assert labels[str(nva_ct.pk)] == "Nguyễn Văn A — Sở Công Thương · Thành viên Hội đồng · Tỉnh Thử Nghiệm"
    # Alike in everything shown: the e-mail address tells them apart.
    assert labels[str(ttb1.pk)].endswith("Sở Tư pháp · Thành viên Hội đồng · Tỉnh Thử Nghiệm · ttb1@example.test")
    assert labels[str(ttb2.pk)].endswith("· ttb2@example.test")
    assert len(set(labels.values())) == len(labels)


def test_the_sessions_roll_and_assignment_tell_members_apart(cast, login):
    council = make_council(cast)
    nva_yte, nva_ct, ttb1, ttb2 = namesakes(cast)
    for user, agency in [(nva_yte, "Sở Y tế"), (nva_ct, "Sở Công Thương"), (ttb1, "Sở Tư pháp"), (ttb2, "Sở Tư pháp")]:
        CouncilMember.objects.create(council=council, user=user, role="member", agency=agency)
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    card = make_scorecard()
    session_add_registration(session=session, registration=make_registration(cast, card), by=cast.province_officer)
    html = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    member = {m.user_id: m.pk for m in council.members.all()}
    for prefix in ("present", f"assign-{session.items.get().pk}"):
        labels = dict(re.findall(rf'<label class="form-check-label" for="{prefix}-(\d+)">([^<]*)</label>', html))
        assert labels[str(member[nva_yte.pk])] == "Nguyễn Văn A — Thành viên · Sở Y tế · Tỉnh Thử Nghiệm"
        assert labels[str(member[nva_ct.pk])] == "Nguyễn Văn A — Thành viên · Sở Công Thương · Tỉnh Thử Nghiệm"
        assert labels[str(member[ttb1.pk])].endswith("Sở Tư pháp · Tỉnh Thử Nghiệm · ttb1@example.test")
        assert len(set(labels.values())) == len(labels) == 6


def test_a_refused_member_comes_back_with_the_error_beside_it_and_what_was_typed(cast, login):
    """A second chair (the council has one): the page again, status 400, the choice and the agency kept."""
    council = make_council(cast)
    nva_yte, *_ = namesakes(cast)
    url = reverse("evaluation:council_member_add", args=[council.pk])
    response = login(cast.province_officer).post(url, {"user": nva_yte.pk, "role": "chair", "agency": "Sở Y tế tỉnh"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hội đồng chỉ có một Chủ tịch." in html
    assert re.search(rf'<option value="{nva_yte.pk}"[^>]*selected', html)
    assert re.search(r'<option value="chair"[^>]*selected', html)
    assert 'value="Sở Y tế tỉnh"' in html
    assert not council.members.filter(user=nva_yte).exists()


def test_a_member_form_without_a_person_says_so_beside_the_field(cast, login):
    council = make_council(cast)
    url = reverse("evaluation:council_member_add", args=[council.pk])
    response = login(cast.province_officer).post(url, {"role": "member", "agency": "Sở Văn hóa"})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="error_1_id_user"[^>]*>.*?Trường này là bắt buộc', html, re.S)
    assert 'value="Sở Văn hóa"' in html


def test_the_picker_is_the_managers_only(cast, login):
    council = make_council(cast)
    namesakes(cast)
    html = login(cast.council_chair).get(reverse("evaluation:council_detail", args=[council.pk])).content.decode()
    assert '<select name="user"' not in html
