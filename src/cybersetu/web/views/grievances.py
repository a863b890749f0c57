"""Traders' grievances: a trader files and follows its own; the zone's nodal officer answers;
the supervisor watches the late ones and decides appeals. Thin: `grievances.service` decides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.db.base import utcnow
from cybersetu.errors import InputError
from cybersetu.grievances import service
from cybersetu.grievances.attachments import (
    KINDS,
    MAX_BYTES,
    Upload,
    attachments_of,
    check_upload,
    do_attach,
    stored_path,
)
from cybersetu.grievances.frozen import TrailAnswer, lien_letter, trail_answer
from cybersetu.grievances.models import Grievance
from cybersetu.grievances.service import FieldError, GrievanceInput, GrievanceNotFound
from cybersetu.grievances.workflow import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    CLOCK_RUNS,
    RATING_LABELS,
    STATUS_LABELS,
    TRANSFERABLE,
    Category,
    Status,
    TransitionError,
)
from cybersetu.i18n import _
from cybersetu.officers.service import ZONES
from cybersetu.reference.kanpur import POLICE_STATIONS, STATIONS_BY_CODE
from cybersetu.web.deps import DbDep, DeskDep, csrf_protect, require

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Filer = Annotated[Actor, Depends(require(Permission.GRIEVANCE_FILE))]
Viewer = Annotated[Actor, Depends(require(Permission.GRIEVANCE_VIEW))]
Officer = Annotated[Actor, Depends(require(Permission.GRIEVANCE_ACT))]
Trader = Annotated[Actor, Depends(require(Permission.GRIEVANCE_RESPOND))]
Supervisor = Annotated[Actor, Depends(require(Permission.GRIEVANCE_DECIDE_APPEAL))]
TrailReader = Annotated[Actor, Depends(require(Permission.GRIEVANCE_TRAIL))]
Attacher = Annotated[Actor, Depends(require(Permission.GRIEVANCE_ATTACH))]
Note = Annotated[str, Form(max_length=service.MAX_NOTE)]


def status_label(status: str) -> str:
    return _(STATUS_LABELS[Status(status)])


def category_label(category: str) -> str:
    return _(CATEGORY_LABELS[Category(category)])


def action_label(action: str) -> str:
    return _(ACTION_LABELS.get(action, action))


def is_overdue(g: Grievance, now: datetime) -> bool:
    return Status(g.status) in CLOCK_RUNS and g.due_at < now


def _labels() -> dict[str, Any]:
    return {
        "status_label": status_label,
        "category_label": category_label,
        "action_label": action_label,
        "is_overdue": is_overdue,
        "now": utcnow(),
    }


def _grievance_or_404(db: DbDep, ack: str, actor: Actor) -> Grievance:
    g = service.get_grievance(db, ack, actor=actor)
    if g is None:
        raise HTTPException(404, "No such grievance.")
    return g


@router.get("/grievances")
def grievance_list(request: Request, desk: DeskDep, db: DbDep, actor: Viewer) -> Response:
    rows = service.list_grievances(db, actor=actor)
    return desk.pages.render(request, "grievances/list.html", {"rows": rows, **_labels()})


def _form_context(actor: Actor, **extra: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "categories": [(c.value, _(CATEGORY_LABELS[c])) for c in Category],
        "stations": list(POLICE_STATIONS),
        "errors": {},
        "values": {"station": actor.station or "", "category": ""},
    }
    ctx.update(extra)
    return ctx


@router.get("/grievances/new")
def new_grievance(request: Request, desk: DeskDep, actor: Filer) -> Response:
    return desk.pages.render(request, "grievances/new.html", _form_context(actor))


async def _uploads(form: Any) -> list[Upload]:
    """The files of a form's `attachment` fields (empty file inputs left out), read up to one
    byte past the cap, so that a huge upload is refused without being held whole."""
    out = []
    try:
        for item in form.getlist("attachment"):
            if isinstance(item, StarletteUpload) and (item.filename or item.size):
                content = await item.read(MAX_BYTES + 1)
                out.append(Upload(item.filename or "file", content))
    finally:
        await form.close()  # the spooled files of the request, read or not
    return out


def _root(desk: DeskDep) -> Path:
    return desk.settings.data_dir / "attachments"


@router.post("/grievances")
async def file_grievance(request: Request, desk: DeskDep, db: DbDep, actor: Filer) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    uploads = await _uploads(form)
    data = GrievanceInput(
        category=values.get("category", ""),
        description=values.get("description", ""),
        station=values.get("station", "").strip().upper() or (actor.station or ""),
        account=values.get("account") or None,
        locality=values.get("locality") or None,
    )
    try:
        for upload in uploads:  # every file checked before the grievance is filed
            check_upload(upload)
        g = service.do_file_grievance(db, data, actor=actor)
    except FieldError as exc:
        ctx = _form_context(actor, errors=exc.errors, values=values)
        return desk.pages.render(request, "grievances/new.html", ctx, status=422)
    for upload in uploads:
        do_attach(db, _root(desk), g.id, upload, actor=actor)
    return RedirectResponse(f"/grievances/{g.ack}?new=1", status_code=303)


@router.get("/grievances/{ack}")
def grievance_page(
    request: Request, desk: DeskDep, db: DbDep, actor: Viewer, ack: str, new: int = 0
) -> Response:
    g = _grievance_or_404(db, ack, actor)
    here = Status(g.status)
    acts = can(actor, Permission.GRIEVANCE_ACT)
    mine = can(actor, Permission.GRIEVANCE_RESPOND)
    ctx = {
        "g": g,
        "new": bool(new),
        "station": STATIONS_BY_CODE.get(g.station),
        "officer": service.officer_name(db, g),
        "rating_label": _(RATING_LABELS[g.rating]) if g.rating else None,
        "zones": [z for z in ZONES if z != g.zone],
        "can_accept": acts and here is Status.FILED,
        "can_ask": acts and here in (Status.FILED, Status.ACCEPTED),
        "can_transfer": acts and here in TRANSFERABLE,
        "can_resolve": acts and here in (Status.FILED, Status.ACCEPTED, Status.INFO_REQUESTED),
        "can_answer": mine and here is Status.INFO_REQUESTED,
        "can_rate": mine and here is Status.RESOLVED,
        "can_decide": can(actor, Permission.GRIEVANCE_DECIDE_APPEAL) and here is Status.APPEALED,
        "answer": _frozen_answer(db, g, actor),
        "attachments": attachments_of(db, g),
        "can_attach": can(actor, Permission.GRIEVANCE_ATTACH) and here is not Status.CLOSED,
        **_labels(),
    }
    return desk.pages.render(request, "grievances/detail.html", ctx)


def _frozen_answer(db: DbDep, g: Grievance, actor: Actor) -> TrailAnswer | None:
    """For a frozen account, what the trail says of it (to those who may read it)."""
    if g.category != Category.FROZEN_ACCOUNT or not g.account:
        return None
    if not can(actor, Permission.GRIEVANCE_TRAIL):
        return None
    return trail_answer(db, g.account)


@router.get("/grievances/{ack}/letter.html")
def letter(db: DbDep, actor: TrailReader, ack: str) -> Response:
    """The letter to the bank (English and Hindi): limit the lien, or release the account."""
    g = _grievance_or_404(db, ack, actor)
    answer = _frozen_answer(db, g, actor)
    if answer is None:
        raise HTTPException(404, "Only a frozen account's grievance has a letter to the bank.")
    return HTMLResponse(lien_letter(g, answer))


@router.post("/grievances/{ack}/attachments")
async def attach(request: Request, desk: DeskDep, db: DbDep, actor: Attacher, ack: str) -> Response:
    g = _grievance_or_404(db, ack, actor)
    uploads = await _uploads(await request.form())
    if not uploads:
        raise HTTPException(422, "Choose a file to attach.")
    try:
        for upload in uploads:
            check_upload(upload)
        for upload in uploads:
            do_attach(db, _root(desk), g.id, upload, actor=actor)
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    return RedirectResponse(f"/grievances/{g.ack}", status_code=303)


@router.get("/grievances/{ack}/attachments/{attachment_id}")
def attachment(desk: DeskDep, db: DbDep, actor: Viewer, ack: str, attachment_id: int) -> Response:
    """An attachment, found by its id among the grievance's own; its path comes from its hash."""
    g = _grievance_or_404(db, ack, actor)
    found = next((a for a in attachments_of(db, g) if a.id == attachment_id), None)
    path = stored_path(_root(desk), found) if found else None
    if found is None or path is None or not path.is_file():
        raise HTTPException(404, "No such attachment.")
    _magic, ext, media = KINDS[found.kind]
    return FileResponse(
        path,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{g.ack}-{found.id}.{ext}"'},
    )


