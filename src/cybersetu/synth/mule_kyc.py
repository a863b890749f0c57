"""The KYC loopholes of mule accounts: what a gang reuses when it opens accounts (its phones,
handsets, rented rooms, agent, branch) and how each kind of mule's record differs from an honest
one."""

from __future__ import annotations

import random
from dataclasses import dataclass

from cybersetu.identifiers.banks import BANKS, Bank
from cybersetu.interchange import KycMode
from cybersetu.synth.addresses import address_of, house_number, pick_locality
from cybersetu.synth.banking import BANK_INDEX, Branch
from cybersetu.synth.config import SynthConfig
from cybersetu.synth.draws import Rng
from cybersetu.synth.mules import n_rings
from cybersetu.synth.people import Population
from cybersetu.synth.personas import MuleKind, Persona


@dataclass
class RingKyc:
    """What a gang reuses when it opens accounts: its phones, handsets, rooms, agent, branch."""

    ring: int
    phones: list[str]
    devices: list[str]
    addresses: list[str]
    emails: list[str]
    agent: str
    agent_bank: int
    agent_branch: str
    burst_day: int
    branch: Branch
    branch_day: int


def ring_kyc(
    cfg: SynthConfig,
    pop: Population,
    rng: Rng,
    pr: random.Random,
    phones: list[str],
    devices: list[str],
    per_bank: dict[int, list[int]],
) -> list[RingKyc]:
    out = []
    agent_banks = [
        BANK_INDEX[b] for b in ("IPOS", "AIRP", "FINO", "SBIN", "PUNB", "BARB", "UTKS", "JSFB")
    ]
    for r in range(n_rings(pop.n)):
        k_phone = pr.randrange(1, 4)
        k_dev = pr.randrange(1, 4)
        ph = [phones.pop() for _ in range(k_phone)]
        dv = [devices.pop() for _ in range(k_dev)]
        st, lo = pick_locality(rng, 2)
        addrs = [
            address_of(f"Room No. {pr.randrange(1, 30)}, {house_number(pr)}", int(s), int(x))
            for s, x in zip(st, lo, strict=True)
        ]
        emails = [
            f"{w}{pr.randrange(10, 9999)}@gmail.com" for w in ("rk.enterprises", "kanpurjobs")
        ]
        ab = agent_banks[pr.randrange(0, len(agent_banks))]
        ab_prefix = BANKS[ab].ifsc_prefix
        agent_branch = pop.branches[per_bank[ab][pr.randrange(0, len(per_bank[ab]))]].ifsc
        cb = BANK_INDEX[("AUBL", "UJVN", "UTKS", "YESB", "IDFB", "UPCB", "INDB", "RATN")[r % 8]]
        branch = pop.branches[per_bank[cb][pr.randrange(0, len(per_bank[cb]))]]
        out.append(
            RingKyc(
                ring=r,
                phones=ph,
                devices=dv,
                addresses=addrs,
                emails=emails,
                agent=f"BC-{ab_prefix}-KNP-{pr.randrange(400, 999):04d}",
                agent_bank=ab,
                agent_branch=agent_branch,
                burst_day=cfg.start.toordinal() - pr.randrange(20, 200),
                branch=branch,
                branch_day=cfg.start.toordinal() - pr.randrange(5, 60),
            )
        )
    return out


def mule_kyc(
    cfg: SynthConfig,
    pop: Population,
    pr: random.Random,
    i: int,
    kind: MuleKind,
    rk: RingKyc,
    kyc: KycMode,
    phone: str,
    device: str,
    addr: str,
    email: str,
    branch: Branch,
    agent: str,
    od: int,
    osec: int,
    shared_seen: dict[int, int],
) -> tuple[KycMode, str, str, str, str, Branch, str, int, int, Bank]:
    bank = BANKS[int(pop.bank[i])]
    if kind == MuleKind.SHARED_KYC:
        # Opened remotely on the gang's own handsets and numbers.
        kyc = (KycMode.VIDEO, KycMode.EKYC_OTP, KycMode.MIN_KYC)[pr.randrange(0, 3)]
        if pop.persona[i] == Persona.WALLET:
            kyc = KycMode.MIN_KYC
        order = shared_seen.get(rk.ring, 0)
        shared_seen[rk.ring] = order + 1
        if order < 2 or pr.random() < 0.6:
            phone = (
                rk.phones[order % len(rk.phones)]
                if order < 2
                else rk.phones[pr.randrange(0, len(rk.phones))]
            )
        if pr.random() < 0.7:
            device = rk.devices[pr.randrange(0, len(rk.devices))]
        if pr.random() < 0.4:
            addr = rk.addresses[pr.randrange(0, len(rk.addresses))]
        if pr.random() < 0.3:
            email = rk.emails[pr.randrange(0, len(rk.emails))]
        od = cfg.start.toordinal() - pr.randrange(1, 150)
        osec = pr.randrange(0, 86_400)
    elif kind == MuleKind.AGENT_BURST:
        kyc = KycMode.BC_AGENT
        agent = rk.agent
        bank = BANKS[rk.agent_bank]
        branch = next(b for b in pop.branches if b.ifsc == rk.agent_branch)
        od = rk.burst_day + pr.randrange(0, 3)
        osec = pr.randrange(9 * 3600, 19 * 3600)
        if pr.random() < 0.3:
            addr = rk.addresses[pr.randrange(0, len(rk.addresses))]
    elif kind == MuleKind.NEW_CURRENT:
        kyc = KycMode.BRANCH
        bank = BANKS[rk.branch.bank]
        branch = rk.branch
        od = min(
            rk.branch_day + pr.randrange(0, 4),
            cfg.start.toordinal() + int(pop.w0[i] // 86_400) - 1,
        )
        if pr.random() < 0.5:
            phone = rk.phones[pr.randrange(0, len(rk.phones))]
    elif kind == MuleKind.DORMANT_REACTIVATED:
        od = cfg.start.toordinal() - pr.randrange(4 * 365, 12 * 365)
        kyc = KycMode.BRANCH
    elif kind == MuleKind.HARD:
        kyc = KycMode.BRANCH if pr.random() < 0.8 else KycMode.EKYC_OTP
        od = cfg.start.toordinal() - pr.randrange(365, 8 * 365)
    return kyc, phone, device, addr, email, branch, agent, od, osec, bank
