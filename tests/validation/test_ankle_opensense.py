"""Shank/foot IMUs of the OpenSense walking tutorial (opensim-org/opensim-models; licence: CC BY 3.0
assumed, not explicit — see the data set's LICENSE.md; read at test time, never copied).

The file holds only IMU orientations (quaternions, 100 Hz): no raw signals, no IK ankle angle and
no force plates. So this is a consistency check, not an independent reference:
- gyro-equivalent angular velocity ω_k = rotvec(R_kᵀ R_k+1)·fs and a gravity-only specific force
  R_kᵀ (0, 0, g) (walking accelerations are not in the file) go through the same pipeline as a
  raw recording: sensor-to-shank alignment, shank pitch, shank events, foot pipeline, ankle angle;
- the reference ankle angle is the 3D rotation of the calcaneus sensor relative to the tibia
  sensor since the standing period, taken about the shank's medio-lateral axis (what OpenSim IK
  would call ankle flexion, up to the sensor-to-bone offsets).
"""

from __future__ import annotations

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

from event_matching import match_events, within

FS_HZ = 100.0
G = 9.80665


def read_sto(path):
    lines = path.read_text().splitlines()
    k = lines.index("endheader")
    header = lines[k + 1].split("\t")
    rows = [line.split("\t") for line in lines[k + 2 :] if line.strip()]
    time = np.array([float(r[0]) for r in rows])
    quats = {name: np.array([[float(v) for v in r[j].split(",")] for r in rows]) for j, name in enumerate(header) if j}
    return time, quats


def matrices(q):
    """Unit quaternions w, x, y, z -> rotation matrices (sensor -> world)."""
    w, x, y, z = q.T
    return np.stack(
        [
            np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], -1),
            np.stack([2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], -1),
            np.stack([2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)], -1),
        ],
        -2,
    )


def rotvec_deg(r):
    angle = np.arccos(np.clip((np.trace(r, axis1=1, axis2=2) - 1) / 2, -1, 1))
    v = np.stack([r[:, 2, 1] - r[:, 1, 2], r[:, 0, 2] - r[:, 2, 0], r[:, 1, 0] - r[:, 0, 1]], -1)
    s = np.sin(angle)
    return np.degrees(v * np.where(s > 1e-9, angle / (2 * np.where(s > 1e-9, s, 1.0)), 0.5)[:, None])


def recording(rot, side, placement):
    rel = np.einsum("nji,njk->nik", rot[:-1], rot[1:])
    gyr = rotvec_deg(rel) * FS_HZ
    rec = _core.ImuRecording()
    rec.side, rec.placement, rec.sampling_rate_hz = side, placement, FS_HZ
    rec.acc_mps2 = np.einsum("nji,j->ni", rot, np.array([0.0, 0.0, G]))
    rec.gyr_dps = np.vstack([gyr, gyr[-1:]])
    rec.frame = _core.AxesFrame.SENSOR
    return rec


@pytest.fixture(scope="module")
def legs(dataset):
    _, quats = read_sto(dataset("opensense_imu_walk") / "walking_orientations.sto")
    out = {}
    for side, s in ((_core.Side.RIGHT, "r"), (_core.Side.LEFT, "l")):
        tibia, calcn = matrices(quats[f"tibia_{s}_imu"]), matrices(quats[f"calcn_{s}_imu"])
        leg = _core.analyze_shank_imu(
            recording(tibia, side, _core.Placement.SHANK), recording(calcn, side, _core.Placement.FOOT)
        )
        out[s] = (leg, tibia, calcn)
    return out


