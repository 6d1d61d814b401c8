"""A certificate's status badge and download link: built in Python, because lists repeat them on every row (issue 15)."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

from evaluation.choices import RegistrationKind
from ocop.templatetags.ocop_ui import pk_url, stars

from ..choices import CertificateStatus as S
from ..choices import PublicVerdict
from ..selectors.certificates import certificate_download_link
from ..services.expiry.states import extension_note as _extension_note

register = template.Library()

BADGE_COLOURS = {S.VALID: "success", S.REVOKED: "danger", S.EXPIRED: "secondary", S.SUPERSEDED: "secondary"}


# `S.values` builds the list of every status on each read; lists ask once a row. (The badge takes any object with a
# `status_today`, not only a model instance: `label_of` would not do.)
STATUS_VALUES = frozenset(S.values)


@register.simple_tag
def certificate_badge(certificate) -> str:
    """Green when valid, red when revoked, grey when expired or superseded, amber in the expiry phases: the status of
    the day, `status_today` (a list's rows carry it, CertificateQuerySet.with_status_today; a certificate's page sets
    it from Certificate.effective_status), never the one the night's sweep last stored. A page that did not give it
    fails here rather than showing yesterday's status."""
    status = certificate.status_today
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        BADGE_COLOURS.get(status, "warning"),
        status,
        S(status).label if status in STATUS_VALUES else status,
    )


@register.simple_tag(takes_context=True)
def certificate_download_url(context, certificate) -> str:
    """Where the certificate's download link points: the proxy's signed link to the stored file when
    OCOP_SENDFILE=secure-link (served without Python), else the download view. Only for pages whose viewer may
    download it (the list and the page of certificates in the viewer's scope)."""
    request = context.get("request")
    session_key = request.session.session_key if request is not None else None
    link = certificate_download_link(certificate, session_key=session_key)
    return link or pk_url("certificates:certificate_download", certificate.pk)


@register.simple_tag(takes_context=True)
def expiry_row(context, c) -> str:
    """One row of the expiry list (`certificates/expiry_list.html`), the certificate annotated by the view (`phase`,
    `window_start`/`window_end`, `can_reevaluate`) and the selector (`notice_error`, `notice_unsent`,
    `reevaluation_id`, `open_dossier_id`, `dossier_filed`, `dossier_to_complete`). Written here rather than as
    template nodes: a row was about thirty nodes, and with fifty rows they were a third of the page's time under load
    (issue 15)."""
    labels = _expiry_labels(get_language())
    return format_html(
        '<tr data-testid="expiry-row"><td><span><a href="{}">{}</a><span class="d-block small text-muted fw-normal">'
        "{} · {}</span></span></td>"
        '<td class="d-none d-lg-table-cell">{}</td><td class="d-none d-sm-table-cell">{}</td>'
        '<td data-label="{}"><span>{}<span class="d-block small text-muted">{}</span></span></td>'
        '<td data-label="{}"><span class="badge text-wrap text-start text-bg-{}">{}</span></td>'
        # The filing window shows at every width: on a phone card it is what the producer needs most (Điều 7.6a).
        '<td class="small" data-label="{}" data-testid="expiry-window">{}</td>'
        '<td class="small d-none d-md-table-cell">{}</td><td class="text-end stack-action">{}</td></tr>',
        pk_url("certificates:certificate_detail", c.pk),
        c.product_name,
        c.producer_name,
        c.number,
        c.product.producer.commune,
        stars(c.star),
        labels["expires"],
        f"{c.valid_until:%d/%m/%Y}",
        _days_left_text(c.phase["days_left"]),
        labels["status"],
        c.phase["colour"],
        c.phase["label"],
        labels["window"],
        _window_cell(c),
        _notice_cell(c),
        _action_cell(c, context.get("csrf_token")),
    )


@lru_cache(maxsize=8)
def _expiry_labels(language: str | None) -> dict:
    """The column names a row's cells repeat for the phone layout (.table-stack's data-label), translated once."""
    return {"expires": pgettext("date", "Hết hạn"), "status": gettext("Tình trạng"), "window": gettext("Thời hạn nộp")}


def _window_cell(c) -> str:
    """The re-evaluation window's dates, or why there is none under D26 (evaluation.selectors.reevaluation)."""
    if c.window_start is None:
        return format_html('<span class="text-muted" title="{}">—</span>', getattr(c, "window_note", None) or "")
    return f"{c.window_start:%d/%m/%Y} – {c.window_end:%d/%m/%Y}"


