"""A matching view of a narrative that remembers where every character came from.

The extractor searches a normalised copy of the text (ASCII digits, one spelling of each
Devanagari letter, plain spaces and hyphens) but must report spans in the text the officer
typed, so the desk can highlight them. `normalize` keeps, for every output character, the index
of the input character it came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Final

_INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_NUKTA: Final = "\u093c"
# Precomposed nukta letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) -> the base letter: victims type both.
_NUKTA_LETTERS: Final = dict(
    zip("\u0958\u0959\u095a\u095b\u095c\u095d\u095e\u095f", "कखगजडढफय", strict=True)
)
_CHANDRABINDU: Final = "\u0901"
_ANUSVARA: Final = "\u0902"
_DASHES: Final = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63")


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalised text and, per character, its index in the original text."""

    original: str
    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the normalised slice text[start:end] (end > start)."""
        return self.origin[start], self.origin[end - 1] + 1


def _map_char(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in _INVISIBLE or ch == _NUKTA:
        return ""
    if ch in _NUKTA_LETTERS:
        return _NUKTA_LETTERS[ch]
    if ch == _CHANDRABINDU:
        return _ANUSVARA
    if ch in _DASHES:
        return "-"
    if ch.isspace():
        return " "
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    if "\u0900" <= ch <= "\u097f" or ch == "\u20b9":
        return ch
    # Full-width forms and compatibility letters become their plain form (may be 0..n chars).
    return unicodedata.normalize("NFKC", ch)


class _Table(dict[int, str]):
    """`str.translate`'s table, filled in as characters are met: each character's mapping is
    worked out once per process, then looked up in C. Remembers which characters do not map to
    exactly one (they shift the origins)."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        mapped = _map_char(chr(code))
        if len(mapped) != 1:
            self.uneven.add(chr(code))
        self[code] = mapped
        return mapped


_TABLE: Final = _Table()


def normalize(text: str) -> Normalized:
    """ASCII digits, Devanagari without nukta and chandrabindu, plain dashes and spaces."""
    if text.isascii():
        return Normalized(text, text, range(len(text)))
    mapped = text.translate(_TABLE)
    if _TABLE.uneven.isdisjoint(text):
        # Every character became one: a character's origin is its own index.
        return Normalized(text, mapped, range(len(text)))
    # Some characters vanish or expand: each output character's origin, counted in C.
    lengths = map(len, map(_TABLE.__getitem__, map(ord, text)))
    origin = tuple(chain.from_iterable(map(repeat, range(len(text)), lengths)))
    return Normalized(text, mapped, origin)


def _normalize_slowly(text: str) -> Normalized:
    """The reference `normalize` is tested against: one character at a time."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        mapped = _map_char(ch)
        out.append(mapped)
        origin.extend([index] * len(mapped))
    return Normalized(text, "".join(out), tuple(origin))
