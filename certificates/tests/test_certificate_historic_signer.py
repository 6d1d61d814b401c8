"""An old decision recorded with its certificate names who signed it, as the issue form asks (SignerForm: optional,
the capacity above the name, a capacity that does not stop at the authority signed for): the decision's page and its
extract (the decision's PDF) show it. A later certificate of the same decision joins it with that signer or with none
typed, never another."""

import re
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
TOO_SHORT = "Sau “TM.”, “KT.”, “TL.”, “TUQ.” ghi cả chức vụ của người ký"


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
        "signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "signer_name": "Hoàng  Văn Minh",
    }
    data.update(kw)
    return data


def _pdf_text(decision, tmp_path) -> str:
    content = certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_it_asks_for_the_signer_after_the_tờ_trình(login, cast):
    page = login(cast.province_officer).get(URL).content.decode()
    assert 'name="signer_title"' in page and 'name="signer_name"' in page
    assert page.index('name="submission_date"') < page.index('name="signer_title"') < page.index('name="signer_name"')


def test_it_the_form_records_the_signer_the_page_and_the_extract_show_it(login, cast, tmp_path):
    client = login(cast.province_officer)
    response = client.post(URL, _form(ProductFactory(producer=cast.producer)))
    assert response.status_code == 302
    decision = Certificate.objects.get().decision
    assert (decision.signer_title, decision.signer_name) == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Hoàng Văn Minh")
    page = client.get(reverse("certificates:decision_detail", args=[decision.pk])).content.decode()
    signer = re.search(r'data-testid="decision-signer">(.*?)</dd>', page, re.S).group(1)
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in re.split(r"<br\s*/?>", signer)]
    assert lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Minh"]
    text = _pdf_text(decision, tmp_path)
    assert "BẢN TRÍCH LỤC" in text and "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Hoàng Văn Minh" in text


def test_it_refuses_a_capacity_that_stops_at_the_authority_beside_other_refusals_keeping_the_input(login, cast):
    data = _form(ProductFactory(producer=cast.producer), signer_title="KT. CHỦ TỊCH", star=6, submission_date="")
    data["submission_number"] = "125/TTr-PNN"
    response = login(cast.province_officer).post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"signer_title", "star", "submission_date"}
    assert form.errors["signer_title"][0].startswith(TOO_SHORT)
    html = response.content.decode()
    assert 'value="KT. CHỦ TỊCH"' in html and 'value="125/TTr-PNN"' in html
    assert not Certificate.objects.exists() and not RecognitionDecision.objects.exists()


def test_it_refuses_a_name_without_its_capacity_beside_a_star_the_level_cannot_give(login, cast):
    data = _form(ProductFactory(producer=cast.producer), signer_title="", issuer_level="ministry")
    response = login(cast.province_officer).post(URL, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"signer_title", "star"}


def test_the_service_refuses_a_capacity_that_stops_at_the_authority(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _record(cast, ProductFactory(producer=cast.producer), signer_title="TM. ỦY BAN NHÂN DÂN")
    assert set(refused.value.message_dict) == {"signer_title"}


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


def test_it_a_later_certificate_joins_with_the_same_signer_or_none_never_another(login, cast):
    signer = {"signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "signer_name": "Hoàng Văn Minh"}
    first = _record(cast, ProductFactory(producer=cast.producer), **signer)
    client = login(cast.province_officer)
    other = client.post(URL, _form(ProductFactory(producer=cast.producer), signer_name="Lý Thị Hoa"))
    assert other.status_code == 200
    assert set(other.context["form"].errors) == {"signer_name"}
    assert "Hoàng Văn Minh" in other.context["form"].errors["signer_name"][0]
    same = client.post(URL, _form(ProductFactory(producer=cast.producer), signer_title="kt. chủ tịch phó chủ tịch"))
    assert same.status_code == 302
    none = client.post(
        URL, _form(ProductFactory(producer=cast.producer), number="28/GCN-UBND", signer_title="", signer_name="")
    )
    assert none.status_code == 302
    assert set(Certificate.objects.values_list("decision", flat=True)) == {first.decision_id}
