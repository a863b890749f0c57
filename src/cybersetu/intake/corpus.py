"""The labelled narrative corpus: loading, and the fixed split into training and held-out parts.

Each record is one JSON line: `id`, `lang`, `mo`, `text` and the expected values of every scored
field (`amounts_inr`, `upi_ids`, `phones`, `accounts`, `ifsc`, `utrs`, `urls`, `emails`), in
canonical form (see `docs/intake.md`).

The training part ships inside the package (`data/narratives_train.jsonl`) because the MO model
is trained from it at first use. The held-out fifth lives with the tests and is never read by
training code. Which record is held out is a pure function of the ids (`split`), so the split
can be checked and re-made: `python -m cybersetu.intake.corpus resplit TRAIN HELDOUT`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Final

from cybersetu.errors import InputError

#: The fields of a record that hold expected identifier values, in output order.
LIST_FIELDS: Final = (
    "amounts_inr",
    "upi_ids",
    "phones",
    "accounts",
    "ifsc",
    "utrs",
    "urls",
    "emails",
)

#: One record in HELDOUT_EVERY goes to the held-out part, per (language, MO) stratum.
HELDOUT_EVERY: Final = 5

TRAIN_RESOURCE: Final = "narratives_train.jsonl"


@dataclass(frozen=True)
class Narrative:
    """One hand-labelled complaint narrative."""

    id: str
    lang: str
    mo: str
    text: str
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Expected canonical values per field; amounts as decimal strings (`"150000"`)."""

    def to_json(self) -> str:
        record: dict[str, object] = {"id": self.id, "lang": self.lang, "mo": self.mo}
        record["text"] = self.text
        for name in LIST_FIELDS:
            values = self.expected.get(name, ())
            if name == "amounts_inr":
                record[name] = [json_number(Decimal(v)) for v in values]
            else:
                record[name] = list(values)
        return json.dumps(record, ensure_ascii=False)


def json_number(value: Decimal) -> int | float:
    """A rupee amount as a JSON number: an int when whole, else a float (paise kept)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def amount_key(value: Decimal | int | float | str) -> str:
    """The canonical string of an amount, so that 150000, 150000.0 and '1.5E5' compare equal."""
    dec = Decimal(str(value)).quantize(Decimal("0.01"))
    text = format(dec, "f")
    return text[:-3] if text.endswith(".00") else text


def parse_record(line: str, where: str) -> Narrative:
    """One JSON line of the corpus; raises InputError naming `where` if it is malformed."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}).") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a record must be a JSON object.")
    for key in ("id", "lang", "mo", "text"):
        if not isinstance(raw.get(key), str):
            raise InputError(f"{where}: the field {key!r} must be a string.")
    expected: dict[str, tuple[str, ...]] = {}
    for name in LIST_FIELDS:
        values = raw.get(name, [])
        if not isinstance(values, list):
            raise InputError(f"{where}: the field {name!r} must be a list.")
        if name == "amounts_inr":
            expected[name] = tuple(amount_key(v) for v in values)
        else:
            expected[name] = tuple(str(v) for v in values)
    return Narrative(raw["id"], raw["lang"], raw["mo"], raw["text"], expected)


def read_jsonl(lines: Iterable[str], source: str) -> list[Narrative]:
    return [
        parse_record(line, f"{source} line {number}")
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]


def load(path: Path) -> list[Narrative]:
    """Read a corpus file (JSON Lines)."""
    if not path.is_file():
        raise InputError(f"The corpus file {path} does not exist.")
    with path.open(encoding="utf-8") as handle:
        return read_jsonl(handle, str(path))


def load_training() -> list[Narrative]:
    """The training part that ships with the package."""
    text = resources.files("cybersetu.intake").joinpath("data", TRAIN_RESOURCE).read_text("utf-8")
    return read_jsonl(text.splitlines(), TRAIN_RESOURCE)


def _rank_key(narrative: Narrative) -> str:
    return hashlib.sha256(narrative.id.encode("utf-8")).hexdigest()


def split(narratives: Sequence[Narrative]) -> tuple[list[Narrative], list[Narrative]]:
    """Deterministic stratified split: (training, held-out).

    Within each (language, MO) stratum the records are ordered by the SHA-256 of their id and
    every HELDOUT_EVERY-th one (ranks 0, 5, 10, ...) is held out, so each language and each MO
    keeps a fifth out of training. Both parts keep the input order.
    """
    strata: dict[tuple[str, str], list[Narrative]] = defaultdict(list)
    for narrative in narratives:
        strata[(narrative.lang, narrative.mo)].append(narrative)
    held: set[str] = set()
    for members in strata.values():
        for rank, narrative in enumerate(sorted(members, key=_rank_key)):
            if rank % HELDOUT_EVERY == 0:
                held.add(narrative.id)
    train = [n for n in narratives if n.id not in held]
    heldout = [n for n in narratives if n.id in held]
    return train, heldout


def write(path: Path, narratives: Iterable[Narrative]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for narrative in narratives:
            handle.write(narrative.to_json() + "\n")


def resplit(train_path: Path, heldout_path: Path) -> tuple[int, int]:
    """Re-make both files from their union with `split` (after adding or fixing records)."""
    everything = load(train_path) + load(heldout_path)
    everything.sort(key=lambda n: n.id)
    train, heldout = split(everything)
    write(train_path, train)
    write(heldout_path, heldout)
    return len(train), len(heldout)


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[0] != "resplit":
        raise SystemExit("usage: python -m cybersetu.intake.corpus resplit TRAIN HELDOUT")
    n_train, n_heldout = resplit(Path(argv[1]), Path(argv[2]))
    sys.stdout.write(f"{n_train} training, {n_heldout} held out\n")


if __name__ == "__main__":
    main(sys.argv[1:])
