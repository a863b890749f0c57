"""The chart of MO trends by police station: weekly complaints per MO, drawn on the server as
SVG with matplotlib (no browser script, no CDN)."""

from __future__ import annotations

from collections import Counter
from datetime import date


def trend_svg(
    series: dict[str, Counter[date]], weeks: list[date], *, title: str, labels: dict[str, str]
) -> str:
    """Lines of complaints per week, one per MO (the six largest; the rest summed as one)."""
    from matplotlib.ticker import MaxNLocator

    from cybersetu.charts import drawing, svg_of

    totals = sorted(series, key=lambda mo: (-sum(series[mo].values()), mo))
    shown, rest = totals[:6], totals[6:]
    with drawing(8, 3.6) as fig:
        ax = fig.subplots()
        xs = list(range(len(weeks)))
        for mo in shown:
            ax.plot(xs, [series[mo].get(w, 0) for w in weeks], marker="o", label=labels.get(mo, mo))
        if rest:
            ax.plot(
                xs,
                [sum(series[mo].get(w, 0) for mo in rest) for w in weeks],
                linestyle="--",
                label=labels.get("_rest", "…"),
            )
        ax.set_xticks(xs, [w.strftime("%d %b") for w in weeks], rotation=45, fontsize=7)
        ax.set_title(title, fontsize=10)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if shown:
            ax.legend(fontsize=7, loc="upper left", frameon=False)
        return svg_of(fig)
