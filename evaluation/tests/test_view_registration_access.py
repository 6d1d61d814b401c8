"""Each registration page against each role: allowed, 403 (may see, may not do), 404 (outside the scope),
405 (wrong method), 404 (missing id); lists keep a constant query count."""

import re

import pytest
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, Registration
from evaluation.tests.factories import (
    complete_dossier,
    make_product,
    registration_in,
    round_taking_proposals,
)

pytestmark = pytest.mark.django_db

READERS = [
    "producer_owner",
    "commune_officer",
    "province_officer",
    "viewer",
    "central_officer",
    "admin",
]
# A council member who sits on no council sees no dossier (issue 6: only assigned, after declaring).
OUTSIDERS = ["other_producer", "other_commune_officer", "outsider", "council_member"]


@pytest.mark.parametrize("who", READERS)
def test_readers_see_the_detail_pages(cast, login, who):
    registration = registration_in(cast)
    client = login(getattr(cast, who))
    for name in ("registration_detail", "registration_selfassessment", "registration_documents"):
        response = client.get(reverse(f"evaluation:{name}", args=[registration.pk]))
        assert response.status_code == 200, (who, name)
        assert registration.product.name in response.content.decode()


def test_the_advisory_team_reads_dossiers_under_review_only(cast, login):
    """Issue 11.15: from the commune's forwarding to the council, not drafts or decided dossiers."""
    client = login(cast.advisory_member)
    for status, code in ((S.FORWARDED, 200), (S.ADVISORY_REVIEW, 200), (S.DRAFT, 404), (S.DECIDED, 404)):
        registration = registration_in(cast, status=status)
        for name in ("registration_detail", "registration_selfassessment", "registration_documents"):
            response = client.get(reverse(f"evaluation:{name}", args=[registration.pk]))
            assert response.status_code == code, (status, name)


def refused_code(who: str, status: str) -> int:
    """403 for a role that sees the dossier but does not do that step; the advisory team does not even see a
    dossier outside review (404)."""
    from evaluation.choices import ADVISORY_REVIEW_STATUSES

    return 404 if who == "advisory_member" and status not in ADVISORY_REVIEW_STATUSES else 403


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(cast, login, who):
    registration = registration_in(cast)
    client = login(getattr(cast, who))
    for name in (
        "registration_detail",
        "registration_selfassessment",
        "registration_documents",
        "registration_withdraw",
        "registration_commune_report",
        "registration_request_supplement",
    ):
        assert client.get(reverse(f"evaluation:{name}", args=[registration.pk])).status_code == 404, (who, name)
    assert client.post(reverse("evaluation:registration_submit", args=[registration.pk])).status_code == 404


def test_anonymous_users_are_sent_to_login(cast, client):
    registration = registration_in(cast)
    response = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_missing_ids_are_404(cast, login):
    client = login(cast.admin)
    assert client.get(reverse("evaluation:registration_detail", args=[999999])).status_code == 404
    assert client.post(reverse("evaluation:registration_submit", args=[999999])).status_code == 404
    assert client.get(reverse("evaluation:document_download", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "registration_submit",
        "registration_forward",
        "registration_start_review",
        "registration_mark_ready",
        "registration_copy",
        "document_delete",
    ],
)
def test_actions_refuse_get(cast, login, name):
    registration = registration_in(cast)
    assert login(cast.admin).get(reverse(f"evaluation:{name}", args=[registration.pk])).status_code == 405


# (url name, status the dossier is in, roles allowed, roles refused with 403)
ACTIONS = [
    # The producer's own act: its officers submit only for a producer without an account (this one has one, Điều 7.1;
    # test_view_registration_producer_acts.py).
    (
        "registration_submit",
        S.DRAFT,
        ["producer_owner"],
        ["commune_officer", "province_officer", "central_officer", "viewer", "advisory_member"],
    ),
    (
        "registration_forward",
        S.SUBMITTED,
        ["commune_officer"],
        ["producer_owner", "province_officer", "viewer", "advisory_member"],
    ),
    # The province's OCOP office receives the commune's dossier (Điều 7.3a), not the advisory team.
    (
        "registration_start_review",
        S.FORWARDED,
        ["province_officer"],
        ["producer_owner", "commune_officer", "viewer", "advisory_member", "central_officer"],
    ),
    (
        "registration_mark_ready",
        S.ADVISORY_REVIEW,
        ["advisory_member", "province_officer"],
        ["producer_owner", "commune_officer", "viewer"],
    ),
]


def _ready_for(cast, name, status):
    # The producer submits, the commune forwards, only into a round still taking proposals
    # (services.checks.round_submission_refusal, round_calendar.round_proposal_refusal).
    taking = {"round": round_taking_proposals(cast)} if name in {"registration_submit", "registration_forward"} else {}
    registration = registration_in(cast, status=status, **taking)
    if name == "registration_submit":
        complete_dossier(registration, cast.producer_owner)
    if name == "registration_forward":
        CommuneReport.objects.create(
            registration=registration,
            dossier_complete=True,
            local_raw_material="a",
            local_labour="b",
            idea_origin="c",
            local_identity="d",
            proposal=CommuneProposal.FORWARD,
            name_consistent=True,
            samples_received=5,
            letter_number="125/UBND-NN",
            letter_date="2026-12-02",
        )
    return registration


