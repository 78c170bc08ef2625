"""Export the benchmark hour (issue 5) from secondheart's synthetic walker into a plain .npz.

Same session as ``benchmarks/bench_foot_imu.cpp``: default ``WalkerParams`` at 100 Hz, schedule
12 x (walk 270 s, stand 30 s) = 1 h, both foot IMUs. The signals stay in the segment frame
(x forward, y left, z up; acc in m/s^2, gyro in deg/s), which is also gaitmap's foot sensor frame,
so both tools get the same aligned data and no frame conversion can differ between them.

Run with the secondheart venv:  python export_hour.py [OUT.npz]
(default build/compare_gaitmap/hour.npz, relative to the current directory).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import secondheart as sh

SAMPLING_RATE_HZ = 100.0
SCHEDULE = [("walk", 270.0), ("stand", 30.0)] * 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="build/compare_gaitmap/hour.npz", type=Path)
    parser.add_argument("--seed", type=int, default=None, help="walker seed (default: the WalkerParams default)")
    args = parser.parse_args()

    overrides = {"sampling_rate_hz": SAMPLING_RATE_HZ}
    if args.seed is not None:
        overrides["seed"] = args.seed
    walk = sh.synth.walk(schedule=SCHEDULE, **overrides)

    arrays: dict[str, np.ndarray] = {"sampling_rate_hz": np.float64(SAMPLING_RATE_HZ)}
    for imu in walk.session.imus:
        if imu.placement != sh.Placement.FOOT:
            continue
        side = "left" if imu.side == sh.Side.LEFT else "right"
        if imu.frame != sh.AxesFrame.SEGMENT:
            raise RuntimeError(f"{side} foot IMU: expected the walker to give segment-frame data")
        arrays[f"{side}_acc_mps2"] = np.ascontiguousarray(imu.acc_mps2, dtype=np.float64)
        arrays[f"{side}_gyr_dps"] = np.ascontiguousarray(imu.gyr_dps, dtype=np.float64)
        truth = walk.truth_strides(side)
        arrays[f"{side}_truth_strides"] = np.int64(len(truth))
        arrays[f"{side}_truth_mean_stride_length_m"] = np.float64(truth["stride_length_m"].mean())
        arrays[f"{side}_truth_median_stride_length_m"] = np.float64(truth["stride_length_m"].median())
    for side in ("left", "right"):
        if f"{side}_acc_mps2" not in arrays:
            raise RuntimeError(f"the walker gave no {side} foot IMU")
    arrays["truth_strides"] = np.int64(arrays["left_truth_strides"] + arrays["right_truth_strides"])
    arrays["truth_mean_stride_length_m"] = np.float64(
        (arrays["left_truth_mean_stride_length_m"] * arrays["left_truth_strides"]
         + arrays["right_truth_mean_stride_length_m"] * arrays["right_truth_strides"])
        / arrays["truth_strides"]
    )
    arrays["seed"] = np.int64(walk.params.seed)
    arrays["schedule_s"] = np.array([d for _, d in SCHEDULE])

    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **arrays)
    n = arrays["left_acc_mps2"].shape[0]
    print(
        f"wrote {args.out}: 2 feet x {n} samples ({n / SAMPLING_RATE_HZ / 3600:.2f} h at {SAMPLING_RATE_HZ:g} Hz), "
        f"truth {int(arrays['truth_strides'])} strides, mean stride length "
        f"{float(arrays['truth_mean_stride_length_m']):.3f} m"
    )


if __name__ == "__main__":
    main()
