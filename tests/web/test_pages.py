"""What a help-desk officer and an investigator do in the browser, through the pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.desk import PASSWORD, csrf_of
from tests.web.conftest import Clients


def _story(tiny_city: Path, language: str = "hi") -> dict[str, Any]:
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines():
        c: dict[str, Any] = json.loads(line)
        if c["language"] == language:
            return c
    raise AssertionError(language)


def _register(client: TestClient, csrf: str, story: str, station: str = "KTW") -> str:
    form = {
        "csrf_token": csrf,
        "channel": "help_desk",
        "station": station,
        "complainant_name": "Lalit Dwivedi",
        "complainant_mobile": "9876543210",
        "narrative": story,
    }
    r = client.post("/cases", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    found = re.fullmatch(r"/cases/(KNP-\d{4}-\d{6})\?new=1", r.headers["location"])
    assert found
    return found.group(1)


def test_security_headers_on_every_page(client_as: Clients) -> None:
    client, _ = client_as("anonymous")
    r = client.get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "<script>" not in r.text  # no inline script anywhere


def test_pages_need_signing_in(client_as: Clients) -> None:
    client, _ = client_as("anonymous")
    r = client.get("/cases/new", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/cases/new"


def test_a_wrong_password_and_no_open_redirect(client_as: Clients) -> None:
    client, csrf = client_as("anonymous")
    bad = client.post("/login", data={"username": "inv", "password": "nope", "csrf_token": csrf})
    assert bad.status_code == 401
    assert "wrong" in bad.text
    good = client.post(
        "/login",
        data={
            "username": "inv",
            "password": PASSWORD,
            "csrf_token": csrf,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert good.headers["location"] == "/"


def test_a_form_without_its_csrf_token_is_refused(client_as: Clients, tiny_city: Path) -> None:
    client, csrf = client_as("help_desk")
    story = str(_story(tiny_city)["narrative"])
    form = {"channel": "help_desk", "station": "KTW", "complainant_name": "A", "narrative": story}
    assert client.post("/cases", data=form).status_code == 403
    assert client.post("/cases", data={**form, "csrf_token": "forged"}).status_code == 403
    anonymous, _ = client_as("anonymous")
    assert (
        anonymous.post("/login", data={"username": "inv", "password": PASSWORD}).status_code == 403
    )
    assert (
        client.post("/cases", data={**form, "csrf_token": csrf}, follow_redirects=False).status_code
        == 303
    )


def test_sign_out_ends_the_session_everywhere(client_as: Clients) -> None:
    client, csrf = client_as("investigator")
    cookie = client.cookies.get("cybersetu_session")
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    replay = TestClient(client.app, cookies={"cybersetu_session": cookie or ""})
    assert replay.get("/cases", follow_redirects=False).status_code == 303  # to the sign-in page
    replay.close()


def test_the_help_desk_registers_a_hindi_complaint(client_as: Clients, tiny_city: Path) -> None:
    client, csrf = client_as("help_desk")
    story = _story(tiny_city)
    preview = client.post(
        "/cases/preview", data={"narrative": story["narrative"]}, headers={"X-CSRF-Token": csrf}
    )
    assert preview.status_code == 200
    told = str(story["narrative"])
    utrs = [t["txn_id"] for t in story["transactions"] if t["txn_id"] in told]
    assert utrs
    for u in utrs:
        assert f'value="{u}"' in preview.text  # a chip, and the payment rows filled
    assert "hx-swap-oob" in preview.text
    ack = _register(client, csrf, str(story["narrative"]))
    page = client.get(f"/cases/{ack}?new=1")
    assert ack in page.text
    assert "Acknowledgement number" in page.text
    assert client.get(f"/cases/{ack}/trail.svg").headers["content-type"] == "image/svg+xml"


def test_another_station_cannot_see_the_complaint(client_as: Clients, tiny_city: Path) -> None:
    desk, csrf = client_as("help_desk")
    ack = _register(desk, csrf, str(_story(tiny_city)["narrative"]))
    other, _ = client_as("other_station")
    for path in (f"/cases/{ack}", f"/cases/{ack}/trail.svg"):
        assert other.get(path).status_code == 404
    assert ack not in other.get("/cases").text
    nobody = other.get("/cases/KNP-2026-999999")
    assert nobody.status_code == 404  # the same answer as for a case that exists elsewhere
    investigator, _ = client_as("investigator")
    assert investigator.get(f"/cases/{ack}").status_code == 200


def test_a_help_desk_registers_only_for_its_own_station(
    client_as: Clients, tiny_city: Path
) -> None:
    client, csrf = client_as("help_desk")
    form = {
        "csrf_token": csrf,
        "channel": "help_desk",
        "station": "SWN",
        "complainant_name": "A",
        "narrative": str(_story(tiny_city)["narrative"]),
    }
    r = client.post("/cases", data=form)
    assert r.status_code == 422
    assert "own station" in r.text


def test_the_investigator_verifies_sends_and_downloads_a_letter(
    client_as: Clients, tiny_city: Path
) -> None:
    client, csrf = client_as("investigator")
    for line in (tiny_city / "complaints.jsonl").read_text("utf-8").splitlines()[:10]:
        ack = _register(client, csrf, json.loads(line)["narrative"])
        page = client.get(f"/cases/{ack}").text
        banks = re.findall(rf"/cases/{ack}/requests/(\w+)\.html", page)
        if banks:
            break
    else:
        raise AssertionError("no complaint with a hold request")
    letter = client.get(f"/cases/{ack}/requests/{banks[0]}.html")
    assert letter.status_code == 200
    assert "106" in letter.text
    assert "भारतीय नागरिक सुरक्षा संहिता" in letter.text
    csv_file = client.get(f"/cases/{ack}/requests/{banks[0]}.csv")
    assert csv_file.headers["content-disposition"].startswith("attachment")
    assert client.get(f"/cases/{ack}/requests/NOPE.html").status_code == 404
    early = client.post(f"/cases/{ack}/send", data={"csrf_token": csrf})
    assert early.status_code == 409  # verify first (or give a reason)
    assert (
        client.post(
            f"/cases/{ack}/verify", data={"csrf_token": csrf}, follow_redirects=False
        ).status_code
        == 303
    )
    assert (
        client.post(
            f"/cases/{ack}/send", data={"csrf_token": csrf}, follow_redirects=False
        ).status_code
        == 303
    )
    page = client.get(f"/cases/{ack}").text
    assert "Hold requests sent" in page
    assert "Complaint verified" in page  # the timeline, from the audit log
    note = client.post(f"/cases/{ack}/notes", data={"csrf_token": csrf, "text": "Called HDFC."})
    assert note.status_code == 200
    assert "Called HDFC." in note.text


def test_the_language_switch_is_remembered_for_the_user(client_as: Clients, app: FastAPI) -> None:
    client, csrf = client_as("help_desk")
    r = client.post(
        "/language",
        data={"csrf_token": csrf, "locale": "hi", "next": "/cases"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "शिकायतें" in client.get("/cases").text or "शिकायत" in client.get("/cases").text
    fresh = TestClient(app)
    from tests.desk import sign_in

    sign_in(fresh, "hd_ktw")
    page = fresh.get("/cases/new").text
    assert 'lang="hi"' in page
    fresh.close()


def test_money_in_indian_grouping_and_times_in_ist(client_as: Clients) -> None:
    client, csrf = client_as("investigator")
    big = (
        "Investment app me 1,23,456 rupaye dale, UTR 527411860892, 6 January 2026 ko, "
        "phone 9876543210"
    )
    form = {
        "csrf_token": csrf,
        "channel": "self_service",
        "station": "KTW",
        "complainant_name": "A",
        "narrative": big,
        "txn_id_0": "527411860892",
        "ts_0": "2026-01-06T14:30",
        "amount_0": "1,23,456",
    }
    r = client.post("/cases", data=form, follow_redirects=False)
    page = client.get(r.headers["location"]).text
    assert "₹1,23,456.00" in page
    assert "06 Jan 2026, 14:30 IST" in page


def test_an_investigator_uploads_a_bank_feed_and_gets_the_row_report(client_as: Clients) -> None:
    client, csrf = client_as("investigator")
    feed = (
        "txn_id,ts,src_account,dst_account,amount,channel\n"
        "UPL-1,2025-10-03T10:00:00,SBIN0000001:1,HDFC0000001:2,100.00,UPI\n"
        "UPL-2,not a time,SBIN0000001:1,HDFC0000001:2,100.00,UPI\n"
    )
    r = client.post(
        "/ledger/upload",
        data={"csrf_token": csrf},
        files={"feed": ("../../etc/passwd", feed.encode(), "text/csv")},
    )
    assert r.status_code == 200
    assert "ts" in r.text
    assert ">3<" in r.text
    again = client.post(
        "/ledger/upload",
        data={"csrf_token": csrf},
        files={"feed": ("f.csv", feed.encode(), "text/csv")},
    )
    assert ">1<" in again.text  # the good row is now a duplicate
    helpdesk, hcsrf = client_as("help_desk")
    assert (
        helpdesk.post(
            "/ledger/upload", data={"csrf_token": hcsrf}, files={"feed": ("f.csv", b"x")}
        ).status_code
        == 403
    )


def test_the_audit_page_shows_the_chain(client_as: Clients) -> None:
    client, _ = client_as("admin")
    page = client.get("/audit")
    assert page.status_code == 200
    assert "chain intact" in page.text
    assert csrf_of(page.text)


def test_the_officer_corrects_a_chip_and_the_case_keeps_the_correction(
    client_as: Clients,
) -> None:
    client, csrf = client_as("help_desk")
    story = "Paytm pe 4,500 bheje rahul.k@ybl ko, UTR 527411860892, phone 9876543210"
    form = {
        "csrf_token": csrf,
        "channel": "help_desk",
        "station": "KTW",
        "complainant_name": "A",
        "narrative": story,
        "chip_upi_id": "rahul.kumar@ybl",  # the victim misspoke; the officer corrected it
        "chip_amount": "₹4,500",
        "chip_phone": "98765 43210",
    }
    r = client.post("/cases", data=form, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "rahul.kumar@ybl" in page
    assert "rahul.k@ybl</code>" not in page
    bad = client.post("/cases", data={**form, "chip_phone": "12345"})
    assert bad.status_code == 422
    assert "not a valid phone" in bad.text
