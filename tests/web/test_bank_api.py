"""The bank API as written in the contract: verify and send, the bank's open requests, answers
with an Idempotency-Key (replay and refusals), and the next layer's request in the answer."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cybersetu.authz.actor import Actor
from cybersetu.officers.service import do_create_user
from tests.desk import PASSWORD
from tests.web.test_api import complaint_body, token

NEXT_ACCOUNT = "KKBK0004567:7711223344"


@pytest.fixture
def complaints(tiny_city: Path) -> list[dict[str, Any]]:
    lines = (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines()
    return [json.loads(x) for x in lines]


def _bank_token(app: FastAPI, bank: str) -> dict[str, str]:
    name = f"api.{bank.lower()}"
    with app.state.desk.db() as s:
        do_create_user(
            s,
            actor=Actor.system("t"),
            username=name,
            role="bank_officer",
            password=PASSWORD,
            bank=bank,
        )
    return token(app, name)


def _registered(
    client: TestClient, app: FastAPI, complaints: list[dict[str, Any]]
) -> dict[str, Any]:
    hd = token(app, "hd_ktw")
    for c in complaints:
        out = client.post("/api/v1/complaints", json=complaint_body(c), headers=hd).json()
        # A mule's account: a merchant's lien request is another story (test_merchants_and_charts).
        single = [
            r
            for r in out["hold_requests"]
            if len(r["accounts"]) == 1
            and r["bank"] != "KKBK"
            and r["accounts"][0]["action"] != "lien"
        ]
        if single:
            return {**out, "request": single[0]}
    raise AssertionError("no complaint with a one-account hold request")


def test_verify_send_answer_and_the_next_layer(
    app: FastAPI, complaints: list[dict[str, Any]]
) -> None:
    client = TestClient(app)
    inv = token(app, "inv")
    case = _registered(client, app, complaints)
    request = case["request"]
    bank = _bank_token(app, request["bank"])
    # nothing is open for the bank before the investigator verifies
    assert client.get("/api/v1/hold-requests", headers=bank).json() == []
    r = client.post(f"/api/v1/complaints/{case['ack']}/verify", headers=inv)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "holds_requested"
    assert client.post(f"/api/v1/complaints/{case['ack']}/verify", headers=inv).status_code == 409
    listed = client.get("/api/v1/hold-requests?status=open", headers=bank).json()
    mine = next(x for x in listed if x["id"] == request["id"])
    assert set(mine) == {"id", "complaint_ack", "layer", "bank", "due_at", "accounts", "utr_chain"}
    assert mine["complaint_ack"] == case["ack"]
    assert mine["bank"] == request["bank"]
    assert mine["accounts"] == request["accounts"]
    assert mine["utr_chain"]
    assert all(x["bank"] == request["bank"] for x in listed)
    # the ledger's last row, so the onward payment is after what was traced
    end = app.state.desk.access.end()
    body = {
        "status": "moved_on",
        "onward": [
            {
                "txn_id": "ONWARD000001",
                "ts": (end + timedelta(minutes=2)).isoformat(),
                "amount": request["accounts"][0]["amount"],
                "dst_account": NEXT_ACCOUNT,
                "dst_bank": "KKBK",
                "channel": "IMPS",
            }
        ],
    }
    url = f"/api/v1/hold-requests/{request['id']}/responses"
    first = client.post(url, json=body, headers={**bank, "Idempotency-Key": "abc-1"})
    assert first.status_code == 201, first.text
    out = first.json()
    assert set(out) == {"response_id", "next_requests"}
    assert len(out["next_requests"]) == 1
    again = client.post(url, json=body, headers={**bank, "Idempotency-Key": "abc-1"})
    assert again.status_code == 200
    assert again.json() == out
    other = client.post(
        url, json={"status": "no_balance"}, headers={**bank, "Idempotency-Key": "abc-1"}
    )
    assert other.status_code == 409
    # the next bank sees the next layer, with its chain
    kotak = _bank_token(app, "KKBK")
    nxt = client.get("/api/v1/hold-requests", headers=kotak).json()
    assert [x["id"] for x in nxt] == out["next_requests"]
    assert nxt[0]["layer"] == mine["layer"] + 1
    assert nxt[0]["accounts"][0]["account"] == NEXT_ACCOUNT
    # another bank's request does not exist for this bank
    stranger = client.post(
        f"/api/v1/hold-requests/{out['next_requests'][0]}/responses",
        json={"status": "no_balance"},
        headers={**bank, "Idempotency-Key": "abc-2"},
    )
    assert stranger.status_code == 404
    # the complaint shows the new request
    detail = client.get(f"/api/v1/complaints/{case['ack']}", headers=inv).json()
    assert out["next_requests"][0] in [h["id"] for h in detail["hold_requests"]]


def test_refusals_are_clear_and_record_nothing(
    app: FastAPI, complaints: list[dict[str, Any]]
) -> None:
    client = TestClient(app)
    inv = token(app, "inv")
    case = _registered(client, app, complaints)
    request = case["request"]
    bank = _bank_token(app, request["bank"])
    send = client.post(f"/api/v1/complaints/{case['ack']}/send", json={"reason": ""}, headers=inv)
    assert send.status_code == 422
    send = client.post(
        f"/api/v1/complaints/{case['ack']}/send",
        json={"reason": "victim called within minutes; money still in layer 1"},
        headers=inv,
    )
    assert send.status_code == 200, send.text
    url = f"/api/v1/hold-requests/{request['id']}/responses"
    no_key = client.post(url, json={"status": "no_balance"}, headers=bank)
    assert no_key.status_code == 422
    traced = request["accounts"][0]["amount"]
    too_much = str(Decimal(traced) + 1)
    more = client.post(
        url,
        json={"status": "held", "held_amount": too_much},
        headers={**bank, "Idempotency-Key": "k1"},
    )
    assert more.status_code == 422
    assert "held_amount" in json.dumps(more.json())
    ok = client.post(
        url,
        json={"status": "held", "held_amount": traced, "lien_ref": "LIEN/77"},
        headers={**bank, "Idempotency-Key": "k2"},
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["next_requests"] == []
    status = client.get(f"/api/v1/complaints/{case['ack']}", headers=inv).json()["status"]
    assert status in ("held", "partly_held")
