"""A dashboard per role (issue 14): the ministry's sets every province side by side, a province's its communes, a
commune's shows its producers, pipeline and certificates expiring; each opens only within the user's unit (404
outside). Every evaluation figure drills down to a list whose count is the figure. The figures are cached per
scope and day, and a service that changes a record they count makes them stale."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, RegistrationFactory, issued_decision, result_for
from dashboard.models import HistoricEvaluation
from dashboard.selectors.statistics import programme_statistics
from dashboard.tests.factories import awaiting_decision, not_recognised
from ocop.testing import make_unit
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_statistics")
LIST = reverse("dashboard_figure_list")
TODAY = date(2026, 12, 2)


def live(producer, *, star=4):
    return CertificateFactory(product=ProductFactory(producer=producer), star=star, status=CertificateStatus.VALID)


def kind(response):
    return response.context["stats"]["kind"]


# --- one dashboard per role ---------------------------------------------------------------------------------


def test_the_ministry_sees_every_province_side_by_side(cast, login):
    live(cast.producer)
    response = login(cast.central_officer).get(URL)
    assert kind(response) == "ministry"
    units = response.context["stats"]["units"]
    assert {u["label"] for u in units} >= {"Tỉnh Thử Nghiệm", "Tỉnh Khác"}
    assert all(u["dashboard_url"] == f"{URL}?province={u['key']}" for u in units)


def test_a_province_sees_its_communes_side_by_side_and_opens_each(cast, login):
    live(cast.producer)
    client = login(cast.province_officer)
    response = client.get(URL)
    assert kind(response) == "province"
    row = next(u for u in response.context["stats"]["units"] if u["label"] == "Xã Hoà An")
    assert row["count"] == 1 and row["dashboard_url"] == f"{URL}?commune={cast.commune.pk}"
    commune = client.get(row["dashboard_url"])
    assert commune.status_code == 200 and kind(commune) == "commune"
    assert commune.context["stats"]["live_total"] == 1


def test_a_commune_sees_its_producers_pipeline_and_expiring_certificates(cast, login):
    live(cast.producer)
    RegistrationFactory(product=ProductFactory(producer=cast.producer), status="submitted")
    RegistrationFactory(product=ProductFactory(producer=cast.other_producer_org), status="submitted")
    response = login(cast.commune_officer).get(URL)
    assert kind(response) == "commune"
    stats = response.context["stats"]
    assert stats["unit_level"] is None
    assert next(r for r in stats["pipeline"] if r["status"] == "submitted")["count"] == 1
    assert stats["producers_total"] >= 1 and len(stats["expiring"]) == 12
    page = response.content.decode()
    assert 'data-testid="pipeline"' in page and 'data-testid="by-month"' in page and 'data-testid="by-kind"' in page


def test_the_pipeline_drills_down_to_its_registrations(cast, login):
    for status in ("submitted", "submitted", "forwarded", "decided"):
        RegistrationFactory(product=ProductFactory(producer=cast.producer), status=status)
    client = login(cast.commune_officer)
    for row in client.get(URL).context["stats"]["pipeline"]:
        assert client.get(row["url"]).context["total"] == row["count"], row["label"]


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("province_officer", {"province": "other_province"}),
        ("province_officer", {"commune": "far_commune"}),
        ("commune_officer", {"commune": "other_commune"}),
        ("commune_officer", {"province": "province"}),
        ("commune_officer", {"commune": "999999"}),
    ],
)
def test_a_unit_outside_ones_own_is_a_404(cast, login, who, query):
    params = {k: (v if v.isdigit() else getattr(cast, v).pk) for k, v in query.items()}
    client = login(getattr(cast, who))
    assert client.get(URL, params).status_code == 404
    assert client.get(LIST, {"figure": "evaluated", **params}).status_code == 404


def test_a_national_officer_opens_any_commune(cast, login):
    live(cast.other_producer_org, star=5)
    response = login(cast.central_officer).get(URL, {"commune": cast.other_producer_org.commune_id})
    assert response.status_code == 200 and kind(response) == "commune"
    assert response.context["stats"]["live_total"] == 1


@pytest.mark.parametrize("who", ["producer_owner", "council_member", "advisory_member"])
def test_the_figure_lists_are_refused_to_other_roles(cast, login, who):
    assert login(getattr(cast, who)).get(LIST, {"figure": "evaluated"}).status_code == 403


def test_an_unknown_figure_is_a_404(cast, login):
    assert login(cast.province_officer).get(LIST, {"figure": "salaries"}).status_code == 404


# --- every evaluation figure drills down ----------------------------------------------------------------------


@pytest.fixture
def evaluations(cast):
    """2026: six council results (a 4★ and a 3★ recognised by a decision, a 2★ not, and three whose dossiers wait
    for their decision: a 4★ in a decision not issued yet, a potential 5★ forwarded to the central council, one sent
    back for a new provincial evaluation); a certificate recorded from before the system (2019) and two past
    evaluations not recognised that year."""
    recognised = [result_for(cast.producer, star=4), result_for(cast.producer, star=3)]
    not_recognised(cast.producer)
    issued_decision(province=cast.province, by=cast.province_officer, results=recognised)
    awaiting_decision(cast)
    old_province = make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic")
    CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        issued_on=date(2019, 5, 1),
        registration=None,
        number="07/GCN-2019",
    )
    for n in range(2):
        HistoricEvaluation.objects.create(
            product=ProductFactory(producer=cast.producer),
            evaluated_on=date(2019, 11, 20 + n),
            mean_score=Decimal("45.00"),
            star=2,
            level="province",
            unit=old_province,
            issuer_name="UBND tỉnh Bắc Kạn",
        )


def test_evaluated_and_not_recognised_per_year_drill_down_to_their_lists(cast, login, evaluations):
    """The dossiers waiting for their decision are evaluated, and neither recognised nor not recognised."""
    client = login(cast.province_officer)
    rows = programme_statistics(user=cast.province_officer, today=TODAY)["evaluated"]
    assert [(r["label"], r["evaluated"], r["recognised"], r["not_recognised"]) for r in rows if r["evaluated"]] == [
        (2019, 3, 1, 2),
        (2026, 6, 2, 1),
    ]
    for row in rows:
        for figure in ("evaluated", "reached", "not_recognised"):
            listed = client.get(row[f"{figure}_url"]).context["total"]
            assert listed == row[figure], (row["label"], figure)


def test_a_potential_five_stars_waiting_for_the_provinces_approval_is_on_its_way_not_unrecognised(cast, login):
    """D26 Điều 7.3e: until the Chủ tịch UBND tỉnh approves the result and the province writes to the ministry, the
    dossier waits for its decision: evaluated and on its way, never "not recognised"."""
    from dashboard.tests.factories import settled
    from evaluation.choices import RegistrationStatus

    settled(result_for(cast.producer, star=5, potential_five=True), RegistrationStatus.PROVINCE_APPROVAL)
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    row = next(r for r in stats["evaluated"] if r["label"] == 2026)
    assert (row["evaluated"], row["recognised"], row["not_recognised"]) == (1, 0, 0)
    client = login(cast.province_officer)
    assert client.get(row["not_recognised_url"]).context["total"] == 0
    pipeline = next(r for r in stats["pipeline"] if r["status"] == RegistrationStatus.PROVINCE_APPROVAL)
    assert pipeline["count"] == 1 and client.get(pipeline["url"]).context["total"] == 1


def test_the_products_reaching_3_stars_drill_down_to_their_list(cast, login, evaluations):
    """A product scored at 2★ in January and at 3★ in March reached 3★ that year; a past evaluation at 3★ that was not
    recognised did too; the certificate recorded from before the system counts, the 2★ past evaluations do not."""
    from evaluation.models import CouncilResult
    from evaluation.tests.factories import CouncilResultFactory

    first = result_for(cast.producer, star=3, mean_score=Decimal("45.00"), band_star=2, final_star=2)
    CouncilResultFactory(registration=first.registration, final_star=3, band_star=3, mean_score=Decimal("61.00"))
    CouncilResult.objects.filter(pk=first.pk).update(
        decided_at=datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    HistoricEvaluation.objects.create(
        product=ProductFactory(producer=cast.producer),
        evaluated_on=date(2019, 12, 1),
        mean_score=Decimal("62.00"),
        star=3,
        level="province",
        unit=cast.province,
        issuer_name="UBND tỉnh Bắc Kạn",
    )
    client = login(cast.province_officer)
    rows = programme_statistics(user=cast.province_officer, today=TODAY)["evaluated"]
    assert {r["label"]: r["reached"] for r in rows if r["evaluated"]} == {2019: 2, 2026: 6}
    for row in rows:
        listed = client.get(row["reached_url"])
        assert listed.context["total"] == row["reached"], row["label"]
    page = client.get(rows[-1]["reached_url"]).content.decode()
    assert "Sản phẩm được đánh giá đạt từ 3 sao" in page and first.registration.product.name in page


def test_every_round_drills_down_to_its_lists(cast, login, evaluations):
    client = login(cast.province_officer)
    rounds = programme_statistics(user=cast.province_officer, today=TODAY)["rounds"]
    assert len(rounds) >= 2
    in_system = [row for row in rounds if "round=" in row["evaluated_url"]]
    assert [(r["evaluated"], r["recognised"], r["not_recognised"]) for r in in_system] == [(6, 2, 1)]
    listed = client.get(in_system[0]["not_recognised_url"]).content.decode()
    assert "Đã chấm điểm" not in listed and "Đã chuyển trung ương" not in listed  # no dossier waiting is listed
    for row in rounds:
        for figure in ("evaluated", "not_recognised", "recognised"):
            listed = client.get(row[f"{figure}_url"]).context["total"]
            assert listed == row[figure], (row["label"], figure)


def test_the_page_links_each_cell_to_its_list(cast, login, evaluations):
    page = login(cast.province_officer).get(URL).content.decode()
    assert page.count(f"{LIST}?figure=not_recognised") >= 2  # per year and per round
    assert f"{LIST}?figure=evaluated" in page and f"{LIST}?figure=recognised" in page


def test_a_figure_list_leads_back_to_the_page_it_came_from(cast, login):
    """A year is a cell of the statistics page; a period is the periodic report's (its links give start and end)."""
    client = login(cast.province_officer)
    statistics, report = reverse("dashboard_statistics"), reverse("dashboard_report")
    from_year = client.get(LIST, {"figure": "evaluated", "year": 2026}).content.decode()
    from_report = client.get(LIST, {"figure": "evaluated", "start": "2026-01-01", "end": "2026-03-31"})
    crumbs = from_report.content.decode().split('class="breadcrumb"')[1].split("</ol>")[0]
    assert f'href="{report}"' in crumbs and f'href="{statistics}"' not in crumbs
    crumbs = from_year.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert f'href="{statistics}"' in crumbs and f'href="{report}"' not in crumbs


