"""The help desk's and the investigator's pages: intake, the case list, the case page."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybersetu.authz.actor import Actor
from cybersetu.authz.policy import Permission, can
from cybersetu.cases import service
from cybersetu.cases.documents import bank_request, trail_picture
from cybersetu.cases.models import Case
from cybersetu.cases.privacy import shown_mobile
from cybersetu.cases.service import (
    CHANNEL_LABELS,
    Channel,
    ComplaintInput,
    FieldError,
)
from cybersetu.cases.workflow import TransitionError
from cybersetu.clock import IST, parse_when
from cybersetu.complaints import FraudPayment
from cybersetu.errors import InputError
from cybersetu.i18n import _
from cybersetu.i18n.format import when
from cybersetu.ledger.money import parse_rupees, rupees
from cybersetu.officers.roles import Role
from cybersetu.reference.kanpur import POLICE_STATIONS, STATIONS_BY_CODE
from cybersetu.trail.export import request_to_dict, requests_csv
from cybersetu.trail.letters import render_letter
from cybersetu.web.deps import DbDep, DeskDep, WebActor, csrf_protect, require
from cybersetu.web.present import status_label, timeline
from cybersetu.web.views.restoration import case_section

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Creator = Annotated[Actor, Depends(require(Permission.CASE_CREATE))]
Viewer = Annotated[Actor, Depends(require(Permission.CASE_VIEW))]
Verifier = Annotated[Actor, Depends(require(Permission.CASE_VERIFY))]
Sender = Annotated[Actor, Depends(require(Permission.CASE_SEND_HOLDS))]
Noter = Annotated[Actor, Depends(require(Permission.CASE_NOTE))]

MAX_FORM_PAYMENTS = 10
_PAYMENT_FIELDS = ("txn_id_", "ts_", "amount_", "victim_", "beneficiary_")


def _case_or_404(db: DbDep, ack: str, actor: Actor) -> Case:
    case = service.get_case(db, ack[:20], actor=actor)
    if case is None:
        raise HTTPException(404, "No such complaint.")
    return case


@router.get("/")
def home(actor: WebActor) -> Response:
    if can(actor, Permission.USERS_MANAGE):
        return RedirectResponse("/audit", 303)
    if can(actor, Permission.HOLDS_ANSWER):
        return RedirectResponse("/bank/requests", 303)
    if actor.role is Role.CITIZEN:
        return RedirectResponse("/my", 303)
    if not can(actor, Permission.CASE_VIEW):  # traders and their nodal officers
        return RedirectResponse("/grievances", 303)
    return RedirectResponse("/cases", 303)


@router.get("/cases")
def case_list(request: Request, desk: DeskDep, db: DbDep, actor: Viewer) -> Response:
    cases = service.list_cases(db, actor=actor, limit=100)
    return desk.pages.render(
        request, "cases/list.html", {"cases": cases, "status_label": status_label}
    )


def _stations(actor: Actor) -> list[Any]:
    if actor.station:
        return [STATIONS_BY_CODE[actor.station]]
    return list(POLICE_STATIONS)


def _form_context(actor: Actor, **extra: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "stations": _stations(actor),
        "channels": [(c, _(CHANNEL_LABELS[c])) for c in Channel.ALL],
        "errors": {},
        "values": {"channel": Channel.HELP_DESK, "station": actor.station or ""},
        "payments": [],
        "preview": None,
        "rows": range(3),
    }
    ctx.update(extra)
    return ctx


@router.get("/cases/new")
def new_case(request: Request, desk: DeskDep, actor: Creator) -> Response:
    return desk.pages.render(request, "cases/new.html", _form_context(actor))


# `_actor` is there for its permission check alone (FastAPI runs it before the page).
@router.post("/cases/preview")
async def preview(request: Request, desk: DeskDep, _actor: Creator) -> Response:
    """The htmx fragment under the story: identifiers as chips, the MO and its runners-up, the
    payments the ledger has. When the officer has typed no payment yet, the payment rows are
    filled from the ledger (an out-of-band swap)."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    narrative = str(form.get("narrative", ""))[: service.MAX_NARRATIVE]
    result = (
        await run_in_threadpool(service.preview, narrative, desk.access)
        if narrative.strip()
        else None
    )
    # htmx sends the whole form: only the payment rows say whether the officer typed any.
    typed = any(str(v).strip() for k, v in form.items() if k.startswith(_PAYMENT_FIELDS))
    ctx: dict[str, Any] = {"preview": result, "fill": False}
    if result is not None and result.payments and not typed:
        values: dict[str, str] = {}
        for i, p in enumerate(result.payments[:MAX_FORM_PAYMENTS]):
            values[f"txn_id_{i}"] = p.txn_id
            values[f"ts_{i}"] = p.ts.astimezone(IST).strftime("%Y-%m-%dT%H:%M:%S") if p.ts else ""
            values[f"amount_{i}"] = rupees(p.amount_paise) if p.amount_paise else ""
            values[f"victim_{i}"] = p.victim_account or ""
            values[f"beneficiary_{i}"] = p.beneficiary or ""
        ctx.update(fill=True, values=values, rows=range(max(3, len(result.payments))), errors={})
    return desk.pages.render(request, "cases/_preview.html", ctx)


