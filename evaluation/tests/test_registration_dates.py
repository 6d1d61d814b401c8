"""The days the commune and the province record on a dossier while they check it (the samples received, on Mẫu 03;
the site visit) follow its submission: a day before it is refused next to the field, naming the submission day
(dd/mm/yyyy, as in Việt Nam), and, as before, a day in the future."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, Registration, SiteVisit
from evaluation.services.advisory import sitevisit_record
from evaluation.services.dossier import commune_report_save
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db

# 01:00 on 20/11/2026 in Việt Nam, still the 19th in UTC: the submission day is the Vietnamese one.
SUBMITTED_AT = dt.datetime(2026, 11, 19, 18, 0, tzinfo=dt.UTC)
SAMPLES_BEFORE = "Ngày nhận mẫu không thể trước ngày nộp hồ sơ (20/11/2026)."
VISIT_BEFORE = "Ngày khảo sát không thể trước ngày nộp hồ sơ (20/11/2026)."

REPORT = {
    "dossier_complete": True,
    "local_raw_material": "Nguyên liệu tại xã",
    "local_labour": "Lao động xã",
    "idea_origin": "Ý tưởng HTX",
    "local_identity": "Nghề truyền thống",
    "proposal": CommuneProposal.FORWARD,
    "name_consistent": True,
    "samples_received": 5,
}


def submitted(cast, status=S.SUBMITTED) -> Registration:
    return registration_in(cast, status=status, submitted_at=SUBMITTED_AT)


def save_report(cast, registration, day):
    return commune_report_save(registration=registration, by=cast.commune_officer, samples_received_on=day, **REPORT)


def test_samples_received_before_the_submission_are_refused(cast):
    registration = submitted(cast)
    with pytest.raises(ValidationError) as raised:
        save_report(cast, registration, dt.date(2026, 11, 19))
    assert raised.value.message_dict == {"samples_received_on": [SAMPLES_BEFORE]}
    assert not CommuneReport.objects.exists()


def test_samples_received_on_the_submission_day_or_later_are_recorded(cast):
    registration = submitted(cast)
    assert save_report(cast, registration, dt.date(2026, 11, 20)).samples_received_on == dt.date(2026, 11, 20)
    assert save_report(cast, registration, dt.date(2026, 12, 2)).samples_received_on == dt.date(2026, 12, 2)


def test_samples_received_tomorrow_are_still_refused(cast):
    with pytest.raises(ValidationError) as raised:
        save_report(cast, submitted(cast), dt.date(2026, 12, 3))
    assert raised.value.message_dict == {"samples_received_on": ["Ngày nhận mẫu không thể sau hôm nay (02/12/2026)."]}


def resubmitted(cast, status=S.SUBMITTED) -> Registration:
    """Filed on 20/11/2026 (SUBMITTED_AT), returned to complete and submitted again on 28/11/2026."""
    return registration_in(
        cast,
        status=status,
        first_submitted_at=SUBMITTED_AT,
        submitted_at=dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC),
    )


def test_a_day_between_the_filing_and_a_resubmission_is_recorded(cast):
    """Samples handed in with the dossier, or a site visit made before it went back to the producer to complete, are
    not undone by the later submission: the day may follow the first submission, not only the latest (Mẫu 03 is kept
    when the commune returns the dossier, and may be saved again with the day it had or a new one)."""
    registration = resubmitted(cast)
    save_report(cast, registration, dt.date(2026, 11, 21))
    report = commune_report_save(
        registration=registration,
        by=cast.commune_officer,
        samples_received_on=dt.date(2026, 11, 22),
        **{**REPORT, "local_labour": "12 lao động"},
    )
    assert (report.local_labour, report.samples_received_on) == ("12 lao động", dt.date(2026, 11, 22))
    visit(cast, resubmitted(cast, S.ADVISORY_REVIEW), dt.date(2026, 11, 24))
    assert SiteVisit.objects.get().visited_on == dt.date(2026, 11, 24)


def test_a_day_before_the_first_submission_is_still_refused_after_a_resubmission(cast):
    registration = resubmitted(cast)
    with pytest.raises(ValidationError) as raised:
        save_report(cast, registration, dt.date(2026, 11, 19))
    assert raised.value.message_dict == {"samples_received_on": [SAMPLES_BEFORE]}
    with pytest.raises(ValidationError) as raised:
        visit(cast, resubmitted(cast, S.ADVISORY_REVIEW), dt.date(2026, 11, 19))
    assert raised.value.message_dict == {"visited_on": [VISIT_BEFORE]}


def test_the_form_says_it_next_to_the_samples_day_and_keeps_what_was_typed(cast, login):
    registration = submitted(cast)
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_commune_report", args=[registration.pk]),
        {
            "dossier_complete": "on",
            "name_consistent": "on",
            "samples_received": "5",
            "samples_received_on": "15/11/2026",
            "local_raw_material": "Nguyên liệu tại xã",
            "local_labour": "Lao động xã",
            "idea_origin": "Ý tưởng HTX",
            "local_identity": "Nghề truyền thống",
            "proposal": "forward",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"samples_received_on": [SAMPLES_BEFORE]}
    html = response.content.decode()
    assert 'value="15/11/2026"' in html and "Nguyên liệu tại xã" in html
    assert not CommuneReport.objects.exists()


def visit(cast, registration, day):
    return sitevisit_record(
        registration=registration, by=cast.advisory_member, visited_on=day, participants="Tổ tư vấn", findings="Đạt"
    )


def test_a_site_visit_before_the_submission_is_refused(cast):
    registration = submitted(cast, S.ADVISORY_REVIEW)
    with pytest.raises(ValidationError) as raised:
        visit(cast, registration, dt.date(2026, 11, 19))
    assert raised.value.message_dict == {"visited_on": [VISIT_BEFORE]}
    assert not SiteVisit.objects.exists()


def test_a_site_visit_on_the_submission_day_or_later_is_recorded(cast):
    registration = submitted(cast, S.ADVISORY_REVIEW)
    visit(cast, registration, dt.date(2026, 11, 20))
    visit(cast, registration, dt.date(2026, 12, 2))
    assert SiteVisit.objects.filter(registration=registration).count() == 2


def test_a_site_visit_tomorrow_is_still_refused(cast):
    with pytest.raises(ValidationError) as raised:
        visit(cast, submitted(cast, S.ADVISORY_REVIEW), dt.date(2026, 12, 3))
    assert raised.value.message_dict == {"visited_on": ["Ngày khảo sát không thể sau hôm nay (02/12/2026)."]}


def test_the_site_visit_form_says_it_next_to_the_day_and_keeps_what_was_typed(cast, login):
    registration = submitted(cast, S.ADVISORY_REVIEW)
    response = login(cast.advisory_member).post(
        reverse("evaluation:registration_site_visit", args=[registration.pk]),
        {"visited_on": "02/11/2026", "participants": "Tổ tư vấn tỉnh", "findings": "Nhà xưởng đạt yêu cầu"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"visited_on": [VISIT_BEFORE]}
    html = response.content.decode()
    assert 'value="02/11/2026"' in html and "Nhà xưởng đạt yêu cầu" in html
    assert not SiteVisit.objects.exists()
