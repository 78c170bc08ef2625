"""One test per row of docs/bad_input.md: what a user gets from bad data and bad files (issue 18).

Signals come from the synthetic walker (both feet and shanks, segment frame, 100 Hz, ground truth);
files are the bundled excerpts (secondheart/data: gaitpdb ODC-By, MovingReality MIT) or written here,
damaged in a temporary folder.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core, cli, synth
from secondheart.demo import data_path

GAITPDB = data_path("gaitpdb_GaCo05_01_first40s.txt")
MOVINGREALITY = data_path("movingreality_pp07_1Reg_first45s.csv")
MOTICON = Path(__file__).resolve().parents[1] / "data" / "moticon_sample.txt"
METRICS = ["stride_length_m", "toe_off_angle_deg", "peak_push_off_angular_velocity_dps", "stride_time_s"]


@pytest.fixture(scope="module")
def walk() -> _core.Session:
    return synth.walk(seed=5, schedule=[("stand", 3.0), ("walk", 30.0), ("stand", 3.0)]).session


def _feet(walk: _core.Session, change=lambda rec: rec) -> _core.Session:
    """The walk's two foot IMUs (copies), each passed through ``change`` (None drops it)."""
    session = _core.Session()
    session.name = "walk"
    imus = []
    for imu in walk.imus:
        if imu.placement != sh.Placement.FOOT:
            continue
        rec = _core.ImuRecording()
        rec.side, rec.placement, rec.frame = imu.side, imu.placement, imu.frame
        rec.sampling_rate_hz = imu.sampling_rate_hz
        rec.acc_mps2, rec.gyr_dps = imu.acc_mps2.copy(), imu.gyr_dps.copy()
        rec = change(rec)
        if rec is not None:
            imus.append(rec)
    session.imus = imus
    return session


def _foot_medians(analysis: sh.Analysis) -> pd.DataFrame:
    cycles = analysis.cycles
    valid = cycles[(cycles.source == "foot_imu") & cycles.valid]
    return valid.groupby("side")[METRICS].median()


def _warnings(analysis: sh.Analysis) -> set[tuple[str, str | None]]:
    flags = analysis.flags
    flags = flags[flags.severity == "warning"]
    return set(zip(flags.code, flags.side))


@pytest.fixture(scope="module")
def baseline(walk) -> sh.Analysis:
    return sh.analyze(_feet(walk))


def test_baseline_walk_has_valid_strides_and_no_warning(baseline):
    medians = _foot_medians(baseline)
    assert list(medians.index) == ["left", "right"]
    assert medians["stride_length_m"].to_numpy() == pytest.approx([1.417, 1.418], abs=0.005)
    assert _warnings(baseline) == set()


# --- data ---------------------------------------------------------------------------------------


def test_nan_run_gives_a_gap_flag_and_nan_strides(walk):
    def nan_run(rec):
        if rec.side == sh.Side.LEFT:
            acc = rec.acc_mps2.copy()
            acc[1000:1100] = np.nan  # 1 s at 100 Hz, mid-walk
            rec.acc_mps2 = acc
        return rec

    analysis = sh.analyze(_feet(walk, nan_run))
    assert ("gap", "left") in _warnings(analysis)
    message = analysis.flags.set_index(["code", "side"]).loc[("gap", "left"), "message"]
    assert "100 missing samples (longest gap 1 s)" in message
    left = analysis.cycles[(analysis.cycles.source == "foot_imu") & (analysis.cycles.side == "left")]
    touched = (left.ic_s < 11.0) & (left.next_ic_s > 10.0)
    assert touched.sum() >= 1
    assert (left.loc[touched, "status"] == "bad_data").all()
    assert left.loc[touched, METRICS[:3]].isna().all().all()
    assert left.loc[~touched, "valid"].sum() >= 20