def test_a_figure_list_stays_in_the_users_scope(cast, login, evaluations):
    assert login(cast.outsider).get(LIST, {"figure": "evaluated", "year": 2026}).context["total"] == 0


def test_each_section_of_a_figure_list_pages_on_its_own(cast, login):
    """Certificates recorded from before the system and past evaluations of one year: two sections of 60 rows (60
    products each: a product is listed once), paged by 50; the second page of one leaves the other on its first."""
    from dashboard.tests.bulk import bulk_certificates, bulk_products

    product = ProductFactory(producer=cast.producer)
    recognised, not_recognised = bulk_products(product, 60), bulk_products(product, 60)
    bulk_certificates(product, 60, issued=date(2021, 3, 1), valid_until=date(2024, 3, 1), products=recognised)
    HistoricEvaluation.objects.bulk_create(
        HistoricEvaluation(
            product=not_recognised[n],
            evaluated_on=date(2021, 1, 1) + (date(2021, 1, 2) - date(2021, 1, 1)) * n,
            mean_score=Decimal("45.00"),
            star=2,
            level="province",
            unit=cast.province,
            issuer_name="UBND tỉnh Thử Nghiệm",
        )
        for n in range(60)
    )
    client = login(cast.province_officer)
    query = {"figure": "evaluated", "year": 2021}
    first = {s["key"]: s["page"] for s in client.get(LIST, query).context["sections"]}
    assert (first["recorded"].number, len(first["recorded"]), len(first["historic"])) == (1, 50, 50)
    response = client.get(LIST, {**query, "recorded_page": 2})
    pages = {s["key"]: s["page"] for s in response.context["sections"]}
    assert (pages["recorded"].number, len(pages["recorded"])) == (2, 10)
    assert (pages["historic"].number, len(pages["historic"])) == (1, 50)
    page = response.content.decode()
    assert "historic_page=2" in page and "recorded_page=1" in page  # each list's own links, the others kept
    assert "recorded_page=2&amp;historic_page=2" in page or "historic_page=2&amp;recorded_page=2" in page