def _act(db: DbDep, actor: Actor, ack: str, move: Callable[[Grievance], object]) -> Response:
    """Run one move on a grievance the actor may see; its refusals as HTTP answers."""
    g = _grievance_or_404(db, ack, actor)
    try:
        move(g)
    except GrievanceNotFound:
        raise HTTPException(404, "No such grievance.") from None
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    except TransitionError as exc:
        raise HTTPException(409, str(exc)) from None
    except InputError as exc:
        raise HTTPException(409, str(exc)) from None
    return RedirectResponse(f"/grievances/{g.ack}", status_code=303)


@router.post("/grievances/{ack}/accept")
def accept(db: DbDep, actor: Officer, ack: str) -> Response:
    return _act(db, actor, ack, lambda g: service.do_accept(db, g.id, actor=actor))


@router.post("/grievances/{ack}/ask-info")
def ask_info(db: DbDep, actor: Officer, ack: str, note: Note = "") -> Response:
    return _act(db, actor, ack, lambda g: service.do_ask_info(db, g.id, note, actor=actor))


@router.post("/grievances/{ack}/transfer")
def transfer(
    db: DbDep, actor: Officer, ack: str, note: Note = "", zone: Annotated[str, Form()] = ""
) -> Response:
    return _act(
        db, actor, ack, lambda g: service.do_transfer(db, g.id, zone[:24], note, actor=actor)
    )


