"""The recognition decision answers the OCOP office's submission (tờ trình: D26 Điều 7.3đ, the province's office
compiles the council's results and submits them to the Chủ tịch UBND tỉnh; Điều 7.4đ, the ministry's office to the
Minister): its preamble ends "Theo đề nghị của cơ quan tham mưu quản lý OCOP tại Tờ trình số … ngày …", as the
revoking decision's does. The officer who issues it records the submission's number and date with the decision's own
(optional: without it, the preamble names the office alone), checked with them, all at once: a tờ trình's number
(…/TTr-…), both or neither, dated not after today, not before the council's result, not after the decision. The
decision's page and its audit row show it; the database keeps number and date together."""

import datetime
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from certificates import pdf as certificate_pdf
from certificates.choices import DecisionStatus, IssuerLevel
from certificates.models import RecognitionDecision
from certificates.selectors.decisions import decision_entries
from certificates.services.decisions import decision_check, decision_create, decision_issue
from certificates.tests.factories import checker_for, result_for
from evaluation.choices import Level
from evaluation.models import CouncilResult
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

PREAMBLE_END = "Căn cứ kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP;"
PROPOSAL = "Theo đề nghị của cơ quan tham mưu quản lý OCOP"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - timedelta(days=n)


def _checked(cast, *, level=IssuerLevel.PROVINCE, evaluated_days_ago: int = 10) -> RecognitionDecision:
    """A CHECKED decision over one council result reached `evaluated_days_ago` days ago."""
    if level == IssuerLevel.MINISTRY:
        drafter, result = cast.central_officer, result_for(cast.producer, star=5, level=Level.CENTRAL)
    else:
        drafter, result = cast.province_officer, result_for(cast.producer)
    evaluated = timezone.make_aware(datetime.datetime.combine(days_ago(evaluated_days_ago), datetime.time(9)))
    CouncilResult.objects.filter(pk=result.pk).update(decided_at=evaluated)
    draft = decision_create(
        by=drafter,
        issuer_level=level,
        issuer_unit=cast.province if level == IssuerLevel.PROVINCE else None,
        results=[result],
    )
    return decision_check(decision=draft, by=checker_for(drafter))


def _issuer(cast, decision):
    return checker_for(cast.central_officer if decision.issuer_level == IssuerLevel.MINISTRY else cast.province_officer)


def _paper(decision) -> str:
    content = certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


@pytest.mark.parametrize(
    "level,number,submission",
    [
        (IssuerLevel.PROVINCE, "1427/QĐ-UBND", "15/TTr-SNNMT"),
        (IssuerLevel.MINISTRY, "55/QĐ-BNNMT", "7/TTr-VPĐP"),  # the ministry's OCOP office submits to the Minister
    ],
)
def test_the_issued_decision_cites_the_submission_it_answers(cast, level, number, submission):
    checked = _checked(cast, level=level)
    decision = decision_issue(
        decision=checked,
        number=number,
        date=days_ago(1),
        by=_issuer(cast, checked),
        submission_number=f" {submission} ",
        submission_date=days_ago(3),
    )
    assert (decision.submission_number, decision.submission_date) == (submission, days_ago(3))
    text = _paper(decision)
    assert f"{PREAMBLE_END} {PROPOSAL} tại Tờ trình số {submission} ngày {days_ago(3):%d/%m/%Y}. QUYẾT ĐỊNH:" in text
    event = AuditEvent.objects.get(action="decision.issue")
    assert event.changes["submission"] == f"{submission} ({days_ago(3):%d/%m/%Y})"


def test_without_a_submission_the_preamble_names_the_office_alone(cast):
    checked = _checked(cast)
    draft = _paper(checked)  # the draft brought to signature: pdftotext may read its DỰ THẢO mark's letters between
    assert draft.index(PREAMBLE_END) < draft.index(f"{PROPOSAL}.") < draft.index("QUYẾT ĐỊNH:")
    assert "Tờ trình" not in draft
    decision = decision_issue(decision=checked, number="1427/QĐ-UBND", date=days_ago(1), by=_issuer(cast, checked))
    assert (decision.submission_number, decision.submission_date) == ("", None)
    assert f"{PREAMBLE_END} {PROPOSAL}. QUYẾT ĐỊNH:" in _paper(decision)
    assert "submission" not in AuditEvent.objects.get(action="decision.issue").changes


