"""NumPy arrays into recordings and sessions (issue 17, item 3): values arrive intact whatever the
dtype, order or strides; a wrong shape says what was expected; the recording holds its own copy (one
memcpy), reading gives a read-only view of it; a session takes each recording with one copy, and a
session built from arrays equals the one a reader builds from the same numbers."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core


def _signal(n: int, fs: float = 100.0, phase: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(n) / fs + phase
    acc = np.column_stack([3 * np.sin(2 * np.pi * t), 0.2 + 0 * t, 9.81 + 2 * np.cos(2 * np.pi * t)])
    gyr = np.column_stack([10 * np.sin(4 * np.pi * t), 250 * np.sin(2 * np.pi * t), -5 + 0 * t])
    return acc, gyr


def _data_pointer(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


def test_float32_fortran_strided_and_list_inputs_arrive_intact():
    acc, _ = _signal(50)
    rec = _core.ImuRecording()
    as32 = acc.astype(np.float32)
    rec.acc_mps2 = as32
    assert rec.acc_mps2.dtype == np.float64
    np.testing.assert_array_equal(rec.acc_mps2, as32.astype(np.float64))  # float32 values are exact in float64

    rec.acc_mps2 = np.asfortranarray(acc)
    np.testing.assert_array_equal(rec.acc_mps2, acc)

    wide = np.arange(50 * 7, dtype=float).reshape(50, 7)
    strided = wide[::2, 1:7:2]  # (25, 3), neither row- nor column-contiguous
    assert not strided.flags.c_contiguous and not strided.flags.f_contiguous
    rec.gyr_dps = strided
    np.testing.assert_array_equal(rec.gyr_dps, [[14 * i + 1, 14 * i + 3, 14 * i + 5] for i in range(25)])

    rec.acc_mps2 = [[1, 2, 3], [4, 5, 6]]  # nested lists and ints convert as before
    np.testing.assert_array_equal(rec.acc_mps2, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    rec.acc_mps2 = np.zeros((0, 3))
    assert rec.acc_mps2.shape == (0, 3) and len(rec) == 0


def test_nan_and_inf_are_kept_as_they_are():
    acc, _ = _signal(20)
    acc[3, 1] = np.nan
    acc[7] = np.inf
    rec = _core.ImuRecording()
    rec.acc_mps2 = acc
    assert np.isnan(rec.acc_mps2[3, 1]) and np.isinf(rec.acc_mps2[7]).all()
    np.testing.assert_array_equal(rec.acc_mps2, acc)  # NaN == NaN here


@pytest.mark.parametrize(("shape", "got"), [((4, 2), "(4, 2)"), ((2, 3, 1), "(2, 3, 1)"), ((5,), "(5,)")])
def test_a_wrong_shape_is_a_value_error_saying_expected_and_got(shape, got):
    rec = _core.ImuRecording()
    with pytest.raises(ValueError, match=r"acc_mps2: expected an array of shape \(n, 3\), got shape " + got.replace("(", r"\(").replace(")", r"\)")) as info:
        rec.acc_mps2 = np.ones(shape)
    # Also an InvalidArgumentError, and a TypeError as pybind11's conversion raised before.
    assert isinstance(info.value, sh.InvalidArgumentError) and isinstance(info.value, TypeError)
    assert rec.acc_mps2.shape == (0, 3)  # unchanged
    insole = _core.InsoleRecording()
    with pytest.raises(ValueError, match=r"cell_position_m: expected an array of shape \(n, 2\)"):
        insole.cell_position_m = np.zeros((8, 3))
    with pytest.raises(ValueError, match=r"total_force_n: expected an array of shape \(n,\), got shape \(4, 2\)"):
        insole.total_force_n = np.zeros((4, 2))


def test_the_recording_holds_a_copy_and_reading_is_a_read_only_view():
    acc, gyr = _signal(30)
    rec = _core.ImuRecording()
    rec.acc_mps2, rec.gyr_dps = acc, gyr
    kept = acc.copy()
    acc[:] = -1.0  # changing the caller's array afterwards does not reach the recording
    np.testing.assert_array_equal(rec.acc_mps2, kept)

    view = rec.acc_mps2
    assert not view.flags.writeable
    with pytest.raises(ValueError):
        view[0, 0] = 5.0
    assert _data_pointer(view) == _data_pointer(rec.acc_mps2)  # the recording's memory, not a copy
    assert not np.shares_memory(view, acc)
    # A view keeps its recording alive.
    view = _core.ImuRecording()
    view.gyr_dps = gyr
    only = view.gyr_dps
    del view
    gc.collect()
    np.testing.assert_array_equal(only, gyr)


def test_insole_arrays_copy_once_and_keep_their_shapes():
    cells = np.arange(40, dtype=np.float32).reshape(10, 4)
    insole = _core.InsoleRecording()
    insole.cell_force_n = cells
    insole.cell_position_m = np.asfortranarray(np.arange(8.0).reshape(4, 2))
    insole.total_force_n = cells.sum(axis=1).reshape(10, 1)
    np.testing.assert_array_equal(insole.cell_force_n, cells)
    np.testing.assert_array_equal(insole.cell_position_m, np.arange(8.0).reshape(4, 2))
    np.testing.assert_array_equal(insole.total_force_n, [6 + 16 * i for i in range(10)])
    assert insole.total_force_n.shape == (10,)
    insole.cell_force_n = np.arange(5.0)  # 1-D: one column, as pybind11's Eigen conversion took it
    assert insole.cell_force_n.shape == (5, 1)


def _recording(side, acc, gyr, fs=100.0) -> _core.ImuRecording:
    rec = _core.ImuRecording()
    rec.side, rec.placement, rec.sampling_rate_hz = side, _core.Placement.FOOT, fs
    rec.acc_mps2, rec.gyr_dps = acc, gyr
    return rec


def test_session_takes_a_copy_of_each_recording():
    acc, gyr = _signal(40)
    left = _recording(_core.Side.LEFT, acc, gyr)
    right = _recording(_core.Side.RIGHT, acc * 2, gyr)
    session = _core.Session()
    session.imus = [left, right]
    built = _core.Session(name="s", imus=[left, right])
    for s in (session, built):
        assert [r.side for r in s.imus] == [_core.Side.LEFT, _core.Side.RIGHT]
        np.testing.assert_array_equal(s.imus[1].acc_mps2, acc * 2)
    assert built.name == "s" and built.insoles == []
    # The session's recordings are its own: replacing the caller's arrays leaves them.
    left.acc_mps2 = np.zeros((5, 3))
    assert len(session.imus[0]) == 40 and len(built.imus[0]) == 40
    # Reading a session's recordings gives references into it (no copy), as before.
    assert _data_pointer(session.imus[0].acc_mps2) == _data_pointer(session.imus[0].acc_mps2)
    # A list of its own recordings (reordered) is copied before the old ones go.
    session.imus = [session.imus[1], session.imus[0]]
    assert [r.side for r in session.imus] == [_core.Side.RIGHT, _core.Side.LEFT]
    np.testing.assert_array_equal(session.imus[0].acc_mps2, acc * 2)
    with pytest.raises(TypeError):
        session.imus = [left, None]
    with pytest.raises(TypeError):
        session.imus = [left, "right"]


def test_a_session_from_arrays_equals_the_one_a_reader_builds(tmp_path):
    """The same numbers through a CSV file and the generic reader, and through arrays: the same
    recordings, bit for bit, and the same analysis."""
    fs = 100.0
    walk = sh.synth.walk(seed=5, sampling_rate_hz=fs, schedule=[("stand", 2.0), ("walk", 20.0), ("stand", 2.0)])
    arrays = {rec.side: (np.array(rec.acc_mps2), np.array(rec.gyr_dps)) for rec in walk.session.imus}
    n = len(arrays[_core.Side.LEFT][0])
    names = []
    columns = []
    for side, label in ((_core.Side.LEFT, "l"), (_core.Side.RIGHT, "r")):
        acc, gyr = arrays[side]
        names += [f"{label}{k}" for k in ("ax", "ay", "az", "gx", "gy", "gz")]
        columns += [acc, gyr]
    table = np.hstack(columns)
    path = tmp_path / "walk.csv"
    np.savetxt(path, table, delimiter=",", header=",".join(names), comments="", fmt="%.17g")
    read = sh.read_imu_csv(
        str(path),
        sensors=[
            dict(side=_core.Side.LEFT, acc=["lax", "lay", "laz"], gyr=["lgx", "lgy", "lgz"]),
            dict(side=_core.Side.RIGHT, acc=["rax", "ray", "raz"], gyr=["rgx", "rgy", "rgz"]),
        ],
        sampling_rate_hz=fs,
        name="walk",
    )
    from_arrays = _core.Session(
        name="walk",
        imus=[_recording(side, *arrays[side], fs) for side in (_core.Side.LEFT, _core.Side.RIGHT)],
    )
    assert len(read.imus) == len(from_arrays.imus) == 2
    for a, b in zip(read.imus, from_arrays.imus):
        assert (a.side, a.placement, a.sampling_rate_hz, len(a)) == (b.side, b.placement, b.sampling_rate_hz, n)
        np.testing.assert_array_equal(a.acc_mps2, b.acc_mps2)
        np.testing.assert_array_equal(a.gyr_dps, b.gyr_dps)
    one, other = sh.analyze(read), sh.analyze(from_arrays)
    assert len(one.cycles) > 10
    pd.testing.assert_frame_equal(one.cycles, other.cycles)


def test_session_from_arrays_copies_each_array_once_into_the_session():
    acc, gyr = _signal(60)
    cells = np.abs(np.arange(60 * 4, dtype=np.float32).reshape(60, 4))
    positions = np.array([[0.03, 0.0], [0.1, 0.01], [0.18, -0.01], [0.22, 0.0]])
    session = _core.Session.from_arrays(
        name="arrays",
        imus=[
            dict(side=_core.Side.LEFT, sampling_rate_hz=100.0, acc_mps2=acc, gyr_dps=np.asfortranarray(gyr)),
            dict(side=_core.Side.RIGHT, placement=_core.Placement.SHANK, sampling_rate_hz=100.0,
                 acc_mps2=acc[::-1], gyr_dps=gyr, frame=_core.AxesFrame.SEGMENT, start_time_s=2.5),
        ],
        insoles=[dict(side=_core.Side.LEFT, sampling_rate_hz=100.0, cell_force_n=cells, cell_position_m=positions,
                      foot_length_m=0.25)],
    )
    assert session.name == "arrays"
    left, right = session.imus
    assert (left.side, left.placement, left.frame, left.start_time_s) == (
        _core.Side.LEFT, _core.Placement.FOOT, _core.AxesFrame.SENSOR, 0.0)
    assert (right.placement, right.frame, right.start_time_s) == (_core.Placement.SHANK, _core.AxesFrame.SEGMENT, 2.5)
    np.testing.assert_array_equal(left.gyr_dps, gyr)
    np.testing.assert_array_equal(right.acc_mps2, acc[::-1])
    insole = session.insoles[0]
    np.testing.assert_array_equal(insole.cell_force_n, cells)
    assert insole.foot_length_m == 0.25 and insole.total_force_n.shape == (0,)
    acc[:] = 0.0  # the session holds copies
    assert left.acc_mps2[5, 2] != 0.0
    # Equal to the session built from recordings.
    rec = _recording(_core.Side.LEFT, np.array(left.acc_mps2), gyr)
    pd.testing.assert_frame_equal(
        sh.analyze(_core.Session(imus=[rec])).cycles,
        sh.analyze(_core.Session.from_arrays(imus=[dict(side=_core.Side.LEFT, sampling_rate_hz=100.0,
                                                        acc_mps2=left.acc_mps2, gyr_dps=gyr)])).cycles,
    )


def test_session_from_arrays_names_missing_unknown_keys_and_bad_shapes():
    acc, gyr = _signal(10)
    with pytest.raises(sh.InvalidArgumentError, match="'gyr_dps' is missing"):
        _core.Session.from_arrays(imus=[dict(side=_core.Side.LEFT, sampling_rate_hz=100.0, acc_mps2=acc)])
    with pytest.raises(sh.InvalidArgumentError, match="got 'acc'"):
        _core.Session.from_arrays(
            imus=[dict(side=_core.Side.LEFT, sampling_rate_hz=100.0, acc=acc, acc_mps2=acc, gyr_dps=gyr)])
    with pytest.raises(sh.ArrayShapeError, match=r"gyr_dps: expected an array of shape \(n, 3\), got shape \(10, 2\)"):
        _core.Session.from_arrays(
            imus=[dict(side=_core.Side.LEFT, sampling_rate_hz=100.0, acc_mps2=acc, gyr_dps=gyr[:, :2])])
