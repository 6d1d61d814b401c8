"""The council's Quy chế on its secretary, on the council's page (views.councils.council_secretary_scores) and its
set-up form; and what the session's page and minutes show of it."""

import subprocess

import pytest
from django.urls import reverse

from evaluation.models import Council
from evaluation.models.councils import Assignment
from ocop.testing import make_user

from .factories import make_council, setup_scoring, submit

WITH_SECRETARY = (("council_third", "member"), ("council_secretary", "secretary"))


def change(council):
    return reverse("evaluation:council_secretary_scores", args=[council.pk])


def page(council):
    return reverse("evaluation:council_detail", args=[council.pk])


def test_the_office_stops_the_secretary_scoring_from_the_councils_page(cast, login):
    s = setup_scoring(cast, extra_members=WITH_SECRETARY)
    client = login(cast.province_officer)
    before = client.get(page(s.council)).content.decode()
    assert 'data-testid="secretary-form"' in before and "Thư ký là thành viên chấm điểm" in before
    response = client.post(change(s.council), {})  # the box unticked
    assert response.status_code == 302 and response["Location"] == page(s.council)
    assert Council.objects.get(pk=s.council.pk).secretary_scores is False
    assert not Assignment.objects.filter(item=s.item, member__role="secretary").exists()
    after = client.get(page(s.council)).content.decode()
    assert "Thư ký không chấm điểm: không được phân công" in after  # the message
    assert 'data-testid="secretary-scores">Thư ký không chấm điểm<' in after


def test_it_refuses_the_change_beside_the_field_once_a_sheet_is_in_and_keeps_what_was_chosen(cast, login):
    s = setup_scoring(cast, extra_members=WITH_SECRETARY)
    submit(s.item, s.member, s.card, take=False)
    client = login(cast.province_officer)
    shown = client.get(page(s.council)).content.decode()
    # Said before it is tried: the box and the button locked, and why.
    assert 'data-testid="secretary-refusal"' in shown and "đã có phiếu chấm được nộp" in shown
    response = client.post(change(s.council), {})  # tried anyway (a page opened before the sheet came in)
    assert response.status_code == 400
    form = response.context["secretary_form"]
    assert "đã có phiếu chấm được nộp" in form.errors["secretary_scores"][0]
    html = response.content.decode()
    field = html[html.index('id="id_secretary_scores"') - 200 : html.index('id="id_secretary_scores"') + 900]
    assert "checked" not in field and "is-invalid" in field  # what was chosen, with the error beside it
    assert Council.objects.get(pk=s.council.pk).secretary_scores is True


def test_the_council_is_set_up_with_the_secretary_scoring_unless_the_box_is_cleared(cast, login):
    client = login(cast.province_officer)
    form = client.get(reverse("evaluation:council_create")).context["form"]
    assert form["secretary_scores"].value() is True and "Quy chế" in str(form.fields["secretary_scores"].help_text)
    data = {
        "kind": "council",
        "level": "province",
        "name": "Hội đồng OCOP tỉnh 2026",
        "quorum_numerator": 5,  # more than the denominator: refused
        "quorum_denominator": 4,
        "max_spread": "10",
        "aggregation": "mean",
    }
    response = client.post(reverse("evaluation:council_create"), data)
    assert response.status_code == 200 and response.context["form"]["secretary_scores"].value() is False
    response = client.post(reverse("evaluation:council_create"), data | {"quorum_numerator": 3})
    assert response.status_code == 302
    assert Council.objects.get(name="Hội đồng OCOP tỉnh 2026").secretary_scores is False


def test_the_session_page_lists_a_secretary_who_does_not_score_without_a_sheet_to_open(cast, login):
    s = setup_scoring(cast, extra_members=WITH_SECRETARY, secretary_scores=False)
    secretary = login(s.council.members.get(role="secretary").user)
    html = secretary.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert 'data-testid="secretary-not-scoring"' in html and 'data-testid="open-sheet"' not in html
    assert "Lưu phân công" in html  # the secretary still runs the session
    chair = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert 'data-testid="open-sheet"' in chair
    assert "3 thành viên chấm / cần 3 (trên 3)" in " ".join(chair.split())


def test_the_minutes_say_whether_the_secretary_scored(cast, login):
    s = setup_scoring(cast, extra_members=WITH_SECRETARY, secretary_scores=False)
    for member in s.members:
        if member.role != "secretary":
            submit(s.item, member, s.card)
    response = login(cast.province_officer).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Thư ký không chấm điểm, không tính vào túc số." in text
    assert "Thành viên tham gia chấm: 3 (túc số cần 3)." in text


@pytest.mark.parametrize(
    "who,status",
    [
        ("province_officer", 302),  # the office that manages the council
        ("central_officer", 302),  # the ministry manages every council
        ("viewer", 403),  # reads the council, changes nothing
        ("council_chair", 403),  # runs its sessions, not its Quy chế
        ("council_member", 403),
        ("outsider", 404),  # another province's officer
        ("producer_owner", 404),
    ],
)
def test_only_the_office_changes_it(cast, login, who, status):
    council = make_council(cast)
    response = login(getattr(cast, who)).post(change(council), {"secretary_scores": "on"})
    assert response.status_code == status


def test_it_answers_404_for_a_lone_member_a_missing_council_or_an_advisory_team_and_405_to_a_get(cast, login):
    council = make_council(cast)
    lone = make_user("lone_member", "council_member", cast.province)
    assert login(lone).post(change(council), {}).status_code == 404
    client = login(cast.province_officer)
    assert client.post(reverse("evaluation:council_secretary_scores", args=[99999]), {}).status_code == 404
    team = Council.objects.create(kind="advisory", level="province", unit=cast.province, name="Tổ tư vấn")
    assert client.post(change(team), {}).status_code == 404
    assert 'data-testid="secretary-form"' not in client.get(page(team)).content.decode()
    assert client.get(change(council)).status_code == 405


def test_the_pages_with_the_setting_pass_the_html_checker(cast, login):
    from tests.markup.checker import assert_valid

    s = setup_scoring(cast, extra_members=WITH_SECRETARY, secretary_scores=False)
    client = login(cast.province_officer)
    pages = {"council": client.get(page(s.council)).content.decode()}
    pages["session"] = client.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    submit(s.item, s.member, s.card, take=False)
    pages["council locked"] = client.get(page(s.council)).content.decode()
    pages["refused"] = client.post(change(s.council), {"secretary_scores": "on"}).content.decode()
    assert_valid(pages)
