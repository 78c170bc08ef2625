"""``secondheart demo``: a real analysis of the bundled example recordings, printed as text.

The excerpts (``secondheart/data``, see its README for licences) are:
- a person after stroke walking on a treadmill with IMUs on both feet and shanks (MovingReality, MIT);
- a person with Parkinson's disease and a control walking with 8-cell pressure insoles (PhysioNet
  gaitpdb, ODC-By).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import _core
from .analysis import Analysis, analyze

IMU_METRICS = [
    "stride_time_s",
    "stride_length_m",
    "gait_speed_mps",
    "heel_strike_angle_deg",
    "toe_off_angle_deg",
    "peak_push_off_angular_velocity_dps",
    "push_off_duration_s",
    "shank_toe_off_rate_dps",
    "ankle_rom_deg",
    "ankle_peak_plantarflexion_deg",
]
INSOLE_METRICS = [
    "stride_time_s",
    "stance_pct",
    "f1_bw",
    "f2_bw",
    "f2_f1_ratio",
    "forefoot_impulse_pct",
    "cop_travel_pct",
    "unloading_rate_f2_per_s",
]


def data_path(name: str) -> Path:
    """Path of a bundled example file (``secondheart/data/<name>``)."""
    return Path(str(resources.files("secondheart") / "data" / name))


def stroke_example() -> Analysis:
    subject = _core.SubjectInfo(body_mass_kg=90.0, height_m=1.83, age_years=69.0)
    return analyze(
        data_path("movingreality_pp07_1Reg_first45s.csv"), subject=subject, name="MovingReality pp07 (after stroke)"
    )


def insole_examples() -> list[Analysis]:
    out = []
    for file, name, mass in (
        ("gaitpdb_GaPt05_01_first40s.txt", "gaitpdb GaPt05 (Parkinson's disease)", 51.0),
        ("gaitpdb_GaCo05_01_first40s.txt", "gaitpdb GaCo05 (control)", 88.0),
    ):
        out.append(analyze(data_path(file), name=name, subject=_core.SubjectInfo(body_mass_kg=mass)))
    return out


def run_demo() -> str:
    """Analyse the bundled recordings and return the readable report."""
    parts = [
        "secondheart demo: gait mechanics from real recordings (no medical claim is made).",
        "Each block leads with the toe-off assessment against healthy reference values (push-off score:",
        "0 = healthy average, below -2.24 = weaker than about 99 % of healthy people), then per metric the",
        "median [IQR] over valid cycles per side and the left/right asymmetry index where it means something.",
        "",
        "== Foot and shank IMUs, person after stroke, treadmill ==",
        stroke_example().report(IMU_METRICS),
    ]
    for analysis in insole_examples():
        parts += ["", "== Pressure insoles ==", analysis.report(INSOLE_METRICS)]
    return "\n".join(parts)
