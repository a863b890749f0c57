"""Complaints as victims file them: at the 1930 helpline, a police-station help desk or the
national portal, with a narrative in Hindi, English or Hinglish and the ground truth of what the
narrative contains (`entities`), so that text analysis can be scored.

Victims copy numbers from an SMS or a screenshot, and sometimes get a digit wrong: a few
complaints name the beneficiary's account (or UPI ID) or a UTR with one digit off. The
transactions keep their true `txn_id` (the bank's record of the payment), the narrative and the
`beneficiary` field carry the slip, and the truth records it (`Complaint.slips`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

import numpy as np

from cybersetu.identifiers.banks import BANKS, BANKS_BY_PREFIX
from cybersetu.interchange import Channel, ComplaintSource, Language, ModusOperandi
from cybersetu.reference.kanpur import CYBER_CRIME_PS, LOCAL_STATIONS, PoliceStation
from cybersetu.synth import stories as st
from cybersetu.synth.amounts_text import format_amount, format_phone
from cybersetu.synth.config import SynthConfig
from cybersetu.synth.externals import IdTable
from cybersetu.synth.fraud import Event, Fraud, Ring
from cybersetu.synth.people import Population, person_name
from cybersetu.synth.personas import Persona

MO = ModusOperandi

#: Share of filings naming a beneficiary with one digit wrong, and writing a UTR wrong.
BENEFICIARY_SLIP: Final = 0.04
UTR_SLIP: Final = 0.03
_AEPS = list(Channel).index(Channel.AEPS)
_VPA_CHANNELS: Final = frozenset(
    {list(Channel).index(Channel.UPI), list(Channel).index(Channel.WALLET)}
)

_LANG_BY_PERSONA: Final[dict[int, tuple[float, float, float]]] = {  # hi, en, hinglish
    Persona.PENSIONER: (0.75, 0.15, 0.10),
    Persona.STUDENT: (0.2, 0.35, 0.45),
    Persona.SALARIED: (0.35, 0.35, 0.30),
    Persona.JAN_DHAN: (0.9, 0.0, 0.1),
    Persona.BUSINESS: (0.45, 0.25, 0.30),
}
_MONTHS_HI: Final = (
    "जनवरी",
    "फरवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्टूबर",
    "नवंबर",
    "दिसंबर",
)


@dataclass
class Complaint:
    complaint_id: str
    event: int
    mo: str
    txn_ids: list[str]
    duplicate_of: str | None
    received_s: int
    record: dict[str, Any]
    slips: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class _Slip:
    """A digit the victim got wrong: in payment `payment`'s beneficiary id or its UTR."""

    field: str  # "beneficiary" or "utr"
    payment: int
    stated: str  # what the victim gives instead of the true value


@dataclass
class _Entities:
    amounts: set[int] = field(default_factory=set)  # paise
    upi_ids: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    ifsc: list[str] = field(default_factory=list)
    utrs: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    @staticmethod
    def _add(xs: list[str], x: str) -> None:
        if x not in xs:
            xs.append(x)

    def as_json(self) -> dict[str, Any]:
        return {
            "amounts": [_rupees(p) for p in sorted(self.amounts)],
            "upi_ids": self.upi_ids,
            "phones": self.phones,
            "accounts": self.accounts,
            "ifsc": self.ifsc,
            "utrs": self.utrs,
            "urls": self.urls,
        }


def _rupees(paise: int) -> int | float:
    return paise // 100 if paise % 100 == 0 else paise / 100


@dataclass
class _Payment:
    txn_id: str
    ts: int
    amount: int
    dst: int
    channel: int


