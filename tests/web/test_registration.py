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
