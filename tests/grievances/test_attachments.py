"""Attachments: the type from the content, a size cap, stored under their SHA-256, served by id."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.grievances import service
from cybersetu.grievances.attachments import MAX_BYTES, Upload, do_attach, stored_path
from cybersetu.grievances.service import FieldError, GrievanceInput, GrievanceNotFound

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_stored_by_hash_typed_by_content(
    db: sessionmaker[Session], as_user: dict[str, Actor], tmp_path: Path
) -> None:
    root = tmp_path / "attachments"
    trader = as_user["tr_ktw"]
    with db() as s:
        g = service.do_file_grievance(
            s, GrievanceInput("other", "Shop shutter broken into", "KTW"), actor=trader
        )
    with db() as s:
        a = do_attach(s, root, g.id, Upload("../../etc/passwd.png", PNG), actor=trader)
    digest = hashlib.sha256(PNG).hexdigest()
    assert a.sha256 == digest
    assert a.kind == "png"
    path = stored_path(root, a)
    assert path == root / digest[:2] / f"{digest}.png"
    assert path.read_bytes() == PNG
    assert "/" not in a.name  # the name is shown, never a path
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == [f"{digest}.png"]
    for bad, why in (
        (Upload("x.pdf", b"MZ\x90\x00 not a pdf"), "PDF, JPEG or PNG"),
        (Upload("big.pdf", b"%PDF-" + b"0" * MAX_BYTES), "larger than 5 MB"),
        (Upload("empty.png", b""), "empty"),
    ):
        with db() as s, pytest.raises(FieldError, match=why):
            do_attach(s, root, g.id, bad, actor=trader)
    with db() as s, pytest.raises(GrievanceNotFound):
        do_attach(s, root, g.id, Upload("a.png", PNG), actor=as_user["tr_swn"])
