#!/usr/bin/env python3
"""Builds ``python/secondheart/data/healthy_curves.json``: healthy reference cycle curves for the figure.

    python scripts/build_curves.py [--data DIR] [--out FILE] [--created YYYY-MM-DD]

The data root is ``--data``, else ``$SECONDHEART_DATA``, else ``../shared/data`` next to the
repository (as for ``scripts/build_norms.py``). The curves are those of the figure's top row
(``secondheart.plot``), 101 points from IC (0 %) to the next IC (100 %):

- ``foot_pitch_deg`` (foot_imu): the per-sample foot pitch of the foot-IMU pipeline
  (``analyze_foot_imu``, default parameters) over exactly the strides the foot-IMU norms use: Voisard
  et al. subjects 1-12, trials 1 and 2, and gaitmap's two healthy level walks. The strides are picked by
  running ``build_norms.foot_voisard`` / ``build_norms.foot_gaitmap`` themselves and recording which
  cycles they hand to ``norms.tidy_from_cycles`` (no copy of their selection rules here);
- ``insole_force_bw`` (insole): total insole force / (body mass · g) per foot over the valid cycles of
  the gaitpdb controls' usual walks, again the cycles of ``build_norms.insole_gaitpdb``;
- no ankle-angle curve: no open healthy cohort has raw foot + shank IMUs, and the synthetic walker's
  ankle (a dip before heel strike that real ankles do not show) would mislead as a reference.

Statistic: per person the mean curve over all their valid strides (both sides and, for Voisard, both
trials pooled); across persons the mean curve and the between-person SD (ddof 1). The Voisard
recordings are AGPL-3.0 and read at build time only: the file holds a mean and an SD curve over 14
people (aggregates), nothing per person. Output rounded to 4 significant digits, sorted keys:
deterministic for a data root and ``--created``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_norms as bn  # noqa: E402  (the norms' stride selection and synthetic cohort)

from secondheart import _core, norms  # noqa: E402
from secondheart.plot import N_POINTS, _normalised_cycles  # noqa: E402

REPO = bn.REPO
VERSION = bn.VERSION
GENERATOR = "scripts/build_curves.py"
OUT = REPO / "python" / "secondheart" / "data" / "healthy_curves.json"
G = 9.80665


# ------------------------------------------------------------------------------------------------
# the strides build_norms.py uses
# ------------------------------------------------------------------------------------------------


@dataclass
class Selection:
    """One person-session as build_norms.py summarised it: the session it analysed, the pipeline result
    and the positions (in the result's cycle table) of the cycles it kept."""

    dataset: str
    subject: str
    session_label: str
    session: _core.Session
    result: object
    rows: list[int] = field(default_factory=list)


@contextmanager
def selections(owner, analyze_name: str):
    """While active, every call of ``owner.<analyze_name>`` (the pipeline build_norms.py runs) and of
    ``norms.tidy_from_cycles`` (which receives the kept cycles) is recorded as a :class:`Selection`."""
    out: list[Selection] = []
    last: list = []
    analyze, tidy = getattr(owner, analyze_name), norms.tidy_from_cycles

    def recording_analyze(session, *args, **kwargs):
        result = analyze(session, *args, **kwargs)
        last[:] = [session, result]
        return result

    def recording_tidy(cycles, features, **kwargs):
        session, result = last
        out.append(Selection(kwargs["dataset"], kwargs["subject"], kwargs["session"], session, result,
                             [int(i) for i in cycles.index]))
        return tidy(cycles, features, **kwargs)

    with mock.patch.object(owner, analyze_name, recording_analyze), \
            mock.patch.object(norms, "tidy_from_cycles", recording_tidy):
        yield out


def foot_pitch_rows(sel: Selection) -> tuple[np.ndarray, int]:
    """(strides, N_POINTS) foot pitch of the kept strides, and how many kept strides could not be used."""
    table = sel.result.raw.cycles
    kept = [table.cycles[i] for i in sel.rows]
    rows, used = [], 0
    for rec in sel.session.imus:
        if rec.placement != _core.Placement.FOOT:
            continue
        foot = _core.analyze_foot_imu(rec, _core.FootImuPipelineParams())
        by_span = {(c.ic, c.next_ic): c for c in foot.metrics.table.cycles if c.side == rec.side}
        matched = [by_span[(c.ic, c.next_ic)] for c in kept if c.side == rec.side and (c.ic, c.next_ic) in by_span]
        curves = _normalised_cycles(np.asarray(foot.metrics.pitch_deg), matched, rec.side)
        rows.append(curves)
        used += curves.shape[0]
    return np.concatenate(rows) if rows else np.empty((0, N_POINTS)), len(kept) - used


def insole_force_rows(sel: Selection) -> tuple[np.ndarray, int]:
    """(strides, N_POINTS) total force in body weights of the kept cycles, and how many were not usable."""
    mass = sel.session.subject.body_mass_kg if sel.session.subject is not None else float("nan")
    table = sel.result.core.cycles
    kept = [table.cycles[i] for i in sel.rows]
    if not (mass > 0):
        return np.empty((0, N_POINTS)), len(kept)
    rows = [_normalised_cycles(np.asarray(rec.total()) / (mass * G), kept, rec.side) for rec in sel.session.insoles]
    out = np.concatenate(rows)
    return out, len(kept) - out.shape[0]


# ------------------------------------------------------------------------------------------------
# statistics and output
# ------------------------------------------------------------------------------------------------


def sig(x: float, digits: int = 4) -> float:
    return float(f"{x:.{digits}g}")


def between_persons(per_person: dict[str, np.ndarray]) -> dict:
    """Per person the mean curve of their strides; across persons mean and SD (ddof 1)."""
    people = sorted(k for k, rows in per_person.items() if rows.shape[0] > 0)
    means = np.array([per_person[k].mean(axis=0) for k in people])
    return {
        "percent": list(range(N_POINTS)),
        "mean": [sig(v) for v in means.mean(axis=0)],
        "sd": [sig(v) for v in means.std(axis=0, ddof=1)],
        "n_persons": len(people),
        "n_strides": int(sum(per_person[k].shape[0] for k in people)),
        "_per_person_strides": {k: per_person[k].shape[0] for k in people},
    }


def collect(selected: list[Selection], rows_of) -> tuple[dict[str, np.ndarray], int]:
    per_person: dict[str, list[np.ndarray]] = {}
    dropped = 0
    for sel in selected:
        rows, lost = rows_of(sel)
        dropped += lost
        per_person.setdefault(sel.subject, []).append(rows)
    return {k: np.concatenate(v) for k, v in per_person.items()}, dropped


def foot_curve(data: Path) -> tuple[dict, object]:
    with selections(bn.sh, "analyze_foot") as selected:
        foot_table = bn.pd.concat([bn.foot_voisard(data / "voisard_healthy_imu"),
                                   bn.foot_gaitmap(data / "gaitmap_example")], ignore_index=True)
    per_person, dropped = collect(selected, foot_pitch_rows)
    curve = between_persons(per_person)
    curve.update(
        name="foot_pitch_deg", source="foot_imu", unit="deg (toes up +)",
        provenance={
            "datasets": ["voisard_healthy_imu (subjects 1-12, trials 1 and 2)",
                         "gaitmap_example (imu_sample.csv, imu_sample_ic_stride.csv)"],
            "method": (
                "Per-sample foot pitch of the secondheart foot-IMU pipeline (analyze_foot_imu, default "
                "parameters) between IC and the next IC, resampled to 101 points (secondheart.plot), over "
                "exactly the strides of the foot_imu norms (scripts/build_norms.py: valid strides of straight "
                "walking; Voisard: inside the annotated walk, not overlapping the U-turn +/- 0.5 s). Per person "
                "the mean curve over all their strides (both sides and trials pooled); then the mean and the "
                "between-person SD (ddof 1) of the person curves."
            ),
            "synthetic": False,
            "licences": {"voisard_healthy_imu": "AGPL-3.0 (aggregate only)", "gaitmap_example": "MIT"},
            "notes": (
                "Voisard et al. data AGPL-3.0: read at build time only; this entry is an aggregate (mean and SD "
                f"curve over {curve['n_persons']} people), nothing per person is stored. gaitmap example MIT. "
                f"{dropped} selected strides left out with NaN in the per-sample pitch (the first stride of a walking "
                "bout: the pitch starts at its first mid-stance), as in the figure and foot_pitch_rom_deg."
            ),
        },
    )
    return curve, foot_table


def insole_curve(data: Path) -> dict:
    with selections(bn.sh.insole, "analyze_insoles") as selected:
        bn.insole_gaitpdb(data / "physionet_gaitpdb" / "dev")
    per_person, dropped = collect(selected, insole_force_rows)
    curve = between_persons(per_person)
    curve.update(
        name="insole_force_bw", source="insole", unit="× body weight",
        provenance={
            "datasets": ["physionet_gaitpdb (study Ga, controls GaCo*_01 of the dev split)"],
            "method": (
                "Total insole force (8 cells) / (body mass x 9.80665) per foot between IC and the next IC of "
                "the valid cycles of the secondheart insole pipeline (default parameters), resampled to 101 "
                "points; the cycles of the insole norms (scripts/build_norms.py). Per person the mean curve "
                "(both sides pooled); then the mean and the between-person SD (ddof 1)."
            ),
            "synthetic": False,
            "licences": {"physionet_gaitpdb": "ODC-By 1.0"},
            "notes": (
                "PhysioNet gaitpdb, ODC-By 1.0 (cite Goldberger et al. 2000, Yogev et al. 2005). Infotronic "
                "insoles read 30-50 % off a force plate; older adults (66-86 y). "
                f"{dropped} selected cycles left out (no body mass or NaN)."
            ),
        },
    )
    return curve


def dumps(doc: dict) -> str:
    """Sorted-key JSON, indented, with each list of numbers on one line."""
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)
    numbers = re.compile(r"\[\s*(-?[0-9][-+0-9.e]*(?:,\s*-?[0-9][-+0-9.e]*)*)\s*\]")
    return numbers.sub(lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = bn.arguments(__doc__.splitlines()[0], OUT).parse_args(argv)
    start = time.perf_counter()
    print(f"data root {args.data}", file=sys.stderr)
    foot, _ = foot_curve(args.data)
    # No ankle curve: the only foot + shank cohort is the synthetic walker, whose ankle dips before heel
    # strike where real ankles stay near neutral; a model curve drawn as 'healthy' would mislead.
    curves = [foot, insole_curve(args.data)]
    for c in curves:
        strides = c.pop("_per_person_strides")
        print(f"  {c['name']:<16} {c['n_persons']:>3} persons {c['n_strides']:>5} strides "
              f"(per person {min(strides.values())}-{max(strides.values())}); mean {min(c['mean']):.3g}.."
              f"{max(c['mean']):.3g}, sd {min(c['sd']):.3g}..{max(c['sd']):.3g}"
              f"{'  SYNTHETIC' if c['provenance']['synthetic'] else ''}", file=sys.stderr)
    doc = {
        "schema": "secondheart.healthy_curves",
        "schema_version": 1,
        "version": VERSION,
        "created": args.created,
        "generator": GENERATOR,
        "description": (
            "Healthy reference cycle curves (0-100 % of the stride, IC to next IC) for the figure's top row: "
            "per curve the mean and the between-person SD of the person mean curves. Licences: Voisard et al. "
            "AGPL-3.0 (aggregate over >= 10 people only), gaitmap example MIT, PhysioNet gaitpdb ODC-By 1.0. "
            "No ankle-angle curve: no healthy foot + shank IMU cohort is available."
        ),
        "curves": curves,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(doc))
    print(f"wrote {args.out} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
