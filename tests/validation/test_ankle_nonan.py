"""Ankle angle against NONAN GaitPrint (GPL-3 data, read from the data root at test time only).

The files hold Noraxon segment pitches (foot, shank; toes up / ankle forward of the knee positive),
a stance mask (``contact_*``: 1000 = on the ground) and Noraxon's own ankle angle
(``ankle_dorsiflexion_*_deg``, dorsiflexion positive). secondheart computes the ankle angle from the
two pitches (``ankle_angle``: foot − shank, dorsiflexion positive), cycles it with the contact
signal's rising (IC) and falling (FC) edges, and measures each cycle with ``ankle_cycle_metrics``;
the reference cycles are measured the same way on the recorded ankle angle.

Sign/zero: both use dorsiflexion positive; the recorded angle carries no per-subject neutral offset
(SOURCE.md: it equals foot − shank pitch to within ±0.4° on average), so the comparison uses a zero
offset of 0° given by the user (``zero_offset_deg=0``) instead of the automatic standing search
(the excerpt is all walking, and the automatic search correctly finds no standing period).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core

FS_HZ = 200.0


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
def test_rom_and_peak_plantarflexion_match_the_recorded_ankle_angle(nonan, side_code, side):
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
        print(f"\n{side_code} {metric}: n={int(both.sum())} ours {ours.loc[both, metric].mean():.1f}, recorded "
              f"{ref.loc[both, metric].mean():.1f} deg, MAE {mae:.2f} deg", end="")
        assert mae <= 2.0, f"{side_code} {metric}: MAE {mae:.2f} deg"
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
