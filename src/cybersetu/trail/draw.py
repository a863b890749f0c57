"""The trail as a picture for the case file: layers left to right, drawn by Graphviz."""

from __future__ import annotations

import shutil
from collections import defaultdict

import graphviz

from cybersetu.clock import IST
from cybersetu.errors import CyberSetuError
from cybersetu.trail.letters import money
from cybersetu.trail.trails import Edge, EndKind, Trail

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


def _text(value: str) -> str:
    """A label part from the data, shown as written: no dot escapes (`\\n`, a final `\\`)."""
    return value.replace("\\", "\\\\")


def _label(*lines: str) -> str:
    """A plain-text label: never read as an HTML-like label, even if it looks like `<B>x</B>`."""
    label: str = graphviz.nohtml("\n".join(lines))
    return label


def trail_svg(trail: Trail, title: str = "") -> str:
    """SVG text of the trail. Needs Graphviz's `dot` (installed by `make setup`)."""
    if shutil.which("dot") is None:
        raise CyberSetuError(
            "Drawing the trail needs Graphviz ('dot'); install it with `apt-get install graphviz` "
            "or run `make setup`."
        )
    g = graphviz.Digraph("trail", format="svg")
    g.attr(
        rankdir="LR",
        fontname="Noto Sans",
        fontsize="11",
        labelloc="t",
        label=_label(_text(title)),
        nodesep="0.2",
        ranksep="0.3",
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
    # Node ids are ours (n0, n1, ...): ids made from account text merged rahul-k@ybl with
    # rahul_k@ybl, and any id is safe to show only as an escaped label.
    node_id: dict[str, str] = {}
    for account in sorted(layer_of, key=lambda a: (layer_of[a], a)):
        node_id[account] = f"n{len(node_id)}"
        kind = kind_of[account]
        lines = [labels[kind], _text(account)] if kind in labels else [_text(account)]
        if account in amount_at:
            lines.append(f"₹{money(amount_at[account])}")
        g.node(node_id[account], _label(*lines), **_STYLE[kind])
    # One arrow per pair of accounts: parallel transfers are listed on one label, which keeps
    # the picture readable (and dot's router stable) when a mule splits money into many sends.
    pairs: defaultdict[tuple[str, str], list[Edge]] = defaultdict(list)
    for e in trail.edges:
        pairs[(e.txn.src, e.txn.dst)].append(e)
    for account in sorted({a for pair in pairs for a in pair} - node_id.keys()):
        node_id[account] = f"n{len(node_id)}"  # not expected: every end is a node above
        g.node(node_id[account], _label(_text(account)), **_STYLE["account"])
    for (src, dst), edges in pairs.items():
        lines = [
            f"₹{money(e.tainted)}  {e.txn.ts.astimezone(IST):%d %b %H:%M} {_text(e.txn.channel)}"
            for e in edges[:4]
        ]
        if len(edges) > 4:
            lines.append(f"+{len(edges) - 4} more")
        g.edge(
            node_id[src],
            node_id[dst],
            label=_label(*lines),
            tooltip=_label(_text(", ".join(e.txn.txn_id for e in edges))),
            penwidth="2" if len(edges) > 1 else "1",
        )

    cells = "".join(
        f'<td bgcolor="{_STYLE[k]["fillcolor"]}" color="{_STYLE[k]["color"]}">{labels[k]}</td>'
        for k in (EndKind.HOLD, EndKind.CASH_OUT, EndKind.MERCHANT, EndKind.FRONTIER)
    )
    g.node(
        "legend",
        f'<<table border="0" cellborder="1" cellspacing="3" cellpadding="3"><tr>{cells}</tr></table>>',
        shape="plaintext",
        fontsize="9",
    )
    svg: str = g.pipe(format="svg", encoding="utf-8")
    return svg