def _payments(form: Any) -> tuple[tuple[FraudPayment, ...] | None, dict[str, str]]:
    """The payment rows of the intake form; None when the officer left them all empty."""
    rows, errors = [], {}
    for i in range(MAX_FORM_PAYMENTS):
        txn = str(form.get(f"txn_id_{i}", "")).strip()
        ts, amount = str(form.get(f"ts_{i}", "")).strip(), str(form.get(f"amount_{i}", "")).strip()
        victim = str(form.get(f"victim_{i}", "")).strip() or None
        beneficiary = str(form.get(f"beneficiary_{i}", "")).strip() or None
        if not (txn or ts or amount or victim or beneficiary):
            continue
        if not txn:
            errors[f"transactions[{i}].txn_id"] = _("Give the UTR / transaction reference.")
            continue
        when_ = None
        if ts:
            try:
                when_ = parse_when(ts, "time")
            except InputError:
                errors[f"transactions[{i}].ts"] = _("Give the time as on the bank SMS.")
        paise = None
        if amount:
            try:
                paise = parse_rupees(amount.replace(",", ""), "amount", positive=True)
            except InputError:
                errors[f"transactions[{i}].amount"] = _("Give the amount in rupees, like 15000.")
        rows.append(FraudPayment(txn, when_, paise, victim, beneficiary))
    return (tuple(rows) if rows else None), errors


def _chips(form: Any) -> tuple[tuple[str, str], ...] | None:
    """The identifiers as the officer left them on the chips (None when no chip was shown)."""
    chips = [
        (key.removeprefix("chip_"), str(value).strip())
        for key, value in form.multi_items()
        if key.startswith("chip_")
    ]
    return tuple((k, v) for k, v in chips if v) if chips else None


@router.post("/cases")
async def create_case(request: Request, desk: DeskDep, db: DbDep, actor: Creator) -> Response:
    form = await request.form()
    payments, errors = _payments(form)
    station = str(form.get("station", "")).strip().upper()
    if actor.station and station != actor.station:
        errors["station"] = _("A help desk registers complaints for its own station.")
    data = ComplaintInput(
        channel=str(form.get("channel", "")),
        station=station,
        complainant_name=str(form.get("complainant_name", "")),
        complainant_mobile=str(form.get("complainant_mobile", "")).strip() or None,
        complainant_address=str(form.get("complainant_address", "")) or None,
        narrative=str(form.get("narrative", "")),
        transactions=payments,
        identifiers=_chips(form),
    )
    try:
        if errors:
            raise FieldError(errors)
        result = await desk.register(db, data, actor)
    except FieldError as exc:
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        ctx = _form_context(actor, errors={**errors, **exc.errors}, values=values)
        return desk.pages.render(request, "cases/new.html", ctx, status=422)
    return RedirectResponse(f"/cases/{result.case.ack}?new=1", status_code=303)


