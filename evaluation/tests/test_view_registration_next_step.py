"""The producer always sees what the dossier waits for: whose turn it is, by when, and what still stops a
submission; on a phone the list shows each dossier as a card with that line."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import complete_dossier, registration_in

pytestmark = pytest.mark.django_db


def _detail(client, registration):
    return client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()


def test_a_draft_tells_the_producer_what_is_left_before_submitting(cast, login):
    registration = registration_in(cast)
    html = _detail(login(cast.producer_owner), registration)
    assert 'data-testid="waiting-for"' in html and "Việc của bạn" in html
    assert "tiêu chí chưa chấm" in html and "tài liệu bắt buộc" in html


def test_a_complete_draft_says_it_can_be_submitted(cast, login, private_media):
    registration = registration_in(cast)
    complete_dossier(registration, cast.producer_owner)
    html = _detail(login(cast.producer_owner), registration)
    assert "Hồ sơ đã đủ: có thể nộp cho UBND xã." in html
    assert 'data-testid="submit-blockers"' not in html


def test_a_submitted_dossier_shows_whose_turn_and_the_deadline(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    html = _detail(login(cast.producer_owner), registration)
    assert "UBND xã kiểm tra (15 ngày làm việc)" in html
    assert registration.commune_due_on.strftime("%d/%m/%Y") in html
    assert "Việc của bạn" not in html


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer"])
def test_a_returned_dossier_shows_no_deadline_of_the_commune(cast, login, who):
    """Returned to the producer, the dossier's page still read "Hạn UBND xã kiểm tra 28/12/2026", while the list
    showed none: the commune's 15 working days run again from the next submission."""
    registration = registration_in(cast, status=S.SUBMITTED)
    submitted = _detail(login(getattr(cast, who)), registration)
    assert 'data-testid="commune-due"' in submitted
    registration.status = S.RETURNED
    registration.save(update_fields=["status"])
    html = _detail(login(getattr(cast, who)), registration)
    assert 'data-testid="commune-due"' not in html and "Hạn UBND xã kiểm tra" not in html


def test_a_supplement_request_is_the_producers_turn(cast, login):
    registration = registration_in(cast, status=S.SUPPLEMENT_REQUESTED)
    html = _detail(login(cast.producer_owner), registration)
    assert "Việc của bạn" in html and "Chủ thể bổ sung hồ sơ" in html


def test_the_phone_list_shows_each_dossier_with_what_it_waits_for(cast, login):
    registration_in(cast, status=S.RETURNED, name="Miến dong trả lại")
    html = login(cast.producer_owner).get(reverse("evaluation:registration_list")).content.decode()
    assert 'class="table table-sm bg-white table-stack"' in html  # static/css/ocop.css: rows as cards on phones
    card = html.split('data-testid="registration-row"')[1].split("</tr>")[0]
    assert "Miến dong trả lại" in card and "Chủ thể hoàn thiện và nộp lại" in card
    # Its name, its status, then what it waits for: the first things a phone shows.
    assert card.index("Miến dong trả lại") < card.index('data-testid="status"') < card.index("Chủ thể hoàn thiện")


def test_the_next_page_link_keeps_every_status_filter(cast, login):
    for i in range(51):
        registration_in(cast, status=S.SUBMITTED if i % 2 else S.DRAFT, name=f"Sản phẩm {i}")
    response = login(cast.commune_officer).get(
        reverse("evaluation:registration_list"), {"status": ["submitted", "draft"]}
    )
    html = response.content.decode()
    assert "status=submitted&amp;status=draft&amp;page=2" in html
    # The filter form keeps both choices selected (`{% filter_fields %}` renders the multiple select).
    assert '<option value="submitted" selected>' in html and '<option value="draft" selected>' in html
    assert '<option value="returned">' in html


def test_the_commune_list_puts_the_dossiers_to_check_first_nearest_deadline_first(cast, login):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    registration_in(cast, status=S.FORWARDED, name="Đã chuyển tỉnh")
    registration_in(cast, status=S.SUBMITTED, name="Hạn xa", commune_due_on=today + dt.timedelta(days=20))
    registration_in(cast, status=S.DRAFT, name="Bản nháp mới")
    registration_in(cast, status=S.SUBMITTED, name="Hạn gần", commune_due_on=today + dt.timedelta(days=2))
    response = login(cast.commune_officer).get(reverse("evaluation:registration_list"))
    names = [r.product.name for r in response.context["page"]]
    assert names[:2] == ["Hạn gần", "Hạn xa"]
    # The producer's own turn comes first on the producer's list.
    response = login(cast.producer_owner).get(reverse("evaluation:registration_list"))
    assert [r.product.name for r in response.context["page"]][0] == "Bản nháp mới"


