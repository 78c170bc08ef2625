"""Example 02: read the bundled real recordings, analyse them, save the per-cycle table and JSON.

Run: python examples/python/_02_bundled_recordings.py
"""

import tempfile
from pathlib import Path

import secondheart as sh
from secondheart.demo import data_path

out = Path(tempfile.mkdtemp(prefix="secondheart_example_"))
stroke = sh.analyze(
    data_path("movingreality_pp07_1Reg_first45s.csv"),
    subject=sh.SubjectInfo(body_mass_kg=90.0, height_m=1.83, age_years=69.0),
)
print(stroke)
print(stroke.summary.query("metric == 'toe_off_angle_deg'")[["source", "side", "median", "iqr", "n_cycles"]])
stroke.cycles.to_csv(out / "stroke_cycles.csv", index=False)
stroke.to_json(out / "stroke.json")

insoles = sh.analyze(data_path("gaitpdb_GaPt05_01_first40s.txt"), subject=sh.SubjectInfo(body_mass_kg=51.0))
print(insoles.summary.query("metric in ['f2_bw', 'f2_f1_ratio']")[["side", "metric", "median", "iqr"]])
print(f"tables written to {out}")
