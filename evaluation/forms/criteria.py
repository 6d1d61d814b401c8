"""The version picker of the scorecard list (criteria are read-only: no edit forms here; the admin edits)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.forms import BaseForm

from ..models import CriteriaVersion


class ScorecardFilterForm(BaseForm):
    version = forms.ModelChoiceField(
        label=_("Phiên bản bộ tiêu chí"),
        queryset=CriteriaVersion.objects.all(),
        required=False,
        to_field_name="legal_basis",
        empty_label=None,
    )

    def selected_version(self) -> CriteriaVersion | None:
        """The chosen version, else the newest one (the list never mixes versions)."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("version"):
            return self.cleaned_data["version"]
        return CriteriaVersion.objects.order_by("-effective_from").first()
