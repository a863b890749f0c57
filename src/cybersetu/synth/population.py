"""The city's account holders: who they are, where they bank, and their KYC records.

Built in four steps, each in its own module: the people (`people`: persona, name, home, income,
bank), the mules among them (`mules`: kind, ring, window, layer), and the KYC records banks hold
(`kyc`, with the mules' loopholes from `mule_kyc`); then the honest accounts a ring takes over
(`takeover`). Mules are ordinary rows with a mule kind, a ring and a window of days in which the
ring uses them; their KYC is rewritten to carry the loophole they came from.
"""

from __future__ import annotations

from cybersetu.synth.config import SynthConfig
from cybersetu.synth.draws import Rng
from cybersetu.synth.kyc import write_kyc
from cybersetu.synth.mules import choose_mules
from cybersetu.synth.people import Population, build_people
from cybersetu.synth.takeover import choose_takeovers


def build_population(cfg: SynthConfig, rng: Rng) -> Population:
    pop, per_bank = build_people(cfg, rng)
    choose_mules(cfg, pop, rng)
    write_kyc(cfg, pop, rng, per_bank)
    choose_takeovers(cfg, pop, rng)
    return pop
