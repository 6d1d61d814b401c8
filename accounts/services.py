"""Staff accounts kept by the provinces' OCOP offices and the ministry (accounts.permissions says who keeps which).
An account is made without a password: the person chooses one from the invitation mail (sent on commit, through
the outbox, in the reader's language), which can be sent again while they have not signed in."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.choices import UNIT_OPTIONAL_ROLES, UNITLESS_ROLES, Role, UnitEra, UnitLevel
from ocop.edits import EditConflict, edit_changes
from ocop.models import AdministrativeUnit, User
from ocop.services import USER_ACCESS_FIELDS, audit_record, model_changes, outbox_enqueue, user_sessions_end
from ocop.text import nfc

from .permissions import can_change_account, grantable_roles

ACCOUNT_FIELDS = ("full_name", "email", "username", "phone", "organisation", "role", "unit")  # what the history records
PROFILE_FIELDS = ("full_name", "phone", "organisation")  # what a person corrects themselves
ADDRESS_TAKEN = gettext_lazy("E-mail này đã có tài khoản khác dùng.")
OUTSIDE_REACH = gettext_lazy("Xã, phường này không thuộc tỉnh, thành phố đã chọn hoặc ngoài phạm vi bạn quản lý.")


def account_unit(*, by: User, role: str, province: AdministrativeUnit | None, commune: AdministrativeUnit | None):
    """The unit an account of `role` works for: a commune officer's commune, everyone else's province; within the
    keeper's reach (a province officer keeps the accounts of their own province). None for a ministry officer, and
    for a council member a national keeper gives no province (a member of the central council, D26 Điều 7.4b). The
    account form asks it too, so that its errors show beside the others'."""
    if role not in grantable_roles(by):
        raise PermissionDenied
    if role in UNITLESS_ROLES:
        return None
    if not by.is_national:
        province = by.unit
    elif province is None and role in UNIT_OPTIONAL_ROLES:
        return None
    if province is None or province.era != UnitEra.CURRENT or province.level != UnitLevel.PROVINCE:
        raise ValidationError({"province": _("Chọn tỉnh, thành phố nơi người này làm việc.")})
    if role != Role.COMMUNE_OFFICER:
        return province
    if commune is None:
        raise ValidationError({"commune": _("Cán bộ xã cần có xã, phường phụ trách.")})
    if commune.era != UnitEra.CURRENT or commune.level != UnitLevel.COMMUNE or commune.parent_id != province.pk:
        raise ValidationError({"commune": OUTSIDE_REACH})
    return commune


def account_email_clean(email: str, *, account: User | None = None) -> str:
    """The address in the form accounts keep it (NFC, lower case), refused when another account uses it (as its
    address or as its user name)."""
    email = User.objects.normalize_email(nfc(email).strip()).lower()
    others = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exclude(
        pk=getattr(account, "pk", None)
    )
    if others.exists():
        raise ValidationError({"email": ADDRESS_TAKEN})
    return email


@transaction.atomic
def account_create(
    *,
    by: User,
    full_name: str,
    email: str,
    role: str,
    province: AdministrativeUnit | None = None,
    commune: AdministrativeUnit | None = None,
    phone: str = "",
    organisation: str = "",
) -> User:
    """A staff account for a person of the keeper's reach; its user name is the e-mail. The person chooses the
    password from the invitation mail."""
    unit = account_unit(by=by, role=role, province=province, commune=commune)
    email = account_email_clean(email)
    account = User(username=email, email=email, role=role, unit=unit, phone=nfc(phone), organisation=nfc(organisation))
    account.set_full_name(full_name)
    account.set_unusable_password()
    account.full_clean()
    _save_unique(account)
    audit_record(
        actor=by,
        action="user.create",
        target=account,
        summary=account.username,
        changes=model_changes(account, {}, ACCOUNT_FIELDS),
    )
    _invite(account=account, by=by)
    return account


@transaction.atomic
def account_update(
    *,
    by: User,
    account: User,
    full_name: str,
    email: str,
    role: str,
    province: AdministrativeUnit | None = None,
    commune: AdministrativeUnit | None = None,
    phone: str = "",
    organisation: str = "",
    seen: dict | None = None,
) -> User:
    """Correct a person's name and contacts, or move them to another role or unit within the keeper's reach. `seen`:
    what the keeper's page showed (the form's fields): only what they changed there is written, so what another
    keeper saved meanwhile stays, and a field both changed is refused naming who changed it
    (ocop.edits.edit_changes). A user name that is the address follows the address corrected before the
    person's first sign-in (a misspelt one: the invitation never reached them); after it, the user name stays
    what they sign in with."""
    account = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=account.pk)
    if not can_change_account(by, account):
        raise PermissionDenied
    before = {name: getattr(account, name) for name in ACCOUNT_FIELDS}
    typed = {
        "full_name": full_name,
        "email": account_email_clean(email, account=account),
        "phone": nfc(phone),
        "organisation": nfc(organisation),
        "role": role,
        "unit": account_unit(by=by, role=role, province=province, commune=commune),
    }
    try:
        changed = edit_changes(record=account, data=typed, seen=_seen_fields(seen, by=by))
    except EditConflict as conflict:
        raise _unit_conflict_in_form_terms(conflict, account) from None
    _set_fields(account, changed)
    if account.last_login is None and account.username == before["email"]:
        account.username = account.email
    account.full_clean()
    _save_unique(account)
    changes = model_changes(account, before, ACCOUNT_FIELDS)
    if changes:
        audit_record(actor=by, action="user.update", target=account, summary=account.username, changes=changes)
    return account


