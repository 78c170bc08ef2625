"""Foot IMU: pandas views of the C++ foot-IMU pipeline (``secondheart/pipeline/foot_imu.hpp``).

The numerics live in C++: sensor-to-foot alignment (any mounting, both feet in the x forward,
y left, z up frame), zero-velocity detection with thresholds from the recording, events (IC, FC,
MS, HO), per-stride drift-corrected trajectories and the per-stride metrics ``stride_length_m``,
``gait_speed_mps``, ``heel_strike_angle_deg``, ``toe_off_angle_deg``, ``peak_push_off_angular_velocity_dps``,
``push_off_duration_s``, ``foot_pitch_rom_deg``, ``max_swing_height_m``, ``min_toe_clearance_m``
(with ``sensor_to_toe_m``) and ``heading_change_deg``, next to the spatiotemporal columns.
This module only calls them and returns DataFrames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _core
from ._tables import PipelineTables, cycle_frame, events_table, flags_frame, summary_frame

SOURCE = "foot_imu"


@dataclass(frozen=True)
class FootImuResult(PipelineTables):
    """Per-stride table, per-side summary, events and quality flags of the foot-IMU pipeline."""


def foot_imu_params(
    *,
    sensor_to_toe_m: tuple[float, float, float] | None = None,
    max_turn_deg: float | None = None,
    max_gap_s: float | None = None,
) -> _core.FootImuPipelineParams:
    """Pipeline settings for the common choices; everything else keeps its C++ default.

    ``sensor_to_toe_m``: vector from the sensor to the toe tip in the foot frame (m), enables the
    minimum toe clearance. ``max_turn_deg``: strides turning more are marked ``turn``.
    ``max_gap_s``: longer gaps make their strides ``bad_data`` (shorter ones are interpolated).
    """
    params = _core.FootImuPipelineParams()
    if sensor_to_toe_m is not None:
        metrics = params.metrics
        metrics.sensor_to_toe_m = np.asarray(sensor_to_toe_m, dtype=float).reshape(3)
        params.metrics = metrics
    if max_turn_deg is not None:
        params.max_turn_deg = float(max_turn_deg)
    if max_gap_s is not None:
        params.max_gap_s = float(max_gap_s)
    return params


def analyze_foot(
    session: _core.Session, params: _core.FootImuPipelineParams | None = None, **options
) -> FootImuResult:
    """Runs the foot-IMU pipeline on every foot IMU of ``session``. ``options`` go to
    :func:`foot_imu_params`."""
    if params is None:
        params = foot_imu_params(**options)
    elif options:
        raise ValueError(f"pass either params or options, not both (got options {sorted(options)})")
    result = _core.analyze_foot_imus(session, params)
    return FootImuResult(
        cycles=cycle_frame(result.cycles),
        summary=summary_frame([result.cycles]),
        events=events_table((e, SOURCE) for e in result.events),
        flags=flags_frame(result.flags, SOURCE),
        raw=result,
    )


__all__ = ["SOURCE", "FootImuResult", "analyze_foot", "foot_imu_params"]
