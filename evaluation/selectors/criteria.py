"""Reads of the scorecards (public law: every signed-in user may read them).

- `criteria_version_in_force(on=…)`: the version a registration filed on that day is bound to.
- `criterion_number_order(number)`: the key that lists criterion numbers as the scorecards do (8 before 15).
- `scorecard_for(product_set=…, on=…)`: the sheet that scores a product of that set.
- `scorecard_with_tree(…)`: one scorecard with its whole tree in a constant number of queries.
- `scorecard_export(…)` / `criteria_version_export(…)`: the canonical JSON shape (same as evaluation/data/*.json).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..models import CriteriaVersion, Criterion, CriterionGroup, KnockoutRule, Option, Part, Scorecard


def criterion_number_order(number: str) -> tuple:
    """The scorecards' order of criterion numbers: "8" before "15", "1.2" before "1.10" (as text, "15" came first)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in number.split("."))


def criteria_version_in_force(*, on: dt.date) -> CriteriaVersion | None:
    """The newest version in force on `on` (D26 from 22/05/2026; 148/2023 before it; 1048/2019 before that).

    Versions overlap during a transition (148 runs to 21/07/2026 for pending dossiers, D26 Điều 12.2): a new
    filing takes the newest one, a pending dossier keeps the version it was bound to when filed.
    """
    return (
        CriteriaVersion.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )


def scorecard_for(
    *, product_set, on: dt.date | None = None, version: CriteriaVersion | None = None
) -> Scorecard | None:
    """The scorecard of a product set in `version` (or in the version in force on `on`)."""
    if version is None:
        version = criteria_version_in_force(on=on or timezone.localdate())
    if version is None:
        return None
    number = getattr(product_set, "number", product_set)
    return Scorecard.objects.filter(version=version, number=number).select_related("version").first()


def scorecard_list(*, user, version: CriteriaVersion | None = None) -> QuerySet[Scorecard]:
    """All scorecards (of one version), newest version first. Criteria are public law: no scope filter."""
    qs = Scorecard.objects.select_related("version", "product_set").order_by("-version__effective_from", "number")
    if version is not None:
        qs = qs.filter(version=version)
    return qs


def _criteria_prefetch() -> Prefetch:
    # A fresh Prefetch each time: Django prefixes nested lookups in place, so they cannot be shared.
    options = Prefetch("options", queryset=Option.objects.order_by("order"))
    return Prefetch(
        "criteria", queryset=Criterion.objects.select_related("applies_if").order_by("order").prefetch_related(options)
    )


def _tree_prefetch() -> list:
    subgroups = Prefetch(
        "subgroups", queryset=CriterionGroup.objects.order_by("order").prefetch_related(_criteria_prefetch())
    )
    groups = Prefetch(
        "groups",
        queryset=CriterionGroup.objects.filter(parent__isnull=True)
        .order_by("order")
        .prefetch_related(_criteria_prefetch(), subgroups),
    )
    return [
        Prefetch("parts", queryset=Part.objects.order_by("letter").prefetch_related(groups)),
        Prefetch("knockout_rules", queryset=KnockoutRule.objects.select_related("criterion").order_by("order")),
    ]


def scorecard_with_tree(*, pk: int | None = None, queryset: QuerySet[Scorecard] | None = None):
    """Scorecard(s) with parts → groups → (sub-groups →) criteria → options and knock-outs prefetched."""
    qs = (
        (queryset if queryset is not None else Scorecard.objects.all())
        .select_related("version", "product_set")
        .prefetch_related(*_tree_prefetch())
    )
    if pk is not None:
        return qs.get(pk=pk)
    return qs


def scorecard_criteria(scorecard: Scorecard) -> list[Criterion]:
    """The criteria of a prefetched scorecard in sheet order (for score entry and self-assessment)."""
    out = []
    for part in scorecard.parts.all():
        for group in part.groups.all():
            out.extend(group.criteria.all())
            for sub in group.subgroups.all():
                out.extend(sub.criteria.all())
    return out


