"""The public endpoints: the same rules of what is public as the portal (its selectors answer), field by field."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import revoke_with_four_eyes
from portal.selectors import NEVER_PUBLIC_PRODUCER_FIELDS, PRODUCER_CONSENTED_FIELDS

from .factories import certified_world

pytestmark = pytest.mark.django_db

# What the cast's producer holds that must never leave through a public endpoint.
SECRETS = {
    "tax_code": "4700100102",
    "legal_rep_name": "Nguyễn Thị Hoan",
    "business_registration_no": "BRN-4700100102",
}
CONTACTS = {
    "address": "Thôn Đông, xã Hoà An",
    "phone": "0912345678",
    "email": "htx@example.vn",
    "contact_person": "Trần Văn Liên Hệ",
}
# What a consented contact is published as: the address composed with the province the typed line does not name.
PUBLISHED = {**CONTACTS, "address": "Thôn Đông, xã Hoà An, tỉnh Thử Nghiệm"}


def _public_bodies(api, world):
    product = world["mine"]
    certificate = product.certificates.get()
    public = api.as_(None)
    return [
        public.get(reverse("api:public_product_list")).content,
        public.get(reverse("api:public_product_detail", args=[product.pk])).content,
        public.get(reverse("api:public_producer_detail", args=[product.producer_id])).content,
        public.get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).content,
        public.get(reverse("api:public_certificate_list"), {"number": certificate.number}).content,
    ]


def _keys(value, found=None):
    found = set() if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(k)
            _keys(v, found)
    elif isinstance(value, list):
        for v in value:
            _keys(v, found)
    return found


@pytest.mark.parametrize("field", sorted(SECRETS))
def test_it_never_shows_a_tax_code_or_a_legal_representative(api, cast, field):
    world = certified_world(cast)
    for body in _public_bodies(api, world):
        text = body.decode()
        assert SECRETS[field] not in text
        assert field not in _keys(json.loads(text))


@pytest.mark.parametrize("field", sorted(NEVER_PUBLIC_PRODUCER_FIELDS))
def test_no_never_public_field_appears_as_a_key(api, cast, field):
    world = certified_world(cast)
    for body in _public_bodies(api, world):
        assert field not in _keys(json.loads(body))


def test_it_never_shows_officer_data(api, cast):
    world = certified_world(cast)
    for body in _public_bodies(api, world):
        text = body.decode()
        for officer in (cast.province_officer, cast.commune_officer, cast.admin):
            assert officer.username not in text and officer.get_full_name() not in text
        assert not {"created_by", "issued_by", "checked_by", "signer_name", "members"} & _keys(json.loads(text))


@pytest.mark.parametrize("field", sorted(PRODUCER_CONSENTED_FIELDS))
def test_contacts_appear_only_with_the_producers_consent(api, cast, field):
    world = certified_world(cast)
    value = CONTACTS[field]
    assert all(value not in body.decode() for body in _public_bodies(api, world))
    cast.producer.public_contact = True
    cast.producer.save()
    from django.core.cache import cache

    cache.clear()  # the portal's reads are cached; a consent change bumps nothing here, the test clears by hand
    detail = api.as_(None).get(reverse("api:public_producer_detail", args=[cast.producer.pk])).json()
    assert detail["contact"][field] == PUBLISHED[field]


def test_the_list_holds_certified_products_only(api, cast):
    world = certified_world(cast)
    rows = api.as_(None).get(reverse("api:public_product_list")).json()["results"]
    assert {r["id"] for r in rows} == {world["mine"].pk, world["far"].pk}
    assert api.as_(None).get(reverse("api:public_product_detail", args=[world["plain"].pk])).status_code == 404


def test_the_list_filters_as_the_catalogue_does(api, cast):
    world = certified_world(cast)
    rows = api.as_(None).get(reverse("api:public_product_list"), {"province": cast.province.pk}).json()["results"]
    assert [r["id"] for r in rows] == [world["mine"].pk]
    rows = api.as_(None).get(reverse("api:public_product_list"), {"star": 3}).json()["results"]
    assert [r["id"] for r in rows] == [world["far"].pk]
    assert api.as_(None).get(reverse("api:public_product_list"), {"star": 7}).status_code == 400


def test_a_revoked_certificate_leaves_the_list_and_says_so_when_verified(api, cast):
    world = certified_world(cast)
    certificate = world["mine"].certificates.get()
    revoke_with_four_eyes(
        certificate=certificate,
        by=cast.province_officer,
        ground="b",
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate(),
    )
    from django.core.cache import cache

    cache.clear()  # public_cache_bump runs on commit, which the test transaction never reaches
    rows = api.as_(None).get(reverse("api:public_product_list")).json()["results"]
    assert world["mine"].pk not in {r["id"] for r in rows}
    verdict = api.as_(None).get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).json()
    assert verdict["verdict"] == "revoked" and verdict["is_live"] is False
    by_number = api.as_(None).get(reverse("api:public_certificate_list"), {"number": certificate.number}).json()
    assert [r["verdict"] for r in by_number["results"]] == ["revoked"]


def test_a_lapsed_certificate_reads_expired_before_the_nightly_sweep(api, cast):
    world = certified_world(cast)
    certificate = world["mine"].certificates.get()
    certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save()
    verdict = api.as_(None).get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).json()
    assert verdict["verdict"] == "expired"


def test_unknown_token_and_number_answer_404_and_an_empty_list(api, cast):
    assert api.as_(None).get(reverse("api:public_certificate_verify", args=["khong-co"])).status_code == 404
    for token in ("\x00", "a\x00b", "x" * 5000):  # a NUL byte answered 500 (PostgreSQL refuses it in text)
        assert api.as_(None).get(reverse("api:public_certificate_verify", args=[token])).status_code == 404
    response = api.as_(None).get(reverse("api:public_certificate_list"), {"number": "0/GCN"})
    assert response.status_code == 200 and response.json() == {"results": []}
    assert api.as_(None).get(reverse("api:public_certificate_list")).status_code == 400  # number is required


def test_public_endpoints_are_read_only(api, cast):
    response = api.as_(None).post(reverse("api:public_product_list"), {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_the_list_pages_by_cursor_in_id_order_and_keeps_its_filters(api, cast):
    from portal.tests.factories import certified

    world = certified_world(cast)
    more = [certified(cast.producer, name=f"Miến dong số {n}", star=3) for n in range(3)]
    public = api.as_(None)
    mine = sorted([world["mine"].pk, *(p.pk for p in more)])
    seen, url, params = [], reverse("api:public_product_list"), {"province": cast.province.pk, "page_size": 3}
    while url:
        body = public.get(url, params).json()
        assert set(body) == {"next", "previous", "results"}  # no count: a cursor page never counts the whole set
        assert len(body["results"]) <= 3
        seen += [r["id"] for r in body["results"]]
        url, params = body["next"], None  # the next link carries the filters and the page size
    assert seen == mine  # the other province's product never appears: the filter held on every page
    starred = public.get(reverse("api:public_product_list"), {"star": 3, "page_size": 1}).json()
    assert [r["id"] for r in starred["results"]] == [world["far"].pk]
    following = public.get(starred["next"]).json()
    assert [r["id"] for r in following["results"]] == [more[0].pk]
    bad = public.get(reverse("api:public_product_list"), {"cursor": "not-a-cursor"})
    assert bad.status_code == 404 and bad["Content-Type"] == "application/problem+json"


def test_the_list_is_cached_like_the_portals_pages_until_a_change(api, cast, django_capture_on_commit_callbacks):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocop.cache import public_cache_bump

    world = certified_world(cast)
    public = api.as_(None)
    first = public.get(reverse("api:public_product_list")).json()
    with CaptureQueriesContext(connection) as queries:
        again = public.get(reverse("api:public_product_list")).json()
    assert again == first and len(queries) == 0
    world["mine"].certificates.update(status="revoked")
    assert world["mine"].pk in {r["id"] for r in public.get(reverse("api:public_product_list")).json()["results"]}
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()  # as the revocation service does when it commits
    assert world["mine"].pk not in {r["id"] for r in public.get(reverse("api:public_product_list")).json()["results"]}
    cache.clear()


def test_its_links_are_absolute_addresses_of_the_site_as_the_open_data_and_the_qr_code_give_them(api, cast, settings):
    """An integrator got "/san-pham/1-…" and "/v/<token>/" beside an absolute "next": a path it had to join to a host
    it was never told. The portal's open data and the printed QR code give the site's address (SITE_URL)."""
    settings.SITE_URL = "https://ocop.example.vn"
    world = certified_world(cast)
    product = world["mine"]
    certificate = product.certificates.get()
    public = api.as_(None)
    site = "https://ocop.example.vn/"
    cards = json.loads(public.get(reverse("api:public_product_list")).content)["results"]
    detail = json.loads(public.get(reverse("api:public_product_detail", args=[product.pk])).content)
    producer = json.loads(public.get(reverse("api:public_producer_detail", args=[product.producer_id])).content)
    verified = json.loads(public.get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).content)
    links = [card["url"] for card in cards] + [detail["url"], detail["producer"]["url"], producer["url"]]
    links += [detail["certificate"]["verify_url"], verified["verify_url"], producer["products"][0]["url"]]
    assert all(link.startswith(site) for link in links), links
    assert verified["verify_url"] == f"{site}v/{certificate.verify_token}/"


@pytest.mark.parametrize("typed", ["101/gcn-tn", "  101/GCN-TN ", "101/GCN-TN"])
def test_the_lookup_by_number_ignores_case_and_surrounding_spaces(api, cast, typed):
    certificate = certified_world(cast)["mine"].certificates.get()
    type(certificate).objects.filter(pk=certificate.pk).update(number="101/GCN-TN")
    found = api.as_(None).get(reverse("api:public_certificate_list"), {"number": typed}).json()["results"]
    assert [r["number"] for r in found] == ["101/GCN-TN"]