@router.get("/cases/{ack}")
def case_page(
    request: Request, desk: DeskDep, db: DbDep, actor: Viewer, ack: str, new: int = 0
) -> Response:
    case = _case_or_404(db, ack, actor)
    now = datetime.now(case.created_at.tzinfo)
    ctx = {
        "case": case,
        "new": bool(new),
        "duplicates": service.duplicates_of(db, case, actor=actor),
        "linked": service.linked_cases(db, case, actor=actor),
        "timeline": timeline(db, case),
        "mobile": shown_mobile(
            case.complainant_mobile, may_see=can(actor, Permission.CASE_VIEW_PII)
        ),
        "station": STATIONS_BY_CODE.get(case.station),
        "status_label": status_label(case.status),
        "channel_label": _(CHANNEL_LABELS.get(case.channel, case.channel)),
        "golden_seconds": (now - case.first_payment_at).total_seconds()
        if case.first_payment_at
        else None,
        "can_verify": can(actor, Permission.CASE_VERIFY) and case.verified_at is None,
        "can_send": can(actor, Permission.CASE_SEND_HOLDS)
        and any(r.status == "drafted" for r in case.hold_requests),
        "can_note": can(actor, Permission.CASE_NOTE),
        "when": when,
        "rs": case_section(db, case, actor),
    }
    return desk.pages.render(request, "cases/detail.html", ctx)


@router.get("/cases/{ack}/trail.svg")
def trail_svg(db: DbDep, desk: DeskDep, actor: Viewer, ack: str) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        svg = trail_picture(case, desk.access)
    except InputError:
        raise HTTPException(404, "This case has no trail to draw.") from None
    return Response(svg, media_type="image/svg+xml")


@router.get("/cases/{ack}/requests/{key}.{fmt}")
def request_document(db: DbDep, actor: Viewer, ack: str, key: str, fmt: str) -> Response:
    """A request as the bank gets it; `key` is the request's number (a bank's first request
    can also be named by the bank's IFSC prefix)."""
    case = _case_or_404(db, ack, actor)
    hold = next((r for r in case.hold_requests if key in (str(r.id), r.bank)), None)
    if hold is None or fmt not in ("json", "csv", "html"):
        raise HTTPException(404, "No such request.")
    req = bank_request(case, hold)
    name = f"{case.ack}-{hold.bank}-{hold.id}"
    if fmt == "json":
        body, media = (
            json.dumps(request_to_dict(req), ensure_ascii=False, indent=2),
            "application/json",
        )
    elif fmt == "csv":
        body, media = requests_csv([req]), "text/csv; charset=utf-8"
    else:
        return HTMLResponse(render_letter(req, hold.reference))
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _after_action(ack: str) -> Response:
    return RedirectResponse(f"/cases/{ack}", status_code=303)


@router.post("/cases/{ack}/verify")
def verify(db: DbDep, actor: Verifier, ack: str) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_verify(db, case.id, actor=actor)
    except TransitionError as exc:
        raise HTTPException(409, str(exc)) from None
    except InputError as exc:
        raise HTTPException(409, str(exc)) from None
    return _after_action(case.ack)


@router.post("/cases/{ack}/send")
def send(
    db: DbDep,
    desk: DeskDep,
    actor: Sender,
    ack: str,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_send_holds(db, desk.access, case.id, actor=actor, reason=reason, due=desk.due)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from None
    return _after_action(case.ack)


@router.post("/cases/{ack}/notes")
def add_note(
    db: DbDep, actor: Noter, ack: str, text: Annotated[str, Form(max_length=5000)] = ""
) -> Response:
    case = _case_or_404(db, ack, actor)
    try:
        service.do_add_note(db, case.id, text, actor=actor)
    except FieldError as exc:
        raise HTTPException(422, str(exc)) from None
    return _after_action(case.ack)
