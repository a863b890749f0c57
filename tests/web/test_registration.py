"""A trader registers itself on the web and lands on its grievances (issue 13)."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI

from tests.desk import PASSWORD
from tests.web.conftest import Clients


def test_a_shop_registers_on_the_web_and_files_grievances(app: FastAPI, client_as: Clients) -> None:
    client, csrf = client_as("anonymous")
    assert client.get("/register").status_code == 200
    r = client.post("/register", data={"csrf_token": csrf, "mobile": "98111 22233"})
    assert r.status_code == 200
    assert 'name="code"' in r.text
    outbox = app.state.desk.settings.data_dir / "outbox.jsonl"
    (sms,) = [json.loads(x) for x in outbox.read_text("utf-8").splitlines()]
    assert sms["to"] == "9811122233"
    code = re.search(r"\b(\d{6})\b", sms["body"])
    assert code is not None
    form = {
        "csrf_token": csrf,
        "mobile": "98111 22233",
        "code": code.group(1),
        "username": "gupta.kirana",
        "password": PASSWORD,
        "station": "KTW",
        "display_name": "Gupta Kirana",
    }
    done = client.post("/register/complete", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/grievances"
    assert client.get("/grievances/new").status_code == 200  # signed in as the new trader


def test_a_nodal_officer_adds_a_shop_which_sets_its_own_password(
    app: FastAPI, client_as: Clients
) -> None:
    officer, csrf = client_as("nodal_officer")
    form = {"csrf_token": csrf, "mobile": "9811122244", "username": "verma.cloth", "station": "KTW"}
    r = officer.post("/traders/new", data=form)
    assert r.status_code == 200
    assert "verma.cloth" in r.text
    other, other_csrf = client_as("other_zone")  # KTW is not in the West zone
    assert other.post("/traders/new", data={**form, "csrf_token": other_csrf}).status_code == 422
    shop, shop_csrf = client_as("anonymous")
    step = shop.post("/register", data={"csrf_token": shop_csrf, "mobile": "9811122244"})
    assert "verma.cloth" in step.text
    assert 'name="username"' not in step.text  # it has its username already
    outbox = app.state.desk.settings.data_dir / "outbox.jsonl"
    bodies = [json.loads(x)["body"] for x in outbox.read_text("utf-8").splitlines()]
    code = re.search(r"\b(\d{6})\b", bodies[-1])
    assert code is not None
    done = shop.post(
        "/register/complete",
        data={
            "csrf_token": shop_csrf,
            "mobile": "9811122244",
            "code": code.group(1),
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/grievances"
