"""The grievance pages: a trader files in Hindi, the zone's nodal officer answers, the trader
rates; forms need the CSRF token; another trader gets 404."""

from __future__ import annotations

import re

from tests.web.conftest import Clients

FORM = {
    "category": "frozen_account",
    "description": "मेरा करंट खाता फ्रीज़ कर दिया गया है।",
    "account": "SBIN0001234:30012345678",
    "station": "KTW",
    "locality": "नयागंज",
}


def test_file_answer_and_rate_on_the_pages(client_as: Clients) -> None:
    trader, csrf = client_as("trader")
    assert trader.post("/grievances", data=FORM).status_code == 403  # no CSRF token
    trader.post("/language", data={"csrf_token": csrf, "locale": "hi", "next": "/grievances"})
    r = trader.post("/grievances", data={**FORM, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    ack = re.fullmatch(r"/grievances/(GRV-\d{4}-\d{6})\?new=1", r.headers["location"])
    assert ack is not None
    page = trader.get(r.headers["location"]).text
    assert "पावती संख्या" in page
    assert "उत्तर की अंतिम तिथि" in page
    assert "फ्रीज़ बैंक खाता" in page
    assert "no_central" in page  # routed to the Central zone's nodal officer

    other, _ = client_as("other_trader")
    assert other.get(f"/grievances/{ack[1]}").status_code == 404
    assert ack[1] not in other.get("/grievances").text

    nodal, ncsrf = client_as("nodal_officer")
    assert ack[1] in nodal.get("/grievances").text
    assert 'action="/grievances/' + ack[1] + '/accept"' in nodal.get(f"/grievances/{ack[1]}").text
    assert nodal.post(f"/grievances/{ack[1]}/accept", data={"csrf_token": ncsrf}).status_code == 200
    again = nodal.post(f"/grievances/{ack[1]}/accept", data={"csrf_token": ncsrf})
    assert again.status_code == 409  # accepted already
    done = nodal.post(
        f"/grievances/{ack[1]}/resolve",
        data={"csrf_token": ncsrf, "note": "Bank asked to limit the lien to the traced amount."},
    )
    assert done.status_code == 200
    rated = trader.post(
        f"/grievances/{ack[1]}/rate", data={"csrf_token": csrf, "rating": "satisfied"}
    )
    assert rated.status_code == 200
    assert "बंद" in rated.text
    assert "Bank asked to limit the lien" in rated.text


def test_attachments_on_the_pages(client_as: Clients) -> None:
    trader, csrf = client_as("trader")
    jpeg = ("shop.jpg", b"\xff\xd8\xff\xe0 a photo", "image/jpeg")
    r = trader.post(
        "/grievances",
        data={**FORM, "csrf_token": csrf},
        files={"attachment": jpeg},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    ack = r.headers["location"].split("/")[2].split("?")[0]
    page = trader.get(f"/grievances/{ack}").text
    link = re.search(rf'href="(/grievances/{ack}/attachments/(\d+))"', page)
    assert link is not None
    got = trader.get(link[1])
    assert got.status_code == 200
    assert got.content == jpeg[1]
    assert got.headers["content-type"] == "image/jpeg"
    assert f'filename="{ack}-{link[2]}.jpg"' in got.headers["content-disposition"]
    other, _ = client_as("other_trader")
    assert other.get(link[1]).status_code == 404
    fake = ("x.png", b"<script>alert(1)</script>", "image/png")  # the browser's word is not trusted
    bad = trader.post(
        f"/grievances/{ack}/attachments", data={"csrf_token": csrf}, files={"attachment": fake}
    )
    assert bad.status_code == 422
    assert trader.get(f"/grievances/{ack}/attachments/999").status_code == 404


def test_a_meeting_on_the_pages_and_its_minutes_in_both_languages(client_as: Clients) -> None:
    nodal, csrf = client_as("nodal_officer")
    page = nodal.get("/meetings").text
    assert 'name="at"' in page
    r = nodal.post(
        "/meetings",
        data={
            "csrf_token": csrf,
            "title": "Monthly meeting",
            "at": "2026-03-04T11:00",
            "place": "Police Lines",
            "agenda": "Frozen accounts\nParking",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    item = {"csrf_token": csrf, "text": "Write to SBI", "owner": "TI Kotwali", "due": "2026-03-20"}
    assert nodal.post(f"{where}/items", data=item).status_code == 200
    held = {"csrf_token": csrf, "minutes": "Banks to be written to.", "attendees": "R. Gupta, KVS"}
    assert nodal.post(f"{where}/minutes", data=held).status_code == 200
    hindi = nodal.get(f"{where}/minutes.hi.html").text
    english = nodal.get(f"{where}/minutes.en.html").text
    assert "कार्य-बिंदु" in hindi
    assert "Action items" in english
    assert "Write to SBI" in hindi
    assert "Write to SBI" in english
    trader, _ = client_as("trader")
    assert "Banks to be written to." in trader.get(where).text
    assert trader.post(f"{where}/minutes", data=held).status_code == 403


def test_the_awareness_page_and_its_chart(client_as: Clients) -> None:
    sup, csrf = client_as("supervisor")
    page = sup.get("/awareness")
    assert page.status_code == 200
    assert "Cyber Jaagrookta Diwas" in page.text
    assert "does not prove" in page.text
    chart = sup.get("/awareness/trends.svg?station=KTW")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in chart.text
    held = {
        "csrf_token": csrf,
        "station": "KLP",
        "place": "CSJM University",
        "audience": "students",
        "mo": "task_job_scam",
        "held_at": "2026-01-07T11:00",
        "attendance": "220",
        "officer": "SI Verma",
    }
    after = sup.post("/awareness/sessions", data=held)
    assert after.status_code == 200
    assert "CSJM University" in after.text
    assert sup.post("/awareness/sessions", data={**held, "audience": "aliens"}).status_code == 422
