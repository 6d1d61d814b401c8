"""Checks of the parsed D26 scorecards (devtools/criteria_parser.py): the structure and the star-marker counts the
law prints (`validate`), and the option points against the plain-text edition (`crosscheck_txt`).

Standard library only, like the parser.
"""

from __future__ import annotations

import re

PART_MAXIMA = {"A": 40, "B": 25, "C": 35}

# ocop-domain.md §3.2: (***, ****, *****) per set — the parser must reproduce these exactly.
MARKER_COUNTS = {
    1: (7, 12, 3),
    2: (7, 13, 6),
    3: (7, 14, 6),
    4: (7, 14, 6),
    5: (8, 13, 5),
    6: (8, 13, 5),
    7: (8, 14, 6),
    8: (8, 14, 6),
    9: (8, 14, 6),
    10: (8, 13, 6),
    11: (8, 12, 3),
    12: (8, 14, 3),
    13: (8, 10, 3),
    14: (8, 10, 3),
    15: (8, 13, 3),
    16: (7, 9, 4),
    17: (8, 12, 3),
    18: (7, 10, 3),
    19: (7, 10, 3),
    20: (7, 10, 3),
    21: (7, 9, 4),
    22: (6, 8, 4),
    23: (5, 11, 4),
    24: (4, 7, 5),
    25: (4, 9, 3),
    26: (1, 2, 0),
}


def all_criteria(group):
    """The criteria of a group, those of its subgroups included."""
    yield from group["criteria"]
    for sub in group.get("subgroups", []):
        yield from sub["criteria"]


def validate(data: dict) -> list[str]:
    """Every structural check of the issue; returns a list of problems (empty when the data is sound)."""
    errors = []
    for card in data["scorecards"]:
        n = card["number"]
        letters = [p["letter"] for p in card["parts"]]
        if letters != ["A", "B", "C"]:
            errors.append(f"set {n}: parts {letters}")
        counts = {3: 0, 4: 0, 5: 0}
        for part in card["parts"]:
            if part["max_points"] != PART_MAXIMA.get(part["letter"]):
                errors.append(f"set {n} part {part['letter']}: max {part['max_points']}")
            gsum = sum(g["max_points"] or 0 for g in part["groups"])
            if gsum != part["max_points"]:
                errors.append(f"set {n} part {part['letter']}: groups sum {gsum} != {part['max_points']}")
            for group in part["groups"]:
                top = group["criteria"] + group.get("subgroups", [])
                csum = sum(c["max_points"] or 0 for c in top)
                if csum != group["max_points"]:
                    errors.append(f"set {n} group {group['number']}: criteria sum {csum} != {group['max_points']}")
                for sub in group.get("subgroups", []):
                    ssum = sum(c["max_points"] for c in sub["criteria"])
                    if ssum != sub["max_points"]:
                        errors.append(f"set {n} subgroup {sub['number']}: sum {ssum} != {sub['max_points']}")
                for crit in all_criteria(group):
                    if not crit["options"]:
                        errors.append(f"set {n} {crit['number']}: no options")
                        continue
                    for case in {o["case_variant"] for o in crit["options"]}:
                        pts = [o["points"] for o in crit["options"] if o["case_variant"] in (case, 0)]
                        if max(pts) != crit["max_points"]:
                            errors.append(
                                f"set {n} {crit['number']} case {case}: max option {max(pts)} != {crit['max_points']}"
                            )
                    for o in crit["options"]:
                        if o["min_star"]:
                            counts[o["min_star"]] += 1
        if sum(p["max_points"] or 0 for p in card["parts"]) != 100 or card.get("total") != 100:
            errors.append(f"set {n}: total {card.get('total')}")
        expected = MARKER_COUNTS[n]
        got = (counts[3], counts[4], counts[5])
        if got != expected:
            errors.append(f"set {n}: markers {got} != {expected}")
    return errors


# First line of each set in the .txt (ocop-domain.md §3.7), and the first line of Phụ lục III as the end.
TXT_SET_START_LINES = [
    749,
    1208,
    1652,
    2106,
    2565,
    3004,
    3461,
    3960,
    4464,
    4913,
    5367,
    5831,
    6287,
    6758,
    7182,
    7611,
    8026,
    8495,
    9008,
    9553,
    10090,
    10519,
    10940,
    11337,
    11729,
    12104,
    12560,
]


def txt_option_points(txt: str) -> dict[int, list[int | None]]:
    """The printed points of every option of every set, read from the plain-text edition: an option starts with
    "□" (or "o "), wraps over lines and ends at the next integer-only line; None when a new option or a
    numbered heading comes first (the point value is missing in print)."""
    lines = txt.split("\n")
    out: dict[int, list[int | None]] = {}
    for n in range(1, 27):
        points: list[int | None] = []
        open_option = False
        for line in lines[TXT_SET_START_LINES[n - 1] - 1 : TXT_SET_START_LINES[n] - 1]:
            line = line.strip()
            if line.startswith(("□", "o ")):
                if open_option:
                    points.append(None)
                open_option = True
            elif open_option and re.fullmatch(r"\d+", line):
                points.append(int(line))
                open_option = False
            elif open_option and re.match(r"^\d+(\.\d+)*\.?\s", line):
                points.append(None)
                open_option = False
        out[n] = points
    return out


def crosscheck_txt(data: dict, txt: str) -> list[tuple[int, str, int | None, int]]:
    """Compare the parsed (HTML) option points with the .txt edition, option by option. Returns the
    differences as (set, criterion, printed, data); only the hand fixes of criteria_parser.OPTION_POINT_FIXES may appear."""
    printed = txt_option_points(txt)
    diffs = []
    for card in data["scorecards"]:
        ours = [
            (c["number"], o["points"])
            for part in card["parts"]
            for g in part["groups"]
            for c in all_criteria(g)
            if not c["is_yes_no"]
            for o in c["options"]
        ]
        theirs = printed[card["number"]]
        if len(ours) != len(theirs):
            diffs.append((card["number"], "*", len(theirs), len(ours)))
            continue
        diffs.extend((card["number"], number, p, q) for (number, q), p in zip(ours, theirs, strict=True) if p != q)
    return diffs
