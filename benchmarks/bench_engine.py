"""Engine timings (run by hand: `python benchmarks/bench_engine.py`; not part of CI).

- one scalar break-even (`ftcost.breakeven`, prices already loaded), and its parts;
- the per-call overhead of the vectorised path: `grid`, `rank` and `decide` on one scenario,
  and a report's questions for one scenario (rank, decide, grade) with and without one shared
  ranking;
- batches (issue 12): 1,000 workloads ranked one `rank` call each against one `rank_many`
  call (one `grid` call, the same rankings), and grid's argument check on a batch's 13
  argument columns (stacked: a fixed number of numpy calls) against the same arguments checked
  one by one;
- a vectorised ranking of 1,000,000 (scenario × model) evaluations with `ftcost.grid`,
  beside a bare-numpy evaluation of the same arithmetic (no validation, no broadcasting
  helpers) as the floor.
"""

from __future__ import annotations

import platform
import time

import numpy as np

import ftcost
from ftcost.engine import price_arrays


def timeit(fn, repeat: int, number: int) -> float:
    """Best-of-`repeat` mean seconds per call."""
    best = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best.append((time.perf_counter() - t0) / number)
    return min(best)


def bare_numpy(P, T, M, E, R, H):
    """The same arithmetic as grid() with base=gpt-4o, written straight in numpy (the floor)."""
    billed = T * E
    train = np.maximum(P["min_training_charge"], billed * P["training"] / 1e6)
    base_pm = P["base_input"][:, :1] + R * P["base_output"][:, :1]
    ft_pm = P["ft_input"] + R * P["ft_output"]
    monthly_ft = M * ft_pm / 1e6 + P["fixed_monthly"]
    tco_ft = train + H * monthly_ft
    monthly_base = M * base_pm / 1e6
    net = H * monthly_base - tco_ft
    saving = monthly_base - monthly_ft
    be = np.full(net.shape, np.nan)
    np.divide(train, saving, out=be, where=saving > 0)
    return tco_ft, net, be


AS_OF = "2026-12-01"  # the as-of date every answer is for (pinned: the same work each run)


