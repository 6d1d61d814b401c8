import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from ocop.models import AuditEvent, User
from ocop.testing import form_as_shown, make_user

pytestmark = pytest.mark.django_db


def _rows(response) -> list[str]:
    return [account.username for account in response.context["page"]]


def test_a_province_office_lists_the_staff_of_its_province_only(client, cast):
    client.force_login(cast.province_officer)
    response = client.get(reverse("accounts:account_list"))
    assert response.status_code == 200
    rows = set(_rows(response))
    assert {"commune_officer", "other_commune_officer", "advisory_member", "council_member", "viewer"} <= rows
    assert "province_officer" in rows  # themselves, read only
    assert not rows & {"outsider", "producer_owner", "central_officer", "sysadmin"}
    assert "Tài khoản" in response.content.decode()
    # the ministry reads every province's
    client.force_login(cast.central_officer)
    rows = set(_rows(client.get(reverse("accounts:account_list"))))
    assert {"outsider", "commune_officer", "central_officer"} <= rows and not rows & {"producer_owner", "sysadmin"}


def test_the_list_filters_by_text_role_and_state(client, cast):
    client.force_login(cast.province_officer)
    url = reverse("accounts:account_list")
    assert _rows(client.get(url, {"q": "other commune"})) == ["other_commune_officer"]
    assert _rows(client.get(url, {"q": "Bình Minh"})) == ["other_commune_officer"]  # the commune in charge
    assert set(_rows(client.get(url, {"role": "council_member"}))) == {"council_member", "council_chair"}
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=False)
    closed = client.get(url, {"state": "closed", "page": "1"})
    assert _rows(closed) == ["viewer"] and closed.context["active_filters"] == 1  # on the phone's filter button
    assert (
        'href="/tai-khoan/xuat/?state=closed"' in closed.content.decode()
    )  # the export takes the filter, not the page
    User.objects.filter(username="council_chair").update(last_login=cast.viewer.date_joined)
    signed_in = set(_rows(client.get(url, {"state": "signed_in"})))
    assert signed_in == {"council_chair", "province_officer"}  # the officer reading the list signed in too
    waiting = set(_rows(client.get(url, {"state": "waiting"})))
    assert "commune_officer" in waiting and not waiting & {"viewer", "council_chair"}
    # an account not used for more than 90 days: one to review (its person may have left)
    User.objects.filter(username="advisory_member").update(last_login=timezone.now() - timedelta(days=91))
    dormant = client.get(url, {"state": "dormant"})
    assert _rows(dormant) == ["advisory_member"] and "advisory_member" not in _rows(
        client.get(url, {"state": "signed_in"})
    )
    assert "Không đăng nhập quá 90 ngày" in dormant.content.decode()
    empty = client.get(url, {"q": "không ai"})
    assert _rows(empty) == [] and "Không có tài khoản nào phù hợp bộ lọc." in empty.content.decode()