def _save_unique(account: User) -> None:
    """Save, an address taken meanwhile said beside the address: a double click, or two keepers typing the same
    person at once, pass the address check together and meet at the user name's unique index."""
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise ValidationError({"email": ADDRESS_TAKEN}) from None


def _set_fields(account: User, values: dict) -> None:
    """Set an account's fields, its name with its sort parts (User.set_full_name)."""
    for name, value in values.items():
        if name == "full_name":
            account.set_full_name(value)
        else:
            setattr(account, name, value)


def _seen_fields(seen: dict | None, *, by: User) -> dict | None:
    """What the form showed, in the account's fields: the unit is the commune shown, else the province (a province
    officer's form shows none: their own)."""
    if seen is None:
        return None
    seen = dict(seen)
    if "province" in seen or "commune" in seen:
        province = seen.pop("province", None) if by.is_national else by.unit
        seen["unit"] = seen.pop("commune", None) or province
    return seen


def _unit_conflict_in_form_terms(conflict: EditConflict, account: User) -> EditConflict:
    """A unit changed meanwhile, said beside the form's commune or province, which goes on from the unit now."""
    errors, current = conflict.message_dict, dict(conflict.current)
    if "unit" in current:
        unit = current.pop("unit")
        in_commune = unit is not None and unit.parent_id is not None
        errors["commune" if in_commune else "province"] = errors.pop("unit")
        current |= {"commune": unit, "province": unit.parent} if in_commune else {"commune": None, "province": unit}
    return EditConflict(errors, current)


@transaction.atomic
def account_set_active(*, by: User, account: User, active: bool) -> User:
    """Close an account (the person can no longer sign in; what they did stays theirs) or open it again."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if not can_change_account(by, account):
        raise PermissionDenied
    if account.is_active == active:
        return account
    before = {name: getattr(account, name) for name in USER_ACCESS_FIELDS}
    account.is_active = active
    account.save(update_fields=["is_active"])
    if not active:
        user_sessions_end(user=account)
    audit_record(
        actor=by,
        action="user.access_change",
        target=account,
        summary=account.username,
        changes=model_changes(account, before, USER_ACCESS_FIELDS),
    )
    return account


@transaction.atomic
def accounts_close(*, by: User, accounts: list[User]) -> int:
    """Close several accounts at once (a keeper's review of the dormant ones), all or none: one the keeper may not
    change refuses the lot (account_set_active checks each). Returns how many were open."""
    open_before = sum(account.is_active for account in accounts)
    for account in accounts:
        account_set_active(by=by, account=account, active=False)
    return open_before


def account_awaits_password(account: User) -> bool:
    """Whether the person has not signed in yet (the invitation may be sent again)."""
    return account.is_active and account.last_login is None


@transaction.atomic
def account_invite(*, by: User, account: User) -> None:
    """Send the invitation again (a lost or expired link)."""
    if not can_change_account(by, account):
        raise PermissionDenied
    if not account_awaits_password(account):
        raise ValidationError(_("Người này đã đăng nhập; họ đổi mật khẩu bằng “Quên mật khẩu?”."))
    _invite(account=account, by=by)


def _invite(*, account: User, by: User) -> None:
    audit_record(actor=by, action="user.invite", target=account, summary=account.username)
    # Through the outbox, like every mail: a mail server that is down must not undo the saved account.
    from .tasks import account_invite_send_task

    outbox_enqueue(task=account_invite_send_task, args=[account.pk, by.pk], robust=True)


def account_invite_send(*, account_id: int, by_id: int) -> int:
    """The invitation mail with its link to choose a password (made when the mail is written, so it is fresh), in
    the person's language. Nothing is sent to an account closed or signed in meanwhile."""
    from ocop.emails import password_choose_path, reader_language, send_templated

    account = User.objects.filter(pk=account_id).select_related("unit").first()
    if account is None or not account.email or not account_awaits_password(account):
        return 0
    invited_by = User.objects.filter(pk=by_id).first()
    return send_templated(
        "account_invite",
        to=[account.email],
        context={"user": account, "invited_by": invited_by, "path": password_choose_path(account)},
        language=reader_language(account),
    )


@transaction.atomic
def accounts_import(*, by: User, rows: list[dict]) -> tuple[list[User], list[User]]:
    """The accounts of a checked file (accounts.excel.checked_rows), created (`account` None) or updated, all or
    none: a row refused here (an address taken meanwhile) undoes the rows before it, and no invitation leaves.
    Returns (created, updated)."""
    created, updated = [], []
    for row in rows:
        fields = {key: value for key, value in row.items() if key != "account"}
        if row["account"] is None:
            created.append(account_create(by=by, **fields))
        else:
            updated.append(account_update(by=by, account=row["account"], **fields))
    return created, updated


@transaction.atomic
def account_profile_update(
    *, account: User, full_name: str, phone: str = "", organisation: str = "", seen: dict | None = None
) -> User:
    """A person corrects their own name as printed (minutes, sheets, notices), phone and agency; their address, role
    and unit stay with whoever keeps their account. `seen`: what their page showed; only what they changed there
    is written (ocop.edits.edit_changes), so what their office saved meanwhile stays."""
    account = User.objects.select_for_update().get(pk=account.pk)
    before = {name: getattr(account, name) for name in PROFILE_FIELDS}
    typed = {"full_name": full_name, "phone": nfc(phone).strip(), "organisation": nfc(organisation).strip()}
    _set_fields(account, edit_changes(record=account, data=typed, seen=seen))
    account.full_clean()
    account.save(update_fields=["full_name", "first_name", "last_name", "phone", "organisation"])
    changes = model_changes(account, before, PROFILE_FIELDS)
    if changes:
        audit_record(actor=account, action="user.update", target=account, summary=account.username, changes=changes)
    return account
