"""Loading the committed criteria data (evaluation/data/criteria-*.json) into the database.

`criteria_load(data=…)` is idempotent: an unchanged file is skipped (SHA-256 on the version), an unchanged
scorecard is skipped (its export equals the data), and only a changed scorecard is rebuilt — which is refused
once scores or self-assessments point at its criteria (a version in use never changes; publish a new one).
A change to the hand-fix explanations alone ("_comment" → correction_note, the maintainers' note) or to the
members' notes on probable misprints ("misprint_note") changes no point, maximum or marker: it is written in place,
even on a scorecard in use, so a better-worded reason never needs a new version.
Old versions are never touched by loading a new one, so old scores stay valid (ocop-domain.md §1).
Each run links `Scorecard.product_set` by number when the ProductSet row exists (it may arrive later).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ocop.models import User
from ocop.services import audit_record
from ocop.text import nfc

from ..models import CriteriaVersion, Criterion, CriterionGroup, KnockoutRule, Option, Part, Scorecard
from ..selectors.criteria import scorecard_export, scorecard_with_tree

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Oldest first, so the newest version is created last.
DATA_FILES = ("criteria-1048-2019.json", "criteria-148-2023.json", "criteria-26-2026.json")

# Part maxima by legal basis (D26 Điều 3.1; 148/2023; 1048/2019 — ocop-domain.md §1).
PART_MAXIMA = {
    "26/2026": {"A": 40, "B": 25, "C": 35},
    "148/2023": {"A": 40, "B": 25, "C": 35},
    "1048/2019": {"A": 35, "B": 25, "C": 40},
}


def criteria_read_file(path: Path | str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _iter_criteria(group: dict):
    yield from group.get("criteria", [])
    for sub in group.get("subgroups", []):
        yield from sub.get("criteria", [])


def criteria_validate(data: dict) -> list[str]:
    """Structural checks of a data file: parts = the version's maxima (total 100), groups sum to parts,
    criteria (and sub-groups) sum to groups, every criterion's best option = its maximum and no option above it."""
    errors: list[str] = []
    maxima = PART_MAXIMA.get(data.get("legal_basis"))
    if maxima is None:
        return [f"unknown legal basis {data.get('legal_basis')!r}"]
    for card in data.get("scorecards", []):
        n = card["number"]
        parts = {p["letter"]: p for p in card["parts"]}
        if sorted(parts) != ["A", "B", "C"]:
            errors.append(f"set {n}: parts {sorted(parts)}")
            continue
        for letter, part in parts.items():
            if part["max_points"] != maxima[letter]:
                errors.append(f"set {n} part {letter}: {part['max_points']} != {maxima[letter]}")
            groups = part.get("groups", [])
            if groups and sum(g["max_points"] for g in groups) != part["max_points"]:
                errors.append(f"set {n} part {letter}: groups do not sum to {part['max_points']}")
            for g in groups:
                top = g.get("criteria", []) + g.get("subgroups", [])
                if sum(c["max_points"] for c in top) != g["max_points"]:
                    errors.append(f"set {n} group {g['number']}: criteria do not sum to {g['max_points']}")
                for sub in g.get("subgroups", []):
                    if sum(c["max_points"] for c in sub["criteria"]) != sub["max_points"]:
                        errors.append(f"set {n} sub-group {sub['number']}: criteria do not sum")
                for c in _iter_criteria(g):
                    points = [o["points"] for o in c.get("options", [])]
                    if data.get("has_options", True) and (not points or max(points) != c["max_points"]):
                        errors.append(f"set {n} {c['number']}: best option != maximum {c['max_points']}")
                    if any(p < 0 or p > c["max_points"] for p in points):
                        errors.append(f"set {n} {c['number']}: option outside 0..{c['max_points']}")
                    if any(o.get("min_star") not in (None, 3, 4, 5) for o in c.get("options", [])):
                        errors.append(f"set {n} {c['number']}: star marker outside 3..5")
        if sum(p["max_points"] for p in card["parts"]) != 100:
            errors.append(f"set {n}: parts do not sum to 100")
    return errors


