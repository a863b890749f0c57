"""Which accounts are mules: their kind, ring, the window of days their ring uses them, the layer
they serve in, and (for accounts opened by a gang) the bank they were opened at."""

from __future__ import annotations

import numpy as np

from cybersetu.identifiers.banks import BANKS
from cybersetu.synth.banking import mule_bank_probs
from cybersetu.synth.config import SynthConfig
from cybersetu.synth.draws import Rng, python_random
from cybersetu.synth.people import Population
from cybersetu.synth.personas import MULE_KIND_SHARE, MuleKind, Persona


def n_rings(accounts: int) -> int:
    return max(3, accounts // 4_000)


def choose_mules(cfg: SynthConfig, pop: Population, rng: Rng) -> None:
    pr = python_random(rng)
    n = pop.n
    n_mules = max(48, round(n * 0.012))
    rings = n_rings(n)
    kinds = rng.choice(len(MULE_KIND_SHARE), size=n_mules, p=np.array(MULE_KIND_SHARE))
    # Every ring needs a few shared-KYC mules, so the first 3 per ring are that kind.
    kinds[: 3 * rings] = MuleKind.SHARED_KYC
    ring_of = np.concatenate(
        [np.repeat(np.arange(rings), 3), rng.integers(0, rings, size=n_mules - 3 * rings)]
    )
    taken = np.zeros(n, dtype=bool)
    pools = {
        MuleKind.SHARED_KYC: (Persona.SELF_EMPLOYED, Persona.WALLET),
        MuleKind.AGENT_BURST: (Persona.JAN_DHAN,),
        MuleKind.NEW_CURRENT: (Persona.BUSINESS,),
        MuleKind.DORMANT_REACTIVATED: (Persona.SELF_EMPLOYED,),
        MuleKind.RENTED_STUDENT: (Persona.STUDENT,),
        MuleKind.HARD: (Persona.SALARIED, Persona.SELF_EMPLOYED, Persona.STUDENT),
    }
    # Employers (businesses that pay salaries) stay honest, so salaries never come from a mule.
    employers = np.zeros(n, dtype=bool)
    employers[pop.employer[pop.employer >= 0]] = True
    queues = {
        k: iter(
            rng.permutation(
                np.flatnonzero(np.isin(pop.persona, ps) & ~employers & (pop.active_from < 0))
            ).tolist()
        )
        for k, ps in pools.items()
    }
    for kind, ring in zip(kinds.tolist(), ring_of.tolist(), strict=True):
        i = next(c for c in queues[MuleKind(kind)] if not taken[c])
        taken[i] = True
        pop.mule_kind[i] = kind
        pop.ring[i] = ring
    pop.hard[:] = pop.mule_kind == MuleKind.HARD
    mules = np.flatnonzero(pop.mule_kind > 0)
    horizon = cfg.horizon_s
    for i in mules.tolist():
        kind = MuleKind(int(pop.mule_kind[i]))
        if kind in (MuleKind.RENTED_STUDENT, MuleKind.HARD, MuleKind.DORMANT_REACTIVATED):
            start = pr.uniform(0.2, 0.6) * horizon
        else:
            start = pr.uniform(0.0, 0.45) * horizon
        length = max(3 * 86_400, pr.uniform(0.35, 0.9) * horizon)
        pop.w0[i] = int(start)
        pop.w1[i] = int(min(horizon, start + length))
        if kind == MuleKind.DORMANT_REACTIVATED:
            pop.active_from[i] = int(start // 86_400)
        if kind in (MuleKind.SHARED_KYC, MuleKind.AGENT_BURST, MuleKind.NEW_CURRENT):
            pop.weight[i] *= 0.25  # little life of their own
    # Layers: victim-facing accounts first, firms and revived accounts further down.
    first_layer = np.isin(
        pop.mule_kind, [MuleKind.RENTED_STUDENT, MuleKind.HARD, MuleKind.AGENT_BURST]
    )
    deep = np.isin(pop.mule_kind, [MuleKind.NEW_CURRENT, MuleKind.DORMANT_REACTIVATED])
    for i in mules.tolist():
        if first_layer[i]:
            pop.layer[i] = 1 if pr.random() < 0.75 else 2
        elif deep[i]:
            pop.layer[i] = 2 + pr.randrange(0, 5)
        else:
            pop.layer[i] = 1 + pr.randrange(0, 3)
    # Mule accounts of the agent or branch bursts bank where that agent/branch works.
    probs = mule_bank_probs()
    for i in np.flatnonzero(pop.mule_kind == MuleKind.SHARED_KYC).tolist():
        if pop.persona[i] != Persona.WALLET:
            pop.bank[i] = rng.choice(len(BANKS), p=probs)
    for i in np.flatnonzero(pop.mule_kind == MuleKind.NEW_CURRENT).tolist():
        pop.bank[i] = rng.choice(len(BANKS), p=probs)