class _Narrator:
    """Writes one narrative and records every identifier it writes."""

    def __init__(
        self, r: random.Random, cfg: SynthConfig, lang: str, female: bool, slip: _Slip | None
    ) -> None:
        self.r = r
        self.cfg = cfg
        self.lang = lang
        self.ent = _Entities()
        self.slip = slip
        self.slip_written = False  # the slip is in the narrative, not only in the record
        self.slots = {
            "rehne": "की रहने वाली" if female else "का रहने वाला",
            "rahta": "रहती" if female else "रहता",
            "raha_hi": "रही" if female else "रहा",
            "tha": "थी" if female else "था",
            "rahta_r": "rehti" if female else "rehta",
            "raha": "rahi" if female else "raha",
            "gaya": "gayi" if female else "gaya",
        }

    def pick(self, options: tuple[str, ...]) -> str:
        return self.r.choice(options)

    def typo(self, text: str) -> str:
        """An occasional slip of the keyboard, never inside a slot to be filled."""
        r = self.r
        if self.lang == "hi":
            return text.replace("है।", "हे।", 1) if r.random() < 0.5 else text
        words = text.split(" ")
        cands = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if not cands:
            return text
        i = r.choice(cands)
        w = words[i]
        j = r.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if r.random() < 0.7 else w[:j] + w[j + 1 :]
        return " ".join(words)

    def amount(self, paise: int) -> str:
        self.ent.amounts.add(paise)
        return format_amount(self.r, paise, self.lang)

    def phone(self, p10: str) -> str:
        self.ent._add(self.ent.phones, p10)
        return format_phone(self.r, p10, self.lang)

    def vpa(self, v: str) -> str:
        self.ent._add(self.ent.upi_ids, v)
        return v

    def account(self, number: str, ifsc: str | None) -> tuple[str, str]:
        self.ent._add(self.ent.accounts, number)
        if ifsc:
            self.ent._add(self.ent.ifsc, ifsc)
        return number, ifsc or ""

    def url(self, u: str) -> str:
        self.ent._add(self.ent.urls, u)
        return u

    def utr(self, u: str) -> str:
        self.ent._add(self.ent.utrs, u)
        return u

    def date_time(self, seconds: int) -> tuple[str, str]:
        dt = self.cfg.start_dt + timedelta(seconds=seconds)
        r = self.r
        h12 = dt.hour % 12 or 12
        if self.lang == "hi":
            date = r.choice(
                (
                    dt.strftime("%d/%m/%Y"),
                    dt.strftime("%d.%m.%Y"),
                    f"{dt.day} {_MONTHS_HI[dt.month - 1]}",
                )
            )
            part = (
                "सुबह"
                if dt.hour < 12
                else "दोपहर"
                if dt.hour < 16
                else "शाम"
                if dt.hour < 20
                else "रात"
            )
            time = r.choice(
                (
                    f"{part} {h12}:{dt.minute:02d}",
                    f"{dt.hour:02d}:{dt.minute:02d}",
                    f"{part} करीब {h12}",
                )
            )
        elif self.lang == "en":
            date = r.choice(
                (dt.strftime("%d/%m/%Y"), dt.strftime("%d %b %Y"), dt.strftime("%d-%m-%Y"))
            )
            time = r.choice(
                (
                    f"{h12}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'}",
                    f"{dt.hour:02d}:{dt.minute:02d}",
                    f"around {h12} {'am' if dt.hour < 12 else 'pm'}",
                )
            )
        else:
            date = r.choice((dt.strftime("%d/%m"), dt.strftime("%d %b"), dt.strftime("%d/%m/%Y")))
            time = r.choice(
                (f"{h12}:{dt.minute:02d} {'am' if dt.hour < 12 else 'pm'}", f"{h12} baje")
            )
        return date, time

    def fill(self, template: str, **values: str) -> str:
        if self.r.random() < 0.08:
            template = self.typo(template)
        return template.format_map({**self.slots, **values})


def _bank_names(prefix: str) -> tuple[str, str]:
    b = BANKS_BY_PREFIX.get(prefix)
    if b is not None:
        return b.name, b.name_hi
    return ("another bank", "दूसरे बैंक")


def _beneficiary(
    n: _Narrator, pop: Population, table: IdTable, p: _Payment, stated: str | None
) -> str:
    """The beneficiary as the victim gives it; `stated` is its id with the victim's slip."""
    lang = n.lang
    name = table.names[p.dst]
    vpa = ""
    number, ifsc, prefix = "", "", ""
    if p.dst < pop.n:
        vpa = pop.cols["vpa"][p.dst]
        ifsc = pop.cols["ifsc"][p.dst]
        number = pop.acct_no[p.dst]
        prefix = ifsc[:4]
    elif "@" in name:
        vpa = name
    else:
        ifsc, number = name.split(":", 1)
        prefix = ifsc[:4]
    if vpa and (not ifsc or (p.channel in _VPA_CHANNELS and n.r.random() < 0.9)):
        if stated is not None and vpa == name:  # the UPI ID is the account: the slip is in it
            vpa, n.slip_written = stated, True
        return n.fill(n.pick(st.BENEF_VPA[lang]), vpa=n.vpa(vpa))
    if stated is not None and ":" in stated:
        number, n.slip_written = stated.split(":", 1)[1], True
    acct, code = n.account(number, ifsc)
    en, hi = _bank_names(prefix)
    return n.fill(
        n.pick(st.BENEF_ACCT[lang]), acct=acct, ifsc=code, bank=hi if lang == "hi" else en
    )