# The choice a criterion offers besides its options when none of them is worth 0 (offers_nothing_met): one label on
# the producer's Mẫu 02, the member's sheet and what each prints, first like the 0 it is worth (the law lists each
# criterion's options from the lowest up).
NOTHING_MET = gettext_lazy("Không đạt phương án nào")


def offers_nothing_met(options) -> bool:
    """Whether a criterion with these options (those of the registration's case, for set 26) is answered "no option
    met" (0 points) besides its options: only when none of them is worth 0 — the lowest option is not always 0
    (set 1, 1.1 and 3.3 start at 1), and where the decision prints a 0-point option a second 0 is the same answer
    offered twice (ocop-domain.md §3.2)."""
    return not any(o.points == 0 for o in options)


def _criterion_export(c: Criterion) -> dict:
    return {
        "number": c.number,
        "title": c.title,
        "max_points": c.max_points,
        "requirement": c.requirement,
        "notes": c.notes,
        "is_yes_no": c.is_yes_no,
        "applies_if": c.applies_if.number if c.applies_if_id else None,
        "correction_note": c.correction_note,
        "misprint_note": c.misprint_note,
        "options": [
            {
                "text": o.text,
                "points": o.points,
                "min_star": o.min_star,
                "case_variant": o.case_variant,
                "correction_note": o.correction_note,
            }
            for o in c.options.all()
        ],
    }


def _knockout_triggers(scorecard: Scorecard) -> tuple[dict, dict]:
    """The stops a score states, per knock-out rule of the scorecard, in two queries whatever the number of rules."""
    zero_on: dict[int, list[str]] = {}
    options: dict[int, list[dict]] = {}
    through = KnockoutRule.trigger_criteria.through.objects.filter(knockoutrule__scorecard=scorecard)
    for row in through.select_related("criterion").order_by("criterion__group__order", "criterion__order", "id"):
        zero_on.setdefault(row.knockoutrule_id, []).append(row.criterion.number)
    through = KnockoutRule.trigger_options.through.objects.filter(knockoutrule__scorecard=scorecard)
    for row in through.select_related("option__criterion").order_by("option_id"):
        options.setdefault(row.knockoutrule_id, []).append(
            {"criterion": row.option.criterion.number, "text": row.option.text}
        )
    return zero_on, options


def scorecard_export(scorecard: Scorecard) -> dict:
    """A prefetched scorecard (see scorecard_with_tree) as the canonical dict of the data files."""
    zero_on, trigger_options = _knockout_triggers(scorecard)
    return {
        "number": scorecard.number,
        "title": scorecard.title,
        "subtitle": scorecard.subtitle,
        "product_set": scorecard.product_set.number if scorecard.product_set_id else None,
        "has_case_variants": scorecard.has_case_variants,
        "knockouts": [
            {
                "code": k.code,
                "text": k.text,
                "criterion": k.criterion.number if k.criterion_id else None,
                "stops_evaluation": k.stops_evaluation,
                "zero_on": zero_on.get(k.pk, []),
                "trigger_options": trigger_options.get(k.pk, []),
            }
            for k in scorecard.knockout_rules.all()
        ],
        "parts": [
            {
                "letter": p.letter,
                "title": p.title,
                "max_points": p.max_points,
                "correction_note": p.correction_note,
                "groups": [
                    {
                        "number": g.number,
                        "title": g.title,
                        "max_points": g.max_points,
                        "notes": g.notes,
                        "subgroups": [
                            {
                                "number": s.number,
                                "title": s.title,
                                "max_points": s.max_points,
                                "notes": s.notes,
                                "criteria": [_criterion_export(c) for c in s.criteria.all()],
                            }
                            for s in g.subgroups.all()
                        ],
                        "criteria": [_criterion_export(c) for c in g.criteria.all()],
                    }
                    for g in p.groups.all()
                ],
            }
            for p in scorecard.parts.all()
        ],
        "total": sum(p.max_points for p in scorecard.parts.all()),
    }


