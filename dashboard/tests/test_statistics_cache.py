"""The dashboards' figures are cached under a version per province (ocop.cache): a change in one province makes
its own figures and the national ones stale and keeps every other province's warm; the national figures are the
provinces' counts put together, so after a change the national view recounts the one province that changed."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, result_for
from dashboard.selectors.statistics import programme_statistics
from ocop.cache import province_statistics_version, statistics_cache_bump, statistics_version
from ocop.testing import make_unit
from products.services import producer_update
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_statistics")
TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # the versions live in the cache: every test starts from the same one
    yield
    cache.clear()


def live(producer, *, star=4):
    return CertificateFactory(product=ProductFactory(producer=producer), star=star, status=CertificateStatus.VALID)


def figures(user, **kwargs):
    return programme_statistics(user=user, today=TODAY, **kwargs)


def bump(callbacks, **kwargs):
    with callbacks(execute=True):
        statistics_cache_bump(**kwargs)


def test_a_change_in_one_province_keeps_every_other_provinces_figures_warm(
    cast, login, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    live(cast.producer)
    live(cast.other_producer_org)
    assert [figures(u)["producers_total"] for u in (cast.province_officer, cast.outsider, cast.central_officer)] == [
        1,
        1,
        2,
    ]
    login(cast.outsider).get(URL)  # its page, rendered and cached
    ProducerFactory(commune=cast.commune)  # a producer recorded in the cast's province …
    bump(django_capture_on_commit_callbacks, units=[cast.commune.pk])  # … as producer_create bumps
    assert figures(cast.province_officer)["producers_total"] == 2
    assert figures(cast.central_officer)["producers_total"] == 3
    assert figures(cast.outsider)["producers_total"] == 1
    client = login(cast.outsider)
    with django_assert_max_num_queries(4):  # session, user, unit, notices: the other province's page is cached
        assert client.get(URL).status_code == 200


def test_the_versions_move_for_the_provinces_of_the_units_named(cast, django_capture_on_commit_callbacks):
    here, there, national = (
        province_statistics_version(cast.province.pk),
        province_statistics_version(cast.other_province.pk),
        statistics_version(),
    )
    bump(django_capture_on_commit_callbacks, units=[cast.other_commune.pk, cast.province.pk])
    assert province_statistics_version(cast.province.pk) != here
    assert province_statistics_version(cast.other_province.pk) == there
    assert statistics_version() == national + 1


@pytest.mark.parametrize("units", ["none named", "no unit", "a former district's commune"])
def test_a_change_in_no_province_of_today_makes_every_province_stale(cast, django_capture_on_commit_callbacks, units):
    district = make_unit(level="district", code="063", name="Huyện Na Rì", era="historic")
    old_commune = make_unit(level="commune", code="01900", name="Xã Côn Minh", parent=district, era="historic")
    named = {"none named": None, "no unit": [None], "a former district's commune": [old_commune.pk]}[units]
    before = [province_statistics_version(p.pk) for p in (cast.province, cast.other_province)]
    bump(django_capture_on_commit_callbacks, units=named)
    after = [province_statistics_version(p.pk) for p in (cast.province, cast.other_province)]
    assert after[0] != before[0] and after[1] != before[1]


def test_a_producer_moving_to_another_province_makes_both_provinces_stale(cast, django_capture_on_commit_callbacks):
    before = [province_statistics_version(p.pk) for p in (cast.province, cast.other_province)]
    with django_capture_on_commit_callbacks(execute=True):
        producer_update(producer=cast.producer, by=cast.central_officer, data={"commune": cast.far_commune})
    after = [province_statistics_version(p.pk) for p in (cast.province, cast.other_province)]
    assert after[0] != before[0] and after[1] != before[1]


def test_a_service_names_its_province(cast, django_capture_on_commit_callbacks):
    """A council result recorded through the workflow moves the dossier's province only."""
    from evaluation.services.workflow import registration_transition
    from evaluation.tests.factories import RegistrationFactory

    registration = RegistrationFactory(product=ProductFactory(producer=cast.producer), status="draft")
    there = province_statistics_version(cast.other_province.pk)
    here = province_statistics_version(cast.province.pk)
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=registration, verb="submit", by=cast.producer_owner)
    assert province_statistics_version(cast.province.pk) != here
    assert province_statistics_version(cast.other_province.pk) == there


