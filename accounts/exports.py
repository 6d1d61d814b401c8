"""The account list as an Excel workbook, filtered as on its page: the columns of the import template (their
headings in Vietnamese whatever the page's language, so that the file imports again, accounts.excel), then each
account's state and last sign-in."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop import xlsx

from .choices import AccountState
from .excel import COLUMNS, EXPORT_EXTRA, account_cells, sheet_columns
from .selectors import account_state


def account_workbook(accounts: QuerySet, *, progress=None) -> bytes:
    """One row per account of `accounts` (accounts.selectors.account_list), in its order."""
    today = timezone.localdate()
    export = xlsx.Export(
        title=_("Danh sách tài khoản, ngày %(d)s") % {"d": today.strftime("%d/%m/%Y")},
        subject=_("Tài khoản cán bộ trên hệ thống quản lý OCOP"),
    )
    sheet = export.sheet(_("Tài khoản"), sheet_columns(COLUMNS + EXPORT_EXTRA))
    for account in xlsx.counted(accounts.iterator(chunk_size=1000), progress):
        cells = account_cells(account)
        state = str(AccountState(account_state(account)).label)
        # A date and time cell (local time, dd/mm/yyyy hh:mm) that sorts and filters as one, like every export's dates.
        sheet.append([*(cells[key] for key, _heading in COLUMNS), state, account.last_login])
    return export.to_bytes()
