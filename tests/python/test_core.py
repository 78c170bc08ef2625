"""Core value types, errors and the table conversions, from Python."""

from __future__ import annotations

import importlib.metadata
import math

import numpy as np
import pytest

import secondheart as sh
from secondheart import _tables


def test_version_is_single_sourced():
    assert sh.__version__ == importlib.metadata.version("secondheart")
    header = (
        __import__("pathlib").Path(__file__).resolve().parents[2] / "include" / "secondheart" / "version.hpp"
    ).read_text()
    assert f'#define SECONDHEART_VERSION_STRING "{sh.__version__}"' in header


def test_invalid_argument_is_a_value_error():
    assert issubclass(sh.InvalidArgumentError, ValueError)
    assert issubclass(sh.FormatError, ValueError)
    with pytest.raises(sh.InvalidArgumentError, match="expected strictly increasing"):
        sh.sampling_rate_from_time(np.array([0.0, 0.01, 0.01, 0.02]))


def _imu(gyro_peak: float, acc_scale: float = 1.0) -> sh.ImuRecording:
    t = np.arange(1000) / 100.0
    rec = sh.ImuRecording()
    rec.sampling_rate_hz = 100.0
    rec.acc_mps2 = np.column_stack([15 * np.sin(2 * np.pi * t), 0 * t, 9.81 + 0 * t]) * acc_scale
    rec.gyr_dps = np.column_stack([0 * t, gyro_peak * np.sin(2 * np.pi * t), 0 * t])
    return rec


def test_unit_checks_name_the_likely_unit():
    with pytest.raises(sh.InvalidArgumentError, match="looks like rad/s"):
        sh.validate_imu(_imu(7.0))
    converted = sh.validate_imu(_imu(7.0), gyro_unit=sh.GyroUnit.RAD_PER_S)
    assert converted.gyr_dps[:, 1].max() == pytest.approx(7.0 * 180 / math.pi, rel=1e-3)
    with pytest.raises(sh.InvalidArgumentError, match="looks like g"):
        sh.validate_imu(_imu(400.0, 1 / 9.80665))


def test_cycle_frame_and_summary_by_hand():
    table = sh.CycleTable()
    table.source = "insole"
    table.sampling_rate_hz = 100.0
    cycles = []
    for i, (side, status) in enumerate(
        [(sh.Side.LEFT, sh.CycleStatus.VALID)] * 3 + [(sh.Side.RIGHT, sh.CycleStatus.VALID)] * 2
        + [(sh.Side.RIGHT, sh.CycleStatus.TOO_LONG)]
    ):
        c = sh.Cycle()
        c.side, c.ic, c.next_ic, c.fc, c.status = side, 100 * i, 100 * i + 110, 100 * i + 66, status
        cycles.append(c)
    table.cycles = cycles
    table.set_column("f2_n", np.array([700.0, 720.0, 740.0, 600.0, 640.0, 5000.0]))
    frame = _tables.cycle_frame(table)
    assert list(frame.columns[:9]) == _tables.CYCLE_ID_COLUMNS
    assert frame.loc[4, "ic_s"] == pytest.approx(4.0)
    assert frame.loc[4, "fc_s"] == pytest.approx(4.66)
    assert list(frame["cycle"]) == [0, 1, 2, 0, 1, 2]
    assert frame.loc[5, "status"] == "too_long" and not frame.loc[5, "valid"]
    summary = _tables.summary_frame([table]).set_index(["side", "metric"])
    assert summary.loc[("left", "f2_n"), "median"] == 720.0
    assert summary.loc[("right", "f2_n"), "median"] == 620.0  # the too-long cycle is excluded
    assert summary.loc[("right", "f2_n"), "n_cycles"] == 2
    # asymmetry = 100 * (720 - 620) / 670
    assert summary.loc[("left", "f2_n"), "asymmetry_index_percent"] == pytest.approx(100 * 100 / 670)
