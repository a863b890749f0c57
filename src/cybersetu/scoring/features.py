"""Per-account mule-risk features, written once in Ibis and run on DuckDB or Spark.

Input: the tidy tables of `inputs` (transactions; optionally accounts and complaint seeds).
Output: one row per account that appears in the data, with the float columns of `FEATURES`.
A feature the data cannot support (no accounts file, no complaints) is null, never a guess.

Everything is computed from integers (epoch seconds, paise) so both engines give the same
numbers; windows are RANGE windows so rows with equal timestamps never depend on row order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from cybersetu.interchange import CASH_OUT_CHANNELS, AccountType, KycMode
from cybersetu.scoring.registry import BY_NAME, DORMANT_DAYS, FEATURE_SPECS, Group, names

HOUR: Final = 3_600
DAY: Final = 86_400
IST_SECONDS: Final = 19_800
#: A large amount for "account age at first large activity": ₹10,000.
LARGE_PAISE: Final = 10_000 * 100
#: Reporting and limit thresholds people stay just below (₹): 10k, 20k, 25k, 50k, 1 lakh, 2 lakh.
THRESHOLDS_RUPEES: Final = (10_000, 20_000, 25_000, 50_000, 100_000, 200_000)
#: "Just below" a threshold: within 10% under it.
BELOW_BAND: Final = 0.10
#: Night in IST: 00:00-04:59.
NIGHT_HOURS: Final = 5
#: A gap in activity this long counts as dormancy.
#: Payments below ₹1,000 (shopping, recharges, most of any ledger) are left out of the graph:
#: layering moves larger sums, and the two-hop shapes cost four times less without them.
GRAPH_MIN_PAISE: Final = 1_000 * 100
#: Middle accounts with more two-hop paths than this through them (busy merchants, payment
#: aggregators) are left out of the two-hop shapes: they say nothing about a ring and cost much.
HUB_PATHS: Final = 2_500
#: One-time payments chain when the second follows the first within this many days (a month:
#: the horizon over which a ring's layers are paid on, and a bank's statement cycle).
CHAIN_DAYS: Final = 30


@dataclass(frozen=True)
class FeatureGroups:
    """Feature names by group, in the order the model sees them (from `registry`)."""

    kyc: tuple[str, ...] = names(Group.KYC)
    behaviour: tuple[str, ...] = names(Group.BEHAVIOUR)
    graph: tuple[str, ...] = names(Group.GRAPH)
    complaints: tuple[str, ...] = names(Group.COMPLAINTS)

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return {
            "kyc": self.kyc,
            "behaviour": self.behaviour,
            "graph": self.graph,
            "complaints": self.complaints,
        }


GROUPS: Final = FeatureGroups()
FEATURES: Final[tuple[str, ...]] = names()

Expr = Any  # Ibis column expressions are dynamically typed; keep the signatures readable.


def _i(cond: Expr) -> Expr:
    return cond.cast("int64")


def _f(v: Expr) -> Expr:
    # Spark reads a literal like 100.0 as DECIMAL: make every division a DOUBLE one.
    return v.cast("float64")


def _div(a: Expr, b: Expr) -> Expr:
    return ibis.ifelse(b > 0, _f(a) / _f(b), ibis.null("float64"))


def _lj(a: ir.Table, *others: ir.Table) -> ir.Table:
    """Left-join per-account tables on `account`, keeping one `account` column."""
    a = a.view()  # a finished relation: joining onto a join chain would extend the chain
    keys = []
    for n, other in enumerate(others):
        key = f"_key{n}"
        a = a.left_join(other.rename({key: "account"}), [("account", key)])
        keys.append(key)
    return a.drop(*keys)


def _range(preceding: int | None, following: int, *, by: str | Sequence[str] = "account") -> Any:
    return ibis.range_window(preceding=preceding, following=following, group_by=by, order_by="ts_s")


def events(tx: ir.Table) -> ir.Table:
    """One row per (account, transaction) side: money in (`is_in` 1) or out (`is_in` 0).

    A cash withdrawal's `dst` is a terminal or branch, not an account, so it has only an out side.
    """
    cash = [str(c) for c in CASH_OUT_CHANNELS]
    is_cash = tx.channel.isin(cash)
    ins = tx.filter(~is_cash).select(
        account=tx.dst,
        cp=tx.src,
        cp_bank=tx.src_bank,
        ts_s=tx.ts_s,
        paise=tx.paise,
        amt_q=tx.amt_q,
        is_in=ibis.literal(1, "int64"),
        is_cash=ibis.literal(0, "int64"),
    )
    outs = tx.select(
        account=tx.src,
        cp=tx.dst,
        cp_bank=tx.dst_bank,
        ts_s=tx.ts_s,
        paise=tx.paise,
        amt_q=tx.amt_q,
        is_in=ibis.literal(0, "int64"),
        is_cash=_i(is_cash),
    )
    ev = ins.union(outs)
    return ev.filter(ev.account != ev.cp)


def with_amount_rank(tx: ir.Table) -> ir.Table:
    """`amt_q`: the payment's place among all the ledger's payments by amount, 0 (smallest) to
    1 (largest); equal amounts share it. Makes amount features independent of the currency
    unit and of what is a large sum in this ledger."""
    return tx.mutate(amt_q=ibis.percent_rank().over(order_by=tx.paise))


def _below_threshold(paise: Expr) -> Expr:
    conds = [
        (paise >= int(t * 100 * (1 - BELOW_BAND))) & (paise < t * 100) for t in THRESHOLDS_RUPEES
    ]
    out = conds[0]
    for c in conds[1:]:
        out = out | c
    return out


def behaviour_features(ev: ir.Table, ledger_days: float) -> ir.Table:
    # Every window shares one PARTITION BY account ORDER BY ts_s, so the engine sorts the events
    # once; counts of credits (debits) in a window are sums of is_in (1 - is_in) over all events.
    inflow = ev.paise * ev.is_in
    w = ev.mutate(
        in_1h=ev.is_in.sum().over(_range(HOUR, 0)),
        in_1d=ev.is_in.sum().over(_range(DAY, 0)),
        in_7d=ev.is_in.sum().over(_range(7 * DAY, 0)),
        out_1h=(1 - ev.is_in).sum().over(_range(HOUR, 0)),
        out_1d=(1 - ev.is_in).sum().over(_range(DAY, 0)),
        # Money in during the hour / day up to this event: what a debit now can pass on.
        inflow_1h=inflow.sum().over(_range(HOUR, 0)),
        inflow_1d=inflow.sum().over(_range(DAY, 0)),
        inflow_7d=inflow.sum().over(_range(7 * DAY, 0)),
        last_in_s=ibis.ifelse(ev.is_in == 1, ev.ts_s, ibis.null("int64"))
        .max()
        .over(_range(None, 0)),
        gap=ev.ts_s - ev.ts_s.lag().over(group_by="account", order_by="ts_s"),
        week_after=ev.paise.count().over(_range(0, 7 * DAY)),
    )
    is_in = w.is_in == 1
    is_out = w.is_in == 0
    hour = ((w.ts_s + IST_SECONDS) % DAY) // HOUR
    base = w.group_by("account").aggregate(
        n_in=w.is_in.sum(),
        n_out=(1 - w.is_in).sum(),
        paise_in=(w.paise * w.is_in).sum(),
        paise_out=(w.paise * (1 - w.is_in)).sum(),
        max_in_paise=w.paise.max(where=is_in),
        night_share=_i(hour < NIGHT_HOURS).mean(),
        round_share=_i(w.paise % 100_000 == 0).mean(),
        below_threshold_share=_i(_below_threshold(w.paise)).mean(),
        cash_paise=(w.paise * w.is_cash).sum(),
        first_s=w.ts_s.min(),
        last_s=w.ts_s.max(),
        first_large_s=w.ts_s.min(where=w.paise >= LARGE_PAISE),
        day_count=((w.ts_s + IST_SECONDS) // DAY).nunique(),
        # Bursts: most credits (debits, money in) in any 1 hour / 1 day / 7 days.
        max_in_1h=w.in_1h.max(where=is_in),
        max_in_1d=w.in_1d.max(where=is_in),
        max_in_7d=w.in_7d.max(where=is_in),
        max_in_amt_1d=_f(w.inflow_1d.max(where=is_in)) / 100.0,
        max_out_1h=w.out_1h.max(where=is_out),
        max_out_1d=w.out_1d.max(where=is_out),
        # Pass-through: money out that money in shortly before can pay for; dwell: how long
        # money sat between the last credit and a debit.
        pt_1h=ibis.least(w.paise, w.inflow_1h).sum(where=is_out),
        pt_1d=ibis.least(w.paise, w.inflow_1d).sum(where=is_out),
        pt_7d=ibis.least(w.paise, w.inflow_7d).sum(where=is_out),
        # Scale-free amounts: where the account's credits and debits sit among all the
        # ledger's payments (0 = smallest, 1 = largest), and how much they vary (std / mean).
        mean_in_q=w.amt_q.mean(where=is_in),
        mean_out_q=w.amt_q.mean(where=is_out),
        mean_in_p=_f(w.paise).mean(where=is_in),
        std_in_p=_f(w.paise).std(where=is_in),
        mean_out_p=_f(w.paise).mean(where=is_out),
        std_out_p=_f(w.paise).std(where=is_out),
        dwell_mean_h=(_f(w.ts_s - w.last_in_s) / HOUR).mean(where=is_out),
        # Dormancy: the longest silence, and how busy the week after a long silence was.
        max_gap_days=_f(ibis.coalesce(w.gap.max(), 0)) / DAY,
        burst_after_dormancy=ibis.coalesce(w.week_after.max(where=w.gap >= DORMANT_DAYS * DAY), 0),
    )
    base = base.mutate(
        amt_in=_f(base.paise_in) / 100.0,
        amt_out=_f(base.paise_out) / 100.0,
        mean_in=_div(base.paise_in, base.n_in) / 100.0,
        max_in=_f(base.max_in_paise) / 100.0,
        retained_share=ibis.ifelse(
            base.paise_in > 0,
            ibis.greatest(base.paise_in - base.paise_out, 0).cast("float64") / base.paise_in,
            ibis.null("float64"),
        ),
        cash_out_share=_div(base.cash_paise, base.paise_out),
        active_days=base.day_count.cast("float64"),
        monthly_in_paise=_f(base.paise_in) * (30.0 / max(ledger_days, 1.0)),
        cv_in=_div(base.std_in_p, base.mean_in_p),
        cv_out=_div(base.std_out_p, base.mean_out_p),
    )

    # Counterparties (and their banks) counted from distinct pairs: plain counts run much faster
    # than COUNT(DISTINCT) per direction. Senders who paid once only are strangers rather than
    # regular payers.
    pairs = ev.group_by(["account", "cp", "is_in", "is_cash"]).aggregate(k=ev.paise.count())
    p_in = pairs.is_in == 1
    p_out = (pairs.is_in == 0) & (pairs.is_cash == 0)
    once = pairs.k == 1
    cps = pairs.group_by("account").aggregate(
        n_senders=_i(p_in).sum(),
        n_receivers=_i(p_out).sum(),
        n_one_time_senders=_i(p_in & once).sum(),
        n_one_time_receivers=_i(p_out & once).sum(),
        one_time_sender_share=_div(_i(p_in & once).sum(), _i(p_in).sum()),
        one_time_receiver_share=_div(_i(p_out & once).sum(), _i(p_out).sum()),
    )
    # Fan-in and fan-out at several scales: most distinct senders (receivers) in one calendar
    # day, week and month (IST), as GFP counts them within time windows.
    fans = []
    for label, span in (("1d", DAY), ("7d", 7 * DAY), ("30d", 30 * DAY)):
        b = ev.filter(ev.is_cash == 0).mutate(bucket=(ev.ts_s + IST_SECONDS) // span)
        b = b.select("account", "cp", "is_in", "bucket").distinct()
        b = b.group_by(["account", "is_in", "bucket"]).aggregate(n=b.cp.count())
        fans.append(
            b.group_by("account").aggregate(
                **{
                    f"fan_in_{label}": b.n.max(where=b.is_in == 1),
                    f"fan_out_{label}": b.n.max(where=b.is_in == 0),
                }
            )
        )
    bk = ev.filter(ev.cp_bank.notnull() & (ev.is_cash == 0))
    bk = bk.select("account", "cp_bank", "is_in").distinct()
    banks = bk.group_by("account").aggregate(
        n_sender_banks=_i(bk.is_in == 1).sum(), n_receiver_banks=_i(bk.is_in == 0).sum()
    )

    out = _lj(base, cps, banks, *fans)
    return out.mutate(
        passthrough_1h=ibis.least(_div(out.pt_1h, out.paise_in), 1.0),
        passthrough_1d=ibis.least(_div(out.pt_1d, out.paise_in), 1.0),
        passthrough_7d=ibis.least(_div(out.pt_7d, out.paise_in), 1.0),
    )


def kyc_features(acc: ir.Table) -> ir.Table:
    """Loopholes in KYC: identity details shared across accounts, opening bursts, KYC mode."""

    def shared(col: str) -> Expr:
        v = acc[col]
        n = acc.account_id.count().over(group_by=v)
        return ibis.ifelse(v.notnull(), n - 1, ibis.null("int64"))

    day = (acc.opened_s + IST_SECONDS) // DAY

    def burst(col: str) -> Expr:
        v = acc[col]
        n = acc.account_id.count().over(group_by=[v, day])
        return ibis.ifelse(v.notnull() & day.notnull(), n, ibis.null("int64"))

    def flag(col: str, value: str) -> Expr:
        return _i(acc[col] == value)

    k = acc.select(
        account=acc.account_id,
        opened_s=acc.opened_s,
        income_paise=acc.income_paise,
        shared_phone=shared("phone"),
        shared_device=shared("device_id"),
        shared_address=shared("address"),
        shared_email=shared("email"),
        shared_pan=shared("pan"),
        branch_day_openings=burst("opening_branch"),
        agent_day_openings=burst("opening_agent"),
        kyc_video=flag("kyc_mode", KycMode.VIDEO),
        kyc_ekyc=flag("kyc_mode", KycMode.EKYC_OTP),
        kyc_min=flag("kyc_mode", KycMode.MIN_KYC),
        kyc_bc_agent=flag("kyc_mode", KycMode.BC_AGENT),
        type_merchant=flag("account_type", AccountType.MERCHANT),
        type_jan_dhan=flag("account_type", AccountType.JAN_DHAN),
        type_current=flag("account_type", AccountType.CURRENT),
        type_wallet=flag("account_type", AccountType.WALLET),
    )
    parts = [k.shared_phone, k.shared_device, k.shared_address, k.shared_email, k.shared_pan]
    return k.mutate(shared_kyc_max=ibis.greatest(*[ibis.coalesce(p, -1) for p in parts]).nullif(-1))


def _edges(tx: ir.Table) -> ir.Table:
    cash = [str(c) for c in CASH_OUT_CHANNELS]
    e = tx.filter(~tx.channel.isin(cash) & (tx.src != tx.dst) & (tx.paise >= GRAPH_MIN_PAISE))
    return e.select("src", "dst").distinct()


def _as_is(t: ir.Table) -> ir.Table:
    return t


def graph_features(
    tx: ir.Table, seeds: ir.Table | None, cache: Callable[[ir.Table], ir.Table] = _as_is
) -> ir.Table:
    """Two-hop shapes, short cycles and closeness to complaint-named accounts."""
    e = cache(_edges(tx))
    indeg = e.group_by(x=e.dst).aggregate(din=e.src.count())
    outdeg = e.group_by(x=e.src).aggregate(dout=e.dst.count())
    deg = indeg.join(outdeg, "x")
    quiet = deg.filter(deg.din * deg.dout <= HUB_PATHS).select("x")

    # Self-joins go through .view(): Ibis would otherwise take both sides for one relation.
    e1 = e.view().select(a="src", x="dst")
    e2 = e.view().select(x="src", b="dst")
    paths = e1.join(quiet, "x").join(e2, "x")
    paths = paths.filter(paths.a != paths.b)
    # k = in how many ways (middle accounts) money went from a to b in two hops.
    pairs = cache(paths.group_by(["a", "b"]).aggregate(k=paths.x.count()))

    into = pairs.group_by(account=pairs.b).aggregate(
        scatter_gather_in=pairs.k.max(), two_hop_in=pairs.a.count()
    )
    outof = pairs.group_by(account=pairs.a).aggregate(
        scatter_gather_out=pairs.k.max(), two_hop_out=pairs.b.count()
    )
    back = e.view().select(s2="src", d2="dst")
    recip = e.join(back, (e.src == back.d2) & (e.dst == back.s2))
    cyc2 = recip.group_by(account=recip.src).aggregate(cycle2=recip.dst.count())
    close = paths.join(back, (paths.b == back.s2) & (back.d2 == paths.a))
    cyc3 = close.group_by(account=close.a).aggregate(cycle3=close.x.count())

    nodes = e.select(account="src").union(e.select(account="dst")).distinct()
    parts = [into, outof, cyc2, cyc3]
    if seeds is not None:
        s = seeds.select(seed="account")
        sent = e.join(s, e.dst == s.seed)
        parts.append(sent.group_by(account=sent.src).aggregate(sent_to_named=sent.dst.count()))
        got = e.join(s, e.src == s.seed)
        parts.append(got.group_by(account=got.dst).aggregate(got_from_named=got.src.count()))
        up = pairs.join(s, pairs.b == s.seed)
        parts.append(up.group_by(account=up.a).aggregate(named_2hop_up=up.b.count()))
        down = pairs.join(s, pairs.a == s.seed)
        parts.append(down.group_by(account=down.b).aggregate(named_2hop_down=down.a.count()))
    return _lj(nodes, *parts)


def _one_time_payments(tx: ir.Table) -> ir.Table:
    """Payments between two accounts that paid each other that way only once in the ledger
    (`src`, `dst`, `ts_s`): strangers' money, as layering moves it; regular payers repeat."""
    cash = [str(c) for c in CASH_OUT_CHANNELS]
    e = tx.filter(~tx.channel.isin(cash) & (tx.src != tx.dst))
    p = e.group_by(["src", "dst"]).aggregate(k=e.ts_s.count(), ts_s=e.ts_s.min())
    return p.filter(p.k == 1).select("src", "dst", "ts_s")


