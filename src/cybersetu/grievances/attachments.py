"""Attachments of a grievance: PDF, JPEG or PNG, at most 5 MB each, the type told by the content
(never by the name or the browser's word), stored under a name made from their SHA-256 and
served by their id: no path is ever taken from input."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can, can_see_grievance
from cybersetu.db.base import begin, utcnow
from cybersetu.errors import InputError
from cybersetu.grievances.models import Grievance, GrievanceAttachment
from cybersetu.grievances.service import FieldError, GrievanceNotFound
from cybersetu.i18n import _

MAX_BYTES: Final = 5 << 20
MAX_PER_GRIEVANCE: Final = 10
#: kind -> (leading bytes, file extension, media type)
KINDS: Final[dict[str, tuple[bytes, str, str]]] = {
    "pdf": (b"%PDF-", "pdf", "application/pdf"),
    "jpeg": (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
}


def kind_of(content: bytes) -> str | None:
    """What the bytes are (pdf, jpeg, png), or None."""
    return next((k for k, (magic, _e, _m) in KINDS.items() if content.startswith(magic)), None)


def stored_path(root: Path, a: GrievanceAttachment) -> Path:
    """Where an attachment's bytes are: made from its hash and kind alone."""
    return root / a.sha256[:2] / f"{a.sha256}.{KINDS[a.kind][1]}"


@dataclass(frozen=True)
class Upload:
    name: str
    """The name the trader's computer gave it: shown, never used as a path."""
    content: bytes


def check_upload(upload: Upload) -> str:
    """The kind of an acceptable file; else a `FieldError` saying what is wrong."""
    if not upload.content:
        raise FieldError({"attachment": _("The file is empty.")})
    if len(upload.content) > MAX_BYTES:
        raise FieldError(
            {"attachment": _("The file is larger than {n} MB.").format(n=MAX_BYTES >> 20)}
        )
    kind = kind_of(upload.content)
    if kind is None:
        raise FieldError({"attachment": _("Attach a PDF, JPEG or PNG file.")})
    return kind


def _write(root: Path, path: Path, content: bytes) -> None:
    """Written whole or not at all (a temporary file renamed into place); the same content is
    the same file, so writing it again changes nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def do_attach(
    session: Session, root: Path, grievance_id: int, upload: Upload, *, actor: Actor
) -> GrievanceAttachment:
    """Attach a file. The bytes are stored before the row that names them is committed (a row
    must never name a missing file; a file no row names, left by a failed commit, is harmless
    and is reused when the same bytes come again)."""
    if not can(actor, Permission.GRIEVANCE_ATTACH):
        raise InputError(_("You are not allowed to do this."))
    kind = check_upload(upload)
    digest = hashlib.sha256(upload.content).hexdigest()
    root.mkdir(parents=True, exist_ok=True)
    with begin(session):
        g = session.get(Grievance, grievance_id, with_for_update=True)
        if g is None or not can_see_grievance(actor, g):
            raise GrievanceNotFound(_("There is no such grievance."))
        count = session.scalar(select(func.count()).where(GrievanceAttachment.grievance_id == g.id))
        if (count or 0) >= MAX_PER_GRIEVANCE:
            raise FieldError(
                {"attachment": _("At most {n} files per grievance.").format(n=MAX_PER_GRIEVANCE)}
            )
        a = GrievanceAttachment(
            grievance_id=g.id,
            sha256=digest,
            kind=kind,
            size=len(upload.content),
            name=(upload.name or "file").replace("/", "_").replace("\\", "_")[:200],
            uploaded_at=utcnow(),
            uploaded_by=actor.user_id,
        )
        _write(root, stored_path(root, a), upload.content)
        session.add(a)
        session.flush()
        record(
            session,
            actor=actor,
            code="grievance.attached",
            params={"ack": g.ack, "kind": kind, "sha256": digest, "size": len(upload.content)},
        )
    return a


def attachments_of(session: Session, grievance: Grievance) -> list[GrievanceAttachment]:
    return list(
        session.scalars(
            select(GrievanceAttachment)
            .where(GrievanceAttachment.grievance_id == grievance.id)
            .order_by(GrievanceAttachment.id)
        )
    )
