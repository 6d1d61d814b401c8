"""A decision recorded from before this system carries the OCOP office's submission (tờ trình) it answers when the
officer has it: optional, both or neither, judged by the rules it is judged by at issue (ocop.paper.submission_errors:
number/TTr-sign, not after today) and not dated after the decision. The decision's page shows it and its extract
(the decision's PDF) cites it at the end of its preamble. A later certificate of the same decision joins it with that
tờ trình or with none typed, never another."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from certificates import pdf as certificate_pdf
from certificates.choices import IssuerLevel
from certificates.models import Certificate, RecognitionDecision
from certificates.selectors.decisions import decision_entries
from certificates.services.certificates import certificate_record_historic
from evaluation.choices import LegalBasis
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("certificates:historic_certificate_create")


def _form(product, **kw):
    data = {
        "product": product.pk,
        "number": "27/GCN-UBND",
        "star": 3,
        "issuer_level": "district",
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN NA RÌ",
        "decision_number": "1212/QĐ-UBND",
        "decision_date": "28/12/2023",
        "legal_basis": LegalBasis.D148,
        "submission_number": "125/TTr-PNN",
        "submission_date": "22/12/2023",
    }
    data.update(kw)
    return data


def _record(cast, product, **kw):
    data = {
        "by": cast.province_officer,
        "product": product,
        "number": "15/GCN-UBND",
        "star": 3,
        "issuer_level": IssuerLevel.DISTRICT,
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN NA RÌ",
        "decision_number": "1212/QĐ-UBND",
        "decision_date": date(2023, 12, 28),
        "legal_basis": LegalBasis.D148,
    }
    data.update(kw)
    return certificate_record_historic(**data)


def _pdf_text(decision, tmp_path) -> str:
    content = certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_it_the_form_records_the_tờ_trình_and_the_decision_page_shows_it(login, cast):
    client = login(cast.province_officer)
    response = client.post(URL, _form(ProductFactory(producer=cast.producer)))
    assert response.status_code == 302
    decision = Certificate.objects.get().decision
    assert (decision.submission_number, decision.submission_date) == ("125/TTr-PNN", date(2023, 12, 22))
    page = client.get(reverse("certificates:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-testid="decision-submission">Số 125/TTr-PNN ngày 22/12/2023<' in page


def test_it_asks_for_the_tờ_trình_beside_the_decision(login, cast):
    page = login(cast.province_officer).get(URL).content.decode()
    assert 'name="submission_number"' in page and 'name="submission_date"' in page
    assert page.index('name="decision_date"') < page.index('name="submission_number"')


def test_it_the_extract_cites_the_tờ_trình_recorded_and_none_without(cast, tmp_path):
    cited = _record(
        cast,
        ProductFactory(producer=cast.producer),
        submission_number="125/TTr-PNN",
        submission_date=date(2023, 12, 22),
    )
    text = _pdf_text(cited.decision, tmp_path)
    assert "BẢN TRÍCH LỤC" in text
    assert "Theo đề nghị của cơ quan tham mưu quản lý OCOP tại Tờ trình số 125/TTr-PNN ngày 22/12/2023." in text
    plain = _record(cast, ProductFactory(producer=cast.producer), decision_number="1213/QĐ-UBND", number="16/GCN-UBND")
    assert "Tờ trình" not in _pdf_text(plain.decision, tmp_path) and "Theo đề nghị" not in _pdf_text(
        plain.decision, tmp_path
    )


def test_it_refuses_a_number_without_its_date_and_a_wrong_star_at_once_keeping_the_input(login, cast):
    data = _form(ProductFactory(producer=cast.producer), star=6, submission_date="")
    response = login(cast.province_officer).post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"star", "submission_date"}
    assert form.errors["submission_date"] == ["Ghi ngày tờ trình (đã ghi số tờ trình)."]
    assert 'value="125/TTr-PNN"' in response.content.decode()
    assert not Certificate.objects.exists() and not RecognitionDecision.objects.exists()


def test_it_refuses_a_date_without_its_number_beside_a_refused_level(login, cast):
    # A district after 01/07/2025 is refused by the rules of the date: both refusals in the first answer.
    data = _form(
        ProductFactory(producer=cast.producer),
        decision_date="01/08/2025",
        legal_basis=LegalBasis.D1489,
        submission_number="",
        submission_date="28/07/2025",
    )
    response = login(cast.province_officer).post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"issuer_level", "submission_number"}
    assert form.errors["submission_number"] == ["Ghi số tờ trình (đã ghi ngày tờ trình)."]
    assert 'value="28/07/2025"' in response.content.decode()
    assert not Certificate.objects.exists()


def test_it_refuses_a_tờ_trình_dated_after_the_decision_and_a_malformed_number_next_to_each_field(login, cast):
    data = _form(ProductFactory(producer=cast.producer), submission_number="125 TTr", submission_date="29/12/2023")
    response = login(cast.province_officer).post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"submission_number", "submission_date"}
    assert form.errors["submission_number"] == ["Số tờ trình phải có dạng số/TTr-ký hiệu, ví dụ 12/TTr-SNNMT."]
    assert form.errors["submission_date"] == ["Ngày tờ trình không thể sau ngày quyết định (28/12/2023)."]
    page = response.content.decode()
    assert 'value="125 TTr"' in page and 'value="29/12/2023"' in page
    assert not Certificate.objects.exists() and not RecognitionDecision.objects.exists()


def test_it_the_service_refuses_the_same_for_every_caller(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        _record(cast, ProductFactory(producer=cast.producer), submission_number="125/TTr-PNN")
    assert set(caught.value.message_dict) == {"submission_date"}
    with pytest.raises(ValidationError) as caught:
        _record(cast, ProductFactory(producer=cast.producer), submission_date=date(2023, 12, 22))
    assert set(caught.value.message_dict) == {"submission_number"}
    assert not RecognitionDecision.objects.exists()


def test_it_a_later_certificate_joins_with_the_same_tờ_trình_or_none_never_another(login, cast):
    _record(
        cast,
        ProductFactory(producer=cast.producer),
        submission_number="125/TTr-PNN",
        submission_date=date(2023, 12, 22),
    )
    same = _record(
        cast,
        ProductFactory(producer=cast.producer),
        number="16/GCN-UBND",
        submission_number="125/ttr-pnn",
        submission_date=date(2023, 12, 22),
    )
    blank = _record(cast, ProductFactory(producer=cast.producer), number="17/GCN-UBND")
    assert RecognitionDecision.objects.count() == 1
    assert same.decision_id == blank.decision_id and blank.decision.submission_number == "125/TTr-PNN"
    response = login(cast.province_officer).post(
        URL, _form(ProductFactory(producer=cast.producer), number="18/GCN-UBND", submission_number="126/TTr-PNN")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["submission_number"] == [
        "Quyết định số này đã được ghi với Tờ trình số 125/TTr-PNN ngày 22/12/2023; để trống hoặc ghi đúng tờ trình đó."
    ]
    assert Certificate.objects.count() == 3


def test_it_a_decision_recorded_without_one_is_not_given_one_by_a_later_certificate(cast):
    from django.core.exceptions import ValidationError

    first = _record(cast, ProductFactory(producer=cast.producer))
    with pytest.raises(ValidationError) as caught:
        _record(
            cast,
            ProductFactory(producer=cast.producer),
            number="16/GCN-UBND",
            submission_number="125/TTr-PNN",
            submission_date=date(2023, 12, 22),
        )
    assert "không kèm tờ trình" in caught.value.message_dict["submission_number"][0]
    first.decision.refresh_from_db()
    assert first.decision.submission_number == "" and Certificate.objects.count() == 1


# Roles: the page has no object; a province officer records products of their province only.


@pytest.mark.parametrize("role", ["producer_owner", "viewer", "commune_officer"])
def test_it_other_roles_cannot_record_a_tờ_trình(login, cast, role):
    response = login(getattr(cast, role)).post(URL, _form(ProductFactory(producer=cast.producer)))
    assert response.status_code == 403
    assert not RecognitionDecision.objects.exists()


def test_it_an_officer_of_another_province_cannot_record_it_for_our_product(login, cast):
    response = login(cast.outsider).post(URL, _form(ProductFactory(producer=cast.producer)))
    assert response.status_code == 200 and "product" in response.context["form"].errors
    assert not RecognitionDecision.objects.exists()


def test_it_the_decision_page_with_its_tờ_trình_is_not_found_by_an_outsider(login, cast):
    certificate = _record(
        cast,
        ProductFactory(producer=cast.producer),
        submission_number="125/TTr-PNN",
        submission_date=date(2023, 12, 22),
    )
    url = reverse("certificates:decision_detail", args=[certificate.decision_id])
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.viewer).get(url).status_code == 200


def test_it_the_form_refuses_a_wrong_method(login, cast):
    assert login(cast.province_officer).put(URL).status_code == 405


def test_the_certificate_history_names_the_tờ_trình_in_words_not_by_its_field(login, cast):
    """The record's history row read "submission: 125/TTr-PNN (22/12/2023)", the code's key, untranslated."""
    client = login(cast.province_officer)
    assert client.post(URL, _form(ProductFactory(producer=cast.producer))).status_code == 302
    certificate = Certificate.objects.get()
    page = client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()
    assert "<li>Tờ trình đề nghị: 125/TTr-PNN (22/12/2023)</li>" in page
    assert "submission:" not in page


def test_the_decision_page_marks_a_signer_not_recorded_instead_of_an_empty_row(login, cast):
    """An old decision recorded without its signer showed "Người ký" over nothing, the next row ("Trạng thái")
    pulled up beside it."""
    client = login(cast.province_officer)
    assert client.post(URL, _form(ProductFactory(producer=cast.producer))).status_code == 302
    decision = Certificate.objects.get().decision
    assert not decision.signer_name and not decision.signer_title
    page = client.get(reverse("certificates:decision_detail", args=[decision.pk])).content.decode()
    assert '<dd class="col-sm-9" data-testid="decision-signer">—</dd>' in page
