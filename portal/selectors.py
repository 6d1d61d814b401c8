"""What is public, in one place: which certificates are live, which product and producer fields a visitor may
see, and the reads of the public pages and open data built on them. A later API reuses this module.

- A product is public while it has a live certificate: valid, in the re-evaluation window, expiring (all up to
  and including their last valid day) or extended (up to the end of its extension, Điều 12.3). Never an expired,
  revoked or superseded one: a product leaves the catalogue the day its certificate lapses, before the nightly
  sweep has run, and the moment a revocation commits (the services bump the cache version, ocop/cache.py).
- Public product fields: PRODUCT_PUBLIC_FIELDS. Public producer fields: PRODUCER_PUBLIC_FIELDS, and
  PRODUCER_CONSENTED_FIELDS only when the producer ticked `public_contact`. Nothing else ever leaves: every read
  below goes through `.values()` of these lists, so a template cannot reach a tax code or an officer.

Reads are cached under the public version and today's date (a lapse at midnight needs no bump)."""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from certificates.choices import PublicVerdict
from certificates.models import Certificate
from certificates.models.status import effective_status, live_today_q
from certificates.selectors.verification import product_gone_public, public_verdict
from certificates.services.expiry import extension_ends
from ocop.cache import cached_read, public_version
from ocop.choices import UnitEra, UnitLevel
from ocop.models import AdministrativeUnit
from ocop.text import fold, search_q, vi_order
from products.models import Producer, Product, ProductPhoto, ProductSet, Sector, compose_address

from .choices import CACHE_SECONDS, PAGE_SIZE, CatalogueSort

logger = logging.getLogger(__name__)

# Certificate statuses that keep a product in the catalogue (certificates.choices.LIVE_STATUSES).

# Product fields a visitor may see (besides its star, product set and live certificate).
PRODUCT_PUBLIC_FIELDS = ("id", "name", "description", "brand")
# Producer fields always public: its name, kind and place (commune and province).
PRODUCER_PUBLIC_FIELDS = ("id", "name", "kind")
# Producer contacts, public only with the producer's consent (Producer.public_contact).
PRODUCER_CONSENTED_FIELDS = ("address", "phone", "email", "contact_person")
# Never public, whatever the consent (tested field by field).
NEVER_PUBLIC_PRODUCER_FIELDS = (
    "tax_code",
    "business_registration_no",
    "business_registration_date",
    "legal_rep_name",
    "legal_rep_position",
    "legal_rep_gender",
    "legal_rep_ethnicity",
    "legal_rep_disability",
    "historic_commune",
    "members",
    "verified_fields",
)


# ---------------------------------------------------------------------------------------------------------
# The rule


def _verdict(status: str, valid_until: datetime.date, *, live: bool = True) -> PublicVerdict:
    """What a buyer is told today of a certificate, `live` today or not (live_today_q): a live one past its last
    valid day is extended, as it is live then only while its re-evaluation is pending, even before the nightly sweep
    has stored that; one not live past that day is expired. The verification page reads the same rule."""
    today = timezone.localdate()
    return public_verdict(effective_status(status, valid_until, today, reevaluation_pending=live))


