"""The account list as an Excel workbook, filtered as on its page: the columns of the import template, then each
account's state and last sign-in."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop import xlsx

from .choices import AccountState
from .selectors import account_state

COLUMNS = [  # header, width, a code of digits kept as text
    (gettext_lazy("Họ và tên"), 28, False),
    (gettext_lazy("E-mail"), 34, False),
    (gettext_lazy("Vai trò"), 22, False),
    (gettext_lazy("Tỉnh, thành phố"), 22, False),
    (gettext_lazy("Xã, phường phụ trách"), 24, False),
    (gettext_lazy("Số điện thoại"), 16, True),
    (gettext_lazy("Cơ quan"), 28, False),
    (gettext_lazy("Trạng thái"), 18, False),
    (gettext_lazy("Đăng nhập lần cuối"), 18, False),
]


def account_workbook(accounts: QuerySet, *, progress=None) -> bytes:
    """One row per account of `accounts` (accounts.selectors.account_list), in its order."""
    today = timezone.localdate()
    export = xlsx.Export(
        title=_("Danh sách tài khoản, ngày %(d)s") % {"d": today.strftime("%d/%m/%Y")},
        subject=_("Tài khoản cán bộ trên hệ thống quản lý OCOP"),
    )
    columns = [xlsx.Column(str(header), width, text=text) for header, width, text in COLUMNS]
    sheet = export.sheet(_("Tài khoản"), columns)
    for account in xlsx.counted(accounts.iterator(chunk_size=1000), progress):
        unit = account.unit
        province = unit.parent if unit is not None and unit.parent_id else unit
        last = timezone.localtime(account.last_login).strftime("%d/%m/%Y %H:%M") if account.last_login else ""
        sheet.append(
            [
                account.get_full_name(),
                account.email,
                account.get_role_display(),
                province.name if province else "",
                unit.name if unit is not None and unit.parent_id else "",
                account.phone,
                account.organisation,
                str(AccountState(account_state(account)).label),
                last,
            ]
        )
    return export.to_bytes()
