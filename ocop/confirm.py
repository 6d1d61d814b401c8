"""The confirmation step of an irreversible act (issue, revoke, forward, reject, eliminate, close, submit).

The act's button posts as before; a POST that has not passed this step renders a page saying what will happen,
with the typed values carried in hidden fields, and only the POST from that page (``confirmed=1``) acts. It needs
no JavaScript. "Quay lại" posts the same values with ``back=1`` so the form comes back as it was typed.
"""

from django.shortcuts import render

CONFIRM_FIELD = "confirmed"
BACK_FIELD = "back"
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD, BACK_FIELD}


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def is_going_back(request) -> bool:
    return request.method == "POST" and request.POST.get(BACK_FIELD) == "1"


def confirm_page(
    request,
    *,
    title: str,
    consequences: list[str],
    submit: str,
    cancel_url: str,
    summary: list[tuple[str, str]] = (),
    can_go_back: bool = False,
    danger: bool = True,
    carried: list[tuple[str, str]] | None = None,
):
    """The page that asks before acting; it posts back to the same URL with everything the user sent, or with
    `carried` ((name, value) pairs) when the act needs what the page shows rather than what was sent."""
    if carried is None:
        carried = [
            (name, value) for name in request.POST for value in request.POST.getlist(name) if name not in _NOT_CARRIED
        ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "submit": submit,
            "cancel_url": cancel_url,
            "summary": [(label, value) for label, value in summary if value not in (None, "")],
            "carried": carried,
            "can_go_back": can_go_back,
            "danger": danger,
            "confirm_field": CONFIRM_FIELD,
            "back_field": BACK_FIELD,
        },
    )