@pytest.mark.parametrize("historic", [False, True], ids=["today's provinces", "the former provinces"])
def test_after_a_change_the_national_figures_recount_only_that_province(
    cast, django_capture_on_commit_callbacks, django_assert_max_num_queries, historic
):
    live(cast.producer)
    live(cast.other_producer_org, star=5)
    result_for(cast.other_producer_org, star=3)
    with django_assert_max_num_queries(12) as cold:  # the whole country, grouped by province
        figures(cast.central_officer, historic_units=historic)
    live(cast.producer, star=3)
    bump(django_capture_on_commit_callbacks, units=[cast.commune.pk])
    with django_assert_max_num_queries(12) as after_change:
        refreshed = figures(cast.central_officer, historic_units=historic)
    certificate_queries = [q for q in after_change.captured_queries if "certificates_certificate" in q["sql"]]
    assert certificate_queries and all(f"= {cast.province.pk}" in q["sql"] for q in certificate_queries)
    assert len(after_change.captured_queries) <= len(cold.captured_queries) + 1
    cache.clear()
    fresh = figures(cast.central_officer, historic_units=historic)  # counted again from nothing
    for table in ("stars", "units", "sectors", "years", "evaluated", "rounds", "statuses", "producer_kinds"):
        assert refreshed[table] == fresh[table], table
    counts = {u["key"]: u["count"] for u in refreshed["units"]}
    if not historic:
        assert (counts[cast.province.pk], counts[cast.other_province.pk]) == (2, 1)
    assert sum(counts.values()) == 3


def test_the_national_figures_are_the_sum_of_the_provinces(cast):
    live(cast.producer, star=3)
    live(cast.producer, star=4)
    live(cast.other_producer_org, star=5)
    result_for(cast.producer, star=4)
    national = figures(cast.central_officer)
    provinces = [figures(cast.central_officer, province_id=p.pk) for p in (cast.province, cast.other_province)]
    assert national["live_total"] == sum(p["live_total"] for p in provinces) == 3
    assert national["producers_total"] == sum(p["producers_total"] for p in provinces)
    evaluated = sum(r["evaluated"] for r in national["evaluated"])
    assert evaluated == sum(r["evaluated"] for p in provinces for r in p["evaluated"])


def test_the_nightly_job_counts_the_country_once_and_the_first_view_reads_it(cast, django_assert_num_queries):
    from io import StringIO

    from django.core.management import call_command

    from ocop.celery import app
    from ocop.models import AdministrativeUnit

    live(cast.producer)
    live(cast.other_producer_org)
    out = StringIO()
    call_command("warm_statistics", stdout=out)
    provinces = AdministrativeUnit.objects.current().provinces().count()
    assert out.getvalue().strip() == f"provinces cached: {provinces + 1}"  # and the records in none of them
    with django_assert_num_queries(0):  # every province's counts (and the list of provinces) from the cache
        assert figures(cast.central_officer)["live_total"] == 2
    assert app.conf.beat_schedule["dashboard-statistics-warm"]["task"] == "dashboard.tasks.statistics_warm_task"


def test_the_reports_counts_are_cached_per_province_and_recounted_after_a_change_there(
    cast, django_capture_on_commit_callbacks
):
    from dashboard.reports import ReportPeriod, programme_report

    year = ReportPeriod(kind="year", year=2026)
    product = ProductFactory(producer=cast.producer)
    CertificateFactory(product=product, star=4, issued_on=date(2026, 3, 1), status=CertificateStatus.VALID)
    assert programme_report(user=cast.province_officer, period=year)["recognised"]["total"] == 1
    other = ProductFactory(producer=cast.producer)
    CertificateFactory(product=other, star=5, issued_on=date(2026, 4, 1), status=CertificateStatus.VALID)
    # Written without a service, so nothing said it changed: the cached counts stand (the day's cache) …
    assert programme_report(user=cast.province_officer, period=year)["recognised"]["total"] == 1
    bump(django_capture_on_commit_callbacks, units=[cast.far_commune.pk])  # … a change in another province …
    assert programme_report(user=cast.province_officer, period=year)["recognised"]["total"] == 1
    bump(django_capture_on_commit_callbacks, units=[cast.commune.pk])  # … and one in this province recounts
    report = programme_report(user=cast.province_officer, period=year)
    assert report["recognised"] == {"total": 2, "s3": 0, "s4": 1, "s5": 1}
    assert [c.star for c in report["issued"]] == [4, 5]  # the list is read from the database, never cached
