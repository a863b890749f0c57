"""`cybersetu analyze`: JSON Lines of narratives in, one JSON object per line out.

Input lines are `{"id": ..., "text": ...}`. Output objects carry `id`, `lang`, `mo`,
`mo_confidence`, `mo_runner_up`, `amounts_inr` (numbers, rupees), `upi_ids`, `phones`,
`accounts`, `ifsc`, `utrs`, `urls`, `emails`. A line that is not valid UTF-8 or not valid JSON,
not an object with a string `text`, or with a text longer than `MAX_NARRATIVE_CHARS`, gets an
error object `{"line": N, "id": ... (if known), "error": "..."}` and the other lines are still
analysed. Blank lines are skipped. Complaint files that name the
fields `complaint_id` and `narrative` (the synthetic city's `complaints.jsonl`) are read too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from cybersetu.intake import MAX_NARRATIVE_CHARS, analyze
from cybersetu.intake.corpus import json_number
from cybersetu.intake.results import FIELD_OF_KIND, Analysis, Kind, Mo


def record(identifier: Any, analysis: Analysis) -> dict[str, Any]:
    """The output object of one analysed narrative, fields in contract order."""
    out: dict[str, Any] = {
        "id": identifier,
        "lang": analysis.lang.value,
        "mo": analysis.mo.mo.value,
        "mo_confidence": analysis.mo.confidence,
        "mo_runner_up": analysis.mo.runner_up.value,
    }
    for kind, field in FIELD_OF_KIND.items():
        values = analysis.values(kind)
        out[field] = [json_number(Decimal(v)) for v in values] if kind is Kind.AMOUNT else values
    return out


def _error(line: int, message: str, identifier: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"line": line}
    if identifier is not None:
        out["id"] = identifier
    out["error"] = message
    return out


def analyze_lines(
    lines: Iterable[str | bytes], progress: Callable[[int], None] | None = None
) -> Iterator[dict[str, Any]]:
    """Analyse JSON Lines; yields one output object per non-blank input line, in order.

    Lines may be bytes (as read from a file), decoded one by one so that a bad byte costs one
    line. `progress` is called with 1 after each line (for a progress bar).
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _one(number, line)
        if progress is not None:
            progress(1)


def _one(number: int, line: str | bytes) -> dict[str, Any]:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = line[exc.start]
            return _error(
                number, f"not valid UTF-8 text (byte 0x{byte:02x} at position {exc.start + 1})"
            )
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(number, f"not valid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(item, dict):
        return _error(number, "expected a JSON object with an id and a text")
    # The synthetic city's and the portal's complaint files say `complaint_id` and `narrative`.
    identifier = item.get("id", item.get("complaint_id"))
    text = item.get("text", item.get("narrative"))
    if not isinstance(text, str):
        return _error(number, "the field 'text' must be a string", identifier)
    if len(text) > MAX_NARRATIVE_CHARS:
        return _error(
            number,
            f"the text has {len(text):,} characters; at most {MAX_NARRATIVE_CHARS:,} are read",
            identifier,
        )
    return record(identifier, analyze(text))


def mo_mix(records: Iterable[dict[str, Any]]) -> Counter[Mo]:
    """How many analysed narratives fell into each MO (error objects are ignored)."""
    return Counter(Mo(r["mo"]) for r in records if "mo" in r)
