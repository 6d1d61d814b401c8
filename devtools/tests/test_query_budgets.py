"""Issue 15: at most 12 SQL queries per page, whatever the number of rows (the benchmark reports the times; the
budgets are asserted here). Each list is counted with several rows of every kind on it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.tests.factories import CertificateFactory
from evaluation.tests.factories import choices_for, declare_and_open, setup_scoring
from products.tests.factories import ProducerFactory, ProductFactory

BUDGET = 12
# Pages that do not meet the budget yet, with the count they must not exceed (issue 15 is open for them).
OVER_BUDGET: dict[str, int] = {}
AUTOSAVE_BUDGET = 9  # an autosave (a click on the score sheet) stays well under the page budget: 11 before issue 15

PAGES = [
    ("products:product_list", ""),
    ("products:product_list", "?q=mien+dong"),
    ("products:producer_list", ""),
    ("evaluation:registration_list", ""),
    ("certificates:certificate_list", ""),
    ("certificates:expiry_list", ""),
    ("certificates:decision_list", ""),
    ("dashboard_statistics", ""),
    ("dashboard_statistics", "?units=historic"),
    ("dashboard_figure_list", "?figure=evaluated"),
    ("home", ""),
]


def queries(client, method, url, data=None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    return response.status_code, len(captured)


@pytest.fixture
def rows(cast):
    for i in range(3):
        product = ProductFactory(
            producer=ProducerFactory(commune=cast.other_commune if i % 2 else cast.commune), name=f"Miến dong {i}"
        )
        CertificateFactory(product=product)


@pytest.mark.parametrize("role", ["province_officer", "central_officer"])
@pytest.mark.parametrize(("name", "query"), PAGES)
def test_every_list_stays_within_the_budget(cast, login, rows, role, name, query):
    cache.clear()  # the dashboards' figures are cached: count them computed
    status, n = queries(login(getattr(cast, role)), "get", reverse(name) + query)
    assert status == 200
    assert n <= OVER_BUDGET.get(name, BUDGET), f"{name}{query} as {role}: {n} queries"


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "viewer", "council_member"])
def test_every_roles_home_dashboard_stays_within_the_budget(cast, login, rows, role):
    cache.clear()
    status, n = queries(login(getattr(cast, role)), "get", reverse("home"))
    assert status == 200
    assert n <= BUDGET, f"home as {role}: {n} queries"


def test_the_score_sheet_and_its_autosave_stay_within_the_budget(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    # The first page of a worker reads the scorecard's structure (six tables); every later one uses its copy.
    assert client.get(reverse("evaluation:sheet_edit", args=[s.item.pk])).status_code == 200
    status, n = queries(client, "get", reverse("evaluation:sheet_edit", args=[s.item.pk]))
    assert status == 200
    assert n <= BUDGET, f"score sheet: {n} queries"
    url = reverse("evaluation:sheet_autosave", args=[sheet.pk])
    # The first autosave of a sheet inserts its choices and writes the audit row (14 queries here, two of them
    # the test transaction's SAVEPOINT/RELEASE); every later one, as the member clicks on, stays within budget.
    payload = {**{f"c{k}": v for k, v in choices_for(s.card, c2=1).items()}, "version": sheet.version}
    assert client.post(url, payload).status_code == 200
    payload = {**{f"c{k}": v for k, v in choices_for(s.card, c2=5).items()}, "version": sheet.version + 1}
    status, n = queries(client, "post", url, payload)
    assert status == 200
    # Session, user, the sheet with its item and membership, "assigned, not recused", the guarded UPDATE (no result
    # yet is part of it), the sheet's choices, the changed one, and the test transaction's SAVEPOINT/RELEASE.
    assert n <= AUTOSAVE_BUDGET, f"autosave: {n} queries"


def test_an_autosave_writes_only_the_changed_choice_and_audits_once_in_a_while(cast, login):
    from evaluation.models import Score
    from ocop.models import AuditEvent

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    url = reverse("evaluation:sheet_autosave", args=[sheet.pk])
    first = {**{f"c{k}": v for k, v in choices_for(s.card, c2=1).items()}, "version": sheet.version}
    assert client.post(url, first).json()["ok"]
    ids = dict(Score.objects.filter(sheet=sheet).values_list("criterion_id", "pk"))
    second = {**{f"c{k}": v for k, v in choices_for(s.card, c2=5).items()}, "version": sheet.version + 1}
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, second).json() == {"ok": True, "version": sheet.version + 2, "total": 100.0}
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert [w.split()[0:2] for w in writes] == [["UPDATE", '"evaluation_scoresheet"'], ["UPDATE", '"evaluation_score"']]
    assert dict(Score.objects.filter(sheet=sheet).values_list("criterion_id", "pk")) == ids  # rows kept, not re-created
    assert AuditEvent.objects.filter(action="scoresheet.save").count() == 1  # the second save within 5 minutes