def canonical_card(card: dict) -> dict:
    """The data-file entry in the export's shape: hand-fix comments become correction notes, other
    commentary keys (starting with "_") are not stored."""

    def crit(c: dict) -> dict:
        return {
            "number": c["number"],
            "title": nfc(c["title"]),
            "max_points": c["max_points"],
            "requirement": nfc(c.get("requirement", "")),
            "notes": nfc(c.get("notes", "")),
            "is_yes_no": c.get("is_yes_no", False),
            "applies_if": c.get("applies_if"),
            "correction_note": nfc(c.get("_comment", "")),
            "misprint_note": nfc(c.get("misprint_note", "")),
            "options": [
                {
                    "text": nfc(o["text"]),
                    "points": o["points"],
                    "min_star": o.get("min_star"),
                    "case_variant": o.get("case_variant", 0),
                    "correction_note": nfc(o.get("_comment", "")),
                }
                for o in c.get("options", [])
            ],
        }

    def group(g: dict) -> dict:
        return {
            "number": g["number"],
            "title": nfc(g["title"]),
            "max_points": g["max_points"],
            "notes": nfc(g.get("notes", "")),
            "subgroups": [
                {
                    "number": s["number"],
                    "title": nfc(s["title"]),
                    "max_points": s["max_points"],
                    "notes": nfc(s.get("notes", "")),
                    "criteria": [crit(c) for c in s.get("criteria", [])],
                }
                for s in g.get("subgroups", [])
            ],
            "criteria": [crit(c) for c in g.get("criteria", [])],
        }

    return {
        "number": card["number"],
        "title": nfc(card["title"]),
        "subtitle": nfc(card.get("subtitle", "")),
        "has_case_variants": card.get("has_case_variants", False),
        "knockouts": [
            {
                "code": k["code"],
                "text": nfc(k["text"]),
                "criterion": k.get("criterion"),
                "stops_evaluation": k.get("stops_evaluation", False),
                "zero_on": list(k.get("zero_on", [])),
                "trigger_options": [
                    {"criterion": t["criterion"], "text": nfc(t["text"])} for t in k.get("trigger_options", [])
                ],
            }
            for k in card.get("knockouts", [])
        ],
        "parts": [
            {
                "letter": p["letter"],
                "title": nfc(p["title"]),
                "max_points": p["max_points"],
                "correction_note": nfc(p.get("_comment", "")),
                "groups": [group(g) for g in p.get("groups", [])],
            }
            for p in card["parts"]
        ],
    }


NOTE_KEYS = ("correction_note", "misprint_note")


def _without_correction_notes(value):
    """The canonical card with every note (NOTE_KEYS) and the knock-out rules removed: what the points depend on.
    (Knock-outs are the decision's notes, kept as data beside the points; rewording them or attaching the stop to
    its criteria never changes a score, so they are rewritten in place like the notes.)"""
    if isinstance(value, dict):
        return {k: _without_correction_notes(v) for k, v in value.items() if k not in (*NOTE_KEYS, "knockouts")}
    if isinstance(value, list):
        return [_without_correction_notes(v) for v in value]
    return value


def _write_correction_notes(scorecard: Scorecard, card: dict) -> None:
    """Update only the notes (NOTE_KEYS) of a scorecard whose structure, points and markers equal `card`."""
    criteria = {c.number: c for c in Criterion.objects.filter(group__part__scorecard=scorecard)}
    options = {(o.criterion_id, o.order): o for o in Option.objects.filter(criterion__group__part__scorecard=scorecard)}
    for part in card["parts"]:
        Part.objects.filter(scorecard=scorecard, letter=part["letter"]).exclude(
            correction_note=part["correction_note"]
        ).update(correction_note=part["correction_note"])
        for group in part["groups"]:
            for c in group["criteria"] + [c for sub in group["subgroups"] for c in sub["criteria"]]:
                crit = criteria[c["number"]]
                notes = {key: c[key] for key in NOTE_KEYS if getattr(crit, key) != c[key]}
                if notes:
                    Criterion.objects.filter(pk=crit.pk).update(**notes)
                for order, o in enumerate(c["options"], start=1):
                    opt = options[(crit.pk, order)]
                    if opt.correction_note != o["correction_note"]:
                        Option.objects.filter(pk=opt.pk).update(correction_note=o["correction_note"])
    _write_knockouts([(scorecard, card)])