def _two_sensor_gaitmap(path: Path, session: _core.Session, drop: slice | None = None) -> None:
    """The walk's feet as a gaitmap two-header CSV (index in samples), rows in ``drop`` left out."""
    left, right = session.imus[0], session.imus[1]
    axes = ["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]
    values = [np.hstack([imu.acc_mps2, imu.gyr_dps]) for imu in (left, right)]
    lines = [
        "sensor," + ",".join("left_sensor,right_sensor" for _ in axes),
        "axis," + ",".join(f"{a},{a}" for a in axes),
    ]
    keep = np.ones(len(left), dtype=bool)
    if drop is not None:
        keep[drop] = False
    for i in np.flatnonzero(keep):
        cells = [f"{values[0][i, k]:.9g},{values[1][i, k]:.9g}" for k in range(6)]
        lines.append(f"{i}," + ",".join(cells))
    path.write_text("\n".join(lines) + "\n")


def test_gaps_in_a_file_become_nan_samples_and_a_gap_flag(walk, tmp_path):
    path = tmp_path / "walk.csv"
    _two_sensor_gaitmap(path, _feet(walk), drop=slice(1500, 1560))
    session = sh.read(path, sampling_rate_hz=100.0)
    left = session.imus[0]
    assert len(left) == len(walk.imus[0])  # on the sample grid: nothing compressed
    assert np.isnan(left.acc_mps2[1500:1560]).all() and np.isfinite(left.acc_mps2[1499]).all()
    analysis = sh.analyze(session)
    assert {("gap", "left"), ("gap", "right")} <= _warnings(analysis)
    assert (analysis.cycles.status == "bad_data").sum() >= 2


@pytest.mark.parametrize(("channel", "limit"), [("gyr_dps", 250.0), ("acc_mps2", 2 * 9.81)])
def test_saturation_makes_the_clipped_strides_bad_data(walk, channel, limit):
    """A gyro clipped at 250 deg/s (push-off reaches ~520) or an accelerometer clipped at 2 g: the
    trajectory through clipped samples is wrong (stride 1.29 m, 0.89 m instead of 1.42 m before the
    check), so those strides are bad_data with NaN metrics and a saturation flag names the limit."""

    def clip(rec):
        setattr(rec, channel, np.clip(getattr(rec, channel), -limit, limit))
        return rec

    analysis = sh.analyze(_feet(walk, clip))
    assert {("saturation", "left"), ("saturation", "right")} <= _warnings(analysis)
    message = analysis.flags.set_index(["code", "side"]).loc[("saturation", "left"), "message"]
    assert f"±{limit:.3g}" in message and "bad_data" in message
    foot = analysis.cycles[analysis.cycles.source == "foot_imu"]
    walking = foot[(foot.ic_s > 4.0) & (foot.next_ic_s < 32.0)]
    assert (walking.status == "bad_data").all()
    assert walking[METRICS[:3]].isna().all().all()


def test_gyro_in_rad_s_is_named_and_converted_when_declared(walk, baseline):
    def to_rad(rec):
        rec.gyr_dps = np.radians(rec.gyr_dps)
        return rec

    with pytest.raises(sh.InvalidArgumentError, match=r"left foot IMU: expected angular velocity in deg/s, got a "
                       r"99th-percentile norm of 9\.\d+ .*looks like rad/s; declare the unit"):
        sh.analyze(_feet(walk, to_rad))
    declared = _feet(walk, lambda r: sh.validate_imu(to_rad(r), gyro_unit=sh.GyroUnit.RAD_PER_S))
    pd.testing.assert_frame_equal(_foot_medians(sh.analyze(declared)), _foot_medians(baseline), rtol=1e-9)


def test_acc_in_g_is_named_and_converted_when_declared(walk, baseline):
    def to_g(rec):
        rec.acc_mps2 = rec.acc_mps2 / 9.80665
        return rec

    with pytest.raises(sh.InvalidArgumentError, match=r"left foot IMU: expected acceleration in m/s² \(median norm "
                       r"≈ 9\.8\), got a median norm of 1\.0\d+, which looks like g; declare the unit"):
        sh.analyze(_feet(walk, to_g))
    declared = _feet(walk, lambda r: sh.validate_imu(to_g(r), acc_unit=sh.AccUnit.G))
    pd.testing.assert_frame_equal(_foot_medians(sh.analyze(declared)), _foot_medians(baseline), rtol=1e-9)


def _rotate(rec, acc_signs, gyr_signs):
    rec.acc_mps2 = rec.acc_mps2 * np.asarray(acc_signs, dtype=float)
    rec.gyr_dps = rec.gyr_dps * np.asarray(gyr_signs, dtype=float)
    return rec


def test_upside_down_sensor_is_flagged_and_corrected(walk, baseline):
    """180° about the forward axis (y and z reversed) on a recording declared in the segment frame."""
    analysis = sh.analyze(_feet(walk, lambda r: _rotate(r, [1, -1, -1], [1, -1, -1])))
    assert _warnings(analysis) == {("sensor_upside_down", "left"), ("sensor_upside_down", "right")}
    pd.testing.assert_frame_equal(_foot_medians(analysis), _foot_medians(baseline), rtol=1e-6)


def test_mirrored_axes_give_the_same_sagittal_metrics(walk, baseline):
    """A left-handed sensor frame (lateral axis reversed: acc y, gyro x and z change sign): the
    sagittal metrics do not depend on it; nothing to flag."""
    analysis = sh.analyze(_feet(walk, lambda r: _rotate(r, [1, -1, 1], [-1, 1, -1])))
    assert _warnings(analysis) == set()
    pd.testing.assert_frame_equal(_foot_medians(analysis), _foot_medians(baseline), rtol=1e-6)


def test_wrong_foot_swaps_the_sides_without_a_flag(walk, baseline):
    """Left and right labels exchanged: sagittal gait cannot tell a left foot from a right one, so the
    values move to the other side; the label is the user's to get right (no flag is possible)."""

    def swap(rec):
        rec.side = sh.Side.RIGHT if rec.side == sh.Side.LEFT else sh.Side.LEFT
        return rec

    medians = _foot_medians(sh.analyze(_feet(walk, swap)))
    expected = _foot_medians(baseline).rename(index={"left": "right", "right": "left"}).sort_index()
    pd.testing.assert_frame_equal(medians, expected, rtol=1e-9)


def test_too_short_recording_is_flagged_not_raised(walk):
    def one_second(rec):
        rec.acc_mps2, rec.gyr_dps = rec.acc_mps2[500:600], rec.gyr_dps[500:600]
        return rec

    analysis = sh.analyze(_feet(walk, one_second))
    assert {("too_short", "left"), ("too_short", "right")} <= _warnings(analysis)
    message = analysis.flags.set_index(["code", "side"]).loc[("too_short", "left"), "message"]
    assert "100 samples (1 s), fewer than 2 s: not analysed" in message
    assert analysis.cycles.empty


def test_one_foot_only_is_analysed_and_the_other_side_named(walk, baseline):
    analysis = sh.analyze(_feet(walk, lambda r: r if r.side == sh.Side.LEFT else None))
    medians = _foot_medians(analysis)
    assert list(medians.index) == ["left"]
    pd.testing.assert_frame_equal(medians, _foot_medians(baseline).loc[["left"]], rtol=1e-9)
    assert ("side_not_assessed", "right") in _warnings(analysis)


def test_sensors_at_different_rates_are_named(walk):
    def half_rate(rec):
        if rec.side == sh.Side.RIGHT:
            rec.acc_mps2, rec.gyr_dps = rec.acc_mps2[::2].copy(), rec.gyr_dps[::2].copy()
            rec.sampling_rate_hz = 50.0
        return rec

    with pytest.raises(sh.InvalidArgumentError, match=r"expected both foot IMUs at one sampling rate, got 100 "
                       r"and 50 Hz \(resample one first\)"):
        sh.analyze(_feet(walk, half_rate))


# --- files --------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _cli_error(path: Path, capsys, *args: str) -> str:
    """Runs ``secondheart analyze`` in-process; returns its one error line (exit code 2)."""
    assert cli.main(["analyze", str(path), *args]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_empty_file(tmp_path, capsys):
    path = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(sh.FormatError, match="empty file, expected a recording"):
        sh.analyze(path)
    assert _cli_error(path, capsys) == f"secondheart: {path}: empty file, expected a recording"
    # With the format given the reader's own check says the same.
    with pytest.raises(sh.FormatError, match="empty file"):
        sh.read(path, format="gaitpdb")


def test_truncated_file_names_the_last_line(tmp_path, capsys):
    text = GAITPDB.read_bytes()
    cut = text.index(b"\n", 200_000) + 25  # 25 bytes into a line: a partial last row
    path = _write(tmp_path, "cut.txt", text[:cut])
    line = text[:cut].count(b"\n") + 1
    message = _cli_error(path, capsys)
    assert message.startswith(f"secondheart: {path}:{line}: expected 19 fields, got ")


def test_utf8_bom_is_skipped(tmp_path):
    for source, name in ((GAITPDB, "bom.txt"), (MOVINGREALITY, "bom.csv"), (MOTICON, "bom_moticon.txt")):
        path = _write(tmp_path, name, b"\xef\xbb\xbf" + source.read_bytes())
        with_bom, without = sh.analyze(path), sh.analyze(source)
        pd.testing.assert_frame_equal(with_bom.cycles, without.cycles, check_exact=True)


def test_utf16_file_is_named(tmp_path, capsys):
    path = _write(tmp_path, "utf16.txt", GAITPDB.read_text().encode("utf-16"))
    assert _cli_error(path, capsys) == (
        f"secondheart: {path}:1: UTF-16 text, expected UTF-8 or ASCII text: save or export it as UTF-8"
    )
    # Given straight to the C++ reader, the NUL bytes are named too.
    with pytest.raises(sh.FormatError, match=r":1: a NUL byte at column \d+: a binary or UTF-16 file"):
        _core.read_gaitpdb(str(path))


def test_decimal_comma_and_other_delimiter_are_named(tmp_path, capsys):
    text = GAITPDB.read_text()
    comma = _write(tmp_path, "comma.txt", text.replace(".", ",").encode())
    message = _cli_error(comma, capsys)
    assert message.startswith(f"secondheart: {comma}:1: unrecognised file (tried gaitpdb, moticon, movingreality")
    assert "found decimal commas ('0,1100\\t0\\t2,75" in message and "expected decimal points" in message
    # With the format given, the reader names the line and the cell.
    with pytest.raises(sh.FormatError, match=r"comma\.txt:1: column '0': expected a number, got '0,0000'"):
        sh.read(comma, format="gaitpdb")
    # A recognised header with another delimiter (and decimal commas, or not).
    moving = MOVINGREALITY.read_text()
    for name, data in (("semicolon.csv", moving.replace(",", ";")),
                       ("both.csv", moving.replace(",", ";").replace(".", ",")),
                       ("tabs.csv", moving.replace(",", "\t"))):
        path = _write(tmp_path, name, data.encode())
        delimiter = "'\\t'" if name == "tabs.csv" else "';'"
        assert _cli_error(path, capsys) == (
            f"secondheart: {path}:1: expected ','-separated columns (movingreality CSV), found {delimiter}-separated ones"
        )
    # gaitmap's two header rows with ';': not recognised, and the hint says why.
    lines = [
        "sensor;left_sensor;left_sensor;left_sensor;left_sensor;left_sensor;left_sensor",
        "axis;acc_x;acc_y;acc_z;gyr_x;gyr_y;gyr_z",
        *[f"{i};0.1;0.2;9.8;1;2;3" for i in range(20)],
    ]
    gaitmap = _write(tmp_path, "gaitmap.csv", ("\n".join(lines) + "\n").encode())
    assert "found ';'-separated fields ('9;0.1;0.2;9.8;1;2;3'): expected ','" in _cli_error(gaitmap, capsys)


def test_non_monotonic_timestamps_name_the_line(tmp_path):
    lines = GAITPDB.read_text().splitlines(keepends=True)
    lines[100], lines[101] = lines[101], lines[100]  # rows 101 and 102 out of order
    path = _write(tmp_path, "swapped.txt", "".join(lines).encode())
    with pytest.raises(sh.FormatError) as error:
        sh.analyze(path)
    assert str(error.value) == (  # the file's rows 101 and 102 hold 0.9999 s and 1.0099 s
        f"{path}:102: column 1 (time): expected increasing time, got 0.999900 s after 1.009900 s"
    )
    rows = MOVINGREALITY.read_text().splitlines(keepends=True)
    rows[50], rows[51] = rows[51], rows[50]
    path = _write(tmp_path, "swapped.csv", "".join(rows).encode())
    with pytest.raises(sh.FormatError, match=r"swapped\.csv:52: column 'time_s': expected increasing time, got 0\.490000 after 0\.500000"):
        sh.analyze(path)


def test_duplicated_timestamps_name_the_line(tmp_path):
    lines = GAITPDB.read_text().splitlines(keepends=True)
    lines.insert(201, lines[200])  # row 201 repeated
    path = _write(tmp_path, "repeated.txt", "".join(lines).encode())
    with pytest.raises(sh.FormatError) as error:
        sh.analyze(path)
    assert str(error.value) == (  # row 201 holds 1.9999 s
        f"{path}:202: column 1 (time): expected increasing time, got 1.999900 s after 1.999900 s"
    )


def test_a_2_gb_file_is_refused_from_its_first_bytes(tmp_path):
    """No 2 GB is written: a sparse file (2 GiB of NUL bytes on disk as a hole, none allocated) whose
    start is a valid gaitpdb head of 2000 rows (180 kB, past the 64 KiB that recognition reads). The
    reader stops at the first NUL byte, naming the line, instead of holding a 2 GiB line in memory."""
    path = tmp_path / "huge.txt"
    head = b"".join(GAITPDB.read_bytes().splitlines(keepends=True)[:2000])
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(2 * 1024**3)
    assert path.stat().st_size == 2 * 1024**3
    start = time.perf_counter()
    with pytest.raises(sh.FormatError, match=r"huge\.txt:2001: a NUL byte at column 1: a binary or UTF-16 file"):
        sh.analyze(path)
    assert time.perf_counter() - start < 10.0  # a scan of 2 GiB would take far longer here
    # Only NUL bytes: refused by the first-bytes check before any reader runs.
    zeros = tmp_path / "zeros.txt"
    with zeros.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    with pytest.raises(sh.FormatError, match=r"zeros\.txt:1: a NUL byte at byte 0: a binary file"):
        sh.analyze(zeros)


def test_a_line_longer_than_1_mib_is_refused(tmp_path):
    path = _write(tmp_path, "long.txt", GAITPDB.read_bytes()[:300] + b"9" * (2 << 20) + b"\n")
    with pytest.raises(sh.FormatError, match=r"long\.txt:\d+: a line longer than 1048576 bytes"):
        sh.read(path, format="gaitpdb")


def test_a_directory_given_as_a_file(tmp_path, capsys):
    with pytest.raises(sh.FormatError, match="is a directory, expected a recording file"):
        sh.analyze(tmp_path)
    assert _cli_error(tmp_path, capsys) == f"secondheart: {tmp_path}: is a directory, expected a recording file"
    with pytest.raises(sh.FormatError, match="is a directory"):
        sh.read(tmp_path, format="gaitpdb")


def test_a_missing_or_unreadable_file_is_one_line(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    assert _cli_error(missing, capsys) == f"secondheart: {missing}: no such file"
    if os.geteuid() != 0:  # root reads anything
        locked = _write(tmp_path, "locked.txt", GAITPDB.read_bytes())
        locked.chmod(0)
        assert "Permission denied" in _cli_error(locked, capsys)
