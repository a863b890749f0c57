"""The trail picture draws every account as its own node, whatever its id looks like."""

from __future__ import annotations

import html
import re

from cybersetu.trail.draw import trail_svg
from cybersetu.trail.source import MemorySource
from cybersetu.trail.tracer import trace
from tests.trail.ledgers import at, txn

VICTIM = "PUNB0123400:0412000100023456"
ODD = ["rahul-k@ybl", "rahul_k@ybl", "<B>x</B>", "ends\\", 'say "hi"', "a\\nb", "<x"]


def test_distinct_accounts_stay_distinct_and_odd_ids_are_shown_as_written() -> None:
    rows = [txn(f"60000000000{i}", i, VICTIM, a, 1_000) for i, a in enumerate(ODD)]
    src = MemorySource(rows, {VICTIM: "savings", **dict.fromkeys(ODD, "savings")})
    trail = trace(src, [r.txn_id for r in rows], as_of=at(60))
    svg = trail_svg(trail, "Trail of <i>seed</i> \\")
    nodes = re.findall(r'<g id="node\d+" class="node">', svg)
    assert len(nodes) == 1 + len(ODD) + 1  # the victim, every account, the legend
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for shown in [*ODD, "Trail of <i>seed</i> \\"]:
        assert shown in texts, (shown, texts)