@pytest.mark.parametrize("s", ["r", "l"])
def test_shank_events_on_real_shank_motion(legs, s):
    leg, _, _ = legs[s]
    events = leg.events.events
    # SOURCE.md: about 12 right and 11 left strides of ~1.4 s after ~7 s of standing.
    assert 10 <= len(events.ms) <= 13
    assert leg.events.stride_period_s == pytest.approx(1.4, abs=0.1)
    assert leg.pitch.alignment.standing is not None
    assert leg.pitch.alignment.standing[0] < 100
    # One-to-one against the same leg's foot-IMU (calcaneus sensor) events, 250 ms, over the span the
    # foot events cover: the only comparison these orientation-only data allow (no reference).
    scores = {}
    for what, shank_events, foot_events in (("IC", events.ic, leg.foot_events.ic), ("FC", events.fc, leg.foot_events.fc)):
        ref = np.asarray(foot_events, dtype=float)
        score = match_events(ref, shank_events, 250.0 * FS_HZ / 1000.0, region=within(ref.min(), ref.max()))
        score.errors = [e * 1000.0 / FS_HZ for e in score.errors]
        print(f"\nOpenSense {s} shank {what} vs foot: {score.describe(1.0, 'ms')}", end="")
        scores[what] = score
    ic, fc = np.asarray(scores["IC"].errors), np.asarray(scores["FC"].errors)
    # README: recall 84.6 / 100 % (right / left; the right shank has no IC or FC at two of the foot's
    # 13 steps), precision 100 %; shank IC 40 / 30 ms after, FC 60 / 20 ms before the foot's (signed
    # medians). Asserted: recall 80 %, precision 100 %, medians ±20 ms.
    for score in scores.values():
        assert score.recall >= 0.80 and score.precision == 1.0
    assert abs(np.median(ic) - {"r": 40.0, "l": 30.0}[s]) <= 20.0
    assert abs(np.median(fc) - {"r": -60.0, "l": -20.0}[s]) <= 20.0
    # The acceleration here is gravity alone (orientations only): no heel-strike impact, so no
    # contact-aligned IC, and a flag says so; IC stays the pitch-rate minimum.
    assert len(leg.events.ic_contact) == 0
    assert "shank_contact_missing" in {f.code for f in leg.flags}


@pytest.mark.parametrize("s", ["r", "l"])
def test_ankle_angle_matches_the_relative_rotation_of_the_sensors(legs, s):
    leg, tibia, calcn = legs[s]
    assert leg.ankle is not None
    assert leg.ankle.zero == _core.AnkleZero.STANDING
    begin, end = leg.ankle.standing
    to_segment = np.asarray(leg.pitch.alignment.sensor_to_segment)
    relative = np.einsum("nji,njk->nik", tibia, calcn)  # calcaneus sensor -> tibia sensor
    u, _, vt = np.linalg.svd(relative[begin:end].mean(axis=0))
    change = np.einsum("nij,kj->nik", relative, u @ vt)  # rotation since standing, tibia sensor frame
    reference = -(rotvec_deg(change) @ to_segment.T)[:, 1]  # about the shank's −y: dorsiflexion +
    valid = [c for c in leg.cycles.cycles if c.valid]
    assert len(valid) >= 8
    columns = list(_core.ankle_columns())
    ours = np.asarray(sh.ankle_cycle_metrics(leg.ankle.ankle_deg, valid))
    ref = np.asarray(sh.ankle_cycle_metrics(reference, valid))
    both = np.isfinite(ours).all(axis=1) & np.isfinite(ref).all(axis=1)
    assert both.sum() >= 8
    rom = columns.index("ankle_rom_deg")
    pf = columns.index("ankle_peak_plantarflexion_deg")
    for name, k in (("ROM", rom), ("peak plantarflexion", pf)):
        d = ours[both, k] - ref[both, k]
        print(f"\nOpenSense {s} {name}: n={int(both.sum())} bias {np.mean(d):+.2f} deg, MAE {np.mean(np.abs(d)):.2f} deg", end="")
    # README (consistency check): MAE ROM 2.8 / 1.4°, peak plantarflexion 4.0 / 2.2° (right / left).
    # Asserted: claim + 0.5°.
    claim = {"r": (2.75, 4.00), "l": (1.41, 2.22)}[s]
    assert np.mean(np.abs(ours[both, rom] - ref[both, rom])) <= claim[0] + 0.5
    assert np.mean(np.abs(ours[both, pf] - ref[both, pf])) <= claim[1] + 0.5
    assert 20.0 <= np.median(ours[both, rom]) <= 45.0