@router.post("/grievances/{ack}/resolve")
def resolve(db: DbDep, actor: Officer, ack: str, note: Note = "") -> Response:
    return _act(db, actor, ack, lambda g: service.do_resolve(db, g.id, note, actor=actor))


@router.post("/grievances/{ack}/answer")
def answer(db: DbDep, actor: Trader, ack: str, note: Note = "") -> Response:
    return _act(db, actor, ack, lambda g: service.do_give_info(db, g.id, note, actor=actor))


@router.post("/grievances/{ack}/rate")
def rate(
    db: DbDep, actor: Trader, ack: str, note: Note = "", rating: Annotated[str, Form()] = ""
) -> Response:
    if rating not in RATING_LABELS:
        _grievance_or_404(db, ack, actor)
        raise HTTPException(422, "Choose satisfied or not satisfied.")
    satisfied = rating == "satisfied"
    return _act(
        db,
        actor,
        ack,
        lambda g: service.do_rate(db, g.id, satisfied=satisfied, reason=note, actor=actor),
    )


@router.post("/grievances/{ack}/appeal")
def decide_appeal(
    db: DbDep, actor: Supervisor, ack: str, note: Note = "", decision: Annotated[str, Form()] = ""
) -> Response:
    if decision not in ("uphold", "reopen"):
        _grievance_or_404(db, ack, actor)
        raise HTTPException(422, "Choose to uphold the resolution or to reopen the grievance.")
    uphold = decision == "uphold"
    return _act(
        db,
        actor,
        ack,
        lambda g: service.do_decide_appeal(db, g.id, uphold=uphold, note=note, actor=actor),
    )