# --- cached figures, made stale by the services ---------------------------------------------------------------


def test_the_figures_are_cached_and_a_decision_makes_them_stale(
    cast, login, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client = login(cast.province_officer)
    result = result_for(cast.producer, star=4)
    assert client.get(URL).context["stats"]["live_total"] == 0
    with django_assert_max_num_queries(4):  # session, user, unit: the figures come from the cache
        assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    assert client.get(URL).context["stats"]["live_total"] == 1


def test_a_registration_moving_makes_the_pipeline_stale(cast, login, django_capture_on_commit_callbacks):
    from evaluation.services.transitions import registration_submit

    client = login(cast.commune_officer)
    registration = RegistrationFactory(product=ProductFactory(producer=cast.producer), status="draft")
    assert client.get(URL).context["stats"]["pipeline"][0]["count"] == 1  # draft
    with django_capture_on_commit_callbacks(execute=True):
        try:
            registration_submit(registration=registration, by=cast.producer_owner)
        except Exception:  # noqa: BLE001 — an incomplete factory dossier: move it as the workflow would
            from evaluation.services.workflow import registration_transition

            registration_transition(registration=registration, verb="submit", by=cast.producer_owner)
    pipeline = {r["status"]: r["count"] for r in client.get(URL).context["stats"]["pipeline"]}
    assert pipeline["draft"] == 0 and pipeline["submitted"] == 1


def test_the_cache_is_per_scope(cast, login):
    live(cast.producer)
    live(cast.other_producer_org)
    assert login(cast.province_officer).get(URL).context["stats"]["live_total"] == 1
    assert login(cast.outsider).get(URL).context["stats"]["live_total"] == 1
    assert login(cast.central_officer).get(URL).context["stats"]["live_total"] == 2
    cache.clear()


def test_products_entering_the_reevaluation_window_are_counted_per_month_ahead(cast, login):
    """Điều 7.6a: the window opens 180 days before the expiry; a certificate valid until 14/06/2027 enters it on
    16/12/2026, one valid until 14/12/2028 only after the twelve months shown."""
    for valid_until in (date(2027, 6, 14), date(2028, 12, 14)):
        CertificateFactory(
            product=ProductFactory(producer=cast.producer), status=CertificateStatus.VALID, valid_until=valid_until
        )
    months = programme_statistics(user=cast.province_officer, today=TODAY)["entering_window"]
    assert [(m["label"], m["count"]) for m in months if m["count"]] == [("12/2026", 1)]
    client = login(cast.province_officer)
    december = months[0]
    assert client.get(december["url"]).context["page"].paginator.count == 1


def test_a_public_bump_is_also_a_statistics_bump_but_not_the_reverse(django_capture_on_commit_callbacks):
    from ocop.cache import public_cache_bump, public_version, statistics_cache_bump, statistics_version

    public, stats = public_version(), statistics_version()
    with django_capture_on_commit_callbacks(execute=True):
        statistics_cache_bump()
    assert (public_version(), statistics_version()) == (public, stats + 1)
    with django_capture_on_commit_callbacks(execute=True):
        public_cache_bump()
    assert (public_version(), statistics_version()) == (public + 1, stats + 2)


def test_recording_a_past_evaluation_makes_the_figures_stale(cast, login, django_capture_on_commit_callbacks):
    from dashboard.services import historic_evaluations_record

    client = login(cast.province_officer)
    assert client.get(URL).context["stats"]["evaluated"] == []
    row = {
        "product": ProductFactory(producer=cast.producer),
        "evaluated_on": date(2019, 11, 20),
        "mean_score": 45,
        "star": 2,
        "level": "province",
        "unit": cast.province,
    }
    with django_capture_on_commit_callbacks(execute=True):
        historic_evaluations_record(by=cast.province_officer, rows=[row])
    (year,) = client.get(URL).context["stats"]["evaluated"]
    assert (year["label"], year["evaluated"], year["not_recognised"]) == (2019, 1, 1)


def test_a_figure_lists_cached_count_follows_the_registration_moving(cast, login, django_capture_on_commit_callbacks):
    """A section's count is cached with the figures (figure_section_count): the same services make it stale."""
    from evaluation.services.workflow import registration_transition

    client = login(cast.commune_officer)
    registration = RegistrationFactory(product=ProductFactory(producer=cast.producer), status="draft")
    drafts = {"figure": "pipeline", "status": "draft"}
    assert client.get(LIST, drafts).context["total"] == 1
    assert client.get(LIST, drafts).context["total"] == 1  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=registration, verb="submit", by=cast.producer_owner)
    assert client.get(LIST, drafts).context["total"] == 0
    assert client.get(LIST, {"figure": "pipeline", "status": "submitted"}).context["total"] == 1


def test_the_evaluated_list_starts_at_the_newest_scored_dossier_past_newer_ones_under_way(cast, login):
    scored = [result_for(cast.producer, star=3).registration for _ in range(2)]
    for _ in range(3):  # newer dossiers, not scored yet
        RegistrationFactory(product=ProductFactory(producer=cast.producer), status="submitted")
    response = login(cast.province_officer).get(LIST, {"figure": "evaluated"})
    council = next(s for s in response.context["sections"] if s["key"] == "council")
    assert [r.pk for r in council["page"]] == sorted((r.pk for r in scored), reverse=True)
    assert council["page"].paginator.count == 2
