"""A damaged or hand-edited model file is refused in one sentence, never a LightGBM crash."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pytest

from cybersetu.errors import InputError
from cybersetu.scoring.classifier import PARAMS, MuleModel
from cybersetu.scoring.features import FEATURES

NAMES = list(FEATURES)[:3]


@pytest.fixture(scope="module")
def model_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 3))
    data = lgb.Dataset(x, label=(x[:, 0] > 0).astype(int), feature_name=NAMES)
    booster = lgb.train(PARAMS, data, num_boost_round=5)
    path = tmp_path_factory.mktemp("model") / "m.json"
    MuleModel(NAMES, booster, 1.0, 0.0, dict.fromkeys(NAMES, 0.0)).save(path)
    doc: dict[str, object] = json.loads(path.read_text("utf-8"))
    return doc


def _booster(edit: Callable[[str], str]) -> Callable[[dict[str, object]], None]:
    def change(doc: dict[str, object]) -> None:
        doc["booster"] = edit(str(doc["booster"]))

    return change


# Each of these made LightGBM abort the process (SIGABRT), raise, or read a wrong model.
# An edit changes the document in place; what it returns (`dict.pop`'s value) is ignored.
EDITS: dict[str, Callable[[dict[str, object]], object]] = {
    "truncated booster": _booster(lambda b: b[: len(b) // 2]),
    "child index": _booster(lambda b: b.replace("left_child=", "left_child=99 ", 1)),
    "leaf count": _booster(lambda b: b.replace("num_leaves=", "num_leaves=6", 1)),
    "feature index": _booster(lambda b: b.replace("max_feature_idx=2", "max_feature_idx=-5")),
    "empty booster": _booster(lambda _b: ""),
    "booster not text": lambda d: d.update(booster=7),
    "no checksum": lambda d: d.pop("booster_sha256"),
    "features renamed": lambda d: d.update(features=[*NAMES[:2], str(list(FEATURES)[5])]),
    "calibration text": lambda d: d.update(calibration={"a": "x", "b": 0}),
    "calibration inf": lambda d: d.update(calibration={"a": float("inf"), "b": 0}),
    "no typical": lambda d: d.pop("typical"),
}


def test_the_original_file_loads(model_doc: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model_doc), encoding="utf-8")
    model = MuleModel.load(path)
    assert model.features == NAMES
    assert model.margin(np.zeros((2, 3))).shape == (2,)


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_model_file_is_refused(
    model_doc: dict[str, object], tmp_path: Path, edit: str
) -> None:
    doc = json.loads(json.dumps(model_doc))
    EDITS[edit](doc)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    # In a child process: an abort would take the test runner down with it.
    code = (
        "import sys; from pathlib import Path\n"
        "from cybersetu.errors import InputError\n"
        "from cybersetu.scoring.classifier import MuleModel\n"
        "try:\n"
        f"    MuleModel.load(Path({str(path)!r}))\n"
        "except InputError as exc:\n"
        "    print(exc); sys.exit(3)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 3, (out.returncode, out.stderr[-300:])
    assert out.stdout.startswith(f"The model file {path} is damaged or was edited"), out.stdout


def test_truncated_json_old_versions_and_folders_are_refused(
    model_doc: dict[str, object], tmp_path: Path
) -> None:
    text = json.dumps(model_doc)
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 3], encoding="utf-8")
    with pytest.raises(InputError, match="is not a CyberSetu model file"):
        MuleModel.load(cut)
    old = tmp_path / "old.json"
    old.write_text(json.dumps({**model_doc, "version": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="is of version 1; retrain it"):
        MuleModel.load(old)
    with pytest.raises(InputError, match="is a directory"):
        MuleModel.load(tmp_path)


def test_score_command_says_one_sentence(model_doc: dict[str, object], tmp_path: Path) -> None:
    doc = json.loads(json.dumps(model_doc))
    EDITS["child index"](doc)
    model = tmp_path / "m.json"
    model.write_text(json.dumps(doc), encoding="utf-8")
    txns = tmp_path / "t.csv"
    txns.write_text(
        "txn_id,ts,src_account,dst_account,amount,channel\nT1,2026-01-06T10:00:00,A,B,5,UPI\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "cybersetu.cli", "score", "--transactions", str(txns),
         "--model", str(model), "--out", str(tmp_path / "s.csv")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr[-300:]
    assert out.stderr.startswith("Error: The model file"), out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
