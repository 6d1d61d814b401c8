"""The round deadline that governs a dossier where it is now (D26 Điều 5): one rule for the dossier page's "Đang chờ …
— đợt kết thúc trước …" and for the last day an officer may give the producer to complete it
(services.checks.completion_due_limit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ocop.models import User
from ocop.workdays import latest_start_for

from ..choices import Level, RegistrationKind, RegistrationStatus, SessionStatus
from ..models import AgendaItem, CentralReferral, CouncilSession, EvaluationRound, Registration
from ..services.round_calendar import round_calendar_next, round_default_dates
from ..workflow import COMMUNE_CHECK_WORKING_DAYS
from .dossier import latest_result, registration_status_for

S = RegistrationStatus

# Before the commune has proposed the dossier (Điều 7.2) its round's proposals deadline binds it; after, the day the
# round is to be done by.
BEFORE_PROPOSAL = frozenset({S.DRAFT, S.SUBMITTED})


@dataclass(frozen=True)
class RoundDue:
    """A round's deadline as it binds one dossier: `on` is the round's `field` ("proposals_due" or "done_by") of
    `evaluation_round`, of `level`; `evaluation_round` is None when it is D26 Điều 5's central calendar, the
    ministry having assigned the dossier no round yet. `session`: at the ministry, the central council's session
    whose agenda holds the dossier (None while the ministry has put it on none)."""

    on: dt.date
    field: str
    level: str
    evaluation_round: EvaluationRound | None = None
    session: CouncilSession | None = None

    @property
    def overdue(self) -> bool:
        """The round is still being evaluated after the day it was to be done by: the round's own state of the day
        (ROUND_DEADLINES), or, on Điều 5's calendar, the day has passed."""
        if self.evaluation_round is not None:
            return self.evaluation_round.evaluation_overdue
        return self.on < timezone.localdate()


def at_central(registration: Registration) -> bool:
    """The dossier is the ministry's: sent to it (Điều 7.3e, 6.3), or scored by its council and waiting for the
    decision. A dossier the central council sent back to the province (Điều 7.4g) is the province's again."""
    if registration.status == S.FORWARDED_TO_CENTRAL:
        return True
    if registration.status == S.SCORED:
        result = latest_result(registration)
        return result is not None and result.level == Level.CENTRAL
    return False


def central_round_due(registration: Registration) -> RoundDue:
    """The central round the dossier is evaluated in, and the day it is to be done by (D26 Điều 5: proposals from
    the provinces before 30/7 are done before 30/9, before 30/01 before 30/3):
    1. the round of the central council's session whose agenda holds it (the ministry's round assigned to it);
    2. before that, the ministry's round of the calendar's slot the province's letter falls in, if it planned one;
    3. else Điều 5's dates of that slot.
    The province's own round (Registration.round) ended with its council: its date no longer governs the dossier."""
    referral = CentralReferral.objects.filter(registration=registration).order_by("-letter_date", "-pk").first()
    sent_on = referral.letter_date if referral is not None else timezone.localdate()
    # The latest central agenda since the letter: one of an earlier sending (before a send-back, Điều 7.4g) is over.
    # A session held without a round puts the dossier on its agenda (`session`) but assigns it no round.
    sessions = [
        item.session
        for item in AgendaItem.objects.filter(
            registration=registration, session__council__level=Level.CENTRAL, session__date__gte=sent_on
        )
        .exclude(session__status=SessionStatus.CANCELLED)  # a cancelled session's agenda holds the dossier no more
        .select_related("session__round")
        .order_by("-session__date", "-pk")
    ]
    session = sessions[0] if sessions else None
    if (with_round := next((s for s in sessions if s.round is not None), None)) is not None:
        return RoundDue(
            on=with_round.round.done_by,
            field="done_by",
            level=Level.CENTRAL,
            evaluation_round=with_round.round,
            session=with_round,
        )
    year, number = round_calendar_next(level=Level.CENTRAL, today=sent_on)
    planned = EvaluationRound.objects.filter(level=Level.CENTRAL, unit=None, year=year, number=number).first()
    if planned is not None:
        return RoundDue(
            on=planned.done_by, field="done_by", level=Level.CENTRAL, evaluation_round=planned, session=session
        )
    _proposals_due, done_by = round_default_dates(level=Level.CENTRAL, year=year, number=number)
    return RoundDue(on=done_by, field="done_by", level=Level.CENTRAL, session=session)


def registration_round_due(registration: Registration, *, user: User | None = None) -> RoundDue | None:
    """The round deadline that governs the dossier where it is now, or None when no round binds it:
    - at the ministry (`at_central`), the central round's (`central_round_due`);
    - else its own round's: the proposals deadline until the commune proposes it (a draft, a dossier being checked
      by the commune or returned by it), then the day the round is to be done by.
    A re-evaluation is bound by its certificate's window and its 45 days (Điều 7.6g), not by a round's dates.
    Shown to `user`: a producer not yet told the council's outcome (registration_status_for masks it, Điều 7.3g)
    is shown its own round's date, since the central calendar would tell it the dossier went to the ministry."""
    if registration.kind == RegistrationKind.REEVALUATION:
        return None
    masked = user is not None and registration_status_for(user, registration)["masked"]
    if not masked and at_central(registration):
        return central_round_due(registration)
    if registration.round_id is None:
        return None
    evaluation_round = registration.round
    proposing = registration.status in BEFORE_PROPOSAL or (
        registration.status == S.RETURNED and registration.forwarded_at is None
    )
    field = "proposals_due" if proposing else "done_by"
    return RoundDue(
        on=getattr(evaluation_round, field),
        field=field,
        level=evaluation_round.level,
        evaluation_round=evaluation_round,
    )


def round_file_by(evaluation_round: EvaluationRound) -> dt.date:
    """The last day the producer files (submits to the commune) a dossier of `evaluation_round` so that the commune's
    15 working days (Điều 7.2) end by the round's proposals deadline: the dossier page's "Nộp chậm nhất" and the
    registration form's rounds say it."""
    return latest_start_for(evaluation_round.proposals_due, COMMUNE_CHECK_WORKING_DAYS)
