"""Hindi and English for everything a person reads: one gettext catalogue per language.

Strings are marked with `_()` (translated now, in the current language) or `N_()` (marked for
the catalogue, translated when shown). The current language is a context variable that the web
layer sets per request (and the CLI leaves at English). Catalogues are the committed `.po` files
under `locales/`, compiled in memory on first use, so no binary `.mo` file can drift from them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES: Final = ("en", "hi")
DEFAULT_LOCALE: Final = "en"
LOCALE_DIR: Final = Path(__file__).with_name("locales")
DOMAIN: Final = "messages"

_current: ContextVar[str] = ContextVar("cybersetu_locale", default=DEFAULT_LOCALE)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate"
    return message


@cache
def translations(locale: str) -> Translations:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def normalise(locale: str | None) -> str:
    return locale if locale in LOCALES else DEFAULT_LOCALE


def current_locale() -> str:
    return _current.get()


@contextmanager
def using(locale: str | None) -> Iterator[str]:
    token = _current.set(normalise(locale))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_locale(locale: str | None) -> None:
    """Set the language for the rest of this context (a web request runs in its own)."""
    _current.set(normalise(locale))


def _(message: str) -> str:
    return translations(_current.get()).ugettext(message)


def gettext(message: str) -> str:
    return _(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ungettext(singular, plural, n)
