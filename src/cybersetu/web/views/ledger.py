"""An investigator uploads a bank feed (on the embedded default the desk owns the ledger)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cybersetu.audit.service import record
from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission
from cybersetu.db.base import begin
from cybersetu.errors import InputError
from cybersetu.i18n import _
from cybersetu.ledger import IngestReport, InputFile, ingest
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
Loader = Annotated[Actor, Depends(require(Permission.LEDGER_UPLOAD))]
MAX_UPLOAD: Final = 512 << 20


# `_actor` is there for its permission check alone (FastAPI runs it before the page).
@router.get("/ledger/upload")
def upload_page(request: Request, desk: DeskDep, _actor: Loader) -> Response:
    return desk.pages.render(request, "ledger/upload.html", {"report": None, "error": None})


def _load(desk: DeskDep, path: Path, errors_dir: Path) -> IngestReport:
    if desk.access is None:
        raise InputError(_("The ledger is not connected."))
    checked = InputFile.open(path)
    with desk.access.store() as store:
        return ingest(store, [checked], errors_dir=errors_dir)


@router.post("/ledger/upload")
async def upload(
    request: Request, desk: DeskDep, db: DbDep, actor: Loader, feed: UploadFile
) -> Response:
    error, report = None, None
    # Stored under a generated name: the uploaded file's name is shown, never used as a path.
    with tempfile.TemporaryDirectory(prefix="cybersetu-upload-") as tmp:
        path = Path(tmp) / "feed"
        size = 0
        with path.open("wb") as out:
            while block := await feed.read(1 << 20):
                size += len(block)
                if size > MAX_UPLOAD:
                    error = _("The file is larger than {n} MB.").format(n=MAX_UPLOAD >> 20)
                    break
                out.write(block)
        if error is None:
            try:
                report = await run_in_threadpool(
                    _load, desk, path, desk.settings.data_dir / "errors"
                )
            except InputError as exc:
                error = str(exc).replace(str(path), feed.filename or "feed")
    if report is not None:
        with begin(db):
            record(
                db,
                actor=actor,
                code="ledger.loaded",
                params={
                    "file": (feed.filename or "feed")[:120],
                    "loaded": report.loaded,
                    "rejected": report.rejected + report.conflicts,
                },
            )
    status = 200 if error is None else 422
    rejects: list[tuple[str, str]] = []
    if report is not None and report.errors_file is not None:
        import csv

        with report.errors_file.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                if n >= 100:
                    break
                rejects.append((row.get("line", ""), row.get("reason", "")))
    ctx = {"report": report, "error": error, "name": feed.filename, "rejects": rejects}
    return desk.pages.render(request, "ledger/upload.html", ctx, status=status)
