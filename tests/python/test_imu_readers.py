"""IMU readers through the Python API: values, units, sides, and malformed files naming file and line.

Files are either written here from known numbers or the hand-written ones in tests/data/imu (see
the README there: layouts only, made-up numbers)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import secondheart as sh

DATA = Path(__file__).resolve().parents[1] / "data" / "imu"


def _two_sensor_gaitmap(path: Path, n: int, fs: float) -> np.ndarray:
    """gaitmap two-header CSV (index in samples) with a known signal; returns the left values (n, 6)."""
    t = np.arange(n) / fs
    left = np.column_stack(
        [0.5 * np.sin(t), 0.1 + 0 * t, 9.81 + 0.2 * np.cos(t), 10 * np.sin(2 * t), 200 * np.sin(3 * t), 5 + 0 * t]
    )
    right = left * 0.5
    axes = ["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]
    sensors = ",".join("left_sensor,right_sensor" for _ in axes)
    header_axes = ",".join(f"{a},{a}" for a in axes)
    rows = [f"sensor,{sensors}", f"axis,{header_axes}"]
    for i in range(n):
        cells = [f"{left[i, k]:.9g},{right[i, k]:.9g}" for k in range(6)]
        rows.append(f"{i}," + ",".join(cells))
    path.write_text("\n".join(rows) + "\n")
    return left


def test_gaitmap_csv_two_feet_values_rate_and_frame(tmp_path):
    path = tmp_path / "two.csv"
    left = _two_sensor_gaitmap(path, 120, 100.0)
    session = sh.read_gaitmap_csv(str(path), sampling_rate_hz=100.0)
    assert [imu.side for imu in session.imus] == [sh.Side.LEFT, sh.Side.RIGHT]
    rec = session.imus[0]
    assert rec.placement == sh.Placement.FOOT
    assert rec.sampling_rate_hz == 100.0
    assert rec.acc_mps2.shape == (120, 3)
    np.testing.assert_allclose(rec.acc_mps2, left[:, :3], rtol=1e-7)
    np.testing.assert_allclose(rec.gyr_dps, left[:, 3:], rtol=1e-7)
    # read() recognises the layout by content and gives the same data.
    assert sh.detect_format(path) == "gaitmap"
    again = sh.read(path, sampling_rate_hz=100.0)
    np.testing.assert_array_equal(again.imus[0].gyr_dps, rec.gyr_dps)


@pytest.mark.parametrize(
    ("name", "line", "text"),
    [("gaitmap_truncated.csv", 6, "expected 13 fields"), ("gaitmap_text_cell.csv", 5, "n/a?")],
)
def test_malformed_gaitmap_files_name_file_and_line(name, line, text):
    with pytest.raises(sh.FormatError) as err:
        sh.read_gaitmap_csv(str(DATA / name))
    message = str(err.value)
    assert f"{name}:{line}:" in message
    assert text in message


def test_voisard_mini_trial_units_gaps_and_reference_events():
    trial = sh.read_voisard(str(DATA / "voisard_mini_lf.txt"))
    left = trial.session.imus[0]
    assert trial.session.name == "voisard_mini"
    assert left.sampling_rate_hz == 100.0
    assert left.acc_mps2.shape == (8, 3)  # packets 0..7, packet 4 dropped -> a NaN row
    assert np.isnan(left.acc_mps2[4]).all()
    assert left.acc_mps2[3, 0] == pytest.approx(5.0)  # first of the two rows with counter 3
    assert left.gyr_dps[5, 1] == pytest.approx(math.degrees(1.0))  # 1 rad/s in the file
    assert list(trial.missing_samples) == [1, 0]
    assert list(trial.duplicate_rows) == [1, 0]
    assert list(trial.reference_events[0].fc) == [1, 5]
    assert list(trial.reference_events[0].ic) == [3, 7]
    assert (trial.walks[0].begin, trial.walks[0].end) == (0, 8)
    assert trial.session.subject.body_mass_kg is None  # NaN in the JSON means unknown


@pytest.mark.parametrize(("name", "line", "text"), [("voisard_backwards", 6, "backwards"), ("voisard_badjson.json", 3, "invalid JSON")])
def test_malformed_voisard_files_name_file_and_line(name, line, text):
    with pytest.raises(sh.FormatError) as err:
        sh.read_voisard(str(DATA / name))
    assert f":{line}:" in str(err.value)
    assert text in str(err.value)


def _generic_csv(path: Path, fs: float, n: int, acc_scale: float, gyro_scale: float) -> np.ndarray:
    t = np.arange(n) / fs
    values = np.column_stack([0.3 * np.sin(t), 0 * t, 9.81 + 0 * t, 0 * t, 250 * np.sin(4 * t), 0 * t])
    lines = ["time_ms;ax;ay;az;gx;gy;gz"]
    for i in range(n):
        row = [*(values[i, :3] * acc_scale), *(values[i, 3:] * gyro_scale)]
        lines.append(f"{1000 * t[i]:.3f};" + ";".join(f"{v:.9g}" for v in row))
    path.write_text("\n".join(lines) + "\n")
    return values


SENSOR = {"side": sh.Side.RIGHT, "placement": sh.Placement.SHANK, "acc": ["ax", "ay", "az"], "gyr": ["gx", "gy", "gz"]}


def test_generic_imu_csv_declared_units_are_converted(tmp_path):
    path = tmp_path / "g_rad.csv"
    values = _generic_csv(path, 50.0, 300, 1 / 9.80665, math.radians(1.0))  # file in g and rad/s
    session = sh.read_imu_csv(
        str(path), sensors=[SENSOR], time_column="time_ms", time_scale_to_s=1e-3, acc_unit=sh.AccUnit.G,
        gyro_unit=sh.GyroUnit.RAD_PER_S,
    )
    rec = session.imus[0]
    assert (rec.side, rec.placement) == (sh.Side.RIGHT, sh.Placement.SHANK)
    assert rec.sampling_rate_hz == pytest.approx(50.0)
    np.testing.assert_allclose(rec.acc_mps2, values[:, :3], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(rec.gyr_dps, values[:, 3:], rtol=1e-6, atol=1e-4)


def test_generic_imu_csv_undeclared_wrong_units_are_named(tmp_path):
    path = tmp_path / "g.csv"
    _generic_csv(path, 50.0, 300, 1 / 9.80665, 1.0)  # acceleration in g, not declared
    with pytest.raises(sh.InvalidArgumentError, match="looks like g"):
        sh.read_imu_csv(str(path), sensors=[SENSOR], time_column="time_ms", time_scale_to_s=1e-3)
    with pytest.raises(sh.InvalidArgumentError):
        sh.read_imu_csv(str(path), sensors=[{**SENSOR, "acc": ["ax", "ay", "missing"]}], sampling_rate_hz=50.0)
