"""The authorization matrix: every route of the app × every role (and anonymous).

The routes are taken from the app's own route table, so a route added without an entry here
fails this test. Expected: `ok` (2xx/3xx other than a redirect to sign in), `login` (a redirect to
the sign-in page), or an HTTP status.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx2 import Response
from starlette.routing import Mount

from cybersetu.authz.actor import Actor
from cybersetu.officers.service import do_create_token
from tests.desk import PASSWORD, ROLES, USER_OF_ROLE, VICTIM_MOBILE
from tests.web.conftest import Clients

A, HD, INV, SUP, ADM, OTHER, BANK, TR, OTR, NO, OZ, CIT, OCIT = ROLES
#: What a role gets: "ok", "login" (sent to the sign-in page) or an HTTP status code.
Outcome = str | int
EVERYONE: dict[str, Outcome] = dict.fromkeys(ROLES, "ok")


def only(
    allowed: dict[str, Outcome], *, anonymous: Outcome = "login", others: Outcome = 403
) -> dict[str, Outcome]:
    out = dict.fromkeys(ROLES, others)
    out[A] = anonymous
    out.update(allowed)
    return out


CASE_VIEWERS: dict[str, Outcome] = {HD: "ok", INV: "ok", SUP: "ok", OTHER: 404}
GRIEVANCE_VIEWERS: dict[str, Outcome] = {TR: "ok", OTR: 404, NO: "ok", OZ: 404, SUP: "ok"}
MATRIX: dict[tuple[str, str], dict[str, Outcome]] = {
    ("GET", "/login"): EVERYONE,
    # signing in again as oneself; anonymous tries a wrong password (once: five lock the address)
    ("POST", "/login"): {**EVERYONE, A: 401},
    # signing out ends at the sign-in page for everyone (tested in test_pages for what it does)
    ("POST", "/logout"): dict.fromkeys(ROLES, "login"),
    ("POST", "/language"): EVERYONE,
    ("GET", "/"): only(
        dict.fromkeys((HD, INV, SUP, ADM, OTHER, BANK, TR, OTR, NO, OZ, CIT, OCIT), "ok")
    ),
    ("GET", "/cases"): only({HD: "ok", INV: "ok", SUP: "ok", OTHER: "ok"}),
    ("GET", "/cases/new"): only({HD: "ok", INV: "ok", OTHER: "ok"}),
    ("POST", "/cases/preview"): only({HD: "ok", INV: "ok", OTHER: "ok"}),
    ("POST", "/cases"): only({HD: 422, INV: 422, OTHER: 422}),  # allowed; the empty form is bad
    ("GET", "/cases/{ack}"): only(CASE_VIEWERS),
    ("GET", "/cases/{ack}/trail.svg"): only(CASE_VIEWERS),
    ("GET", "/cases/{ack}/requests/{key}.{fmt}"): only(CASE_VIEWERS),
    ("POST", "/cases/{ack}/verify"): only({INV: "ok"}),
    ("POST", "/cases/{ack}/send"): only({INV: 409}),  # allowed; not verified yet
    ("POST", "/cases/{ack}/notes"): only({HD: 422, INV: 422, SUP: 422, OTHER: 404}),
    ("GET", "/ledger/upload"): only({INV: "ok"}),
    ("POST", "/ledger/upload"): only({INV: 422}),  # allowed; no file sent
    ("GET", "/audit"): only({SUP: "ok", ADM: "ok"}),
    ("POST", "/api/v1/complaints"): only({HD: 422, INV: 422, OTHER: 422}, anonymous=401),
    ("GET", "/api/v1/complaints/{ack}"): only(
        {HD: "ok", INV: "ok", SUP: "ok", OTHER: 404}, anonymous=401
    ),
    ("POST", "/api/v1/complaints/{ack}/verify"): only({INV: 409}, anonymous=401),  # verified
    ("POST", "/api/v1/complaints/{ack}/send"): only({INV: 422}, anonymous=401),  # no reason
    # the bank portal: a request the bank was not sent (drafted here) does not exist for it
    ("GET", "/bank/requests"): only({BANK: "ok"}),
    ("GET", "/holds/escalated"): only({INV: "ok", SUP: "ok"}),
    ("GET", "/holds/scoreboard"): only({INV: "ok", SUP: "ok"}),
    ("GET", "/holds/scoreboard.svg"): only({INV: "ok", SUP: "ok"}),
    ("GET", "/bank/requests/{request_id}"): only({BANK: 404}),
    ("POST", "/bank/requests/{request_id}/answer"): only({BANK: 422}),  # no answer given
    ("GET", "/api/v1/hold-requests"): only({BANK: "ok"}, anonymous=401),
    ("POST", "/api/v1/hold-requests/{request_id}/responses"): only({BANK: 422}, anonymous=401),
    # --- traders' grievances (issue 13): a grievance of the KTW trader, in the Central zone ---
    ("GET", "/grievances"): only(dict.fromkeys((TR, OTR, NO, OZ, SUP), "ok")),
    ("GET", "/grievances/new"): only({TR: "ok", OTR: "ok"}),
    ("POST", "/grievances"): only({TR: 422, OTR: 422}),  # allowed; the empty form is bad
    ("GET", "/grievances/{ack}"): only(GRIEVANCE_VIEWERS),
    # the nodal officer accepts (once: it changes the grievance); every other move below is
    # allowed but sent without its note or choice (422), so the state stays for the next role
    ("GET", "/grievances/{ack}/letter.html"): only({NO: "ok", OZ: 404, SUP: "ok"}),
    ("POST", "/grievances/{ack}/attachments"): only({TR: 422, OTR: 404, NO: 422, OZ: 404}),
    ("GET", "/grievances/{ack}/attachments/{attachment_id}"): only(GRIEVANCE_VIEWERS),
    ("POST", "/grievances/{ack}/accept"): only({NO: "ok", OZ: 404}),
    ("POST", "/grievances/{ack}/ask-info"): only({NO: 422, OZ: 404}),
    ("POST", "/grievances/{ack}/transfer"): only({NO: 422, OZ: 404}),
    ("POST", "/grievances/{ack}/resolve"): only({NO: 422, OZ: 404}),
    ("POST", "/grievances/{ack}/answer"): only({TR: 422, OTR: 404}),
    ("POST", "/grievances/{ack}/rate"): only({TR: 422, OTR: 404}),
    ("POST", "/grievances/{ack}/appeal"): only({SUP: 422}),
    # trader meetings: commissionerate-wide, run by nodal officers and the supervisor
    ("GET", "/meetings"): only(dict.fromkeys((TR, OTR, NO, OZ, SUP), "ok")),
    ("POST", "/meetings"): only(dict.fromkeys((NO, OZ, SUP), 422)),  # allowed; empty form
    ("GET", "/meetings/{meeting_id}"): only(dict.fromkeys((TR, OTR, NO, OZ, SUP), "ok")),
    ("GET", "/meetings/{meeting_id}/minutes.{lang}.html"): only(
        dict.fromkeys((TR, OTR, NO, OZ, SUP), "ok")
    ),
    ("POST", "/meetings/{meeting_id}/minutes"): only(dict.fromkeys((NO, OZ, SUP), 422)),
    ("POST", "/meetings/{meeting_id}/items"): only(dict.fromkeys((NO, OZ, SUP), 422)),
    # an item that does not exist: the managers are let in, and told so
    ("POST", "/meetings/{meeting_id}/items/{item_id}/done"): only(
        dict.fromkeys((NO, OZ, SUP), 404)
    ),
    # awareness planned from local fraud: nodal officers and the supervisor
    ("GET", "/awareness"): only(dict.fromkeys((NO, OZ, SUP), "ok")),
    ("GET", "/awareness/trends.svg"): only(dict.fromkeys((NO, OZ, SUP), "ok")),
    ("POST", "/awareness/sessions"): only(dict.fromkeys((NO, OZ, SUP), 422)),  # empty form
    ("POST", "/api/v1/grievances"): only({TR: 422, OTR: 422}, anonymous=401),
    ("GET", "/api/v1/grievances/{ack}"): only(GRIEVANCE_VIEWERS, anonymous=401),
    # --- the victim's view (issue 11 §9): the case is filed with the citizen's mobile ---
    ("GET", "/track"): EVERYONE,
    ("POST", "/track"): dict.fromkeys(ROLES, 422),  # anyone may ask; the empty form is bad
    ("POST", "/track/code"): dict.fromkeys(ROLES, 422),
    # the desks are sent to their own list; a citizen sees their complaints
    ("GET", "/my"): only(dict.fromkeys((HD, INV, SUP, OTHER, CIT, OCIT), "ok")),
    ("GET", "/my/{ack}"): only({**CASE_VIEWERS, CIT: "ok", OCIT: 404}),
    # a trader registers itself (issue 13)
    ("GET", "/register"): EVERYONE,
    ("POST", "/register"): dict.fromkeys(ROLES, 422),  # anyone may; the empty form is bad
    ("POST", "/register/complete"): dict.fromkeys(ROLES, 422),
    ("GET", "/traders/new"): only({NO: "ok", OZ: "ok", SUP: "ok"}),
    ("POST", "/traders/new"): only({NO: 422, OZ: 422, SUP: 422}),  # allowed; the empty form
    ("GET", "/openapi.json"): EVERYONE,
    ("GET", "/static"): EVERYONE,
}

# --- the rest of the case workflow and restoration (issue 11, sections 6 and 7) -------------
# The investigator is let in and the empty form refused (422), or the step refused in the
# case's state (409: a registered case cannot close); a restoration that does not exist is 404
# for everyone who may see the case; the request (drafted) does not exist for the bank.
MATRIX.update(
    {
        ("POST", "/cases/{ack}/reject"): only({INV: 422}),
        ("POST", "/cases/{ack}/merge"): only({INV: 422}),
        ("POST", "/cases/{ack}/close"): only({INV: 409}),
        ("POST", "/cases/{ack}/restorations"): only({INV: 422}),
        ("GET", "/cases/{ack}/restorations/{restoration_id}.{lang}.html"): only(
            dict.fromkeys((HD, INV, SUP, OTHER), 404)
        ),
        ("POST", "/cases/{ack}/restorations/{restoration_id}/order"): only({INV: 404}),
        ("GET", "/holds/clock"): only({INV: "ok", SUP: "ok"}),
        ("GET", "/bank/requests/{request_id}/restoration"): only({BANK: 404}),
        ("POST", "/bank/requests/{request_id}/restoration/credits"): only({BANK: 404}),
        ("POST", "/api/v1/hold-requests/{request_id}/restorations"): only(
            {BANK: 422}, anonymous=401
        ),
    }
)


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route, included routers flattened (FastAPI's own view)."""
    out: set[tuple[str, str]] = set()
    for r in iter_route_contexts(app.routes):
        if isinstance(r.original_route, Mount):
            out.add(("GET", str(r.path)))
        else:
            out |= {(m, str(r.path)) for m in (r.methods or {"GET"}) if m != "HEAD"}
    return out


