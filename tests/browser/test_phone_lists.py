"""Every list page of the app on a 390-pixel phone: nothing makes the page scroll sideways, a list's rows stack as
cards (no column hidden behind its table's own sideways scroll), and the registry's filters fold behind one button."""

import datetime as dt
from decimal import Decimal

import pytest

from certificates.tests.factories import CertificateFactory
from evaluation.tests.factories import RegistrationFactory
from products.tests.factories import ProductFactory, product_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LISTS = {
    "commune_officer": ["/", "/products/", "/producers/", "/registrations/", "/certificates/", "/certificates/expiry/"],
    "province_officer": ["/", "/decisions/", "/sessions/", "/rounds/", "/councils/", "/bo-tieu-chi/"],
}


BOXES_SCROLLING_SIDEWAYS = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => box.scrollWidth + ' > ' + box.clientWidth)"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_no_list_page_scrolls_sideways_on_a_phone(phone, live_server, cast, sign_in):
    for i in range(3):
        product = ProductFactory(
            producer=cast.producer, product_set=product_set(7), name=f"Miến dong Tài Hoan loại đặc biệt số {i}"
        )
        certificate = CertificateFactory(product=product)
    # A decision from before the system, numbered as they are (2306/QĐ-UBND, marked "cũ"): the decision list's
    # five columns no longer fitted a phone.
    decision = certificate.decision
    decision.number, decision.is_historic = "2306/QĐ-UBND", True
    decision.save(update_fields=["number", "is_historic"])
    for role, paths in LISTS.items():
        phone.context.clear_cookies()
        sign_in(phone, getattr(cast, role))
        for path in paths:
            response = phone.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide"
            # A list's rows stack as cards: none hides a column behind a sideways scroll of its own box.
            assert phone.evaluate(BOXES_SCROLLING_SIDEWAYS) == [], path
    # English states are longer ("Submitted to Commune People's Committee"): a status badge wraps in its card.
    RegistrationFactory(product=product, status="submitted")
    phone.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for path in ("/registrations/", "/certificates/"):
        phone.goto(f"{live_server.url}{path}")
        assert phone.evaluate(BOXES_SCROLLING_SIDEWAYS) == [], f"{path} (English)"


def test_the_product_list_folds_its_filters_and_stacks_rows_on_a_phone(phone, live_server, cast, sign_in):
    ProductFactory(producer=cast.producer, product_set=product_set(7), name="Miến dong Côn Minh")
    sign_in(phone, cast.commune_officer)
    phone.goto(f"{live_server.url}/products/?star=&status=new")
    status = phone.get_by_role("combobox", name="Trạng thái")
    assert phone.get_by_role("searchbox").is_visible() and not status.is_visible()
    button = phone.get_by_test_id("more-filters")
    assert button.inner_text().strip().endswith("1")  # one filter set besides the search box
    button.click()
    status.wait_for(state="visible")
    # The row is a card: the code's cell is headed by its column name, the header row is out of sight.
    cell = phone.locator("td[data-label='Mã số']").first
    assert cell.is_visible() and phone.locator("thead").first.bounding_box()["height"] <= 1
    box = cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_a_name_typed_without_spaces_does_not_widen_a_phones_page(phone, live_server, cast, sign_in):
    # A run-together name (a code, a name typed without spaces) made the product, producer and certificate pages
    # and the producer's home page 1,000-1,400 px wide: breadcrumbs, headings and buttons kept the word whole.
    from evaluation.tests.factories import registration_in

    cast.producer.name = "HTX" + "NôngnghiệpDịchvụTổnghợp" * 5
    cast.producer.address = "Thôn" + "NàĐonxãCônMinh" * 10
    cast.producer.save()
    product = ProductFactory(producer=cast.producer, product_set=product_set(7), name="MiếndongTàiHoanđặcbiệt" * 5)
    certificate = CertificateFactory(product=product)
    registration = registration_in(cast, product=product)
    pages = {
        "commune_officer": [
            f"/products/{product.pk}/",
            f"/producers/{cast.producer.pk}/",
            f"/certificates/{certificate.pk}/",
            f"/registrations/{registration.pk}/",
            "/products/",
            "/certificates/",
        ],
        "producer_owner": ["/", f"/products/{product.pk}/"],
        None: ["/san-pham/", f"/san-pham/{product.pk}/", f"/v/{certificate.verify_token}/"],
    }
    for role, paths in pages.items():
        phone.context.clear_cookies()
        if role:
            sign_in(phone, getattr(cast, role))
        for path in paths:
            response = phone.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert product.name[:20] in phone.content() or cast.producer.name[:20] in phone.content(), path
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} ({role}) is {width}px wide"


