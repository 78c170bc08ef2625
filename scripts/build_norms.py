#!/usr/bin/env python3
"""Builds ``norms/push_off_norms.json``: healthy push-off norms from the recordings in the data root.

    python scripts/build_norms.py [--data DIR] [--out FILE] [--created YYYY-MM-DD]

The data root is ``--data``, else ``$SECONDHEART_DATA``, else ``../shared/data`` next to the
repository. Per source:

- foot_imu: the foot-IMU pipeline (``secondheart.analyze_foot``, default parameters) on Voisard et
  al. subjects 1-12 (trials 1 and 2; valid strides of straight walking: inside the annotated walk,
  not overlapping the U-turn ± 0.5 s) and on gaitmap's two healthy level-walking samples (valid
  strides; the pipeline marks strides turning more than 20° as ``turn``);
- shank_imu: no open healthy cohort has raw shank and foot IMUs, so the synthetic walker stands in: a
  cohort of walkers whose push-off strength varies between people and sides as much as the real
  foot-IMU toe-off angle says (see ``synthetic_shank``), analysed by ``secondheart.analyze``;
- insole: the insole pipeline on the PhysioNet gaitpdb controls' usual walks (``GaCo*_01``), body
  mass from ``demographics_Ga.csv``;
- force_plate: GaitRec's per-session table, healthy controls at self-selected speed.

The AGPL/GPL recordings (Voisard) are read here at build time only; the file holds aggregates.
The output is deterministic for a data root and ``--created`` (sorted keys, 6 significant digits).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import secondheart as sh
from secondheart import norms

REPO = Path(__file__).resolve().parents[1]
VERSION = "2026.12.0"
GENERATOR = "scripts/build_norms.py"
OUT = REPO / "norms" / "push_off_norms.json"


def feature_names(source: str) -> list[str]:
    return [s.name for s in norms.specs_for(source)]


# ------------------------------------------------------------------------------------------------
# foot IMU
# ------------------------------------------------------------------------------------------------


def foot_voisard(root: Path) -> pd.DataFrame:
    """Voisard et al. subjects 1-12, trials 1 and 2: valid straight-walking strides."""
    frames = []
    features = feature_names("foot_imu")
    for subject in range(1, 13):
        for trial in (1, 2):
            contents = sh.read_voisard(str(root / "GaitData" / f"{subject}-{trial}.json"))
            fs = contents.session.imus[0].sampling_rate_hz
            cycles = sh.analyze_foot(contents.session).cycles
            walk = contents.walks[0]
            turn = contents.turns[0]
            u0, u1 = turn.begin / fs - 0.5, turn.end / fs + 0.5
            keep = (
                cycles.valid
                & (cycles.ic_s >= walk.begin / fs)
                & (cycles.next_ic_s <= walk.end / fs)
                & ((cycles.next_ic_s < u0) | (cycles.ic_s > u1))  # not overlapping the U-turn ± 0.5 s
            )
            frames.append(
                norms.tidy_from_cycles(cycles[keep], features, source="foot_imu", dataset="voisard_healthy_imu",
                                       subject=f"voisard_{subject}", session=f"trial{trial}")
            )
    return pd.concat(frames, ignore_index=True)


def foot_gaitmap(root: Path) -> pd.DataFrame:
    """gaitmap's healthy level walks: 2 x 20 m at 204.8 Hz and 4 x 10 m at 102.4 Hz (two people)."""
    frames = []
    features = feature_names("foot_imu")
    recordings = (("imu_sample.csv", 204.8, "gaitmap_5047"), ("imu_sample_ic_stride.csv", 102.4, "gaitmap_ic_stride"))
    for name, fs, subject in recordings:
        session = sh.read_gaitmap_csv(str(root / name), sampling_rate_hz=fs)
        cycles = sh.analyze_foot(session).cycles
        frames.append(
            norms.tidy_from_cycles(cycles[cycles.valid], features, source="foot_imu", dataset="gaitmap_example",
                                   subject=subject, session="1")
        )
    return pd.concat(frames, ignore_index=True)


# ------------------------------------------------------------------------------------------------
# shank IMU: synthetic cohort
# ------------------------------------------------------------------------------------------------

SYNTH_PEOPLE = 24
SYNTH_SEED = 20261201
TOE_OFF_DEG_PER_STRENGTH = 25.0  # the walker's toe-off angle is -(35 + 25 s) deg (synth/walker.hpp)


