"""Time gaitmap's standard foot-IMU pipeline on the exported hour (both feet).

Runs in its own venv with ``gaitmap`` and ``gaitmap-mad`` from PyPI (``run.sh`` makes it); it does
not import secondheart. The steps follow gaitmap's "MaD DiGait" full-pipeline example:

    align_dataset_to_gravity -> convert_to_fbf -> BarthDtw -> RamppEventDetection
    -> StrideLevelTrajectory -> TemporalParameterCalculation + SpatialParameterCalculation

all with their defaults. The exported data are already in gaitmap's foot sensor frame (FSF: x
forward, y left, z up, for both feet; acc m/s^2, gyro deg/s), so no flip is needed; the gravity
alignment stays in the timed pipeline because the example has it (secondheart estimates its
alignment inside the timed call too). Building the pandas DataFrames from the arrays is not timed
(the secondheart side does not time building its Session either).

Prints one JSON object:  python run_gaitmap.py build/compare_gaitmap/hour.npz [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import time
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from timing import best_of  # this folder, shared by both venvs

SENSORS = {"left": "left_sensor", "right": "right_sensor"}


def load_dataset(npz: Path) -> tuple[dict[str, pd.DataFrame], float]:
    with np.load(npz) as data:
        fs = float(data["sampling_rate_hz"])
        dataset = {}
        for side, name in SENSORS.items():
            acc, gyr = data[f"{side}_acc_mps2"], data[f"{side}_gyr_dps"]
            dataset[name] = pd.DataFrame(
                np.column_stack([acc, gyr]), columns=["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]
            )
    return dataset, fs


def pipeline(dataset: dict[str, pd.DataFrame], fs: float) -> dict:
    from gaitmap.event_detection import RamppEventDetection
    from gaitmap.parameters import SpatialParameterCalculation, TemporalParameterCalculation
    from gaitmap.preprocessing.sensor_alignment import align_dataset_to_gravity
    from gaitmap.stride_segmentation import BarthDtw
    from gaitmap.trajectory_reconstruction import StrideLevelTrajectory
    from gaitmap.utils.coordinate_conversion import convert_to_fbf

    stages = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        stages[name] = now - t
        t = now

    aligned = align_dataset_to_gravity(dataset, fs)
    lap("align_dataset_to_gravity")
    body = convert_to_fbf(aligned, left_like="left_", right_like="right_")
    lap("convert_to_fbf")
    dtw = BarthDtw().segment(data=body, sampling_rate_hz=fs)
    lap("BarthDtw")
    events = RamppEventDetection().detect(data=body, stride_list=dtw.stride_list_, sampling_rate_hz=fs)
    lap("RamppEventDetection")
    strides = events.min_vel_event_list_
    trajectory = StrideLevelTrajectory().estimate(data=aligned, stride_event_list=strides, sampling_rate_hz=fs)
    lap("StrideLevelTrajectory")
    temporal = TemporalParameterCalculation().calculate(stride_event_list=strides, sampling_rate_hz=fs)
    spatial = SpatialParameterCalculation().calculate(
        stride_event_list=strides,
        positions=trajectory.position_,
        orientations=trajectory.orientation_,
        sampling_rate_hz=fs,
    )
    lap("Temporal+SpatialParameterCalculation")
    return {
        "stage_seconds": stages,
        "segmented": {k: len(v) for k, v in dtw.stride_list_.items()},
        "temporal": temporal.parameters_,
        "spatial": spatial.parameters_,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("npz", nargs="?", default="build/compare_gaitmap/hour.npz", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=None, help="use only the first MINUTES (for a quick try)")
    parser.add_argument("--warm-up-minutes", type=float, default=2.0, help="length of the untimed warm-up slice")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    dataset, fs = load_dataset(args.npz)
    if args.minutes is not None:
        n = int(round(args.minutes * 60 * fs))
        dataset = {k: v.iloc[:n].reset_index(drop=True) for k, v in dataset.items()}
    samples = len(dataset[SENSORS["left"]])
    n_warm = int(round(args.warm_up_minutes * 60 * fs))
    warm = {k: v.iloc[:n_warm].reset_index(drop=True) for k, v in dataset.items()}

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        timing, result = best_of(lambda: pipeline(dataset, fs), args.repeats, lambda: pipeline(warm, fs))
    warning_texts = sorted({f"{w.category.__name__}: {str(w.message)[:200]}" for w in caught})

    spatial = pd.concat(result["spatial"], names=["sensor"])
    temporal = pd.concat(result["temporal"], names=["sensor"])
    length = spatial["stride_length"]
    out = {
        "tool": "gaitmap",
        "version": version("gaitmap"),
        "gaitmap_mad_version": version("gaitmap-mad"),
        "pipeline": "align_dataset_to_gravity, BarthDtw, RamppEventDetection, StrideLevelTrajectory, "
        "Temporal+SpatialParameterCalculation (defaults)",
        **timing,
        "strides": int(len(spatial)),
        "strides_segmented": int(sum(result["segmented"].values())),
        "strides_per_side": {side: int(len(result["spatial"][name])) for side, name in SENSORS.items()},
        "median_stride_length_m": float(length.median()),
        "mean_stride_length_m": float(length.mean()),
        "median_stride_time_s": float(temporal["stride_time"].median()),
        "stage_seconds_last_run": result["stage_seconds"],
        "hours_of_data": samples / fs / 3600.0,
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "warnings": warning_texts,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