# A stacked row's cell is a flex row (its column name, then its content): a second line (a div) beside the first
# stood as a column of its own, "Gà đồi Trần Phú | HTX Trần Phú", instead of under it.
SPLIT_CELLS = """() => [...document.querySelectorAll('.table-stack td')].filter(td => {
  const parts = [...td.childNodes].filter(n => n.nodeType === 1 || (n.nodeType === 3 && n.textContent.trim()));
  return parts.length > 1 && parts.some(n => n.nodeType === 1 && getComputedStyle(n).display === 'block'
                                              && !n.classList.contains('progress'));
}).map(td => (td.dataset.label || '(head)') + ': ' + td.innerText.replace(/\\s+/g, ' '))"""


def test_a_stacked_rows_cell_keeps_its_lines_together_on_a_phone(phone, live_server, cast, sign_in):
    from dashboard.models import HistoricEvaluation
    from supervision import services
    from supervision.models import Complaint
    from supervision.tests.factories import certificate_for, plan_for, recorded, scheduled, with_finding

    plan = plan_for(cast)
    inspection = scheduled(cast, certificate_for(cast, name="Gà đồi Trần Phú"), plan=plan)
    certificate_for(cast, name="Mật ong rừng Hương Rừng")  # proposed on the plan's page
    remedied = recorded(cast, scheduled(cast, plan=plan), items=with_finding())  # its remedy's state, deadline
    services.inspection_conclude(
        inspection=remedied,
        by=remedied.inspectors.first(),
        outcome="remedy",
        remedy_required="Thay nhãn ghi đúng 4 sao.",
        remedy_due_on=dt.date(2026, 12, 22),
    )
    Complaint.objects.create(product=inspection.product, source="public", text="Nhãn ghi sai hạng sao.")
    HistoricEvaluation.objects.create(
        product=inspection.product,
        evaluated_on=dt.date(2019, 11, 20),
        mean_score=Decimal("45.00"),
        star=2,
        level="province",
        unit=cast.province,
        issuer_name="UBND tỉnh Thử Nghiệm",
    )
    sign_in(phone, cast.province_officer)
    figure = "/thong-ke/danh-sach/?figure=evaluated&year=2019"  # a statistic's own list (its past evaluation)
    for path in (
        "/giam-sat/",  # the findings by content and severity
        "/giam-sat/phan-anh/",
        "/giam-sat/kiem-tra/",
        f"/giam-sat/ke-hoach/{plan.pk}/",
        "/danh-gia-cu/",
        figure,
    ):
        phone.goto(f"{live_server.url}{path}")
        assert phone.locator(".table-stack td[data-label]").count() > 0, path
        assert phone.evaluate(SPLIT_CELLS) == [], path


def test_the_expiry_list_stacks_its_rows_on_a_phone(phone, live_server, cast, sign_in):
    """The expiry list was the one list left a table on a phone: its action button took a column of its own and the
    product's name stood a word to a line in 70 pixels ("Mật ong / rừng / Hương / Rừng")."""
    from django.utils import timezone

    from certificates.services.expiry import certificates_flag_expiring
    from certificates.tests.factories import make_certificate, make_product, make_registration

    today = timezone.localdate()
    product = make_product(cast.producer, name="Mật ong rừng Hương Rừng")
    previous = make_registration(product, kind="first", status="decided")
    make_certificate(cast.producer, product=product, registration=previous, valid_until=today + dt.timedelta(days=150))
    certificates_flag_expiring(today=today)
    sign_in(phone, cast.commune_officer)
    phone.goto(f"{live_server.url}/certificates/expiry/")
    row = phone.get_by_test_id("expiry-row").first
    name = row.locator("td").first.bounding_box()
    assert name["width"] >= PHONE["width"] * 0.75, name  # the product's name spans its card
    assert row.locator("td[data-label]").count() >= 2 and phone.locator("thead").first.bounding_box()["height"] <= 1
    assert phone.evaluate(SPLIT_CELLS) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
