"""Page helpers shared by the registration, transition and round views: the one form page and the redirect back to
the registration's detail (POST-redirect-GET)."""

from django.shortcuts import redirect, render

from ..models import Registration


def registration_redirect(request, registration):
    """Back to the registration's detail page, after a write; to the registration list when the act took the dossier
    out of the user's sight (the advisory team reads dossiers only under review: one it returned to the producer is
    a 404 for it), so an act never lands its actor on a 404. The act's message shows on either page."""
    if not Registration.objects.for_user(request.user).filter(pk=registration.pk).exists():
        return redirect("evaluation:registration_list")
    return redirect("evaluation:registration_detail", pk=registration.pk)


def form_page(
    request, registration, form, title, *, submit=None, multipart=False, intro="", back="", supplement=None, crumbs=()
):
    """The one form page (evaluation/registration_form.html); `registration` is None for a form of its own (a new
    registration, a new round). Its "Huỷ" goes back to the registration, or to `back` (a URL) when given.
    `supplement` (dossier selectors' supplement_items) shows what a supplement asks, above the form. `crumbs`, for a
    form of its own: the breadcrumb's (URL, label) pairs above the title, as its sibling pages show them."""
    return render(
        request,
        "evaluation/registration_form.html",
        {
            "registration": registration,
            "form": form,
            "title": title,
            "submit": submit,
            "multipart": multipart,
            "intro": intro,
            "back": back,
            "supplement": supplement,
            "crumbs": crumbs,
        },
    )
