"""Two members submitting the last two sheets at the same moment, then the chair's "Tổng hợp kết quả" clicked
twice at the same moment: the sheets are both kept, no result appears until the chair takes it, and the item lock
makes exactly one result (PostgreSQL; SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection

from evaluation.models import CouncilResult
from evaluation.models.scoresheets import ConflictDeclaration

from .factories import choices_for, declare_and_open, setup_scoring, submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_completes_the_result_once_when_the_last_sheets_arrive_together(cast):
    from django.core.exceptions import ValidationError

    from evaluation.models import AgendaItem
    from evaluation.services.results import item_finalise
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    sheets = [declare_and_open(s.item, member) for member in (s.member, s.others[0])]
    assert ConflictDeclaration.objects.count() == 3
    barrier = threading.Barrier(2)
    errors = []

    def run(sheet):
        try:
            barrier.wait()
            scoresheet_submit(
                sheet=sheet,
                version=sheet.version,
                by=sheet.member.user,
                data=SheetInput(choices=choices_for(s.card, c2=4), comments={}),
            )
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(sheet,)) for sheet in sheets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # The last sheet no longer makes the result: the chair takes it, and a double click still makes one.
    assert not CouncilResult.objects.filter(item=s.item).exists()
    takes = threading.Barrier(2)
    outcomes = []

    def take():
        try:
            takes.wait()
            outcomes.append(item_finalise(item=AgendaItem.objects.get(pk=s.item.pk), by=s.chair.user))
        except ValidationError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    clicks = [threading.Thread(target=take) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert len(outcomes) == 2
    assert CouncilResult.objects.filter(item=s.item).count() == 1


def test_a_sheet_reopened_while_the_result_is_taken_waits_and_is_refused(cast):
    """The chair takes the result in one tab and reopens a sheet in another: the reopen checked "no result yet" before
    the result was committed and put the sheet back to draft behind it, a result standing on a sheet no longer
    submitted. It now waits for the item, as submit and the result do, and finds the result."""
    import time

    from django.core.exceptions import ValidationError
    from django.db import transaction

    from evaluation.choices import SheetStatus
    from evaluation.models import AgendaItem, ScoreSheet
    from evaluation.services.results import item_finalise
    from evaluation.services.sheet_submission import scoresheet_reopen

    s = setup_scoring(cast)
    sheets = [submit(s.item, member, s.card, take=False) for member in (s.chair, s.member, *s.others)]
    taken = threading.Event()
    outcome = []

    def take():
        try:
            with transaction.atomic():
                item_finalise(item=AgendaItem.objects.get(pk=s.item.pk), by=s.chair.user)
                taken.set()
                time.sleep(1)  # the result is written, not yet committed
        finally:
            taken.set()
            connection.close()

    def reopen():
        try:
            taken.wait()
            scoresheet_reopen(sheet=ScoreSheet.objects.get(pk=sheets[1].pk), reason="Xem lại mục 2", by=s.chair.user)
            outcome.append("reopened")
        except ValidationError as exc:
            outcome.append(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=take), threading.Thread(target=reopen)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CouncilResult.objects.filter(item=s.item).count() == 1
    assert outcome == [["Hồ sơ đã có kết quả của Hội đồng."]]
    assert ScoreSheet.objects.get(pk=sheets[1].pk).status == SheetStatus.SUBMITTED
