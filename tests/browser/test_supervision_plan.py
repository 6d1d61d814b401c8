"""A province's officer chooses a year's inspections from the plan page: the rules' proposals narrowed by a filter,
a whole page ticked at once (static/js/ui.js `data-check-all`), the inspectors ticked, back on the same filter."""

import pytest

from products.tests.factories import ProducerFactory
from supervision.models import Inspection
from supervision.tests.factories import certificate_for, inspector, plan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_ticks_a_filtered_page_of_proposals_into_the_plan(browser, live_server, cast, sign_in):
    plan = plan_for(cast)
    neighbour = ProducerFactory(commune=cast.other_commune, name="HTX Bình Minh")
    hill = [certificate_for(cast, name=f"Gà đồi Bình Minh {n}", producer=neighbour) for n in range(3)]
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    colleague = inspector(cast)
    page = sign_in(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/giam-sat/ke-hoach/{plan.pk}/")
    assert page.locator("[data-testid=candidate-row]").count() == 4

    page.get_by_label("Xã, phường").select_option(label="Xã Bình Minh")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    rows = page.locator("[data-testid=candidate-row]")
    assert rows.count() == 3 and "Mật ong" not in page.locator("[data-testid=schedule-form]").inner_text()

    check_all = page.get_by_label("Chọn tất cả sản phẩm trên trang này")
    check_all.check()
    assert all(box.is_checked() for box in page.locator("input[name=certificates]").all())
    page.get_by_label(hill[2].product_name).uncheck()  # the row's label names the product
    assert not check_all.is_checked() and check_all.evaluate("box => box.indeterminate")
    page.get_by_label(f"{colleague} ({colleague.get_role_display()})").check()
    page.get_by_label("Ngày kiểm tra dự kiến").fill("15/12/2026")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    with page.expect_navigation():
        page.get_by_role("button", name="Đưa vào kế hoạch").click()

    assert "Đã đưa 2 sản phẩm vào kế hoạch." in page.content()
    assert f"commune={cast.other_commune.pk}" in page.url  # back on the same filter
    assert page.locator("[data-testid=candidate-row]").count() == 1  # the one left unticked
    assert set(Inspection.objects.filter(plan=plan).values_list("certificate_id", flat=True)) == {
        hill[0].pk,
        hill[1].pk,
    }
    assert {i.inspectors.get() for i in Inspection.objects.filter(plan=plan)} == {colleague}
    assert honey.pk not in set(Inspection.objects.values_list("certificate_id", flat=True))
