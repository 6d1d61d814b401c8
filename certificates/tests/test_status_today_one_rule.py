"""A certificate's status on a given day is answered in several places, by necessity: in Python for a certificate
(`Certificate.effective_status`: the verification page, the successor check, the API's detail) or a row read as values
(`effective_status` with the row's `reevaluation_pending`: the API's lists, the sync export), as a queryset condition
(`live_today_q`: the public catalogue, the map, the open data), as an SQL expression (`status_today`: the API list's
status filter) and, stored, by the nightly sweep. They were written apart and drifted twice: an extended certificate
past its 180 days (a sweep missed) was still live to the API and gone from the catalogue; a certificate past its expiry
with a re-evaluation pending (Điều 12.3) was extended on its verification page and expired in the catalogue and the
API until the sweep ran. This holds them to one answer."""

import datetime

import pytest
from django.urls import reverse

from certificates.choices import LIVE_STATUSES, CertificateStatus
from certificates.models import Certificate
from certificates.models.status import effective_status, live_today_q
from certificates.services.expiry import certificates_flag_expiring
from certificates.tests.factories import CertificateFactory, make_registration
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
OFFSETS = (-200, -181, -180, -179, -1, 0, 1, 30)  # valid_until − today, in days
# What the product has besides its certificate: a re-evaluation filed and not decided keeps the certificate alive
# past its expiry, also while it is returned to the producer to complete (a return is not the authority's decision);
# a draft, a withdrawn one or a first evaluation filed do not.
DOSSIERS = {
    "none": None,
    "reevaluation filed": ("reevaluation", "submitted"),
    "reevaluation before the council": ("reevaluation", "ready_for_council"),
    "reevaluation draft": ("reevaluation", "draft"),
    "reevaluation returned": ("reevaluation", "returned"),
    "reevaluation withdrawn": ("reevaluation", "withdrawn"),
    "first evaluation filed": ("first", "submitted"),
}


def _cases(cast):
    made = {}
    for status in CertificateStatus.values:
        for offset in OFFSETS:
            if status == CertificateStatus.EXTENDED and offset >= 0:
                continue  # only the sweep extends, and only a certificate past its last valid day
            for dossier in DOSSIERS.values():
                valid_until = TODAY + datetime.timedelta(days=offset)
                product = ProductFactory(producer=cast.producer)
                certificate = CertificateFactory(
                    product=product,
                    status=status,
                    issued_on=valid_until - datetime.timedelta(days=3 * 365),
                    valid_until=valid_until,
                )
                if dossier:  # filed by the certificate's last day (the factory's filing day)
                    make_registration(product, kind=dossier[0], status=dossier[1])
                made[certificate.pk] = (status, offset, dossier)
    return made