def test_a_draft_says_the_last_day_to_file_for_its_round(cast, login):
    import datetime as dt

    from django.utils import timezone

    from evaluation.tests.factories import province_round
    from ocop.workdays import add_working_days, latest_start_for

    today = timezone.localdate()
    evaluation_round = province_round(cast.province, year=today.year + 1, number=1)
    registration = registration_in(cast, round=evaluation_round)
    file_by = latest_start_for(evaluation_round.proposals_due, 15)
    html = _detail(login(cast.producer_owner), registration)
    assert f"Nộp chậm nhất ngày {file_by:%d/%m/%Y}" in html
    # Too late for the round: said plainly.
    late_round = province_round(cast.province, year=today.year, number=1)
    late_round.proposals_due = add_working_days(today, 3)
    late_round.done_by = late_round.proposals_due + dt.timedelta(days=60)
    late_round.save()
    registration.round = late_round
    registration.save()
    assert "UBND xã có thể không kịp đề nghị trong đợt này" in _detail(login(cast.producer_owner), registration)


def test_a_submitted_dossier_whose_commune_deadline_passes_the_round_deadline_is_flagged(cast, login):
    import datetime as dt

    registration = registration_in(cast, status=S.SUBMITTED)
    registration.commune_due_on = registration.round.proposals_due + dt.timedelta(days=3)
    registration.save()
    assert 'data-testid="after-round-due"' in _detail(login(cast.commune_officer), registration)
    registration.commune_due_on = registration.round.proposals_due - dt.timedelta(days=3)
    registration.save()
    assert 'data-testid="after-round-due"' not in _detail(login(cast.commune_officer), registration)


def test_a_submitted_dossier_whose_round_has_stopped_taking_proposals_says_so_instead_of_hurrying(cast, login):
    """Past the round's proposal date, checking early no longer makes the round: the dossier waits for the province
    to extend the round or move it to the next one."""
    import datetime as dt

    registration = registration_in(cast, status=S.SUBMITTED)
    registration.round.proposals_due = timezone.localdate() - dt.timedelta(days=1)
    registration.round.save()
    registration.commune_due_on = timezone.localdate() + dt.timedelta(days=10)
    registration.save()
    html = _detail(login(cast.commune_officer), registration)
    assert 'data-testid="after-round-due"' in html
    due = f"{registration.round.proposals_due:%d/%m/%Y}"
    assert f"Đợt đã hết hạn đề nghị ngày {due}" in html and "kịp đợt" not in html


def test_a_reevaluation_is_not_told_the_rounds_filing_date(cast, login):
    registration = registration_in(cast, kind="reevaluation")
    assert 'data-testid="file-by"' not in _detail(login(cast.producer_owner), registration)


def test_the_province_list_searches_by_commune_name(cast, login):
    from ocop.models import AdministrativeUnit

    AdministrativeUnit.objects.filter(pk=cast.other_commune.pk).update(search_text="xa binh minh tinh thu nghiem")
    registration_in(cast, name="Ở Bình Minh", commune=cast.other_commune, status=S.FORWARDED)
    registration_in(cast, name="Ở Hoà An", status=S.FORWARDED)
    response = login(cast.province_officer).get(reverse("evaluation:registration_list"), {"q": "Bình Minh"})
    assert [r.product.name for r in response.context["page"]] == ["Ở Bình Minh"]


