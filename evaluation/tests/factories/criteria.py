"""Criteria: a SMALL scorecard for other areas' tests (councils, self-assessment, certificates), and a loader of the
real ones.

    from evaluation.tests.factories import small_scorecard, criterion_by_number

    card = small_scorecard()                      # 26/2026, product set number 1 unless given
    c11 = criterion_by_number(card, "1.1")

Shape (parts 40/25/35 like every D26 sheet, total 100):

    A 40  1. TỔ CHỨC SẢN XUẤT (40)   1.1 (20): □ 0 · □ 10 *** · □ 20 ****
                                     1.2 (20): □ 0 · □ 10 · □ 20 *****
    B 25  4. TIẾP THỊ (25)           4.1 (25): □ 0 · □ 25
    C 35  6. CẢM QUAN (35)           6   (35): □ 0 · □ 35          (a group scored directly)

    knock-out: "dossier" (Hồ sơ bị loại khi: giả mạo hồ sơ)

So a sheet with 1.1 = 20, 1.2 = 20, 4.1 = 25, 6 = 35 totals 100 and meets every marker; 1.1 = 10 caps at 3★;
1.1 = 0 (or missing) means not recognisable. `load_real_criteria()` loads the 26 official sheets (≈1 s).
"""

from __future__ import annotations

import datetime as dt

from evaluation.models import CriteriaVersion, Criterion, CriterionGroup, KnockoutRule, Option, Part, Scorecard

# ---------------------------------------------------------------- criteria

SMALL_SHAPE = [
    (
        "A",
        "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG",
        40,
        [
            (
                "1",
                "TỔ CHỨC SẢN XUẤT",
                40,
                [
                    ("1.1", "Nguồn nguyên liệu", 20, [("Không đạt", 0, None), ("Đạt một phần", 10, 3), ("Đạt", 20, 4)]),
                    (
                        "1.2",
                        "Gia tăng giá trị",
                        20,
                        [("Thủ công", 0, None), ("Máy móc", 10, None), ("Công nghệ tiên tiến", 20, 5)],
                    ),
                ],
            ),
        ],
    ),
    (
        "B",
        "KHẢ NĂNG TIẾP THỊ",
        25,
        [
            (
                "4",
                "TIẾP THỊ",
                25,
                [("4.1", "Khu vực phân phối chính", 25, [("Trong xã", 0, None), ("Quốc tế", 25, None)])],
            ),
        ],
    ),
    (
        "C",
        "CHẤT LƯỢNG SẢN PHẨM",
        35,
        [
            ("6", "CHỈ TIÊU CẢM QUAN", 35, [("6", "CHỈ TIÊU CẢM QUAN", 35, [("Kém", 0, None), ("Tốt", 35, None)])]),
        ],
    ),
]


# When each decision's criteria took effect. Versions are told apart by it (the newest is the default): with one
# date for all, "the newest" of two test versions was whichever PostgreSQL met first.
EFFECTIVE_FROM = {"1048/2019": dt.date(2019, 8, 21), "148/2023": dt.date(2023, 2, 24), "26/2026": dt.date(2026, 5, 22)}


def criteria_version(legal_basis: str = "26/2026") -> CriteriaVersion:
    """The version row (created if missing; reuses the loaded one when the real criteria are in the DB)."""
    version, _ = CriteriaVersion.objects.get_or_create(
        legal_basis=legal_basis,
        defaults={
            "title": f"Bộ tiêu chí {legal_basis} (thử nghiệm)",
            "effective_from": EFFECTIVE_FROM.get(legal_basis, dt.date(2026, 5, 22)),
        },
    )
    return version


def small_scorecard(*, legal_basis: str = "26/2026", number: int | None = None, product_set=None) -> Scorecard:
    """Build the small scorecard above. `number` defaults to the product set's number, else the first free one."""
    version = criteria_version(legal_basis)
    if number is None:
        number = product_set.number if product_set is not None else 1
        while Scorecard.objects.filter(version=version, number=number).exists():
            number += 1
    card = Scorecard.objects.create(
        version=version,
        number=number,
        title=f"Bộ thử nghiệm {number}",
        product_set=product_set,
        subtitle="(Sản phẩm: Thực phẩm. Nhóm: Thử nghiệm)",
    )
    order = 0
    for letter, part_title, part_max, groups in SMALL_SHAPE:
        part = Part.objects.create(scorecard=card, letter=letter, title=part_title, max_points=part_max)
        for g_number, g_title, g_max, criteria in groups:
            order += 1
            group = CriterionGroup.objects.create(
                part=part, number=g_number, title=g_title, max_points=g_max, order=order
            )
            for i, (c_number, c_title, c_max, options) in enumerate(criteria, start=1):
                crit = Criterion.objects.create(group=group, number=c_number, title=c_title, max_points=c_max, order=i)
                Option.objects.bulk_create(
                    [
                        Option(criterion=crit, order=j, text=t, points=p, min_star=m)
                        for j, (t, p, m) in enumerate(options, 1)
                    ]
                )
    KnockoutRule.objects.create(
        scorecard=card, code="dossier", text="Hồ sơ bị loại khi: Giả mạo hồ sơ", stops_evaluation=True, order=1
    )
    return card


def criterion_by_number(scorecard: Scorecard, number: str) -> Criterion:
    return Criterion.objects.get(group__part__scorecard=scorecard, number=number)


def load_real_criteria() -> CriteriaVersion:
    """Load the committed 26/2026 data file (the 26 official scorecards) and return its version."""
    from evaluation.services.criteria import DATA_DIR, criteria_load, criteria_read_file

    return criteria_load(data=criteria_read_file(DATA_DIR / "criteria-26-2026.json"))["version"]