def test_every_route_has_an_entry(app: FastAPI) -> None:
    assert routes(app) == set(MATRIX)


@pytest.fixture
def case(client_as: Clients, tiny_city: Path) -> tuple[str, str]:
    """A complaint of the KTW help desk with a hold request: (ack, the request's number)."""
    import re

    client, csrf = client_as(HD)
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines():
        form = {
            "csrf_token": csrf,
            "channel": "help_desk",
            "station": "KTW",
            "complainant_name": "A",
            "complainant_mobile": VICTIM_MOBILE,
            "narrative": json.loads(line)["narrative"],
        }
        r = client.post("/cases", data=form, follow_redirects=False)
        ack = r.headers["location"].split("/")[2].split("?")[0]
        banks = re.findall(rf"/cases/{ack}/requests/(\w+)\.html", client.get(f"/cases/{ack}").text)
        if banks:
            return ack, banks[0]
    raise AssertionError("no complaint with a hold request in the tiny city")


def _call(
    client: TestClient, method: str, path: str, role: str, csrf: str, token: str | None
) -> Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if path.startswith("/api/"):
        if method == "POST":
            return client.post(path, json={}, headers=headers)
        return client.get(path, headers=headers)
    if method == "POST":
        data = {"csrf_token": csrf}
        if path == "/login":
            user = USER_OF_ROLE.get(role)
            data |= {"username": user or "nobody", "password": PASSWORD if user else "wrong wrong"}
        if path == "/language":
            data |= {"locale": "en"}
        return client.post(path, data=data, headers={"X-CSRF-Token": csrf}, follow_redirects=False)
    return client.get(path, follow_redirects=False)


