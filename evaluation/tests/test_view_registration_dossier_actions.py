"""The dossier page's actions say, for each reader, what that reader can do now.

- The commune's hurry ("cần kiểm tra sớm để kịp đợt") was shown to the producer, who cannot check anything: it is
  said to whoever does the commune's check; the others read the round's proposal deadline as a plain fact.
- "Chuyển cấp tỉnh" and "Nộp hồ sơ cho UBND xã" were green, active buttons while the service would refuse them (no
  Mẫu 03, documents missing…): they are offered disabled, the service's own reasons beside them
  (checks.forward_errors, checks.submit_errors), and the POST still refuses on its own."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport
from evaluation.services.checks import forward_errors, submit_errors
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db

HURRY = "cần kiểm tra sớm để kịp đợt"
FORWARD = "Chuyển cấp tỉnh"
SUBMIT = "Nộp hồ sơ cho UBND xã"


class _Buttons(HTMLParser):
    """Every <button> of a page: its attributes and its text; and every element's text by id."""

    def __init__(self):
        super().__init__()
        self.buttons: list[dict] = []
        self.by_id: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of the elements being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "button":
            self.buttons.append({**attrs, "text": ""})
        if tag not in {"input", "br", "img", "meta", "link", "hr", "source"}:
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.by_id[attrs["id"]] = []

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(t == "button" for t, _ in self._open):
            self.buttons[-1]["text"] += data
        for _, element_id in self._open:
            if element_id:
                self.by_id[element_id].append(data)

    def button(self, label: str) -> dict | None:
        found = [b for b in self.buttons if label in b["text"]]
        assert len(found) <= 1, found
        return found[0] if found else None

    def text(self, element_id: str) -> str:
        return " ".join(" ".join(self.by_id[element_id]).split())


def _page(client, registration):
    response = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 200
    parsed = _Buttons()
    parsed.feed(response.content.decode())
    parsed.html = response.content.decode()
    return parsed


def _report(registration, **fields):
    values = {
        "dossier_complete": True,
        "local_raw_material": "a",
        "local_labour": "b",
        "idea_origin": "c",
        "local_identity": "d",
        "proposal": CommuneProposal.FORWARD,
        "name_consistent": True,
        "samples_received": 5,
        "letter_number": "125/UBND-NN",
        "letter_date": "2026-12-02",
    }
    return CommuneReport.objects.create(registration=registration, **{**values, **fields})


# ---------------------------------------------------------------- the commune's hurry, to the commune alone


def _checked_after_the_rounds_deadline(cast):
    """Submitted into a round still taking proposals, the commune's 15 working days ending after its deadline."""
    evaluation_round = round_taking_proposals(cast)
    return registration_in(
        cast,
        status=S.SUBMITTED,
        round=evaluation_round,
        commune_due_on=evaluation_round.proposals_due + dt.timedelta(days=3),
    )


def test_it_tells_the_commune_officer_to_check_early(cast, login):
    registration = _checked_after_the_rounds_deadline(cast)
    html = _page(login(cast.commune_officer), registration).html
    assert HURRY in html and 'data-testid="after-round-due"' in html


@pytest.mark.parametrize("who", ["producer_owner", "province_officer"])
def test_it_tells_the_others_the_rounds_deadline_not_the_communes_hurry(cast, login, who):
    registration = _checked_after_the_rounds_deadline(cast)
    html = _page(login(getattr(cast, who)), registration).html
    assert HURRY not in html and 'data-testid="after-round-due"' not in html
    due = f"{registration.round.proposals_due:%d/%m/%Y}"
    assert f'data-testid="round-proposals-due">Hạn đề nghị của đợt: {due}.</div>' in html


def test_it_hides_the_dossier_from_an_outsider(cast, login):
    registration = _checked_after_the_rounds_deadline(cast)
    response = login(cast.outsider).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- "Chuyển cấp tỉnh", disabled while refused


