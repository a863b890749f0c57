"""A synthetic Kanpur-like city in the interchange format: accounts, a ledger, complaints and
the ground truth (mule labels, where each complaint's money went) to test every capability on."""

from cybersetu.synth.city import Progress, Summary, generate
from cybersetu.synth.config import SynthConfig

__all__ = ["Progress", "Summary", "SynthConfig", "generate"]
