"""A notice keeps its link only while its reader can open the page. The advisory team reads a dossier while it
reviews it (D26 Điều 7.3): once the council had it, the team's notice "UBND xã đã chuyển hồ sơ … lên cấp tỉnh"
still linked to the dossier, which answered 404 ("Không tìm thấy trang") to the person the app had sent there."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from evaluation.choices import RegistrationStatus
from evaluation.permissions.councils import items_to_score
from evaluation.services.sheet_submission import scoresheet_reopen
from evaluation.tests.factories import declare_and_open, registration_in, setup_scoring, submit
from ocop import hooks
from ocop.phrases import Phrase
from ocop.services import notify
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db

URL = reverse("notification_list")
FORWARDED = gettext_lazy("UBND xã đã chuyển hồ sơ “%(product)s” lên cấp tỉnh.")
OUT_OF_REACH = "Bạn không còn xem được trang này."


def _notice(user, url: str, product: str = "Miến dong Tài Hoan") -> None:
    notify(users=[user], message=Phrase(FORWARDED, product=product), url=url)


def _page(login, user) -> str:
    return login(user).get(URL).content.decode()


def test_the_advisory_team_keeps_the_link_while_it_reviews_and_the_text_after(cast, login):
    registration = registration_in(cast, status=RegistrationStatus.FORWARDED)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    _notice(cast.advisory_member, url)
    assert f'<a href="{url}">' in _page(login, cast.advisory_member)
    assert login(cast.advisory_member).get(url).status_code == 200

    registration.status = RegistrationStatus.DECIDED
    registration.save(update_fields=["status"])
    assert login(cast.advisory_member).get(url).status_code == 404
    page = _page(login, cast.advisory_member)
    assert f'href="{url}"' not in page
    assert "UBND xã đã chuyển hồ sơ “Miến dong Tài Hoan” lên cấp tỉnh." in page and OUT_OF_REACH in page


def test_a_producer_removed_from_a_producer_keeps_the_text_of_its_notices(cast, login):
    product = make_product(cast.producer, "Miến dong Tài Hoan", number=1)
    url = reverse("products:product_detail", args=[product.pk])
    _notice(cast.producer_owner, url)
    assert f'<a href="{url}">' in _page(login, cast.producer_owner)
    cast.producer.members.remove(cast.producer_owner)
    page = _page(login, cast.producer_owner)
    assert f'href="{url}"' not in page and OUT_OF_REACH in page


def test_a_member_keeps_the_link_to_a_reopened_sheet_while_on_the_council(cast, login):
    """The chair's reopening notice links to the member's sheet, which answers 404 once the member has left the
    council (or the item was taken from them)."""
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    scoresheet_reopen(sheet=sheet, reason="Chọn nhầm tiêu chí 7", by=cast.council_chair)
    url = reverse("evaluation:sheet_edit", args=[s.item.pk])
    assert f'<a href="{url}">' in _page(login, cast.council_member)
    assert login(cast.council_member).get(url).status_code == 200

    s.member.active = False
    s.member.save(update_fields=["active"])
    assert login(cast.council_member).get(url).status_code == 404
    page = _page(login, cast.council_member)
    assert f'href="{url}"' not in page and OUT_OF_REACH in page
    assert "Chọn nhầm tiêu chí 7" in page


def test_the_sheets_a_notice_may_link_to_are_the_sheets_the_page_opens(cast, login):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_recused", "member")))
    recused = next(m for m in s.others if m.user.username == "council_recused")
    declare_and_open(s.item, recused, conflict=True, reason="Người nhà của chủ thể")
    url = reverse("evaluation:sheet_edit", args=[s.item.pk])
    opened = {}
    for user in (cast.council_member, cast.council_chair, recused.user, cast.province_officer, cast.outsider):
        opened[user.username] = login(user).get(url).status_code == 200
        assert opened[user.username] == items_to_score(user).filter(pk=s.item.pk).exists(), user.username
    assert opened == {
        "council_member": True,
        "council_chair": True,
        "council_recused": False,
        "province_officer": False,  # sees the session, scores nothing
        "outsider": False,
    }


def test_a_link_to_a_page_that_no_longer_exists_is_not_offered(cast, login):
    _notice(cast.province_officer, "/trang-da-bo/12/")
    _notice(cast.province_officer, reverse("certificates:expiry_list"), product="Trà Giảo cổ lam")
    page = _page(login, cast.province_officer)
    assert 'href="/trang-da-bo/12/"' not in page and OUT_OF_REACH in page
    assert f'<a href="{reverse("certificates:expiry_list")}">' in page  # a list page: nothing to check


def test_every_record_page_a_notice_links_to_is_checked():
    """The pages the apps link their notices to, each with the query of the records a user may open there."""
    pages = {name for provided in hooks.detail_pages() for name in provided}
    assert {
        "evaluation:registration_detail",
        "evaluation:session_detail",
        "evaluation:sheet_edit",
        "products:product_detail",
        "products:producer_detail",
        "certificates:certificate_detail",
        "certificates:decision_detail",
        "supervision:inspection_detail",
        "supervision:complaint_detail",
        "supervision:case_detail",
    } <= pages


def test_the_check_costs_one_query_per_kind_of_page_whatever_the_number_of_notices(
    cast, login, django_assert_max_num_queries
):
    client = login(cast.advisory_member)
    registrations = [registration_in(cast, status=RegistrationStatus.FORWARDED) for _ in range(2)]
    for registration in registrations:
        _notice(cast.advisory_member, reverse("evaluation:registration_detail", args=[registration.pk]))
    client.get(URL)  # the unread ones are marked read: the second visit writes nothing
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    budget = len(few.captured_queries)  # (read now: the next request empties the connection's query log)
    for _ in range(20):
        registration = registration_in(cast, status=RegistrationStatus.FORWARDED)
        _notice(cast.advisory_member, reverse("evaluation:registration_detail", args=[registration.pk]))
    client.get(URL)
    with django_assert_max_num_queries(budget):
        client.get(URL)
