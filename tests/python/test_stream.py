"""secondheart.stream: push() returns DataFrames with the batch cycles table's columns; the strides
equal the C++ stream's whatever the chunking; bad input gives flags or ValueError."""

from __future__ import annotations

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core
from secondheart.stream import FootImuStream, InsoleStream, ShankImuStream, stream_params


@pytest.fixture(scope="module")
def walk():
    return sh.synth.walk(seed=3, schedule=[("stand", 5), ("walk", 50), ("stand", 5)])


def _imu(walk, placement, side):
    rec = walk.session.imus[[(r.placement, r.side) for r in walk.session.imus].index((placement, side))]
    return np.asarray(rec.acc_mps2), np.asarray(rec.gyr_dps), rec


def _push_all(stream, acc, gyr, chunk):
    frames = [stream.push(acc[i : i + chunk], gyr[i : i + chunk]) for i in range(0, len(acc), chunk)]
    frames.append(stream.close())
    return frames


def test_push_returns_batch_columns_and_the_same_strides_in_any_chunking(walk):
    acc, gyr, rec = _imu(walk, _core.Placement.FOOT, _core.Side.LEFT)
    batch = sh.analyze_foot(_single(walk, rec)).cycles
    results = {}
    for chunk in (7, 1000, len(acc)):
        stream = FootImuStream(rec.sampling_rate_hz, "left", frame=rec.frame)
        frames = _push_all(stream, acc, gyr, chunk)
        for frame in frames:
            # The batch columns, in order, then warming_up after the identity columns.
            assert [c for c in frame.columns if c != "warming_up"] == list(batch.columns)
        results[chunk] = frames
        assert stream.samples_seen == len(acc)
    live = sum(len(f) for f in results[1000][:-1])
    assert live > 10  # 50 s of walking: most strides come out before close()
    import pandas as pd

    tables = {k: pd.concat(v, ignore_index=True) for k, v in results.items()}
    for chunk in (7, 1000):
        np.testing.assert_array_equal(tables[chunk]["ic_s"], tables[len(acc)]["ic_s"])
        np.testing.assert_array_equal(tables[chunk]["stride_length_m"], tables[len(acc)]["stride_length_m"])
    # Stride numbers run over the whole stream per side, as in batch.
    np.testing.assert_array_equal(tables[1000]["cycle"], np.arange(len(tables[1000])))
    # Every batch IC is found (±1 sample at 100 Hz), each once.
    ic = tables[1000]["ic_s"].to_numpy()
    for t in batch["ic_s"]:
        assert np.min(np.abs(ic - t)) <= 0.0101
    assert len(np.unique(ic)) == len(ic)


def _single(walk, rec):
    session = _core.Session()
    session.imus = [rec]
    return session


def test_shank_and_insole_streams(walk):
    acc, gyr, rec = _imu(walk, _core.Placement.SHANK, _core.Side.RIGHT)
    shank = ShankImuStream(rec.sampling_rate_hz, "right", frame=rec.frame)
    frames = _push_all(shank, acc, gyr, 500)
    assert sum(len(f) for f in frames) >= 20
    assert (frames[0]["source"] == "shank_imu").all()

    insole = next(i for i in walk.session.insoles if i.side == _core.Side.LEFT)
    stream = InsoleStream(insole.sampling_rate_hz, "left", np.asarray(insole.cell_position_m), foot_length_m=insole.foot_length_m)
    force = np.asarray(insole.cell_force_n)
    strides = sum(len(stream.push(force[i : i + 250])) for i in range(0, len(force), 250)) + len(stream.close())
    assert strides >= 20
    with pytest.raises(ValueError, match="columns, got"):
        InsoleStream(100.0, "left", np.asarray(insole.cell_position_m)).push(np.zeros((3, force.shape[1] + 2)))


def test_bad_input(walk):
    acc, gyr, rec = _imu(walk, _core.Placement.FOOT, _core.Side.LEFT)
    stream = FootImuStream(rec.sampling_rate_hz, "left", params=stream_params(window_s=20.0))
    assert stream.push(np.zeros((0, 3)), np.zeros((0, 3))).empty  # zero-length chunk: no-op
    assert stream.warming_up
    with pytest.raises(ValueError, match="expected as many acc as gyro samples, got 5 and 4"):
        stream.push(acc[:5], gyr[:4])
    holed = acc.copy()
    holed[3000:3040] = np.nan
    for i in range(0, len(acc), 400):
        stream.push(holed[i : i + 400], gyr[i : i + 400])
        if not stream.new_flags.empty and "stream_missing" in set(stream.new_flags["code"]):
            assert "40 missing (non-finite) samples [3000, 3040)" in " ".join(stream.new_flags["message"])
    assert not stream.warming_up
    stream.close()
    with pytest.raises(ValueError, match=r"push\(\) after close\(\)"):
        stream.push(acc[:5], gyr[:5])
    with pytest.raises(ValueError, match="side: expected 'left' or 'right'"):
        FootImuStream(100.0, "middle")
    with pytest.raises(ValueError, match="unknown field"):
        stream_params(window=3)
    rate = FootImuStream(100.0, "left")
    with pytest.raises(ValueError, match="a stream has one sampling rate"):
        rate.push(acc[:50], gyr[:50], np.arange(50) / 200.0)
