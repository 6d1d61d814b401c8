"""The council's Quy chế settings on its page (views.councils.council_rules): changed by the office, refused beside
each field while dossiers are being scored, with what was typed kept."""

import pytest
from django.urls import reverse

from evaluation.models import Council

from .factories import make_council, setup_scoring, submit

RULES = {
    "quorum_numerator": "2",
    "quorum_denominator": "3",
    "chair_required": "on",
    "max_spread": "8",
    "aggregation": "mean",
}


def change(council):
    return reverse("evaluation:council_rules", args=[council.pk])


def page(council):
    return reverse("evaluation:council_detail", args=[council.pk])


def field_html(html, name):
    at = html.index(f'id="id_{name}"')
    return html[at - 300 : at + 700]


def test_the_office_changes_the_quorum_and_the_spread_from_the_councils_page(cast, login):
    council = make_council(cast)
    client = login(cast.province_officer)
    before = client.get(page(council)).content.decode()
    assert 'data-testid="rules-form"' in before and 'data-testid="rules-refusal"' not in before
    response = client.post(change(council), RULES)
    assert response.status_code == 302 and response["Location"] == page(council)
    council.refresh_from_db()
    assert (council.quorum_numerator, council.quorum_denominator, str(council.max_spread)) == (2, 3, "8.00")
    after = " ".join(client.get(page(council)).content.decode().split())
    assert "Túc số: ≥ 2/3 số thành viên" in after and "Đã lưu Quy chế của Hội đồng" in after


def test_it_refuses_beside_each_field_once_a_sheet_is_in_and_keeps_what_was_typed(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.member, s.card, take=False)
    client = login(cast.province_officer)
    shown = client.get(page(s.council)).content.decode()
    # Said before it is tried: the fields and the button locked, and why.
    assert 'data-testid="rules-refusal"' in shown and "đã có phiếu chấm được nộp" in shown
    assert "disabled" in field_html(shown, "quorum_numerator")
    response = client.post(change(s.council), RULES | {"quorum_numerator": "3", "quorum_denominator": "5"})
    assert response.status_code == 400
    form = response.context["rules_form"]
    assert set(form.errors) == {"quorum_denominator", "max_spread"}  # what changed; 3 and the chair did not
    assert "đã có phiếu chấm được nộp" in form.errors["max_spread"][0]
    html = response.content.decode()
    assert 'value="5"' in field_html(html, "quorum_denominator") and "is-invalid" in field_html(
        html, "quorum_denominator"
    )
    assert 'value="8"' in field_html(html, "max_spread")
    council = Council.objects.get(pk=s.council.pk)
    assert (council.quorum_denominator, str(council.max_spread)) == (4, "10.00")


def test_bad_values_are_refused_beside_their_fields(cast, login):
    council = make_council(cast)
    response = login(cast.province_officer).post(
        change(council), RULES | {"quorum_numerator": "5", "quorum_denominator": "4", "max_spread": "-1"}
    )
    assert response.status_code == 400
    errors = response.context["rules_form"].errors
    assert "max_spread" in errors
    response = login(cast.province_officer).post(
        change(council), RULES | {"quorum_numerator": "5", "quorum_denominator": "4"}
    )
    assert "quorum_numerator" in response.context["rules_form"].errors
    assert 'value="5"' in field_html(response.content.decode(), "quorum_numerator")
    assert Council.objects.get(pk=council.pk).quorum_numerator == 3


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
    response = login(getattr(cast, who)).post(change(council), RULES)
    assert response.status_code == status
    assert Council.objects.get(pk=council.pk).quorum_denominator == (3 if status == 302 else 4)


def test_a_viewer_sees_the_rules_without_the_form(cast, login):
    council = make_council(cast)
    html = login(cast.viewer).get(page(council)).content.decode()
    assert 'data-testid="council-rules"' in html and 'data-testid="rules-form"' not in html


def test_an_advisory_team_has_no_rules_form_and_a_get_is_405(cast, login):
    client = login(cast.province_officer)
    team = Council.objects.create(kind="advisory", level="province", unit=cast.province, name="Tổ tư vấn")
    assert client.post(change(team), RULES).status_code == 404
    assert 'data-testid="rules-form"' not in client.get(page(team)).content.decode()
    assert client.get(change(make_council(cast))).status_code == 405


def test_the_councils_page_with_the_rules_passes_the_html_checker(cast, login):
    from tests.markup.checker import assert_valid

    s = setup_scoring(cast)
    client = login(cast.province_officer)
    pages = {"council": client.get(page(s.council)).content.decode()}
    submit(s.item, s.member, s.card, take=False)
    pages["council locked"] = client.get(page(s.council)).content.decode()
    pages["refused"] = client.post(change(s.council), RULES).content.decode()
    assert_valid(pages)
