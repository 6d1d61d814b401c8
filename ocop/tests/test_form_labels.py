"""Every visible input of the main forms has a label a screen reader can announce: a <label for=…>,
an enclosing <label>, or aria-label / aria-labelledby. The forms are rendered by their real views."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

SKIPPED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.label_for: set[str] = set()
        self.inputs: list[tuple[dict, bool]] = []  # (attributes, inside a <label>)
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type", "").lower() not in SKIPPED_TYPES:
                self.inputs.append((attrs, self._label_depth > 0))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "label":
            self._label_depth -= 1

    def handle_endtag(self, tag):
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def unlabelled(html: str) -> list[str]:
    parser = _Inputs()
    parser.feed(html)
    bad = []
    for attrs, nested in parser.inputs:
        if nested or attrs.get("aria-label", "").strip() or attrs.get("aria-labelledby", "").strip():
            continue
        if attrs.get("id") and attrs["id"] in parser.label_for:
            continue
        bad.append(f"<{attrs.get('name', '?')} id={attrs.get('id', '')!r}>")
    return bad


def assert_labelled(response, *, at_least: int = 1):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    parser = _Inputs()
    parser.feed(html)
    assert len(parser.inputs) >= at_least, "the form was not rendered"
    assert unlabelled(html) == []


# --- the checker itself can fail -----------------------------------------------------------------


def test_the_checker_reports_an_input_without_a_label():
    assert unlabelled('<label for="a">A</label><input id="a" name="a"><input id="b" name="b">') == ["<b id='b'>"]
    assert unlabelled('<select name="s"></select>') == ["<s id=''>"]
    assert unlabelled('<textarea id="t" name="t" aria-label="T"></textarea>') == []
    assert unlabelled('<label>X <input type="checkbox" name="c"></label>') == []
    assert unlabelled('<input type="hidden" name="csrf"><button type="submit">OK</button>') == []


# --- the forms of the app --------------------------------------------------------------------------


def test_the_login_and_password_forms_are_labelled(client, cast, login):
    assert_labelled(client.get(reverse("login")), at_least=2)
    assert_labelled(client.get(reverse("password_reset")))
    assert_labelled(login(cast.commune_officer).get(reverse("password_change")), at_least=3)


def test_the_producer_forms_and_lists_are_labelled(cast, login):
    client = login(cast.commune_officer)
    assert_labelled(client.get(reverse("products:producer_create")), at_least=10)
    assert_labelled(client.get(reverse("products:producer_update", args=[cast.producer.pk])), at_least=10)
    assert_labelled(client.get(reverse("products:producer_detail", args=[cast.producer.pk])))  # invite form
    assert_labelled(client.get(reverse("products:producer_list")), at_least=5)
    assert_labelled(client.get(reverse("products:producer_import")))
    # A producer sees its verified fields disabled, still labelled.
    assert_labelled(
        login(cast.producer_owner).get(reverse("products:producer_update", args=[cast.producer.pk])), at_least=10
    )


def test_the_product_forms_and_lists_are_labelled(cast, login):
    from products.tests.factories import ProductFactory

    product = ProductFactory(producer=cast.producer)
    client = login(cast.commune_officer)
    assert_labelled(client.get(reverse("products:product_create")), at_least=5)
    assert_labelled(client.get(reverse("products:product_update", args=[product.pk])), at_least=5)
    assert_labelled(client.get(reverse("products:product_detail", args=[product.pk])))  # photo form
    assert_labelled(client.get(reverse("products:product_list")), at_least=5)


def test_the_registration_forms_are_labelled(cast, login):
    from evaluation.choices import RegistrationStatus
    from evaluation.tests.factories import make_product, province_round, registration_in

    province_round(cast.province)
    make_product(cast.producer)
    assert_labelled(login(cast.producer_owner).get(reverse("evaluation:registration_create")))
    submitted = registration_in(cast, status=RegistrationStatus.SUBMITTED)
    client = login(cast.commune_officer)
    # Mẫu 03: the commune's report.
    assert_labelled(client.get(reverse("evaluation:registration_commune_report", args=[submitted.pk])), at_least=4)
    assert_labelled(client.get(reverse("evaluation:registration_list")))


def test_the_score_sheet_is_labelled(cast, login):
    from evaluation.tests.factories import declare_and_open, setup_scoring

    scoring = setup_scoring(cast)
    client = login(cast.council_member)
    assert_labelled(client.get(reverse("evaluation:sheet_edit", args=[scoring.item.pk])))  # conflict declaration
    declare_and_open(scoring.item, scoring.member)
    assert_labelled(client.get(reverse("evaluation:sheet_edit", args=[scoring.item.pk])), at_least=10)


def test_the_decision_revocation_and_historic_certificate_forms_are_labelled(cast, login):
    from datetime import timedelta

    from certificates.tests.factories import CertificateFactory, DecisionFactory, result_for
    from products.tests.factories import ProductFactory

    result_for(cast.producer, star=4)
    certificate = CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )
    client = login(cast.province_officer)
    assert_labelled(client.get(reverse("certificates:decision_create")), at_least=2)
    # Thu hồi in two acts (four eyes): the proposal's form, then the issue form seen by another officer.
    assert_labelled(client.get(reverse("certificates:certificate_revoke", args=[certificate.pk])), at_least=2)
    from certificates.services.revocations import certificate_revoke_propose
    from certificates.tests.factories import agency_conclusion, checker_for

    certificate_revoke_propose(
        certificate=certificate, ground="a", by=cast.province_officer, **agency_conclusion(certificate)
    )
    issuer = login(checker_for(cast.province_officer))
    assert_labelled(issuer.get(reverse("certificates:certificate_revoke", args=[certificate.pk])), at_least=2)
    client = login(cast.province_officer)
    assert_labelled(client.get(reverse("certificates:historic_certificate_create")), at_least=6)
    assert_labelled(client.get(reverse("certificates:certificate_list")))
    assert_labelled(client.get(reverse("certificates:expiry_list")))