def _url_for(r: random.Random, mo: MO, ring: Ring) -> str:
    u = ring.urls
    return {
        MO.FAKE_KYC_UPDATE: u[0],
        MO.INVESTMENT_TRADING: u[2],
        MO.LOAN_APP: u[3],
        MO.TASK_JOB_SCAM: r.choice((u[4], u[1])),
    }.get(mo, u[1])


def narrate(
    r: random.Random,
    cfg: SynthConfig,
    pop: Population,
    table: IdTable,
    ev: Event,
    ring: Ring,
    payments: list[_Payment],
    lang: str,
    station: PoliceStation,
    slip: _Slip | None = None,
) -> tuple[str, _Entities, bool]:
    """The narrative, what it contains, and whether `slip` made it into the text."""
    v = ev.victim
    n = _Narrator(r, cfg, lang, bool(pop.gender[v]), slip)
    hi = lang == "hi"
    loc = LOCAL_STATIONS[int(pop.station[v])].localities[int(pop.locality[v])]
    name = pop.hindi_name(v) if hi else person_name(pop, v)
    prefix = BANKS[int(pop.bank[v])].ifsc_prefix
    bank_en, bank_hi = _bank_names(prefix)
    bank = bank_hi if hi else bank_en
    callers = list(ring.caller_phones)
    r.shuffle(callers)
    story_slots = {
        "platform": r.choice(st.PLATFORMS),
        "bank": bank,
    }
    # The story: its slots are filled lazily so that only what is written becomes an entity.
    story = list(r.choice(st.STORIES[ev.mo][lang]))
    sentences: list[str] = []
    used_phone = False
    for s in story:
        vals = dict(story_slots)
        if "{phone}" in s:
            vals["phone"] = n.phone(callers[0])
            used_phone = True
        if "{url}" in s:
            vals["url"] = n.url(_url_for(r, ev.mo, ring))
        sentences.append(n.fill(s, **vals))
    # The payments, in the order they happened.
    pay_lines = []
    for k, p in enumerate(payments):
        date, time = n.date_time(p.ts)
        utr_part = ""
        mine = slip if slip is not None and slip.payment == k else None
        if r.random() < (0.5 if p.channel == _AEPS else 0.88):
            labels = st.UTR_PARTS[lang] if p.txn_id.isdigit() else st.UTR_ONLY[lang]
            utr = p.txn_id
            if mine is not None and mine.field == "utr":
                utr, n.slip_written = mine.stated, True
            utr_part = n.fill(n.pick(labels), utr=n.utr(utr))
        amount = n.amount(p.amount)
        aeps = p.channel == _AEPS
        stated = mine.stated if mine is not None and mine.field == "beneficiary" else None
        benef = "" if aeps else _beneficiary(n, pop, table, p, stated)
        template = n.pick((st.AEPS_PAYMENTS if aeps else st.PAYMENTS)[lang])
        line = n.fill(template, date=date, time=time, amount=amount, benef=benef, utr_part=utr_part)
        if len(payments) >= 3 and r.random() < 0.4:
            line = f"{k + 1}) {line}"
        pay_lines.append(line)
    extras: list[str] = []
    if (
        not used_phone and ev.mo not in (MO.AEPS_BIOMETRIC, MO.SIM_SWAP) and r.random() < 0.6
    ) or r.random() < 0.2:
        extras.append(n.fill(n.pick(st.CALLER[lang]), phone=n.phone(callers[-1])))
    if r.random() < 0.35 and pop.persona[v] != Persona.WALLET:
        acct, _ = n.account(pop.acct_no[v], None)
        extras.append(n.fill(n.pick(st.OWN_ACCOUNT[lang]), bank=bank, acct=acct))
    if r.random() < 0.25:
        extras.append(n.fill(n.pick(st.OWN_MOBILE[lang]), phone=n.phone(pop.cols["phone"][v])))
    total = sum(p.amount for p in payments)
    parts: list[str] = []
    if r.random() < 0.85:
        ps = station.name_hi if hi else station.name
        parts.append(
            n.fill(
                n.pick(st.INTROS[lang]), name=name, locality=loc.name_hi if hi else loc.name, ps=ps
            )
        )
    middle = sentences + pay_lines
    for e in extras:
        middle.insert(r.randint(len(sentences), len(middle)), e)
    parts.extend(middle)
    if r.random() < 0.6:
        parts.append(n.fill(n.pick(st.REALISED[lang])))
    if (len(payments) > 1 and r.random() < 0.75) or r.random() < 0.15:
        parts.append(n.fill(n.pick(st.TOTALS[lang]), total=n.amount(total)))
    if r.random() < 0.9:
        parts.append(n.fill(n.pick(st.CLOSINGS[lang])))
    parts = [
        n.pick(st.FILLERS[lang]) + p[0].lower() + p[1:]
        if (k > 0 and r.random() < 0.1 and lang != "hi" and p[0].isupper())
        else p
        for k, p in enumerate(parts)
    ]
    sep = "\n" if r.random() < 0.15 else " "
    return sep.join(parts), n.ent, n.slip_written