def synthetic_shank(toe_off_sd_deg: float, toe_off_asymmetry_sd_deg: float) -> tuple[pd.DataFrame, dict]:
    """A cohort of synthetic walkers, analysed by the full pipeline (foot + shank IMUs).

    Push-off strength per person ~ N(1, sd_b) and per side person + N(0, sd_a / sqrt 2), with
    sd_b = toe_off_sd / 25 and sd_a = toe_off_asymmetry_sd / 25: the walker's toe-off angle is
    -(35 + 25 s) deg, so its toe-off angle varies between and within people as the real foot-IMU
    cohort's does. Speed ~ N(1.3, 0.12) m/s, cadence 110 (speed / 1.3)^0.5 steps/min × N(1, 0.03),
    heel-strike angle ~ N(20, 3) deg, stance fraction ~ N(0.61, 0.012), body mass ~ N(72, 10) kg.
    """
    rng = np.random.default_rng(SYNTH_SEED)
    sd_b = toe_off_sd_deg / TOE_OFF_DEG_PER_STRENGTH
    sd_a = toe_off_asymmetry_sd_deg / TOE_OFF_DEG_PER_STRENGTH
    features = feature_names("shank_imu")
    frames = []
    for k in range(SYNTH_PEOPLE):
        person = rng.normal(1.0, sd_b)
        left, right = person + rng.normal(0.0, sd_a / np.sqrt(2.0), size=2)
        speed = float(np.clip(rng.normal(1.3, 0.12), 0.95, 1.65))
        cadence = float(110.0 * np.sqrt(speed / 1.3) * rng.normal(1.0, 0.03))
        walk = sh.synth.walk(
            seed=k + 1,
            speed_mps=speed,
            cadence_steps_per_min=cadence,
            push_off_strength_left=float(np.clip(left, 0.3, 1.5)),
            push_off_strength_right=float(np.clip(right, 0.3, 1.5)),
            heel_strike_angle_deg=float(np.clip(rng.normal(20.0, 3.0), 8.0, 32.0)),
            stance_fraction=float(np.clip(rng.normal(0.61, 0.012), 0.57, 0.65)),
            body_mass_kg=float(np.clip(rng.normal(72.0, 10.0), 45.0, 110.0)),
            schedule=[("stand", 5), ("walk", 40), ("stand", 3)],
        )
        cycles = sh.analyze(walk.session).cycles
        shank = cycles[(cycles.source == "shank_imu") & cycles.valid]
        frames.append(
            norms.tidy_from_cycles(shank, features, source="shank_imu", dataset="secondheart.synth",
                                   subject=f"synth_{k + 1}", session="1", speed_column=None)
        )
    info = {"people": SYNTH_PEOPLE, "strength_sd": sd_b, "strength_asymmetry_sd": sd_a}
    return pd.concat(frames, ignore_index=True), info


# ------------------------------------------------------------------------------------------------
# insole
# ------------------------------------------------------------------------------------------------


def insole_gaitpdb(folder: Path) -> pd.DataFrame:
    """gaitpdb controls (Ga study), usual walk _01, body mass from demographics_Ga.csv."""
    with open(folder / "demographics_Ga.csv", newline="") as f:
        demographics = {row["id"]: row for row in csv.DictReader(f)}
    frames = []
    features = feature_names("insole")
    for path in sorted(folder.glob("GaCo*_01.txt")):
        subject = demographics[path.name[:6]]
        session = sh.read_gaitpdb(path)
        if subject.get("weight_kg"):
            session.subject = sh.SubjectInfo(body_mass_kg=float(subject["weight_kg"]))
        cycles = sh.insole.analyze_insoles(session).cycles
        frames.append(
            norms.tidy_from_cycles(cycles[cycles.valid], features, source="insole", dataset="physionet_gaitpdb",
                                   subject=f"gaitpdb_{path.name[:6]}", session="01", speed_column=None)
        )
    return pd.concat(frames, ignore_index=True)


# ------------------------------------------------------------------------------------------------
# main
# ------------------------------------------------------------------------------------------------


def provenance(synth_info: dict) -> dict:
    return {
        "foot_imu": {
            "subjects": (
                "Voisard et al. subjects 1-12 (dev split: 5 F, 7 M, 26-75 y), trials 1 and 2; gaitmap example: "
                "two healthy level walks (MaD Lab subject 5047, 2 x 20 m at 204.8 Hz; the 4 x 10 m sample at 102.4 Hz)"
            ),
            "method": (
                "secondheart foot-IMU pipeline (analyze_foot, default parameters) on the raw IMUs; valid strides "
                "of straight walking (Voisard: inside the annotated walk and not overlapping the U-turn +/- 0.5 s; "
                "both: strides turning > 20 deg are not valid)."
            ),
            "notes": (
                "Voisard data AGPL-3.0 (read at build time, aggregates only), gaitmap example MIT. session_sd comes "
                "from Voisard trials 1 and 2, two walks of one protocol (the data give no dates; presumably one "
                "visit): trial-to-trial variation, a lower bound of the between-visit SD"
            ),
            "synthetic": False,
        },
        "shank_imu": {
            "subjects": f"{synth_info['people']} synthetic walkers (secondheart.synth)",
            "method": (
                "Synthetic stand-in: no open healthy cohort with raw shank and foot IMUs was available. A cohort "
                "of synthetic walkers analysed by secondheart.analyze (foot + shank IMUs, ankle zero from the "
                "standing bout); push-off strength between people N(1, "
                f"{synth_info['strength_sd']:.3g}) and left - right SD {synth_info['strength_asymmetry_sd']:.3g}, "
                "calibrated so that the walker's toe-off angle (-(35 + 25 s) deg) varies as the real foot-IMU "
                "cohort's does; speed, cadence, heel-strike angle and stance fraction vary too "
                "(scripts/build_norms.py)."
            ),
            "notes": (
                "synthetic: the mean and SDs follow the walker's model (ankle ROM 17 + 15 s deg, peak "
                "plantarflexion -(5 + 15 s) deg) and the calibration, not measured people; replace with real "
                "healthy shank + foot IMU data when available"
            ),
            "synthetic": True,
        },
        "insole": {
            "subjects": "PhysioNet gaitpdb, study Ga (Yogev et al. 2005), the 10 controls of the dev split, aged 66-86",
            "method": (
                "secondheart insole pipeline (insole.analyze_insoles, default parameters, foot length 0.26 m) on "
                "the usual walk (_01, about 121 s); body mass from demographics_Ga.csv."
            ),
            "notes": (
                "PhysioNet gaitpdb, ODC-By 1.0. Infotronic 8-sensor insoles (no other insole type); older "
                "adults (66-86 y); one walk per person: session_sd unknown"
            ),
            "synthetic": False,
        },
        "force_plate": dict(norms.GAITREC_PROVENANCE),
    }


