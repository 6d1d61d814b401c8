"""Accounts from an Excel file: a province's commune officers, council and advisory members in one go. The file has
the columns of the template and of the list's export, so an exported list can be corrected and imported again: a
row with the e-mail address of an account in the keeper's reach (its sign-in name) updates it, a row as the account
is changes nothing, any other row creates an account; a row whose address several accounts share is refused. Each row is checked by the account page's own form (accounts.forms.AccountForm), its
province and commune found by name in the keeper's reach; the file as a whole is refused when one row is wrong,
and nothing is written."""

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ocop import xlsx
from ocop.models import AdministrativeUnit, User
from ocop.text import fold, nfc

from .forms import AccountForm
from .permissions import accounts_scope_q, can_change_account, grantable_roles

# (key, heading): the headings stay in Vietnamese, the language of the template, whatever the page's language.
COLUMNS = [
    ("full_name", "Họ và tên"),
    ("email", "E-mail"),
    ("role", "Vai trò"),
    ("province", "Tỉnh, thành phố"),
    ("commune", "Xã, phường phụ trách"),
    ("phone", "Số điện thoại"),
    ("organisation", "Cơ quan"),
]
EXPORT_EXTRA = [("state", "Trạng thái"), ("last_login", "Đăng nhập lần cuối")]  # read by no import
REQUIRED = {"full_name", "email", "role"}
HEADINGS = dict(COLUMNS)
MAX_ROWS = 500  # a province's communes are fewer than 200; a file is checked and created within one request


def sheet_columns(columns: list[tuple[str, str]]) -> list[xlsx.Column]:
    """The sheet's columns, for the template and the export alike (a phone number kept as text)."""
    return [
        xlsx.Column(heading, 34 if key in {"email", "commune"} else 24, text=key == "phone") for key, heading in columns
    ]


def account_cells(account: User) -> dict[str, str]:
    """An account as a row of the file shows it ({key of COLUMNS: text}): what the export writes and what a row
    is compared with to tell whether it changes the account."""
    unit = account.unit
    in_commune = unit is not None and unit.parent_id is not None
    province = unit.parent if in_commune else unit
    return {
        "full_name": account.get_full_name(),
        "email": account.email,
        "role": account.get_role_display(),
        "province": province.name if province is not None else "",
        "commune": unit.name if in_commune else "",
        "phone": account.phone,
        "organisation": account.organisation,
    }


def template(*, user: User) -> bytes:
    """An empty import file for `user`, with a second sheet of the values they may use."""
    export = xlsx.Export(title=_("Mẫu nhập tài khoản"), subject=_("Tệp mẫu để nhập từ Excel"))
    export.sheet(_("Tài khoản"), sheet_columns(COLUMNS))
    guide = export.sheet(_("Hướng dẫn"), [xlsx.Column(_("Cột"), 28), xlsx.Column(_("Giá trị hợp lệ"), 90, wrap=True)])
    guide.append([HEADINGS["role"], "; ".join(str(role.label) for role in grantable_roles(user))])
    if user.is_national:
        guide.append([HEADINGS["province"], _("Tên tỉnh, thành phố hiện nay")])
    else:
        guide.append([HEADINGS["province"], _("Để trống: %(province)s") % {"province": user.unit}])
    guide.append([HEADINGS["commune"], _("Chỉ với cán bộ xã: tên xã, phường hiện nay của tỉnh, thành phố")])
    guide.append([HEADINGS["email"], _("Tên đăng nhập; thư mời đặt mật khẩu gửi về đây.")])
    return export.to_bytes()


# The kinds a unit's name starts with ("Tỉnh Thái Nguyên", "Xã Côn Minh"), folded: a file may leave them out.
UNIT_PREFIXES = ("thanh pho ", "tinh ", "xa ", "phuong ", "dac khu ")


def _unit_keys(name: str) -> set[str]:
    """The folded names a unit is found by: its name, and its name without its kind ("thai nguyen")."""
    key = fold(name)
    return {key} | {key[len(prefix) :] for prefix in UNIT_PREFIXES if key.startswith(prefix) and key != prefix}


class _Units:
    """The current provinces and communes by their folded name ("xa con minh", or "con minh" without the kind),
    read once for the whole file. A name is found when it names exactly one unit; one that names several
    ("Hoà Bình": a commune and a ward) is refused asking for the full name. A province officer's file may leave
    the province empty or name their own; another is refused (their accounts work in their province)."""

    def __init__(self, user: User):
        units = AdministrativeUnit.objects.current()
        provinces = units.provinces() if user.is_national else units.filter(pk=user.unit_id)
        self.provinces: dict[str, set[int]] = {}
        for p in provinces.only("pk", "name"):
            for key in _unit_keys(p.name):
                self.provinces.setdefault(key, set()).add(p.pk)
        communes = units.communes().filter(parent__in=provinces).only("pk", "name", "parent_id")
        self.communes: dict[tuple, set[int]] = {}
        for c in communes:
            for key in _unit_keys(c.name):
                self.communes.setdefault((c.parent_id, key), set()).add(c.pk)
        self.own_province = None if user.is_national else user.unit_id
        self.own_province_name = None if user.is_national else str(user.unit.name)

    def province(self, name: str) -> int | None | str:
        """The province's id, None for none, or the name as typed when no province has it (the form refuses it);
        a ValidationError for a name the row may not use."""
        if self.own_province is not None:
            if name and self.own_province not in self.provinces.get(fold(name), set()):
                raise ValidationError(
                    _("“%(name)s” không phải tỉnh, thành phố của bạn: để trống ô này hoặc ghi “%(own)s”.")
                    % {"name": name, "own": self.own_province_name}
                )
            return self.own_province
        return _the_one(self.provinces.get(fold(name)), name) if name else None

    def commune(self, province, name: str) -> int | None | str:
        if not name:
            return None
        return _the_one(self.communes.get((province, fold(name))), name) if isinstance(province, int) else name


