"""The one percentile the benchmarks print (nearest rank): p50 and p95 of page, query and load timings."""
from __future__ import annotations


def percentile(samples: list[float], q: float) -> float:
    """The q-th quantile of samples by nearest rank (q=0.95: the value 95 % of samples do not exceed); NaN
    when there are none."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]
