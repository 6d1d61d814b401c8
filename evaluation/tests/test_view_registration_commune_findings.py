"""Mẫu 03's findings are shown beside the criteria they inform on the self-assessment page (1.1 raw material,
2.1 idea origin, 3.3 local labour, 5.3 local identity), where the advisory team reviews the producer's choices."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport
from evaluation.selectors.registrations import commune_finding_for
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db


class _Criterion:
    def __init__(self, number, title):
        self.number, self.title = number, title


def _report(registration):
    return CommuneReport.objects.create(
        registration=registration,
        dossier_complete=True,
        local_raw_material="100% mật ong từ rừng của xã",
        local_labour="15 lao động trong xã",
        idea_origin="Ý tưởng của HTX",
        local_identity="Nghề nuôi ong truyền thống",
    )


def test_the_finding_is_shown_beside_criterion_1_1(cast, login):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    _report(registration)
    html = (
        login(cast.advisory_member)
        .get(reverse("evaluation:registration_selfassessment", args=[registration.pk]))
        .content.decode()
    )
    block = html.split('data-testid="commune-finding-1.1"')[1].split("</div>")[0]
    assert "100% mật ong từ rừng của xã" in block


def test_no_finding_before_the_commune_reports(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    html = (
        login(cast.producer_owner)
        .get(reverse("evaluation:registration_selfassessment", args=[registration.pk]))
        .content.decode()
    )
    assert "commune-finding-" not in html


def test_each_finding_goes_to_its_criterion_and_only_when_the_title_matches(cast):
    report = _report(registration_in(cast))
    assert commune_finding_for(_Criterion("3.3", "Sử dụng lao động địa phương"), report)[1] == "15 lao động trong xã"
    assert commune_finding_for(_Criterion("2.1", "Nguồn gốc ý tưởng sản phẩm"), report)[1] == "Ý tưởng của HTX"
    assert commune_finding_for(_Criterion("5.3", "Trí tuệ/bản sắc địa phương"), report)[1].startswith("Nghề")
    # Set 26 numbers differently: its 1.1 is the tour operator, not a raw material.
    assert commune_finding_for(_Criterion("1.1", "Bộ phận điều phối quản lý và điều hành dịch vụ"), report) is None
    assert commune_finding_for(_Criterion("3.3", "Sử dụng lao động địa phương"), None) is None