def criteria_version_export(version: CriteriaVersion) -> dict:
    """A whole version with all its scorecards (what `manage.py export_criteria` prints)."""
    cards = scorecard_with_tree(queryset=Scorecard.objects.filter(version=version).order_by("number"))
    return {
        "legal_basis": version.legal_basis,
        "title": version.title,
        "effective_from": version.effective_from.isoformat(),
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "has_options": version.has_options,
        "source": version.source,
        "scorecards": [scorecard_export(c) for c in cards],
    }


def _criterion_rows(c: Criterion, *, show_heading: bool) -> list[dict]:
    """Rows of one criterion in the order of the official sheet: heading, requirement, "Chỉ áp dụng khi…",
    the options (per "Trường hợp" for set 26), then the notes."""
    rows: list[dict] = []
    if show_heading:
        rows.append({"kind": "criterion", "text": f"{c.number}. {c.title}", "points": c.max_points, "keep": True})
    if c.requirement:
        rows.append({"kind": "requirement", "text": f"Yêu cầu: {c.requirement}", "keep": True})
    lines = [ln for ln in c.notes.split("\n") if ln.strip()]
    # Explanations under the title ("(Khả năng sản xuất…)"), conditions and the case choice precede the options.
    before = [ln for ln in lines if ln.startswith(("(", "Chỉ áp dụng khi", "Lựa chọn một trong"))]
    cases = {ln[:1]: ln for ln in lines if ln[:2] in ("a.", "b.") and "Trường hợp" in ln}
    after = [ln for ln in lines if ln not in before and ln not in cases.values()]
    rows.extend({"kind": "note", "text": ln, "keep": True} for ln in before)
    current_case = None
    options = [] if c.is_yes_no else list(c.options.all())  # the bilingual label prints no options
    for o in options:
        if o.case_variant and o.case_variant != current_case:
            current_case = o.case_variant
            header = cases.get("a" if o.case_variant == 1 else "b", f"Trường hợp {o.case_variant}")
            rows.append({"kind": "case", "text": header, "keep": True})
        rows.append(
            {
                "kind": "option",
                "text": o.text,
                "points": o.points,
                "min_star": o.min_star,
                "marker": "*" * (o.min_star or 0),
            }
        )
    rows.extend({"kind": "note", "text": ln} for ln in after)
    return rows


def scorecard_sheet_rows(scorecard: Scorecard) -> list[dict]:
    """The official sheet as a flat list of table rows (kind, text, points, marker) for the page and the PDF.
    "keep" marks a heading or an explanation that must stay on the same printed page as the row after it.
    Needs a scorecard from scorecard_with_tree (no further queries).

    Only the law's text: the correction notes (how the reviewed data was made from a misprinted source, "… — sửa tay
    thành 0") are the maintainers', kept in the data, the export and the admin, never printed as if the decision
    said them."""
    rows: list[dict] = []
    for part in scorecard.parts.all():
        rows.append(
            {
                "kind": "part",
                "text": f"Phần {part.letter}: {part.title} ({part.max_points} Điểm)",
                "points": part.max_points,
                "keep": True,
            }
        )
        for group in part.groups.all():
            rows.append(
                {"kind": "group", "text": f"{group.number}. {group.title}", "points": group.max_points, "keep": True}
            )
            rows.extend({"kind": "note", "text": ln, "keep": True} for ln in group.notes.split("\n") if ln.strip())
            for c in group.criteria.all():
                rows.extend(_criterion_rows(c, show_heading=c.number != group.number))
            for sub in group.subgroups.all():
                rows.append(
                    {"kind": "subgroup", "text": f"{sub.number}. {sub.title}", "points": sub.max_points, "keep": True}
                )
                rows.extend({"kind": "note", "text": ln, "keep": True} for ln in sub.notes.split("\n") if ln.strip())
                for c in sub.criteria.all():
                    rows.extend(_criterion_rows(c, show_heading=True))
    rows.append({"kind": "total", "text": "TỔNG CỘNG", "points": sum(p.max_points for p in scorecard.parts.all())})
    return rows