def _write_knockouts(cards: list[tuple[Scorecard, dict]]) -> None:
    """(Re)write the knock-out rules of scorecards in place, by order, so findings already recorded against a rule
    keep pointing at it; each rule's triggers are resolved against its scorecard's criteria and options. New rules
    and their triggers are inserted together (a new scorecard has only new rules)."""
    scorecards = [scorecard for scorecard, _card in cards]
    criteria: dict[int, dict[str, Criterion]] = {scorecard.pk: {} for scorecard in scorecards}
    for c in Criterion.objects.filter(group__part__scorecard__in=scorecards).select_related("group__part"):
        criteria[c.group.part.scorecard_id][c.number] = c
    existing: dict[int, dict[int, KnockoutRule]] = {scorecard.pk: {} for scorecard in scorecards}
    for rule in KnockoutRule.objects.filter(scorecard__in=scorecards):
        existing[rule.scorecard_id][rule.order] = rule
    named = [
        criteria[scorecard.pk][t["criterion"]]
        for scorecard, card in cards
        for k in card["knockouts"]
        for t in k.get("trigger_options", [])
    ]
    options: dict[tuple[int, str], list[Option]] = {}
    for option in Option.objects.filter(criterion__in=named):
        options.setdefault((option.criterion_id, option.text), []).append(option)

    def trigger_option(criterion: Criterion, text: str) -> Option:
        """The one option of `criterion` printed as `text` (what `Option.objects.get` would find)."""
        found = options.get((criterion.pk, text), [])
        if not found:
            raise Option.DoesNotExist(f"no option {text!r} under criterion {criterion.number}")
        if len(found) > 1:
            raise Option.MultipleObjectsReturned(f"{len(found)} options {text!r} under criterion {criterion.number}")
        return found[0]

    new = []  # (rule, trigger criteria, trigger options)
    for scorecard, card in cards:
        by_number, rules = criteria[scorecard.pk], existing[scorecard.pk]
        for i, k in enumerate(card["knockouts"], start=1):
            fields = {
                "criterion": by_number.get(k["criterion"]) if k["criterion"] else None,
                "code": k["code"],
                "text": k["text"],
                "stops_evaluation": k["stops_evaluation"],
            }
            zero_on = [by_number[n] for n in k.get("zero_on", [])]
            chosen = [trigger_option(by_number[t["criterion"]], t["text"]) for t in k.get("trigger_options", [])]
            rule = rules.pop(i, None)
            if rule is None:
                new.append((KnockoutRule(scorecard=scorecard, order=i, **fields), zero_on, chosen))
                continue
            for name, value in fields.items():
                setattr(rule, name, value)
            rule.save(update_fields=list(fields))
            rule.trigger_criteria.set(zero_on)
            rule.trigger_options.set(chosen)
    KnockoutRule.objects.bulk_create([rule for rule, _zero_on, _chosen in new])
    by_criterion, by_option = KnockoutRule.trigger_criteria.through, KnockoutRule.trigger_options.through
    by_criterion.objects.bulk_create(
        [by_criterion(knockoutrule_id=rule.pk, criterion_id=c.pk) for rule, zero_on, _ in new for c in zero_on]
    )
    by_option.objects.bulk_create(
        [by_option(knockoutrule_id=rule.pk, option_id=o.pk) for rule, _, chosen in new for o in chosen]
    )
    for rules in existing.values():
        for rule in rules.values():
            rule.delete()


