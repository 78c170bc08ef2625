"""Time secondheart's foot-IMU pipeline on the exported hour (both feet), as a user calls it.

The recordings are built the way the public Python API documents (``sh.ImuRecording`` per foot,
``Placement.FOOT``, declared in the segment frame, in an ``sh.Session``); the timed call is
``sh.analyze_foot(session)``: sensor-to-foot alignment (always estimated, also for declared segment
frames), zero-velocity detection, events, per-stride trajectories and metrics, cycle validation,
then the pandas tables. The C++ call alone (``sh.analyze_foot_imus``, no DataFrames) is timed too.

Prints one JSON object. Run with the secondheart venv:
    python run_secondheart.py build/compare_gaitmap/hour.npz [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

import secondheart as sh

from timing import best_of  # this folder, shared by both venvs


def build_session(data: np.lib.npyio.NpzFile) -> sh.Session:
    fs = float(data["sampling_rate_hz"])
    session = sh.Session()
    session.name = "synthetic hour (issue 5)"
    imus = []
    for side, enum in (("left", sh.Side.LEFT), ("right", sh.Side.RIGHT)):
        rec = sh.ImuRecording()
        rec.side = enum
        rec.placement = sh.Placement.FOOT
        rec.frame = sh.AxesFrame.SEGMENT
        rec.sampling_rate_hz = fs
        rec.acc_mps2 = data[f"{side}_acc_mps2"]
        rec.gyr_dps = data[f"{side}_gyr_dps"]
        imus.append(rec)
    session.imus = imus
    return session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("npz", nargs="?", default="build/compare_gaitmap/hour.npz", type=Path)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    with np.load(args.npz) as data:
        session = build_session(data)
        samples = int(data["left_acc_mps2"].shape[0])
        fs = float(data["sampling_rate_hz"])

    timing, result = best_of(lambda: sh.analyze_foot(session), args.repeats)
    core_timing, _ = best_of(lambda: sh.analyze_foot_imus(session), args.repeats)

    cycles = result.cycles
    valid = cycles[cycles["valid"]]
    out = {
        "tool": "secondheart",
        "version": sh.__version__,
        "pipeline": "secondheart.analyze_foot (alignment, zero velocity, events, trajectories, metrics, tables)",
        **{k: v for k, v in timing.items()},
        "core_seconds": core_timing["seconds"],
        "core_cpu_seconds": core_timing["cpu_seconds"],
        "strides": int(len(valid)),
        "strides_all": int(len(cycles)),
        "strides_per_side": {s: int((valid["side"] == s).sum()) for s in ("left", "right")},
        "median_stride_length_m": float(valid["stride_length_m"].median()),
        "mean_stride_length_m": float(valid["stride_length_m"].mean()),
        "hours_of_data": samples / fs / 3600.0,
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
