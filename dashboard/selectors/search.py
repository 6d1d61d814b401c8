"""One search box over the registry, on the officers' home: what a text finds among the products, producers,
dossiers and certificates of the reader's scope, each searched by its own list's `q` filter, so that "see all"
opens that list on the same rows."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from certificates.selectors.certificates import certificate_list
from evaluation.selectors.dossier import registration_status_for
from evaluation.selectors.registrations import registration_list
from ocop.text import nfc
from products.selectors import PRODUCT_PAGE_RELATED, producer_list, product_list

SHOWN = 5  # rows of each kind on the search page; the list behind "see all" has the rest
# Counted up to this many and shown as "100+" beyond: a count stops at the 101st match instead of finding every
# one (a national officer's "mien dong" matched 4,173 dossiers, counted in 109 ms; the page took 300 ms).
COUNTED = 100
MAX_LENGTH = 100


def registry_search(*, user, text: str) -> list[dict]:
    """[{"key", "title", "rows": [{"label", "detail", "url"}], "count", "more", "list_url"}] of the products,
    producers, dossiers and certificates of `user`'s scope that `text` finds (empty text: nothing); `count` stops at
    COUNTED, `more` says there are more."""
    text = nfc(text or "").strip()[:MAX_LENGTH]
    if not text:
        return []
    query = {"q": text}
    kinds = [
        (
            "products",
            _("Sản phẩm"),
            product_list(user=user, filters=query, related=PRODUCT_PAGE_RELATED),
            "products:product_list",
            lambda p: (p.name, f"{p.producer.name} · {p.code}", reverse("products:product_detail", args=[p.pk])),
        ),
        (
            "producers",
            _("Chủ thể"),
            producer_list(user=user, filters=query, counted=False),
            "products:producer_list",
            lambda p: (p.name, str(p.commune), reverse("products:producer_detail", args=[p.pk])),
        ),
        (
            "registrations",
            _("Hồ sơ đăng ký"),
            registration_list(user=user, data=query).qs,
            "evaluation:registration_list",
            lambda r: (
                r.product.name,
                " · ".join(str(part) for part in (registration_status_for(user, r)["label"], r.form_number) if part),
                reverse("evaluation:registration_detail", args=[r.pk]),
            ),
        ),
        (
            "certificates",
            _("Giấy chứng nhận"),
            certificate_list(user=user, filters=query),
            "certificates:certificate_list",
            lambda c: (
                c.number,
                f"{c.product_name} · {c.producer_name} · {c.get_status_display()}",  # as a dossier gives its status
                reverse("certificates:certificate_detail", args=[c.pk]),
            ),
        ),
    ]
    sections = []
    for key, title, queryset, list_name, row in kinds:
        found = list(queryset[:SHOWN])
        count = queryset.order_by().values("pk")[: COUNTED + 1].count()  # (the lists' row annotations left out)
        sections.append(
            {
                "key": key,
                "title": title,
                "rows": [dict(zip(("label", "detail", "url"), row(item), strict=True)) for item in found],
                "count": min(count, COUNTED),
                "more": count > COUNTED,
                "list_url": f"{reverse(list_name)}?{urlencode(query)}",
            }
        )
    return sections