@pytest.mark.parametrize(
    "typed,errors",
    [
        ({"submission_number": "15/TTr-SNNMT"}, {"submission_date": ["Ghi ngày tờ trình (đã ghi số tờ trình)."]}),
        ({"submission_date": "-3"}, {"submission_number": ["Ghi số tờ trình (đã ghi ngày tờ trình)."]}),
        (
            {"submission_number": "15 TTr", "submission_date": "+1"},
            {
                "submission_number": ["Số tờ trình phải có dạng số/TTr-ký hiệu, ví dụ 12/TTr-SNNMT."],
                "submission_date": ["Ngày tờ trình không thể sau hôm nay ({today})."],
            },
        ),
        (
            {"submission_number": "15/TTr-SNNMT", "submission_date": "-11"},
            {"submission_date": ["Ngày tờ trình không thể trước ngày Hội đồng có kết quả đánh giá ({evaluated})."]},
        ),
        (
            {"submission_number": "15/TTr-SNNMT", "submission_date": "0"},
            {"submission_date": ["Ngày tờ trình không thể sau ngày quyết định ({decided})."]},
        ),
    ],
)
def test_the_service_refuses_a_wrong_submission_and_writes_nothing(cast, typed, errors):
    checked = _checked(cast)
    shift = typed.get("submission_date")
    typed = typed | ({"submission_date": timezone.localdate() + timedelta(days=int(shift))} if shift else {})
    with pytest.raises(ValidationError) as info:
        decision_issue(decision=checked, number="1427/QĐ-UBND", date=days_ago(1), by=_issuer(cast, checked), **typed)
    days = {
        "today": f"{timezone.localdate():%d/%m/%Y}",
        "evaluated": f"{days_ago(10):%d/%m/%Y}",
        "decided": f"{days_ago(1):%d/%m/%Y}",
    }
    assert info.value.message_dict == {field: [m.format(**days) for m in ms] for field, ms in errors.items()}
    checked.refresh_from_db()
    assert checked.status == DecisionStatus.CHECKED and not checked.certificates.exists()


def test_the_page_refuses_a_wrong_submission_beside_its_field_with_the_decision_s_own(login, cast):
    checked = _checked(cast)
    url = reverse("certificates:decision_issue", args=[checked.pk])
    page = login(_issuer(cast, checked)).get(url).content.decode()
    assert 'name="submission_number"' in page and 'name="submission_date"' in page
    response = login(_issuer(cast, checked)).post(
        url,
        {
            "number": "1427 QĐ",
            "date": f"{timezone.localdate() + timedelta(days=1):%d/%m/%Y}",
            "submission_number": "15/TTr-SNNMT",
            "submission_date": f"{days_ago(12):%d/%m/%Y}",
        },
    )
    assert response.status_code == 200 and 'data-testid="confirm-step"' not in response.content.decode()
    errors = response.context["form"].errors
    assert set(errors) == {"number", "date", "submission_date"}  # all at once
    assert errors["submission_date"] == [
        f"Ngày tờ trình không thể trước ngày Hội đồng có kết quả đánh giá ({days_ago(10):%d/%m/%Y})."
    ]
    body = response.content.decode()
    assert 'value="15/TTr-SNNMT"' in body and f'value="{days_ago(12):%d/%m/%Y}"' in body  # what was typed is kept
    checked.refresh_from_db()
    assert checked.status == DecisionStatus.CHECKED


def test_the_page_takes_the_submission_with_the_decision_and_shows_it(login, cast):
    checked = _checked(cast)
    client = login(_issuer(cast, checked))
    url = reverse("certificates:decision_issue", args=[checked.pk])
    data = {
        "number": "1427/QĐ-UBND",
        "date": f"{days_ago(1):%d/%m/%Y}",
        "submission_number": "15/TTr-SNNMT",
        "submission_date": f"{days_ago(3):%d/%m/%Y}",
    }
    confirm = client.post(url, data).content.decode()
    assert 'data-testid="confirm-step"' in confirm and "15/TTr-SNNMT" in confirm
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    checked.refresh_from_db()
    assert checked.status == DecisionStatus.ISSUED
    assert (checked.submission_number, checked.submission_date) == ("15/TTr-SNNMT", days_ago(3))
    page = client.get(reverse("certificates:decision_detail", args=[checked.pk])).content.decode()
    assert f'data-testid="decision-submission">Số 15/TTr-SNNMT ngày {days_ago(3):%d/%m/%Y}</dd>' in page
    assert "Tờ trình đề nghị" in page  # and the issue's row in the history names it


def test_the_constraint_keeps_number_and_date_together(cast):
    decision = _checked(cast)
    decision.submission_number = "15/TTr-SNNMT"
    with pytest.raises(ValidationError) as info:
        decision.full_clean()
    assert "Tờ trình phải có cả số và ngày." in info.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        RecognitionDecision.objects.filter(pk=decision.pk).update(submission_date=days_ago(3))
