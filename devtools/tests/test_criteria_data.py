"""The committed criteria data (evaluation/data/*.json) against the law and ocop-domain.md §3 — no database."""

import json

import pytest

from devtools import criteria_check, criteria_parser
from evaluation.services.criteria import DATA_DIR, DATA_FILES, PART_MAXIMA, criteria_validate

D26 = json.loads((DATA_DIR / "criteria-26-2026.json").read_text(encoding="utf-8"))
CARDS = {c["number"]: c for c in D26["scorecards"]}


def criteria_of(card):
    for part in card["parts"]:
        for group in part["groups"]:
            yield from group["criteria"]
            for sub in group.get("subgroups", []):
                yield from sub["criteria"]


def marker_counts(card):
    stars = [o["min_star"] for c in criteria_of(card) for o in c["options"] if o["min_star"]]
    return (stars.count(3), stars.count(4), stars.count(5))


# ocop-domain.md §3.6, set 1: criterion → (maximum, "points*marker,…").
SET_1 = {
    "1.1": (3, "1,2,3"),
    "1.2": (2, "0,1,2"),
    "1.3": (3, "1,2,3*5"),
    "1.4": (3, "1,2,3"),
    "1.5": (3, "0,1,2*4,3*5"),
    "1.6": (3, "1*4,2,3"),
    "1.7": (1, "0,1"),
    "2.1": (3, "0,1,3*4"),
    "2.2": (3, "0,1,2*3,3"),
    "2.3": (3, "1*3,2,3*4"),
    "2.4": (1, "0,1"),
    "3.1": (3, "1,2,3"),
    "3.2": (1, "0,1"),
    "3.3": (3, "1,2,3"),
    "3.4": (2, "1,2*4"),
    "3.5": (3, "1*3,2*4,3"),
    "4.1": (5, "1,2*3,3*4,5*5"),
    "4.2": (3, "0,1,2,3"),
    "4.3": (5, "0,1,2,3,5"),
    "5.1": (5, "0,1,2,3,5*4"),
    "5.2": (2, "0,1,2"),
    "5.3": (5, "0,1*3,3,5"),
    "6.1": (2, "0,1,2*4"),
    "6.2": (4, "0,1,2,3*4,4"),
    "6.3": (3, "0,1,2,3"),
    "6.4": (3, "0,1,2,3"),
    "7": (3, "0,1,3"),
    "8": (5, "0,1,3*4,5"),
    "9": (5, "2*3,4,5"),
    "10": (5, "1*3,3*4,5"),
    "11": (2, "1,2"),
    "12": (3, "1,2,3"),
}


def notation(criterion):
    return ",".join(
        f"{o['points']}*{o['min_star']}" if o["min_star"] else str(o["points"]) for o in criterion["options"]
    )


def test_it_holds_the_26_scorecards_of_d26():
    assert D26["legal_basis"] == "26/2026"
    assert D26["effective_from"] == "2026-05-22"
    assert sorted(CARDS) == list(range(1, 27))


@pytest.mark.parametrize("name", DATA_FILES)
def test_it_passes_every_structural_check(name):
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    assert criteria_validate(data) == []


@pytest.mark.parametrize("number", range(1, 27))
def test_it_sums_parts_to_40_25_35_and_keeps_options_within_each_maximum(number):
    card = CARDS[number]
    assert {p["letter"]: p["max_points"] for p in card["parts"]} == {"A": 40, "B": 25, "C": 35}
    for part in card["parts"]:
        assert sum(g["max_points"] for g in part["groups"]) == part["max_points"]
    for c in criteria_of(card):
        points = [o["points"] for o in c["options"]]
        assert all(0 <= p <= c["max_points"] for p in points), c["number"]
        assert max(points) == c["max_points"], c["number"]


@pytest.mark.parametrize(("number", "counts"), sorted(criteria_check.MARKER_COUNTS.items()))
def test_it_has_the_star_marker_counts_of_each_set(number, counts):
    assert marker_counts(CARDS[number]) == counts


def test_it_has_exactly_the_criteria_and_points_of_set_one():
    card = CARDS[1]
    got = {c["number"]: (c["max_points"], notation(c)) for c in criteria_of(card)}
    assert got == SET_1
    assert marker_counts(card) == (7, 12, 3)
    assert card["title"] == "Rau, củ, quả, hạt tươi"
    assert [(g["number"], g["max_points"]) for p in card["parts"] for g in p["groups"]] == [
        ("1", 18),
        ("2", 10),
        ("3", 12),
        ("4", 13),
        ("5", 12),
        ("6", 12),
        ("7", 3),
        ("8", 5),
        ("9", 5),
        ("10", 5),
        ("11", 2),
        ("12", 3),
    ]


def test_it_models_the_bilingual_label_as_yes_no():
    for number in range(1, 23):
        expected = "2.3" if number in (21, 22) else "2.4"
        yes_no = [c for c in criteria_of(CARDS[number]) if c["is_yes_no"]]
        assert [(c["number"], notation(c)) for c in yes_no] == [(expected, "0,1")], number


