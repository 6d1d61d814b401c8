"""The registration workflow (D26 Điều 6–7), written once: every act on a dossier, the statuses it starts from,
the status it leads to, the roles that do it, whether a reason is required and who is told.

`evaluation.services.workflow.registration_transition` applies a row (compare-and-swap, audit row, notices);
`evaluation.permissions.registrations` answers from it what a user may do now (the detail page's buttons);
`manage.py workflow_diagram` draws it into docs/workflow.md. Acts that leave the status where it is (editing,
Mẫu 03, site visits…) are rows without a target: they still say from which statuses and by whom.

Rows with `roles=None` are checked by the caller's own rule: the council's chair takes the result
(`services.results.item_finalise`), a decision's issuer and its second officer decide (certificates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ocop.choices import Role

from .choices import RegistrationStatus

S = RegistrationStatus
ANY = frozenset(S)

# Producers file; officers may type a paper dossier in on the producer's behalf. The producer's own acts on its
# dossier (rows with `own`: filing it or a copy of an earlier one, editing, submitting, supplying, withdrawing) an
# officer does only for a producer that has no account of its own (permissions.registrations.acts_for_the_producer,
# products.permissions.acts_for_producer): one with an account acts itself. A dossier an officer filed for it would
# be one only the producer could complete.
PRODUCER_SIDE = frozenset(
    {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}
)
COMMUNE_SIDE = frozenset({Role.COMMUNE_OFFICER, Role.ADMIN})
PROVINCE_SIDE = frozenset({Role.PROVINCE_OFFICER, Role.ADVISORY_MEMBER, Role.CENTRAL_OFFICER, Role.ADMIN})
# The OCOP office itself, not the advisory team.
OFFICE = frozenset({Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN})
# The province's OCOP office alone: what the province does (its check, Điều 7.3a; its approval and letter, 7.3e) and
# the ministry receives.
PROVINCE_OFFICE = frozenset({Role.PROVINCE_OFFICER, Role.ADMIN})

COMMUNE_CHECK_WORKING_DAYS = 15  # D26 Điều 7.2: the commune checks a submitted dossier within 15 working days

# Once a dossier is in one of these, the product may be filed again (no dossier is "in progress").
CLOSED = frozenset({S.DECIDED, S.NOT_RECOGNISED, S.WITHDRAWN, S.REJECTED, S.ELIMINATED})


# Who a notice may name (services.workflow.recipients says who each is).
AUDIENCES = frozenset({"producer", "commune", "province", "office", "advisory", "central", "holder"})


@dataclass(frozen=True)
class Notice:
    """Who is told, in-app now and by e-mail on commit. `audience` (one of AUDIENCES): producer, commune, province
    (its OCOP office and its advisory team), office (the province's OCOP office alone: what the team cannot open yet),
    advisory (the province's advisory team alone, Tổ tư vấn, when a dossier reaches it: it reviews what the office
    received, Điều 7.3c), central (the ministry's OCOP office, which receives what a province sends it, Điều 7.4a),
    or holder (the side that held the dossier: nobody for a draft, the commune while it checks, the province
    afterwards).
    The message may use %(p)s (product), %(r)s (reason), %(d)s (the commune's deadline) and %(t)s (the province)."""

    event: str
    audience: str
    message: str


@dataclass(frozen=True)
class Step:
    name: str  # the permission name (`can_do(user, name)`) and the key the templates ask
    verb: str  # the audit action is "registration.<verb>"; one verb may have a row per stage (return, reject)
    sources: frozenset[str]
    target: str | None  # None: an act that leaves the status as it is
    roles: frozenset[str] | None
    reason: bool = False
    notices: tuple[Notice, ...] = field(default=())
    actor: str = ""  # who does it when the caller guards it (roles=None)
    # The producer's own act (D26 Điều 7.1: it prepares its dossier, puts it in the system and answers for it): its
    # officers' roles do it only for a producer without an account (permissions.registrations.acts_for_the_producer).
    own: bool = False

    @property
    def audit_action(self) -> str:
        return f"registration.{self.verb}"


def _step(name, sources, target, roles, *, verb=None, reason=False, notices=(), actor="", own=False):
    return Step(
        name=name,
        verb=verb or name,
        sources=frozenset(sources),
        target=target,
        roles=roles,
        reason=reason,
        notices=tuple(Notice(*n) for n in notices),
        actor=actor,
        own=own,
    )


EDITABLE = frozenset({S.DRAFT, S.RETURNED})
UNDER_REVIEW = frozenset({S.FORWARDED, S.ADVISORY_REVIEW})

# Withdrawing is the producer's own act (Điều 7.1). An officer records it for a producer that has no account of its
# own (a paper dossier typed in on its behalf: PRODUCER_SIDE, `own`), and only while the dossier is with the officer's
# side (permissions.registrations.may_withdraw): back with the producer, or the commune's until it forwards the dossier
# (Điều 7.2; the forwarding tells it "UBND xã không sửa hay trả lại hồ sơ được nữa"), the province's OCOP office's
# from then on (Điều 7.3a). A producer with an account withdraws its dossier itself.
WITHDRAWN_FOR_THE_PRODUCER = {
    Role.COMMUNE_OFFICER: EDITABLE | {S.SUBMITTED},
    Role.PROVINCE_OFFICER: EDITABLE | UNDER_REVIEW | {S.SUPPLEMENT_REQUESTED},
    Role.CENTRAL_OFFICER: EDITABLE,
}

# Whose turn a dossier is: the producer's to complete, the commune's to check, the advisory team's to review, and
# otherwise the province's, forwarded to be checked or under review. The home's counts and the links behind them,
# the registration list's "your turn first" order and the dossier's own flag all read it (waiting_statuses).
PRODUCER_TURN = frozenset({S.DRAFT, S.RETURNED, S.SUPPLEMENT_REQUESTED})
# The province's office also owes the ministry the chair's approval and the letter of a potential 5★.
PROVINCE_TURN = UNDER_REVIEW | {S.PROVINCE_APPROVAL}
# The ministry's: what a province has sent it (a potential 5★ with its approval and letter, a 5★ re-evaluation with
# its report and letter), for the central council (Điều 7.4, 7.6e).
CENTRAL_TURN = frozenset({S.FORWARDED_TO_CENTRAL})
TURNS = {
    Role.PRODUCER: PRODUCER_TURN,
    Role.COMMUNE_OFFICER: frozenset({S.SUBMITTED}),
    Role.ADVISORY_MEMBER: frozenset({S.ADVISORY_REVIEW}),
    Role.PROVINCE_OFFICER: PROVINCE_TURN,
    Role.CENTRAL_OFFICER: CENTRAL_TURN,
}


def waiting_statuses(user) -> frozenset:
    """The statuses of the dossiers waiting for `user`'s side of the procedure (TURNS); for everyone else (the
    province's viewer, the administrator) what waits for the province, as its office counts it."""
    return TURNS.get(user.role, PROVINCE_TURN)


WAITING_FOR_COUNCIL = frozenset({S.READY_FOR_COUNCIL, S.FORWARDED_TO_CENTRAL})
RETURNED_MESSAGE = _("Hồ sơ “%(p)s” bị trả lại: %(r)s")
REJECTED_MESSAGE = _("Hồ sơ “%(p)s” bị từ chối: %(r)s")
SENT_BACK_MESSAGE = _("Hồ sơ “%(p)s” được chuyển về Hội đồng cấp tỉnh để đánh giá lại (Điều 7.4g): %(r)s")

CHAIR = "council chair (services.results)"
ISSUER = "decision issuer + checking officer (certificates)"

STEPS: tuple[Step, ...] = (
    # ---- the producer's dossier (Điều 6)
    _step("create", (), S.DRAFT, PRODUCER_SIDE, own=True),
    _step(
        "submit",
        EDITABLE,
        S.SUBMITTED,
        PRODUCER_SIDE,
        own=True,
        notices=[
            ("submitted", "commune", _("Hồ sơ “%(p)s” đã nộp, chờ UBND xã kiểm tra, hạn đến hết ngày %(d)s.")),
        ],
    ),
    _step(
        "withdraw",
        EDITABLE | UNDER_REVIEW | {S.SUBMITTED, S.SUPPLEMENT_REQUESTED},
        S.WITHDRAWN,
        PRODUCER_SIDE,
        own=True,
        reason=True,
        notices=[("withdrawn", "holder", _("Chủ thể đã rút hồ sơ “%(p)s”: %(r)s"))],
    ),
    # ---- the commune's check (Điều 7.2, 15 working days, Mẫu 03)
    _step(
        "forward",
        {S.SUBMITTED},
        S.FORWARDED,
        COMMUNE_SIDE,
        notices=[
            ("forwarded", "office", _("UBND xã đã chuyển hồ sơ “%(p)s” lên cấp tỉnh.")),
            ("forwarded", "producer", _("Hồ sơ “%(p)s” đã được chuyển lên cấp tỉnh.")),
        ],
    ),
    _step(
        "commune_return",
        {S.SUBMITTED},
        S.RETURNED,
        COMMUNE_SIDE,
        verb="return",
        reason=True,
        notices=[("returned", "producer", RETURNED_MESSAGE)],
    ),
    _step(
        "commune_reject",
        {S.SUBMITTED},
        S.REJECTED,
        COMMUNE_SIDE,
        verb="reject",
        reason=True,
        notices=[("rejected", "producer", REJECTED_MESSAGE)],
    ),
    # ---- the province: completeness check and the advisory team (Tổ tư vấn)
    # D26 Điều 7.3a: the province's OCOP office receives the commune's dossier, checks what it holds and says, and
    # where needed tells the commune and the producer to complete it (its return at "forwarded"). The advisory team
    # takes the dossier from the office (Điều 7.3c): it neither receives nor returns it at this check, and is told
    # once the office has received it that the review is now its own.
    _step(
        "start_review",
        {S.FORWARDED},
        S.ADVISORY_REVIEW,
        PROVINCE_OFFICE,
        notices=[
            ("advisory_review", "producer", _("Cơ quan OCOP tỉnh đã tiếp nhận hồ sơ “%(p)s”; Tổ tư vấn đang xem xét.")),
            (
                "advisory_review",
                "advisory",
                _("Cơ quan OCOP tỉnh đã tiếp nhận hồ sơ “%(p)s” và chuyển Tổ tư vấn xem xét (Điều 7 khoản 3)."),
            ),
        ],
    ),
    _step(
        "province_return",
        {S.FORWARDED},
        S.RETURNED,
        PROVINCE_OFFICE,
        verb="return",
        reason=True,
        # Điều 7.3a: "thông báo và hướng dẫn UBND cấp xã, chủ thể OCOP hoàn thiện hồ sơ".
        notices=[("returned", "producer", RETURNED_MESSAGE), ("returned", "commune", RETURNED_MESSAGE)],
    ),
    # D26 Điều 7.3a: the province's OCOP office refuses a dossier that cannot be evaluated (not an OCOP subject or
    # product…), at its completeness check or when that comes to light under review. The advisory team does not: it
    # proposes and reports to the council's chair (Điều 7.3c: site visits, tests, supplements). A knock-out of Phụ
    # lục II is no refusal and no act here: the council's finding, recorded by its chair with the ground, the
    # evidence and the reason (services.results.finding_record), eliminates through council_eliminate below.
    _step(
        "reject",
        UNDER_REVIEW,
        S.REJECTED,
        PROVINCE_OFFICE,
        reason=True,
        notices=[("rejected", "producer", REJECTED_MESSAGE)],
    ),
    _step(
        "request_supplement",
        {S.ADVISORY_REVIEW},
        S.SUPPLEMENT_REQUESTED,
        PROVINCE_SIDE,
        reason=True,
        notices=[
            ("supplement_requested", "producer", _("Tổ tư vấn yêu cầu bổ sung hồ sơ “%(p)s”: %(r)s")),
        ],
    ),
    _step(
        "supply",
        {S.SUPPLEMENT_REQUESTED},
        S.ADVISORY_REVIEW,
        PRODUCER_SIDE,
        own=True,
        verb="supply_supplement",
        notices=[
            ("supplement_supplied", "province", _("Chủ thể đã bổ sung hồ sơ “%(p)s”.")),
        ],
    ),
    _step(
        "mark_ready",
        {S.ADVISORY_REVIEW},
        S.READY_FOR_COUNCIL,
        PROVINCE_SIDE,
        notices=[
            ("ready_for_council", "producer", _("Hồ sơ “%(p)s” đã sẵn sàng trình Hội đồng đánh giá, phân hạng.")),
        ],
    ),
    # D26 Điều 6.3b, 7.6e: a 5★ product's re-evaluation goes from the province's OCOP office, with its own report
    # and the province's letter (services.transitions.registration_forward_central), to the ministry's council; no
    # provincial council scores it (selectors.dossier.central_reevaluation). Like refer_central, the province's
    # office records its own papers: the ministry receives them. From "scored" too: one a provincial council scored
    # all the same (before this row, or the product's 5★ certificate came after it went before the council) waited
    # there for ever, since no decision of the province may replace the Minister's certificate (certificates'
    # kept_certificate_q) and the ministry decides on its council's results only; the office sends it as it should
    # have been (selectors.dossier.central_reevaluation_scored), and the central council's result replaces the
    # province's.
    _step(
        "forward_central",
        {S.ADVISORY_REVIEW, S.SCORED},
        S.FORWARDED_TO_CENTRAL,
        PROVINCE_OFFICE,
        verb="forward_to_central",
        notices=[
            (
                "forwarded_to_central",
                "producer",
                _("Hồ sơ đánh giá lại “%(p)s” (sản phẩm 5 sao) đã được gửi Bộ Nông nghiệp và Môi trường."),
            ),
            (
                "forwarded_to_central",
                "central",
                _(
                    "%(t)s đã gửi Bộ hồ sơ đánh giá lại “%(p)s” (sản phẩm 5 sao), chờ Hội đồng cấp trung ương đánh "
                    "giá (Điều 7 khoản 6 điểm e)."
                ),
            ),
        ],
    ),
    # ---- the council's result (taken by its chair: services.results.item_finalise); told later (Điều 7.3g)
    _step("council_score", WAITING_FOR_COUNCIL, S.SCORED, None, verb="council_result", actor=CHAIR),
    # D26 Điều 7.3e: a provincial result of 90 or more waits for the Chủ tịch UBND tỉnh's approval of the result.
    _step(
        "council_potential_five",
        {S.READY_FOR_COUNCIL},
        S.PROVINCE_APPROVAL,
        None,
        verb="council_result",
        actor=CHAIR,
    ),
    _step("council_not_recognised", WAITING_FOR_COUNCIL, S.NOT_RECOGNISED, None, verb="council_result", actor=CHAIR),
    _step("council_eliminate", WAITING_FOR_COUNCIL, S.ELIMINATED, None, verb="council_result", actor=CHAIR),
    # D26 Điều 7.3e, 6.3a: the province's office records the chair's decision approving the result and the
    # province's letter to the ministry (services.transitions.registration_refer_central); only then does the
    # ministry have the dossier, and its 45 days of a re-evaluation run from the letter (Điều 7.6g).
    _step(
        "refer_central",
        {S.PROVINCE_APPROVAL},
        S.FORWARDED_TO_CENTRAL,
        PROVINCE_OFFICE,
        verb="refer_to_central",
        notices=[
            (
                "forwarded_to_central",
                "central",
                _(
                    "%(t)s đã phê duyệt kết quả và gửi Bộ hồ sơ “%(p)s” (tiềm năng 5 sao), chờ Hội đồng cấp trung "
                    "ương đánh giá, phân hạng (Điều 7 khoản 3 điểm e)."
                ),
            ),
        ],
    ),
    # D26 Điều 7.4g, second option: a central result below 90 goes back for a new provincial evaluation.
    _step(
        "send_back",
        {S.SCORED, S.NOT_RECOGNISED},
        S.READY_FOR_COUNCIL,
        OFFICE,
        verb="send_back_to_province",
        reason=True,
        notices=[("sent_back", "province", SENT_BACK_MESSAGE), ("sent_back", "producer", SENT_BACK_MESSAGE)],
    ),
    # D26 Điều 7.5, 7.3g: an upgrade whose result does not exceed the star of the product's live certificate is no
    # upgrade, and no decision may recognise it (certificates' kept_certificate_q keeps the certificate). One taken
    # before the council's result knew the star held, or whose product got its certificate since, waited as "scored"
    # for ever: the OCOP office whose council took it concludes it "không đạt" (selectors.dossier.upgrade_kept), and
    # the producer is told in writing that the product keeps its certificate
    # (services.transitions.registration_upgrade_not_achieved), the commune too, by the same written notice (Điều 7.3g).
    _step(
        "upgrade_kept",
        {S.SCORED},
        S.NOT_RECOGNISED,
        OFFICE,
        verb="upgrade_not_achieved",
    ),
    # The recognition decision (certificates app: issued by its issuer, checked by a second officer).
    _step("decide", {S.SCORED, S.FORWARDED_TO_CENTRAL}, S.DECIDED, None, actor=ISSUER),
    # ---- acts that leave the status as it is
    # answers, files (a supplement: only those asked)
    _step("edit", EDITABLE | {S.SUPPLEMENT_REQUESTED}, None, PRODUCER_SIDE, own=True),
    _step("edit_round", EDITABLE, None, PRODUCER_SIDE, own=True),  # the round and, for set 26, the case
    _step("commune_report", {S.SUBMITTED}, None, COMMUNE_SIDE),  # Mẫu 03
    _step("site_visit", {S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED}, None, PROVINCE_SIDE),
    _step("test_request", {S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED}, None, PROVINCE_SIDE),
    _step("test_result", ANY, None, PROVINCE_SIDE),  # the result of a test asked earlier, whenever it arrives
    # The written notice of a result no decision announces (Điều 7.3g), once per outcome.
    _step("notify_result", {S.FORWARDED_TO_CENTRAL, S.NOT_RECOGNISED, S.ELIMINATED}, None, OFFICE),
    # An upgrade or re-evaluation filed from a copy of this dossier (Điều 6.1b–c): once it is closed (a scored one
    # still awaits its decision, and a product has one dossier open at a time), and only while the product holds a
    # live certificate (the guard in permissions.registrations; services.dossier.registration_create refuses too).
    _step("copy", {S.DECIDED, S.NOT_RECOGNISED}, None, PRODUCER_SIDE, verb="copy_previous", own=True),
)

BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}

# What removes a refusal of the submission or the forwarding (services.checks.Blocker.remedy) → the row whose act it
# is, so that only whoever may do it is offered it. In the order they are done: the dossier page makes the first one
# the user may do its main button while the act they unblock is refused (permissions.registrations.remedies_for).
REMEDIES: dict[str, str] = {
    "rebind": "edit",  # a draft moved to the criteria in force (D26 Điều 12.2): nothing else counts before
    "edit_round": "edit_round",  # a round chosen, or another one that still takes dossiers
    "case_variant": "edit_round",  # set 26: Trường hợp 1 or 2, on the same page
    "selfassessment": "edit",  # Mẫu 02 self-assessed first: its signed copy is one of the documents
    "documents": "edit",  # the files still missing
    "commune_return": "commune_return",  # the return the commune's own Mẫu 03 proposes: it is decided already
    "commune_report": "commune_report",  # Mẫu 03 written, or corrected (complete, name, samples)
}

# A dossier evaluated but still waiting for its decision (ocop-domain.md §6): scored and not yet decided, a potential
# 5★ waiting for the province's approval and letter, forwarded to the central council, or sent back for a new
# provincial evaluation. It may still be recognised, so it is not "not recognised" (the statistics page, its lists and
# the periodic report, dashboard.selectors): only a result below 3★, a knock-out or a central result the province did
# not recognise is, once no certificate came of it.
AWAITING_DECISION = BY_NAME["decide"].sources | WAITING_FOR_COUNCIL | BY_NAME["refer_central"].sources


def step(name: str) -> Step:
    return BY_NAME[name]


def sources(name: str) -> frozenset[str]:
    """The statuses from which `name` may be done."""
    return BY_NAME[name].sources


def step_for(verb: str, status: str, role: str | None = None) -> Step:
    """The row of `verb` that applies from `status` (return and reject have one per stage). When none applies,
    the row of `role` if it has one (a commune officer's second "return" of a dossier it already returned is told
    the dossier's status, not that its role may not return), else the last: its roles are checked first, then its
    statuses refuse with a clear message."""
    rows = [s for s in STEPS if s.verb == verb]
    applies = next((s for s in rows if status in s.sources), None)
    return applies or next((s for s in rows if s.roles and role in s.roles), rows[-1])


def transitions() -> list[Step]:
    """The rows that move the status."""
    return [s for s in STEPS if s.target is not None]


def upgrade_achieved(*, star: int, held_star: int | None) -> bool:
    """D26 Điều 7.5: an upgrade (nâng hạng) reaches a star above the one the product's live certificate holds; a
    result at or below it is no upgrade (không đạt nâng hạng) and the product keeps the certificate it has: the result
    replaces nothing. With no star held (no certificate in force any more) there is nothing to exceed. The council's
    result follows it (`finalise_step`: not recognised; CouncilResult.upgrade_failed) and so does the decision
    (certificates.services.eligibility.kept_certificate_q, the same rule on the database)."""
    return held_star is None or star > held_star


def star_given(*, final_star: int, potential_five: bool, eliminated: bool) -> int:
    """The stars a council's result gives the product (CouncilResult.star_shown; the API's rows compute it from the
    columns): none when eliminated, and none for a province's potential 5★, which the Chủ tịch UBND tỉnh approves and
    sends to the ministry without recognising a star (D26 Điều 7.3e, 4.1): `final_star` keeps what the rule computed."""
    return 0 if eliminated or potential_five else final_star


def finalise_step(
    *, eliminated: bool, potential_five: bool, recognisable: bool, province: bool, upgraded: bool = True
) -> Step:
    """Where the council's result takes the dossier (D26 Điều 7.3e, 4.1a). `upgraded` False: an upgrade whose star
    does not exceed the one the product holds (Điều 7.5, upgrade_achieved) is not recognised: no decision
    replaces the product's certificate, and the producer is told in writing (Điều 7.3g)."""
    if eliminated:
        return BY_NAME["council_eliminate"]
    if potential_five and province:
        return BY_NAME["council_potential_five"]
    if not recognisable or not upgraded:
        return BY_NAME["council_not_recognised"]
    return BY_NAME["council_score"]
