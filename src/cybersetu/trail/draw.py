"""The trail as a picture for the case file: layers left to right, drawn by Graphviz."""

from __future__ import annotations

import shutil
from collections import defaultdict
from zoneinfo import ZoneInfo

import graphviz

from cybersetu.errors import CyberSetuError
from cybersetu.trail.letters import money
from cybersetu.trail.model import EndKind, Trail

IST = ZoneInfo("Asia/Kolkata")

_STYLE = {
    "victim": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#dbe9ff",
        "color": "#1f4e99",
    },
    "account": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#ffffff",
        "color": "#555555",
    },
    EndKind.HOLD: {
        "shape": "box",
        "style": "rounded,filled,bold",
        "fillcolor": "#d6f5d6",
        "color": "#1b7a1b",
        "peripheries": "2",
    },
    EndKind.CASH_OUT: {
        "shape": "octagon",
        "style": "filled",
        "fillcolor": "#ffd6d6",
        "color": "#b00000",
    },
    EndKind.MERCHANT: {
        "shape": "house",
        "style": "filled",
        "fillcolor": "#fff0c2",
        "color": "#b07d00",
    },
    EndKind.FRONTIER: {
        "shape": "diamond",
        "style": "dashed,filled",
        "fillcolor": "#eeeeee",
        "color": "#666666",
    },
}


def _node_id(account: str) -> str:
    return "n_" + account.replace(":", "_").replace("@", "_at_").replace("-", "_")


def trail_svg(trail: Trail, title: str = "") -> str:
    """SVG text of the trail. Needs Graphviz's `dot` (installed by `make setup`)."""
    if shutil.which("dot") is None:
        raise CyberSetuError(
            "Drawing the trail needs Graphviz ('dot'); install it with `apt-get install graphviz` "
            "or run `make setup`."
        )
    g = graphviz.Digraph("trail", format="svg")
    g.attr(
        rankdir="LR", fontname="Noto Sans", fontsize="11", labelloc="t", label=title, nodesep="0.25"
    )
    g.attr("node", fontname="Noto Sans", fontsize="10")
    g.attr("edge", fontname="Noto Sans", fontsize="9", color="#444444")

    layer_of: dict[str, int] = {}
    kind_of: dict[str, str] = {}
    for s in trail.seeds:
        layer_of[s.src] = 0
        kind_of[s.src] = "victim"
    for e in trail.edges:
        layer_of.setdefault(e.txn.dst, e.layer)
        layer_of[e.txn.dst] = min(layer_of[e.txn.dst], e.layer)
        kind_of.setdefault(e.txn.dst, "account")
    amount_at: dict[str, int] = defaultdict(int)
    for end in trail.ends:
        kind_of[end.account_id] = end.kind
        amount_at[end.account_id] += end.amount

    labels = {
        "victim": "Victim",
        EndKind.HOLD: "HOLD",
        EndKind.CASH_OUT: "CASH OUT",
        EndKind.MERCHANT: "MERCHANT (verify)",
        EndKind.FRONTIER: "ASK BANK",
    }
    by_layer: defaultdict[int, list[str]] = defaultdict(list)
    for account, layer in layer_of.items():
        by_layer[layer].append(account)
    for layer in sorted(by_layer):
        with g.subgraph() as sub:
            sub.attr(rank="same")
            for account in sorted(by_layer[layer]):
                kind = kind_of[account]
                text = account
                if kind in labels:
                    text = f"{labels[kind]}\n{account}"
                if account in amount_at:
                    text += f"\n₹{money(amount_at[account])}"
                sub.node(_node_id(account), text, **_STYLE[kind])
    for e in trail.edges:
        when = e.txn.ts.astimezone(IST).strftime("%d %b %H:%M")
        label = f"₹{money(e.tainted)}\n{when} {e.txn.channel}"
        g.edge(_node_id(e.txn.src), _node_id(e.txn.dst), label=label, tooltip=e.txn.txn_id)

    with g.subgraph(name="cluster_legend") as leg:
        leg.attr(label="Legend", fontsize="9", color="#bbbbbb")
        for kind in (EndKind.HOLD, EndKind.CASH_OUT, EndKind.MERCHANT, EndKind.FRONTIER):
            leg.node(f"legend_{kind}", labels[kind], **_STYLE[kind])
    svg: str = g.pipe(format="svg", encoding="utf-8")
    return svg
