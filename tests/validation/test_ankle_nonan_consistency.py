"""Consistency check of the ankle cycle metrics on NONAN GaitPrint (GPL-3 data, read from the data root
at test time only), not a validation of the IMU ankle angle.

The files hold Noraxon segment pitches (foot, shank; toes up / ankle forward of the knee positive),
a stance mask (``contact_*``: 1000 = on the ground) and Noraxon's own ankle angle
(``ankle_dorsiflexion_*_deg``, dorsiflexion positive), which is itself foot − shank pitch (SOURCE.md,
to within ±0.4° on average). secondheart's ``ankle_angle`` computes foot − shank from the same two
pitches, the cycles come from the recording's contact signal, and ``ankle_cycle_metrics`` measures
both curves: no IMU signal, no alignment and no orientation estimate of secondheart is involved. What
this checks is the arithmetic, the zero offset and the per-cycle metrics (ROM, peak plantarflexion)
on real curves. There is no independent ankle-angle reference in ../shared/data: the IMU ankle angle
is checked for plausibility only (test_ankle_movingreality.py, test_ankle_opensense.py); the foot
pitch at heel strike from raw IMU signals is validated against Vicon in
test_foot_imu_movingreality.py.

Sign/zero: both use dorsiflexion positive; the recorded angle carries no per-subject neutral offset,
so the comparison uses a zero offset of 0° given by the user (``zero_offset_deg=0``) instead of the
automatic standing search (the excerpt is all walking, and the automatic search correctly finds no
standing period). Asserted: the README figures (MAE ROM 0.43 / 0.67°, peak plantarflexion
0.58 / 0.64°, left / right) + 0.2°.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core

FS_HZ = 200.0
CLAIMED_MAE_DEG = {
    ("lt", "ankle_rom_deg"): 0.43,
    ("rt", "ankle_rom_deg"): 0.67,
    ("lt", "ankle_peak_plantarflexion_deg"): 0.58,
    ("rt", "ankle_peak_plantarflexion_deg"): 0.64,
}


def contact_cycles(contact: np.ndarray, side: _core.Side) -> list[_core.Cycle]:
    on = contact > 500
    ic = np.flatnonzero(on[1:] & ~on[:-1]) + 1
    fc = np.flatnonzero(~on[1:] & on[:-1]) + 1
    cycles = []
    for start, end in zip(ic[:-1], ic[1:]):
        inside = fc[(fc > start) & (fc < end)]
        c = _core.Cycle()
        c.side = side
        c.ic = int(start)
        c.next_ic = int(end)
        c.fc = int(inside[0]) if len(inside) == 1 else -1
        cycles.append(c)
    return cycles


@pytest.fixture(scope="module")
def nonan(dataset):
    return pd.read_csv(dataset("nonan_gaitprint") / "healthy_young.csv")


@pytest.mark.parametrize("side_code, side", [("lt", _core.Side.LEFT), ("rt", _core.Side.RIGHT)])
def test_consistency_check_rom_and_peak_plantarflexion_from_the_recorded_pitches(nonan, side_code, side):
    foot = nonan[f"foot_pitch_{side_code}_deg"].to_numpy()
    shank = nonan[f"shank_pitch_{side_code}_deg"].to_numpy()
    recorded = nonan[f"ankle_dorsiflexion_{side_code}_deg"].to_numpy()
    params = _core.AnkleAngleParams()
    params.zero_offset_deg = 0.0
    ankle = sh.ankle_angle(foot, shank, FS_HZ, params=params)
    assert ankle.zero == _core.AnkleZero.USER_OFFSET

    cycles = contact_cycles(nonan[f"contact_{side_code}"].to_numpy(), side)
    assert len(cycles) >= 40  # 43 / 44 cycles in 50 s (SOURCE.md)
    columns = list(_core.ankle_columns())
    ours = pd.DataFrame(np.asarray(sh.ankle_cycle_metrics(ankle.ankle_deg, cycles)), columns=columns)
    ref = pd.DataFrame(np.asarray(sh.ankle_cycle_metrics(recorded, cycles)), columns=columns)
    both = ours.notna().all(axis=1) & ref.notna().all(axis=1)
    assert both.sum() >= 40

    for metric in ("ankle_rom_deg", "ankle_peak_plantarflexion_deg"):
        mae = float(np.mean(np.abs(ours.loc[both, metric] - ref.loc[both, metric])))
        bias = float(np.mean(ours.loc[both, metric] - ref.loc[both, metric]))
        print(f"\n{side_code} {metric}: n={int(both.sum())} ours {ours.loc[both, metric].mean():.1f}, recorded "
              f"{ref.loc[both, metric].mean():.1f} deg, bias {bias:+.2f} deg, MAE {mae:.2f} deg", end="")
        assert mae <= CLAIMED_MAE_DEG[(side_code, metric)] + 0.2, f"{side_code} {metric}: MAE {mae:.2f} deg"
    # The reference values themselves are what SOURCE.md reports (ROM 23.8 / 26.2, PF −23.8 / −27.3).
    expected_rom = {"lt": 23.8, "rt": 26.2}[side_code]
    expected_pf = {"lt": -23.8, "rt": -27.3}[side_code]
    assert ref.loc[both, "ankle_rom_deg"].mean() == pytest.approx(expected_rom, abs=0.5)
    assert ref.loc[both, "ankle_peak_plantarflexion_deg"].mean() == pytest.approx(expected_pf, abs=0.5)
    # Sign: the stance maximum is dorsiflexion (late stance), the minimum plantarflexion after FC.
    assert (ours.loc[both, "ankle_peak_dorsiflexion_deg"] > ours.loc[both, "ankle_peak_plantarflexion_deg"] + 15).all()


def test_walking_only_excerpt_finds_no_standing_zero(nonan):
    ankle = sh.ankle_angle(nonan["foot_pitch_lt_deg"].to_numpy(), nonan["shank_pitch_lt_deg"].to_numpy(), FS_HZ)
    assert ankle.zero == _core.AnkleZero.NONE
    assert [f.code for f in ankle.flags] == ["ankle_zero_not_found"]
