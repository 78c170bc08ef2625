"""Best-of-N timing shared by run_secondheart.py and run_gaitmap.py (each runs in its own venv, so
they share this file, not a package)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def best_of(func: Callable[[], object], repeats: int, warm_up: Callable[[], object] | None = None) -> tuple[dict, object]:
    """One warm-up call (``warm_up``, or ``func`` itself; its time is reported, not counted: numba
    compiles there), then ``repeats`` timed calls: best and median wall time, and CPU time."""
    w0, c0 = time.perf_counter(), time.process_time()
    (warm_up or func)()
    first = (time.perf_counter() - w0, time.process_time() - c0)
    walls, cpus = [], []
    result = None
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    best = int(np.argmin(walls))
    timing = {
        "seconds": walls[best],
        "cpu_seconds": cpus[best],
        "median_seconds": float(np.median(walls)),
        "min_cpu_seconds": min(cpus),
        "repeats": repeats,
        "all_seconds": walls,
        "warm_up_seconds": first[0],
        "warm_up_cpu_seconds": first[1],
    }
    return timing, result
