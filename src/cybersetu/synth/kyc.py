"""The KYC record banks hold for every account (accounts.csv): KYC mode, phone, e-mail, address,
device, PAN, opening branch or agent, status and declared income, with the account's id and UPI
ID; then the honest sharing of families and traders."""

from __future__ import annotations

import random
import string
from datetime import date
from typing import Final

import numpy as np

from cybersetu.identifiers.banks import BANKS, BankCategory
from cybersetu.interchange import AccountType, KycMode
from cybersetu.synth import names as nm
from cybersetu.synth.accounts import (
    PHONE_AS_ACCOUNT,
    account_number,
    make_vpa,
    shop_name,
    unique_vpa,
    wallet_handle,
)
from cybersetu.synth.addresses import address_of, house_number
from cybersetu.synth.banking import BANK_INDEX, digital_hub
from cybersetu.synth.config import SynthConfig
from cybersetu.synth.draws import Rng, hex_ids, python_random, unique_ints
from cybersetu.synth.mule_kyc import mule_kyc, ring_kyc
from cybersetu.synth.mules import n_rings
from cybersetu.synth.people import Population, given_name, surname
from cybersetu.synth.personas import MERCHANT_KINDS, PERSONA_SHARE, MuleKind, Persona

_EMAIL_DOMAINS: Final = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "rediffmail.com",
    "outlook.com",
)


def _pan(pr: random.Random, holder: str, initial: str, used: set[str]) -> str:
    letters = string.ascii_uppercase
    while True:
        a = [pr.randrange(26) for _ in range(4)]
        pan = (
            letters[a[0]]
            + letters[a[1]]
            + letters[a[2]]
            + holder
            + initial
            + f"{pr.randrange(0, 10_000):04d}"
            + letters[a[3]]
        )
        if pan not in used:
            used.add(pan)
            return pan


