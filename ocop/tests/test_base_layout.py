"""The page shell: a skip link to the content, the current menu entry announced, the scripts local and deferred."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_shell_has_a_skip_link_and_marks_the_current_page(cast, login):
    body = login(cast.commune_officer).get(reverse("products:product_list")).content.decode()
    assert 'href="#main"' in body and '<main class="container-lg py-3" id="main"' in body
    current = body.split('aria-current="page"')
    assert len(current) == 2  # exactly one entry is the current page: the product list
    assert current[1].lstrip().startswith(f'href="{reverse("products:product_list")}"')
    assert '<script defer src="/static/js/cascade.js">' in body


def test_no_script_holds_up_the_first_paint():
    """Every script file is fetched while the page is parsed and run after it (`defer`, in document order, so a
    page's own script still finds Bootstrap and the shared ones): Lighthouse counted the four shared scripts as
    0.6 s of render-blocking on a phone's mobile connection."""
    scripts = [
        (path.name, tag)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for tag in re.findall(r"<script\b[^>]*>", path.read_text(encoding="utf-8"))
    ]
    with_src = [(name, tag) for name, tag in scripts if " src=" in tag]
    assert len(with_src) > 10
    assert [(name, tag) for name, tag in with_src if " defer " not in tag] == []


def test_every_button_that_deletes_or_revokes_asks_first():
    """A delete is not undone (the plan's targets, a dossier's file, a photo go with it), nor is a revocation: the
    button asks once (data-confirm, static/js/ui.js) before the form is sent, so a slip of the finger loses nothing."""
    forms = [
        (path.name, form)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for form in re.findall(r"<form\b.*?</form>", path.read_text(encoding="utf-8"), re.S)
    ]
    deleting = [
        (name, form)
        for name, form in forms
        if re.search(r"action=\"\{% url '[\w:]*_(delete|revoke)' ", form) or 'translate "Thu hồi" %}</button>' in form
    ]
    assert len(deleting) >= 5
    assert [(name, form[:120]) for name, form in deleting if "data-confirm=" not in form] == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_language_menu_names_each_language_in_its_own_words(client, language):
    """The menu offered “Tiếng Anh” on the Vietnamese pages (Django translates the names of LANGUAGES into the page's
    language), so a visitor who reads no Vietnamese could not find English, and the English pages offered
    “Vietnamese”: each option reads as its speakers write it, marked with its language for a screen reader."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("portal:catalogue")).content.decode()
    options = re.findall(r'<option value="(\w+)"( lang="\w+")?[^>]*>([^<]*)</option>', body)
    menu = [(code, lang, name) for code, lang, name in options if code in {"vi", "en"}]
    assert menu and menu == [("vi", ' lang="vi"', "Tiếng Việt"), ("en", ' lang="en"', "English")] * (len(menu) // 2)
