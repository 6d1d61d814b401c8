"""The pages that file a dossier (the registration form, "Lập hồ sơ mới từ hồ sơ này", the product page's link, the
national officer's product choice): an officer is offered only the producers without an account, is told why beside
the field or in place of a button, and a direct request for a producer with an account is refused (403). The
producer's own pages are unchanged; outsiders get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import criteria_version, make_product, province_round, registration_in
from products.models import Product
from products.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db

OFFICERS = ("commune_officer", "province_officer", "central_officer")
FILES_ITSELF = "Chủ thể đã có tài khoản nên tự đăng ký đánh giá sản phẩm"
CREATE = reverse("evaluation:registration_create")


@pytest.fixture(autouse=True)
def _criteria_in_force(db):
    criteria_version()


def live_certificate(product, valid_until=dt.date(2028, 6, 30)):
    """Stand in for the certificates app (evaluation never imports it): the product holds a live certificate, as an
    upgrade needs (Điều 6.1b)."""
    recognised(product)
    return hooks.certificate_expiry.override(lambda product_id: valid_until if product_id == product.pk else None)


def recognised(product, star=4):
    """The product holds a live certificate of `star`: the certificates app keeps Product.current_star, which the
    dossier page's copy and the copy service ask (selectors.dossier.product_holds_live_certificate)."""
    Product.objects.filter(pk=product.pk).update(status="recognised", current_star=star)
    product.refresh_from_db()


def _paper_product(cast):
    return make_product(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune), "Mật ong rừng Hương Rừng")


def _copy(registration):
    return reverse("evaluation:registration_copy", args=[registration.pk])


def _decided_paper_dossier(cast):
    return registration_in(
        cast, status=S.DECIDED, product=_paper_product(cast), entered_by_officer=True, created_by=cast.commune_officer
    )


# ---------------------------------------------------------------- the registration form


def test_the_form_offers_an_officer_only_products_of_producers_without_an_account(cast, login):
    own = make_product(cast.producer, "Chè búp Tân Cương")
    paper = _paper_product(cast)
    page = login(cast.commune_officer).get(CREATE).content.decode()
    assert paper.name in page and own.name not in page
    assert FILES_ITSELF in page


