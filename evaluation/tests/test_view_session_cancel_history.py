"""A cancelled session's history named what the cancel freed by its raw key ("items_freed: 1"): named through the
app's audit vocabulary (evaluation.choices.audit_vocabulary)."""

import datetime

from django.urls import reverse

from evaluation.models import CouncilSession
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import session_cancel

from .factories import make_council, make_registration, make_scorecard


def test_a_cancelled_sessions_history_names_the_dossiers_it_freed(cast, login):
    session = CouncilSession.objects.create(council=make_council(cast), date=datetime.date(2026, 12, 10))
    session_add_registration(
        session=session, registration=make_registration(cast, make_scorecard()), by=cast.province_officer
    )
    session_cancel(session=session, by=cast.province_officer, reason="Chủ tịch đi công tác")
    html = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[session.pk]))
    html = " ".join(html.content.decode().split())
    assert "Hồ sơ được chuyển chờ phiên họp khác" in html
    assert "items_freed" not in html