def test_it_offers_forwarding_disabled_with_the_services_reasons_beside_it(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    page = _page(login(cast.commune_officer), registration)
    button = page.button(FORWARD)
    assert "disabled" in button and button["aria-disabled"] == "true"
    assert button["aria-describedby"] == "forward-blockers"
    assert "btn-success" not in button["class"]
    reasons = page.text("forward-blockers")
    errors = forward_errors(registration)
    assert errors and all(" ".join(error.split()) in reasons for error in errors)
    # Mẫu 03 stays the way forward.
    assert reverse("evaluation:registration_commune_report", args=[registration.pk]) in page.html


def test_it_offers_forwarding_active_once_nothing_stops_it(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration)
    page = _page(login(cast.commune_officer), registration)
    button = page.button(FORWARD)
    assert "disabled" not in button and "aria-disabled" not in button and "aria-describedby" not in button
    assert "btn-success" in button["class"] and "forward-blockers" not in page.by_id


def test_the_post_still_refuses_on_its_own(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    client = login(cast.commune_officer)
    response = client.post(reverse("evaluation:registration_forward", args=[registration.pk]), follow=True)
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    assert "Cần lập báo cáo đánh giá của UBND xã (Mẫu 03)" in response.content.decode()


@pytest.mark.parametrize("who", ["producer_owner", "province_officer"])
def test_the_others_are_not_offered_forwarding(cast, login, who):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    page = _page(login(getattr(cast, who)), registration)
    assert page.button(FORWARD) is None and "forward-blockers" not in page.by_id


def test_an_outsider_cannot_forward(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    url = reverse("evaluation:registration_forward", args=[registration.pk])
    assert login(cast.outsider).post(url).status_code == 404


# ---------------------------------------------------------------- "Nộp hồ sơ cho UBND xã", the same


def test_it_offers_submitting_disabled_with_the_services_reasons_beside_it(cast, login):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    page = _page(login(cast.producer_owner), registration)
    button = page.button(SUBMIT)
    assert "disabled" in button and button["aria-disabled"] == "true"
    assert button["aria-describedby"] == "submit-refusals"
    reasons = page.text("submit-refusals")
    errors = submit_errors(registration)
    assert errors and all(" ".join(error.split()) in reasons for error in errors)


def test_it_offers_submitting_active_once_the_dossier_is_complete(cast, login, private_media):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    assert submit_errors(registration) == []
    page = _page(login(cast.producer_owner), registration)
    button = page.button(SUBMIT)
    assert "disabled" not in button and "aria-describedby" not in button and "btn-success" in button["class"]
    assert "submit-refusals" not in page.by_id


def test_the_submission_post_still_refuses_on_its_own(cast, login):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_submit", args=[registration.pk]), follow=True
    )
    registration.refresh_from_db()
    assert registration.status == S.DRAFT and "Còn thiếu tài liệu" in response.content.decode()


@pytest.mark.parametrize("who", ["commune_officer", "province_officer"])
def test_officers_are_not_offered_the_producers_submission(cast, login, who):
    """The cast's producer has an account: it submits itself (permissions.registrations.producer_acts_itself)."""
    registration = registration_in(cast, round=round_taking_proposals(cast))
    page = _page(login(getattr(cast, who)), registration)
    assert page.button(SUBMIT) is None and "submit-refusals" not in page.by_id


def test_an_outsider_cannot_see_the_draft(cast, login):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    client = login(cast.outsider)
    assert client.get(reverse("evaluation:registration_detail", args=[registration.pk])).status_code == 404
    assert client.post(reverse("evaluation:registration_submit", args=[registration.pk])).status_code == 404


# ---------------------------------------------------------------- the way to the actions on a phone


def test_the_top_of_the_page_links_to_the_actions_when_there_are_some(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    html = _page(login(cast.commune_officer), registration).html
    link = html.index('href="#dossier-actions"')
    assert link < html.index('data-testid="waiting-for"')  # before the dossier's details, not after them
    assert 'id="dossier-actions" tabindex="-1"' in html  # the heading takes the focus the link moves
    # None when the reader has nothing to do (the card says so instead).
    assert 'href="#dossier-actions"' not in _page(login(cast.viewer), registration).html


def test_the_disabled_buttons_pages_pass_the_html_checker(cast, login):
    from tests.markup.checker import assert_valid

    submitted = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    draft = registration_in(cast, round=round_taking_proposals(cast))
    assert_valid(
        {
            "forward disabled": _page(login(cast.commune_officer), submitted).html,
            "submit disabled": _page(login(cast.producer_owner), draft).html,
        }
    )