def _digit_slip(r: random.Random, value: str, taken: set[str]) -> str | None:
    """`value` with one digit wrong (another digit, or two neighbours swapped) in its number:
    after the `:` of an account id, before the `@` of a UPI ID, anywhere in a UTR. None when
    there are too few digits or every slip would name another real id."""
    head, body, tail = "", value, ""
    if ":" in value:
        head, body = value.split(":", 1)
        head += ":"
    elif "@" in value:
        body, tail = value.split("@", 1)
        tail = "@" + tail
    digits = [i for i, ch in enumerate(body) if ch.isdigit()]
    if len(digits) < 6:
        return None
    for _ in range(10):
        chars = list(body)
        i = r.choice(digits)
        pairs = [j for j in digits if j + 1 in digits and body[j] != body[j + 1]]
        if pairs and r.random() < 0.3:
            j = r.choice(pairs)
            chars[j], chars[j + 1] = chars[j + 1], chars[j]
        else:
            chars[i] = r.choice([d for d in "0123456789" if d != body[i]])
        out = head + "".join(chars) + tail
        if out not in taken:
            return out
    return None


def _plan_slip(
    r: random.Random,
    payments: list[_Payment],
    table: IdTable,
    taken: set[str],
    missing: set[str],
) -> _Slip | None:
    """A slip for one filing, or None; a kind still `missing` from the city is made at once."""
    u = r.random()
    if "beneficiary" in missing:
        u = 0.0
    elif "utr" in missing:
        u = BENEFICIARY_SLIP
    if u < BENEFICIARY_SLIP:
        field, choices = "beneficiary", [k for k, p in enumerate(payments) if p.channel != _AEPS]
    elif u < BENEFICIARY_SLIP + UTR_SLIP:
        field, choices = "utr", list(range(len(payments)))
    else:
        return None
    if not choices:
        return None
    k = r.choice(choices)
    p = payments[k]
    true = table.names[p.dst] if field == "beneficiary" else p.txn_id
    stated = _digit_slip(r, true, taken)
    return None if stated is None else _Slip(field, k, stated)


def _language(r: random.Random, persona: int) -> str:
    w = _LANG_BY_PERSONA.get(persona, (0.5, 0.2, 0.3))
    return r.choices((Language.HINDI.value, Language.ENGLISH.value, Language.HINGLISH.value), w)[0]


_DELAY: Final = {  # median seconds, sigma, minimum
    ComplaintSource.HELPLINE_1930: (5_400.0, 1.0, 300),
    ComplaintSource.NCRP_PORTAL: (72_000.0, 0.9, 1_800),
    ComplaintSource.HELP_DESK: (100_000.0, 0.9, 3_600),
}