def live_certificates(today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates that certify their product today (certificates.models.status.live_today_q)."""
    return Certificate.objects.filter(live_today_q(today=today or timezone.localdate()))


def _live_products(today: datetime.date | None = None) -> QuerySet[Product]:
    """Products with a live certificate, without the per-row annotations (for counts and groupings: a correlated
    subquery per product costs a national count hundreds of milliseconds)."""
    return Product.objects.filter(Exists(live_certificates(today).filter(product=OuterRef("pk"))))


def public_products(today: datetime.date | None = None) -> QuerySet[Product]:
    """Products with a live certificate, annotated with that certificate's star and issue date (the best star
    when, exceptionally, two are live)."""
    live = live_certificates(today).filter(product=OuterRef("pk")).order_by("-star", "-issued_on", "-pk")
    return _live_products(today).annotate(
        public_star=Subquery(live.values("star")[:1]),
        public_since=Subquery(live.values("issued_on")[:1]),
    )


def product_slug(name: str) -> str:
    return slugify(fold(name))[:80].strip("-") or "san-pham"


def product_url(pk: int, name: str) -> str:
    return reverse("portal:product_detail", kwargs={"pk": pk, "slug": product_slug(name)})


def producer_url(pk: int, name: str) -> str:
    return reverse("portal:producer_detail", kwargs={"pk": pk, "slug": product_slug(name)})


# ---------------------------------------------------------------------------------------------------------
# Cache


def cached(name: str, params: Any, build: Callable[[], Any]) -> Any:
    """`build()` cached under the public version and today's date; straight from the database when the cache
    is down."""
    return cached_read(name, params, build, version=public_version(), prefix="portal", seconds=CACHE_SECONDS)


# ---------------------------------------------------------------------------------------------------------
# Reference lists for the filters


def filter_options() -> dict:
    """Provinces, sectors and product sets for the filter form (public reference data)."""

    def build():
        provinces = list(
            AdministrativeUnit.objects.filter(era=UnitEra.CURRENT, level=UnitLevel.PROVINCE)
            .order_by(vi_order("name"), "pk")
            .values("id", "name", "code")
        )
        sectors = list(Sector.objects.order_by("order").values("id", "code", "name"))
        sets = list(ProductSet.objects.order_by("number").values("id", "number", "name"))
        return {"provinces": provinces, "sectors": sectors, "sets": sets}

    return cached("options", None, build)


def communes_of(province_id: int) -> list[dict]:
    def build():
        return list(
            AdministrativeUnit.objects.filter(era=UnitEra.CURRENT, level=UnitLevel.COMMUNE, parent_id=province_id)
            .order_by(vi_order("name"), "pk")
            .values("id", "name")
        )

    return cached("communes", province_id, build)


def province_of_commune(commune_id: int) -> int | None:
    """The province of a current commune: the catalogue's filter form shows a commune given without its province
    (a link, the API's query) within its province."""

    def build():
        found = (
            AdministrativeUnit.objects.filter(era=UnitEra.CURRENT, level=UnitLevel.COMMUNE, pk=commune_id)
            .values_list("parent_id", flat=True)
            .first()
        )
        return found or False  # a miss is cached too

    return cached("commune-province", commune_id, build) or None


# ---------------------------------------------------------------------------------------------------------
# Catalogue

CARD_FIELDS = (
    "id",
    "name",
    "public_star",
    "public_since",
    "producer_id",
    "producer__name",
    "producer__commune__name",
    "producer__commune__parent__name",
    "product_set__name",
    "thumb_id",
)


def _ordered(qs: QuerySet[Product], sort: str) -> QuerySet[Product]:
    if sort == CatalogueSort.STAR:
        return qs.order_by(F("public_star").desc(), vi_order("name"), "pk")
    if sort == CatalogueSort.NEWEST:
        return qs.order_by(F("public_since").desc(), vi_order("name"), "pk")
    if sort == CatalogueSort.OLDEST:
        return qs.order_by(F("public_since").asc(), vi_order("name"), "pk")
    return qs.order_by(vi_order("name"), "pk")


def _cards(qs: QuerySet[Product]) -> list[dict]:
    first_photo = ProductPhoto.objects.filter(product=OuterRef("pk")).exclude(thumbnail="").order_by("pk")
    rows = list(qs.annotate(thumb_id=Subquery(first_photo.values("pk")[:1])).values(*CARD_FIELDS))
    for row in rows:
        row["url"] = product_url(row["id"], row["name"])
    return rows


def _matching(filters: dict, sort: str, today: datetime.date | None = None) -> QuerySet[Product]:
    """The catalogue's products for counting and ordering, light: no joins for the cards, and the star and date
    (for the star filter and the star and date sorts) from one grouped join over the live certificates, not a
    subquery per product (which costs a national list hundreds of milliseconds). The date is the newest live
    certificate's; it differs from the card's only for a product with two live certificates."""
    qs = _live_products(today)
    if filters.get("q"):
        qs = qs.filter(search_q(filters["q"], "search_text"))
    if filters.get("province"):
        qs = qs.filter(producer__commune__parent_id=filters["province"])
    if filters.get("commune"):
        qs = qs.filter(producer__commune_id=filters["commune"])
    if filters.get("sector"):
        qs = qs.filter(product_set__group__sector_id=filters["sector"])
    if filters.get("set"):
        qs = qs.filter(product_set_id=filters["set"])
    if filters.get("star"):  # the best live star is this one: a live certificate with it, none with more
        live = live_certificates(today).filter(product=OuterRef("pk"))
        qs = qs.filter(Exists(live.filter(star=filters["star"]))).exclude(Exists(live.filter(star__gt=filters["star"])))
    if sort != CatalogueSort.NAME:
        live = live_today_q("certificates__", today=today or timezone.localdate(), product="pk")
        qs = qs.annotate(
            sort_star=Max("certificates__star", filter=live), sort_since=Max("certificates__issued_on", filter=live)
        )
    if sort == CatalogueSort.STAR:
        return qs.order_by(F("sort_star").desc(), vi_order("name"), "pk")
    if sort == CatalogueSort.NEWEST:
        return qs.order_by(F("sort_since").desc(), vi_order("name"), "pk")
    if sort == CatalogueSort.OLDEST:
        return qs.order_by(F("sort_since").asc(), vi_order("name"), "pk")
    return qs.order_by(vi_order("name"), "pk")


def catalogue_page(*, filters: dict, sort: str, page: int) -> dict:
    """One page of the catalogue: {"count", "pages", "page", "rows"}; a page past the end shows the last one.
    Three queries: the count, the page's ids in order, the cards of those ids."""

    def build():
        matching = _matching(filters, sort)
        count = _matching(filters, CatalogueSort.NAME).order_by().count()  # no grouping needed to count
        pages = max(1, -(-count // PAGE_SIZE))
        number = min(max(1, page), pages)
        start = (number - 1) * PAGE_SIZE
        ids = list(matching.values_list("pk", flat=True)[start : start + PAGE_SIZE]) if count else []
        return {"count": count, "pages": pages, "page": number, "rows": catalogue_cards(ids)}

    return cached("catalogue", [filters, sort, page], build)


def catalogue_products(*, filters: dict) -> QuerySet[Product]:
    """The catalogue's products matching `filters` (the same filters as the page), light and unordered: for a
    keyset page by id (the API), whose cards then come from `catalogue_cards`."""
    return _matching(filters, CatalogueSort.NAME).order_by()


def catalogue_cards(ids: list[int]) -> list[dict]:
    """The cards of the products `ids`, in that order (one query)."""
    cards = {row["id"]: row for row in _cards(public_products().filter(pk__in=ids))} if ids else {}
    return [cards[pk] for pk in ids if pk in cards]


# ---------------------------------------------------------------------------------------------------------
# Landing page and map


def counts_by_star() -> dict[int, int]:
    def build():
        # The best live star of each product, grouped in the database, then counted: one pass over the live
        # certificates instead of a subquery per product.
        best = live_certificates().order_by().values("product_id").annotate(best=Max("star")).values_list("best")
        counts = {3: 0, 4: 0, 5: 0}
        counts.update(Counter(star for (star,) in best))
        return counts

    return cached("by-star", None, build)


def counts_by_province() -> list[dict]:
    """Every current province with its number of public products (zero included), in Vietnamese order."""

    def build():
        counts = dict(
            _live_products()
            .order_by()
            .values_list("producer__commune__parent_id")
            .annotate(n=Count("pk"))
            .values_list("producer__commune__parent_id", "n")
        )
        provinces = filter_options()["provinces"]
        return [{**p, "count": counts.get(p["id"], 0)} for p in provinces]

    return cached("by-province", None, build)


def counts_by_commune(*, province_id: int) -> list[dict]:
    """The province's communes with their number of public products (zero included)."""

    def build():
        counts = dict(
            _live_products()
            .filter(producer__commune__parent_id=province_id)
            .order_by()
            .values_list("producer__commune_id")
            .annotate(n=Count("pk"))
            .values_list("producer__commune_id", "n")
        )
        return [{**c, "count": counts.get(c["id"], 0)} for c in communes_of(province_id)]

    return cached("by-commune", province_id, build)


def province_public(*, province_id: int) -> dict | None:
    return next((p for p in filter_options()["provinces"] if p["id"] == province_id), None)


def recent_recognitions(*, limit: int = 6) -> list[dict]:
    def build():
        # The newest live certificates first (one sorted pass over them), then the cards of their products only;
        # ordering every public product by its certificate's date would run a subquery per product.
        newest = live_certificates().order_by("-issued_on", "-pk").values_list("product_id", flat=True)
        ids = list(dict.fromkeys(newest[: limit * 4]))[: limit * 2]
        return _cards(_ordered(public_products().filter(pk__in=ids), CatalogueSort.NEWEST))[:limit]

    return cached("recent", limit, build)


# ---------------------------------------------------------------------------------------------------------
# Product and producer pages


def _producer_public(producer: dict) -> dict:
    """A producer row reduced to what is public: contacts only with consent (the rule of products.models.
    public_address, the QR verification's too; without it the pages show the commune and province anyway). The
    address is then the one the app shows everywhere: the typed line, then the commune and province it does not
    name (compose_address)."""
    public = {f: producer[f] for f in PRODUCER_PUBLIC_FIELDS}
    public["commune"] = producer["commune__name"]
    public["province"] = producer["commune__parent__name"]
    public["province_id"] = producer["commune__parent_id"]
    public["commune_id"] = producer["commune_id"]
    consent = producer["public_contact"]
    public["contact"] = {f: producer[f] for f in PRODUCER_CONSENTED_FIELDS if producer[f]} if consent else {}
    if public["contact"].get("address"):
        commune = AdministrativeUnit.objects.select_related("parent").get(pk=producer["commune_id"])
        public["contact"]["address"] = compose_address(producer["address"], commune)
    public["url"] = producer_url(producer["id"], producer["name"])
    return public


PRODUCER_READ = (
    *PRODUCER_PUBLIC_FIELDS,
    *PRODUCER_CONSENTED_FIELDS,
    "public_contact",
    "commune_id",
    "commune__name",
    "commune__parent_id",
    "commune__parent__name",
)


def public_product(*, pk: int) -> dict | None:
    """The product page: public fields, the producer (contacts with consent), the live certificate with its
    verification link, photos and the history of stars. None when the product is not public."""

    def build():
        row = (
            public_products()
            .filter(pk=pk)
            .values(
                *PRODUCT_PUBLIC_FIELDS,
                "public_star",
                "producer_id",
                "code_province",
                "code_commune",
                "code_serial",
                "code_year",
                "legacy_code",
                "product_set_id",
                "product_set__name",
                "product_set__group__sector__name",
            )
            .first()
        )
        if row is None:
            return False  # cached too: a miss is as cheap as a hit
        product = {f: row[f] for f in PRODUCT_PUBLIC_FIELDS}
        product["star"] = row["public_star"]
        product["code"] = (
            f"{row['code_province']}-{row['code_commune']}-{row['code_serial']}-{row['code_year']}"
            if row["code_serial"] is not None
            else row["legacy_code"]
        )
        product["product_set"] = row["product_set__name"]
        product["product_set_id"] = row["product_set_id"]
        product["sector"] = row["product_set__group__sector__name"]
        product["url"] = product_url(pk, row["name"])
        producer = Producer.objects.filter(pk=row["producer_id"]).values(*PRODUCER_READ).get()
        product["producer"] = _producer_public(producer)
        live = live_certificates().filter(product_id=pk).order_by("-star", "-issued_on", "-pk")
        cert = live.values("number", "issued_on", "valid_until", "status", "verify_token").first()
        verdict = _verdict(cert["status"], cert["valid_until"])
        product["certificate"] = {
            "number": cert["number"],
            "issued_on": cert["issued_on"],
            "valid_until": cert["valid_until"],
            "verdict": verdict,
            # past its last valid day, in use until the re-evaluation's result, at the latest this day (Điều 12.3)
            "extended_until": extension_ends(cert["valid_until"]) if verdict == PublicVerdict.EXTENDED else None,
            "verify_url": reverse("certificates:certificate_verify", args=[cert["verify_token"]]),
        }
        live_ids = set(live.values_list("pk", flat=True))
        product["history"] = [
            {
                "star": c["star"],
                "issued_on": c["issued_on"],
                "valid_until": c["valid_until"],
                "verdict": _verdict(c["status"], c["valid_until"], live=c["pk"] in live_ids),
            }
            for c in Certificate.objects.filter(product_id=pk)
            .order_by("-issued_on", "-pk")
            .values("pk", "star", "issued_on", "valid_until", "status")
        ]
        product["photos"] = list(
            ProductPhoto.objects.filter(product_id=pk).exclude(thumbnail="").order_by("pk").values("id", "caption")
        )
        return product

    found = cached("product", pk, build)
    return found or None


def product_gone(*, pk: int) -> dict | None:
    """A product no longer public whose address keeps being opened (printed on packaging, shared in links): its last
    certificate revoked or expired, what the product page and the API answer with 410 Gone
    (certificates.selectors.verification.product_gone_public). None for any other product that is not public (a
    draft, never certified: 404, its existence never revealed). Cached as the product page is: under the public
    version, which a revocation, a re-evaluation's filing or outcome and a new certificate bump, and today's date,
    so a certificate lapsing at midnight reads expired from then on."""
    found = cached("product_gone", pk, lambda: product_gone_public(product_id=pk) or False)
    return found or None


def public_producer(*, pk: int) -> dict | None:
    """The producer page: public fields and its public products. None when it has none."""

    def build():
        producer = Producer.objects.filter(pk=pk).values(*PRODUCER_READ).first()
        if producer is None:
            return False
        products = _cards(_ordered(public_products().filter(producer_id=pk), CatalogueSort.NAME))
        if not products:
            return False
        return {**_producer_public(producer), "products": products}

    found = cached("producer", pk, build)
    return found or None


def public_photo(*, product_id: int, photo_id: int) -> ProductPhoto | None:
    """A photo of a public product (not cached: the file is read from storage anyway)."""
    if not public_products().filter(pk=product_id).exists():
        return None
    return ProductPhoto.objects.filter(pk=photo_id, product_id=product_id).first()


# ---------------------------------------------------------------------------------------------------------
# Open data and the sitemap


def open_data_rows(*, site_url: str) -> list[dict]:
    """Every public product as one flat row (columns: portal.choices.OPEN_DATA_COLUMNS)."""
    today = timezone.localdate()
    live = live_certificates(today).filter(product=OuterRef("pk")).order_by("-star", "-issued_on", "-pk")
    qs = (
        public_products(today)
        .annotate(
            cert_number=Subquery(live.values("number")[:1]),
            cert_valid_until=Subquery(live.values("valid_until")[:1]),
            cert_status=Subquery(live.values("status")[:1]),
            cert_token=Subquery(live.values("verify_token")[:1]),
        )
        .order_by(vi_order("name"), "pk")
        .values(
            "id",
            "name",
            "public_star",
            "public_since",
            "code_province",
            "code_commune",
            "code_serial",
            "code_year",
            "legacy_code",
            "product_set__name",
            "product_set__group__sector__name",
            "producer_id",
            "producer__name",
            "producer__commune__name",
            "producer__commune__parent__name",
            "cert_number",
            "cert_valid_until",
            "cert_status",
            "cert_token",
        )
    )
    rows = []
    for r in qs.iterator(chunk_size=2000):
        code = (
            f"{r['code_province']}-{r['code_commune']}-{r['code_serial']}-{r['code_year']}"
            if r["code_serial"] is not None
            else r["legacy_code"]
        )
        verdict = _verdict(r["cert_status"], r["cert_valid_until"])
        rows.append(
            {
                "product_id": r["id"],
                "product_code": code,
                "product_name": r["name"],
                "star": r["public_star"],
                "product_set": r["product_set__name"],
                "sector": r["product_set__group__sector__name"],
                "producer_id": r["producer_id"],
                "producer_name": r["producer__name"],
                "commune": r["producer__commune__name"],
                "province": r["producer__commune__parent__name"],
                "certificate_number": r["cert_number"],
                "issued_on": r["public_since"].isoformat(),
                "valid_until": r["cert_valid_until"].isoformat(),
                "status": verdict.value,
                # past its last valid day, in use until the re-evaluation's result, at the latest this day (Điều 12.3)
                "extended_until": (
                    extension_ends(r["cert_valid_until"]).isoformat() if verdict == PublicVerdict.EXTENDED else None
                ),
                "url": site_url + product_url(r["id"], r["name"]),
                "verify_url": site_url + reverse("certificates:certificate_verify", args=[r["cert_token"]]),
            }
        )
    return rows


def cached_file(name: str, build: Callable[[], bytes]) -> bytes:
    """A whole generated file (CSV, JSON, sitemap), cached like the pages."""
    return cached(f"file:{name}", None, build)


def sitemap_entries() -> list[tuple[str, datetime.date | None]]:
    """(path, last modified) of every public page."""
    rows = list(
        public_products().order_by("pk").values_list("id", "name", "public_since", "producer_id", "producer__name")
    )
    entries = [(product_url(pk, name), since) for pk, name, since, _p, _n in rows]
    producers = {p: n for _pk, _name, _s, p, n in rows}
    entries += [(producer_url(pk, name), None) for pk, name in sorted(producers.items())]
    return entries
