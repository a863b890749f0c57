"""Restoration on the web: the case page's section and forms, the documents in English and
Hindi, the bank portal's credit, the hold clock's queue, and the credit API as written (201,
replay 200, another bank's request 404, bad input 422, before the order 409)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.desk import csrf_of, sign_in
from tests.web.conftest import Clients
from tests.web.test_api import token
from tests.web.test_bank_api import _bank_token, _registered, complaints

__all__ = ["complaints"]


def _held(app: FastAPI, complaints: list[dict[str, Any]]) -> dict[str, Any]:
    """A complaint verified and sent, whose one-account request the bank held in full."""
    client = TestClient(app)
    case = _registered(client, app, complaints)
    request = case["request"]
    bank = _bank_token(app, request["bank"])
    r = client.post(f"/api/v1/complaints/{case['ack']}/verify", headers=token(app, "inv"))
    assert r.status_code == 200, r.text
    held = client.post(
        f"/api/v1/hold-requests/{request['id']}/responses",
        json={"status": "held", "held_amount": request["accounts"][0]["amount"], "lien_ref": "L9"},
        headers={**bank, "Idempotency-Key": "held"},
    )
    assert held.status_code == 201, held.text
    return {**case, "bank": bank, "bank_user": f"api.{request['bank'].lower()}"}


def test_restoration_from_the_case_page_to_the_banks_credit(
    app: FastAPI, client_as: Clients, complaints: list[dict[str, Any]]
) -> None:
    case = _held(app, complaints)
    ack, request = case["ack"], case["request"]
    amount = request["accounts"][0]["amount"]
    inv, csrf = client_as("investigator")
    page = inv.get(f"/cases/{ack}")
    assert 'id="restoration"' in page.text
    assert "90" in page.text  # the hold clock
    start = inv.post(
        f"/cases/{ack}/restorations",
        data={"csrf_token": csrf, "request_id": request["id"]},
        follow_redirects=False,
    )
    assert start.status_code == 303, start.text
    again = inv.post(
        f"/cases/{ack}/restorations", data={"csrf_token": csrf, "request_id": request["id"]}
    )
    assert again.status_code == 409
    html = inv.get(f"/cases/{ack}").text
    [rid] = re.findall(rf"/cases/{ack}/restorations/(\d+)\.en\.html", html)
    en = inv.get(f"/cases/{ack}/restorations/{rid}.en.html")
    hi = inv.get(f"/cases/{ack}/restorations/{rid}.hi.html")
    assert en.status_code == hi.status_code == 200
    assert ack in en.text
    assert "L9" in en.text
    assert "लियन" in hi.text
    assert inv.get(f"/cases/{ack}/restorations/{rid}.fr.html").status_code == 404
    # another station's help desk does not see the case, nor its documents
    other, _ = client_as("other_station")
    assert other.get(f"/cases/{ack}/restorations/{rid}.en.html").status_code == 404
    # the bank may not credit before the order (API: 409)
    url = f"/api/v1/hold-requests/{request['id']}/restorations"
    body = {"amount": amount, "credit_ref": "UTRBACK00001", "credited_at": "2026-01-20T11:00"}
    early = TestClient(app).post(url, json=body, headers={**case["bank"], "Idempotency-Key": "e"})
    assert early.status_code == 409, early.text
    bad_date = inv.post(
        f"/cases/{ack}/restorations/{rid}/order",
        data={"csrf_token": csrf, "order_ref": "X", "order_date": "soon", "authority": "Y"},
    )
    assert bad_date.status_code == 422
    ordered = inv.post(
        f"/cases/{ack}/restorations/{rid}/order",
        data={
            "csrf_token": csrf,
            "order_ref": "CJM/2026/301",
            "order_date": "2026-01-15",
            "authority": "CJM Kanpur Nagar",
        },
        follow_redirects=False,
    )
    assert ordered.status_code == 303, ordered.text
    # the bank officer confirms the credit in the portal
    portal = TestClient(app)
    sign_in(portal, case["bank_user"])
    shown = portal.get(f"/bank/requests/{request['id']}/restoration")
    assert shown.status_code == 200
    assert "CJM/2026/301" in shown.text
    key = re.search(r'name="idempotency_key" value="(\w+)"', shown.text)
    assert key is not None
    form = {
        "csrf_token": csrf_of(shown.text),
        "idempotency_key": key[1],
        "amount": amount,
        "credit_ref": "UTRBACK00001",
        "credited_at": "2026-01-20T11:00",
    }
    done = portal.post(
        f"/bank/requests/{request['id']}/restoration/credits", data=form, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    # pressing the button twice records the credit once
    twice = portal.post(
        f"/bank/requests/{request['id']}/restoration/credits", data=form, follow_redirects=False
    )
    assert twice.status_code == 303
    detail = TestClient(app).get(f"/api/v1/complaints/{ack}", headers=token(app, "inv")).json()
    assert detail["status"] in ("restored", "partly_restored")
    timeline = [e["code"] for e in detail["timeline"]]
    assert timeline.count("restoration.credited") == 1
    assert "case.restoration_moved" in timeline
    # nothing left to credit: 409
    late = TestClient(app).post(url, json=body, headers={**case["bank"], "Idempotency-Key": "z"})
    assert late.status_code == 409


def test_the_credit_api_contract(app: FastAPI, complaints: list[dict[str, Any]]) -> None:
    case = _held(app, complaints)
    ack, request = case["ack"], case["request"]
    amount = request["accounts"][0]["amount"]
    inv = TestClient(app)
    csrf = sign_in(inv, "inv")
    inv.post(f"/cases/{ack}/restorations", data={"csrf_token": csrf, "request_id": request["id"]})
    rid = re.findall(rf"/cases/{ack}/restorations/(\d+)\.en\.html", inv.get(f"/cases/{ack}").text)
    r = inv.post(
        f"/cases/{ack}/restorations/{rid[0]}/order",
        data={"csrf_token": csrf, "order_ref": "O-1", "order_date": "2026-01-15", "authority": "A"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    client = TestClient(app)
    url = f"/api/v1/hold-requests/{request['id']}/restorations"
    body = {"amount": "1.00", "credit_ref": "UTRBACK00002", "credited_at": "2026-01-20T11:00"}
    headers = {**case["bank"], "Idempotency-Key": "cr-1"}
    first = client.post(url, json=body, headers=headers)
    assert first.status_code == 201, first.text
    out = first.json()
    assert set(out) == {
        "credit_id",
        "restoration_id",
        "restored_amount",
        "left_amount",
        "case_status",
    }
    assert out["restored_amount"] == "1.00"
    again = client.post(url, json=body, headers=headers)
    assert again.status_code == 200
    assert again.json() == out
    assert client.post(url, json={**body, "amount": "2.00"}, headers=headers).status_code == 409
    too_much = client.post(
        url, json={**body, "amount": amount}, headers={**case["bank"], "Idempotency-Key": "cr-2"}
    )
    assert too_much.status_code == 422
    assert "amount" in too_much.text
    for bad in ({**body, "amount": "-5"}, {**body, "credit_ref": ""}, {"amount": "1.00"}):
        got = client.post(url, json=bad, headers={**case["bank"], "Idempotency-Key": "cr-3"})
        assert got.status_code == 422, bad
    assert client.post(url, json=body, headers=case["bank"]).status_code == 422  # no key
    # another bank's officer: the request does not exist
    other = _bank_token(app, "KKBK" if request["bank"] != "KKBK" else "HDFC")
    stranger = client.post(url, json=body, headers={**other, "Idempotency-Key": "cr-4"})
    assert stranger.status_code == 404
    # the route is in the OpenAPI document
    spec = client.get("/openapi.json").json()
    assert "post" in spec["paths"]["/api/v1/hold-requests/{request_id}/restorations"]


@pytest.mark.parametrize("role", ["investigator", "supervisor"])
def test_the_hold_clock_queue_is_shown(client_as: Clients, role: str) -> None:
    client, _ = client_as(role)
    page = client.get("/holds/clock")
    assert page.status_code == 200
    assert "90" in page.text