def build_complaints(
    cfg: SynthConfig,
    pop: Population,
    table: IdTable,
    fraud: Fraud,
    seed_info: dict[int, tuple[str, int]],
    rng: np.random.Generator,
) -> list[Complaint]:
    r = random.Random(int(rng.integers(0, 2**62)))
    # The victims' slips have their own stream, so the narratives do not depend on them.
    slip_r = random.Random(int(rng.integers(0, 2**62)))
    taken = set(table.names)
    missing = {"beneficiary", "utr"}  # every city has at least one slip of each kind
    rows = fraud.rows
    drafts: list[tuple[int, int, int, dict[str, Any], list[str], list[dict[str, Any]]]] = []
    for ev in fraud.events:
        if not ev.complains:
            continue
        payments = [
            _Payment(seed_info[k][0], seed_info[k][1], rows.amount[k], rows.dst[k], rows.channel[k])
            for k in ev.seeds
            if k in seed_info
        ]
        if not payments:
            continue
        ring = fraud.rings[ev.ring]
        total = sum(p.amount for p in payments)
        home = LOCAL_STATIONS[int(pop.station[ev.victim])]
        lang = _language(r, int(pop.persona[ev.victim]))
        filings = 2 if ev.duplicate else 1
        received = max(p.ts for p in payments)
        sources = list(ComplaintSource)
        source = r.choices(sources, (45, 30, 25))[0]
        for f in range(filings):
            med, sig, lo = _DELAY[source]
            received += max(lo, int(r.lognormvariate(np.log(med), sig)))
            station = home
            if total >= 50_000_000 and r.random() < 0.5:
                station = CYBER_CRIME_PS
            elif f == 1 and r.random() < 0.5:
                station = r.choice(LOCAL_STATIONS)
            slip = _plan_slip(slip_r, payments, table, taken, missing)
            text, ent, written = narrate(
                r, cfg, pop, table, ev, ring, payments, lang, station, slip
            )
            stated = {k: table.names[p.dst] for k, p in enumerate(payments)}
            slips = []
            if slip is not None and (written or slip.field == "beneficiary"):
                missing.discard(slip.field)
                p = payments[slip.payment]
                if slip.field == "beneficiary":
                    stated[slip.payment] = slip.stated
                slips.append(
                    {
                        "txn_id": p.txn_id,
                        "field": slip.field,
                        "actual": table.names[p.dst] if slip.field == "beneficiary" else p.txn_id,
                        "stated": slip.stated,
                        "in_narrative": written,
                        "in_record": slip.field == "beneficiary",
                    }
                )
            record = {
                "received_at": cfg.iso(received),
                "source": source.value,
                "police_station": {
                    "code": station.code,
                    "name": station.name,
                    "name_hi": station.name_hi,
                },
                "complainant": {
                    "name": person_name(pop, ev.victim),
                    "name_hi": pop.hindi_name(ev.victim),
                    "mobile": pop.cols["phone"][ev.victim],
                    "account_id": table.names[ev.victim],
                },
                "language": lang,
                "narrative": text,
                "mo": ev.mo.value,
                "transactions": [
                    {
                        "txn_id": p.txn_id,
                        "ts": cfg.iso(p.ts),
                        "amount": _rupees(p.amount),
                        "victim_account": table.names[ev.victim],
                        "beneficiary": stated[k],
                    }
                    for k, p in enumerate(payments)
                ],
                "entities": ent.as_json(),
            }
            drafts.append((received, ev.eid, f, record, [p.txn_id for p in payments], slips))
            # The second filing: another channel, often in other words or another language.
            source = r.choice([s for s in sources if s != source])
            if r.random() < 0.3:
                lang = _language(r, int(pop.persona[ev.victim]))
    drafts.sort(key=lambda d: (d[0], d[1], d[2]))
    out: list[Complaint] = []
    first_id: dict[int, str] = {}
    for seq, (received, eid, f, record, txn_ids, slips) in enumerate(drafts, start=1):
        year = (cfg.start_dt + timedelta(seconds=received)).year
        cid = f"KNP-{year}-{seq:06d}"
        dup_of = first_id.get(eid) if f == 1 else None
        if f == 0:
            first_id[eid] = cid
        out.append(
            Complaint(
                cid,
                eid,
                str(record["mo"]),
                txn_ids,
                dup_of,
                received,
                {"complaint_id": cid, **record},
                slips,
            )
        )
    return out
