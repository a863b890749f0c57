"""The victim's pages: a code by SMS (through the outbox, after the commit), the complaint's
own view, and nothing of anyone else's."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import select

from cybersetu.outbox.models import OutboxMessage
from tests.desk import VICTIM_MOBILE, csrf_of
from tests.web.conftest import Clients


def _register(client_as: Clients, tiny_city: Path) -> str:
    client, csrf = client_as("help_desk")
    line = (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines()[0]
    form = {
        "csrf_token": csrf,
        "channel": "help_desk",
        "station": "KTW",
        "complainant_name": "A",
        "complainant_mobile": VICTIM_MOBILE,
        "narrative": json.loads(line)["narrative"],
    }
    r = client.post("/cases", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"]).split("/")[2].split("?")[0]


def _sent(app: FastAPI) -> list[dict[str, str]]:
    path = app.state.desk.settings.data_dir / "outbox.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_a_victim_opens_their_complaint_with_a_code_sent_to_its_number(
    app: FastAPI, client_as: Clients, tiny_city: Path
) -> None:
    ack = _register(client_as, tiny_city)
    # the registration's SMS went out after the request's commit
    assert [m["to"] for m in _sent(app)] == [VICTIM_MOBILE]
    victim, csrf = client_as("anonymous")
    page = victim.get("/track")
    assert page.status_code == 200
    csrf = csrf_of(page.text)
    wrong_number = victim.post(
        "/track", data={"csrf_token": csrf, "ack": ack, "mobile": "9000000001"}
    )
    right_number = victim.post(
        "/track", data={"csrf_token": csrf, "ack": ack, "mobile": VICTIM_MOBILE}
    )
    # the same answer whether or not the complaint and number match
    assert wrong_number.status_code == right_number.status_code == 200
    assert 'name="code"' in wrong_number.text
    assert 'name="code"' in right_number.text
    (sms,) = [m for m in _sent(app) if ack in m["body"] and m["id"] != _sent(app)[0]["id"]]
    code = re.search(r"(?<![-\d])(\d{6})(?!\d)", sms["body"])
    assert code is not None
    with app.state.desk.db() as s:
        # the code was blanked in the outbox once sent
        bodies = s.scalars(select(OutboxMessage.body).where(OutboxMessage.code == "otp.track"))
        assert list(bodies) == [""]
    bad = victim.post(
        "/track/code",
        data={"csrf_token": csrf, "ack": ack, "mobile": VICTIM_MOBILE, "code": "000000"},
    )
    assert bad.status_code == 401
    r = victim.post(
        "/track/code",
        data={"csrf_token": csrf, "ack": ack, "mobile": VICTIM_MOBILE, "code": code.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/my/{ack}"
    mine = victim.get(f"/my/{ack}")
    assert mine.status_code == 200
    assert ack in mine.text
    assert "Reported stolen" in mine.text or "रिपोर्ट" in mine.text
    listed = victim.get("/my")
    assert f"/my/{ack}" in listed.text
    other, _ = client_as("other_citizen")
    assert other.get(f"/my/{ack}").status_code == 404
    # the help desk of the complaint's station reads the same page out on the phone
    desk_client, _ = client_as("help_desk")
    assert desk_client.get(f"/my/{ack}").status_code == 200


def test_the_track_form_says_what_is_wrong_with_a_number(client_as: Clients) -> None:
    client, csrf = client_as("anonymous")
    r = client.post("/track", data={"csrf_token": csrf, "ack": "KNP-2026-000001", "mobile": "12"})
    assert r.status_code == 422
    assert "mobile" in r.text
    assert client.post("/track", data={"ack": "x", "mobile": "9876543210"}).status_code == 403
