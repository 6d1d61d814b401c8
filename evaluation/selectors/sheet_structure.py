"""The scorecard as a score sheet lays it out (parts, groups, criteria, options, in sheet order), kept per worker
process for the sheets and autosaves that read it, and the head of the official sheet (the dossier being scored)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models.criteria import Criterion, CriterionGroup, Option, Part


@dataclass
class SheetStructure:
    parts: list  # Part objects with .group_list → CriterionGroup with .criterion_list → Criterion with .option_list
    criteria: dict[int, Criterion]
    options: dict[int, Option]
    part_of: dict[int, str]  # criterion id → part letter
    knockout_rules: list = field(default_factory=list)  # the scorecard's KnockoutRule rows, in order
    autostops: list = field(default_factory=list)  # star_rule.automatic_stops of the scorecard


def scorecard_structure(scorecard, case_variant: int = 0) -> SheetStructure:
    """The scorecard as nested lists in sheet order, in three queries. Options of the other tourism case
    (Trường hợp 1/2) are left out when the registration names its case."""
    option_qs = Option.objects.order_by("order", "id")
    if case_variant:
        option_qs = option_qs.filter(case_variant__in=[0, case_variant])
    parts = list(
        Part.objects.filter(scorecard=scorecard)
        .order_by("letter")
        .prefetch_related(
            Prefetch(
                "groups",
                queryset=CriterionGroup.objects.order_by("order", "id"),
                to_attr="group_list",
            ),
            Prefetch(
                "group_list__criteria",
                queryset=Criterion.objects.order_by("order", "id").prefetch_related(
                    Prefetch("options", queryset=option_qs, to_attr="option_list")
                ),
                to_attr="criterion_list",
            ),
        )
    )
    criteria, options, part_of = {}, {}, {}
    for part in parts:
        for group in part.group_list:
            for criterion in group.criterion_list:
                criteria[criterion.pk] = criterion
                part_of[criterion.pk] = part.letter
                for option in criterion.option_list:
                    options[option.pk] = option
    return SheetStructure(parts=parts, criteria=criteria, options=options, part_of=part_of)


def sheet_header(*, registration_id: int) -> dict[str, str]:
    """What the head of the official sheet (D26 Phụ lục II) asks of the dossier being scored: the product's name and
    code, the producer's name, phone and address, as they stand now (one query). Frozen into each submitted sheet's
    snapshot (services.sheet_submission) and printed on its signed PDF (exports.sheet_pdf)."""
    from ..models.registrations import Registration

    registration = Registration.objects.select_related("product__producer__commune__parent").get(pk=registration_id)
    product = registration.product
    producer = product.producer
    return {
        "product_name": product.name,
        "product_code": registration.product_code,
        "producer_name": producer.name,
        "producer_phone": producer.phone,
        "producer_address": producer.full_address,
    }


# The structure of a scorecard does not change while councils score with it (its rows are PROTECTed by the sheets
# that use them): each worker process keeps the structures it has read for STRUCTURE_TTL seconds, so a score sheet
# or an autosave no longer reads six tables each time (issue 15). A correction of the criteria reaches every worker
# within that time; `forget_scorecard_structures()` empties this process's copy (tests: rows rolled back).
STRUCTURE_TTL = 300.0
_STRUCTURES: dict[tuple[int, int], tuple[float, SheetStructure]] = {}
_STRUCTURES_MAX = 256


def forget_scorecard_structures() -> None:
    _STRUCTURES.clear()


def cached_scorecard_structure(scorecard_id: int, case_variant: int = 0) -> SheetStructure:
    """scorecard_structure with the knock-out rules and automatic stops, shared within this process: read-only
    for callers (copy.deepcopy it before setting anything on its objects)."""
    from ..models.criteria import KnockoutRule
    from ..services.star_rule import automatic_stops

    key = (scorecard_id, case_variant or 0)
    now = time.monotonic()
    hit = _STRUCTURES.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    structure = scorecard_structure(scorecard_id, case_variant)
    structure.knockout_rules = list(KnockoutRule.objects.filter(scorecard_id=scorecard_id).order_by("order"))
    structure.autostops = automatic_stops(scorecard_id)
    if len(_STRUCTURES) >= _STRUCTURES_MAX:
        _STRUCTURES.clear()
    _STRUCTURES[key] = (now + STRUCTURE_TTL, structure)
    return structure


def sheet_part_totals(scores, part_of: dict[int, str]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for score in scores:
        totals[part_of.get(score.criterion_id, "?")] += score.points
    return dict(totals)
