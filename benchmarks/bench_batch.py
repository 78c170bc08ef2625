"""Cohort batch on Dask against the serial in-process loop (run by hand; not part of `make test`).

    python benchmarks/bench_batch.py [--n 200] [--walk-s 60] [--workers 1 2] [--data DIR]

Writes ``n`` synthetic two-feet walks (stand 3 s, walk ``walk_s``, stand 3 s; 100 Hz; movingreality
CSV, a different seed each) once to ``--data`` (default: a temporary folder), then times

* the serial loop in this process: read + analyse + tables of each file
  (``secondheart.batch.analyze_one``, the work of one batch task), then the concatenation;
* ``secondheart.batch`` on a LocalCluster of 1 and 2 worker processes (one thread each): the cluster
  start separately, then the batch on the running cluster (``client=``), and the batch as a user calls
  it (start + batch + close);
* with 1 worker, the serial loop again as one task in the worker process: what the process costs
  without Dask's per-file tasks.

Reports wall times, the scaling ratio (1 worker / 2 workers), the per-file overhead of the batch
against the serial loop ((batch with 1 worker - serial) / n) and of Dask's tasks alone, and the CPU
seconds of client, scheduler and workers. On a shared machine, run it more than once: other jobs on
the cores change the ratio.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import secondheart as sh
from secondheart.batch import LEVELS, analyze_one, concat_tables

AXES = ("acc_x_mps2", "acc_y_mps2", "acc_z_mps2", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps")


def write_walk_csv(path: Path, seed: int, walk_s: float) -> None:
    walk = sh.synth.walk(seed=seed, schedule=[("stand", 3.0), ("walk", walk_s), ("stand", 3.0)])
    feet = [imu for imu in walk.session.imus if imu.placement == sh.Placement.FOOT]
    columns = {"time_s": np.arange(len(feet[0])) / feet[0].sampling_rate_hz}
    for imu in feet:
        side = "left" if imu.side == sh.Side.LEFT else "right"
        values = np.hstack([imu.acc_mps2, imu.gyr_dps])
        for k, axis in enumerate(AXES):
            columns[f"{side}_foot_{axis}"] = values[:, k]
    pd.DataFrame(columns).to_csv(path, index=False, float_format="%.7g")


def recordings(folder: Path, n: int, walk_s: float) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(1, n + 1):
        path = folder / f"walk_{walk_s:g}s_{seed:04d}.csv"
        if not path.exists():
            write_walk_csv(path, seed, walk_s)
        paths.append(str(path))
    return paths


def serial(paths: list[str]) -> tuple[float, float, float, dict[str, pd.DataFrame]]:
    start, cpu = time.perf_counter(), time.process_time()
    outcomes = [analyze_one(p, None, {}) for p in paths]
    analysed = time.perf_counter()
    tables = {level: concat_tables(o["tables"][level] for o in outcomes if level in o.get("tables", {}))
              for level in LEVELS}
    return analysed - start, time.perf_counter() - start, time.process_time() - cpu, tables


def cpu_seconds() -> float:
    """CPU time (user + system) of the calling process: run in each worker by ``client.run``."""
    return time.process_time()


def timed_batch(client, paths: list[str]) -> tuple[sh.BatchResult, float]:
    """The batch and the CPU seconds it costs this process (client and the in-process scheduler) and
    the workers together: less sensitive than wall time to other jobs on a shared machine."""
    workers, own = client.run(cpu_seconds), time.process_time()
    result = sh.batch(paths, client=client, progress=False)
    after = client.run(cpu_seconds)
    return result, time.process_time() - own + sum(after[w] - workers[w] for w in after if w in workers)


def loop_seconds(paths: list[str]) -> float:
    """The serial loop's read + analyse + tables, timed where it runs (shipped to a worker by value)."""
    start = time.perf_counter()
    for p in paths:
        analyze_one(p, None, {})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--walk-s", type=float, default=60.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--data", type=Path, help="folder for the recordings (kept; reused when present)")
    args = parser.parse_args()

    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data if args.data is not None else Path(tmp)
        start = time.perf_counter()
        paths = recordings(folder, args.n, args.walk_s)
        size_mb = sum(os.path.getsize(p) for p in paths) / 1e6
        print(f"{args.n} recordings of {args.walk_s:g} s walking + 6 s standing (two feet, 100 Hz), "
              f"{size_mb:.0f} MB of CSV, ready in {time.perf_counter() - start:.1f} s; {os.cpu_count()} cores")

        analysed_s, serial_s, serial_cpu_s, expected = serial(paths)
        print(f"serial loop in-process: {serial_s:.2f} s ({1e3 * serial_s / args.n:.1f} ms/file; "
              f"read+analyse+tables {analysed_s:.2f} s), CPU {serial_cpu_s:.2f} s, {len(expected['cycles'])} cycles")

        times = {}
        for n_workers in args.workers:
            t0 = time.perf_counter()
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
            started = time.perf_counter()
            sh.batch(paths[: min(4, len(paths))], client=client, progress=False)  # warm: imports in the workers
            warmed = time.perf_counter()
            result, cpu_s = timed_batch(client, paths)
            done = time.perf_counter()
            if n_workers == 1:  # the same loop as one task: the worker process without Dask's per-file tasks
                in_worker = client.submit(loop_seconds, paths, pure=False).result()
                print(f"serial loop as one task in the worker process: {in_worker:.2f} s "
                      f"({1e3 * in_worker / args.n:.1f} ms/file)")
                times["loop_in_worker"] = in_worker
            closing = time.perf_counter()
            client.close()
            cluster.close()
            closed = time.perf_counter()
            for level in LEVELS:
                pd.testing.assert_frame_equal(getattr(result, level), expected[level], check_exact=True)
            batch_s = done - warmed
            times[n_workers] = batch_s
            worker_s = result.recordings["analysis_s"].sum()
            print(f"{n_workers} worker(s): cluster start {started - t0:.2f} s, warm-up {warmed - started:.2f} s, "
                  f"batch {batch_s:.2f} s ({1e3 * batch_s / args.n:.1f} ms/file; task time in the workers "
                  f"{worker_s:.2f} s), close {closed - closing:.2f} s; start + batch + close "
                  f"{(done - t0) + (closed - closing):.2f} s; CPU (client + scheduler + workers) {cpu_s:.2f} s "
                  f"= {1e3 * (cpu_s - serial_cpu_s) / args.n:+.1f} ms/file over the serial loop; "
                  f"tables equal the serial loop")
        if 1 in times:
            print(f"per-file overhead of the batch (1 worker - serial loop in-process): "
                  f"{1e3 * (times[1] - serial_s) / args.n:+.1f} ms/file; of Dask's tasks alone (1 worker - the loop "
                  f"as one task in the worker): {1e3 * (times[1] - times['loop_in_worker']) / args.n:+.1f} ms/file")
        if 1 in times and 2 in times:
            print(f"scaling ratio 1 worker / 2 workers: {times[1] / times[2]:.2f} (ideal 2.00)")


if __name__ == "__main__":
    main()
