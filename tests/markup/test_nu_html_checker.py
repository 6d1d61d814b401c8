"""The pages pass the Nu Html Checker (vnu.jar, the W3C's validator; `make test` fetches the pinned release):
no error on the pages every demo role reaches from its home page, nor on the empty lists of a new installation.

Each role's pages are gathered as a person clicking through would: the home page, then every link of the site it
shows, breadth first, two clicks deep at most. Pages of one shape (the same route and query parameters, other ids)
are read once per role, and files (PDF, Excel, photos, JSON, the admin) are not followed. The same pages are read for
what a validator does not know: a select offering Django's "---------"."""

import re
from collections import deque
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client

from .checker import assert_valid

NOT_PAGES = re.compile(
    r"\.(pdf|xlsx|csv|json|xml|txt|zip)$"
    r"|/(download|tai|pdf|zip|anh|nho|photos?|thumb|export|van-ban|minh-chung|options|status|logout)/"
    r"|^/(admin|api|static|media|i18n|healthz)"
)
CLICKS = 2
PAGES_PER_ROLE = 40


def pages_reached(client: Client, *, start: str = "/") -> dict[str, str]:
    """The HTML pages `client` reaches from `start` within CLICKS clicks, one page per shape."""
    pages, shapes, queue = {}, set(), deque([(start, 0)])
    while queue and len(pages) < PAGES_PER_ROLE:
        address, clicks = queue.popleft()
        parts = urlsplit(address)
        shape = (re.sub(r"\d+", "N", parts.path), tuple(sorted({key for key, _ in parse_qsl(parts.query)})))
        if shape in shapes or NOT_PAGES.search(parts.path):
            continue
        shapes.add(shape)
        response = client.get(address)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[address] = html
        if clicks < CLICKS:
            for href in re.findall(r'<a\b[^>]*\bhref="([^"#]+)"', html):
                link = urlsplit(urljoin(f"http://testserver{parts.path}", href.replace("&amp;", "&")))
                if link.netloc == "testserver":
                    queue.append((link.path + (f"?{link.query}" if link.query else ""), clicks + 1))
    return pages


def assert_empty_choices_named(pages: dict[str, str]) -> None:
    """A select's empty choice says what it means ("— Chọn —", "— Không chọn —", "—" in a table of rows), never
    Django's "---------" (ocop.forms.name_the_empty_choice)."""
    assert [address for address, html in pages.items() if ">---------</option>" in html] == []


@pytest.mark.slow(30)
@pytest.mark.django_db(transaction=True)
def test_every_demo_roles_pages_pass_the_checker(demo_data):
    from ocop.models import User

    pages = pages_reached(Client())
    for user in User.objects.filter(is_active=True).order_by("username"):
        client = Client()
        client.force_login(user)
        pages.update({f"{address} ({user.username})": html for address, html in pages_reached(client).items()})
    assert len(pages) > 200
    assert_valid(pages)
    assert_empty_choices_named(pages)


@pytest.mark.slow(10)
@pytest.mark.django_db
def test_the_empty_lists_of_a_new_installation_pass_the_checker(cast):
    pages = pages_reached(Client())
    for role in ("producer_owner", "commune_officer", "province_officer", "advisory_member", "central_officer"):
        client = Client()
        client.force_login(getattr(cast, role))
        pages.update({f"{address} ({role})": html for address, html in pages_reached(client).items()})
    assert len(pages) > 40
    assert_valid(pages)
    assert_empty_choices_named(pages)