def network_features(
    tx: ir.Table, ev: ir.Table, beh: ir.Table, cache: Callable[[ir.Table], ir.Table] = _as_is
) -> ir.Table:
    """Time-ordered chains of one-time payments, and the account's neighbourhood: what its
    counterparties (one and two hops away) look like, which a ring shares and its victims and
    cash-out points do not."""
    o = cache(_one_time_payments(tx))
    o_in = o.group_by(x=o.dst).aggregate(oi=o.src.count())
    o_out = o.group_by(x=o.src).aggregate(oo=o.dst.count())
    odeg = o_in.join(o_out, "x")
    middles = odeg.filter(odeg.oi * odeg.oo <= HUB_PATHS).select("x")
    o1 = o.view().select(a="src", x="dst", t1="ts_s")
    o2 = o.view().select(x2="src", b="dst", t2="ts_s")
    ch = o1.join(middles, "x").join(o2, o1.x == o2.x2)
    ch = ch.filter((ch.a != ch.b) & (ch.t2 >= ch.t1) & (ch.t2 - ch.t1 <= CHAIN_DAYS * DAY))
    ch = cache(ch.select("a", "x", "b", gap=ch.t2 - ch.t1))
    relay = ch.group_by(account=ch.x).aggregate(
        relay_7d=_i(ch.gap <= 7 * DAY).sum(), relay_30d=ch.gap.count()
    )
    chain_out = ch.group_by(account=ch.a).aggregate(chain_out=ch.b.count())
    chain_in = ch.group_by(account=ch.b).aggregate(chain_in=ch.a.count())

    # One hop: the mean (max) over the account's distinct counterparties of their own figures.
    prof = beh.select(
        cp="account",
        c_ot=ibis.coalesce(beh.n_one_time_senders, 0) + ibis.coalesce(beh.n_one_time_receivers, 0),
        c_ot_share=_div(
            ibis.coalesce(beh.n_one_time_senders, 0) + ibis.coalesce(beh.n_one_time_receivers, 0),
            ibis.coalesce(beh.n_senders, 0) + ibis.coalesce(beh.n_receivers, 0),
        ),
        c_pt=beh.passthrough_7d,
    )
    nb = ev.filter(ev.is_cash == 0)
    nb = nb.group_by(["account", "cp"]).aggregate(k=nb.ts_s.count())
    nb = cache(nb.join(prof, "cp"))
    once = nb.k == 1
    hop1 = cache(
        nb.group_by("account").aggregate(
            cp_one_time_mean=nb.c_ot_share.mean(),
            cp_one_time_max=nb.c_ot.max(),
            cp_passthrough_mean=nb.c_pt.mean(),
            one_time_cp_one_time_mean=_f(nb.c_ot).mean(where=once),
        )
    )
    # Two hops: the same mean, over the counterparties' counterparties.
    h = hop1.select(cp2="account", h1=hop1.cp_one_time_mean)
    nb2 = nb.select("account", "cp").join(h, nb.cp == h.cp2)
    hop2 = nb2.group_by("account").aggregate(cp2_one_time_mean=nb2.h1.mean())
    return _lj(hop1, relay, chain_out, chain_in, hop2)


