"""What `cybersetu demo` shows of the traders' side: two traders and their nodal officer, a few
grievances (one about an account the demo's traced money reached), a trader meeting with an
action item, and next month's awareness plan (computed from the registered complaints)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from cybersetu.authz.actor import Actor
from cybersetu.cases.models import Case
from cybersetu.clock import IST
from cybersetu.grievances.models import Grievance
from cybersetu.grievances.service import GrievanceInput, do_file_grievance, do_resolve
from cybersetu.meetings.service import MeetingInput, do_add_item, do_schedule_meeting
from cybersetu.meetings.workflow import next_month
from cybersetu.officers.models import User
from cybersetu.officers.service import actor_of, do_create_user
from cybersetu.reference.kanpur import STATIONS_BY_CODE

# Known passwords on purpose: the demo desk is local and throwaway, and prints its sign-ins.
TRADER_PASSWORD: Final = "demo-trader-shop"  # noqa: S105
NODAL_PASSWORD: Final = "demo-nodal-officer"  # noqa: S105


def seed(
    db: sessionmaker[Session], station: str, now: datetime
) -> list[tuple[str, str, str | None, str]]:
    """The demo's traders, nodal officer, grievances and meeting (once); their sign-ins."""
    zone = STATIONS_BY_CODE[station].zone
    users = [
        (f"trader.{station.lower()}", "trader", station, TRADER_PASSWORD),
        (f"nodal.{zone.lower()}", "nodal_officer", None, NODAL_PASSWORD),
    ]
    system = Actor.system("demo")
    with db() as s:
        known = set(s.scalars(select(User.username)))
        for name, role, where, password in users:
            if name not in known:
                do_create_user(
                    s,
                    actor=system,
                    username=name,
                    role=role,
                    password=password,
                    station=where,
                    zones=(zone,) if role == "nodal_officer" else (),
                )
        if s.scalar(select(func.count()).select_from(Grievance)):
            return users
        trader = actor_of(s.scalars(select(User).where(User.username == users[0][0])).one())
        nodal = actor_of(s.scalars(select(User).where(User.username == users[1][0])).one())
        held = _an_account_money_stopped_in(s)
        frozen = do_file_grievance(
            s,
            GrievanceInput(
                "frozen_account",
                "मेरी दुकान का करंट खाता बैंक ने पूरा फ्रीज़ कर दिया है। ग्राहकों के UPI भुगतान रुके हैं।",
                station,
                account=held or f"SBIN0001234:{station}00112233",
            ),
            actor=trader,
            now=now - timedelta(days=2),
        )
        do_file_grievance(
            s,
            GrievanceInput(
                "security_extortion",
                "Calls demanding money from shopkeepers of the market, from an unknown number.",
                station,
            ),
            actor=trader,
            now=now - timedelta(days=12),  # past its 10 days: the sweeper escalates it
        )
        done = do_file_grievance(
            s,
            GrievanceInput("traffic_market", "बाज़ार की सड़क पर रोज़ जाम, ठेले हटवाए जाएँ।", station),
            actor=trader,
            now=now - timedelta(days=5),
        )
        do_resolve(s, done.id, "Traffic police posted at the market 10:00-20:00.", actor=nodal)
        day = next_month(now.astimezone(IST).date())
        meeting = do_schedule_meeting(
            s,
            MeetingInput(
                "Monthly meeting with the trade associations",
                datetime.combine(day, time(11, 0), tzinfo=IST),
                "Police Lines, Kanpur",
                ("Frozen merchant accounts", "Market security", "Cyber Jaagrookta Diwas"),
            ),
            actor=nodal,
        )
        do_add_item(
            s,
            meeting.id,
            text="Write to the bank to limit the lien on the frozen account",
            owner=nodal.username,
            due_at=now + timedelta(days=7),
            grievance_ack=frozen.ack,
            actor=nodal,
        )
    return users


def _an_account_money_stopped_in(session: Session) -> str | None:
    for trail in session.scalars(select(Case.trail).where(Case.trail.is_not(None)).limit(200)):
        for end in (trail or {}).get("holds", ()):
            return str(end["account_id"])
    return None
