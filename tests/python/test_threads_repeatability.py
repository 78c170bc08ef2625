"""analyze() from many Python threads gives what a serial run gives, bit for bit; the same input
gives bit-identical tables run after run; and this (Release) build gives the tables recorded in
tests/data/repeatability/walk_tables.json, which the C++ Debug/ASan build is checked against too
(issue 18, items 4 and 5).

The readers and every pipeline release the GIL (``py::call_guard<py::gil_scoped_release>`` in
bindings/*.cpp), so threads overlap in C++. The timing is printed (``pytest -s``), not asserted: a
shared CI machine gives no stable ratio.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core, synth
from secondheart.demo import data_path

FILES = [
    "movingreality_pp07_1Reg_first45s.csv",
    "gaitpdb_GaCo05_01_first40s.txt",
    "gaitpdb_GaPt05_01_first40s.txt",
]


def _sources() -> list:
    """Bundled recordings (a path: read + analyse in the thread) and synthetic sessions."""
    sources: list = [data_path(name) for name in FILES]
    for seed in (1, 2, 3):
        walk = synth.walk(seed=seed, schedule=[("stand", 3.0), ("walk", 15.0), ("stand", 3.0)])
        sources.append(walk.session)
    return sources


def _tables(source) -> dict[str, pd.DataFrame]:
    analysis = sh.analyze(source)
    return {
        "cycles": analysis.cycles,
        "summary": analysis.summary,
        "flags": analysis.flags,
        "events": analysis.events,
        "assessment_features": analysis.assessment_features,
    }


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=name)


@pytest.fixture(scope="module")
def sources() -> list:
    return _sources()


@pytest.fixture(scope="module")
def serial(sources) -> tuple[list[dict[str, pd.DataFrame]], float]:
    start = time.perf_counter()
    tables = [_tables(s) for s in sources]
    return tables, time.perf_counter() - start


@pytest.mark.parametrize("workers", [4, 8])
def test_analyze_from_threads_equals_serial(sources, serial, workers):
    expected, serial_s = serial
    jobs = sources * 2  # every recording twice at once
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_tables, jobs))
    threaded_s = time.perf_counter() - start
    for k, result in enumerate(results):
        _assert_same(result, expected[k % len(sources)])
    assert sum(len(r["cycles"]) for r in results[: len(sources)]) > 100  # real work was compared
    print(f"\n{workers} threads: {len(jobs)} analyses in {threaded_s:.2f} s; serial {len(sources)} in {serial_s:.2f} s "
          f"(x{2 * serial_s / threaded_s:.2f} throughput)")


def test_the_gil_is_released_while_a_pipeline_runs():
    """While one thread is inside _core.analyze, another thread keeps running Python: with the GIL
    held it would make no progress at all during the call."""
    walk = synth.walk(seed=4, schedule=[("walk", 300.0)]).session  # ~0.2 s in analyze
    config = _core.Config()
    ticks = []
    done = False

    def count():
        while not done:
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    with ThreadPoolExecutor(max_workers=1) as pool:
        counter = pool.submit(count)
        time.sleep(0.05)
        start = time.perf_counter()
        _core.analyze(walk, config)
        end = time.perf_counter()
        done = True
        counter.result()
    during = [t for t in ticks if start < t < end]
    print(f"\nanalyze took {end - start:.2f} s; the other thread ran {len(during)} times meanwhile")
    # With the GIL held through the call the other thread could not run at all inside it (one tick
    # at most, at an edge); released, it ticks about once a millisecond (37 to 85 times here).
    assert len(during) >= 3


def _digest(tables: dict[str, pd.DataFrame]) -> str:
    """SHA-256 of every table's values (float bits included) and column names."""
    h = hashlib.sha256()
    for name, frame in tables.items():
        h.update(name.encode())
        h.update("\x1f".join(map(str, frame.columns)).encode())
        for column in frame.columns:
            values = frame[column].to_numpy()
            if values.dtype.kind == "f":
                h.update(np.ascontiguousarray(values, dtype=np.float64).tobytes())
            else:
                h.update("\x1f".join(map(str, values)).encode())
    return h.hexdigest()


def test_same_input_gives_bit_identical_tables(sources, serial):
    expected, _ = serial
    for source, tables in zip(sources, expected):
        again = _tables(source)
        _assert_same(again, tables)
        assert _digest(again) == _digest(tables)


# --- across builds: the Release extension against the tables the C++ Debug/ASan test also reads ---

REPEATABILITY = Path(__file__).resolve().parents[1] / "data" / "repeatability" / "walk_tables.json"
RELATIVE_TOLERANCE = 1e-9  # tests/cpp/pipeline/test_repeatability.cpp asserts the same


def walk_tables() -> dict:
    """Per source: columns, cycle ICs and statuses, and values (NaN -> None) of a fixed synthetic walk."""
    session = synth.walk(seed=7, schedule=[("stand", 2.0), ("walk", 12.0), ("stand", 2.0)]).session
    out = {}
    for result in _core.analyze(session, _core.Config()).results:
        table = result.cycles
        fields = table.cycle_fields()
        values = np.asarray(table.values, dtype=float).reshape(len(fields["ic"]), len(table.columns))
        out[table.source] = {
            "columns": list(table.columns),
            "ic": [int(i) for i in fields["ic"]],
            "status": [int(s) for s in fields["status"]],
            "values": [[None if math.isnan(v) else float(v) for v in row] for row in values],
        }
    return out


def test_release_build_matches_the_recorded_tables():
    expected = json.loads(REPEATABILITY.read_text())
    got = walk_tables()
    assert got.keys() == expected.keys()
    worst, compared = 0.0, 0
    for source, table in got.items():
        want = expected[source]
        assert table["columns"] == want["columns"] and table["ic"] == want["ic"]
        assert table["status"] == want["status"]
        for row, want_row in zip(table["values"], want["values"]):
            for value, target in zip(row, want_row):
                assert (value is None) == (target is None)
                if value is not None:
                    worst = max(worst, abs(value - target) / max(1.0, abs(target)))
                    compared += 1
    print(f"\n{compared} values, largest relative difference {worst:.3g}")
    assert compared > 500
    assert worst <= RELATIVE_TOLERANCE


if __name__ == "__main__":  # rewrite the recorded tables (after an intended change of the numbers)
    REPEATABILITY.parent.mkdir(parents=True, exist_ok=True)
    REPEATABILITY.write_text(json.dumps(walk_tables(), separators=(",", ":")) + "\n")
    print(f"wrote {REPEATABILITY}")
