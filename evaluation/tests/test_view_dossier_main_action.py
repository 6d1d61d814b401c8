"""The dossier page's main button is the act that comes next. While forwarding was refused because Mẫu 03 was missing,
"Chuyển cấp tỉnh" was offered disabled with the reason, and "Lập Mẫu 03", the act that removes it, stayed a secondary
button: the page had no main button at all. Now the remedy of the first refusal the reader may remove (its workflow row
allows the reader: permissions.registrations.remedies_for) is the main button and the refused act secondary; with
nothing refused, the act itself is. The same for the producer's submission (round, case, documents, Mẫu 02, criteria
version). The page reads the submission's facts once (services.checks.submission_state: the counts at the top and the
refusals beside the button), so it asks the database fewer queries than before."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport
from evaluation.services.checks import submit_errors
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals
from evaluation.tests.test_registration_criteria_rebind import TODAY, _draft_in_april, at, cards  # noqa: F401

pytestmark = pytest.mark.django_db

SOLID = {"btn-primary", "btn-success", "btn-warning", "btn-danger"}  # a filled button: the page's main one


class _Buttons(HTMLParser):
    """Every button and button-styled link of a page: its classes, attributes and text."""

    def __init__(self):
        super().__init__()
        self.buttons: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag in {"a", "button"} and "btn" in classes:
            button = {**attrs, "classes": classes, "text": ""}
            self.buttons.append(button)
            self._open.append(button)

    def handle_endtag(self, tag):
        if tag in {"a", "button"} and self._open:
            self._open.pop()

    def handle_data(self, data):
        for button in self._open:
            button["text"] += data


def _buttons(client, registration) -> list[dict]:
    response = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 200
    parsed = _Buttons()
    parsed.feed(response.content.decode())
    for button in parsed.buttons:
        button["text"] = " ".join(button["text"].split())
    return parsed.buttons


def _main(buttons) -> list[str]:
    """The texts of the page's filled buttons: its main one, alone."""
    return [b["text"] for b in buttons if b["classes"] & SOLID]


def _button(buttons, text) -> dict:
    (found,) = [b for b in buttons if b["text"] == text]
    return found


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


def _submitted(cast):
    return registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))


# ---------------------------------------------------------------- the commune officer: Mẫu 03, then forwarding


def test_it_makes_writing_form_03_the_main_button_while_only_form_03_is_missing(cast, login):
    buttons = _buttons(login(cast.commune_officer), _submitted(cast))
    assert _main(buttons) == ["Lập Mẫu 03"]
    assert "btn-primary" in _button(buttons, "Lập Mẫu 03")["classes"]
    forward = _button(buttons, "Chuyển cấp tỉnh")
    assert "disabled" in forward and "btn-outline-secondary" in forward["classes"]


def test_it_makes_forwarding_the_main_button_once_nothing_stops_it(cast, login):
    registration = _submitted(cast)
    _report(registration)
    buttons = _buttons(login(cast.commune_officer), registration)
    assert _main(buttons) == ["Chuyển cấp tỉnh"]
    forward = _button(buttons, "Chuyển cấp tỉnh")
    assert "disabled" not in forward and "btn-success" in forward["classes"]
    # The report written, its link says it is corrected there, a secondary button.
    assert "btn-outline-primary" in _button(buttons, "Sửa Mẫu 03")["classes"]


@pytest.mark.parametrize(
    "fields", [{"dossier_complete": False}, {"name_consistent": False}, {"samples_received": 2}], ids=str
)
def test_it_makes_correcting_form_03_the_main_button_while_form_03_stops_forwarding(cast, login, fields):
    registration = _submitted(cast)
    _report(registration, **fields)
    buttons = _buttons(login(cast.commune_officer), registration)
    assert _main(buttons) == ["Sửa Mẫu 03"]
    assert "disabled" in _button(buttons, "Chuyển cấp tỉnh")


def test_it_makes_the_return_form_03_proposes_the_main_button(cast, login):
    registration = _submitted(cast)
    _report(registration, proposal=CommuneProposal.RETURN, dossier_complete=False)
    buttons = _buttons(login(cast.commune_officer), registration)
    assert _main(buttons) == ["Trả lại để hoàn thiện"]
    assert "btn-warning" in _button(buttons, "Trả lại để hoàn thiện")["classes"]
    assert "btn-outline-primary" in _button(buttons, "Sửa Mẫu 03")["classes"]


def test_it_offers_no_main_button_when_nothing_on_the_page_removes_the_refusal(cast, login):
    """The round's proposals deadline has passed (30/10/2026): only the province can extend the round."""
    registration = registration_in(cast, status=S.SUBMITTED)
    _report(registration)
    buttons = _buttons(login(cast.commune_officer), registration)
    assert _main(buttons) == []
    assert "disabled" in _button(buttons, "Chuyển cấp tỉnh")


@pytest.mark.parametrize("who", ["producer_owner", "province_officer", "viewer"])
def test_the_others_are_not_offered_form_03_as_their_main_button(cast, login, who):
    buttons = _buttons(login(getattr(cast, who)), _submitted(cast))
    assert _main(buttons) == [] and not [b for b in buttons if "Mẫu 03" in b["text"]]