def data_digest(data: dict) -> str:
    """The SHA-256 of the data as canonical JSON (sorted keys): a reload of unchanged data is a no-op."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _build_trees(cards: list[tuple[Scorecard, dict]]) -> None:
    """Create parts → groups → criteria → options → knock-outs of scorecards with no tree yet, one INSERT per level
    for all of them (bulk_create returns the new ids): a row at a time took over 2,000 statements for a version of
    26 scorecards."""
    parts = Part.objects.bulk_create(
        [
            Part(
                scorecard=scorecard,
                letter=p["letter"],
                title=p["title"],
                max_points=p["max_points"],
                correction_note=p["correction_note"],
            )
            for scorecard, card in cards
            for p in card["parts"]
        ]
    )
    part_data = [p for _scorecard, card in cards for p in card["parts"]]

    def group_row(part: Part, g: dict, order: int) -> CriterionGroup:
        return CriterionGroup(
            part=part,
            number=g["number"],
            title=g["title"][:300],
            max_points=g["max_points"],
            notes=g["notes"],
            order=order,
        )

    # Within a part a group and then its sub-groups take the next order numbers; a group's criteria are followed
    # by those of each of its sub-groups.
    tops, subs, targets = [], [], []  # subs: (row, index of the parent in tops)
    for part, p in zip(parts, part_data, strict=True):
        order = 0
        for g in p["groups"]:
            order += 1
            top = group_row(part, g, order)
            tops.append(top)
            targets.append((top, g["criteria"]))
            for s in g["subgroups"]:
                order += 1
                sub = group_row(part, s, order)
                subs.append((sub, len(tops) - 1))
                targets.append((sub, s["criteria"]))
    CriterionGroup.objects.bulk_create(tops)
    for sub, parent in subs:
        sub.parent = tops[parent]
    CriterionGroup.objects.bulk_create([sub for sub, _parent in subs])

    crits = []  # (row, data)
    for target, criteria in targets:
        for i, c in enumerate(criteria, start=1):
            row = Criterion(
                group=target,
                number=c["number"],
                title=c["title"],
                max_points=c["max_points"],
                requirement=c["requirement"],
                notes=c["notes"],
                is_yes_no=c["is_yes_no"],
                correction_note=c["correction_note"],
                misprint_note=c["misprint_note"],
                order=i,
            )
            crits.append((row, c))
    Criterion.objects.bulk_create([row for row, _c in crits])
    Option.objects.bulk_create(
        [
            Option(
                criterion=crit,
                order=j,
                text=o["text"],
                points=o["points"],
                min_star=o["min_star"],
                case_variant=o["case_variant"],
                correction_note=o["correction_note"],
            )
            for crit, c in crits
            for j, o in enumerate(c["options"], start=1)
        ]
    )
    # "applies_if" names a criterion of the same scorecard.
    pending = []
    for scorecard, _card in cards:
        own = [(crit, c) for crit, c in crits if crit.group.part.scorecard is scorecard]
        by_number = {crit.number: crit for crit, _c in own}
        for crit, c in own:
            if c["applies_if"]:
                crit.applies_if = by_number[c["applies_if"]]
                pending.append(crit)
    if pending:
        Criterion.objects.bulk_update(pending, ["applies_if"])
    _write_knockouts(cards)


def criteria_link_product_sets(*, version: CriteriaVersion) -> int:
    """Point each scorecard of a version at the ProductSet of the same number, where that row exists."""
    from products.models import ProductSet

    sets = {ps.number: ps for ps in ProductSet.objects.all()}
    linked = 0
    for card in Scorecard.objects.filter(version=version, product_set__isnull=True, number__gte=1):
        ps = sets.get(card.number)
        if ps is not None:
            Scorecard.objects.filter(pk=card.pk, product_set__isnull=True).update(product_set=ps)
            linked += 1
    return linked


@transaction.atomic
def criteria_load(*, data: dict, by: User | None = None) -> dict:
    """Load one version's data (see module docstring). Returns {"version", "created", "rebuilt", "unchanged",
    "linked"} counts for the command's output. Raises ValidationError on invalid data or a change to a
    scorecard already in use."""
    errors = criteria_validate(data)
    if errors:
        raise ValidationError([*errors[:20]])
    # The digest covers what is stored (the canonical cards), not the raw file: when the loader learns to store
    # more of the same file (e.g. a part's correction note), the next run compares every scorecard again.
    digest = data_digest(
        {
            "version": {k: v for k, v in data.items() if k != "scorecards"},
            "scorecards": [canonical_card(c) for c in data["scorecards"]],
        }
    )
    version, created = CriteriaVersion.objects.get_or_create(
        legal_basis=data["legal_basis"],
        defaults={
            "title": data["title"],
            "effective_from": dt.date.fromisoformat(data["effective_from"]),
            "effective_to": dt.date.fromisoformat(data["effective_to"]) if data.get("effective_to") else None,
            "has_options": data.get("has_options", True),
            "source": data.get("source", ""),
        },
    )
    summary = {"version": version, "created": 0, "rebuilt": 0, "unchanged": 0, "annotated": 0, "linked": 0}
    if not created and version.data_sha256 == digest:
        summary["unchanged"] = version.scorecards.count()
        summary["linked"] = criteria_link_product_sets(version=version)
        return summary

    version.title = data["title"]
    version.effective_from = dt.date.fromisoformat(data["effective_from"])
    version.effective_to = dt.date.fromisoformat(data["effective_to"]) if data.get("effective_to") else None
    version.has_options = data.get("has_options", True)
    version.source = data.get("source", "")
    version.data_sha256 = digest
    version.full_clean()
    version.save()

    existing = {c.number: c for c in scorecard_with_tree(queryset=Scorecard.objects.filter(version=version))}
    created, rebuilt = [], []  # (scorecard, card) whose trees are built together at the end
    for raw in data["scorecards"]:
        card = canonical_card(raw)
        scorecard = existing.get(card["number"])
        if scorecard is None:
            scorecard = Scorecard(
                version=version,
                number=card["number"],
                title=card["title"][:300],
                subtitle=card["subtitle"][:300],
                has_case_variants=card["has_case_variants"],
            )
            created.append((scorecard, card))
            summary["created"] += 1
            continue
        current = scorecard_export(scorecard)
        current.pop("product_set")
        current.pop("total")
        if current == card:
            summary["unchanged"] += 1
            continue
        if _without_correction_notes(current) == _without_correction_notes(card):
            _write_correction_notes(scorecard, card)
            summary["annotated"] += 1
            continue
        try:
            Part.objects.filter(scorecard=scorecard).delete()
            KnockoutRule.objects.filter(scorecard=scorecard).delete()
        except ProtectedError as exc:
            raise ValidationError(
                _("Phiếu %(n)s của %(v)s đã được dùng để chấm điểm; không sửa được — hãy ban hành phiên bản mới.")
                % {"n": card["number"], "v": version.legal_basis}
            ) from exc
        Scorecard.objects.filter(pk=scorecard.pk).update(
            title=card["title"][:300], subtitle=card["subtitle"][:300], has_case_variants=card["has_case_variants"]
        )
        rebuilt.append((scorecard, card))
        summary["rebuilt"] += 1
    Scorecard.objects.bulk_create([scorecard for scorecard, _card in created])
    _build_trees(created + rebuilt)

    summary["linked"] = criteria_link_product_sets(version=version)
    audit_record(
        actor=by,
        action="criteria.load",
        target=version,
        summary=str(version.legal_basis),
        changes={"data_sha256": digest, **{key: summary[key] for key in ("created", "rebuilt", "unchanged")}},
    )
    return summary


def criteria_load_all(*, by: User | None = None, data_dir: Path = DATA_DIR) -> list[dict]:
    """Load every committed data file, oldest version first (what `manage.py load_criteria` runs)."""
    return [criteria_load(data=criteria_read_file(data_dir / name), by=by) for name in DATA_FILES]
