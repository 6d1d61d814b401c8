"""The council's session export: readable (widths, wrapped text, frozen header, filter, properties), names
instead of ids, and no live formula from a member's comment."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models.scoresheets import Score

from .factories import setup_scoring, submit


def _export(cast, login):
    s = setup_scoring(cast)
    sheets = [submit(s.items[0], member, s.card, c2=2) for member in (s.chair, s.member, s.others[0])]
    Score.objects.filter(sheet=sheets[0]).update(comment='=HYPERLINK("http://evil.example","x")')
    response = login(cast.province_officer).get(reverse("evaluation:session_export", args=[s.session.pk]))
    assert response.status_code == 200
    return s, load_workbook(io.BytesIO(response.content))


def test_it_writes_no_formula_from_a_comment(cast, login):
    _s, book = _export(cast, login)
    ws = book.active
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    comments = {row[10] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert '\'=HYPERLINK("http://evil.example","x")' in comments


def test_it_is_readable_and_prints_the_dossier_not_its_id(cast, login):
    s, book = _export(cast, login)
    ws = book.active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:L{ws.max_row}"
    assert ws.column_dimensions["H"].width >= 50 and ws["H2"].alignment.wrap_text  # the criterion's text
    assert ws.column_dimensions["I"].width >= 50 and ws["I2"].alignment.wrap_text  # the chosen option
    registration = s.items[0].registration
    assert ws["A2"].value == str(registration) and ws["A2"].value != registration.pk
    assert ws["B2"].value == registration.product.name
    assert str(s.session) in book.properties.title and book.properties.creator


def test_it_is_written_in_the_readers_language(cast, login):
    """In English the sheet, its headings and the words the export writes itself (a yes/no answer) are English."""
    s = setup_scoring(cast)
    for member in (s.chair, s.member, s.others[0]):
        submit(s.items[0], member, s.card, c2=2)
    client = login(cast.province_officer)
    client.cookies["django_language"] = "en"
    book = load_workbook(io.BytesIO(client.get(reverse("evaluation:session_export", args=[s.session.pk])).content))
    ws = book.active
    headings = [cell.value for cell in ws[1]]
    assert ws.title == "Score sheets" and headings[0] == "Dossier" and headings[-1] == "Sheet total"
    assert "Yes" in {row[8] for row in ws.iter_rows(min_row=2, values_only=True)}  # criterion 2.4, yes/no