def _account_universe(ev: ir.Table, acc: ir.Table | None) -> ir.Table:
    ids = ev.select("account").distinct()
    if acc is not None:
        ids = ids.union(acc.select(account=acc.account_id)).distinct()
    return ids


def ledger_days(tx: ir.Table) -> float:
    """Length of the ledger in days (at least one; zero when it is empty), for monthly figures."""
    span = tx.aggregate(lo=tx.ts_s.min(), hi=tx.ts_s.max()).to_pyarrow()
    lo, hi = span.column("lo")[0].as_py(), span.column("hi")[0].as_py()
    if lo is None or hi is None:
        return 0.0
    return max(float(hi - lo) / DAY, 1.0)


def seeds_table(seeds: Sequence[str]) -> ir.Table:
    return ibis.memtable(pa.table({"account": pa.array(sorted(set(seeds)), pa.string())}))


def build_features(
    tx: ir.Table,
    accounts: ir.Table | None = None,
    seeds: ir.Table | None = None,
    *,
    days: float | None = None,
    cache: Callable[[ir.Table], ir.Table] | None = None,
) -> ir.Table:
    """The feature table expression: `account` plus every name in `FEATURES` (float64).

    `cache` (see `engine.Materializer`) computes the intermediate tables used many times (the
    per-account events, the edge list, the two-hop pairs) once in the engine, so the final query
    stays small enough for Spark's planner and DuckDB reads each input once.
    """
    if cache is None:
        cache = _as_is

    ev = cache(events(with_amount_rank(tx)))
    span = days if days is not None else ledger_days(tx)
    beh = cache(behaviour_features(ev, span))
    graph = graph_features(tx, seeds, cache)
    net = network_features(tx, ev, beh, cache)
    ids = _account_universe(ev, accounts)
    t = _lj(ids, beh, graph, net)
    if accounts is not None:
        t = _lj(t, kyc_features(accounts))

    cols: dict[str, Expr] = {}
    # Complaint features are known to be 0 only when complaints were given.
    fills = {
        f.name: f.fill
        for f in FEATURE_SPECS
        if f.fill is not None and (f.group is not Group.COMPLAINTS or seeds is not None)
    }
    derived: dict[str, Callable[[], Expr]] = {
        "gather_scatter": lambda: ibis.least(
            ibis.coalesce(t.n_senders, 0), ibis.coalesce(t.n_receivers, 0)
        ),
        "complaint_named": lambda: _i(t.account.isin(seeds.account)) if seeds is not None else None,
        "days_open_at_first_large": lambda: _f(t.first_large_s - t.opened_s) / DAY,
        "days_open_before_first_txn": lambda: _f(t.first_s - t.opened_s) / DAY,
        "income_multiple": lambda: _div(t.monthly_in_paise, t.income_paise),
    }
    for name in FEATURES:
        if name in derived:
            v = None if accounts is None and BY_NAME[name].needs_accounts else derived[name]()
            if v is None:
                v = ibis.null("float64")
        elif name in t.columns:
            v = t[name]
        else:
            v = ibis.null("float64")
        v = v.cast("float64")
        if name in fills:
            v = ibis.coalesce(v, fills[name])
        cols[name] = v
    return t.select(account=t.account, **cols)
