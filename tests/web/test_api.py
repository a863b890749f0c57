"""The JSON API (a fixed contract for partner systems), and Schemathesis over its OpenAPI."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from cybersetu.authz.actor import Actor
from cybersetu.officers.service import do_create_token


def token(app: FastAPI, username: str) -> dict[str, str]:
    with app.state.desk.db() as s:
        return {
            "Authorization": f"Bearer {do_create_token(s, actor=Actor.system('t'), username=username)}"
        }


def complaint_body(c: dict[str, Any], **change: Any) -> dict[str, Any]:
    body = {
        "channel": "help_desk",
        "station": "KTW",
        "complainant": {"name": c["complainant"]["name"], "mobile": c["complainant"]["mobile"]},
        "narrative": c["narrative"],
    }
    body.update(change)
    return body


@pytest.fixture
def complaints(tiny_city: Path) -> list[dict[str, Any]]:
    lines = (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines()
    return [json.loads(x) for x in lines]


def test_post_and_get_a_complaint(app: FastAPI, complaints: list[dict[str, Any]]) -> None:
    client = TestClient(app)
    hd = token(app, "hd_ktw")
    case = next(c for c in complaints if len(c["transactions"]) > 1)
    r = client.post("/api/v1/complaints", json=complaint_body(case), headers=hd)
    assert r.status_code == 201, r.text
    out = r.json()
    assert set(out) == {"ack", "status", "mo", "identifiers", "trail", "hold_requests"}
    assert re.fullmatch(r"KNP-\d{4}-\d{6}", out["ack"])
    assert out["status"] == "registered"
    kinds = {i["kind"] for i in out["identifiers"]}
    assert kinds <= {"utr", "upi_id", "phone", "account", "ifsc", "amount", "url"}
    assert "utr" in kinds
    trail = out["trail"]
    assert set(trail) == {"stolen", "to_hold", "cash_out", "merchants", "unknown_banks", "untraced"}
    assert all(re.fullmatch(r"\d+\.\d\d", v) for v in trail.values())
    parts = sum(Decimal(v) for k, v in trail.items() if k != "stolen")
    assert parts == Decimal(trail["stolen"])
    for h in out["hold_requests"]:
        assert re.fullmatch(r"[A-Z]{4}|UNKNOWN", h["bank"])
        assert sum(Decimal(a["amount"]) for a in h["accounts"]) >= Decimal(h["amount"])
    got = client.get(f"/api/v1/complaints/{out['ack']}", headers=hd)
    assert got.status_code == 200
    detail = got.json()
    assert {k: v for k, v in detail.items() if k != "timeline"} == out
    assert [e["code"] for e in detail["timeline"]][:1] == ["case.registered"]
    client.close()


def test_transactions_given_and_numbers_accepted(
    app: FastAPI, complaints: list[dict[str, Any]]
) -> None:
    client = TestClient(app)
    c = complaints[0]
    txns = [
        {"txn_id": t["txn_id"], "amount": t["amount"], "ts": t["ts"]} for t in c["transactions"]
    ]
    body = complaint_body(c, narrative="Paise kat gaye, details niche.", transactions=txns)
    r = client.post("/api/v1/complaints", json=body, headers=token(app, "inv"))
    assert r.status_code == 201, r.text
    stolen = Decimal(r.json()["trail"]["stolen"])
    assert stolen == sum(Decimal(str(t["amount"])) for t in c["transactions"])
    client.close()


def test_no_or_bad_token_is_401(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.get("/api/v1/complaints/KNP-2026-000001").status_code == 401
    bad = {"Authorization": "Bearer cst_not-a-real-token"}
    assert client.post("/api/v1/complaints", json={}, headers=bad).status_code == 401
    client.close()


def test_out_of_scope_is_404_like_missing(app: FastAPI, complaints: list[dict[str, Any]]) -> None:
    client = TestClient(app)
    r = client.post(
        "/api/v1/complaints", json=complaint_body(complaints[0]), headers=token(app, "hd_ktw")
    )
    ack = r.json()["ack"]
    other = token(app, "hd_swn")
    assert client.get(f"/api/v1/complaints/{ack}", headers=other).status_code == 404
    assert client.get("/api/v1/complaints/KNP-2026-999999", headers=other).status_code == 404
    wrong_station = complaint_body(complaints[0], station="KTW")
    assert client.post("/api/v1/complaints", json=wrong_station, headers=other).status_code == 422
    assert (
        client.post(
            "/api/v1/complaints", json=complaint_body(complaints[0]), headers=token(app, "sup")
        ).status_code
        == 403
    )
    client.close()


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"channel": "fax"}, ["body", "channel"]),
        ({"narrative": ""}, ["body", "narrative"]),
        ({"station": "XXX"}, ["body", "station"]),
        ({"complainant": {"name": "A", "mobile": "123"}}, ["body", "complainant", "mobile"]),
        (
            {"transactions": [{"txn_id": "X1", "amount": "12.345"}]},
            ["body", "transactions", 0, "amount"],
        ),
        ({"transactions": [{"txn_id": "X1", "amount": -5}]}, ["body", "transactions", 0, "amount"]),
        ({"transactions": [{"amount": "5"}]}, ["body", "transactions", 0, "txn_id"]),
        ({"surprise": 1}, ["body", "surprise"]),
    ],
)
def test_bad_input_is_422_with_one_error_per_field(
    app: FastAPI, complaints: list[dict[str, Any]], change: dict[str, Any], where: list[Any]
) -> None:
    client = TestClient(app)
    r = client.post(
        "/api/v1/complaints",
        json=complaint_body(complaints[0], **change),
        headers=token(app, "inv"),
    )
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["detail"]] == [where]
    client.close()


def test_the_openapi_document_leaves_the_pages_out(app: FastAPI) -> None:
    spec = TestClient(app).get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/v1/complaints",
        "/api/v1/complaints/{ack}",
        "/api/v1/complaints/{ack}/verify",
        "/api/v1/complaints/{ack}/send",
        "/api/v1/hold-requests",
        "/api/v1/hold-requests/{request_id}/responses",
        "/api/v1/hold-requests/{request_id}/restorations",
        "/api/v1/grievances",
        "/api/v1/grievances/{ack}",
    }


def test_schemathesis_no_server_error_and_responses_match(app: FastAPI) -> None:
    """Every operation of the OpenAPI document, with generated requests: no 5xx, and every
    response conforms to its schema (status code, content type, body). Not checked: that every
    schema-valid request is accepted (rules such as "a real Indian mobile" or "a payment not in
    the future" are the desk's, beyond what the schema can say)."""
    from schemathesis.core.result import Err

    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    officer, trader = token(app, "inv"), token(app, "tr_ktw")
    bank = token(app, "bank_sbin")
    operations = []
    for result in api.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # an operation the document does not describe well enough
        operations.append(result.ok())
    assert len(operations) == 9
    for operation in operations:
        # grievances are filed and read by traders, hold requests answered by banks, complaints
        # by the cyber cell
        if "/grievances" in operation.path:
            check_with(operation, trader)
        elif "hold-requests" in operation.path:
            check_with(operation, bank)
        else:
            check_with(operation, officer)


def check_with(operation: Any, auth: dict[str, str]) -> None:
    from hypothesis import given
    from schemathesis.checks import positive_data_acceptance

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=auth, excluded_checks=[positive_data_acceptance])

    check()
