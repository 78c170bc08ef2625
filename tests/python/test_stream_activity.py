"""secondheart.stream.ActivityStream: streamed bouts and hours as the batch activity tables (same columns),
equal to batch detect_bouts on the same contacts, and from foot streams close to batch analyze()."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core
from secondheart.activity import BOUT_COLUMNS, HOUR_COLUMNS
from secondheart.stream import ActivityStream, FootImuStream

FS = 50.0


def _contacts():
    """Both feet: walks of (start s, strides, stride s); right contacts half a stride after the left."""
    walks = [(60.0, 100, 1.1), (400.0, 1, 1.2), (700.0, 40, 1.0), (742.7, 30, 1.0), (2000.0, 300, 1.2)]
    rng = np.random.default_rng(4)
    ic = {"left": [], "right": []}
    for start, strides, stride in walks:
        for k in range(strides + 1):
            for side, lag in (("left", 0.0), ("right", 0.5)):
                ic[side].append(int(round((start + (k + lag) * stride + rng.uniform(-0.02, 0.02)) * FS)))
    return ic


def test_streamed_bouts_equal_batch_detect_bouts_and_have_the_batch_columns():
    ic = _contacts()
    batch = _core.detect_bouts([[i / FS for i in ic[s]] for s in ("left", "right")], [_core.Side.LEFT, _core.Side.RIGHT])
    # The 100-stride walk; the walks at 700 s and 742.7 s (2.2 s from the first's last contact at 740.5 s:
    # one bout); the last walk. The shuffle at 400 s (one stride per foot) is not a bout (4 strides needed).
    assert len(batch) == 3
    stream = ActivityStream(FS, ["left", "right"], ic_latency_s=0.0)
    events = sorted((i, side) for side in ic for i in ic[side])
    bouts, hours = [], []
    e = 0
    for end in range(0, 3000 * int(FS) + 1, 10 * int(FS)):  # 10 s chunks over 50 min
        while e < len(events) and events[e][0] < end:
            stream.push_stride(events[e][1], events[e][0], speed_mps=1.25)
            e += 1
        for side in ("left", "right"):
            b, h = stream.advance(side, end)
            bouts.append(b)
            hours.append(h)
        # The open bout: 2 x 301 contacts and 2 x 301 strides of the last walk, 2 kept contacts, 1 open hour.
        assert stream.buffered <= 2 * 2 * 301 + 2 + 1
    b, h = stream.close()
    bouts.append(b)
    hours.append(h)
    streamed = pd.concat(bouts, ignore_index=True)
    assert list(streamed.columns) == list(BOUT_COLUMNS)
    assert len(streamed) == len(batch)
    for row, ref in zip(streamed.itertuples(), batch):
        assert row.start_s == ref.start_s
        assert row.end_s == ref.end_s
        assert row.strides == ref.strides
        assert row.steps == ref.steps
        assert row.median_speed_mps == pytest.approx(1.25)
    frame = pd.concat(hours, ignore_index=True)
    assert list(frame.columns) == list(HOUR_COLUMNS)
    assert len(frame) == 1  # 50 min: one (partial) hour
    hour = frame.iloc[0]
    assert hour.worn_min == pytest.approx(50.0)
    # By hand: bout durations inside the hour (first to last contact of either foot).
    assert hour.walking_min == pytest.approx(streamed.duration_s.sum() / 60.0)
    assert hour.steps == sum(len(v) for v in ic.values())
    assert hour.habit == "met" and hour.walking_min > 5.0
    assert math.isnan(hour.sedentary_min)  # postures are not streamed


def test_foot_streams_give_the_bouts_of_batch_analyze():
    walk = sh.synth.walk(seed=6, schedule=[("stand", 5), ("walk", 50), ("sit", 30), ("walk", 40), ("stand", 8)])
    feet = [r for r in walk.session.imus if r.placement == _core.Placement.FOOT]
    session = _core.Session()
    session.imus = feet
    batch = sh.analyze(session).activity.bouts
    assert len(batch) == 2
    streams = {r.side: FootImuStream(r.sampling_rate_hz, r.side, frame=r.frame) for r in feet}
    activity = ActivityStream(feet[0].sampling_rate_hz, [r.side for r in feet])
    bouts = []
    chunk = int(feet[0].sampling_rate_hz)
    for i in range(0, feet[0].acc_mps2.shape[0], chunk):
        for r in feet:
            streams[r.side].push(np.asarray(r.acc_mps2)[i : i + chunk], np.asarray(r.gyr_dps)[i : i + chunk])
            bouts.append(activity.push(streams[r.side].last_update)[0])
    for r in feet:
        streams[r.side].close()
        bouts.append(activity.push(streams[r.side].last_update)[0])
    bouts.append(activity.close()[0])
    streamed = pd.concat(bouts, ignore_index=True)
    assert len(streamed) == len(batch)
    stride_s = 2 * 60.0 / 110.0  # the walker's default cadence: 110 steps/min
    for s, b in zip(streamed.itertuples(), batch.itertuples()):
        assert abs(s.start_s - b.start_s) <= stride_s
        assert abs(s.end_s - b.end_s) <= stride_s
        assert s.source == "foot_imu"


def test_bad_input_is_a_value_error():
    stream = ActivityStream(100.0, ["left"], ic_latency_s=0.0)
    stream.push_stride("left", 1000)
    stream.advance("left", 2000)
    with pytest.raises(ValueError, match="expected samples_seen in time order"):
        stream.advance("left", 1500)
    with pytest.raises(ValueError, match="expected contacts at or after"):
        stream.push_stride("left", 500)
    with pytest.raises(ValueError, match="expected a side given to the constructor"):
        stream.push_stride("right", 3000)
