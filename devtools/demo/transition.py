"""A dossier pending when Decision 26/2026 took effect (D26 Điều 12.2), for the demo.

One of Na Rì's 2019 products that the council did not recognise (seed 003: 23 evaluated, 14 recognised; history.py)
applies again in Thái Nguyên's first round of 2026, under the rules of the day (QĐ 148/2023 as amended by 1489/2025):
a paper dossier the Côn Minh commune types in on 08/04/2026 and files on 10/04, checks and forwards on 24/04, before
the round's proposals deadline of 30/04; the province's OCOP office receives it on 06/05 and its advisory team is
still reviewing it. D26 took effect on 22/05/2026: the dossier had until 21/07/2026 to be evaluated (Điều 12.2a) and
is still open, so ocop.thainguyen's home counts it and its page says so.

The services stamp each act with the clock, and the dossier is bound to the criteria set in force the day it is made
(evaluation.selectors.dossier.criteria_version_in_force): each act is replayed on its own day (`_on`), so the
dossier, its history, its Phiếu số and its rule set (QĐ 148/2023) read as they would have then, through the same
services. One check cannot apply: the app holds only the structure of the 148 scorecards (ocop-domain.md §1), so no
online self-assessment exists for the submission to check; the paper Mẫu 02 is among the dossier's documents
(`_paper_submit_check`).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from dashboard.models import HistoricEvaluation
from evaluation.choices import D26_IN_FORCE_ON, Level, RegistrationKind, RoundStatus
from evaluation.models import EvaluationRound, Registration
from evaluation.models.registrations import CHECKLIST
from evaluation.services.checks import submit_errors
from evaluation.services.documents import document_upload
from evaluation.services.dossier import commune_report_save, registration_create
from evaluation.services.rounds import round_create, round_set_status
from evaluation.services.transitions import registration_forward, registration_start_review, registration_submit
from ocop.models import User

YEAR = 2026
MADE_ON = dt.date(YEAR, 4, 8)
FILED_ON = dt.date(YEAR, 4, 10)
FORWARDED_ON = dt.date(YEAR, 4, 24)
RECEIVED_ON = dt.date(YEAR, 5, 6)
ROUND_PLANNED_ON = dt.date(YEAR, 3, 2)
PRODUCTS_OF = "Na Rì, đợt 2019"
NO_SCORECARD = "Chưa có phiếu đánh giá cho bộ sản phẩm này."  # services.checks.submit_errors' refusal  # history.py's label of the 2019 products the article counts without naming


@contextmanager
def _on(day: dt.date, hour: int = 9):
    """The services' clock (django.utils.timezone.now, which every stamp and `localdate` read) set to `day`."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def _paper_submit_check(registration: Registration) -> None:
    """The submission's own check (services.checks.submit_check) but for the online scorecard, which a dossier under
    the 148 rule set cannot have: its round and its documents are still checked."""
    no_scorecard = gettext(NO_SCORECARD)
    errors = [e for e in submit_errors(registration) if registration.scorecard_id is not None or e != no_scorecard]
    if errors:
        raise ValidationError(errors)


def transitional_dossier_seeded() -> bool:
    """The stage's marker: a dossier filed before D26 took effect."""
    return Registration.objects.filter(first_submitted_at__date__lt=D26_IN_FORCE_ON).exists()


@transaction.atomic
def seed_transitional_dossier(out) -> None:
    from devtools.demo.workflow import _pdf  # the sample documents' PDF

    if timezone.localdate() < D26_IN_FORCE_ON:
        return  # before D26 there is no transition to show
    officer = User.objects.get(username="ocop.thainguyen")
    commune_user = User.objects.get(username="canbo.conminh")
    # A 2019 product of a Côn Minh producer that was evaluated and not recognised (no certificate).
    not_recognised = (
        HistoricEvaluation.objects.filter(
            product__name__endswith=PRODUCTS_OF, product__producer__commune=commune_user.unit
        )
        .select_related("product")
        .order_by("product__name")
        .first()
    )
    if not_recognised is None:
        return
    product = not_recognised.product
    province = officer.unit
    with _on(ROUND_PLANNED_ON):
        evaluation_round = EvaluationRound.objects.filter(
            level=Level.PROVINCE, unit=province, year=YEAR, number=1
        ).first() or round_create(
            by=officer,
            level=Level.PROVINCE,
            year=YEAR,
            number=1,
            unit=province,
            title=f"Đợt 1 năm {YEAR} tỉnh Thái Nguyên",
        )
        if evaluation_round.status == RoundStatus.PLANNED:
            round_set_status(evaluation_round=evaluation_round, status=RoundStatus.OPEN, by=officer)
    with _on(MADE_ON):
        registration = registration_create(
            product=product, kind=RegistrationKind.FIRST, by=commune_user, evaluation_round=evaluation_round
        )
        for kind in CHECKLIST[registration.kind]:
            document_upload(registration=registration, kind=kind, uploaded_file=_pdf(kind), by=commune_user)
    with _on(FILED_ON), mock.patch("evaluation.services.transitions.submit_check", _paper_submit_check):
        registration_submit(registration=registration, by=commune_user)
    with _on(FORWARDED_ON):
        registration.refresh_from_db()
        commune_report_save(
            registration=registration,
            by=commune_user,
            dossier_complete=True,
            local_raw_material="Nguyên liệu thu mua của các hộ trong xã.",
            local_labour="Lao động là thành viên hợp tác xã, người dân tộc Tày của xã.",
            idea_origin="Sản phẩm đã tham gia đánh giá năm 2019, nay hoàn thiện bao bì và hồ sơ để đăng ký lại.",
            local_identity="Sản phẩm gắn với vùng Na Rì.",
            name_consistent=True,
            samples_received=5,
            samples_received_on=FORWARDED_ON,
            letter_number="45/UBND-NN",  # the commune's letter proposing it (D26 Điều 6.2a)
            letter_date=FORWARDED_ON,
        )
        registration.refresh_from_db()
        registration_forward(registration=registration, by=commune_user)
    with _on(RECEIVED_ON):
        registration.refresh_from_db()
        registration_start_review(registration=registration, by=officer)
        if evaluation_round.status == RoundStatus.OPEN:
            round_set_status(evaluation_round=evaluation_round, status=RoundStatus.EVALUATING, by=officer)
    registration.refresh_from_db()
    out(
        f"  {product.name}: hồ sơ nộp ngày {FILED_ON:%d/%m/%Y} (trước QĐ 26/2026), "
        f"{registration.get_status_display()}, hạn hoàn thành theo Điều 12.2 đã qua."
    )