def main() -> None:
    ps = ftcost.load_prices()
    n_models = len(ps)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()} numpy {np.__version__}"
    )

    # ---- scalar
    ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", as_of=AS_OF)  # warm caches
    t = timeit(
        lambda: ftcost.breakeven("gpt-4o", "gpt-4o-mini", "5M", monthly_tokens="1M", as_of=AS_OF),
        5,
        2000,
    )
    print(f"scalar breakeven (names + '5M' parsing, all figures): {t * 1e6:8.1f} µs/call")
    plan, w = ftcost.TrainingPlan(5e6), ftcost.Workload(monthly_tokens=1e6)
    t = timeit(lambda: ftcost.compare("gpt-4o", "gpt-4o-mini", plan, w, ps, as_of=AS_OF), 5, 2000)
    print(f"scalar compare (plan/workload built once):            {t * 1e6:8.1f} µs/call")
    t = timeit(lambda: ftcost.load_prices(), 5, 2000)
    print(f"load_prices() cache hit:                              {t * 1e6:8.1f} µs/call")

    # ---- per-call overhead of the vectorised path (what a report pays per scenario)
    t = timeit(
        lambda: ftcost.grid(
            ps, training_tokens=5e6, monthly_tokens=1e6, base="gpt-4o", as_of=AS_OF
        ),
        5,
        1000,
    )
    print(f"grid, one scenario (all scalars, with base):          {t * 1e6:8.1f} µs/call")
    t = timeit(lambda: ftcost.rank(plan, w, base="gpt-4o", prices=ps, as_of=AS_OF), 5, 500)
    print(f"rank, one scenario:                                   {t * 1e6:8.1f} µs/call")
    t = timeit(lambda: ftcost.decide(1e6, base="gpt-4o", plan=plan, workload=w, prices=ps), 5, 500)
    print(f"decide (picks the candidate, compares):               {t * 1e6:8.1f} µs/call")

    def scenario(shared: bool):  # what a report asks per scenario: rank, decide, grade
        r = ftcost.rank(plan, w, base="gpt-4o", prices=ps, as_of=AS_OF)
        more = {"ranking": r} if shared else {}
        ftcost.decide(1e6, base="gpt-4o", plan=plan, workload=w, prices=ps, **more)
        ftcost.grade("gpt-4o", plan, w, ps, **more)

    t = timeit(lambda: scenario(False), 5, 300)
    print(f"rank + decide + grade, each ranking:                  {t * 1e6:8.1f} µs/scenario")
    t = timeit(lambda: scenario(True), 5, 300)
    print(f"rank + decide + grade, one ranking shared:            {t * 1e6:8.1f} µs/scenario")

    # ---- batches: what a report asks of many scenarios at once
    from ftcost.engine.grid import _checked
    from ftcost.engine.rank import rank_many

    asks = [
        (
            ftcost.TrainingPlan(5e6, epochs=1 + i % 4),
            ftcost.Workload(monthly_tokens=1e5 * (1 + i), output_ratio=(i % 3) / 2, months=12),
        )
        for i in range(1000)
    ]
    one = [ftcost.rank(p, w, base="gpt-4o", prices=ps, as_of=AS_OF) for p, w in asks]
    assert rank_many(asks, "gpt-4o", ps, as_of=AS_OF) == one  # the same rankings
    t1 = timeit(
        lambda: [ftcost.rank(p, w, base="gpt-4o", prices=ps, as_of=AS_OF) for p, w in asks], 3, 1
    )
    tm = timeit(lambda: rank_many(asks, "gpt-4o", ps, as_of=AS_OF), 3, 1)
    print(f"rank 1,000 workloads, one call each:                  {t1 * 1e3:8.1f} ms")
    print(
        f"rank_many, the same 1,000 (one grid call):            {tm * 1e3:8.1f} ms  ({tm / t1:.2f} ×)"
    )
    cols = {
        "training_tokens": np.full(1000, 5e6), "monthly_tokens": np.linspace(1e5, 1e8, 1000),
        "epochs": np.ones(1000), "output_ratio": np.zeros(1000), "months": np.full(1000, 12.0),
        "validation_tokens": np.zeros(1000), "runs": np.ones(1000),
        "training_hours": np.full(1000, np.nan), "prompt_overhead": np.zeros(1000),
        "fallback_share": np.zeros(1000), "cached_share": np.zeros(1000),
        "batch_share": np.zeros(1000), "retrain_every": None,
    }  # fmt: skip
    lists = cols | {"runs": [1.0] * 1000}  # a list: the one-by-one path
    ts = timeit(lambda: _checked(cols), 5, 200)
    tl = timeit(lambda: _checked(lists), 5, 200)
    print(f"grid's check of 12 argument columns × 1,000, stacked: {ts * 1e6:8.1f} µs/call")
    print(f"the same, one argument at a time:                     {tl * 1e6:8.1f} µs/call")

    # ---- vectorised: 1,000,000 scenario × model evaluations, on the catalog without its
    # lifecycle dates (the bare-numpy floor has no retirement cut: the same work either side)
    import dataclasses

    ps = dataclasses.replace(
        ps,
        models=tuple(dataclasses.replace(m, training_until=None, retires=None) for m in ps),
        _index={},
        cache={},
    )
    S = 1_000_000 // n_models + 1
    rng = np.random.default_rng(0)
    T = rng.uniform(1e5, 1e8, S)
    M = rng.uniform(1e5, 1e9, S)
    E = rng.integers(1, 6, S).astype(float)
    R = rng.uniform(0, 2, S)
    H = rng.integers(1, 37, S).astype(float)
    evals = S * n_models

    def run_grid():
        return ftcost.grid(
            ps,
            training_tokens=T,
            monthly_tokens=M,
            epochs=E,
            output_ratio=R,
            months=H,
            training_hours=0.0,
            base="gpt-4o",
            as_of=AS_OF,
        )

    def run_rank():
        g = run_grid()
        return np.argsort(g["tco_ft"], axis=1, kind="stable")  # the ranking of every scenario

    P = price_arrays(ps)
    cols = [a.reshape(-1, 1) for a in (T, M, E, R, H)]
    # put gpt-4o first so the bare version's base column is the same model
    i = ps.ids.index("gpt-4o")
    Pb = {k: np.concatenate([v[:, i : i + 1], v], axis=1) for k, v in P.items()}

    g = run_grid()
    tco, net, be = bare_numpy(Pb, *cols)  # same numbers, or the floor is not the same work
    ok = g["trainable"][0]  # models not trainable on AS_OF have NaN: the floor has no such rule
    np.testing.assert_allclose(g["tco_ft"][:, ok], tco[:, 1:][:, ok], rtol=1e-12)
    np.testing.assert_allclose(g["net_savings"][:, ok], net[:, 1:][:, ok], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(g["breakeven_months"][:, ok], be[:, 1:][:, ok], rtol=1e-12)

    tg = timeit(run_grid, 3, 3)
    tr = timeit(run_rank, 3, 3)
    tb = timeit(lambda: bare_numpy(Pb, *cols), 3, 3)
    print(f"{evals:,} evaluations ({S:,} scenarios × {n_models} models):")
    print(f"  ftcost.grid                 {tg * 1e3:8.1f} ms  ({evals / tg / 1e6:6.1f} M evals/s)")
    print(f"  grid + argsort ranking      {tr * 1e3:8.1f} ms")
    print(f"  bare numpy (floor)          {tb * 1e3:8.1f} ms  ({evals / tb / 1e6:6.1f} M evals/s)")
    print(f"  grid / floor                {tg / tb:8.2f} ×")


if __name__ == "__main__":
    main()
