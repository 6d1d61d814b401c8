"""The programme's figures from the seed articles (issue 14): past rounds recorded as historic evaluations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from certificates.choices import IssuerLevel
from certificates.services.certificates import certificate_record_historic
from dashboard.choices import HistoricLevel
from dashboard.services import historic_evaluations_record
from evaluation.choices import legal_basis_on
from ocop.admin_units import current_successor
from ocop.choices import UnitEra, UnitLevel
from ocop.models import AdministrativeUnit, User
from ocop.pdf import render_html
from products.choices import ProducerKind
from products.models import Producer, Product, ProductSet
from products.services import producer_create, product_create

from .data import NA_RI, submission_for

# --- the programme's figures from the seed articles (issue 14) --------------------------------------------
# Na Rì (seed 003): "năm 2018 … 07 sản phẩm đăng ký tham gia đánh giá xếp hạng, kết quả có 06 sản phẩm đạt tiêu
# chuẩn (01 sản phẩm đạt 4 sao và 5 sản phẩm đạt 3 sao) … năm 2019, … thêm 23 sản phẩm … được đánh giá, cấp chứng
# nhận 14 sản phẩm đạt 3 sao. Đến nay … 20 sản phẩm đạt chuẩn OCOP, trong đó 01 sản phẩm đạt 4 sao và 19 sản phẩm
# đạt 3 sao." The five named 3★ products and Miến dong Tài Hoan (4★) form the 2018 round; the article names none
# of the others, so they carry descriptive names. Bắc Kạn recognised them (1048: the province recognised 3–4★).
NA_RI_2018_DECISION = ("2172/QĐ-UBND", dt.date(2018, 11, 23))
NA_RI_2019 = {"decision": ("2306/QĐ-UBND", dt.date(2019, 12, 10)), "recognised": 14, "evaluated": 23}
NA_RI_2018_NOT_RECOGNISED = 1
# Quảng Bình (seed 004): "Tính đến hết năm 2020, toàn tỉnh có 64 … sản phẩm được tham gia đánh giá phân hạng …,
# trong đó có 57 sản phẩm được công nhận là sản phẩm OCOP cấp tỉnh (56 sản phẩm đạt 3 sao, 01 sản phẩm đạt 4 sao)."
# The article gives the total to the end of 2020 only; the demo records it as the province's 2020 round, so the
# 2020 row of Quảng Trị (which took Quảng Bình over) and the 2020 report show 64 evaluated and 57 recognised.
QUANG_BINH_2020 = {"decision": ("3601/QĐ-UBND", dt.date(2020, 12, 15)), "stars": [4] + [3] * 56, "evaluated": 64}
# Xuân Trường (seed 000): the district council scored five products on 29/07/2020 (59–64 points); four are
# recorded above as recognised by Nam Định, the fifth, Trà sáng tạo, as evaluated and not (yet) recognised.
XUAN_TRUONG_2020_EVALUATED = ("Trà sáng tạo", dt.date(2020, 7, 29), "59.00")
HISTORY_ISSUER = "UBND tỉnh Bắc Kạn"


def _scan() -> SimpleUploadedFile:
    """The scan of an old certificate (one small PDF, rendered once, reused for each record)."""
    global _SCAN_BYTES
    if _SCAN_BYTES is None:
        _SCAN_BYTES = render_html(
            "<html lang='vi'><h1 style='font-family: DejaVu Sans'>Bản quét giấy chứng nhận (dữ liệu mẫu)</h1></html>"
        )
    return SimpleUploadedFile("ban-quet.pdf", _SCAN_BYTES, content_type="application/pdf")


_SCAN_BYTES: bytes | None = None


def _past_round(*, by, products, stars, decision, issuer, basis, not_recognised, unit, evaluated_on, scan=True):
    """One past round: the recognised products as historic certificates of one decision, the others as past
    evaluations that were not recognised (dashboard.services), all through the services."""
    number, day = decision
    for index, (product, star) in enumerate(zip(products, stars, strict=False), start=1):
        certificate_record_historic(
            by=by,
            product=product,
            number=f"{day.year}-{index:03d}/{number.split('/')[0]}",
            star=star,
            issuer_level=IssuerLevel.PROVINCE,
            issuer_name=issuer,
            decision_number=number,
            decision_date=day,
            legal_basis=basis,
            scan=_scan() if scan else None,
            **submission_for(day),
        )
    historic_evaluations_record(
        by=by,
        rows=[
            {
                "product": product,
                "evaluated_on": evaluated_on,
                "mean_score": Decimal("40.00") + index,
                "star": 2,
                "level": HistoricLevel.PROVINCE,
                "unit": unit,
                "issuer_name": issuer,
            }
            for index, product in enumerate(not_recognised)
        ],
    )


def _unnamed_products(*, by, producers, count: int, label: str, set_numbers=(2, 7, 12, 4)) -> list[Product]:
    """Products the articles count but do not name: a descriptive name says where the number comes from."""
    return [
        product_create(
            producer=producers[n % len(producers)],
            by=by,
            data={
                "name": f"Sản phẩm số {n + 1:02d} – {label}",
                "product_set": ProductSet.objects.get(number=set_numbers[n % len(set_numbers)]),
                "description": "Bài báo nêu số lượng, không nêu tên sản phẩm này.",
            },
        )
        for n in range(count)
    ]


@transaction.atomic
def seed_programme_history(out) -> None:
    """The seed articles' programme figures: Na Rì 2018–2019, Quảng Bình 2020, Xuân Trường 2020."""
    officer = User.objects.get(username="ocop.thainguyen")
    central = User.objects.get(username="ocop.trunguong")
    nb_officer = User.objects.get(username="ocop.ninhbinh")
    bac_kan = AdministrativeUnit.objects.get(era=UnitEra.HISTORIC, level=UnitLevel.PROVINCE, name="Tỉnh Bắc Kạn")

    # Na Rì 2018: Miến dong Tài Hoan 4★ (recorded above, same decision) and the five named 3★ products.
    named = [Product.objects.get(name=row[3]) for row in NA_RI if row[3] != "Miến dong Tài Hoan"]
    producers = [product.producer for product in named]
    number, day = NA_RI_2018_DECISION
    _past_round(
        by=officer,
        products=named,
        stars=[3] * len(named),
        decision=NA_RI_2018_DECISION,
        issuer="UBND tỉnh Bắc Kạn",
        basis=legal_basis_on(day),
        not_recognised=_unnamed_products(
            by=officer, producers=producers, count=NA_RI_2018_NOT_RECOGNISED, label="Na Rì, đợt 2018"
        ),
        unit=bac_kan,
        evaluated_on=day - dt.timedelta(days=21),
        scan=False,
    )
    # Na Rì 2019: 23 evaluated, 14 recognised at 3★.
    evaluated = _unnamed_products(
        by=officer, producers=producers, count=NA_RI_2019["evaluated"], label="Na Rì, đợt 2019"
    )
    day = NA_RI_2019["decision"][1]
    _past_round(
        by=officer,
        products=evaluated[: NA_RI_2019["recognised"]],
        stars=[3] * NA_RI_2019["recognised"],
        decision=NA_RI_2019["decision"],
        issuer="UBND tỉnh Bắc Kạn",
        basis=legal_basis_on(day),
        not_recognised=evaluated[NA_RI_2019["recognised"] :],
        unit=bac_kan,
        evaluated_on=day - dt.timedelta(days=20),
    )
    out("  Na Rì: đợt 2018 (7 đánh giá, 6 công nhận) và 2019 (23 đánh giá, 14 công nhận) theo bài báo.")

    # Quảng Bình 2020 (now Quảng Trị): 64 evaluated, 57 recognised (56 × 3★, 1 × 4★).
    quang_binh = AdministrativeUnit.objects.get(era=UnitEra.HISTORIC, level=UnitLevel.PROVINCE, name="Tỉnh Quảng Bình")
    old_communes = list(
        AdministrativeUnit.objects.filter(era=UnitEra.HISTORIC, level=UnitLevel.COMMUNE, parent__parent=quang_binh)
        .select_related("parent")
        .order_by("code")[::40][:8]
    )
    qb_producers = []
    for n, old in enumerate(old_communes, start=1):
        current = current_successor(old)
        if current is None:
            continue
        qb_producers.append(
            producer_create(
                by=central,
                data={
                    "kind": ProducerKind.COOP if n % 2 else ProducerKind.SME,
                    "name": f"Chủ thể OCOP số {n:02d} ({old.parent.name_in_text}, Quảng Bình cũ)",
                    "commune": current,
                    "historic_commune": old,
                },
            )
        )
    products = _unnamed_products(
        by=central, producers=qb_producers, count=QUANG_BINH_2020["evaluated"], label="Quảng Bình, đến hết năm 2020"
    )
    stars = QUANG_BINH_2020["stars"]
    day = QUANG_BINH_2020["decision"][1]
    _past_round(
        by=central,
        products=products[: len(stars)],
        stars=stars,
        decision=QUANG_BINH_2020["decision"],
        issuer="UBND tỉnh Quảng Bình",
        basis=legal_basis_on(day),
        not_recognised=products[len(stars) :],
        unit=quang_binh,
        evaluated_on=day - dt.timedelta(days=25),
    )
    out("  Quảng Bình đến hết năm 2020: 64 sản phẩm đánh giá, 57 công nhận (56 × 3 sao, 1 × 4 sao).")

    # Xuân Trường 2020: the fifth product the district council scored.
    name, day, score = XUAN_TRUONG_2020_EVALUATED
    green = Producer.objects.get(name="Công ty TNHH Green and Book Ambassador")
    product = product_create(
        producer=green, by=nb_officer, data={"name": name, "product_set": ProductSet.objects.get(number=7)}
    )
    xuan_truong = AdministrativeUnit.objects.get(
        era=UnitEra.HISTORIC, level=UnitLevel.DISTRICT, name="Huyện Xuân Trường", parent__name="Tỉnh Nam Định"
    )
    historic_evaluations_record(
        by=nb_officer,
        rows=[
            {
                "product": product,
                "evaluated_on": day,
                "mean_score": Decimal(score),
                "star": 3,
                "level": HistoricLevel.DISTRICT,
                "unit": xuan_truong,
                "note": "Hội đồng huyện chấm 59–64 điểm cho 5 sản phẩm, trình tỉnh xem xét công nhận.",
            }
        ],
    )
    out("  Xuân Trường 29/07/2020: 5 sản phẩm được Hội đồng huyện chấm điểm.")
