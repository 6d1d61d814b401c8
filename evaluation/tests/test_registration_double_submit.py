"""A double click (or the same person's second tab) on an act of the workflow: the second copy, which read the dossier
before the first moved it, found it moved by the compare-and-swap and said "Hồ sơ vừa được người khác thay đổi",
blaming someone who does not exist. The audit trail says who moved it (ocop.edits.moved_on_refusal): the same person
with the same content is told it is done (AlreadyDone, shown as done on the dossier); the same person with other
content, that this content was not saved; someone else is named."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.services.workflow import TransitionRefused, registration_transition
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals
from ocop.edits import AlreadyDone
from ocop.models import AuditEvent
from ocop.testing import make_user

pytestmark = pytest.mark.django_db


def stale(registration) -> Registration:
    """The dossier as the other copy of the click read it, before the first moved it."""
    return Registration.objects.select_related("product__producer", "round", "commune__parent").get(pk=registration.pk)


def test_the_second_copy_of_a_submission_is_told_it_is_done(cast, private_media):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    second = stale(registration)
    registration_submit(registration=registration, by=cast.producer_owner)
    with pytest.raises(AlreadyDone) as told:
        registration_submit(registration=second, by=cast.producer_owner)
    message = " ".join(told.value.messages)
    assert "chính bạn thực hiện" in message and "không cần làm lại" in message and "người khác" not in message
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    assert AuditEvent.objects.filter(action="registration.submit").count() == 1


def test_a_second_return_with_another_reason_says_this_one_was_not_saved(cast):
    registration = registration_in(cast, status=S.SUBMITTED)
    other_tab, same_click = stale(registration), stale(registration)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.")
    with pytest.raises(TransitionRefused) as told:
        registration_return(registration=other_tab, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    assert not isinstance(told.value, AlreadyDone)
    assert "với nội dung khác" in told.value.messages[0] and "người khác" not in told.value.messages[0]
    assert Registration.objects.get(pk=registration.pk).status_reason == "Thiếu nhãn."
    # The same reason a second time: done, nothing to say against it.
    with pytest.raises(AlreadyDone):
        registration_return(registration=same_click, by=cast.commune_officer, reason="Thiếu nhãn.")


def test_someone_else_is_named(cast):
    # Two officers of the province's OCOP office, which receives a forwarded dossier (D26 Điều 7.3a).
    colleague = make_user("ocop_officer_2", "province_officer", cast.province)
    registration = registration_in(cast, status=S.FORWARDED)
    second = stale(registration)
    registration_transition(registration=registration, verb="start_review", by=cast.province_officer)
    with pytest.raises(TransitionRefused) as told:
        registration_transition(registration=second, verb="start_review", by=colleague)
    assert str(cast.province_officer) in told.value.messages[0] and "vừa thay đổi" in told.value.messages[0]


def test_the_page_of_the_second_copy_shows_the_dossier_as_done(cast, login, private_media, monkeypatch):
    from evaluation.views import transitions as views

    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    second = stale(registration)
    registration_submit(registration=registration, by=cast.producer_owner)  # the first copy of the double click
    monkeypatch.setattr(views, "get_registration_for_user", lambda user, pk, **kwargs: second)
    client = login(cast.producer_owner)
    response = client.post(reverse("evaluation:registration_submit", args=[registration.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    told = [str(m) for m in response.wsgi_request._messages]
    assert any("không cần làm lại" in m for m in told) and not any("người khác" in m for m in told)


def test_the_return_form_sent_twice_goes_to_the_dossier_as_done(cast, login, monkeypatch):
    from evaluation.views import transitions as views

    registration = registration_in(cast, status=S.SUBMITTED)
    second = stale(registration)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.")
    monkeypatch.setattr(
        views, "get_registration_for_user", lambda user, pk, **kwargs: stale(registration) if False else second
    )
    monkeypatch.setattr(
        views, "_moved_on", lambda request, registration, action: None
    )  # read before the first moved it
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_return", args=[registration.pk]), {"reason": "Thiếu nhãn."}
    )
    assert response.status_code == 302 and response.url == reverse(
        "evaluation:registration_detail", args=[registration.pk]
    )
    assert any("không cần làm lại" in str(m) for m in response.wsgi_request._messages)
