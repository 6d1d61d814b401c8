"""docs/workflow.md is drawn from the workflow table: it must be redrawn whenever the table changes."""

import pytest
from django.core.management import CommandError, call_command

from devtools.workflow_diagram import DOC_PATH, workflow_markdown
from evaluation import workflow


def test_the_committed_diagram_matches_the_table():
    assert DOC_PATH.read_text(encoding="utf-8") == workflow_markdown(), (
        "docs/workflow.md is out of date: run `python manage.py workflow_diagram` and commit it."
    )


def test_it_draws_every_transition_of_the_table():
    text = workflow_markdown()
    assert "stateDiagram-v2" in text
    assert "    [*] --> draft : create" in text
    assert "    draft --> submitted : submit" in text
    assert "    returned --> submitted : submit" in text
    assert "    submitted --> returned : commune_return" in text
    assert "    forwarded --> returned : province_return" in text
    assert "    forwarded_to_central --> decided : decide" in text
    assert "    withdrawn --> [*]" in text
    for step in workflow.transitions():
        for source in step.sources:
            assert f"    {source} --> {step.target} : {step.name}" in text


def test_the_check_fails_when_the_table_changes(monkeypatch):
    call_command("workflow_diagram", "--check")  # the committed page
    extra = workflow.Step("archive", "archive", frozenset({"decided"}), "withdrawn", workflow.OFFICE)
    monkeypatch.setattr("devtools.workflow_diagram.STEPS", (*workflow.STEPS, extra))
    with pytest.raises(CommandError, match="out of date"):
        call_command("workflow_diagram", "--check")
