import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts import excel
from ocop.models import AuditEvent, User
from ocop.xlsx import XLSX

pytestmark = pytest.mark.django_db

HEADINGS = [heading for _key, heading in excel.COLUMNS]


def workbook(rows, headings=HEADINGS) -> SimpleUploadedFile:
    wb = Workbook()
    wb.active.append(headings)
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("tai-khoan.xlsx", out.getvalue(), content_type=XLSX)


def row(name, email, role, province="", commune="", phone="", organisation=""):
    return [name, email, role, province, commune, phone, organisation]


def post(client, rows, **kwargs):
    return client.post(reverse("accounts:account_import"), {"file": workbook(rows)}, **kwargs)


def test_a_province_office_creates_its_commune_officers_from_one_file(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.province_officer)
    rows = [
        row("Lò Thị Mai", "mai@example.test", "Cán bộ xã", commune="xa hoa an", phone="0912345678"),
        row("Hà Văn Nam", "nam@example.test", "can bo xa", commune="Xã Bình Minh"),
        row("Trần Thị Hoa", "hoa@example.test", "Thành viên Hội đồng", organisation="Sở Y tế"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, rows)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account_list")
    made = {
        u.email: u for u in User.objects.filter(email__in=["mai@example.test", "nam@example.test", "hoa@example.test"])
    }
    assert made["mai@example.test"].unit == cast.commune and made["mai@example.test"].phone == "0912345678"
    assert made["nam@example.test"].unit == cast.other_commune
    assert (made["hoa@example.test"].role, made["hoa@example.test"].unit) == ("council_member", cast.province)
    assert made["hoa@example.test"].organisation == "Sở Y tế"
    assert sorted(m.to[0] for m in mailoutbox) == ["hoa@example.test", "mai@example.test", "nam@example.test"]


def test_one_wrong_row_creates_nothing_and_each_error_names_its_row_and_column(client, cast, mailoutbox):
    client.force_login(cast.province_officer)
    rows = [
        row("Lò Thị Mai", "mai@example.test", "Cán bộ xã", commune="Xã Hoà An"),
        row("Hà Văn Nam", "outsider@example.test", "Cán bộ xã", commune="Xã Xa Xôi"),  # taken elsewhere; ditto
        row("Trần Thị Hoa", "mai@example.test", "Cán bộ tỉnh"),  # twice in the file; not a role to give
        row("", "khong-phai-email", "Người xem (chỉ đọc)"),
        row("Đỗ Văn An", "an@example.test", "Cán bộ xã", commune="Xã Hoà An"),
        row("Đỗ Văn Bình", "mai@example.test", "Người xem (chỉ đọc)"),
    ]
    response = post(client, rows)
    assert response.status_code == 400
    found = {(e["row"], e["column"]) for e in response.context["errors"]}
    assert {
        (3, "E-mail"),
        (3, "Xã, phường phụ trách"),
        (4, "Vai trò"),
        (5, "Họ và tên"),
        (5, "E-mail"),
        (7, "E-mail"),
    } <= found
    assert not {r for r, _c in found} & {2, 6}
    assert "dòng 2" in next(e["message"] for e in response.context["errors"] if e["row"] == 7)
    assert 'data-testid="import-errors"' in response.content.decode()
    assert not User.objects.filter(email__in=["mai@example.test", "an@example.test"]).exists() and not mailoutbox


def test_a_file_that_is_not_the_template_says_so_above_the_form(client, cast):
    client.force_login(cast.province_officer)
    response = client.post(reverse("accounts:account_import"), {"file": workbook([["Mai"]], headings=["Tên"])})
    assert response.status_code == 200 and "Tệp thiếu cột" in str(response.context["form"].non_field_errors())
    empty = client.post(reverse("accounts:account_import"), {"file": workbook([])})
    assert "Tệp không có dòng dữ liệu nào" in str(empty.context["form"].non_field_errors())


def test_a_ministry_officer_names_the_province_of_each_row(client, cast):
    client.force_login(cast.central_officer)
    rows = [
        row("Trần Văn Bình", "binh@example.test", "Cán bộ OCOP tỉnh", province="Tỉnh Khác"),
        row("Lò Thị Mai", "mai@example.test", "Cán bộ xã", province="Tỉnh Thử Nghiệm", commune="Xã Xa Xôi"),
        row("Hà Văn Nam", "nam@example.test", "Người xem (chỉ đọc)", province="Tỉnh Không Có"),
    ]
    errors = {(e["row"], e["column"]) for e in post(client, rows).context["errors"]}
    assert errors == {(3, "Xã, phường phụ trách"), (4, "Tỉnh, thành phố")}
    assert post(client, rows[:1]).status_code == 302
    assert User.objects.get(email="binh@example.test").unit == cast.other_province


def test_the_template_lists_the_values_its_reader_may_use(client, cast):
    client.force_login(cast.province_officer)
    response = client.get(reverse("accounts:account_import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in next(book.worksheets[0].iter_rows())] == HEADINGS
    guide = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "Cán bộ xã" in guide["Vai trò"] and "Cán bộ OCOP tỉnh" not in guide["Vai trò"]
    assert "Tỉnh Thử Nghiệm" in guide["Tỉnh, thành phố"]


@pytest.mark.parametrize("actor", ["commune_officer", "viewer", "council_member"])
def test_whom_keeps_no_accounts_imports_none(client, cast, actor):
    client.force_login(getattr(cast, actor))
    assert client.get(reverse("accounts:account_import")).status_code == 403
    assert client.get(reverse("accounts:account_import_template")).status_code == 403
    assert post(client, [row("Mai", "mai@example.test", "Cán bộ xã", commune="Xã Hoà An")]).status_code == 403
    assert not User.objects.filter(email="mai@example.test").exists()


def _exported(client, **params) -> list[list]:
    response = client.get(reverse("accounts:account_export"), params)
    assert response.status_code == 200
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)]


def _upload(rows) -> SimpleUploadedFile:
    return workbook(rows[1:], headings=rows[0])


def test_the_exported_list_imports_again_unchanged_and_writes_nothing(client, cast, mailoutbox):
    """An exported list (the keeper's own row and a fellow officer's among them, which they do not keep) is read
    back as it is: nothing to create or change, so nothing is written."""
    client.force_login(cast.province_officer)
    rows = _exported(client)
    assert "province_officer@example.test" in {r[1] for r in rows}
    response = client.post(reverse("accounts:account_import"), {"file": _upload(rows)}, follow=True)
    assert response.status_code == 200 and not response.context.get("errors")
    assert "Tệp không có thay đổi nào" in response.content.decode()
    assert not AuditEvent.objects.filter(action__in=["user.create", "user.update"]).exists() and not mailoutbox


def test_an_exported_list_corrected_in_excel_updates_the_accounts_and_adds_the_new_rows(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.province_officer)
    client.cookies["django_language"] = "en"  # an export in English imports too: its headings stay Vietnamese
    rows = _exported(client)
    by_email = {r[1]: r for r in rows}
    by_email["commune_officer@example.test"][5] = "0912 345 678"
    by_email["commune_officer@example.test"][4] = "Xã Bình Minh"  # moved to the other commune
    rows.append(row("Lò Thị Mai", "mai@example.test", "Commune officer", commune="Xã Hoà An"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_import"), {"file": _upload(rows)})
    assert response.status_code == 302, response.context["errors"]
    moved = User.objects.get(pk=cast.commune_officer.pk)
    assert (moved.phone, moved.unit) == ("0912 345 678", cast.other_commune)
    assert AuditEvent.objects.filter(action="user.update").count() == 1
    assert User.objects.get(email="mai@example.test").unit == cast.commune
    assert [m.to for m in mailoutbox] == [["mai@example.test"]]  # invitations go to new accounts only


def test_a_row_of_an_account_the_keeper_does_not_keep_may_not_change(client, cast):
    client.force_login(cast.province_officer)
    rows = _exported(client)
    own = next(r for r in rows if r[1] == "province_officer@example.test")
    own[5] = "0999 999 999"
    response = client.post(reverse("accounts:account_import"), {"file": _upload(rows)})
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert (error["row"], error["column"]) == (rows.index(own) + 1, "E-mail")
    assert "không do bạn quản lý" in error["message"]
    assert User.objects.get(pk=cast.province_officer.pk).phone == ""


def test_a_province_officer_row_naming_another_province_is_refused_naming_the_cell(client, cast, mailoutbox):
    client.force_login(cast.province_officer)
    rows = [
        row("Lò Thị Mai", "mai@example.test", "Người xem (chỉ đọc)", province="Tỉnh Thử Nghiệm"),
        row("Hà Văn Nam", "nam@example.test", "Người xem (chỉ đọc)", province="Tỉnh Khác"),
        row("Trần Thị Hoa", "hoa@example.test", "Người xem (chỉ đọc)", province="Thử Nghiệm"),
    ]
    response = post(client, rows)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Tỉnh, thành phố")]
    assert "“Tỉnh Khác” không phải tỉnh, thành phố của bạn" in errors[0]["message"]
    assert not User.objects.filter(email__in=["mai@example.test", "nam@example.test"]).exists() and not mailoutbox


def test_an_exported_row_moved_to_another_province_by_a_province_officer_is_refused(client, cast):
    client.force_login(cast.province_officer)
    rows = _exported(client)
    moved = next(r for r in rows if r[1] == "viewer@example.test")
    moved[3] = "Tỉnh Khác"
    response = client.post(reverse("accounts:account_import"), {"file": _upload(rows)})
    assert response.status_code == 400
    assert [e["column"] for e in response.context["errors"]] == ["Tỉnh, thành phố"]


def test_a_unit_is_found_by_its_name_without_its_kind_unless_several_have_it(client, cast):
    from ocop.testing import make_unit

    client.force_login(cast.central_officer)
    rows = [
        row("Trần Văn Bình", "binh@example.test", "Cán bộ OCOP tỉnh", province="Khác"),
        row("Lò Thị Mai", "mai@example.test", "Cán bộ xã", province="thu nghiem", commune="Bình Minh"),
    ]
    assert post(client, rows).status_code == 302
    assert User.objects.get(email="binh@example.test").unit == cast.other_province
    assert User.objects.get(email="mai@example.test").unit == cast.other_commune
    make_unit(level="commune", code="90003", name="Phường Bình Minh", parent=cast.province)
    again = [row("Hà Văn Nam", "nam@example.test", "Cán bộ xã", province="Tỉnh Thử Nghiệm", commune="Bình Minh")]
    response = post(client, again)
    assert response.status_code == 400
    (error,) = response.context["errors"]
    assert error["column"] == "Xã, phường phụ trách" and "là tên của nhiều đơn vị" in error["message"]
    full = [row("Hà Văn Nam", "nam@example.test", "Cán bộ xã", province="Tỉnh Thử Nghiệm", commune="Phường Bình Minh")]
    assert post(client, full).status_code == 302


def test_a_row_whose_address_two_accounts_share_is_refused_rather_than_guessed(client, cast):
    """Accounts made before addresses were checked (in the admin) may share one in another case: the row names
    neither of them for sure, so it updates neither and says so, naming the row, the column and both accounts."""
    first = User.objects.create(username="lan.a", email="lan@example.test", role="viewer", unit=cast.province)
    second = User.objects.create(username="lan.b", email="Lan@Example.test", role="viewer", unit=cast.province)
    client.force_login(cast.province_officer)
    response = post(client, [row("Lò Thị Lan", " LAN@example.test", "Người xem (chỉ đọc)", phone="0912000006")])
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert (error["row"], error["column"]) == (2, "E-mail")
    assert "2 tài khoản dùng e-mail này" in error["message"] and "lan.a" in error["message"]
    assert "(Lan@Example.test)" in error["message"]
    first.refresh_from_db(), second.refresh_from_db()
    assert first.phone == second.phone == ""
    assert not AuditEvent.objects.filter(action__in=["user.create", "user.update"]).exists()
