"""`cybersetu analyze` on hostile input: every line answered, in time, in one sentence."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from cybersetu.errors import InputError
from cybersetu.intake import MAX_NARRATIVE_CHARS, analyze
from cybersetu.intake.batch import analyze_lines
from cybersetu.intake.extract import extract


def _analyze(
    *args: str, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cybersetu.cli", "analyze", *args],
        capture_output=True,
        input=stdin,
        cwd=cwd,
        timeout=120,
    )


def test_a_bad_byte_costs_its_line_only(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "text": "maine 25k bheje rahul.k@ybl"}).encode()
    sep = json.dumps({"id": "b", "text": "line\u2028separator 5000 rupaye"}, ensure_ascii=False)
    data = good + b"\n" + b'{"id": "x", "text": "bad \xff byte"}\r\n' + sep.encode() + b"\n"
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    for out in (_analyze(str(path), cwd=tmp_path), _analyze("-", cwd=tmp_path, stdin=data)):
        assert out.returncode == 0, out.stderr
        assert b"Traceback" not in out.stderr
        records = [json.loads(line) for line in out.stdout.decode().splitlines()]
        assert [r.get("id") for r in records] == ["a", None, "b"]
        assert records[0]["amounts_inr"] == [25000]
        assert records[1] == {"line": 2, "error": "not valid UTF-8 text (byte 0xff at position 26)"}
        assert records[2]["amounts_inr"] == [5000]


def test_a_directory_is_not_a_missing_file(tmp_path: Path) -> None:
    out = _analyze(str(tmp_path), cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.decode().startswith(f"Error: {tmp_path} is a directory, not a file")


def test_narratives_longer_than_the_cap_get_an_error() -> None:
    text = "a" * (MAX_NARRATIVE_CHARS + 1)
    with pytest.raises(InputError, match="has 20,001 characters; at most 20,000 are read"):
        analyze(text)
    lines = [json.dumps({"id": 1, "text": text}), json.dumps({"id": 2, "text": "50 hazar"})]
    long, short = analyze_lines(lines)
    assert long == {
        "line": 1,
        "id": 1,
        "error": "the text has 20,001 characters; at most 20,000 are read",
    }
    assert short["amounts_inr"] == [50000]
    assert analyze("x" * MAX_NARRATIVE_CHARS).found == ()


def test_extraction_work_grows_linearly_with_length() -> None:
    """Work counted as Python line events (deterministic, unlike a clock on a shared
    machine); the regular expressions' own backtracking is checked by the test below."""
    unit = (
        "Maine 25k bheje rahul.k@ybl ko, UTR 412345678901, phone 9876543210, Rs 5,000 aur "
        "www.fraud.in par 14/03/2024 ko 10:30 am. मैंने पचास हजार भेजे "
    )

    def work(n: int) -> int:
        count = 0

        def tracer(_frame: FrameType, _event: str, _arg: object) -> Any:
            nonlocal count
            count += 1
            return tracer

        sys.settrace(tracer)
        try:
            found = extract(unit * n)
        finally:
            sys.settrace(None)
        assert sum(f.value == "412345678901" for f in found) == n
        return count

    small, big = work(20), work(160)
    # Quadratic work would be 64 times as much for 8 times the text; linear about 8 times.
    assert big < 12 * small


@pytest.mark.parametrize("unit", ["x", "X", "*", "•", "XX-", "** ", "xx 12"])
def test_runs_of_mask_characters_do_not_backtrack(unit: str) -> None:
    text = (unit * MAX_NARRATIVE_CHARS)[:MAX_NARRATIVE_CHARS]
    started = time.perf_counter()
    analyze(text)
    assert time.perf_counter() - started < 5  # was exponential: 40 x's took 15 s


def test_masked_numbers_are_still_not_money() -> None:
    values = {f.value for f in analyze("card XXXX XXXX 4521 aur ****7031 se 5000 kat gaye").found}
    assert values == {"5000"}
