"""The public pages: no login, no database write, data cached by the selectors, anonymous traffic rate-limited."""

import csv
import functools
import io
import json
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django_ratelimit.core import is_ratelimited

from certificates.selectors.numbers import certificate_tokens_by_number
from certificates.selectors.verification import certificate_public
from dashboard import views as dashboard_views
from ocop.downloads import image_response
from ocop.security import rate_limited
from ocop.site import site_url

from . import selectors
from .choices import (
    OPEN_DATA_COLUMNS,
    OPEN_DATA_LICENCE,
    OPEN_DATA_LICENCE_URL,
    CatalogueSort,
)
from .choropleth import country_map, province_map
from .forms import CatalogueFilterForm, CertificateNumberForm

logger = logging.getLogger(__name__)


def _limited(request) -> bool:
    try:
        return is_ratelimited(request, group="portal", key="ip", rate=settings.OCOP_PUBLIC_RATE, increment=True)
    except Exception:  # noqa: BLE001 — the counters live in the cache: when it is down, serve rather than fail
        logger.warning("rate limit unavailable (cache down)", exc_info=True)
        return False


def public(view):
    """GET/HEAD only, and at most OCOP_PUBLIC_RATE requests per client address (429 beyond; counted in the cache,
    never in the database). Signed-in users are not limited."""

    @functools.wraps(view)
    @require_safe
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and _limited(request):
            response = render(request, "portal/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, name: str, context: dict, *, key=None):
    """The shell (navigation, language form with its CSRF token) is rendered for each request; the body, the same
    for every visitor, once per public version, language and page, then served from the cache."""
    params = [translation.get_language(), request.path if key is None else key]
    body = selectors.cached(f"html:{name}", params, lambda: render_to_string(f"portal/_{name}_body.html", context))
    return render(request, f"portal/{name}.html", {**context, "body": mark_safe(body)})  # our own template: escaped


def home(request):
    """`/`: officers and producers land on their dashboard, visitors on the public landing page."""
    if request.user.is_authenticated:
        return dashboard_views.home(request)
    return landing(request)


@public
def landing(request):
    context = {
        "by_star": selectors.counts_by_star(),
        "provinces": sorted((p for p in selectors.counts_by_province() if p["count"]), key=lambda p: -p["count"])[:10],
        "recent": selectors.recent_recognitions(),
    }
    context["total"] = sum(context["by_star"].values())
    return _page(request, "landing", context)


def _query(filters: dict, sort: str, **extra) -> str:
    params = {**filters, **({"sort": sort} if sort != CatalogueSort.NAME else {}), **extra}
    return urlencode(params)


@public
def catalogue(request):
    filters, sort, page = CatalogueFilterForm(request.GET).parsed()
    if "commune" in filters and "province" not in filters:
        # The commune filters on its own, as in the API (selectors._matching); the form shows it within its province.
        province = selectors.province_of_commune(filters["commune"])
        if province is not None:
            filters["province"] = province
    result = selectors.catalogue_page(filters=filters, sort=sort, page=page)
    options = selectors.filter_options()
    context = {
        "filters": filters,
        "sort": sort,
        "sorts": CatalogueSort.choices,
        "result": result,
        "options": options,
        "communes": selectors.communes_of(filters["province"]) if "province" in filters else [],
        "query": _query(filters, sort),
        "stars": (5, 4, 3),
        "more_filters": sum(1 for name in filters if name != "q"),  # the folded ones in use, counted on the button
    }
    if result["page"] > 1:
        context["previous_url"] = "?" + _query(filters, sort, page=result["page"] - 1)
    if result["page"] < result["pages"]:
        context["next_url"] = "?" + _query(filters, sort, page=result["page"] + 1)
    return _page(request, "catalogue", context, key=[filters, sort, result["page"]])


@public
def product_detail(request, pk: int, slug: str | None = None):
    """A public product's page. A product no longer certified, its last certificate revoked or expired, answers 410
    Gone with a short page saying so (the address printed on packaging keeps being opened); any other product that
    is not public, 404."""
    product = selectors.public_product(pk=pk)
    if product is None:
        return _product_gone(request, pk)
    if request.path != product["url"]:  # an old name's slug, or the short link from the verification page
        return redirect(product["url"], permanent=True)
    return _page(request, "product_detail", {"product": product})


def _product_gone(request, pk: int):
    gone = selectors.product_gone(pk=pk)
    if gone is None:
        raise Http404
    template = "portal/product_revoked.html" if gone["verdict"] == "revoked" else "portal/product_expired.html"
    response = render(request, template, {"gone": gone}, status=410)
    response["X-Robots-Tag"] = "noindex"
    return response


@public
def product_photo(request, pk: int, photo: int, size: str = "full"):
    found = selectors.public_photo(product_id=pk, photo_id=photo)
    if found is None:
        raise Http404
    return image_response(found.thumbnail if size == "thumb" else found.image, public=True)


@public
def producer_detail(request, pk: int, slug: str | None = None):
    producer = selectors.public_producer(pk=pk)
    if producer is None:
        raise Http404
    if request.path != producer["url"]:
        return redirect(producer["url"], permanent=True)
    return _page(request, "producer_detail", {"producer": producer})


@never_cache
@public
def certificate_lookup(request):
    """`/xac-minh/`: a buyer types the number printed on a certificate and is taken to its verification page (a few
    historic certificates share a number: they are listed), or told that no certificate has it. Each lookup counts
    against the verification page's own limit (VERIFY_RATE, the same counter as /v/), signed in or not, so numbers
    cannot be tried here faster than there or than through the API."""
    form = CertificateNumberForm(request.GET if "number" in request.GET else None)
    found = []
    if form.is_bound:
        if rate_limited(request, group="certificate_verify", rate=settings.VERIFY_RATE):
            return render(request, "ocop/rate_limited.html", status=429)
        if form.is_valid():
            tokens = certificate_tokens_by_number(number=form.cleaned_data["number"])
            if len(tokens) == 1:
                return redirect("certificates:certificate_verify", tokens[0])
            found = [certificate_public(token=token) for token in tokens]
            if not found:
                form.add_error(
                    "number",
                    _(
                        "Không có giấy chứng nhận OCOP nào mang số “%(number)s”. Hãy kiểm tra lại số in trên giấy "
                        "hoặc nhãn; nếu đúng số mà không tìm thấy, nhãn OCOP có thể là giả."
                    )
                    % {"number": form.cleaned_data["number"]},
                )
    response = render(request, "portal/certificate_lookup.html", {"form": form, "found": found})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@public
def map_country(request):
    provinces = selectors.counts_by_province()
    context = {
        "provinces": provinces,
        "choropleth": country_map(provinces),
        "total": sum(p["count"] for p in provinces),
    }
    return _page(request, "map", context)


@public
def map_province(request, province: int):
    found = selectors.province_public(province_id=province)
    if found is None:
        raise Http404
    communes = selectors.counts_by_commune(province_id=province)
    total = sum(c["count"] for c in communes)
    outline = province_map(found, total, provinces=selectors.counts_by_province())
    context = {"province": found, "communes": communes, "total": total, "outline": outline}
    return _page(request, "map_province", context)


@public
def open_data(request):
    return _page(
        request,
        "open_data",
        {
            "columns": OPEN_DATA_COLUMNS,
            "licence": OPEN_DATA_LICENCE,
            "licence_url": OPEN_DATA_LICENCE_URL,
            "updated": timezone.localdate(),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    patch_cache_control(response, public=True, max_age=300)
    return response


def _csv_cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@public
def open_data_csv(request):
    def build() -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        names = [name for name, _label in OPEN_DATA_COLUMNS]
        writer.writerow(names)
        for row in selectors.open_data_rows(site_url=site_url(request)):
            writer.writerow([_csv_cell(row[name]) for name in names])
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8

    content = selectors.cached_file("csv", build)
    return _download(content, "text/csv; charset=utf-8", "san-pham-ocop.csv")


@public
def open_data_json(request):
    def build() -> bytes:
        document = {
            "title": "Sản phẩm OCOP đang được công nhận",
            "updated": timezone.localdate().isoformat(),
            "licence": OPEN_DATA_LICENCE,
            "licence_url": OPEN_DATA_LICENCE_URL,
            "source": site_url(request) + "/du-lieu-mo/",
            "columns": [{"name": name, "description": str(label)} for name, label in OPEN_DATA_COLUMNS],
            "products": selectors.open_data_rows(site_url=site_url(request)),
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    content = selectors.cached_file("json", build)
    return _download(content, "application/json; charset=utf-8", "san-pham-ocop.json")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /$",
        "Allow: /san-pham/",
        "Allow: /chu-the/",
        "Allow: /ban-do/",
        "Allow: /du-lieu-mo/",
        "Allow: /static/",
        # Officers' and producers' pages, sign-in and the QR verification pages (their visits are counted).
        *[f"Disallow: {path}" for path in ROBOTS_DISALLOW],
        f"Sitemap: {site_url(request)}/sitemap.xml",  # absolute, as the sitemaps protocol asks
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


ROBOTS_DISALLOW = (
    "/accounts/",
    "/admin/",
    "/i18n/",
    "/units/",
    "/notifications/",
    "/healthz",
    "/producers/",
    "/products/",
    "/imports/",
    "/registrations/",
    "/rounds/",
    "/councils/",
    "/sessions/",
    "/sheets/",
    "/agenda/",
    "/documents/",
    "/test-requests/",
    "/bo-tieu-chi/",
    "/decisions/",
    "/certificates/",
    "/v/",
    "/san-pham/*/anh/",
)


@public
def sitemap_xml(request):
    def build() -> bytes:
        from xml.sax.saxutils import escape

        site = site_url(request)
        pages = ("home", "portal:catalogue", "portal:map", "portal:open_data")
        urls = [(reverse(name), None) for name in pages]
        urls += [
            (reverse("portal:map_province", args=[p["id"]]), None) for p in selectors.counts_by_province() if p["count"]
        ]
        urls += selectors.sitemap_entries()
        out = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for path, modified in urls:
            lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
            out.append(f"<url><loc>{escape(site + path)}</loc>{lastmod}</url>")
        out.append("</urlset>")
        return "\n".join(out).encode("utf-8")

    return HttpResponse(selectors.cached_file("sitemap", build), content_type="application/xml; charset=utf-8")
