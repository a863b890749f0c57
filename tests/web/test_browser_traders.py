"""A trader and the nodal officer in a real browser (Playwright on Debian's chromium).

The help desk registers a complaint whose money stopped in an account; the account's holder, a
trader, files a Hindi grievance about it being frozen; the zone's nodal officer sees the traced
amount, opens the letter to the bank, and resolves the grievance; the trader rates it.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cybersetu.authz.actor import Actor
from cybersetu.db.session import session_factory
from cybersetu.officers.service import do_create_token
from tests.desk import engine_of
from tests.web.test_browser import browser, desk, served, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["browser", "desk", "served"]  # the served desk and the browser, as fixtures


def _api(base: str, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(  # noqa: S310 - the desk on 127.0.0.1, started here
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - the same
        return json.loads(answer.read())


def _held_account(base: str, tmp_path: Path, tiny_city: Path) -> tuple[str, str]:
    """(the complaint's ack, an account its traced money stopped in), registered on the API."""
    with (
        engine_of(f"sqlite:///{tmp_path / 'desk.sqlite3'}") as engine,
        session_factory(engine)() as s,
    ):
        token = do_create_token(s, actor=Actor.system("test"), username="hd_ktw")
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines():
        c = json.loads(line)
        body = {
            "channel": "help_desk",
            "station": "KTW",
            "complainant": {"name": c["complainant"]["name"], "mobile": c["complainant"]["mobile"]},
            "narrative": c["narrative"],
        }
        out = _api(base, "/api/v1/complaints", token, body)
        for hold in out["hold_requests"]:
            for account in hold["accounts"]:
                return out["ack"], account["account"]
    raise AssertionError("no complaint of the tiny city with money to hold")


def test_a_frozen_account_from_hindi_grievance_to_resolution(
    desk: str, browser: Browser, tiny_city: Path, tmp_path: Path
) -> None:
    ack, account = _held_account(desk, tmp_path, tiny_city)

    trader = sign_in(browser, desk, "tr_ktw", "/grievances")
    trader.get_by_role("button", name="हिन्दी").click()
    trader.wait_for_url(f"{desk}/grievances")
    trader.goto(f"{desk}/grievances/new")
    trader.locator("#category").select_option("frozen_account")
    trader.locator("#description").fill("मेरा करंट खाता फ्रीज़ कर दिया गया है, दुकान का भुगतान रुका है।")
    trader.locator("#account").fill(account)
    trader.locator("form.grievance button.primary").click()
    trader.wait_for_url("**/grievances/GRV-*?new=1")
    grievance = trader.locator(".ack-number").inner_text().strip()
    assert "पावती संख्या" in trader.locator(".ack").inner_text()
    assert trader.locator(".due").inner_text().strip()
    assert ack not in trader.content()  # the complaint behind it is not the trader's to see

    nodal = sign_in(browser, desk, "no_central", "/grievances")
    nodal.goto(f"{desk}/grievances/{grievance}")
    answer = nodal.locator(".trail-answer")
    assert ack in answer.inner_text()
    lien = answer.locator(".lien").inner_text()
    assert lien.startswith("₹")
    nodal.get_by_role("link", name="Letter to the bank (English and Hindi)").click()
    nodal.wait_for_load_state()
    assert "limit the lien to" in nodal.content()
    assert "लियन को" in nodal.content()
    nodal.go_back()
    nodal.get_by_role("button", name="Accept").click()
    nodal.wait_for_url(f"{desk}/grievances/{grievance}")
    nodal.locator("#resolve-note").fill(f"Bank asked to limit the lien to {lien}.")
    nodal.get_by_role("button", name="Resolve").click()
    nodal.wait_for_url(f"{desk}/grievances/{grievance}")

    trader.goto(f"{desk}/grievances/{grievance}")
    trader.get_by_label("संतुष्ट", exact=True).check()
    trader.get_by_role("button", name="राय भेजें").click()
    trader.wait_for_url(f"{desk}/grievances/{grievance}")
    assert trader.locator(".status").first.inner_text().strip() == "बंद"