def _days_left_text(days: int) -> str:
    if days >= 0:
        return ngettext("còn %(n)s ngày", "còn %(n)s ngày", days) % {"n": days}
    # The certificate is not late for anything: it expired that many days ago (it may still be extended, Điều 12.3).
    return ngettext("đã hết hạn %(n)s ngày", "đã hết hạn %(n)s ngày", -days) % {"n": -days}


def _notice_cell(c) -> str:
    """Whether the expiry notices reached the producer: failed and retrying, still being sent, or sent."""
    if c.notice_error:
        return format_html(
            '<span class="text-danger" title="{}" data-testid="notice-error">'
            '<i class="bi bi-exclamation-triangle"></i> {}</span>',
            c.notice_error,
            gettext("Gửi lỗi, đang thử lại"),
        )
    if c.notice_unsent:
        return format_html('<span class="text-muted"><i class="bi bi-hourglass"></i> {}</span>', gettext("Đang gửi"))
    return format_html('<span class="text-success"><i class="bi bi-check2"></i> {}</span>', gettext("Đã báo"))


def _action_cell(c, csrf_token) -> str:
    """The re-evaluation started from here, another dossier of the product in progress, or the one-click start; a
    dossier the producer has not filed yet (a draft, or returned to complete) says so."""
    if c.reevaluation_id or c.open_dossier_id:
        started_here = bool(c.reevaluation_id)
        if not c.dossier_filed and c.dossier_to_complete:
            # Filed (in the window or late) and returned to the producer: to complete, not "not filed".
            label, tone = gettext("Hồ sơ chờ hoàn thiện"), "warning"
        elif not c.dossier_filed:
            label, tone = gettext("Hồ sơ chưa nộp"), "warning"
        elif started_here:
            label, tone = gettext("Hồ sơ đánh giá lại"), "primary"
        elif getattr(c, "filed_dossier_kind", None) == RegistrationKind.UPGRADE:
            # The upgrade its status says is filed (states.filed_other_label): the product's one dossier in progress.
            label, tone = gettext("Hồ sơ nâng hạng"), "primary"
        else:
            label, tone = gettext("Hồ sơ đang xử lý"), "primary"
        return format_html(
            '<a class="btn btn-sm btn-outline-{} print-keep" href="{}"{}><i class="bi bi-folder2-open"></i> {}</a>',
            tone,
            pk_url("evaluation:registration_detail", c.reevaluation_id or c.open_dossier_id),
            "" if started_here else mark_safe(' data-testid="open-dossier"'),
            label,
        )
    if c.can_reevaluate:
        return format_html(
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button class="btn btn-sm btn-primary" type="submit" data-testid="start-reevaluation">'
            '<i class="bi bi-arrow-clockwise"></i> <span class="d-none d-sm-inline">{}</span>'
            '<span class="d-sm-none">{}</span></button></form>',
            pk_url("certificates:certificate_start_reevaluation", c.pk),
            csrf_token,
            gettext("Đăng ký đánh giá lại"),
            gettext("Đánh giá lại"),
        )
    if getattr(c, "producer_files_itself", False):  # an officer's row of a producer with an account: it files itself
        return format_html(
            '<span class="small text-muted" title="{}" data-testid="producer-files-itself">'
            '<i class="bi bi-person-check" aria-hidden="true"></i> {}</span>',
            gettext(
                "Chủ thể đã có tài khoản nên tự đăng ký đánh giá sản phẩm (lần đầu, nâng hạng, đánh giá lại); cán bộ chỉ lập hồ sơ thay cho chủ thể chưa có tài khoản."
            ),
            gettext("Chủ thể tự lập hồ sơ"),
        )
    return ""


@register.filter
def verdict_label(verdict: str) -> str:
    """What the public reads for a verdict (`certificates.selectors.verification.public_verdict`): its label, in one
    place."""
    return PublicVerdict(verdict).label


@register.filter
def extension_note(valid_until) -> str:
    """What an EXTENDED certificate's reader is told of its validity (Điều 12.3), from its printed last valid day:
    `certificates.services.expiry.states.extension_note`, in the active language."""
    return str(_extension_note(valid_until)) if valid_until else ""


@register.filter
def kept_until(review, entry):
    """The last day a correcting decision's annex line keeps (`CorrectionReview.kept_until`, from
    certificates.services.corrections.correction_review), or None for a line no longer in force or with no review."""
    return review.kept_until.get(entry.pk) if review else None
