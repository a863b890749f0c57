"""Account takeover: an honest person's net banking or UPI credentials are phished, and for a few
days a ring uses the account as a victim-facing (layer-1) mule. The holder is no mule
(`is_mule=0`); the account keeps its ordinary KYC and its holder's ordinary life, so the same
balance pays the holder's rent and the gang's transfers.

Chosen after everything else in the population, so the accounts file is the same with or
without them; `ring`, `layer` and the window `w0`/`w1` are set as for a mule.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from cybersetu.synth.config import SynthConfig
from cybersetu.synth.draws import Rng, python_random
from cybersetu.synth.people import Population
from cybersetu.synth.personas import Persona

#: Taken-over accounts per victim-facing mule of a ring (at least one per ring).
TAKEOVER_SHARE: Final = 0.08
#: People whose credentials are phished: savings accounts with net banking or UPI.
_PERSONAS: Final = (Persona.SALARIED, Persona.SELF_EMPLOYED, Persona.PENSIONER, Persona.STUDENT)


def choose_takeovers(cfg: SynthConfig, pop: Population, rng: Rng) -> None:
    pr = python_random(rng)
    employers = np.zeros(pop.n, dtype=bool)
    employers[pop.employer[pop.employer >= 0]] = True
    pool = np.flatnonzero(
        np.isin(pop.persona, _PERSONAS) & (pop.mule_kind == 0) & ~employers & (pop.active_from < 0)
    )
    queue = iter(rng.permutation(pool).tolist())
    horizon = cfg.horizon_s
    for ring in range(len(pop.rings)):
        first = int(((pop.ring == ring) & (pop.mule_kind > 0) & (pop.layer == 1)).sum())
        for _ in range(max(1, round(first * TAKEOVER_SHARE))):
            i = next(queue)
            pop.takeover[i] = True
            pop.ring[i] = ring
            pop.layer[i] = 1
            # Used from the day the credentials are stolen until the holder or the bank notices.
            start = pr.uniform(0.05, 0.85) * horizon
            pop.w0[i] = int(start)
            pop.w1[i] = int(min(horizon, start + pr.uniform(1, 4) * 86_400))