def test_it_marks_the_story_structure_as_conditional_on_a_story():
    c52 = next(c for c in criteria_of(CARDS[1]) if c["number"] == "5.2")
    assert c52["applies_if"] == "5.1"


def test_it_keeps_the_two_cases_of_set_26_with_equal_maxima():
    card = CARDS[26]
    assert card["has_case_variants"] is True
    for number, maximum in (("8", 3), ("9", 2), ("15", 3)):
        c = next(c for c in criteria_of(card) if c["number"] == number)
        for case in (1, 2):
            assert max(o["points"] for o in c["options"] if o["case_variant"] == case) == maximum
        assert {o["case_variant"] for o in c["options"]} == {1, 2}


def test_it_documents_each_hand_correction_in_the_data():
    def option(set_number, criterion, prefix):
        c = next(c for c in criteria_of(CARDS[set_number]) if c["number"] == criterion)
        return next(o for o in c["options"] if o["text"].startswith(prefix))

    assert option(4, "7", "Có trên 2 chỉ tiêu")["points"] == 3  # printed 13
    assert option(11, "6.1.1", "Có rất ít tạp chất")["points"] == 1  # printed 11
    for n in (4, 7, 10, 11):
        assert option(n, "1.2", "Không được cấp")["points"] == 0  # printed without points
        assert option(n, "1.2", "Không được cấp")["_comment"]
    c9 = next(c for c in criteria_of(CARDS[23]) if c["number"] == "9")
    assert c9["max_points"] == 4 and c9["_comment"]  # printed "4 1"


def test_it_keeps_the_third_level_of_sets_11_and_13_as_sub_groups():
    for number in (11, 13):
        group6 = CARDS[number]["parts"][2]["groups"][0]
        assert [s["number"] for s in group6["subgroups"]] == ["6.1", "6.2"]
        assert sum(s["max_points"] for s in group6["subgroups"]) == group6["max_points"] == 15


@pytest.mark.parametrize(
    ("number", "codes"),
    [
        (1, {"dossier", "common_key_product", "contaminants"}),
        (7, {"dossier", "imported_materials", "copied_product", "contaminants"}),
        (14, {"dossier", "imported_materials", "copied_product"}),
        (16, {"dossier", "zero_sensory"}),
        (19, {"dossier", "imported_materials", "no_cosmetic_declaration"}),
        (21, {"dossier", "ip_infringement"}),
        (23, {"dossier"}),
        (26, set()),
    ],
)
def test_it_records_the_knock_outs_of_section_3_3(number, codes):
    assert {k["code"] for k in CARDS[number]["knockouts"]} == codes


def test_it_keeps_the_legacy_structures():
    assert PART_MAXIMA["1048/2019"] == {"A": 35, "B": 25, "C": 40}
    for name, maxima in (("criteria-148-2023.json", (40, 25, 35)), ("criteria-1048-2019.json", (35, 25, 40))):
        data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        assert data["has_options"] is False
        assert tuple(p["max_points"] for p in data["scorecards"][0]["parts"]) == maxima


def test_it_reproduces_the_committed_file_from_the_official_html():
    """The parser kept in the repository regenerates exactly the reviewed file from the HTML edition kept beside
    it (devtools/reference/), in every checkout."""
    data = criteria_parser.parse_html(criteria_parser.read_reference(criteria_parser.D26_HTML))
    assert criteria_check.validate(data) == []
    assert data == D26


def test_the_command_writes_the_reviewed_file_from_the_kept_editions(tmp_path, capsys):
    out = tmp_path / "criteria.json"
    assert criteria_parser.main(["--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == D26
    assert "hand fix: set 4 7: printed 13, data 3" in capsys.readouterr().err  # the .txt was read too


@pytest.mark.parametrize("name", ["qd-26-2026-qd-ttg.html", "qd-26-2026-qd-ttg.txt"])
def test_the_kept_editions_are_the_shared_reference_unchanged(name):
    """Where the project's shared reference lies beside the checkout, the copies kept here are byte for byte its
    files (the HTML decompressed)."""
    from pathlib import Path

    shared = Path(__file__).resolve().parents[3] / "shared" / "reference" / name
    if not shared.exists():
        pytest.skip("the shared reference is not beside this checkout")
    kept = criteria_parser.D26_HTML if name.endswith(".html") else criteria_parser.D26_TXT
    assert criteria_parser.read_reference(kept).encode("utf-8") == shared.read_bytes()


def test_it_matches_the_txt_edition_point_for_point_except_the_hand_fixes():
    """The .txt and the .html are two editions of the same decision: every option's printed points, in sheet
    order, equal the data — the only differences are the documented hand corrections."""
    diffs = criteria_check.crosscheck_txt(D26, criteria_parser.read_reference(criteria_parser.D26_TXT))
    assert sorted(diffs, key=str) == sorted(
        [
            (4, "1.2", None, 0),
            (4, "7", 13, 3),
            (7, "1.2", None, 0),
            (10, "1.2", None, 0),
            (11, "1.2", None, 0),
            (11, "6.1.1", 11, 1),
        ],
        key=str,
    )