def test_a_dossier_past_the_communes_deadline_is_marked_in_the_list_in_either_language(cast, login):
    """The row (`{% registration_row %}`): the commune's deadline, red and marked once passed, the phone layout's
    column names in the user's language."""
    import datetime as dt

    from django.utils import timezone

    late = registration_in(cast, status=S.SUBMITTED, name="Trà quá hạn")
    late.commune_due_on = timezone.localdate() - dt.timedelta(days=2)
    late.save(update_fields=["commune_due_on"])
    registration_in(cast, status=S.DRAFT, name="Mật ong nháp")
    client = login(cast.commune_officer)
    html = client.get(reverse("evaluation:registration_list")).content.decode()
    rows = {row.split("</tr>")[0] for row in html.split('data-testid="registration-row"')[1:]}
    late_row = next(row for row in rows if "Trà quá hạn" in row)
    draft_row = next(row for row in rows if "Mật ong nháp" in row)
    assert f"{late.commune_due_on:%d/%m/%Y}" in late_row and "Quá hạn</span>" in late_row
    assert html.count('class="table-danger" data-testid="registration-row"') == 1
    assert 'data-label="Hạn xã kiểm tra"><span>—</span>' in draft_row

    client.cookies["django_language"] = "en"
    english = client.get(reverse("evaluation:registration_list")).content.decode()
    assert 'data-label="Status"' in english and "Overdue</span>" in english


@pytest.mark.parametrize(
    ("status", "lock"),
    [
        (S.ADVISORY_REVIEW, "Hồ sơ đang được đánh giá: không sửa được"),
        (S.DECIDED, "Hồ sơ đã có kết quả: không sửa được"),
        (S.NOT_RECOGNISED, "Hồ sơ đã có kết quả: không sửa được"),
    ],
)
def test_a_locked_dossier_says_why_it_cannot_be_changed(cast, login, status, lock):
    # A decided dossier is no longer "being evaluated".
    html = _detail(login(cast.producer_owner), registration_in(cast, status=status))
    assert f'data-testid="frozen"><i class="bi bi-lock"></i> {lock}</span>' in html
    # A closed dossier waits for nothing: no "Đang chờ: —" line.
    assert ('data-testid="waiting-row"' in html) == (status == S.ADVISORY_REVIEW)


NO_ACTION = "Không có thao tác nào dành cho bạn ở bước này."


def _actions_card(html: str) -> str:
    start = html.index('data-testid="actions"')
    return html[start : html.index("</div></div>", start)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("viewer", S.SUBMITTED), ("province_officer", S.READY_FOR_COUNCIL), ("advisory_member", S.READY_FOR_COUNCIL)],
)
def test_a_reader_with_nothing_to_do_is_told_so_instead_of_an_empty_actions_card(cast, login, who, status):
    """A read-only viewer saw an empty "Thao tác" card on every dossier, and so did an officer on a dossier waiting
    for the council: a box with nothing in it reads as a page that failed to load its buttons."""
    card = _actions_card(_detail(login(getattr(cast, who)), registration_in(cast, status=status)))
    assert NO_ACTION in card and "<button" not in card and "<a " not in card


def test_the_actions_card_says_nothing_of_the_kind_when_it_has_a_button(cast, login):
    card = _actions_card(_detail(login(cast.commune_officer), registration_in(cast, status=S.SUBMITTED)))
    assert "Chuyển cấp tỉnh" in card or "Lập Mẫu 03" in card
    assert NO_ACTION not in card


def test_a_reevaluation_under_way_is_told_its_45_day_deadline_not_the_rounds_end(cast, login):
    """A re-evaluation runs on its own clock (D26 Điều 7.6g: 45 days from a complete dossier), not the round's: the
    line at the top said the round ended on its date, the details below gave the 45-day deadline."""
    import datetime as dt

    due = timezone.localdate() + dt.timedelta(days=40)
    registration = registration_in(cast, status=S.ADVISORY_REVIEW, kind="reevaluation", reevaluation_due_on=due)
    html = _detail(login(cast.province_officer), registration)
    line = html[html.index('data-testid="waiting-for"') : html.index("</div>", html.index('data-testid="waiting-for"'))]
    assert f"hạn đánh giá lại {due:%d/%m/%Y}" in line and "đợt kết thúc trước" not in line
    registration.reevaluation_due_on = timezone.localdate() - dt.timedelta(days=1)
    registration.save(update_fields=["reevaluation_due_on"])
    html = _detail(login(cast.province_officer), registration)
    line = html[html.index('data-testid="waiting-for"') : html.index("</div>", html.index('data-testid="waiting-for"'))]
    assert "Quá hạn" in line


def test_a_first_evaluation_under_way_is_told_the_rounds_end(cast, login):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    html = _detail(login(cast.province_officer), registration)
    assert f"đợt kết thúc trước {registration.round.done_by:%d/%m/%Y}" in html
