"""The evaluation app's documents, as files built from what the app holds. Rendering (fonts, no network) is
ocop.pdf's; Excel is ocop.xlsx's.

- The dossier's official papers as printable PDFs laid out as in D26 Phụ lục III: Mẫu 01 (phiếu đăng ký), Mẫu 02
  (báo cáo tự đánh giá, with the producer's self-scores per criterion) and Mẫu 03 (the commune's report), printed,
  signed, sealed and uploaded back as the dossier's documents, so neither the producer nor the commune retypes them.
- A scorecard exactly as the official sheet (D26 Phụ lục II).
- The council's documents: the session minutes (biên bản) as PDF, the Excel export of every member's choices and a
  member's signed sheet. They are built from `evaluation.selectors.councils`, so they show exactly what the
  requesting user may see.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop import xlsx
from ocop.pdf import render_html, render_html_cached, render_pdf, render_template_html

from .choices import MemberRole, RevisionKind
from .models import CommuneReport, Registration, Scorecard
from .models.registrations import SAMPLES_REQUIRED
from .permissions.registrations import can_print_form
from .selectors.councils import export_rows, session_overview
from .selectors.criteria import NOTHING_MET, scorecard_sheet_rows
from .selectors.registrations import selfassessment_sheet
from .services.star_rule import not_applicable

# ---------------------------------------------------------------- the dossier's papers (Mẫu 01, 02, 03)

FORMS = {"01": "mau01", "02": "mau02", "03": "mau03"}


def _unit_name(unit) -> str:
    return unit.name_in_text if unit is not None else "……………"  # after "Ủy ban nhân dân", in a sentence


def dossier_form_pdf(*, registration: Registration, form: str, user) -> bytes:
    if form not in FORMS:
        raise ValueError(form)
    if not can_print_form(user, form):
        raise PermissionDenied
    product = registration.product
    producer = product.producer
    product_set = product.product_set
    classification = (
        f"{product_set.group.sector.name}, {product_set.group.name}, {product_set.name}" if product_set else "……………"
    )
    commune = registration.commune
    context = {
        "r": registration,
        "product": product,
        "producer": producer,
        "address": producer.full_address,
        "classification": classification,
        "commune_name": _unit_name(commune),
        "province_name": _unit_name(commune.parent if commune.parent_id else None),
        "samples": "—" if product_set and product_set.is_tourism else SAMPLES_REQUIRED,
    }
    if form == "02":
        context["sheet"] = selfassessment_sheet(registration)
        context["scorecard"] = registration.scorecard
    if form == "03":
        context["report"] = CommuneReport.objects.filter(registration=registration).first()
    return render_pdf(f"evaluation/pdf/forms/{FORMS[form]}.html", context)


# ---------------------------------------------------------------- the scorecard


def scorecard_pdf_html(scorecard: Scorecard) -> str:
    return render_template_html(
        "evaluation/scorecard_pdf.html", {"scorecard": scorecard, "rows": scorecard_sheet_rows(scorecard)}
    )


def render_scorecard_pdf(scorecard: Scorecard) -> bytes:
    """A prefetched scorecard (selectors.criteria.scorecard_with_tree) as PDF bytes, rendered once a day while it
    stays the same (ocop.pdf.render_html_cached)."""
    return render_html_cached(scorecard_pdf_html(scorecard))


# ---------------------------------------------------------------- the council's documents


def minutes_pdf(*, user, session) -> bytes:
    overview = session_overview(user=user, session=session)
    signers = {row["member"].role: row for row in overview["members"]}  # names under the signatures
    chair, secretary = signers.get(MemberRole.CHAIR), signers.get(MemberRole.SECRETARY)
    # Whoever keeps the minutes signs them. A secretary the roll marks absent from the meeting did not: the block is
    # then headed "Người ghi biên bản", for the person who did to sign, and names no one (neither the Quy chế in
    # the data nor Quyết định 26/2026 names a stand-in). A written-opinion session has no roll.
    secretary_absent = secretary is not None and secretary["present"] is False
    return render_pdf(
        "evaluation/pdf/minutes.html",
        {
            **overview,
            "printed_at": timezone.localtime(),
            "chair": chair and chair["member"],
            "secretary": None if secretary_absent else secretary and secretary["member"],
            "secretary_absent": secretary_absent,
        },
    )


# In the reader's language, as the other exports (the headings are read when the file is written).
SESSION_COLUMNS = [
    (pgettext_lazy("column", "Hồ sơ"), 40, True),
    (_("Sản phẩm"), 30, True),
    (_("Thành viên"), 24, False),
    (_("Vai trò"), 14, False),
    (_("Cơ quan"), 24, True),
    (_("Vòng chấm"), 9, False),
    (_("Phần"), 8, False),
    (_("Tiêu chí"), 60, True),
    (_("Phương án đã chọn"), 60, True),
    (_("Điểm"), 7, False),
    (_("Ý kiến"), 40, True),
    (_("Tổng điểm của phiếu"), 10, False),
]


def _choice_text(row) -> str:
    if row["option"] is not None:
        return row["option"].text
    if row["points"] is None:
        return "—"  # not answered (a knocked-out sheet)
    if row["criterion"].is_yes_no:
        return str(_("Có")) if row["points"] else str(_("Không"))
    return str(NOTHING_MET)


def session_xlsx(*, user, session) -> bytes:
    export = xlsx.Export(title=_("Phiếu chấm: %(s)s") % {"s": session}, subject=f"{session.council}")
    columns = [xlsx.Column(str(header), width, wrap=wrap) for header, width, wrap in SESSION_COLUMNS]
    ws = export.sheet(_("Phiếu chấm"), columns)
    for row in export_rows(user=user, session=session):
        member = row["member"]
        registration = row["registration"]
        ws.append(
            [
                str(registration),  # product code and name, kind of evaluation and year, not a bare id
                registration.product.name,
                str(member.user),
                member.get_role_display(),
                member.agency,
                row["sheet"].scoring_round,
                row["part"],
                f"{row['criterion'].number} {row['criterion'].title}",
                _choice_text(row),
                row["points"],
                row["comment"],
                float(row["sheet"].total),
            ]
        )
    return export.to_bytes()


def sheet_pdf(*, revision, item) -> bytes:
    return render_html(sheet_pdf_html(revision=revision, item=item))


def sheet_pdf_html(*, revision, item) -> str:
    """One member's submitted sheet, frozen at submission: the head of the official sheet (D26 Phụ lục II, the same
    part as the blank scorecard's) and every choice from the stored snapshot (not the live sheet), the timestamp, the
    member's electronic signature and the SHA-256 fingerprint of the frozen copy. A revision kept before the head was
    frozen prints today's product and producer, and says so."""
    from .models.criteria import Option
    from .models.scoresheets import SheetRevision
    from .selectors.sheet_structure import scorecard_structure, sheet_header

    registration = item.registration
    structure = scorecard_structure(registration.scorecard, registration.case_variant)
    snapshot = revision.snapshot or {}
    answers = snapshot.get("scores", {})
    option_ids = [a["option"] for a in answers.values() if a.get("option")]
    options = {o.pk: o for o in Option.objects.filter(pk__in=option_ids)}
    # A conditional criterion left without a choice because its condition scored 0 (no story in 5.1, no 5.2): counts
    # 0, and the sheet says why rather than print a bare "—".
    not_asked = not_applicable(
        {int(cid): a["points"] for cid, a in answers.items() if a.get("answered", True)},
        {cid: c.applies_if_id for cid, c in structure.criteria.items()},
    )
    parts = []
    for part in structure.parts:
        rows, subtotal = [], 0
        for group in part.group_list:
            for criterion in group.criterion_list:
                answer = answers.get(str(criterion.pk))
                if (answer is None or not answer.get("answered", True)) and criterion.pk in not_asked:
                    choice, points = "—", 0
                elif answer is None or not answer.get("answered", True):
                    choice, points = "—", None
                elif answer.get("option"):
                    option = options.get(answer["option"])
                    choice, points = (option.text if option else "—"), answer["points"]
                elif criterion.is_yes_no:
                    choice, points = ("Có" if answer["points"] else "Không"), answer["points"]
                else:
                    choice, points = "Không đạt phương án nào", answer["points"]
                subtotal += points or 0
                # "Chỉ áp dụng khi…": the option was chosen but counts 0 because its condition scored 0.
                condition = structure.criteria.get(criterion.applies_if_id) if criterion.applies_if_id else None
                chosen = options.get((answer or {}).get("option"))
                rows.append(
                    {
                        "criterion": criterion,
                        "choice": choice,
                        "points": points,
                        "comment": (answer or {}).get("comment", ""),
                        "void_because": condition.number
                        if condition is not None
                        and (criterion.pk in not_asked or chosen is not None and chosen.points and not points)
                        else "",
                    }
                )
        parts.append({"part": part, "rows": rows, "subtotal": subtotal})
    reopened = (
        SheetRevision.objects.filter(
            sheet_id=revision.sheet_id, kind=RevisionKind.REOPEN, version__gte=revision.version
        )
        .select_related("by")
        .order_by("at")
        .first()
    )
    header = snapshot.get("header") or None
    context = {
        "scorecard": registration.scorecard,
        "sheet_head": header or sheet_header(registration_id=registration.pk),
        "header_frozen": header is not None,
        "revision": revision,
        "sheet": revision.sheet,
        "member": revision.sheet.member,
        "item": item,
        "registration": registration,
        "parts": parts,
        "snapshot": snapshot,
        "reopened": reopened,
        "printed_at": timezone.localtime(),
    }
    return render_template_html("evaluation/pdf/sheet.html", context)
