"""Example 03: is push-off poor, on which side, and did it change?

1. The bundled person after stroke (MovingReality pp07, foot and shank IMUs): the assessment per sensor,
   its evidence, and a figure.
2. Force-plate summaries from any other system (one row per side, forces in body weights) assessed
   without raw signals.
3. Two sessions of one (synthetic) person before and after push-off training: what changed beyond the
   minimal detectable change.

Gait mechanics against healthy reference values; not a diagnosis. Run:
python examples/python/_03_toe_off_assessment.py
"""

import tempfile
from pathlib import Path

import pandas as pd

import secondheart as sh
from secondheart.demo import data_path

out = Path(tempfile.mkdtemp(prefix="secondheart_example_"))

# 1. A real recording.
stroke = sh.analyze(data_path("movingreality_pp07_1Reg_first45s.csv"),
                    subject=sh.SubjectInfo(body_mass_kg=90.0, height_m=1.83, age_years=69.0))
for row in stroke.assessment.drop_duplicates("source").itertuples():
    print(f"{row.source}: {row.summary}")
print(stroke.assessment[["source", "side", "push_off_score", "percentile", "poor_toe_off", "weaker_side", "confidence"]])
print(stroke.assessment_features.query("source == 'foot_imu'")[["side", "feature", "value", "norm_mean", "norm_sd", "z"]])
stroke.plot(out / "stroke_assessment.png")

# 2. Force-plate summaries (e.g. from a lab's own software), one row per side.
force_plate = pd.DataFrame({
    "side": ["left", "right"],
    "f1_bw": [1.12, 1.05],
    "f2_bw": [1.10, 0.98],
    "valley_bw": [0.72, 0.80],
    "propulsive_peak_bw": [0.22, 0.15],
})
assessed = sh.assess_toe_off(force_plate)  # the source (force_plate) is inferred from the columns
print(assessed[["side", "push_off_score", "poor_toe_off", "weaker_side"]])
print("evidence:", *assessed.set_index("side").loc["right", "evidence"], sep="\n  ")

# 3. Before and after training (synthetic: the right push-off strength goes from 0.45 to 0.8).
walk = [("stand", 5), ("walk", 40), ("stand", 5)]
before = sh.analyze(sh.synth.walk(seed=21, push_off_strength_right=0.45, schedule=walk).session)
after = sh.analyze(sh.synth.walk(seed=22, push_off_strength_right=0.8, schedule=walk).session)
change = sh.compare(before, after)
print(change.attrs["summary"]["foot_imu"])
print(change.query("source == 'foot_imu' and side == 'right'")[["feature", "before", "after", "change", "ci_low", "ci_high", "mdc", "verdict"]])
print(f"figure written to {out / 'stroke_assessment.png'}")
