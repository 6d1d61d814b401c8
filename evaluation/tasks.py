"""Celery tasks of the evaluation app: thin, take ids, reload rows, call one function."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def registration_send_email_task(
    registration_id: int,
    event: str,
    user_ids: list[int],
    message: dict | str = "",
    status: str = "",
    reply_unit_id: int | None = None,
) -> int:
    """E-mail the people concerned about a registration's step (the in-app notice is already written);
    `message` is that notice's phrase (what happened: the test asked for, the supplement, the reason), translated
    into the e-mail's language (a text: a task queued before phrases were passed). `status` is the dossier's status
    when the step was taken: the mail tells that one, not whatever happened before it left (a council's result not
    yet announced to the producer, Điều 7.3g); a task queued without it tells the status of the moment.
    `reply_unit_id`: the office a reply goes to (the province's, for the ministry's mail); by default the commune's."""
    from django.urls import reverse

    from ocop.emails import office_reply_to, send_templated_to
    from ocop.models import User
    from ocop.phrases import phrase_load

    from .models import Registration

    registration = Registration.objects.select_related("product__producer").filter(pk=registration_id).first()
    if registration is None:
        return 0
    if status:
        registration.status = status  # read, never saved: the status, its label and its next step as of the step
    mailed = send_templated_to(
        "registration_status",
        users=User.objects.filter(pk__in=user_ids),
        reply_to=office_reply_to(reply_unit_id or registration.commune_id),  # the commune checks the dossier
        context={
            "registration": registration,
            "event": event,
            "message": phrase_load(message),
            "path": reverse("evaluation:registration_detail", args=[registration.pk]),
        },
    )
    return len(mailed)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def registration_result_email_task(
    registration_id: int, result_id: int, user_ids: list[int], text: dict | str = "", notice_id: int | None = None
) -> int:
    """E-mail the producer's members and the commune the written notice of the council's result (D26 Điều 7.3g);
    `text` is the notice's phrase (or its text, from a task queued before phrases were passed), `notice_id` the
    numbered letter (ResultNotice) whose PDF the mail links (none from a task queued before notices were letters)."""
    from django.urls import reverse

    from ocop.emails import office_reply_to, send_templated_to
    from ocop.models import User
    from ocop.phrases import phrase_lines

    from .models import CouncilResult, Registration, ResultNotice

    registration = (
        Registration.objects.select_related("product__producer", "commune").filter(pk=registration_id).first()
    )
    result = CouncilResult.objects.filter(pk=result_id).first()
    if registration is None or result is None:
        return 0
    mailed = send_templated_to(
        "registration_result",
        users=User.objects.filter(pk__in=user_ids),
        reply_to=office_reply_to(registration.commune.parent_id),  # the province's standing office announces it
        context={
            "registration": registration,
            "result": result,
            "lines": phrase_lines(text),
            "path": reverse("evaluation:registration_detail", args=[registration.pk]),
            "notice": ResultNotice.objects.filter(pk=notice_id).first() if notice_id else None,
            "notice_path": reverse("evaluation:result_notice_pdf", args=[notice_id]) if notice_id else "",
        },
    )
    return len(mailed)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def session_notice_email_task(session_id: int, event: str, user_ids: list[int], message: dict, day: str) -> int:
    """E-mail the council's members what the in-app notice told them of a session (services.session_notices):
    `message` is that notice's phrase, `day` the session's day when it was written (the subject names it, whatever
    the session became before the mail left). One message per language, each member in their account's."""
    from datetime import date

    from django.urls import reverse

    from ocop.emails import office_reply_to, send_templated_to
    from ocop.models import User
    from ocop.phrases import phrase_load

    from .models import CouncilSession
    from .services.session_notices import SESSION_EVENTS

    session = CouncilSession.objects.select_related("council").filter(pk=session_id).first()
    if session is None or event not in SESSION_EVENTS:
        return 0
    mailed = send_templated_to(
        "council_session",
        users=User.objects.filter(pk__in=user_ids),
        reply_to=office_reply_to(session.council.unit_id),  # the office that runs the council
        context={
            "session": session,
            "council": session.council,
            "event": event,
            "act": SESSION_EVENTS[event],
            "day": date.fromisoformat(day),
            "message": phrase_load(message),
            "path": reverse("evaluation:session_detail", args=[session.pk]),
        },
    )
    return len(mailed)


@shared_task
def registrations_notify_overdue_task() -> int:
    """Daily: one notice per dossier whose commune check is overdue (replay: manage.py notify_overdue_commune_checks)."""
    from .services.notices import registrations_notify_overdue

    return registrations_notify_overdue()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def sheet_reminders_task() -> int:
    """Daily: the reminder to council members with unsubmitted sheets before a session. Idempotent: each (session,
    member, day) is claimed before its e-mail is sent."""
    from .services.council_reminders import sheet_reminders_send

    return sheet_reminders_send()
