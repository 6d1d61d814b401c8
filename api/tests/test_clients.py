"""Integration clients: each endpoint × scope (allowed, 401 without a token, 403 for a read client's write, 404
outside the scope), writes through the web's services, and an audit row per call."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from evaluation.models import Registration
from evaluation.tests.factories import province_round, registration_in, scorecard_for
from ocop.models import AuditEvent

from .factories import certified_world

pytestmark = pytest.mark.django_db


def _records(cast):
    world = certified_world(cast)
    registration = registration_in(cast, status="submitted", product=world["plain"])
    return {
        "producer": cast.producer.pk,
        "product": world["mine"].pk,
        "certificate": world["mine"].certificates.get().pk,
        "registration": registration.pk,
        "far_producer": cast.other_producer_org.pk,
        "far_product": world["far"].pk,
        "far_certificate": world["far"].certificates.get().pk,
    }


DETAILS = [
    ("api:producer_detail", "producer", "far_producer"),
    ("api:product_detail", "product", "far_product"),
    ("api:certificate_detail", "certificate", "far_certificate"),
]
LISTS = [
    "api:producer_list",
    "api:product_list",
    "api:registration_list",
    "api:council_result_list",
    "api:decision_list",
    "api:certificate_list",
    "api:statistics",
]


@pytest.mark.parametrize("name", LISTS + [d[0] for d in DETAILS])
def test_without_a_token_it_answers_401_with_a_problem(api, cast, name):
    records = _records(cast)
    detail = next((d for d in DETAILS if d[0] == name), None)
    url = reverse(name, args=[records[detail[1]]]) if detail else reverse(name)
    response = api.as_(None).get(url)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_a_wrong_token_is_refused_not_treated_as_anonymous(api, cast):
    response = api.as_(None).get(reverse("api:producer_list"), HTTP_AUTHORIZATION="Bearer ocop_wrong")
    assert response.status_code == 401
    # and the public endpoints do not read tokens at all
    assert api.as_(None).get(reverse("api:public_product_list"), HTTP_AUTHORIZATION="Bearer x").status_code == 200


@pytest.mark.parametrize("name,mine,far", DETAILS)
def test_a_province_client_reads_its_province_and_gets_404_outside(api, cast, name, mine, far):
    records = _records(cast)
    caller = api.as_("province_read")
    assert caller.get(reverse(name, args=[records[mine]])).status_code == 200
    outside = caller.get(reverse(name, args=[records[far]]))
    assert outside.status_code == 404 and outside["Content-Type"] == "application/problem+json"
    assert caller.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name,mine,far", DETAILS)
def test_a_national_client_reads_every_province(api, cast, name, mine, far):
    records = _records(cast)
    caller = api.as_("national_read")
    assert caller.get(reverse(name, args=[records[mine]])).status_code == 200
    assert caller.get(reverse(name, args=[records[far]])).status_code == 200


@pytest.mark.parametrize(
    "name,expected_mine",
    [
        ("api:producer_list", {"producer"}),
        ("api:product_list", {"product"}),
        ("api:certificate_list", {"certificate"}),
    ],
)
def test_lists_hold_the_scope_only(api, cast, name, expected_mine):
    records = _records(cast)
    mine = {records[k] for k in expected_mine}
    far = {records[f"far_{k}"] for k in expected_mine}
    ids = {r["id"] for r in api.as_("province_read").get(reverse(name)).json()["results"]}
    assert mine <= ids and not (far & ids)
    ids = {r["id"] for r in api.as_("other_province_read").get(reverse(name)).json()["results"]}
    assert far <= ids and not (mine & ids)
    ids = {r["id"] for r in api.as_("national_read").get(reverse(name)).json()["results"]}
    assert (mine | far) <= ids


def test_registrations_with_their_status_in_scope_only(api, cast):
    records = _records(cast)
    rows = api.as_("province_read").get(reverse("api:registration_list")).json()["results"]
    assert [(r["id"], r["status"]) for r in rows] == [(records["registration"], "submitted")]
    assert api.as_("other_province_read").get(reverse("api:registration_list")).json()["results"] == []
    url = reverse("api:registration_detail", args=[records["registration"]])
    assert api.as_("other_province_read").get(url).status_code == 404
    label = Registration.objects.get(pk=records["registration"]).get_status_display()
    assert api.as_("province_read").get(url).json()["status_label"] == str(label)
    english = api.as_("province_read").get(url, HTTP_ACCEPT_LANGUAGE="en").json()["status_label"]
    assert english != label and english.isascii()


def test_a_registration_gives_its_first_and_latest_submission_and_its_completion_due_date(api, cast):
    """The API gave only `submitted_at`, the latest submission: a client could not tell a re-evaluation filed in the
    window and resubmitted after a return from one filed late, nor see the day the officer set to complete it."""
    import datetime as dt

    records = _records(cast)
    first = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    latest = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    Registration.objects.filter(pk=records["registration"]).update(
        first_submitted_at=first, submitted_at=latest, completion_due_on=dt.date(2026, 12, 15)
    )
    url = reverse("api:registration_detail", args=[records["registration"]])
    row = api.as_("province_read").get(url).json()
    assert (row["first_submitted_at"], row["submitted_at"], row["completion_due_on"]) == (
        "2026-11-02T16:00:00+07:00",
        "2026-11-20T16:00:00+07:00",
        "2026-12-15",
    )


def test_council_results_and_decisions_in_scope_only(api, cast):
    from certificates.tests.factories import DecisionFactory, result_for

    results = (result_for(cast.producer).pk, result_for(cast.other_producer_org).pk)
    decisions = (
        DecisionFactory(issuer_unit=cast.province).pk,
        DecisionFactory(issuer_unit=cast.other_province).pk,
    )
    for name, (mine, far) in (("api:council_result_list", results), ("api:decision_list", decisions)):
        ids = {r["id"] for r in api.as_("province_read").get(reverse(name)).json()["results"]}
        assert mine in ids and far not in ids, name
        ids = {r["id"] for r in api.as_("other_province_read").get(reverse(name)).json()["results"]}
        assert far in ids and mine not in ids, name
        ids = {r["id"] for r in api.as_("national_read").get(reverse(name)).json()["results"]}
        assert {mine, far} <= ids, name


def test_filters_are_the_web_lists_and_a_bad_value_is_a_400(api, cast):
    records = _records(cast)
    caller = api.as_("national_read")
    rows = caller.get(reverse("api:product_list"), {"province": cast.province.pk}).json()["results"]
    assert {r["id"] for r in rows} == {records["product"], Product_plain(cast)}
    rows = caller.get(reverse("api:certificate_list"), {"star": 3}).json()["results"]
    assert [r["id"] for r in rows] == [records["far_certificate"]]
    bad = caller.get(reverse("api:product_list"), {"star": "nine"})
    assert bad.status_code == 400 and "star" in bad.json()["errors"]


def Product_plain(cast):  # noqa: N802 — the uncertified product of certified_world
    return cast.producer.products.get(name="Bánh chưa công nhận").pk


def test_statistics_for_the_scope_and_a_province(api, cast):
    _records(cast)
    own = api.as_("province_read").get(reverse("api:statistics")).json()
    assert own["live_total"] == 1
    national = api.as_("national_read")
    assert national.get(reverse("api:statistics")).json()["live_total"] == 2
    assert national.get(reverse("api:statistics"), {"province": cast.other_province.pk}).json()["live_total"] == 1
    outside = api.as_("province_read").get(reverse("api:statistics"), {"province": cast.other_province.pk})
    assert outside.status_code == 400 and set(outside.json()["errors"]) == {"province"}  # as the lists refuse it
    assert "url" not in own["stars"][0]
    assert own["units"] and not [k for row in own["units"] for k in row if k.endswith("url")]  # nor dashboard_url


# ------------------------------------------------------------------------------------------- writes


def test_a_read_client_may_not_write(api, cast):
    records = _records(cast)
    response = api.as_("province_read").post(
        reverse("api:registration_list"), {"product": records["product"], "kind": "first"}
    )
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    response = api.as_("national_read").post(reverse("api:certificate_historic_create"), {})
    assert response.status_code == 403


def test_a_write_client_enters_a_registration_through_the_web_service(api, cast):
    """A client enters a paper dossier for a producer without an account; one with an account files its own
    (products.permissions.acts_for_producer), refused field by field as on the web form."""
    from products.tests.factories import ProducerFactory, make_product

    world = certified_world(cast)
    evaluation_round = province_round(cast.province, year=2027, number=1)  # still taking proposals on the day
    caller = api.as_("province_write")
    scorecard_for(world["plain"])
    refused = caller.post(
        reverse("api:registration_list"), {"product": world["plain"].pk, "kind": "first", "round": evaluation_round.pk}
    )
    assert refused.status_code == 400 and "tài khoản" in refused.json()["errors"]["product"][0]
    assert not Registration.objects.filter(product=world["plain"]).exists()
    product = make_product(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune), "Mật ong rừng")
    scorecard_for(product)
    response = caller.post(
        reverse("api:registration_list"), {"product": product.pk, "kind": "first", "round": evaluation_round.pk}
    )
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(pk=response.json()["id"])
    assert registration.status == "draft" and registration.entered_by_officer
    assert registration.created_by == caller.api_client.user
    assert AuditEvent.objects.filter(action="registration.create", target_id=str(registration.pk)).exists()
    # the web's rules: a second open dossier for the same product is refused, field by field
    again = caller.post(
        reverse("api:registration_list"), {"product": product.pk, "kind": "first", "round": evaluation_round.pk}
    )
    assert again.status_code == 400 and "product" in again.json()["errors"]


def test_a_write_client_cannot_reach_another_provinces_product(api, cast):
    world = certified_world(cast)
    response = api.as_("province_write").post(
        reverse("api:registration_list"), {"product": world["far"].pk, "kind": "first"}
    )
    assert response.status_code == 400 and "product" in response.json()["errors"]
    assert not Registration.objects.filter(product=world["far"]).exists()


def test_the_form_messages_come_in_english_when_asked(api, cast):
    response = api.as_("province_write").post(
        reverse("api:registration_list"), {"product": 999999, "kind": "first"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert response.status_code == 400 and response["Content-Language"] == "en"
    assert body["title"] == "Bad request" and "valid choice" in body["errors"]["product"][0]


HISTORIC = {
    "number": "15/GCN-UBND",
    "star": 3,
    "issuer_level": "district",
    "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
    "decision_number": "1427/QĐ-UBND",
    "decision_date": "2024-04-24",
    "legal_basis": "148/2023",
}


def test_a_write_client_records_a_historic_certificate_with_the_web_rules(api, cast):
    world = certified_world(cast)
    caller = api.as_("province_write")
    response = caller.post(reverse("api:certificate_historic_create"), {**HISTORIC, "product": world["plain"].pk})
    assert response.status_code == 201, response.content
    certificate = Certificate.objects.get(pk=response.json()["id"])
    assert certificate.is_historic and certificate.decision.issuer_name == HISTORIC["issuer_name"]
    assert response.json()["valid_until"] == "2027-04-24"
    # a district cannot recognise 4★ under 148/2023: the service's own message, on the field
    refused = caller.post(
        reverse("api:certificate_historic_create"),
        {**HISTORIC, "number": "16/GCN", "star": 4, "product": world["plain"].pk},
    )
    assert refused.status_code == 400 and "star" in refused.json()["errors"]


def test_a_write_client_records_the_tờ_trình_of_a_historic_decision_with_the_web_rules(api, cast):
    world = certified_world(cast)
    caller = api.as_("province_write")
    url = reverse("api:certificate_historic_create")
    cited = {"submission_number": "125/TTr-PNN", "submission_date": "2024-04-19"}
    late = caller.post(url, {**HISTORIC, "product": world["plain"].pk, **cited, "submission_date": "2024-04-25"})
    assert late.status_code == 400 and set(late.json()["errors"]) == {"submission_date"}
    response = caller.post(url, {**HISTORIC, "product": world["plain"].pk, **cited})
    assert response.status_code == 201, response.content
    decision = Certificate.objects.get(pk=response.json()["id"]).decision
    assert (decision.submission_number, str(decision.submission_date)) == ("125/TTr-PNN", "2024-04-19")


def test_a_province_write_client_cannot_record_a_historic_certificate_of_another_province(api, cast):
    world = certified_world(cast)
    before = Certificate.objects.count()
    response = api.as_("province_write").post(
        reverse("api:certificate_historic_create"), {**HISTORIC, "product": world["far"].pk}
    )
    assert response.status_code == 400 and "product" in response.json()["errors"]
    assert Certificate.objects.count() == before


def test_a_read_write_national_client_may_record_for_any_province(api, cast):
    world = certified_world(cast)
    response = api.as_("national_write").post(
        reverse("api:certificate_historic_create"), {**HISTORIC, "product": world["far"].pk}
    )
    assert response.status_code == 201


# ------------------------------------------------------------------------------------------- audit


def test_every_client_call_is_in_the_audit_trail(api, cast):
    records = _records(cast)
    caller = api.as_("province_read")
    before = AuditEvent.objects.filter(action="api.call").count()
    caller.get(reverse("api:product_list"), {"star": 4})
    caller.get(reverse("api:product_detail", args=[records["far_product"]]))
    caller.post(reverse("api:registration_list"), {})
    events = list(AuditEvent.objects.filter(action="api.call").order_by("id")[before:])
    assert [e.summary for e in events] == [
        f"GET {reverse('api:product_list')} 200",
        f"GET {reverse('api:product_detail', args=[records['far_product']])} 404",
        f"POST {reverse('api:registration_list')} 403",
    ]
    assert all(e.actor_id == caller.api_client.user_id for e in events)
    assert events[0].changes == {"query": "star=4"}
    assert events[0].target_id == str(caller.api_client.pk)


def test_anonymous_public_calls_write_no_audit_row(api, cast):
    certified_world(cast)
    before = AuditEvent.objects.count()
    api.as_(None).get(reverse("api:public_product_list"))
    assert AuditEvent.objects.count() == before


def test_a_certificate_past_expiry_reads_as_it_does_today_in_the_list_the_detail_and_the_sync(api, cast):
    """The status is today's (certificates.models.status.effective_status), not the one the nightly sweep last stored:
    expired the day after the last valid day, extended while a re-evaluation is filed and not decided."""
    import datetime
    import json

    from django.utils import timezone

    from certificates.tests.factories import make_registration

    records = _records(cast)
    certificate = Certificate.objects.get(pk=records["certificate"])
    Certificate.objects.filter(pk=certificate.pk).update(
        status="expiring", valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    caller = api.as_("province_read")

    def statuses():
        rows = caller.get(reverse("api:certificate_list")).json()["results"]
        listed = {r["id"]: r["status"] for r in rows}[certificate.pk]
        detail = caller.get(reverse("api:certificate_detail", args=[certificate.pk])).json()["status"]
        sync = caller.get(reverse("api:sync_province", args=[cast.province.pk]))
        synced = {r["id"]: r["status"] for r in json.loads(b"".join(sync.streaming_content))["certificates"]}
        return listed, detail, synced[certificate.pk]

    assert statuses() == ("expired",) * 3
    make_registration(certificate.product, kind="reevaluation", status="submitted")
    assert statuses() == ("extended",) * 3