def test_the_list_costs_the_same_queries_for_one_account_or_many(client, cast, django_assert_max_num_queries):
    client.force_login(cast.province_officer)
    url = reverse("accounts:account_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        make_user(f"xa_{n}", "commune_officer", cast.other_commune)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(_rows(response)) > 30


@pytest.mark.parametrize("actor", ["commune_officer", "viewer", "council_member", "advisory_member", "producer_owner"])
def test_whom_keeps_no_accounts_is_refused(client, cast, actor):
    client.force_login(getattr(cast, actor))
    assert client.get(reverse("accounts:account_list")).status_code == 403
    assert client.get(reverse("accounts:account_create")).status_code == 403
    assert client.get(reverse("accounts:account_detail", args=[cast.commune_officer.pk])).status_code == 403


def test_another_provinces_account_is_not_found(client, cast):
    client.force_login(cast.outsider)
    for name in ("account_detail", "account_update"):
        assert client.get(reverse(f"accounts:{name}", args=[cast.commune_officer.pk])).status_code == 404
    for name in ("account_set_active", "account_invite"):
        assert client.post(reverse(f"accounts:{name}", args=[cast.commune_officer.pk])).status_code == 404
    assert User.objects.get(pk=cast.commune_officer.pk).is_active
    # nor a producer's account, even in the province
    client.force_login(cast.province_officer)
    assert client.get(reverse("accounts:account_detail", args=[cast.producer_owner.pk])).status_code == 404


def test_a_fellow_officers_page_opens_but_offers_no_change(client, cast):
    colleague = make_user("dong_nghiep", "province_officer", cast.province)
    client.force_login(cast.province_officer)
    page = client.get(reverse("accounts:account_detail", args=[colleague.pk]))
    assert page.status_code == 200 and 'data-testid="account-close"' not in page.content.decode()
    assert client.get(reverse("accounts:account_update", args=[colleague.pk])).status_code == 403
    assert client.post(reverse("accounts:account_set_active", args=[colleague.pk])).status_code == 403
    assert User.objects.get(pk=colleague.pk).is_active


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, cast):
    client.force_login(cast.province_officer)
    typed = {"full_name": "Lò Thị Mai", "email": "viewer@example.test", "role": "commune_officer", "phone": "0912"}
    response = client.post(reverse("accounts:account_create"), typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors and "commune" in form.errors  # the service's refusal and the form's
    shown = form_as_shown(response)
    assert shown["full_name"] == "Lò Thị Mai" and shown["phone"] == "0912" and shown["role"] == ["commune_officer"]
    assert not User.objects.filter(full_name="Lò Thị Mai").exists()
    # a province officer is not asked for the province, and is offered only the province's communes
    assert "province" not in form.fields
    assert set(form.fields["commune"].queryset) == {cast.commune, cast.other_commune}


def test_it_creates_an_account_and_opens_its_page(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(cast.province_officer)
    data = {
        "full_name": "Lò Thị Mai",
        "email": "mai@example.test",
        "role": "commune_officer",
        "commune": cast.commune.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_create"), data, follow=True)
    account = User.objects.get(email="mai@example.test")
    assert response.redirect_chain[-1][0] == reverse("accounts:account_detail", args=[account.pk])
    html = response.content.decode()
    assert "Chưa đặt mật khẩu" in html and 'data-testid="account-invite"' in html and "Tạo tài khoản" in html
    assert len(mailoutbox) == 1


def test_a_ministry_officer_chooses_the_province_and_the_communes_follow(client, cast):
    client.force_login(cast.central_officer)
    page = client.get(reverse("accounts:account_create"))
    form = page.context["form"]
    assert [value for value, _label in form.fields["commune"].choices] == [""]
    assert 'data-cascade-url="/units/communes/"' in page.content.decode()
    data = {"full_name": "Trần Văn Bình", "email": "binh@example.test", "role": "province_officer"}
    response = client.post(reverse("accounts:account_create"), {**data, "province": cast.other_province.pk})
    assert response.status_code == 302
    assert User.objects.get(email="binh@example.test").unit == cast.other_province
    bound = client.post(reverse("accounts:account_create"), {**data, "email": "", "province": cast.province.pk})
    offered = [v for v, _l in bound.context["form"].fields["commune"].choices][1:]
    assert offered == [cast.other_commune.pk, cast.commune.pk]  # Xã Bình Minh, Xã Hoà An: by name


def test_it_edits_closes_and_opens_an_account_and_shows_its_history(client, cast):
    client.force_login(cast.province_officer)
    url = reverse("accounts:account_update", args=[cast.commune_officer.pk])
    shown = form_as_shown(client.get(url))
    assert shown["commune"] == [str(cast.commune.pk)] and shown["role"] == ["commune_officer"]
    response = client.post(url, {**shown, "commune": cast.other_commune.pk, "phone": "0987 654 321"})
    assert response.status_code == 302
    account = User.objects.get(pk=cast.commune_officer.pk)
    assert (account.unit, account.phone) == (cast.other_commune, "0987 654 321")
    toggle = reverse("accounts:account_set_active", args=[account.pk])
    client.post(toggle, {"active": "0"})
    assert not User.objects.get(pk=account.pk).is_active
    page = client.get(reverse("accounts:account_detail", args=[account.pk])).content.decode()
    assert "Đã khoá" in page and 'data-testid="account-open"' in page and 'data-testid="audit-history"' in page
    client.post(toggle, {"active": "1"})
    assert User.objects.get(pk=account.pk).is_active
    assert AuditEvent.objects.filter(target_id=str(account.pk), action__startswith="user.").count() == 3


def test_the_invitation_is_sent_again_from_the_page(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    account = services.account_create(
        by=cast.province_officer, full_name="Lò Thị Mai", email="mai@example.test", role="viewer"
    )
    client.force_login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_invite", args=[account.pk]), follow=True)
    assert "Đã gửi lại thư mời" in response.content.decode() and len(mailoutbox) == 1
    # someone who has signed in changes the password themselves
    User.objects.filter(pk=cast.viewer.pk).update(last_login=account.date_joined)
    response = client.post(reverse("accounts:account_invite", args=[cast.viewer.pk]), follow=True)
    assert "đã đăng nhập" in response.content.decode()


def test_the_menu_offers_the_accounts_to_whom_keeps_them(client, cast):
    for actor, shown in (("province_officer", True), ("central_officer", True), ("viewer", False)):
        client.force_login(getattr(cast, actor))
        html = client.get(reverse("notification_list")).content.decode()
        assert (f'href="{reverse("accounts:account_list")}"' in html) is shown, actor


def test_an_integration_clients_service_account_is_not_among_them(client, cast):
    from api.services import apiclient_create

    api_client, _token = apiclient_create(
        name="Cổng dữ liệu tỉnh", province=cast.province, access="read", by=cast.admin
    )
    client.force_login(cast.province_officer)
    assert api_client.user.username not in _rows(client.get(reverse("accounts:account_list")))
    assert client.get(reverse("accounts:account_detail", args=[api_client.user_id])).status_code == 404


def test_a_closed_account_is_signed_out_at_its_next_page(client, cast):
    client.force_login(cast.commune_officer)
    assert client.get(reverse("notification_list")).status_code == 200
    services.account_set_active(by=cast.province_officer, account=cast.commune_officer, active=False)
    response = client.get(reverse("notification_list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_council_page_sends_a_newcomer_to_the_account_form(client, cast):
    from evaluation.tests.factories import make_council

    council = make_council(cast)
    client.force_login(cast.province_officer)
    html = client.get(reverse("evaluation:council_detail", args=[council.pk])).content.decode()
    assert f'<a href="{reverse("accounts:account_create")}" data-testid="member-account-create">' in html


def test_the_sign_ins_are_listed_apart_from_the_changes(client, cast):
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=False)
    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=True)
    for _n in range(3):
        client.post("/accounts/login/", {"username": "viewer", "password": cast.password})
        client.post("/accounts/logout/")
    client.force_login(cast.province_officer)
    response = client.get(reverse("accounts:account_detail", args=[cast.viewer.pk]))
    assert [e.action for e in response.context["history"]] == ["user.access_change"] * 2
    assert [e.action for e in response.context["sign_ins"]] == ["auth.logout", "auth.login"] * 3
    assert "IP 127.0.0.1" in response.content.decode().split('data-testid="sign-ins"')[1]


def test_the_list_exports_to_excel_as_filtered(client, cast):
    import io

    from openpyxl import load_workbook

    services.account_set_active(by=cast.province_officer, account=cast.viewer, active=False)
    client.force_login(cast.province_officer)
    response = client.get(reverse("accounts:account_export"), {"role": "commune_officer"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Họ và tên", "E-mail", "Vai trò")
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"commune_officer@example.test", "other_commune_officer@example.test"}
    assert by_email["commune_officer@example.test"][2:5] == ("Cán bộ xã", "Tỉnh Thử Nghiệm", "Xã Hoà An")
    assert by_email["commune_officer@example.test"][7] == "Chưa đăng nhập"
    # The last sign-in is a date and time cell, sortable as one (no text "06/12/2026 23:46").
    signed_in = datetime.datetime(2026, 11, 30, 8, 15, tzinfo=timezone.get_current_timezone())
    User.objects.filter(username="commune_officer").update(last_login=signed_in)
    response = client.get(reverse("accounts:account_export"), {"role": "commune_officer"})
    cells = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(min_row=2))
    last = next(row[8] for row in cells if row[1].value == "commune_officer@example.test")
    assert last.value == signed_in.replace(tzinfo=None) and last.number_format == "DD/MM/YYYY HH:MM"
    closed = client.get(reverse("accounts:account_export"), {"state": "closed"})
    rows = list(load_workbook(io.BytesIO(closed.content)).worksheets[0].iter_rows(values_only=True))
    assert [(row[1], row[7]) for row in rows[1:]] == [("viewer@example.test", "Đã khoá")]
    client.force_login(cast.viewer)
    assert client.get(reverse("accounts:account_export")).status_code == 302  # closed: signed out
    client.force_login(cast.commune_officer)
    assert client.get(reverse("accounts:account_export")).status_code == 403


def test_a_large_export_is_written_by_a_job_in_the_askers_scope(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import load_workbook

    from ocop.models import BackgroundJob

    monkeypatch.setattr("ocop.services.EXPORT_ASYNC_ROWS", 1)
    client.force_login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("accounts:account_export"), {"role": "council_member"})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and (job.total, job.done, job.status) == (2, 2, "done")
    download = client.get(reverse("job_download", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(row[1] for row in list(book.worksheets[0].iter_rows(values_only=True))[1:]) == [
        "council_chair@example.test",
        "council_member@example.test",
    ]


def test_the_account_page_names_the_councils_the_person_sits_on(client, cast):
    from evaluation.tests.factories import make_council

    council = make_council(cast)
    client.force_login(cast.province_officer)
    html = client.get(reverse("accounts:account_detail", args=[cast.council_member.pk])).content.decode()
    councils = html.split('data-testid="account-councils"')[1].split("</dd>")[0]
    assert f'href="{reverse("evaluation:council_detail", args=[council.pk])}"' in councils
    assert council.name in councils
    other = client.get(reverse("accounts:account_detail", args=[cast.viewer.pk])).content.decode()
    assert 'data-testid="account-councils"' not in other


@pytest.mark.parametrize("actor", ["producer_owner", "commune_officer", "council_member", "viewer", "central_officer"])
def test_everyone_corrects_their_own_name_phone_and_agency(client, cast, actor):
    person = getattr(cast, actor)
    client.force_login(person)
    url = reverse("accounts:account_profile")
    page = client.get(url)
    assert page.status_code == 200 and person.username in page.content.decode()
    refused = client.post(url, {"full_name": "  ", "phone": "0912 000 111"})
    assert refused.status_code == 200 and "full_name" in refused.context["form"].errors
    assert form_as_shown(refused)["phone"] == "0912 000 111"
    response = client.post(url, {"full_name": "Nguyễn  Thị Hoa", "phone": "0912 000 111", "organisation": "Sở Y tế"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.first_name, person.phone, person.organisation) == (
        "Nguyễn Thị Hoa",
        "Hoa",
        "0912 000 111",
        "Sở Y tế",
    )
    assert (person.role, person.email) == (getattr(cast, actor).role, getattr(cast, actor).email)
    event = AuditEvent.objects.get(action="user.update", target_id=str(person.pk))
    assert event.actor_id == person.pk and set(event.changes) == {"full_name", "phone", "organisation"}


@pytest.mark.parametrize("phone", ["abc", "0912", "09 12 abc 345"])
def test_the_profile_refuses_a_phone_that_is_not_one_as_the_producer_page_does(client, cast, phone):
    client.force_login(cast.viewer)
    response = client.post(reverse("accounts:account_profile"), {"full_name": "Bùi Phương Thảo", "phone": phone})
    assert response.status_code == 200
    assert "Số điện thoại chỉ gồm chữ số" in response.context["form"].errors["phone"][0]
    assert form_as_shown(response)["phone"] == phone
    cast.viewer.refresh_from_db()
    assert cast.viewer.phone != phone


def test_the_profile_ignores_a_posted_role_or_address(client, cast):
    client.force_login(cast.viewer)
    data = {
        "full_name": "Bùi Phương Thảo",
        "role": "central_officer",
        "email": "x@example.test",
        "unit": cast.far_commune.pk,
    }
    client.post(reverse("accounts:account_profile"), data)
    viewer = User.objects.get(pk=cast.viewer.pk)
    assert (viewer.role, viewer.email, viewer.unit) == ("viewer", "viewer@example.test", cast.province)


def _update(by, account, **fields):
    unit = account.unit
    data = {"full_name": account.full_name, "email": account.email, "role": account.role}
    data |= {"province": unit.parent, "commune": unit} if unit.parent_id else {"province": unit, "commune": None}
    return services.account_update(by=by, account=account, **{**data, **fields})


def test_two_keepers_editing_one_account_keep_each_others_changes(client, cast):
    """Saving writes the fields the officer changed on the page: the phone the ministry saved meanwhile stays."""
    url = reverse("accounts:account_update", args=[cast.commune_officer.pk])
    client.force_login(cast.province_officer)
    data = form_as_shown(client.get(url))  # the province's officer opens the page …
    _update(cast.central_officer, cast.commune_officer, phone="0912 345 678")  # … the ministry's saves a phone
    data["full_name"] = "Hà Văn Nam"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    account = User.objects.get(pk=cast.commune_officer.pk)
    assert (account.full_name, account.phone, account.unit) == ("Hà Văn Nam", "0912 345 678", cast.commune)


def test_a_unit_both_changed_is_refused_next_to_the_field_then_saved_when_confirmed(client, cast):
    url = reverse("accounts:account_update", args=[cast.commune_officer.pk])
    client.force_login(cast.province_officer)
    data = form_as_shown(client.get(url))
    _update(cast.central_officer, cast.commune_officer, commune=cast.other_commune)  # moved meanwhile
    data["role"], data["commune"] = "viewer", ""  # … and made a viewer of the province here
    response = client.post(url, data)
    assert response.status_code == 200
    [message] = response.context["form"].errors["commune"]
    assert str(cast.central_officer) in message and str(cast.other_commune) in message
    account = User.objects.get(pk=cast.commune_officer.pk)
    assert (account.role, account.unit) == ("commune_officer", cast.other_commune)  # nothing written
    again = form_as_shown(response)  # the page goes on from the account as it is now, what was typed kept
    assert (again["role"], again["commune"]) == (["viewer"], [""])
    assert client.post(url, again).status_code == 302
    account.refresh_from_db()
    assert (account.role, account.unit) == ("viewer", cast.province)


def test_the_ministrys_form_shows_a_province_changed_meanwhile_next_to_the_province(client, cast):
    url = reverse("accounts:account_update", args=[cast.viewer.pk])
    client.force_login(cast.central_officer)
    data = form_as_shown(client.get(url))
    far_province = cast.far_commune.parent
    _update(cast.central_officer, cast.viewer, province=far_province)
    data["role"], data["commune"] = "commune_officer", str(cast.commune.pk)  # a commune of the province shown
    response = client.post(url, data)
    assert response.status_code == 200
    assert str(far_province) in response.context["form"].errors["province"][0]
    assert User.objects.get(pk=cast.viewer.pk).role == "viewer"
    assert form_as_shown(response)["initial-province"] == str(far_province.pk)  # the page goes on from now


def test_a_persons_own_correction_keeps_the_agency_their_keeper_saved_meanwhile(client, cast):
    url = reverse("accounts:account_profile")
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))  # the officer opens their own page …
    _update(cast.province_officer, cast.commune_officer, organisation="UBND xã Hoà An")  # … the office saves
    data["phone"] = "0912 345 678"
    assert client.post(url, data).status_code == 302
    account = User.objects.get(pk=cast.commune_officer.pk)
    assert (account.phone, account.organisation) == ("0912 345 678", "UBND xã Hoà An")
    data["organisation"] = "Văn phòng xã"  # the same page again: the agency both changed is refused, naming who
    response = client.post(url, data)
    assert (
        response.status_code == 200 and str(cast.province_officer) in response.context["form"].errors["organisation"][0]
    )
    assert User.objects.get(pk=cast.commune_officer.pk).organisation == "UBND xã Hoà An"


def test_a_keeper_closes_the_ticked_accounts_at_once_and_keeps_the_lists_filter(client, cast):
    client.force_login(cast.province_officer)
    User.objects.filter(username__in=["viewer", "advisory_member"]).update(
        last_login=timezone.now() - timedelta(days=200)
    )
    page = client.get(reverse("accounts:account_list"), {"state": "dormant"}).content.decode()
    assert 'data-testid="accounts-close"' in page and 'name="accounts"' in page
    ids = [str(cast.viewer.pk), str(cast.advisory_member.pk)]
    response = client.post(reverse("accounts:accounts_close") + "?state=dormant", {"accounts": ids})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account_list") + "?state=dormant"
    assert not User.objects.filter(pk__in=ids, is_active=True).exists()
    assert AuditEvent.objects.filter(action="user.access_change").count() == 2
    again = client.post(reverse("accounts:accounts_close"), {"accounts": ids}, follow=True)  # a double click
    assert AuditEvent.objects.filter(action="user.access_change").count() == 2
    assert "Các tài khoản đã chọn đều đã khoá." in again.content.decode()
    nothing = client.post(reverse("accounts:accounts_close"), {}, follow=True)
    assert "Chọn ít nhất một tài khoản để khoá." in nothing.content.decode()


def test_closing_at_once_refuses_an_account_the_keeper_does_not_keep_and_closes_none(client, cast):
    client.force_login(cast.province_officer)
    url = reverse("accounts:accounts_close")
    own = client.post(url, {"accounts": [cast.viewer.pk, cast.province_officer.pk]})
    assert own.status_code == 403  # one's own account: on the page, but not one to close
    outside = client.post(url, {"accounts": [cast.viewer.pk, cast.outsider.pk]})
    assert outside.status_code == 404  # another province's: never said to exist
    assert User.objects.get(pk=cast.viewer.pk).is_active and User.objects.get(pk=cast.province_officer.pk).is_active
    assert not AuditEvent.objects.filter(action="user.access_change").exists()