def _the_one(found: set[int] | None, name: str) -> int | str:
    if not found:
        return name
    if len(found) > 1:
        raise ValidationError(
            _("“%(name)s” là tên của nhiều đơn vị: ghi cả loại (“Xã …”, “Phường …”, “Tỉnh …”, “Thành phố …”).")
            % {"name": name}
        )
    return next(iter(found))


def checked_rows(*, user: User, upload) -> tuple[list[dict], list[dict]]:
    """The rows of the file that create or change an account, as the service's keyword arguments (`account`: the
    account a row updates, None for a new one), and every row's errors ({"row", "column", "message"}, named by the
    file's headings); a file that cannot be read is a ValidationError."""
    rows = xlsx.read_rows(upload, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    units = _Units(user)
    roles = [(role.value, role.label) for role in grantable_roles(user)]
    known = _accounts_named(user, rows)
    accounts, errors, emails = [], [], {}
    for row in rows:
        values, n = row["values"], row["row"]
        data = {key: xlsx.cell_text(values.get(key)) for key, _heading in COLUMNS}
        named = known.get(address_key(data["email"]), [])
        if len(named) > 1:  # accounts of one address (kept before addresses were checked): which one is not guessed
            errors.append({"row": n, "column": HEADINGS["email"], "message": _several_accounts(named)})
            continue
        account = named[0] if named else None
        if account is not None and _as_the_account_is(account, data, units):
            continue  # as exported: nothing to change (the keeper's own row and a fellow officer's among them)
        if account is not None and not can_change_account(user, account):
            message = _("Tài khoản này không do bạn quản lý: dòng của nó phải giữ nguyên như trong danh sách xuất ra.")
            errors.append({"row": n, "column": HEADINGS["email"], "message": message})
            continue
        try:
            data["role"] = xlsx.cell_choice(data["role"], roles) if data["role"] else ""
        except ValidationError as exc:
            errors.append({"row": n, "column": HEADINGS["role"], "message": exc.messages[0]})
            continue
        try:
            data["province"] = units.province(data["province"])
        except ValidationError as exc:
            errors.append({"row": n, "column": HEADINGS["province"], "message": exc.messages[0]})
            continue
        try:
            data["commune"] = units.commune(data["province"], data["commune"])
        except ValidationError as exc:
            errors.append({"row": n, "column": HEADINGS["commune"], "message": exc.messages[0]})
            continue
        form = AccountForm({k: "" if v is None else v for k, v in data.items()}, user=user, account=account)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if email in emails:
                form.add_error("email", _("E-mail này đã có ở dòng %(row)s của tệp.") % {"row": emails[email]})
            emails.setdefault(email, n)
        for field, messages in form.errors.items():
            column = HEADINGS.get(field, "")
            errors.extend({"row": n, "column": column, "message": str(message)} for message in messages)
        if not form.errors:
            accounts.append({"account": account, **form.service_data()})
    return accounts, errors


def address_key(email: str) -> str:
    """An e-mail address as it names an account (its sign-in name, accounts.services.account_email_clean): NFC,
    spaces around it and case aside."""
    return nfc(email).strip().lower()


def _accounts_named(user: User, rows: list[dict]) -> dict[str, list[User]]:
    """The accounts `user` reads whose e-mail address a row names, by address_key (one query): a list, as accounts
    made before addresses were checked (in the admin, or loaded) may share one, in another case."""
    named = {address_key(xlsx.cell_text(row["values"].get("email"))) for row in rows} - {""}
    found = User.objects.filter(accounts_scope_q(user)).annotate(address=Lower("email")).filter(address__in=named)
    accounts: dict[str, list[User]] = {}
    for account in found.select_related("unit__parent").order_by("pk"):
        accounts.setdefault(account.address, []).append(account)
    return accounts


def _several_accounts(accounts: list[User]) -> str:
    """Why a row whose address several accounts have is refused, naming them."""
    names = ", ".join(f"“{account.get_full_name() or account.username}” ({account.email})" for account in accounts)
    return _(
        "%(count)s tài khoản dùng e-mail này (%(names)s): không biết dòng này là tài khoản nào. Sửa từng tài khoản "
        "trên trang của nó, để mỗi tài khoản có e-mail riêng, rồi nhập lại tệp."
    ) % {"count": len(accounts), "names": names}


def _as_the_account_is(account: User, data: dict, units: "_Units") -> bool:
    """Whether a row shows the account as it is (as its export wrote it): its name, phone and agency as written,
    its role by key or label, its province and commune by name with accents, case and kind aside (a province
    officer's file may name no province: their own is meant)."""
    shown = account_cells(account)
    if data["email"].strip().lower() != shown["email"].lower():
        return False
    if any(data[key] != shown[key] for key in ("full_name", "phone", "organisation")):
        return False
    try:
        xlsx.cell_choice(data["role"], [(account.role, account.get_role_display())])
    except ValidationError:
        return False
    # a province officer's file may leave the province empty; a unit's name may come without its kind
    province_left_out = units.own_province is not None and not data["province"].strip()
    same_province = province_left_out or fold(data["province"]) in _unit_keys(shown["province"])
    return same_province and fold(data["commune"]) in _unit_keys(shown["commune"])