def test_an_outsider_does_not_see_the_dossier(cast, login):
    response = login(cast.outsider).get(reverse("evaluation:registration_detail", args=[_submitted(cast).pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- the producer: what stops the submission, then it


def test_it_makes_the_first_remedy_the_producers_main_button_and_the_others_secondary(cast, login):
    registration = registration_in(cast, round=None)  # no round, no documents, nothing self-assessed
    buttons = _buttons(login(cast.producer_owner), registration)
    assert _main(buttons) == ["Chọn đợt đánh giá"]
    remedies = [b["text"] for b in buttons if b.get("data-testid", "").startswith("remedy-")]
    # In the order they are done: Mẫu 02 self-assessed before its signed copy is uploaded with the other documents.
    assert remedies == ["Chọn đợt đánh giá", "Tự đánh giá (Mẫu 02)", "Tải lên tài liệu còn thiếu"]
    for text in remedies[1:]:
        assert "btn-outline-primary" in _button(buttons, text)["classes"], text
    submit = _button(buttons, "Nộp hồ sơ cho UBND xã")
    assert "disabled" in submit and "btn-outline-secondary" in submit["classes"]


def test_it_makes_self_assessing_the_main_button_once_the_round_is_chosen(cast, login):
    buttons = _buttons(login(cast.producer_owner), registration_in(cast, round=round_taking_proposals(cast)))
    assert _main(buttons) == ["Tự đánh giá (Mẫu 02)"]
    assert not [b for b in buttons if b["text"] == "Chọn đợt đánh giá"]


def test_it_makes_uploading_the_main_button_once_every_criterion_is_self_assessed(cast, login, private_media):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    registration.documents.filter(kind=registration.documents.first().kind).delete()
    buttons = _buttons(login(cast.producer_owner), registration)
    assert _main(buttons) == ["Tải lên tài liệu còn thiếu"]


def test_it_makes_submitting_the_main_button_once_the_dossier_is_complete(cast, login, private_media):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    buttons = _buttons(login(cast.producer_owner), registration)
    assert _main(buttons) == ["Nộp hồ sơ cho UBND xã"]
    assert not [b for b in buttons if b.get("data-testid", "").startswith("remedy-")]


def test_it_makes_moving_to_the_criteria_in_force_the_main_button_of_an_outdated_draft(
    cast,
    cards,  # noqa: F811 (the rebind tests' fixture)
    login,
    time_machine,
    private_media,
):
    """Nothing else counts before (D26 Điều 12.2): the warning's own button (filled already before), no other remedy
    offered beside the refused submission."""
    registration = _draft_in_april(cast, cards, time_machine)
    at(time_machine, TODAY)
    buttons = _buttons(login(cast.producer_owner), registration)
    assert _main(buttons) == ["Chuyển sang bộ tiêu chí hiện hành"]
    assert not [b for b in buttons if b.get("data-testid", "").startswith("remedy-")]
    assert "disabled" in _button(buttons, "Nộp hồ sơ cho UBND xã")


def test_an_officer_is_not_offered_the_producers_remedies(cast, login):
    """The cast's producer has an account: it completes its dossier itself (the workflow's `own` rows)."""
    buttons = _buttons(login(cast.commune_officer), registration_in(cast, round=None))
    assert _main(buttons) == [] and not [b for b in buttons if b.get("data-testid", "").startswith("remedy-")]


# ---------------------------------------------------------------- one read of the submission's facts


def test_the_counts_and_the_refusals_come_from_one_read(cast, private_media):
    from evaluation.services.checks import submission_state

    registration = registration_in(cast, round=round_taking_proposals(cast))
    state = submission_state(registration)
    assert state.errors == submit_errors(registration)
    assert [b.remedy for b in state.blockers] == ["documents", "selfassessment"]
    assert state.missing and state.unanswered
    with CaptureQueriesContext(connection) as captured:
        assert state.errors == state.errors
    assert len(captured) == 0  # derived, not read again


def _queries(client, registration) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 200
    return len(captured)


# The page's counts once the submission's facts are read once, and Mẫu 03 once: 23 and 21 before (the documents' kinds
# and the unanswered criteria read twice for the producer, Mẫu 03 twice for the commune). Neither may grow again.
PRODUCER_DRAFT_QUERIES = 21
COMMUNE_SUBMITTED_QUERIES = 20


def test_the_producers_draft_page_keeps_its_query_count(cast, login):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    client = login(cast.producer_owner)
    client.get(reverse("evaluation:registration_detail", args=[registration.pk]))  # the session's first read
    assert _queries(client, registration) <= PRODUCER_DRAFT_QUERIES


def test_the_commune_officers_page_keeps_its_query_count(cast, login):
    registration = _submitted(cast)
    _report(registration, samples_received=2)
    client = login(cast.commune_officer)
    client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert _queries(client, registration) <= COMMUNE_SUBMITTED_QUERIES
