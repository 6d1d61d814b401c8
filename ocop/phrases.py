"""Messages written now and read later by someone else, in the reader's language.

A notice is written while one person acts (a commune officer returns a dossier, in whichever language their UI
is) and read later by another (the producer, in theirs), and an e-mail is rendered by a worker that has no
request at all. Text translated when it is written would reach the reader in the writer's language. A `Phrase`
keeps the message in the source language (Vietnamese, the msgids) with its values, is stored as JSON, and is
translated when it is shown: `str(phrase)` gives it in the active language.

Values are kept as they are given, except that translatable ones (a lazy string such as a status label, or
another Phrase) are kept as phrases of their own and translated with the message, and a Decimal (points) is
written with the reader's decimal separator (`ocop.numbers.format_points`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, npgettext, override, pgettext

from .numbers import format_points

SOURCE_LANGUAGE = "vi"  # the msgids are Vietnamese: the source rendering is the text itself


class Phrase:
    __slots__ = ("context", "count", "lines", "plural", "text", "values")

    def __init__(self, text: str | Promise = "", /, **values: Any) -> None:
        """`text` is the message as written in the code: a lazy string (gettext_lazy, or pgettext_lazy, whose
        context is kept) or a literal; never the output of gettext(), which is already in the writer's language."""
        self.context = _context(text)
        self.text = _source(text)
        self.values = {name: _kept(value) for name, value in values.items()}
        self.lines: list[Phrase] = []
        self.plural, self.count = "", ""

    @classmethod
    def counted(cls, singular: str, plural: str, count: str, /, **values: Any) -> Phrase:
        """A message whose wording follows the number in `values[count]` (ngettext: "1 item", "2 items")."""
        phrase = cls(singular, **values)
        phrase.plural, phrase.count = plural, count
        return phrase

    @classmethod
    def join(cls, lines: Iterable[Phrase | str | Promise]) -> Phrase:
        """Several messages shown one per line (a notice with its reasons)."""
        phrase = cls()
        phrase.lines = [line if isinstance(line, Phrase) else cls(line) for line in lines]
        return phrase

    def __str__(self) -> str:
        if self.lines:
            return "\n".join(str(line) for line in self.lines)
        values = {name: _shown(value) for name, value in self.values.items()}
        if self.count:
            number = int(self.values[self.count])
            if self.context:
                text = npgettext(self.context, self.text, self.plural, number)
            else:
                text = ngettext(self.text, self.plural, number)
            source = self.text if number == 1 else self.plural
        else:
            text, source = (pgettext(self.context, self.text) if self.context else gettext(self.text)), self.text
        if not values:
            return text
        try:
            return text % values
        except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder: the source still reads
            return source % values

    def source(self) -> str:
        """The message in the source language (what the audit log and the stored copy keep)."""
        with override(SOURCE_LANGUAGE):
            return str(self)

    def to_json(self) -> dict:
        if self.lines:
            return {"lines": [line.to_json() for line in self.lines]}
        values = {name: _stored(value) for name, value in self.values.items()}
        data = {"text": self.text, "values": values} if values else {"text": self.text}
        if self.context:
            data["context"] = self.context
        if self.count:
            data |= {"plural": self.plural, "count": self.count}
        return data

    @classmethod
    def from_json(cls, data: dict) -> Phrase:
        if "lines" in data:
            return cls.join(cls.from_json(line) for line in data["lines"])
        phrase = cls(data.get("text", ""))
        phrase.context = data.get("context", "")
        phrase.values = {name: _loaded(value) for name, value in (data.get("values") or {}).items()}
        phrase.plural, phrase.count = data.get("plural", ""), data.get("count", "")
        return phrase

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and self.to_json() == other.to_json()

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        return f"Phrase({self.to_json()!r})"


def _context(text: Any) -> str:
    """The context of a pgettext_lazy string ("" for any other text): the same words may mean two things, and
    the context says which one to translate."""
    if isinstance(text, Promise):
        func, args = text.__reduce__()[1][:2]  # how Django pickles a lazy string: (function, arguments, …)
        if getattr(func, "__name__", "") == "pgettext" and len(args) == 2:
            return args[0]
    return ""


def _source(text: Any) -> str:
    with override(SOURCE_LANGUAGE):
        return str(text)


def _kept(value: Any) -> Any:
    """A value as stored: translatable values stay phrases; numbers and text stay as they are (JSON); anything
    else (a model instance, a Decimal) is stored as its text in the source language."""
    if isinstance(value, Phrase | Decimal):
        return value
    if isinstance(value, Promise):
        return Phrase(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _source(value)


def _shown(value: Any) -> str:
    return format_points(value) if isinstance(value, Decimal) else str(value)


def _stored(value: Any) -> Any:
    if isinstance(value, Phrase):
        return value.to_json()
    if isinstance(value, Decimal):
        return {"points": str(value)}
    return value


def _loaded(value: Any) -> Any:
    if isinstance(value, dict):
        return Decimal(value["points"]) if "points" in value else Phrase.from_json(value)
    return value


def phrase_load(value: dict | str) -> Phrase | str:
    """A message a task received: a phrase's JSON, or a text (a task queued before phrases were passed)."""
    return Phrase.from_json(value) if isinstance(value, dict) else value


def phrase_lines(value: dict | str) -> list[Phrase | str]:
    """The lines of such a message, each shown on its own (the written result notice)."""
    message = phrase_load(value)
    if isinstance(message, Phrase):
        return message.lines or [message]
    return [line for line in message.split("\n") if line]