def _outcome(response: Response) -> Outcome:
    status = response.status_code
    if status in (302, 303) and response.headers.get("location", "").startswith("/login"):
        return "login"
    if 200 <= status < 400:
        return "ok"
    return status


@pytest.fixture
def grievance(client_as: Clients) -> str:
    """A frozen-account grievance of the KTW trader (Central zone): its acknowledgement."""
    client, csrf = client_as(TR)
    form = {
        "csrf_token": csrf,
        "category": "frozen_account",
        "description": "My shop's current account is frozen.",
        "account": "SBIN0001234:30012345678",
        "station": "KTW",
    }
    pdf = ("statement.pdf", b"%PDF-1.4 a bank statement", "application/pdf")
    r = client.post("/grievances", data=form, files={"attachment": pdf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"]).split("/")[2].split("?")[0]


@pytest.fixture
def meeting(app: FastAPI) -> int:
    """A scheduled trader meeting: its id."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from cybersetu.meetings.service import MeetingInput, do_schedule_meeting
    from cybersetu.officers.models import User
    from cybersetu.officers.service import actor_of

    with app.state.desk.db() as s:
        nodal = actor_of(s.scalars(select(User).where(User.username == "no_central")).one())
        data = MeetingInput("Monthly", datetime(2026, 3, 4, 5, 30, tzinfo=UTC), "Police Lines")
        return do_schedule_meeting(s, data, actor=nodal).id


def test_the_matrix(
    app: FastAPI, client_as: Clients, case: tuple[str, str], grievance: str, meeting: int
) -> None:
    ack, request_id = case
    db = app.state.desk.db
    tokens = {}
    for role, user in USER_OF_ROLE.items():
        with db() as s:
            tokens[role] = do_create_token(s, actor=Actor.system("test"), username=user)
    concrete = {
        "/cases/{ack}": f"/cases/{ack}",
        "/cases/{ack}/trail.svg": f"/cases/{ack}/trail.svg",
        "/cases/{ack}/requests/{key}.{fmt}": f"/cases/{ack}/requests/{request_id}.json",
        "/cases/{ack}/verify": f"/cases/{ack}/verify",
        "/cases/{ack}/send": f"/cases/{ack}/send",
        "/cases/{ack}/notes": f"/cases/{ack}/notes",
        "/my/{ack}": f"/my/{ack}",
        "/api/v1/complaints/{ack}": f"/api/v1/complaints/{ack}",
        "/api/v1/complaints/{ack}/verify": f"/api/v1/complaints/{ack}/verify",
        "/api/v1/complaints/{ack}/send": f"/api/v1/complaints/{ack}/send",
        "/bank/requests/{request_id}": f"/bank/requests/{request_id}",
        "/bank/requests/{request_id}/answer": f"/bank/requests/{request_id}/answer",
        "/api/v1/hold-requests/{request_id}/responses": (
            f"/api/v1/hold-requests/{request_id}/responses"
        ),
        "/static": "/static/desk.css",
        "/meetings/{meeting_id}": f"/meetings/{meeting}",
        "/meetings/{meeting_id}/minutes.{lang}.html": f"/meetings/{meeting}/minutes.hi.html",
        "/meetings/{meeting_id}/minutes": f"/meetings/{meeting}/minutes",
        "/meetings/{meeting_id}/items": f"/meetings/{meeting}/items",
        "/meetings/{meeting_id}/items/{item_id}/done": f"/meetings/{meeting}/items/999/done",
    }
    for _method, path in MATRIX:  # the restoration's routes (issue 11)
        if "/restoration" in path or path.endswith(("/reject", "/merge", "/close")):
            concrete[path] = (
                path.replace("{ack}", ack)
                .replace("{request_id}", request_id)
                .replace("{restoration_id}", "999")
                .replace("{lang}", "hi")
            )
    for _method, path in MATRIX:
        if "/grievances/{ack}" in path:
            concrete[path] = path.replace("{ack}", grievance).replace("{attachment_id}", "1")
    wrong = []
    for role in ROLES:
        client, csrf = client_as(role)
        for (method, template), expected in sorted(MATRIX.items()):
            if template.endswith("/verify") and role == INV:
                continue  # verifying changes the case; it is checked last
            got = _outcome(
                _call(
                    client, method, concrete.get(template, template), role, csrf, tokens.get(role)
                )
            )
            if got != expected[role]:
                wrong.append(f"{role} {method} {template}: expected {expected[role]}, got {got}")
            if template in ("/logout", "/login"):
                client, csrf = client_as(role)  # signed out (or in anew): a fresh session
    client, csrf = client_as(INV)
    got = _outcome(_call(client, "POST", f"/cases/{ack}/verify", INV, csrf, None))
    if got != "ok":
        wrong.append(f"investigator POST verify: got {got}")
    got = _outcome(
        _call(client, "POST", f"/api/v1/complaints/{ack}/verify", INV, csrf, tokens[INV])
    )
    if got != MATRIX[("POST", "/api/v1/complaints/{ack}/verify")][INV]:
        wrong.append(f"investigator POST api verify: got {got}")
    assert wrong == [], "\n".join(wrong)