@pytest.mark.parametrize("name,status,allowed,refused", ACTIONS)
def test_post_actions_by_role(cast, login, private_media, name, status, allowed, refused):
    for who in allowed:
        registration = _ready_for(cast, name, status)
        url = reverse(f"evaluation:{name}", args=[registration.pk])
        response = login(getattr(cast, who)).post(url, {"confirmed": "1"})  # past the confirmation step
        assert response.status_code == 302, (name, who)
        assert Registration.objects.get(pk=registration.pk).status != status, (name, who)
    for who in refused:
        registration = _ready_for(cast, name, status)
        url = reverse(f"evaluation:{name}", args=[registration.pk])
        response = login(getattr(cast, who)).post(url, {"confirmed": "1"})
        assert response.status_code == refused_code(who, status), (name, who)
        assert Registration.objects.get(pk=registration.pk).status == status


@pytest.mark.parametrize(
    "name,status,allowed,refused",
    [
        (
            "registration_commune_report",
            S.SUBMITTED,
            "commune_officer",
            ["producer_owner", "viewer", "advisory_member"],
        ),
        (
            "registration_request_supplement",
            S.ADVISORY_REVIEW,
            "advisory_member",
            ["producer_owner", "commune_officer", "viewer"],
        ),
        ("registration_site_visit", S.ADVISORY_REVIEW, "advisory_member", ["producer_owner", "viewer"]),
        ("registration_test_request", S.ADVISORY_REVIEW, "province_officer", ["producer_owner", "viewer"]),
        (
            "registration_supply",
            S.SUPPLEMENT_REQUESTED,
            "producer_owner",
            ["viewer", "advisory_member"],
        ),
        ("registration_withdraw", S.SUBMITTED, "producer_owner", ["viewer", "advisory_member"]),
        (
            "registration_reject",
            S.ADVISORY_REVIEW,
            "province_officer",
            ["producer_owner", "commune_officer", "viewer", "advisory_member"],
        ),
    ],
)
def test_form_pages_by_role(cast, login, name, status, allowed, refused):
    registration = registration_in(cast, status=status)
    url = reverse(f"evaluation:{name}", args=[registration.pk])
    assert login(getattr(cast, allowed)).get(url).status_code == 200
    for who in refused:
        code = refused_code(who, status)
        assert login(getattr(cast, who)).get(url).status_code == code, (name, who)
        assert login(getattr(cast, who)).post(url, {"reason": "x"}).status_code == code, (name, who)


def test_an_illegal_transition_is_refused_with_a_clear_message(cast, login):
    registration = registration_in(cast, status=S.READY_FOR_COUNCIL)
    client = login(cast.province_officer)
    response = client.post(reverse("evaluation:registration_start_review", args=[registration.pk]), follow=True)
    assert "Không thể thực hiện khi hồ sơ đang ở trạng thái" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.READY_FOR_COUNCIL


