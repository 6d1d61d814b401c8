"""The day to complete a returned dossier. D26 sets no time limit for the producer to complete a dossier the commune or
the province returns (Điều 7.3a: "thông báo và hướng dẫn … hoàn thiện hồ sơ"), nor to supply what the advisory team
asks for (Điều 7.3c: "đề xuất bổ sung hồ sơ"); only the commune's own check has one (Điều 7.2, 15 working days). So the
officer may set one, optionally, never a day already past nor one after the round's deadline that governs the dossier
(its proposals deadline while the commune checks it, the day the round is to be done afterwards); the producer sees it
on the dossier, on the home page and in the notice and e-mail of the return, until the dossier is submitted or supplied
again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import Level, RegistrationKind, RoundStatus
from evaluation.choices import RegistrationStatus as S
from evaluation.models import EvaluationRound, Registration
from evaluation.services.advisory import registration_request_supplement, registration_supply_supplement
from evaluation.services.documents import document_upload
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.tests.factories import complete_dossier, criteria_version, pdf_upload, registration_in
from ocop.models import Notification

pytestmark = pytest.mark.django_db


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def round_open(cast, *, proposals_in: int = 30, done_in: int = 60) -> EvaluationRound:
    """A round of the cast's province taking proposals for `proposals_in` more days, to be done in `done_in`."""
    return EvaluationRound.objects.create(
        level=Level.PROVINCE,
        unit=cast.province,
        year=in_days(proposals_in).year,
        number=EvaluationRound.objects.count() + 5,
        title="Đợt thử hạn",
        proposals_due=in_days(proposals_in),
        done_by=in_days(done_in),
        criteria_version=criteria_version(),
        status=RoundStatus.OPEN,
    )


def in_round(cast, status, **fields) -> Registration:
    """A dossier of a round still open (the factory's round has fixed 2026 dates)."""
    return registration_in(cast, status=status, round=round_open(cast), **fields)


def page(client, registration) -> str:
    return client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()


