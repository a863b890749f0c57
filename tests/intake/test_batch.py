"""`cybersetu analyze`: the JSON Lines contract."""

import json
from pathlib import Path

from typer.testing import CliRunner

from cybersetu.cli import app
from cybersetu.intake.batch import analyze_lines, mo_mix

CONTRACT = [
    "id",
    "lang",
    "mo",
    "mo_confidence",
    "mo_runner_up",
    "amounts_inr",
    "upi_ids",
    "phones",
    "accounts",
    "ifsc",
    "utrs",
    "urls",
    "emails",
]

LINES = [
    json.dumps({"id": "c1", "text": "OLX buyer ne QR bheja, scan kiya to ₹1,20,000 kat gaye"}),
    "this is {not json",
    "",
    json.dumps(["a", "list"]),
    json.dumps({"id": 7, "text": None}),
    json.dumps(
        {
            "id": 8,
            "text": "UTR 412345678901, खाता 30012345678 (SBIN0001234), +91 98765 43210, "
            "9876543210@ybl, link sbi-kyc.in, mail a.b@gmail.com, 2.5 lakh",
        },
        ensure_ascii=False,
    ),
]


def test_every_line_gets_an_object_and_bad_lines_get_errors() -> None:
    out = list(analyze_lines(LINES))
    assert len(out) == 5  # the blank line is skipped
    assert list(out[0]) == CONTRACT
    assert out[0]["id"] == "c1"
    assert out[0]["mo"] == "upi_qr_scam"
    assert out[0]["amounts_inr"] == [120000]
    assert out[1]["line"] == 2
    assert "not valid JSON" in out[1]["error"]
    assert out[2] == {"line": 4, "error": "expected a JSON object with an id and a text"}
    assert out[3] == {"line": 5, "id": 7, "error": "the field 'text' must be a string"}
    last = out[4]
    assert last["utrs"] == ["412345678901"]
    assert last["accounts"] == ["30012345678"]
    assert last["ifsc"] == ["SBIN0001234"]
    assert last["phones"] == ["9876543210"]
    assert last["upi_ids"] == ["9876543210@ybl"]
    assert last["urls"] == ["https://sbi-kyc.in"]
    assert last["emails"] == ["a.b@gmail.com"]
    assert last["amounts_inr"] == [250000]
    assert mo_mix(out).total() == 2


def test_complaint_files_with_narrative_fields_are_read() -> None:
    line = json.dumps({"complaint_id": "KNP-1", "narrative": "sim swap ho gaya, 50k gaye"})
    (out,) = analyze_lines([line])
    assert out["id"] == "KNP-1"
    assert out["mo"] == "sim_swap"
    assert out["amounts_inr"] == [50000]


def test_progress_is_reported_per_line() -> None:
    seen: list[int] = []
    list(analyze_lines(LINES, progress=seen.append))
    assert sum(seen) == 5


def test_cli_reads_a_file_and_writes_json_lines(tmp_path: Path) -> None:
    source = tmp_path / "complaints.jsonl"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(source)])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [o.get("id") for o in objects] == ["c1", None, None, 7, 8]


def test_cli_reads_standard_input() -> None:
    result = CliRunner().invoke(app, ["analyze", "-"], input=LINES[0] + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["amounts_inr"] == [120000]


def test_cli_missing_file_is_one_sentence() -> None:
    result = CliRunner().invoke(app, ["analyze", "no-such-file.jsonl"])
    assert result.exit_code != 0