def test_the_return_form_requires_a_reason_and_keeps_the_dossier(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    client = login(cast.commune_officer)
    response = client.post(reverse("evaluation:registration_return", args=[registration.pk]), {"reason": ""})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    response = client.post(reverse("evaluation:registration_return", args=[registration.pk]), {"reason": "Thiếu nhãn"})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == S.RETURNED


def test_a_return_sent_again_says_the_dossier_is_returned_already(cast, login):
    """A second "Trả lại" (the back button, a double click) is told the dossier's status, not a 403 on the role."""
    registration = registration_in(cast, status=S.SUBMITTED)
    client = login(cast.commune_officer)
    url = reverse("evaluation:registration_return", args=[registration.pk])
    assert client.post(url, {"reason": "Thiếu nhãn"}).status_code == 302
    response = client.post(url, {"reason": "Thiếu nhãn"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluation:registration_detail", args=[registration.pk])
    assert "Không thể thực hiện khi hồ sơ đang ở trạng thái “Trả lại”" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.RETURNED


def test_the_commune_report_form_saves_mau_03(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    response = login(cast.commune_officer).post(
        reverse("evaluation:registration_commune_report", args=[registration.pk]),
        {
            "dossier_complete": "on",
            "local_raw_material": "Nguyên liệu tại xã",
            "local_labour": "Lao động xã",
            "idea_origin": "Ý tưởng HTX",
            "local_identity": "Nghề truyền thống",
            "proposal": "forward",
        },
    )
    assert response.status_code == 302
    assert CommuneReport.objects.get(registration=registration).local_identity == "Nghề truyền thống"


def test_the_create_page_lists_only_the_users_products(cast, login):
    from evaluation.tests.factories import province_round, scorecard_for

    mine = make_product(cast.producer, "Mật ong Hoà An")
    scorecard_for(mine)
    make_product(cast.other_producer_org, "Trà Xa Xôi")
    province_round(cast.province)
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_create")).content.decode()
    assert "Mật ong Hoà An" in page and "Trà Xa Xôi" not in page
    response = client.post(
        reverse("evaluation:registration_create"),
        {"product": mine.pk, "kind": "first", "round": province_round(cast.province, year=2027, number=1).pk},
    )
    registration = Registration.objects.get(product=mine)
    assert response.status_code == 302 and response["Location"].endswith(f"/{registration.pk}/")
    assert login(cast.viewer).get(reverse("evaluation:registration_create")).status_code == 403


# ---------------------------------------------------------------- lists


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "province_officer", "central_officer"])
def test_the_list_query_count_does_not_grow(cast, login, django_assert_num_queries, who):
    client = login(getattr(cast, who))
    url = reverse("evaluation:registration_list")
    registration_in(cast, status=S.SUBMITTED)
    client.get(url)  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(9):
        registration_in(cast, status=S.SUBMITTED)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('href="/registrations/') >= 10


def test_the_lists_are_scoped_and_filtered(cast, login):
    mine = registration_in(cast, status=S.SUBMITTED, name="Mật ong rừng")
    other_product = make_product(cast.other_producer_org, "Trà shan tuyết")
    far = registration_in(cast, product=other_product, status=S.SUBMITTED, commune=cast.far_commune)
    draft = registration_in(cast, status=S.DRAFT, name="Miến dong")
    url = reverse("evaluation:registration_list")
    page = login(cast.commune_officer).get(url).content.decode()
    assert "Mật ong rừng" in page and "Trà shan tuyết" not in page
    page = login(cast.outsider).get(url).content.decode()
    assert "Trà shan tuyết" in page and "Mật ong rừng" not in page
    page = login(cast.province_officer).get(url, {"status": "draft"}).content.decode()
    assert "Miến dong" in page and "Mật ong rừng" not in page
    assert 'data-testid="registration-count">1 hồ sơ<' in page  # what the filter found, in all
    page = login(cast.province_officer).get(url, {"q": "mat ong"}).content.decode()
    assert "Mật ong rừng" in page and "Miến dong" not in page
    assert mine.pk and far.pk and draft.pk


def test_overdue_commune_checks_are_flagged(cast, login):
    import datetime as dt

    from django.utils import timezone

    registration_in(
        cast, status=S.SUBMITTED, name="Nước mắm trễ hạn", commune_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    registration_in(
        cast, status=S.SUBMITTED, name="Tương ớt đúng hạn", commune_due_on=timezone.localdate() + dt.timedelta(days=3)
    )
    client = login(cast.commune_officer)
    page = client.get(reverse("evaluation:registration_list"), {"overdue": "commune"}).content.decode()
    assert "Nước mắm trễ hạn" in page and "Tương ớt đúng hạn" not in page
    # Left as it is, the yes/no filter says "all", as every other filter does, not "unknown" (Chưa xác định).
    page = client.get(reverse("evaluation:registration_list")).content.decode()
    overdue = re.search(r'<select name="overdue".*?</select>', page, re.S).group(0)
    assert '<option value="">Tất cả</option>' in overdue and "Chưa xác định" not in overdue
    assert "Nước mắm trễ hạn" in page and "Tương ớt đúng hạn" in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="panel-registrations_overdue"' in home


def test_the_round_of_a_draft_can_be_chosen(cast, login):
    from evaluation.tests.factories import province_round

    registration = registration_in(cast, kind="upgrade", round=None)
    target = province_round(cast.province, year=2027, number=1)
    url = reverse("evaluation:registration_edit", args=[registration.pk])
    assert login(cast.viewer).get(url).status_code == 403
    assert login(cast.outsider).get(url).status_code == 404
    client = login(cast.producer_owner)
    assert client.get(url).status_code == 200
    assert client.post(url, {"round": target.pk}).status_code == 302
    registration.refresh_from_db()
    assert registration.round == target and registration.year == 2027
    submitted = registration_in(cast, status=S.SUBMITTED)
    response = client.post(reverse("evaluation:registration_edit", args=[submitted.pk]), {"round": target.pk})
    assert response.status_code == 200 and "Không thể sửa" in response.content.decode()


def test_the_round_page_of_a_filed_dossier_sends_back_to_the_dossier_with_the_reason(cast, login):
    """GET /registrations/<pk>/edit/ of a submitted dossier showed an editable round form with "Lưu", and said the
    dossier was locked only after saving."""
    submitted = registration_in(cast, status=S.SUBMITTED)
    client = login(cast.producer_owner)
    response = client.get(reverse("evaluation:registration_edit", args=[submitted.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:registration_detail", args=[submitted.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Hồ sơ đang ở trạng thái “Đã nộp UBND xã”: không đổi được đợt đánh giá, trường hợp áp dụng." in page
