"""The bank scoreboard as charts: per bank, ₹ held against ₹ asked to hold, and the time to
answer (median and 90th percentile). Drawn on the server as SVG (`cybersetu.charts`)."""

from __future__ import annotations

from dataclasses import dataclass

from cybersetu.holds.scoreboard import BankRow
from cybersetu.ledger.money import group_digits


@dataclass(frozen=True)
class ScoreboardLabels:
    """The chart's words, in the reader's language (the caller translates them)."""

    money_title: str
    requested: str
    held: str
    rupees: str
    time_title: str
    median: str
    p90: str
    minutes: str
    hours: str
    no_answer: str


def _rupees(value: float, _pos: object = None) -> str:
    return "₹" + group_digits(round(value))


def scoreboard_svg(banks: list[BankRow], labels: ScoreboardLabels) -> str:
    """Two panels, one bar pair per bank in the scoreboard's order (the most overdue on top).

    Bank names are kept as SVG text: the supervisor (and a test) can find them in the file.
    """
    from matplotlib.ticker import FuncFormatter

    from cybersetu.charts import drawing, svg_of

    names = [f"{b.bank_name} ({b.bank})" for b in banks]
    ys = list(range(len(banks)))
    height = 1.6 + 0.42 * max(len(banks), 1)
    answered = [b for b in banks if b.answer_p90 is not None]
    longest = max((b.answer_p90 or 0.0 for b in answered), default=0.0)
    # Minutes while every bank answers within three hours (the golden hour reads better so).
    in_hours = longest > 3 * 3600
    unit, per = (labels.hours, 3600.0) if in_hours else (labels.minutes, 60.0)
    bar = 0.38
    with drawing(10, height, text_as_text=True) as fig:
        money, times = fig.subplots(1, 2, sharey=True)
        money.barh(
            [y - bar / 2 for y in ys],
            [b.requested_paise / 100 for b in banks],
            height=bar,
            color="#9db4d3",
            label=labels.requested,
        )
        money.barh(
            [y + bar / 2 for y in ys],
            [b.held_paise / 100 for b in banks],
            height=bar,
            color="#1f7a4d",
            label=labels.held,
        )
        money.set_yticks(ys, names, fontsize=8)
        money.invert_yaxis()
        money.xaxis.set_major_formatter(FuncFormatter(_rupees))
        money.tick_params(axis="x", labelsize=7, labelrotation=30)
        money.set_xlabel(labels.rupees, fontsize=8)
        money.set_title(labels.money_title, fontsize=10)
        money.legend(fontsize=7, loc="lower right", frameon=False)

        times.barh(
            [y - bar / 2 for y in ys],
            [(b.answer_p50 or 0.0) / per for b in banks],
            height=bar,
            color="#e0a23a",
            label=labels.median,
        )
        times.barh(
            [y + bar / 2 for y in ys],
            [(b.answer_p90 or 0.0) / per for b in banks],
            height=bar,
            color="#a33b20",
            label=labels.p90,
        )
        for y, b in zip(ys, banks, strict=True):
            if b.answer_p50 is None:
                times.text(0, y, " " + labels.no_answer, va="center", fontsize=7, color="#555")
        times.tick_params(axis="x", labelsize=7)
        times.set_xlabel(unit, fontsize=8)
        times.set_xlim(left=0)
        times.set_title(labels.time_title, fontsize=10)
        times.legend(fontsize=7, loc="lower right", frameon=False)
        return svg_of(fig)
