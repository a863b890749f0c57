"""Keep the catalogues in step with the code: extract every marked string, merge it into the
`en` and `hi` catalogues, list what lacks a translation.

    python -m cybersetu.i18n.catalog update    # after adding or changing strings
    python -m cybersetu.i18n.catalog check     # what `make test` asserts: nothing missing
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from cybersetu.i18n import DOMAIN, LOCALE_DIR, LOCALES

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [
    ("web/templates/**.html", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every marked string of the package."""
    catalog = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        METHODS,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def update() -> dict[str, int]:
    """Merge the extracted strings into every catalogue; returns how many lack a translation."""
    missing = {}
    for locale in LOCALES:
        catalog = read(locale)
        # A fresh template per catalogue: `update` shares its messages with the catalogue.
        catalog.update(extract(), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if locale == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True, omit_header=False, no_location=True)
        missing[locale] = len(untranslated(locale))
    return missing


def untranslated(locale: str) -> list[str]:
    """The extracted strings this locale's catalogue does not translate."""
    catalog = read(locale)
    out = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        if (
            found is None
            or found.fuzzy
            or not (all(found.string) if isinstance(found.string, tuple) else found.string)
        ):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["update"]:
        for locale, n in update().items():
            sys.stdout.write(f"{locale}: {n} untranslated\n")
        return
    bad = {locale: untranslated(locale) for locale in LOCALES}
    for locale, ids in bad.items():
        for message_id in ids:
            sys.stdout.write(f"{locale}: {message_id}\n")
    if any(bad.values()):
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