def test_a_return_may_set_the_day_to_complete_it_by_and_the_producer_is_told(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    registration = in_round(cast, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        registration_return(
            registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.", due_on=in_days(10)
        )
    registration.refresh_from_db()
    assert registration.status == S.RETURNED and registration.completion_due_on == in_days(10)
    told = Notification.objects.get(user=cast.producer_owner)
    assert "Thiếu phiếu kiểm nghiệm." in told.text and f"đến hết ngày {dmy(in_days(10))}" in told.text
    mail = next(m for m in mailoutbox if cast.producer_owner.email in m.to)
    assert f"đến hết ngày {dmy(in_days(10))}" in mail.body
    assert f"đến hết ngày {dmy(in_days(10))}" in mail.alternatives[0][0]


def test_a_return_without_a_day_has_none(cast, django_capture_on_commit_callbacks):
    registration = registration_in(cast, status=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.")
    registration.refresh_from_db()
    assert registration.completion_due_on is None
    assert "Hạn hoàn thiện" not in Notification.objects.get(user=cast.producer_owner).text


def test_a_day_already_past_is_refused_next_to_its_field(cast):
    registration = in_round(cast, S.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.", due_on=in_days(-1))
    assert "due_on" in caught.value.message_dict
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    # Today itself is allowed: the producer has until the end of it.
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.", due_on=in_days(0))


def test_the_return_form_shows_a_past_day_next_to_the_field_and_keeps_what_was_typed(cast, login):
    registration = in_round(cast, S.SUBMITTED)
    client = login(cast.commune_officer)
    url = reverse("evaluation:registration_return", args=[registration.pk])
    typed = dmy(in_days(-3))
    response = client.post(url, {"reason": "Thiếu phiếu kiểm nghiệm.", "due_on": typed})
    assert response.status_code == 200
    form = response.context["form"]
    assert f"Hạn hoàn thiện phải từ hôm nay ({dmy(in_days(0))})" in " ".join(form.errors["due_on"])
    html = response.content.decode()
    assert f'value="{typed}"' in html and "Thiếu phiếu kiểm nghiệm." in html
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    # The form says the decision sets no limit, so the day is the officer's own.
    assert "không quy định thời hạn" in html

    response = client.post(url, {"reason": "Thiếu phiếu kiểm nghiệm.", "due_on": dmy(in_days(7))})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).completion_due_on == in_days(7)


def test_the_producer_sees_the_day_on_the_dossier_and_the_home_page(cast, login):
    registration = in_round(cast, S.SUBMITTED)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.", due_on=in_days(5))
    client = login(cast.producer_owner)
    html = page(client, registration)
    assert f'data-testid="completion-due">{dmy(in_days(5))}' in html
    assert 'data-testid="next-completion-due"' in html
    home = client.get(reverse("home")).content.decode()
    assert f"hạn {dmy(in_days(5))}" in home
    # The commune officer reads it on the dossier too.
    assert f'data-testid="completion-due">{dmy(in_days(5))}' in page(login(cast.commune_officer), registration)


def test_an_overdue_day_is_flagged(cast, login):
    registration = registration_in(cast, status=S.RETURNED, completion_due_on=in_days(-2))
    html = page(login(cast.producer_owner), registration)
    assert registration.is_completion_overdue
    assert 'data-testid="completion-due"' in html and "Quá hạn" in html


def test_submitting_again_clears_the_day(cast, private_media):
    registration = registration_in(cast, round=round_open(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.", due_on=in_days(5))
    registration.refresh_from_db()
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.completion_due_on is None


def test_a_supplement_request_may_set_the_day_too(cast, login, private_media, django_capture_on_commit_callbacks):
    registration = in_round(cast, S.ADVISORY_REVIEW)
    with pytest.raises(ValidationError) as caught:
        registration_request_supplement(
            registration=registration,
            by=cast.advisory_member,
            reason="Nhãn thiếu hạn sử dụng",
            document_kinds=["label"],
            due_on=in_days(-1),
        )
    assert "due_on" in caught.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        registration_request_supplement(
            registration=registration,
            by=cast.advisory_member,
            reason="Nhãn thiếu hạn sử dụng",
            document_kinds=["label"],
            due_on=in_days(14),
        )
    registration.refresh_from_db()
    assert registration.completion_due_on == in_days(14)
    assert f"đến hết ngày {dmy(in_days(14))}" in Notification.objects.get(user=cast.producer_owner).text
    client = login(cast.producer_owner)
    supply = client.get(reverse("evaluation:registration_supply", args=[registration.pk])).content.decode()
    assert f"Hạn bổ sung: đến hết ngày {dmy(in_days(14))}" in supply

    document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    registration_supply_supplement(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.completion_due_on is None


def test_the_supplement_form_refuses_a_past_day_next_to_the_field(cast, login):
    registration = in_round(cast, S.ADVISORY_REVIEW)
    typed = dmy(in_days(-5))
    response = login(cast.advisory_member).post(
        reverse("evaluation:registration_request_supplement", args=[registration.pk]),
        {"reason": "Nhãn thiếu hạn sử dụng", "document_kinds": ["label"], "due_on": typed},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"]
    assert f'value="{typed}"' in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.ADVISORY_REVIEW


# ---- the round's deadline bounds the day (D26 Điều 5.1): the producer is never given a day the round has closed on


def refusal(caught) -> str:
    return " ".join(caught.value.message_dict["due_on"])


def test_a_commune_return_is_due_by_the_rounds_proposals_deadline_and_the_message_says_the_days_allowed(cast):
    evaluation_round = round_open(cast, proposals_in=20, done_in=60)
    registration = registration_in(cast, status=S.SUBMITTED, round=evaluation_round)
    with pytest.raises(ValidationError) as caught:
        registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.", due_on=in_days(21))
    assert f"từ hôm nay ({dmy(in_days(0))}) đến hạn nhận đề nghị của đợt “Đợt thử hạn” ({dmy(in_days(20))})" in (
        refusal(caught)
    )
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    # The deadline itself is allowed.
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.", due_on=in_days(20))
    assert Registration.objects.get(pk=registration.pk).completion_due_on == in_days(20)


def test_a_province_return_and_a_supplement_are_due_by_the_day_the_round_is_done(cast):
    evaluation_round = round_open(cast, proposals_in=5, done_in=40)
    forwarded = registration_in(cast, status=S.FORWARDED, round=evaluation_round)
    with pytest.raises(ValidationError) as caught:
        registration_return(registration=forwarded, by=cast.province_officer, reason="Thiếu.", due_on=in_days(41))
    assert f"đến hạn hoàn thành của đợt “Đợt thử hạn” ({dmy(in_days(40))})" in refusal(caught)
    registration_return(registration=forwarded, by=cast.province_officer, reason="Thiếu.", due_on=in_days(40))

    reviewed = registration_in(cast, status=S.ADVISORY_REVIEW, round=evaluation_round)
    with pytest.raises(ValidationError) as caught:
        registration_request_supplement(
            registration=reviewed, by=cast.advisory_member, reason="Nhãn", document_kinds=["label"], due_on=in_days(900)
        )
    assert f"({dmy(in_days(40))})" in refusal(caught)
    assert Registration.objects.get(pk=reviewed.pk).status == S.ADVISORY_REVIEW


def test_a_round_whose_proposals_closed_takes_no_day_from_the_commune_but_may_be_left_empty(cast):
    evaluation_round = round_open(cast, proposals_in=-3, done_in=40)
    registration = registration_in(cast, status=S.SUBMITTED, round=evaluation_round)
    with pytest.raises(ValidationError) as caught:
        registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.", due_on=in_days(1))
    assert f"đã hết hạn nhận đề nghị ngày {dmy(in_days(-3))}" in refusal(caught) and "Để trống" in refusal(caught)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.")
    assert Registration.objects.get(pk=registration.pk).status == S.RETURNED


def test_a_reevaluation_is_not_bound_by_a_rounds_dates(cast):
    registration = registration_in(cast, status=S.SUBMITTED, kind=RegistrationKind.REEVALUATION, round=None)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu.", due_on=in_days(400))
    assert Registration.objects.get(pk=registration.pk).completion_due_on == in_days(400)


def test_the_return_form_refuses_a_day_after_the_round_next_to_the_field_and_keeps_it(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_open(cast, proposals_in=20))
    typed = "01/01/2030"
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_return", args=[registration.pk]),
        {"reason": "Thiếu phiếu kiểm nghiệm.", "due_on": typed},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["due_on"])
    assert dmy(in_days(20)) in errors and dmy(in_days(0)) in errors
    html = response.content.decode()
    assert f'value="{typed}"' in html and "Thiếu phiếu kiểm nghiệm." in html
    assert Registration.objects.get(pk=registration.pk).completion_due_on is None


# ---- every refusal in the first answer: a missing reason does not hide a wrong day until the next submit


def test_the_return_form_refuses_a_missing_reason_and_a_past_day_at_once(cast, login):
    registration = in_round(cast, S.SUBMITTED)
    typed = dmy(in_days(-3))
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_return", args=[registration.pk]), {"reason": "", "due_on": typed}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["reason"] == ["Trường này là bắt buộc."]
    assert f"Hạn hoàn thiện phải từ hôm nay ({dmy(in_days(0))})" in " ".join(form.errors["due_on"])
    assert f'value="{typed}"' in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_the_supplement_form_refuses_a_missing_reason_and_a_past_day_at_once(cast, login):
    registration = in_round(cast, S.ADVISORY_REVIEW)
    typed = dmy(in_days(-5))
    response = login(cast.advisory_member).post(
        reverse("evaluation:registration_request_supplement", args=[registration.pk]),
        {"reason": "", "document_kinds": ["label"], "due_on": typed},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["reason"] == ["Trường này là bắt buộc."]
    assert f"Hạn hoàn thiện phải từ hôm nay ({dmy(in_days(0))})" in " ".join(form.errors["due_on"])
    assert f'value="{typed}"' in response.content.decode() and form["document_kinds"].value() == ["label"]
    assert Registration.objects.get(pk=registration.pk).status == S.ADVISORY_REVIEW
