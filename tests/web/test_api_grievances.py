"""`/api/v1/grievances`: the fixed contract as the issue writes it, 401/403/404/422."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.test_api import token

FROZEN = {
    "category": "frozen_account",
    "description": "मेरा करंट खाता फ्रीज़ कर दिया गया है, दुकान का सारा पैसा उसी में है।",
    "account": "SBIN0001234:30012345678",
}


def test_post_and_get_a_grievance(app: FastAPI) -> None:
    client = TestClient(app)
    trader = token(app, "tr_ktw")
    r = client.post("/api/v1/grievances", json=FROZEN, headers=trader)
    assert r.status_code == 201, r.text
    out = r.json()
    assert set(out) == {"ack", "status", "due_at", "nodal_officer"}
    assert re.fullmatch(r"GRV-\d{4}-\d{6}", out["ack"])
    assert out["status"] == "filed"
    assert out["nodal_officer"] == "no_central"  # KTW is in the Central zone
    due = datetime.fromisoformat(out["due_at"])
    got = client.get(f"/api/v1/grievances/{out['ack']}", headers=trader)
    assert got.status_code == 200
    detail = got.json()
    assert set(detail) == {"ack", "status", "due_at", "category", "history"}
    assert detail["category"] == "frozen_account"
    assert datetime.fromisoformat(detail["due_at"]) == due
    assert [h["action"] for h in detail["history"]] == ["filed"]
    filed_at = datetime.fromisoformat(detail["history"][0]["at"])
    assert due - filed_at == timedelta(days=7)
    # the nodal officer of the zone and the supervisor see it too
    assert (
        client.get(f"/api/v1/grievances/{out['ack']}", headers=token(app, "no_central")).status_code
        == 200
    )
    assert (
        client.get(f"/api/v1/grievances/{out['ack']}", headers=token(app, "sup")).status_code == 200
    )
    client.close()


def test_other_categories_take_ten_days_and_the_station_routes(app: FastAPI) -> None:
    client = TestClient(app)
    body = {"category": "security_extortion", "description": "Extortion calls", "station": "KLP"}
    r = client.post("/api/v1/grievances", json=body, headers=token(app, "tr_ktw"))
    assert r.status_code == 201, r.text
    assert r.json()["nodal_officer"] == "no_west"
    detail = client.get(
        f"/api/v1/grievances/{r.json()['ack']}", headers=token(app, "tr_ktw")
    ).json()
    filed_at = datetime.fromisoformat(detail["history"][0]["at"])
    assert datetime.fromisoformat(detail["due_at"]) - filed_at == timedelta(days=10)
    client.close()


def test_another_traders_grievance_is_404(app: FastAPI) -> None:
    client = TestClient(app)
    ack = client.post("/api/v1/grievances", json=FROZEN, headers=token(app, "tr_ktw")).json()["ack"]
    for user in ("tr_swn", "no_west"):
        assert client.get(f"/api/v1/grievances/{ack}", headers=token(app, user)).status_code == 404
    assert (
        client.get("/api/v1/grievances/GRV-2026-999999", headers=token(app, "tr_ktw")).status_code
        == 404
    )
    client.close()


def test_401_403_422(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.post("/api/v1/grievances", json=FROZEN).status_code == 401
    assert client.get("/api/v1/grievances/GRV-2026-000001").status_code == 401
    assert (
        client.post("/api/v1/grievances", json=FROZEN, headers=token(app, "hd_ktw")).status_code
        == 403
    )
    assert (
        client.get("/api/v1/grievances/GRV-2026-000001", headers=token(app, "inv")).status_code
        == 403
    )
    trader = token(app, "tr_ktw")
    for change, where in (
        ({"category": "parking"}, ["body", "category"]),
        ({"description": ""}, ["body", "description"]),
        ({"station": "XXX"}, ["body", "station"]),
        ({"account": None}, ["body", "account"]),  # a frozen account must be named
        ({"surprise": 1}, ["body", "surprise"]),
    ):
        r = client.post("/api/v1/grievances", json={**FROZEN, **change}, headers=trader)
        assert r.status_code == 422, (change, r.text)
        assert [e["loc"] for e in r.json()["detail"]] == [where]
    client.close()
