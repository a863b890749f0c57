"""What people do, in a real browser (Playwright on Debian's chromium) against a running desk.

A help-desk officer signs in, switches to Hindi, pastes a Hindi story, sees its UTR and amount
picked out, registers the complaint and gets the acknowledgement number; the investigator opens
the case, sees the trail picture and downloads a letter; another station's officer cannot open
it. The desk runs under uvicorn in this process, on a free port of 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybersetu.db.session import session_factory
from cybersetu.web import create_app
from tests.desk import PASSWORD, add_users, copy_store, desk_settings, engine_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tiny_store: Path, tmp_path: Path) -> Iterator[tuple[str, FastAPI]]:
    """The desk served on 127.0.0.1 (SQLite and a copy of the tiny city): its base URL and
    the app (for what a test sets up without a browser)."""
    from cybersetu.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(url)
    with engine_of(url) as engine:
        add_users(session_factory(engine))
    app = create_app(desk_settings(tmp_path, url, copy_store(tiny_store, tmp_path)))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def desk(served: tuple[str, FastAPI]) -> str:
    return served[0]


@pytest.fixture
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is needed (make test installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


def sign_in(browser: Browser, base: str, username: str, lands: str = "/cases") -> Page:
    """A new page signed in as the user, on the first page of the user's role."""
    page = browser.new_page(locale="en-IN", viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}{lands}")
    return page


def _hindi_story(tiny_city: Path) -> dict[str, Any]:
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines():
        c: dict[str, Any] = json.loads(line)
        if c["language"] == "hi" and any(t["txn_id"] in c["narrative"] for t in c["transactions"]):
            return c
    raise AssertionError("no Hindi complaint that names its UTR")


def test_a_complaint_from_hindi_story_to_letter(
    desk: str, browser: Browser, tiny_city: Path
) -> None:
    story = _hindi_story(tiny_city)
    utr = next(t["txn_id"] for t in story["transactions"] if t["txn_id"] in story["narrative"])

    officer = sign_in(browser, desk, "hd_ktw")
    officer.get_by_role("button", name="हिन्दी").click()
    officer.wait_for_url(f"{desk}/cases")
    assert officer.locator("html").get_attribute("lang") == "hi"
    officer.goto(f"{desk}/cases/new")
    officer.locator("#complainant_name").fill(story["complainant"]["name"])
    officer.locator("#complainant_mobile").fill(story["complainant"]["mobile"])
    officer.locator("#narrative").fill(story["narrative"])
    chips = officer.locator("#preview .chip")
    officer.locator(f'#preview li.k-utr input[value="{utr}"]').wait_for(timeout=10_000)
    assert officer.locator("#preview li.k-amount").count() >= 1
    assert chips.count() >= 3
    # the payment rows were filled from the ledger
    assert officer.locator("input[name=txn_id_0]").input_value() in {
        t["txn_id"] for t in story["transactions"]
    }
    officer.locator("form.intake button.primary").click()
    officer.wait_for_url("**/cases/KNP-*?new=1")
    ack = officer.locator(".ack-number").inner_text().strip()
    assert ack.startswith("KNP-")
    assert "पावती संख्या" in officer.locator(".ack").inner_text()

    investigator = sign_in(browser, desk, "inv")
    investigator.goto(f"{desk}/cases/{ack}")
    picture = investigator.get_by_role("img", name="The money trail of this complaint")
    picture.wait_for()
    assert investigator.evaluate(
        "img => img.complete && img.naturalWidth > 0", picture.element_handle()
    )
    with investigator.expect_download() as download:
        investigator.get_by_role("link", name="CSV").first.click()
    assert Path(download.value.path()).read_text("utf-8").startswith("bank,")
    investigator.get_by_role("link", name="Letter").first.click()
    investigator.wait_for_load_state()
    assert "106" in investigator.content()
    assert "भारतीय नागरिक सुरक्षा संहिता" in investigator.content()

    other = sign_in(browser, desk, "hd_swn")
    response = other.goto(f"{desk}/cases/{ack}")
    assert response is not None
    assert response.status == 404


