"""Where, for whom, on what and when the next awareness sessions should be held, from the
commissionerate's own registered complaints.

The desk's complaints carry the police station, the modus operandi, when and how much; the
victims' occupation and age are not recorded at the desk, so the audience is taken from whom
each MO mostly reaches (a table below, the desk's assumption, shown as such). Rising MOs rank
first: the complaints of the last four weeks, weighted by how much more they are than in the
four weeks before.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from cybersetu.cases.models import Case
from cybersetu.clock import IST
from cybersetu.i18n import N_
from cybersetu.interchange import ModusOperandi as Mo

AUDIENCE_LABELS: Final[dict[str, str]] = {
    "students": N_("Students and colleges"),
    "traders": N_("Traders"),
    "doctors": N_("Doctors"),
    "senior_citizens": N_("Senior citizens"),
    "women_groups": N_("Women's groups"),
}

#: Whom each MO mostly reaches (the desk's assumption while victims' occupation and age are not
#: recorded with the complaint).
AUDIENCE_OF: Final[dict[str, str]] = {
    Mo.TASK_JOB_SCAM: "students",
    Mo.LOAN_APP: "students",
    Mo.SEXTORTION: "students",
    Mo.IMPERSONATION_SOCIAL_MEDIA: "students",
    Mo.INVESTMENT_TRADING: "doctors",
    Mo.UPI_QR_SCAM: "traders",
    Mo.SIM_SWAP: "traders",
    Mo.ONLINE_SHOPPING: "women_groups",
    Mo.AEPS_BIOMETRIC: "women_groups",
    Mo.FAKE_CUSTOMER_CARE: "women_groups",
    Mo.DIGITAL_ARREST: "senior_citizens",
    Mo.FAKE_KYC_UPDATE: "senior_citizens",
    Mo.OTP_VISHING: "senior_citizens",
    Mo.LOTTERY_PRIZE: "senior_citizens",
    Mo.OTHER: "traders",
}
WINDOW: Final = timedelta(weeks=4)


def first_wednesday(year: int, month: int) -> date:
    """Cyber Jaagrookta Diwas: the first Wednesday of the month."""
    first = date(year, month, 1)
    return first + timedelta(days=(calendar.WEDNESDAY - first.weekday()) % 7)


def next_jaagrookta_diwas(after: date) -> date:
    """The first first-Wednesday of a month strictly after `after`."""
    day = first_wednesday(after.year, after.month)
    if day > after:
        return day
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    return first_wednesday(year, month)


def week_of(moment: datetime) -> date:
    """The Monday (IST) of the moment's week."""
    day = moment.astimezone(IST).date()
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Recommendation:
    station: str
    mo: str
    audience: str
    recent: int
    """Complaints of this MO at this station in the last four weeks."""
    before: int
    """... and in the four weeks before those."""
    lost_paise: int
    """Money reported stolen in the recent complaints."""
    on: date
    score: float


def _complaints(
    session: Session, since: datetime, until: datetime
) -> Sequence[tuple[str, str, datetime, int]]:
    rows = session.execute(
        select(Case.station, Case.mo, Case.created_at, Case.stolen_paise).where(
            Case.created_at >= since, Case.created_at < until
        )
    ).all()
    return [(r[0], r[1], r[2], int(r[3] or 0)) for r in rows]


def weekly(
    session: Session, now: datetime, weeks: int = 12, station: str | None = None
) -> dict[str, Counter[date]]:
    """Complaints per MO per week (Monday, IST) over the last `weeks` weeks, of one station or
    of all."""
    out: dict[str, Counter[date]] = defaultdict(Counter)
    for st, mo, at, _lost in _complaints(session, now - timedelta(weeks=weeks), now):
        if station is None or st == station:
            out[mo][week_of(at)] += 1
    return dict(out)


def plan(session: Session, now: datetime, *, top: int = 10) -> list[Recommendation]:
    """The sessions to hold next, most needed first: (station, MO) pairs with complaints in the
    last four weeks, scored by their number and their rise over the four weeks before."""
    recent: Counter[tuple[str, str]] = Counter()
    before: Counter[tuple[str, str]] = Counter()
    lost: Counter[tuple[str, str]] = Counter()
    for st, mo, at, paise in _complaints(session, now - 2 * WINDOW, now):
        key = (st, mo)
        if at >= now - WINDOW:
            recent[key] += 1
            lost[key] += paise
        else:
            before[key] += 1
    on = next_jaagrookta_diwas(now.astimezone(IST).date())
    ranked = [
        Recommendation(
            station=st,
            mo=mo,
            audience=AUDIENCE_OF.get(mo, "traders"),
            recent=n,
            before=before[(st, mo)],
            lost_paise=lost[(st, mo)],
            on=on,
            score=n * (1.0 + max(0, n - before[(st, mo)]) / max(1, before[(st, mo)])),
        )
        for (st, mo), n in recent.items()
    ]
    ranked.sort(key=lambda r: (-r.score, -r.lost_paise, r.station, r.mo))
    return ranked[:top]


@dataclass(frozen=True)
class BeforeAfter:
    before: int
    after: int
    weeks: int


def before_after(
    session: Session, station: str, mo: str, held_at: datetime, weeks: int = 4
) -> BeforeAfter:
    """Complaints of that MO at that station in the weeks before and after a session: a
    description of what followed, not a measure of the session's effect."""
    span = timedelta(weeks=weeks)
    rows = [
        at
        for st, m, at, _lost in _complaints(session, held_at - span, held_at + span)
        if st == station and m == mo
    ]
    return BeforeAfter(
        before=sum(1 for at in rows if at < held_at),
        after=sum(1 for at in rows if at >= held_at),
        weeks=weeks,
    )