def test_an_officers_choice_of_a_producer_with_an_account_is_refused_beside_the_field(cast, login):
    own = make_product(cast.producer, "Chè búp Tân Cương")
    round_ = province_round(cast.province, year=2027, number=1)  # still taking proposals
    response = login(cast.commune_officer).post(CREATE, {"product": own.pk, "kind": K.FIRST, "round": round_.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert FILES_ITSELF in " ".join(form.errors["product"])
    assert form["kind"].value() == K.FIRST and str(form["round"].value()) == str(round_.pk)  # what was typed stays
    assert not Registration.objects.filter(product=own).exists()


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officer_files_for_a_producer_without_an_account(cast, login, officer):
    paper = _paper_product(cast)
    round_ = province_round(cast.province, year=2027, number=1)  # still taking proposals
    response = login(getattr(cast, officer)).post(CREATE, {"product": paper.pk, "kind": K.FIRST, "round": round_.pk})
    assert response.status_code == 302
    assert Registration.objects.get(product=paper).created_by == getattr(cast, officer)


def test_the_producer_files_its_own_and_a_viewer_none(cast, login):
    own = make_product(cast.producer, "Chè búp Tân Cương")
    round_ = province_round(cast.province, year=2027, number=1)  # still taking proposals
    producer = login(cast.producer_owner)
    assert FILES_ITSELF not in producer.get(CREATE).content.decode()
    assert producer.post(CREATE, {"product": own.pk, "kind": K.FIRST, "round": round_.pk}).status_code == 302
    assert login(cast.viewer).get(CREATE).status_code == 403


# ---------------------------------------------------------------- the national officer's product choice


def test_the_filing_options_list_only_what_the_user_files_for(cast, login):
    own = make_product(cast.producer, "Chè búp Tân Cương")
    paper = _paper_product(cast)
    url = reverse("products:product_filing_options")
    central = login(cast.central_officer)
    names = [r["name"] for r in central.get(url, {"province": cast.province.pk}).json()["results"]]
    assert any(paper.name in n for n in names) and not any(own.name in n for n in names)
    # The registry's own choice (certificates, dashboards) still lists every product of the scope.
    every = central.get(reverse("products:product_options"), {"province": cast.province.pk}).json()["results"]
    assert any(own.name in r["name"] for r in every)
    mine = login(cast.producer_owner).get(url, {"province": cast.province.pk}).json()["results"]
    assert [r["id"] for r in mine] == [own.pk]
    # Outside the scope: nothing of the province (no record revealed).
    assert login(cast.outsider).get(url, {"province": cast.province.pk}).json()["results"] == []
    assert login(cast.central_officer).post(url).status_code == 405


def test_the_filing_options_need_a_login(client):
    response = client.get(reverse("products:product_filing_options"))
    assert response.status_code == 302 and "login" in response["Location"]


# ---------------------------------------------------------------- "Lập hồ sơ mới từ hồ sơ này"


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officer_is_offered_no_copy_of_a_producer_with_an_account_and_told_why(cast, login, officer):
    previous = registration_in(cast, status=S.DECIDED)
    recognised(previous.product)
    page = login(getattr(cast, officer)).get(reverse("evaluation:registration_detail", args=[previous.pk]))
    html = page.content.decode()
    assert 'data-testid="copy-form"' not in html and _copy(previous) not in html
    assert 'data-testid="producer-files-itself"' in html and FILES_ITSELF in html


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officers_copy_of_a_producer_with_an_account_is_refused(cast, login, officer):
    previous = registration_in(cast, status=S.DECIDED)
    response = login(getattr(cast, officer)).post(_copy(previous), {"kind": K.REEVALUATION})
    assert response.status_code == 403
    assert Registration.objects.filter(product=previous.product).count() == 1


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officer_copies_a_dossier_of_a_producer_without_an_account(cast, login, officer):
    previous = _decided_paper_dossier(cast)
    recognised(previous.product)
    client = login(getattr(cast, officer))
    html = client.get(reverse("evaluation:registration_detail", args=[previous.pk])).content.decode()
    assert 'data-testid="copy-form"' in html and 'data-testid="producer-files-itself"' not in html
    with live_certificate(previous.product):
        response = client.post(_copy(previous), {"kind": K.UPGRADE})
    assert response.status_code == 302
    assert Registration.objects.get(previous=previous).created_by == getattr(cast, officer)


def test_the_copy_for_the_producer_the_viewer_outsiders_and_the_wrong_method(cast, login):
    previous = registration_in(cast, status=S.DECIDED)
    recognised(previous.product)
    assert login(cast.viewer).post(_copy(previous), {"kind": K.REEVALUATION}).status_code == 403
    assert login(cast.outsider).post(_copy(previous), {"kind": K.REEVALUATION}).status_code == 404
    assert login(cast.other_producer).post(_copy(previous), {"kind": K.REEVALUATION}).status_code == 404
    producer = login(cast.producer_owner)
    assert producer.get(_copy(previous)).status_code == 405
    assert producer.post(reverse("evaluation:registration_copy", args=[999999]), {"kind": "x"}).status_code == 404
    html = producer.get(reverse("evaluation:registration_detail", args=[previous.pk])).content.decode()
    assert 'data-testid="copy-form"' in html and 'data-testid="producer-files-itself"' not in html
    with live_certificate(previous.product):
        assert producer.post(_copy(previous), {"kind": K.UPGRADE}).status_code == 302
    assert Registration.objects.filter(previous=previous).exists()


# ---------------------------------------------------------------- the product page's link


def test_the_product_page_links_the_form_only_where_the_user_files(cast, login):
    own = make_product(cast.producer, "Chè búp Tân Cương")
    paper = _paper_product(cast)
    officer = login(cast.commune_officer)
    html = officer.get(reverse("products:product_detail", args=[own.pk])).content.decode()
    assert 'data-testid="register-product"' not in html and 'data-testid="producer-files-itself"' in html
    html = officer.get(reverse("products:product_detail", args=[paper.pk])).content.decode()
    assert 'data-testid="register-product"' in html and 'data-testid="producer-files-itself"' not in html
    html = login(cast.producer_owner).get(reverse("products:product_detail", args=[own.pk])).content.decode()
    assert 'data-testid="register-product"' in html and 'data-testid="producer-files-itself"' not in html