def write_kyc(cfg: SynthConfig, pop: Population, rng: Rng, per_bank: dict[int, list[int]]) -> None:
    pr = python_random(rng)
    n = pop.n
    start_ord = cfg.start.toordinal()
    personas = pop.persona.tolist()
    banks = pop.bank.tolist()
    mkinds = pop.mkind.tolist()
    mule_kind = pop.mule_kind.tolist()

    phones_i = unique_ints(rng, 6_000_000_000, 10_000_000_000, n + 4 * n_rings(n) + 16)
    phones = [str(x) for x in phones_i[:n].tolist()]
    spare_phones = [str(x) for x in phones_i[n:].tolist()]
    devices = hex_ids(rng, n + 4 * n_rings(n))
    spare_devices = devices[n:]
    devices = devices[:n]
    has_device = rng.random(n) < np.select(
        [pop.persona == Persona.JAN_DHAN, pop.persona == Persona.PENSIONER], [0.35, 0.4], 0.8
    )
    has_email = rng.random(n) < np.select(
        [
            pop.persona == Persona.JAN_DHAN,
            pop.persona == Persona.PENSIONER,
            pop.persona == Persona.STUDENT,
        ],
        [0.1, 0.3, 0.9],
        0.6,
    )
    pan_p = {
        Persona.SALARIED: 0.85, Persona.BUSINESS: 0.97, Persona.MERCHANT: 0.95, Persona.PENSIONER: 0.6,
        Persona.SELF_EMPLOYED: 0.35, Persona.STUDENT: 0.15, Persona.JAN_DHAN: 0.02, Persona.DORMANT: 0.2,
    }  # fmt: skip
    has_pan = (
        rng.random(n)
        < np.array([pan_p.get(Persona(p), 0.0) for p in range(len(PERSONA_SHARE))])[pop.persona]
    )
    years = np.clip(rng.exponential(4.5, size=n) + 0.1, 0.1, 25)
    opened_day = start_ord - (years * 365).astype(np.int64)
    newly = (pop.active_from >= 0) & (pop.active_from < 1_000_000) & (pop.mule_kind == 0)
    opened_day[newly] = start_ord + pop.active_from[newly]
    opened_sec = rng.integers(10 * 3600, 16 * 3600, size=n)

    ids: list[str] = []
    acct_no: list[str] = []
    used_ids: set[str] = set()
    used_pan: set[str] = set()
    used_email: set[str] = set()
    cols: dict[str, list[str]] = {k: [] for k in _COLS}
    vpas: list[str] = []
    houses = [house_number(pr) for _ in range(n)]
    gangs = ring_kyc(cfg, pop, rng, pr, spare_phones, spare_devices, per_bank)
    pop.rings = gangs
    shared_seen: dict[int, int] = {}

    for i in range(n):
        p = personas[i]
        b = BANKS[banks[i]]
        mk = mule_kind[i]
        rk = gangs[int(pop.ring[i])] if mk else None
        given, sur = given_name(pop, i), surname(pop, i)
        person = f"{given[0]} {sur[0]}"
        if p == Persona.MERCHANT:
            kind = MERCHANT_KINDS[mkinds[i]]
            holder = shop_name(pr, sur[0], nm.MERCHANT_SUFFIXES[kind])
            acct_type = AccountType.MERCHANT
        elif p == Persona.BUSINESS:
            holder = shop_name(pr, sur[0], nm.BUSINESS_SUFFIXES)
            acct_type = AccountType.CURRENT
        elif p == Persona.JAN_DHAN:
            holder, acct_type = person, AccountType.JAN_DHAN
        elif p == Persona.WALLET:
            holder, acct_type = person, AccountType.WALLET
        else:
            holder, acct_type = person, AccountType.SAVINGS
        if mk == MuleKind.NEW_CURRENT:
            acct_type = AccountType.CURRENT

        # KYC mode and where the account was opened.
        branch = pop.branches[per_bank[banks[i]][pr.randrange(0, len(per_bank[banks[i]]))]]
        agent = ""
        od = int(opened_day[i])
        osec = int(opened_sec[i])
        if p == Persona.WALLET:
            kyc = KycMode.MIN_KYC if pr.random() < 0.6 else KycMode.EKYC_OTP
        elif p == Persona.JAN_DHAN:
            kyc = KycMode.BC_AGENT if pr.random() < 0.55 else KycMode.BRANCH
        else:
            r = pr.random()
            digital = b.category in (
                BankCategory.PRIVATE,
                BankCategory.SMALL_FINANCE,
                BankCategory.PAYMENTS,
            )
            if r < (0.15 if digital else 0.03):
                kyc = KycMode.VIDEO
            elif r < (0.35 if digital else 0.12):
                kyc = KycMode.EKYC_OTP
            elif r < 0.16 and p in (Persona.SELF_EMPLOYED, Persona.DORMANT):
                kyc = KycMode.BC_AGENT
            else:
                kyc = KycMode.BRANCH
        if kyc == KycMode.BC_AGENT:
            agent = f"BC-{b.ifsc_prefix}-KNP-{pr.randrange(1, 400):04d}"

        phone = phones[i]
        device = devices[i] if has_device[i] else ""
        addr = address_of(houses[i], int(pop.station[i]), int(pop.locality[i]))
        if p == Persona.MERCHANT or p == Persona.BUSINESS:
            addr = f"Shop No. {pr.randrange(1, 90)}, " + addr
        email = ""
        if has_email[i]:
            email = _email(pr, given[0], sur[0], used_email)
        pan = ""
        if has_pan[i]:
            pan = _pan(
                pr, "F" if p in (Persona.MERCHANT, Persona.BUSINESS) else "P", sur[0][0], used_pan
            )
        status = "dormant" if p == Persona.DORMANT else "active"

        if rk is not None:
            (kyc, phone, device, addr, email, branch, agent, od, osec, b) = mule_kyc(
                cfg,
                pop,
                pr,
                i,
                MuleKind(mk),
                rk,
                kyc,
                phone,
                device,
                addr,
                email,
                branch,
                agent,
                od,
                osec,
                shared_seen,
            )
            banks[i] = BANK_INDEX[b.ifsc_prefix]
            if mk == MuleKind.NEW_CURRENT:
                pan = _pan(pr, "F", sur[0][0], used_pan)
            if mk == MuleKind.HARD and not pan:
                pan = _pan(pr, "P", sur[0][0], used_pan)

        # The account id: IFSC:number for bank accounts, the VPA for wallets.
        if p == Persona.WALLET:
            ifsc, number = "", phone
            vpa = unique_vpa(pr, f"{phone}", wallet_handle(b.ifsc_prefix), used_ids)
            aid = vpa
        else:
            ifsc = branch.ifsc
            while True:
                number = (
                    phone
                    if (b.ifsc_prefix in PHONE_AS_ACCOUNT and pr.random() < 0.7)
                    else account_number(pr, b.ifsc_prefix)
                )
                aid = f"{ifsc}:{number}"
                if aid not in used_ids:
                    break
            used_ids.add(aid)
            vpa = ""
            if (
                pr.random()
                < (0.92 if p == Persona.MERCHANT else 0.7 if p != Persona.JAN_DHAN else 0.35)
                or mk
            ):
                vpa = make_vpa(pr, p, given[0], sur[0], phone, b.ifsc_prefix, holder, used_ids)
        ids.append(aid)
        acct_no.append(number)
        vpas.append(vpa)
        opened = f"{_ord_iso(od)}T{osec // 3600:02d}:{osec // 60 % 60:02d}:{osec % 60:02d}+05:30"
        opening_branch = (
            branch.ifsc if kyc in (KycMode.BRANCH, KycMode.BC_AGENT) else digital_hub(b.ifsc_prefix)
        )
        cols["bank"].append(b.name)
        cols["ifsc"].append(ifsc)
        cols["holder_name"].append(holder)
        cols["account_type"].append(acct_type.value)
        cols["opened_at"].append(opened)
        cols["kyc_mode"].append(kyc.value)
        cols["phone"].append(phone)
        cols["email"].append(email)
        cols["address"].append(addr)
        cols["device_id"].append(device)
        cols["pan"].append(pan)
        cols["opening_branch"].append(opening_branch)
        cols["opening_agent"].append(agent)
        cols["status"].append(status)
        cols["declared_monthly_income"].append(str(int(pop.income[i])) if pop.income[i] else "")
    pop.bank[:] = np.array(banks, dtype=np.int16)
    pop.ids = ids
    pop.acct_no = acct_no
    cols["vpa"] = vpas
    pop.cols = cols
    households(pop, rng)