def test_every_reader_and_the_sweep_say_the_same(cast, settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    made = _cases(cast)
    certificates = Certificate.objects.filter(pk__in=made)
    by_instance = {c.pk: c.effective_status(TODAY) for c in certificates}
    by_values = {
        r["pk"]: effective_status(r["status"], r["valid_until"], TODAY, reevaluation_pending=r["reevaluation_pending"])
        for r in certificates.with_reevaluation_pending().values("pk", "status", "valid_until", "reevaluation_pending")
    }
    assert by_values == by_instance
    # The same rule in SQL, which the lists' status filters select by (CertificateFilter), the web's and the API's.
    by_annotation = dict(certificates.with_status_today(TODAY).values_list("pk", "status_today"))
    assert by_annotation == by_instance
    live = set(certificates.filter(live_today_q(today=TODAY)).values_list("pk", flat=True))
    assert live == {pk for pk, status in by_instance.items() if status in LIVE_STATUSES}
    extended = {pk for pk, status in by_instance.items() if status == CertificateStatus.EXTENDED}
    assert {made[pk][2] for pk in extended} == {
        ("reevaluation", "submitted"),
        ("reevaluation", "ready_for_council"),
        ("reevaluation", "returned"),
    }
    assert {made[pk][1] for pk in extended} == {-180, -179, -1}

    # Tonight's sweep stores what the readers said today (it moves a certificate before its expiry to a later phase
    # of the watch, both live).
    certificates_flag_expiring(today=TODAY)
    stored = dict(certificates.values_list("pk", "status"))
    assert {pk: s in LIVE_STATUSES for pk, s in stored.items()} == {
        pk: s in LIVE_STATUSES for pk, s in by_instance.items()
    }
    assert {pk for pk, s in stored.items() if s == CertificateStatus.EXTENDED} == extended


def test_the_boundaries(cast, settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    S = CertificateStatus

    def status(stored, days_after_expiry, pending=False):
        return effective_status(
            stored, TODAY - datetime.timedelta(days=days_after_expiry), TODAY, reevaluation_pending=pending
        )

    # The last valid day is live, the next day not, unless a re-evaluation is pending: then 180 days more.
    assert status(S.VALID, 0) == S.VALID
    assert status(S.EXPIRING, 1) == S.EXPIRED
    assert status(S.EXPIRING, 1, pending=True) == S.EXTENDED
    assert status(S.EXTENDED, 180, pending=True) == S.EXTENDED
    assert status(S.EXTENDED, 181, pending=True) == S.EXPIRED
    assert status(S.EXTENDED, 10, pending=False) == S.EXPIRED  # the dossier was withdrawn or decided
    for terminal in (S.REVOKED, S.SUPERSEDED, S.EXPIRED):
        assert status(terminal, 1, pending=True) == terminal


def test_a_certificate_past_expiry_with_its_re_evaluation_pending_is_extended_everywhere_before_the_sweep(
    client, cast, time_machine
):
    """The buyer's verification page, the public catalogue and the API agree on the morning after the expiry, with
    the sweep not yet run."""
    from api.tests.factories import certified_world

    world = certified_world(cast)
    certificate = world["mine"].certificates.get()
    certificate.valid_until = TODAY - datetime.timedelta(days=1)
    certificate.status = CertificateStatus.EXPIRING
    certificate.save()
    make_registration(world["mine"], kind="reevaluation", status="submitted")

    page = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token]))
    assert 'data-status="extended"' in page.content.decode()
    catalogue = client.get(reverse("portal:catalogue"))
    assert world["mine"].name in catalogue.content.decode()
    verified = client.get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).json()
    assert verified["is_live"] is True and verified["extended_until"] == "2027-05-30"
    # The product page's badge and history and the open data say "extended" too, not "valid" with a past date.
    from portal.selectors import open_data_rows, public_product

    product = public_product(pk=world["mine"].pk)
    assert product["certificate"]["verdict"] == "extended" and product["history"][0]["verdict"] == "extended"
    public = client.get(reverse("api:public_product_detail", args=[world["mine"].pk])).json()
    assert public["certificate"]["verdict"] == "extended" and public["certificate"]["extended_until"] == "2027-05-30"
    page = client.get(reverse("portal:product_short", args=[world["mine"].pk]), follow=True).content.decode()
    assert "chậm nhất đến hết ngày 30/05/2027" in page  # the verification page's last day of the extension
    rows = {row["product_id"]: row for row in open_data_rows(site_url="https://ocop.example.vn")}
    assert rows[world["mine"].pk]["status"] == "extended"


def test_a_re_evaluation_that_stops_being_pending_takes_the_product_out_of_the_cached_catalogue_at_once(
    cast, django_capture_on_commit_callbacks
):
    """The catalogue is cached under the public version; a dossier's step that ends the extension moves it."""
    from api.tests.factories import certified_world
    from evaluation.services.transitions import registration_reject
    from portal.selectors import catalogue_page

    def listed():
        return {row["id"] for row in catalogue_page(filters={}, sort="name", page=1)["rows"]}

    world = certified_world(cast)
    Certificate.objects.filter(product=world["mine"]).update(
        status=CertificateStatus.EXPIRING, valid_until=TODAY - datetime.timedelta(days=1)
    )
    dossier = make_registration(world["mine"], kind="reevaluation", status="submitted")
    assert world["mine"].pk in listed()  # and now cached
    with django_capture_on_commit_callbacks(execute=True):
        registration_reject(registration=dossier, by=cast.commune_officer, reason="Hồ sơ không đúng sản phẩm.")
    assert world["mine"].pk not in listed()
