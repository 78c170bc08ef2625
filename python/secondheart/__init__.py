"""secondheart: push-off strength, ankle range of motion and calf-pump activity from wearable gait sensors.

The numerics live in the C++ core (``secondheart._core``); this package re-exports it and adds
pandas tables, readers, plots and the command line.
"""

from __future__ import annotations

from . import insole, synth
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
from .insole import read_csv, read_gaitpdb, read_moticon

__all__ = [
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
    "asymmetry_index_percent",
    "insole",
    "read_csv",
    "read_gaitpdb",
    "read_moticon",
    "sampling_rate_from_time",
    "synth",
    "validate_imu",
    "validate_insole",
]