_COLS: Final = (
    "bank", "ifsc", "holder_name", "account_type", "opened_at", "kyc_mode", "phone", "email",
    "address", "device_id", "pan", "opening_branch", "opening_agent", "status",
    "declared_monthly_income",
)  # fmt: skip


def _ord_iso(day_ordinal: int) -> str:
    return date.fromordinal(day_ordinal).isoformat()


def _email(pr: random.Random, given: str, sur: str, used: set[str]) -> str:
    g = given.split()[-1].lower()
    s = sur.lower()
    dom = _EMAIL_DOMAINS[pr.randrange(0, len(_EMAIL_DOMAINS))]
    forms = (f"{g}.{s}", f"{g}{s}", f"{g}_{s}", f"{g}{s[0]}", f"{s}.{g}")
    base = forms[pr.randrange(0, len(forms))]
    while True:
        e = f"{base}{pr.randrange(1, 999)}@{dom}" if pr.random() < 0.8 else f"{base}@{dom}"
        if e not in used:
            used.add(e)
            return e


def households(pop: Population, rng: Rng) -> None:
    """Families share an address, sometimes a phone; a trader's shop account shares the owner's
    phone and PAN. Honest sharing, so shared KYC alone does not make a mule. Mules (except rented
    students, who live with their families) stay out of it."""
    pr = python_random(rng)
    n = pop.n
    eligible = (pop.mule_kind == 0) | (pop.mule_kind == MuleKind.RENTED_STUDENT)
    people = np.flatnonzero(eligible & np.isin(pop.persona, [0, 1, 2, 3, 4, 8]))
    members = people[rng.random(people.size) < 0.25]
    heads = people[rng.integers(0, people.size, size=members.size)]
    c = pop.cols
    for m, h in zip(members.tolist(), heads.tolist(), strict=True):
        if m == h:
            continue
        c["address"][m] = c["address"][h]
        pop.station[m], pop.locality[m] = pop.station[h], pop.locality[h]
        if pr.random() < 0.12:
            c["phone"][m] = c["phone"][h]
        if pr.random() < 0.08 and c["device_id"][h]:
            c["device_id"][m] = c["device_id"][h]
    shops = np.flatnonzero(eligible & np.isin(pop.persona, [Persona.MERCHANT, Persona.BUSINESS]))
    owners_pool = np.flatnonzero(
        (pop.mule_kind == 0) & np.isin(pop.persona, [Persona.SALARIED, Persona.SELF_EMPLOYED])
    )
    linked = shops[rng.random(shops.size) < 0.3]
    owners = owners_pool[rng.integers(0, owners_pool.size, size=linked.size)]
    for s, o in zip(linked.tolist(), owners.tolist(), strict=True):
        c["phone"][s] = c["phone"][o]
        if c["pan"][o]:
            c["pan"][s] = c["pan"][o]
    # Hard mules must not share any KYC value by accident (two houses with the same number).
    seen: dict[str, int] = {}
    for a in c["address"]:
        seen[a] = seen.get(a, 0) + 1
    for h in np.flatnonzero(pop.hard).tolist():
        while seen[c["address"][h]] > 1:
            seen[c["address"][h]] -= 1
            c["address"][h] = address_of(
                house_number(pr) + " A", int(pop.station[h]), int(pop.locality[h])
            )
            seen[c["address"][h]] = seen.get(c["address"][h], 0) + 1
    if len(c["phone"]) != n:
        raise RuntimeError(f"{len(c['phone'])} KYC rows for {n} accounts")
