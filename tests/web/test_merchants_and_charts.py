"""Through the desk: a merchant's bank is asked for a lien (verify the sale first, never a
freeze) in the API and the portal; the bank scoreboard's chart is an SVG with the banks' names."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.desk import sign_in
from tests.holds.test_merchants import merchant_of
from tests.web.test_api import token
from tests.web.test_bank_api import _bank_token, _registered


def test_a_merchants_bank_sees_a_lien_not_a_freeze_and_the_scoreboard_chart(
    app: FastAPI, tiny_city: Path
) -> None:
    complaints: list[dict[str, Any]] = [
        json.loads(x) for x in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines()
    ]
    client = TestClient(app)
    inv = token(app, "inv")
    case = _registered(client, app, complaints)
    request = case["request"]
    assert request["accounts"][0]["action"] in ("hold", "information")
    assert client.post(f"/api/v1/complaints/{case['ack']}/verify", headers=inv).status_code == 200
    merchant, merchant_bank = merchant_of(tiny_city, request["bank"])
    end = app.state.desk.access.end()
    body = {
        "status": "moved_on",
        "onward": [
            {
                "txn_id": "SHOPPING0001",
                "ts": (end + timedelta(minutes=2)).isoformat(),
                "amount": request["accounts"][0]["amount"],
                "dst_account": merchant,
                "dst_bank": merchant_bank,
                "channel": "UPI",
            }
        ],
    }
    bank = _bank_token(app, request["bank"])
    url = f"/api/v1/hold-requests/{request['id']}/responses"
    out = client.post(url, json=body, headers={**bank, "Idempotency-Key": "shop-1"})
    assert out.status_code == 201, out.text
    shop = _bank_token(app, merchant_bank)
    listed = client.get("/api/v1/hold-requests", headers=shop).json()
    assert [x["id"] for x in listed] == out.json()["next_requests"]
    assert listed[0]["accounts"] == [
        {"account": merchant, "amount": request["accounts"][0]["amount"], "action": "lien"}
    ]
    # More than the traced amount is refused at a merchant as anywhere.
    too_much = str(float(request["accounts"][0]["amount"]) + 1)
    refused = client.post(
        f"/api/v1/hold-requests/{listed[0]['id']}/responses",
        json={"status": "held", "held_amount": too_much, "lien_ref": "L-9"},
        headers={**shop, "Idempotency-Key": "shop-2"},
    )
    assert refused.status_code == 422, refused.text

    # The portal says it in words, and the letter too.
    portal = TestClient(app)
    sign_in(portal, f"api.{merchant_bank.lower()}")
    page = portal.get(f"/bank/requests/{listed[0]['id']}")
    assert page.status_code == 200
    assert "do not freeze the account; verify the sale first" in page.text
    assert "Merchant: verify the sale" in page.text
    investigator = TestClient(app)
    sign_in(investigator, "inv")
    letter = investigator.get(f"/cases/{case['ack']}/requests/{listed[0]['id']}.html")
    assert letter.status_code == 200
    assert "do NOT freeze the account" in letter.text
    assert "खाता फ़्रीज़ न करें" in letter.text

    # The supervisor's scoreboard chart: SVG drawn on the server, the banks named in it.
    sup = TestClient(app)
    sign_in(sup, "sup")
    chart = sup.get("/holds/scoreboard.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(chart.content)  # noqa: S314 - our own server's SVG
    assert root.tag.endswith("svg")
    assert "<script" not in chart.text
    assert f"({request['bank']})" in chart.text
    assert f"({merchant_bank})" in chart.text
    assert "Time to answer" in chart.text
    board = sup.get("/holds/scoreboard")
    assert 'src="/holds/scoreboard.svg"' in board.text
