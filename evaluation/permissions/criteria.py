"""Scorecards are public law (D26 Phụ lục II): every signed-in user may read them, producers included
(they self-assess against them, Mẫu 02). Only the admin edits them (reference data)."""

from django.shortcuts import get_object_or_404

from ..models import Scorecard
from ..selectors.criteria import scorecard_with_tree


def can_view_scorecards(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def get_scorecard_for_user(user, pk: int) -> Scorecard:
    """The scorecard with its whole tree prefetched; 404 when it does not exist or the user may not read."""
    if not can_view_scorecards(user):
        from django.http import Http404

        raise Http404
    return get_object_or_404(scorecard_with_tree(queryset=Scorecard.objects.all()), pk=pk)
