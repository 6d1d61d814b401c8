"""Every public page: each role and anonymous visitors see it (public), a non-public record is 404 for everyone,
POST is refused, no database write per visit, rate limits, the landing page and the verification link."""

import csv
import io
import json
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory
from portal import selectors
from portal.choices import OPEN_DATA_COLUMNS
from products.tests.factories import ProductFactory

from .factories import certified

pytestmark = pytest.mark.django_db

ROLES = [
    None,
    "producer_owner",
    "other_producer",
    "commune_officer",
    "province_officer",
    "council_member",
    "central_officer",
    "viewer",
    "outsider",
]


def _pages(cast, product):
    return [
        reverse("portal:catalogue"),
        reverse("portal:catalogue") + "?q=mien+dong&star=4",
        selectors.product_url(product.pk, product.name),
        selectors.producer_url(cast.producer.pk, cast.producer.name),
        reverse("portal:map"),
        reverse("portal:map_province", args=[cast.province.pk]),
        reverse("portal:open_data"),
        reverse("portal:open_data_csv"),
        reverse("portal:open_data_json"),
        reverse("sitemap_xml"),
        reverse("robots_txt"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_anonymous_visitors_see_the_public_pages(cast, client, role, settings):
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    if role:
        client.force_login(getattr(cast, role))
    for url in _pages(cast, product):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_a_product_without_a_live_certificate_is_404_for_everyone(cast, client, role):
    """A revoked one's page says so, with 410 (test_view_product_revoked.py)."""
    hidden = ProductFactory(producer=cast.producer, name="Chưa công nhận")
    revoked = certified(cast.producer, name="Đã thu hồi", status="revoked")
    if role:
        client.force_login(getattr(cast, role))
    for pk in (hidden.pk, 999999):
        assert client.get(reverse("portal:product_short", args=[pk])).status_code == 404
    assert client.get(reverse("portal:product_short", args=[revoked.pk])).status_code == 410
    assert client.get(reverse("portal:producer_short", args=[cast.producer.pk])).status_code == 404
    assert client.get(reverse("portal:map_province", args=[cast.commune.pk])).status_code == 404


def test_it_refuses_post(cast, client):
    product = certified(cast.producer, name="Miến dong")
    for url in _pages(cast, product):
        assert client.post(url).status_code == 405, url
    assert client.post(reverse("home")).status_code == 405


def test_a_visit_writes_nothing_to_the_database(cast, client):
    product = certified(cast.producer, name="Miến dong")
    with CaptureQueriesContext(connection) as queries:
        for url in [reverse("home"), *_pages(cast, product)]:
            client.get(url)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert queries  # the first visit did read
    assert writes == []


def test_a_second_visit_is_served_from_the_cache_without_a_query(cast, client, django_assert_num_queries):
    product = certified(cast.producer, name="Miến dong")
    urls = [reverse("home"), *_pages(cast, product)[:7]]
    for url in urls:
        client.get(url)
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url).status_code == 200


def test_anonymous_visitors_are_rate_limited(cast, client, settings):
    settings.OCOP_PUBLIC_RATE = "3/m"
    url = reverse("portal:catalogue")
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = client.get(url)
    assert limited["Retry-After"] == "60" and "Quá nhiều yêu cầu" in limited.content.decode()
    client.force_login(cast.province_officer)  # signed-in users are not limited
    assert client.get(url).status_code == 200


def test_visitors_land_on_the_public_page_and_users_on_their_dashboard(cast, client):
    certified(cast.producer, name="Miến dong Tài Hoan", star=4)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "portal/landing.html" in [t.name for t in response.templates]
    assert response.context["by_star"] == {3: 0, 4: 1, 5: 0}
    assert "Miến dong Tài Hoan" in response.content.decode()
    client.force_login(cast.province_officer)
    response = client.get(reverse("home"))
    assert "dashboard/home.html" in [t.name for t in response.templates]


def test_a_renamed_product_keeps_its_address(cast, client):
    from products.services import product_update

    product = certified(cast.producer, name="Miến dong Tài Hoan")
    old_url = selectors.product_url(product.pk, product.name)
    product_update(product=product, by=cast.commune_officer, data={"name": "Miến dong đặc sản Tài Hoan"})
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/san-pham/{product.pk}-mien-dong-dac-san-tai-hoan/"
    assert client.get(response["Location"]).status_code == 200


def test_the_verification_page_links_to_the_product_page_while_live(cast, client):
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    certificate = product.certificates.get()
    body = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content.decode()
    link = reverse("portal:product_short", args=[product.pk])
    assert f'href="{link}"' in body
    assert client.get(link, follow=True).context["product"]["name"] == "Miến dong Tài Hoan"
    old = CertificateFactory(product=ProductFactory(producer=cast.producer, name="Cũ"), status="revoked")
    body = client.get(reverse("certificates:certificate_verify", args=[old.verify_token])).content.decode()
    assert "verify-product-page" not in body


def test_the_verification_page_offers_to_report_a_label_that_does_not_match(cast, client):
    """The page tells the buyer who scanned a label that a product, name or producer differing from it may be a
    misuse of the OCOP mark (Điều 8.1d), and left them there: the report form of the product page is linked beside
    the warning while the certificate is live (the form takes reports on live products only)."""
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    certificate = product.certificates.get()
    body = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content.decode()
    report = reverse("supervision:complaint_public", args=[product.pk])
    assert f'href="{report}" data-testid="verify-report"' in body
    assert client.get(report).status_code == 200
    old = CertificateFactory(product=ProductFactory(producer=cast.producer, name="Cũ"), status="revoked")
    body = client.get(reverse("certificates:certificate_verify", args=[old.verify_token])).content.decode()
    assert "verify-report" not in body


def test_the_product_page_links_to_the_verification_page(cast, client):
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    certificate = product.certificates.get()
    response = client.get(selectors.product_url(product.pk, product.name))
    body = response.content.decode()
    assert reverse("certificates:certificate_verify", args=[certificate.verify_token]) in body
    assert certificate.number in body
    assert certificate.valid_until.strftime("%d/%m/%Y") in body


def test_the_open_data_files_read_back(cast, client):
    a = certified(cast.producer, name="Miến dong Tài Hoan", star=4)
    certified(cast.producer, name="=HYPERLINK(1)", star=3)
    certified(cast.producer, name="Đã hết", status="expired")
    response = client.get(reverse("portal:open_data_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [name for name, _label in OPEN_DATA_COLUMNS]
    by_name = {r["product_name"]: r for r in rows}
    assert set(by_name) == {"Miến dong Tài Hoan", "'=HYPERLINK(1)"}
    row = by_name["Miến dong Tài Hoan"]
    assert row["star"] == "4" and row["province"] == "Tỉnh Thử Nghiệm" and row["status"] == "valid"
    assert row["url"] == "https://ocop.example.vn" + selectors.product_url(a.pk, a.name)
    document = json.loads(client.get(reverse("portal:open_data_json")).content)
    assert document["updated"] == timezone.localdate().isoformat()
    assert document["licence"] == "CC BY 4.0"
    assert [c["name"] for c in document["columns"]] == [name for name, _label in OPEN_DATA_COLUMNS]
    assert sorted(p["product_name"] for p in document["products"]) == ["=HYPERLINK(1)", "Miến dong Tài Hoan"]


def test_the_open_data_page_links_the_api_documentation(cast, client):
    """The open data has an API beside its files; the page did not say so, nor where its documentation is."""
    page = client.get(reverse("portal:open_data")).content.decode()
    paragraph = page.split('data-testid="api-docs"', 1)[1].split("</p>", 1)[0]
    assert f'href="{reverse("api:docs")}"' in paragraph and "tài liệu API" in paragraph
    assert client.get(reverse("api:docs")).status_code == 200


def test_the_sitemap_lists_public_pages_and_robots_keeps_officers_out(cast, client):
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    hidden = certified(cast.producer, name="Thu hồi", status="revoked")
    sitemap = client.get(reverse("sitemap_xml")).content.decode()
    assert "https://ocop.example.vn" + selectors.product_url(product.pk, product.name) in sitemap
    assert f"/san-pham/{hidden.pk}-" not in sitemap
    assert "https://ocop.example.vn" + reverse("portal:map_province", args=[cast.province.pk]) in sitemap
    assert reverse("portal:map_province", args=[cast.other_province.pk]) not in sitemap  # no product there
    robots = client.get(reverse("robots_txt")).content.decode()
    for path in ("/accounts/", "/admin/", "/products/", "/registrations/", "/certificates/", "/v/"):
        assert f"Disallow: {path}" in robots
    assert "Sitemap: https://ocop.example.vn/sitemap.xml" in robots


def test_without_site_url_the_sitemap_and_robots_give_absolute_addresses_of_the_request(cast, client, settings):
    """In development SITE_URL may be unset: robots.txt's Sitemap line and the sitemap's <loc> must still be absolute
    (the sitemaps protocol; Lighthouse reported 'Invalid sitemap URL' for `Sitemap: /sitemap.xml`)."""
    settings.SITE_URL = ""
    product = certified(cast.producer, name="Miến dong Tài Hoan")
    robots = client.get(reverse("robots_txt")).content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.splitlines()
    sitemap = client.get(reverse("sitemap_xml")).content.decode()
    assert "<loc>/" not in sitemap
    assert "<loc>http://testserver" + selectors.product_url(product.pk, product.name) + "</loc>" in sitemap
    document = json.loads(client.get(reverse("portal:open_data_json")).content)
    assert document["source"] == "http://testserver/du-lieu-mo/"


def test_the_map_counts_equal_the_catalogue_counts(cast, client):
    """The table, the drawn map (links, labels, data) and the province page count what the catalogue lists."""
    import re

    from ocop.testing import make_unit
    from products.models import Producer

    hanoi = make_unit(level="province", code="01", name="Thành phố Hà Nội")
    thai_nguyen = make_unit(level="province", code="19", name="Tỉnh Thái Nguyên")
    con_minh = make_unit(level="commune", code="05500", name="Xã Côn Minh", parent=thai_nguyen)
    na_ri = Producer.objects.create(kind="coop", name="HTX Na Rì", commune=con_minh, search_text="htx na ri")
    certified(cast.producer, name="A", star=3)  # Tỉnh Thử Nghiệm (code 90: not one of the 34, table only)
    certified(cast.other_producer_org, name="C", star=5)  # Tỉnh Khác (code 91, drawn where An Giang is)
    certified(na_ri, name="E", star=4)
    certified(na_ri, name="F", star=3)
    certified(na_ri, name="G", status="expired")
    response = client.get(reverse("portal:map"))
    body = response.content.decode()
    catalogue = reverse("portal:catalogue")
    table = {p["name"]: p["count"] for p in response.context["provinces"]}
    assert table == {"Tỉnh Thử Nghiệm": 1, "Tỉnh Khác": 1, "Thành phố Hà Nội": 0, "Tỉnh Thái Nguyên": 2}
    for p in response.context["provinces"]:
        assert p["count"] == client.get(f"{catalogue}?province={p['id']}").context["result"]["count"]
    assert response.context["total"] == client.get(catalogue).context["result"]["count"] == 4
    # The drawn map: one link per province of the 34 that is in the database, its count in its label and data.
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-code="(\d\d)" data-count="(\d+)"><title>', body)
    drawn = {code: (unescape(href), label, int(n)) for href, label, code, n in links}
    assert drawn == {
        "01": (f"{catalogue}?province={hanoi.pk}", "Thành phố Hà Nội: 0 sản phẩm", 0),
        "19": (f"{catalogue}?province={thai_nguyen.pk}", "Tỉnh Thái Nguyên: 2 sản phẩm", 2),
        "91": (f"{catalogue}?province={cast.other_province.pk}", "Tỉnh Khác: 1 sản phẩm", 1),
    }
    for href, _label, n in drawn.values():
        assert client.get(href).context["result"]["count"] == n
    assert body.count("<path d=") == 34  # every outline, the 31 not in this database grey and without a link
    page = client.get(reverse("portal:map_province", args=[thai_nguyen.pk])).context
    assert [(c["name"], c["count"]) for c in page["communes"]] == [("Xã Côn Minh", 2)]
    shapes = {s["code"]: s for s in response.context["choropleth"]["shapes"]}
    assert page["outline"]["fill"] == shapes["19"]["fill"] != shapes["01"]["fill"]
    assert client.get(reverse("portal:map_province", args=[cast.province.pk])).context["outline"] is None


def test_the_outlines_are_the_34_provinces_in_force():
    from vietnam_provinces import Province

    from portal.choropleth import outlines

    codes = {f"{int(p.code):02d}" for p in Province.iter_all()}
    data = outlines()
    assert set(data["provinces"]) == codes and len(codes) == 34
    for outline in data["provinces"].values():
        assert outline["d"].startswith("M") and outline["d"].endswith("z")
    assert {i["name"]: i["province"] for i in data["islands"]} == {
        "Quần đảo Hoàng Sa": "48",  # Đà Nẵng
        "Quần đảo Trường Sa": "56",  # Khánh Hòa
    }


def test_the_maps_archipelago_labels_are_in_the_pages_language(client):
    """The labels drawn on the map were Vietnamese on the English page too."""
    import re

    from django.core.cache import cache

    def labels():
        cache.clear()
        body = client.get(reverse("portal:map")).content.decode()
        return re.findall(r'<text [^>]*text-anchor="end">([^<]+)</text>', body)

    assert labels() == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
    client.cookies["django_language"] = "en"
    assert labels() == ["Hoang Sa archipelago", "Truong Sa archipelago"]


@pytest.mark.parametrize(
    "counts,bounds",
    [
        ([], []),
        ([0, 0], []),
        ([5], [5]),
        ([0, 1, 2, 3, 4], [1, 2, 3, 4]),
        ([1, 1, 1, 9], [1, 9]),
        ([10, 20, 30, 40, 50, 60, 70, 80], [20, 40, 60, 80]),
    ],
)
def test_the_map_classes_are_quartiles_of_the_provinces_with_products(counts, bounds):
    from portal.choropleth import NONE, PALETTE, breaks, class_of, legend

    assert breaks(counts) == bounds
    assert class_of(0, bounds) == 0
    for count in counts:
        if count:
            klass = class_of(count, bounds)
            assert count <= bounds[klass - 1] and (klass == 1 or count > bounds[klass - 2])
    rows = legend(bounds)
    assert rows[0] == {"fill": NONE, "low": 0, "high": 0}
    assert [r["high"] for r in rows[1:]] == bounds
    assert len({r["fill"] for r in rows}) == len(rows) and rows[-1]["fill"] in ([PALETTE[-1]] if bounds else [NONE])


def test_the_maps_links_follow_in_vietnamese_order():
    """The order a keyboard or a screen reader goes through the provinces of the map: by code point, Đồng Nai came
    after every other province and Huế before Hà Nội."""
    from portal.choropleth import country_map

    rows = [
        {"id": 1, "code": "75", "name": "Tỉnh Đồng Nai", "count": 1},
        {"id": 2, "code": "46", "name": "Thành phố Huế", "count": 2},
        {"id": 3, "code": "96", "name": "Tỉnh Cà Mau", "count": 3},
        {"id": 4, "code": "01", "name": "Thành phố Hà Nội", "count": 4},
    ]
    named = [shape["name"] for shape in country_map(rows)["shapes"] if shape["url"]]
    assert named == ["Thành phố Hà Nội", "Thành phố Huế", "Tỉnh Cà Mau", "Tỉnh Đồng Nai"]
