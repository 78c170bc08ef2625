"""secondheart: push-off strength, ankle range of motion and calf-pump activity from wearable gait sensors.

The numerics live in the C++ core (``secondheart._core``); this package re-exports it and adds
pandas tables, readers, plots and the command line.
"""

from __future__ import annotations

from . import ankle, dsp, foot_imu, insole, synth
from ._core import (
    AccUnit,
    AxesFrame,
    Cycle,
    CycleStatus,
    CycleTable,
    FormatError,
    GaitEvents,
    GyroUnit,
    ImuRecording,
    InsoleRecording,
    InvalidArgumentError,
    Placement,
    QualityFlag,
    Session,
    Side,
    SubjectInfo,
    __version__,
    asymmetry_index_percent,
    sampling_rate_from_time,
    validate_imu,
    validate_insole,
)
from ._core import (
    align_foot,
    analyze_foot_imus,
    detect_foot_events,
    detect_zero_velocity,
    foot_stride_metrics,
    integrate_stride,
)
from ._core import (
    align_shank,
    analyze_shank_imus,
    ankle_angle,
    ankle_columns,
    ankle_cycle_metrics,
    detect_shank_events,
    shank_pitch,
)
from ._core import Config, read_gaitmap_csv, read_gaitmap_strides, read_imu_csv, read_movingreality, read_voisard
from .analysis import Analysis, analyze
from .ankle import analyze_shank
from .formats import detect_format, read
from .foot_imu import analyze_foot
from .insole import read_csv, read_gaitpdb, read_moticon

__all__ = [
    "Analysis",
    "Config",
    "analyze",
    "detect_format",
    "read",
    "read_gaitmap_csv",
    "read_gaitmap_strides",
    "read_imu_csv",
    "read_movingreality",
    "read_voisard",
    "AccUnit",
    "AxesFrame",
    "Cycle",
    "CycleStatus",
    "CycleTable",
    "FormatError",
    "GaitEvents",
    "GyroUnit",
    "ImuRecording",
    "InsoleRecording",
    "InvalidArgumentError",
    "Placement",
    "QualityFlag",
    "Session",
    "Side",
    "SubjectInfo",
    "__version__",
    "align_foot",
    "align_shank",
    "analyze_foot",
    "analyze_foot_imus",
    "analyze_shank",
    "analyze_shank_imus",
    "ankle",
    "ankle_angle",
    "ankle_columns",
    "ankle_cycle_metrics",
    "asymmetry_index_percent",
    "detect_foot_events",
    "detect_shank_events",
    "detect_zero_velocity",
    "dsp",
    "foot_imu",
    "foot_stride_metrics",
    "insole",
    "integrate_stride",
    "read_csv",
    "read_gaitpdb",
    "read_moticon",
    "sampling_rate_from_time",
    "shank_pitch",
    "synth",
    "validate_imu",
    "validate_insole",
]