def fitted_table(doc: dict) -> str:
    lines = [
        f"{'source':<12} {'feature':<36} {'n':>4} {'mean':>10} {'sd':>9} {'slope/mps':>10} {'asym sd':>9} "
        f"{'sess sd':>9}  synth"
    ]
    for f in doc["features"]:
        adj = f["speed_adjustment"]
        slope = f"{adj['slope_per_mps']:10.4g}" if adj else f"{'-':>10}"
        sess = f"{f['session_sd']:9.4g}" if f["session_sd"] is not None else f"{'-':>9}"
        lines.append(
            f"{f['source']:<12} {f['name']:<36} {f['n_subjects']:>4} {f['mean']:>10.4g} {f['sd']:>9.4g} {slope} "
            f"{f['asymmetry_sd']:>9.4g} {sess}  {'yes' if f['provenance']['synthetic'] else ''}"
        )
    for c in doc.get("correlations", []):
        lines.append(f"correlations {c['source']}/{c['kind']}: {', '.join(c['features'])}")
        for name, row in zip(c["features"], c["matrix"]):
            lines.append(f"  {name:<36} " + " ".join(f"{v:6.2f}" for v in row))
    return "\n".join(lines)


def arguments(description: str, out: Path) -> argparse.ArgumentParser:
    """The command line of the build scripts: --data (default $SECONDHEART_DATA or ../shared/data),
    --out, --created (ISO date written to the file)."""
    parser = argparse.ArgumentParser(description=description)
    default_data = Path(os.environ.get("SECONDHEART_DATA", REPO.parent / "shared" / "data"))
    parser.add_argument("--data", type=Path, default=default_data,
                        help="data root (default $SECONDHEART_DATA or ../shared/data)")
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--created", default=datetime.date.today().isoformat(), help="ISO date written to the file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], OUT).parse_args(argv)
    start = time.perf_counter()
    data: Path = args.data

    def step(label, fn, *a):
        t = time.perf_counter()
        out = fn(*a)
        print(f"  {label}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
        return out

    print(f"data root {data}", file=sys.stderr)
    foot = pd.concat(
        [step("foot_imu voisard", foot_voisard, data / "voisard_healthy_imu"),
         step("foot_imu gaitmap", foot_gaitmap, data / "gaitmap_example")],
        ignore_index=True,
    )
    # The spread of the real toe-off angle calibrates the synthetic shank cohort.
    toe = norms.fit_feature_norm(foot, norms.FeatureSpec("foot_imu", "toe_off_angle_deg", "deg", -1, 1.0))
    shank, synth_info = step("shank_imu synthetic", synthetic_shank, toe["sd"], toe["asymmetry_sd"])
    insole = step("insole gaitpdb", insole_gaitpdb, data / "physionet_gaitpdb" / "dev")
    gaitrec = pd.read_csv(data / "gaitrec_summary" / "gaitrec_sessions_train.csv")
    plate = norms.gaitrec_tidy(gaitrec)
    table = pd.concat([foot, shank, insole, plate], ignore_index=True)

    doc = norms.fit_norms(
        table,
        norms.FEATURE_SPECS,
        provenance=provenance(synth_info),
        version=VERSION,
        created=args.created,
        generator=GENERATOR,
        # The synthetic shank cohort is the norm population of its features: its correlations keep the
        # shank score N(0, 1) in that population (a default 0.3 made |asymmetry| > 2.24 in 10 % of it).
        correlate_synthetic=True,
        description=(
            "Healthy push-off norms per sensor source (foot IMU, shank IMU, insole, force plate): per feature "
            "the healthy mean and the SD of one side in one session (speed-adjusted where supported), the SD of the left - right "
            "difference, the between-session SD where known, and the correlations of the scored features. "
            "See norms/README.md."
        ),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    print(fitted_table(doc))
    print(f"wrote {args.out} ({len(doc['features'])} features) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
