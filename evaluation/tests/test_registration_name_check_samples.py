"""Before forwarding, the commune confirms that the product name is identical across Mẫu 01, Mẫu 02, the labels
and the test reports (ocop-domain.md §6 "Name checks") and records the samples received (Điều 6.2d: 5, none for
tourism). A dossier missing either stays with the commune, with a message that says what is missing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, Registration
from evaluation.services.dossier import commune_report_save
from evaluation.services.transitions import registration_forward
from evaluation.tests.factories import make_product, registration_in, round_taking_proposals
from products.tests.factories import product_set

pytestmark = pytest.mark.django_db


def _report(registration, **fields):
    values = {
        "dossier_complete": True,
        "local_raw_material": "a",
        "local_labour": "b",
        "idea_origin": "c",
        "local_identity": "d",
        "proposal": CommuneProposal.FORWARD,
        "name_consistent": True,
        "samples_received": 5,
        "letter_number": "125/UBND-NN",
        "letter_date": "2026-12-02",
    }
    values.update(fields)
    return CommuneReport.objects.create(registration=registration, **values)


def test_it_refuses_to_forward_without_the_name_check(cast):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration, name_consistent=False)
    with pytest.raises(ValidationError, match="tên sản phẩm thống nhất"):
        registration_forward(registration=registration, by=cast.commune_officer)
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_it_refuses_to_forward_without_five_samples(cast):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration, samples_received=3)
    with pytest.raises(ValidationError, match="Chưa nhận đủ 5 sản phẩm mẫu .*mới nhận 3"):
        registration_forward(registration=registration, by=cast.commune_officer)
    CommuneReport.objects.filter(registration=registration).update(samples_received=5)
    assert registration_forward(registration=registration, by=cast.commune_officer).status == S.FORWARDED


def test_a_tourism_service_needs_no_samples(cast):
    product = make_product(cast.producer, "Du lịch cộng đồng Nặm Dất")
    product.product_set = product_set(26)
    product.save()
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast), product=product)
    _report(registration, samples_received=0)
    assert registration_forward(registration=registration, by=cast.commune_officer).status == S.FORWARDED


def test_the_service_records_the_check_and_the_samples_and_refuses_a_future_date(cast):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    data = {
        "dossier_complete": True,
        "local_raw_material": "a",
        "local_labour": "b",
        "idea_origin": "c",
        "local_identity": "d",
        "name_consistent": True,
        "samples_received": 5,
    }
    with pytest.raises(ValidationError):
        commune_report_save(
            registration=registration,
            by=cast.commune_officer,
            samples_received_on=timezone.localdate() + dt.timedelta(days=1),
            **data,
        )
    assert not CommuneReport.objects.filter(registration=registration).exists()
    report = commune_report_save(
        registration=registration, by=cast.commune_officer, samples_received_on=timezone.localdate(), **data
    )
    assert report.name_consistent and report.samples_received == 5


def test_the_form_saves_the_check_and_the_page_shows_it(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    client = login(cast.commune_officer)
    response = client.post(
        reverse("evaluation:registration_commune_report", args=[registration.pk]),
        {
            "dossier_complete": "on",
            "name_consistent": "on",
            "samples_received": "5",
            "samples_received_on": timezone.localdate().strftime("%d/%m/%Y"),
            "local_raw_material": "Nguyên liệu tại xã",
            "local_labour": "Lao động xã",
            "idea_origin": "Ý tưởng HTX",
            "local_identity": "Nghề truyền thống",
            "proposal": "forward",
        },
    )
    assert response.status_code == 302
    report = CommuneReport.objects.get(registration=registration)
    assert report.name_consistent and report.samples_received == 5
    assert report.samples_received_on == timezone.localdate()
    html = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert 'data-testid="name-check"' in html and 'data-testid="samples"' in html


def test_the_form_keeps_what_was_typed_when_the_sample_count_is_wrong(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_commune_report", args=[registration.pk]),
        {"samples_received": "-2", "local_raw_material": "Giữ lại nội dung này", "proposal": "forward"},
    )
    assert response.status_code == 200
    assert "samples_received" in response.context["form"].errors
    assert "Giữ lại nội dung này" in response.content.decode()


def test_the_form_says_plainly_what_is_wrong_with_the_sample_count_and_the_date(cast, login):
    """Django's own Vietnamese ("Đảm bảo giá trị này lớn hơn hoặc bằng với 0 .", "Nhập một ngày hợp lệ.")
    does not tell a commune officer what to type; the messages name the field and show the date form."""
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_commune_report", args=[registration.pk]),
        {"samples_received": "-3", "samples_received_on": "31/02/2026", "proposal": "forward"},
    )
    errors = response.context["form"].errors
    assert errors["samples_received"] == ["Số sản phẩm mẫu không thể là số âm."]
    assert errors["samples_received_on"][0].startswith("Ngày nhận sản phẩm mẫu: không có ngày “31/02/2026”, tháng 2")
    assert "Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026." in errors["samples_received_on"][0]
    html = response.content.decode()
    assert 'value="31/02/2026"' in html and 'value="-3"' in html
    assert not CommuneReport.objects.filter(registration=registration).exists()


def test_two_commune_officers_on_one_report_keep_each_others_findings(cast, login):
    """Two officers of the commune on one Mẫu 03: the second's save keeps the first's finding in another field (it
    wrote back every field as its page had shown them) and is refused where both changed the same one."""
    from ocop.testing import form_as_shown, make_user

    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration, local_labour="Chưa rõ")
    url = reverse("evaluation:registration_commune_report", args=[registration.pk])
    client = login(cast.commune_officer)
    data = form_as_shown(client.get(url))  # the officer opens the report …
    colleague = make_user("thang.conminh", cast.commune_officer.role, cast.commune, full_name="Lò Văn Thắng")
    commune_report_save(  # … a colleague saves a finding on the labour meanwhile
        registration=registration,
        by=colleague,
        **{**_report_values(registration), "local_labour": "12 lao động người Dao trong xã"},
    )
    data["idea_origin"] = "Ý tưởng từ nghề truyền thống của bản"
    assert client.post(url, data).status_code == 302
    report = CommuneReport.objects.get(registration=registration)
    assert (report.local_labour, report.idea_origin) == (
        "12 lao động người Dao trong xã",
        "Ý tưởng từ nghề truyền thống của bản",
    )

    data = form_as_shown(client.get(url))
    CommuneReport.objects.filter(pk=report.pk).update(samples_received=4)  # changed meanwhile, no history row
    data["samples_received"] = "6"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "“4”" in " ".join(response.context["form"].errors["samples_received"])
    assert CommuneReport.objects.get(pk=report.pk).samples_received == 4
    assert client.post(url, form_as_shown(response)).status_code == 302
    assert CommuneReport.objects.get(pk=report.pk).samples_received == 6


def _report_values(registration) -> dict:
    report = CommuneReport.objects.get(registration=registration)
    fields = ("dossier_complete", "local_raw_material", "local_labour", "idea_origin", "local_identity", "proposal")
    return {
        **{f: getattr(report, f) for f in fields},
        "name_consistent": report.name_consistent,
        "samples_received": report.samples_received,
        "samples_received_on": report.samples_received_on,
    }


def test_a_future_samples_day_is_refused_with_the_empty_contents_at_the_first_submit(cast, login):
    """The day was the service's check only, reached once every required content was filled in: an officer who left
    one empty and typed tomorrow was told of the content, filled it in, and only then of the day."""
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_commune_report", args=[registration.pk]),
        {
            "local_raw_material": "100% củ dong riềng trồng tại xã",
            "samples_received": "5",
            "samples_received_on": f"{tomorrow:%d/%m/%Y}",
            "proposal": "forward",
        },
    )
    errors = response.context["form"].errors
    assert "local_labour" in errors and "idea_origin" in errors
    assert errors["samples_received_on"] == [f"Ngày nhận mẫu không thể sau hôm nay ({timezone.localdate():%d/%m/%Y})."]
    assert f'value="{tomorrow:%d/%m/%Y}"' in response.content.decode()
    assert not CommuneReport.objects.filter(registration=registration).exists()