def test_a_bank_says_the_money_moved_on_and_the_next_bank_is_asked(
    served: tuple[str, FastAPI], browser: Browser, tiny_city: Path, tmp_path: Path
) -> None:
    from cybersetu.authz.actor import Actor
    from cybersetu.officers.service import do_create_user
    from tests.web.test_api import complaint_body, token

    base, app = served
    # The help desk registered a complaint and the investigator sent its requests (the API).
    api = TestClient(app)
    hd, inv = token(app, "hd_ktw"), token(app, "inv")
    request: dict[str, Any] | None = None
    ack = ""
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines():
        out = api.post("/api/v1/complaints", json=complaint_body(json.loads(line)), headers=hd)
        one = [
            r
            for r in out.json()["hold_requests"]
            if len(r["accounts"]) == 1 and r["accounts"][0]["action"] != "lien"
        ]
        if one and one[0]["bank"] != "KKBK":
            request, ack = one[0], out.json()["ack"]
            break
    assert request is not None
    assert api.post(f"/api/v1/complaints/{ack}/verify", headers=inv).status_code == 200
    from cybersetu.cases.models import HoldRequest

    with app.state.desk.db() as s:
        held = s.get(HoldRequest, request["id"])
        assert held is not None
        layer = held.layer
        do_create_user(
            s,
            actor=Actor.system("t"),
            username="bank.nodal",
            role="bank_officer",
            password=PASSWORD,
            bank=request["bank"],
        )
    end = app.state.desk.access.end()
    onward_at = (end + timedelta(minutes=3)).isoformat()
    amount = request["accounts"][0]["amount"]

    bank = sign_in(browser, base, "bank.nodal", lands="/bank/requests")
    rows = bank.locator("table.list tbody tr")
    assert rows.count() >= 1
    assert request["accounts"][0]["account"] in bank.content()
    bank.get_by_role("link", name=f"#{request['id']}").click()
    bank.wait_for_url(f"{base}/bank/requests/{request['id']}")
    bank.screenshot(path=str(tmp_path / "bank-request.png"), full_page=True)
    bank.get_by_label("Moved on").check()
    bank.locator("#onward").fill(
        f"612399990001, {onward_at}, {amount}, KKBK0004567:7711223344, IMPS"
    )
    bank.get_by_role("button", name="Record the answer").click()
    bank.wait_for_url(f"{base}/bank/requests/{request['id']}")
    assert "Your answer" in bank.content()
    assert "Moved on" in bank.locator("main").inner_text()

    investigator = sign_in(browser, base, "inv")
    investigator.goto(f"{base}/cases/{ack}")
    table = investigator.locator("table.list").filter(has_text="KKBK")
    table.wait_for()
    row = table.locator("tr", has_text="KKBK")
    assert row.locator("td").first.inner_text().strip() == str(layer + 1)
    assert "sent" in row.inner_text()
    investigator.screenshot(path=str(tmp_path / "case-next-layer.png"), full_page=True)


def test_the_victim_opens_their_complaint_with_a_code_and_sees_the_hold(
    served: tuple[str, FastAPI], browser: Browser, tiny_city: Path, tmp_path: Path
) -> None:
    import re

    from cybersetu.authz.actor import Actor
    from cybersetu.officers.service import do_create_user
    from tests.web.test_api import complaint_body, token

    base, app = served
    # An English complaint with money at one account, verified (sent) and held by its bank.
    api = TestClient(app)
    hd, inv = token(app, "hd_ktw"), token(app, "inv")
    found: tuple[str, dict[str, Any], str] | None = None
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines():
        c = json.loads(line)
        if c["language"] != "en":
            continue
        out = api.post("/api/v1/complaints", json=complaint_body(c), headers=hd).json()
        one = [r for r in out["hold_requests"] if len(r["accounts"]) == 1]
        if one:
            found = (out["ack"], one[0], c["complainant"]["mobile"])
            break
    assert found is not None
    ack, request, mobile = found
    assert api.post(f"/api/v1/complaints/{ack}/verify", headers=inv).status_code == 200
    with app.state.desk.db() as s:
        do_create_user(
            s,
            actor=Actor.system("t"),
            username="bank.victim",
            role="bank_officer",
            password=PASSWORD,
            bank=request["bank"],
        )
    amount = request["accounts"][0]["amount"]
    answer = {"status": "held", "held_amount": amount, "lien_ref": "LIEN/1"}
    headers = {**token(app, "bank.victim"), "Idempotency-Key": "victim-1"}
    r = api.post(f"/api/v1/hold-requests/{request['id']}/responses", json=answer, headers=headers)
    assert r.status_code == 201, r.text

    page = browser.new_page(locale="en-IN", viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/login")
    page.get_by_role("link", name="Track my complaint").click()
    page.get_by_label("Acknowledgement number").fill(ack)
    page.get_by_label("Mobile number").fill(mobile)
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("One-time code").wait_for()
    outbox = tmp_path / "outbox.jsonl"
    bodies = [json.loads(x)["body"] for x in outbox.read_text("utf-8").splitlines()]
    code = re.search(r"(?<![-\d])(\d{6})(?!\d)", next(b for b in bodies if "code" in b))
    assert code is not None
    page.get_by_label("One-time code").fill(code.group(1))
    page.get_by_role("button", name="Open my complaint").click()
    page.wait_for_url(f"{base}/my/{ack}")
    text = page.locator("main").inner_text()
    assert "Held for you at banks" in text
    from cybersetu.ledger.money import format_inr, parse_rupees

    assert format_inr(parse_rupees(amount, "held")) in text
    assert "What happens next" in text
    page.screenshot(path=str(tmp_path / "victim.png"), full_page=True)
    # the victim heard of the hold by SMS too
    assert any("has held" in b and ack in b for b in bodies)
