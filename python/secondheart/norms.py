"""Healthy push-off norms: fit them from a tidy table of per-side values, in the JSON format of
``schemas/norms.schema.json`` (read by the assessment stage).

The input is a *tidy table*: one row per person, session, side and feature, with the value already
summarised over that side's valid cycles (the median; :func:`tidy_from_cycles` makes these rows from a
per-cycle table) and the number of cycles it came from:

======================  ===========================================================================
column                  meaning
======================  ===========================================================================
``source``              ``foot_imu``, ``shank_imu``, ``insole`` or ``force_plate``
``dataset``             where the recording comes from (goes to the provenance)
``subject``             person identifier (unique within the table, e.g. ``"voisard_3"``)
``session``             session (visit) identifier within the person
``side``                ``"left"`` or ``"right"``
``feature``             column name as the pipelines write it (unit in the name)
``value``               median of the feature over the side's valid cycles (feature unit)
``n_cycles``            number of valid cycles behind ``value`` (NaN = unknown)
``gait_speed_mps``      median gait speed of those cycles (m/s), NaN when not measured
======================  ===========================================================================

Statistics (:func:`fit_feature_norm`):

1. rows repeating a person-side-session are averaged; rows with fewer than ``min_cycles`` cycles
   are dropped;
2. person-side value = mean over the person's sessions; person value = mean of left and right (the
   one side when only one is there);
3. ``mean``: mean of the person values; ``sd``: the spread of one side in one session,
   sqrt(between² + asymmetry_sd²/4 + session_sd²) with ``between`` the SD (ddof 1) of the person
   values (the residual SD when speed-adjusted);
4. speed adjustment (features with ``FeatureSpec.speed_adjusted`` and a measured speed): ordinary
   least squares of the person values on the person speeds; adopted when the slope's two-sided 95 %
   confidence interval excludes 0 (Student t, n − 2 degrees of freedom) and at least
   ``min_subjects_speed`` people were fitted. Then ``mean`` is the fitted value at the reference
   speed (the mean speed of the fitted people, where OLS passes through the mean value) and ``sd``
   the residual SD (ddof 2);
5. ``asymmetry_sd``: SD (ddof 1) of left − right person-side values over people with both sides;
6. ``session_sd``: within-person SD between sessions, from people with two or more sessions: each
   person-side's session values give a variance, pooled over person-sides weighted by their degrees
   of freedom (the plain mean of the variances when everyone has two sessions); None without
   repeated sessions;
7. correlations (:func:`fit_correlations`): per source, Pearson correlation of the directed z
   (``direction · (value − norm) / sd``) of the scored features (weight > 0) across person-sides
   (kind ``score``) and of their left − right differences (kind ``asymmetry``), when at least
   ``min_subjects`` people have every scored feature on both sides.

Only numpy and pandas are used. :func:`gaitrec_tidy` and :func:`fit_gaitrec_norms` turn GaitRec's
per-session table (or any subset of its rows) into force-plate norms, so a validation test can refit
them on folds of subjects.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _core

__all__ = [
    "DEFAULT_RULE",
    "FEATURE_SPECS",
    "GAITREC_FEATURES",
    "GAITREC_PROVENANCE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "TIDY_COLUMNS",
    "FeatureSpec",
    "fit_correlations",
    "fit_feature_norm",
    "fit_gaitrec_norms",
    "fit_norms",
    "gaitrec_tidy",
    "person_side_values",
    "round_significant",
    "specs_for",
    "student_t_quantile",
    "tidy_from_cycles",
]

SCHEMA = "secondheart.norms"
SCHEMA_VERSION = 1
TIDY_COLUMNS = ["source", "dataset", "subject", "session", "side", "feature", "value", "n_cycles", "gait_speed_mps"]
SIDES = ("left", "right")

#: Thresholds of the poor_toe_off rule. Per side the score is N(0, 1) in healthy people; -2.24 is
#: its 1.25 % one-sided quantile, and 2.24 the 2.5 % two-sided one of the standardised asymmetry,
#: so at most 5 % of healthy people are flagged by either; -3.0 / 3.0 mark a marked finding.
DEFAULT_RULE: dict = {
    "score_mild_z": -2.24,
    "score_marked_z": -3.0,
    "asymmetry_mild_z": 2.24,
    "asymmetry_marked_z": 3.0,
    "weaker_side_z": 1.645,
    "min_cycles": 10,
    "min_cycles_high_confidence": 30,
    "default_correlation": 0.3,
    "description": (
        "A side's push-off score (weighted mean of the directed feature z, standardised with the "
        "feature correlations) and the standardised left - right score difference are N(0, 1) in "
        "healthy people. Score below score_mild_z (1.25 % one-sided) or |asymmetry| above "
        "asymmetry_mild_z (2.5 % two-sided, the weaker side flagged) gives a mild poor_toe_off, so at "
        "most 5 % of healthy people are flagged; the *_marked_z thresholds (0.13 %) a marked one. A "
        "weaker side is named above weaker_side_z (5 % one-sided). Fewer than min_cycles valid cycles "
        "on a side: low confidence; min_cycles_high_confidence or more: high."
    ),
}


@dataclass(frozen=True)
class FeatureSpec:
    """What a feature means for push-off.

    Attributes
    ----------
    source : str
        ``foot_imu``, ``shank_imu``, ``insole`` or ``force_plate``.
    name : str
        Column name as the pipelines write it (unit in the name).
    unit : str
        Unit of the values (``deg``, ``deg/s``, ``s``, ``BW``, ``1``, ``%``, ``1/s``, ``m``).
    direction : int
        +1 when a higher value is a stronger push-off, -1 when a lower one is.
    weight : float
        Weight in the push-off score; 0 = reported with its z, not scored (context).
    speed_adjusted : bool
        Try a gait-speed adjustment (only where speed is measured per stride).
    note : str
        Why the direction/weight are what they are (goes to the provenance notes).
    """

    source: str
    name: str
    unit: str
    direction: int
    weight: float
    speed_adjusted: bool = False
    note: str = ""


#: The push-off features, their direction and weight (see norms/README.md for the reasoning).
FEATURE_SPECS: tuple[FeatureSpec, ...] = (
    FeatureSpec("foot_imu", "toe_off_angle_deg", "deg", -1, 1.0, True,
                "foot pitch at toe-off, toes up positive: more negative = more plantarflexed foot = stronger push-off"),
    FeatureSpec("foot_imu", "peak_push_off_angular_velocity_dps", "deg/s", +1, 1.0, True,
                "max of -(foot pitch rate) from heel-off to toe-off, a positive magnitude: faster toes-down "
                "rotation = stronger push-off"),
    FeatureSpec("foot_imu", "push_off_duration_s", "s", +1, 0.0, True,
                "heel-off to toe-off; context only (longer is not simply stronger)"),
    FeatureSpec("foot_imu", "foot_pitch_rom_deg", "deg", +1, 1.0, True,
                "max - min foot pitch over the stride: larger = more heel strike and toe-off rotation"),
    FeatureSpec("shank_imu", "ankle_rom_deg", "deg", +1, 1.0, False,
                "max - min ankle angle over the cycle (foot + shank IMU)"),
    FeatureSpec("shank_imu", "ankle_peak_plantarflexion_deg", "deg", -1, 0.0, False,
                "minimum ankle angle after push-off, dorsiflexion positive: more negative = more plantarflexion; "
                "context: an absolute angle that moves with the ankle zero (quiet standing), which is not always "
                "found; the ankle ROM carries the same push-off without it"),
    FeatureSpec("shank_imu", "shank_toe_off_rate_dps", "deg/s", +1, 1.0, False,
                "-min of the shank pitch rate around toe-off, a positive magnitude: faster pre-swing rotation"),
    FeatureSpec("insole", "f2_bw", "BW", +1, 1.0, False, "vertical push-off peak in body weights"),
    FeatureSpec("insole", "f2_f1_ratio", "1", +1, 1.0, False, "push-off peak over loading peak"),
    FeatureSpec("insole", "forefoot_impulse_pct", "%", +1, 1.0, False,
                "forefoot share of the force impulse in terminal stance"),
    FeatureSpec("insole", "unloading_rate_f2_per_s", "1/s", +1, 1.0, False,
                "force fall rate after F2 over F2 (fast release of a strong push-off)"),
    FeatureSpec("insole", "cop_travel_pct", "%", +1, 1.0, False,
                "centre-of-pressure travel along the foot, % of foot length"),
    FeatureSpec("force_plate", "f1_bw", "BW", +1, 0.0, False, "vertical loading peak; context (loading, not push-off)"),
    FeatureSpec("force_plate", "f2_bw", "BW", +1, 1.0, False, "vertical push-off peak"),
    FeatureSpec("force_plate", "valley_bw", "BW", -1, 0.0, False,
                "mid-stance valley; context (a deeper valley goes with a vigorous gait)"),
    FeatureSpec("force_plate", "propulsive_peak_bw", "BW", +1, 1.0, False, "peak anterior (propulsive) force"),
    FeatureSpec("force_plate", "cop_ap_length", "m", +1, 0.0, False,
                "antero-posterior centre-of-pressure path length (GaitRec; unit not stated by the source "
                "table, values fit metres); context: in healthy controls it follows foot size (r 0.86 with "
                "shoe size), not push-off"),
)

#: GaitRec column stem -> force-plate feature name; ``{side}`` is ``l`` or ``r``.
GAITREC_FEATURES: dict[str, str] = {
    "GRF_F_V_{side}_max1": "f1_bw",
    "GRF_F_V_{side}_max2": "f2_bw",
    "GRF_F_V_{side}_min": "valley_bw",
    "GRF_F_AP_{side}_max": "propulsive_peak_bw",
    "GRF_COP_AP_{side}_length": "cop_ap_length",
}

#: Provenance of the force-plate entries fitted by :func:`fit_gaitrec_norms`.
GAITREC_PROVENANCE = {
    "datasets": ["gaitrec_summary"],
    "subjects": "GaitRec healthy controls (CLASS_LABEL HC), self-selected speed (SPEED 2), TRAIN split",
    "method": (
        "GaitRec per-session parameters (means over a session's trials of the filtered, body-weight and "
        "stance-time normalised GRF) are the per-side values; a person's sessions (barefoot and shod, of one "
        "day: GaitRec's controls have no repeat visits) are separate sessions, their spread is session_sd."
    ),
    "notes": (
        "GaitRec (Horsak et al. 2020, Sci Data 7:143), CC BY 4.0; per-session table from "
        "github.com/Ursula-Nicolas/FinalProject. Force-plate values, mixed barefoot and shod"
    ),
    "synthetic": False,
}


def specs_for(source: str, specs: Iterable[FeatureSpec] = FEATURE_SPECS) -> list[FeatureSpec]:
    """The specs of one source, in order."""
    return [s for s in specs if s.source == source]


# ------------------------------------------------------------------------------------------------
# Small numerics
# ------------------------------------------------------------------------------------------------


def round_significant(x: float, digits: int = 6) -> float:
    """``x`` rounded to ``digits`` significant digits (0 and non-finite values unchanged)."""
    if x == 0 or not math.isfinite(x):
        return float(x)
    return float(f"{x:.{digits}g}")


def student_t_quantile(p: float, dof: float) -> float:
    """Quantile of Student's t distribution (Boost.Math in the C++ core), e.g. 2.228139 for p = 0.975,
    dof = 10. Raises ``ValueError`` for p outside (0, 1) or dof <= 0."""
    return _core.student_t_quantile(p, dof)


# ------------------------------------------------------------------------------------------------
# Tidy tables
# ------------------------------------------------------------------------------------------------


def tidy_from_cycles(
    cycles: pd.DataFrame,
    features: Sequence[str],
    *,
    source: str,
    dataset: str,
    subject: str,
    session: str,
    speed_column: str | None = "gait_speed_mps",
) -> pd.DataFrame:
    """Tidy rows of one person-session from a per-cycle table.

    Parameters
    ----------
    cycles : pandas.DataFrame
        One row per cycle with a ``side`` column (``left``/``right``) and the feature columns; only
        the cycles to use (valid, straight walking, ...) — nothing is filtered here.
    features : sequence of str
        Feature columns to summarise (units in their names).
    source, dataset, subject, session : str
        Identity written to every row.
    speed_column : str or None
        Per-cycle gait speed (m/s); its median over the cycles with a finite feature value becomes
        ``gait_speed_mps``. None or absent: NaN.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TIDY_COLUMNS`: per side and feature the median over the cycles with a finite
        value and their count (sides or features without any finite value give no row).
    """
    rows = []
    has_speed = speed_column is not None and speed_column in cycles.columns
    for side in SIDES:
        side_cycles = cycles[cycles["side"] == side]
        for feature in features:
            if feature not in side_cycles.columns:
                continue
            values = pd.to_numeric(side_cycles[feature], errors="coerce")
            finite = np.isfinite(values.to_numpy(dtype=float))
            if not finite.any():
                continue
            speed = math.nan
            if has_speed:
                speeds = side_cycles.loc[finite, speed_column].to_numpy(dtype=float)
                speeds = speeds[np.isfinite(speeds)]
                speed = float(np.median(speeds)) if len(speeds) else math.nan
            rows.append(
                {
                    "source": source,
                    "dataset": dataset,
                    "subject": subject,
                    "session": session,
                    "side": side,
                    "feature": feature,
                    "value": float(np.median(values.to_numpy(dtype=float)[finite])),
                    "n_cycles": int(finite.sum()),
                    "gait_speed_mps": speed,
                }
            )
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def gaitrec_tidy(
    df: pd.DataFrame,
    *,
    classes: Sequence[str] | None = ("HC",),
    speeds: Sequence[int] | None = (2,),
    dataset: str = "gaitrec_summary",
) -> pd.DataFrame:
    """GaitRec per-session rows as a tidy force-plate table.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows of GaitRec's per-session table (``gaitrec_sessions_train.csv`` or a subset of its rows,
        e.g. one fold of subjects): ``SUBJECT_ID``, ``SESSION_ID``, ``CLASS_LABEL``, ``SPEED`` and the
        ``GRF_*`` columns of :data:`GAITREC_FEATURES` (ground reaction force in body weights, COP
        path length in the source's unit).
    classes : sequence of str or None
        ``CLASS_LABEL`` values to keep (default healthy controls ``HC``); None keeps all.
    speeds : sequence of int or None
        ``SPEED`` values to keep (1 slow, 2 self-selected, 3 fast; default 2); None keeps all.
    dataset : str
        Dataset name for the provenance.

    Returns
    -------
    pandas.DataFrame
        :data:`TIDY_COLUMNS`, source ``force_plate``, subject ``gaitrec_<SUBJECT_ID>``, session
        ``SESSION_ID``: GaitRec's sessions of one day (barefoot and shod) stay separate sessions, so their
        difference enters ``session_sd`` (one session is what a user assesses; the healthy controls have
        no repeat visits, so this within-day SD is the only session spread there is). A session's values are already
        means over its trials, whose number the table does not give: ``n_cycles`` is NaN; there is
        no gait speed per stride (``gait_speed_mps`` NaN).
    """
    rows = df
    if classes is not None:
        rows = rows[rows["CLASS_LABEL"].isin(list(classes))]
    if speeds is not None:
        rows = rows[rows["SPEED"].isin(list(speeds))]
    session = rows["SESSION_ID"]
    frames = []
    for stem, feature in GAITREC_FEATURES.items():
        for code, side in (("l", "left"), ("r", "right")):
            frames.append(
                pd.DataFrame(
                    {
                        "source": "force_plate",
                        "dataset": dataset,
                        "subject": "gaitrec_" + rows["SUBJECT_ID"].astype(str),
                        "session": session.astype(str),
                        "side": side,
                        "feature": feature,
                        "value": pd.to_numeric(rows[stem.format(side=code)], errors="coerce").astype(float),
                        "n_cycles": np.nan,
                        "gait_speed_mps": np.nan,
                    },
                    columns=TIDY_COLUMNS,
                )
            )
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIDY_COLUMNS)
    return out[np.isfinite(out["value"].to_numpy(dtype=float))].reset_index(drop=True)


# ------------------------------------------------------------------------------------------------
# Fitting
# ------------------------------------------------------------------------------------------------


def _session_values(rows: pd.DataFrame, min_cycles: int) -> pd.DataFrame:
    """One row per (subject, session, side): value and speed averaged over repeated rows, cycles summed."""
    rows = rows[np.isfinite(rows["value"].to_numpy(dtype=float))]
    n = rows["n_cycles"].to_numpy(dtype=float)
    rows = rows[~(np.isfinite(n) & (n < min_cycles))]
    if rows.empty:
        return pd.DataFrame(columns=["subject", "session", "side", "value", "gait_speed_mps", "n_cycles", "dataset"])
    grouped = rows.groupby(["subject", "session", "side"], sort=True)
    out = grouped.agg(
        value=("value", "mean"),
        gait_speed_mps=("gait_speed_mps", lambda s: float(s.mean()) if s.notna().any() else math.nan),
        n_cycles=("n_cycles", lambda s: float(s.sum()) if s.notna().all() else math.nan),
        dataset=("dataset", "first"),
    )
    return out.reset_index()


def person_side_values(rows: pd.DataFrame, *, min_cycles: int = 1) -> pd.DataFrame:
    """Per person and side, the mean over sessions of the session values (value and speed).

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy rows of one feature (:data:`TIDY_COLUMNS`).
    min_cycles : int
        Person-side-sessions with fewer known cycles are dropped.

    Returns
    -------
    pandas.DataFrame
        Columns subject, side, value, gait_speed_mps, n_sessions.
    """
    sessions = _session_values(rows, min_cycles)
    if sessions.empty:
        return pd.DataFrame(columns=["subject", "side", "value", "gait_speed_mps", "n_sessions"])
    out = sessions.groupby(["subject", "side"], sort=True).agg(
        value=("value", "mean"),
        gait_speed_mps=("gait_speed_mps", lambda s: float(s.mean()) if s.notna().any() else math.nan),
        n_sessions=("session", "nunique"),
    )
    return out.reset_index()


@dataclass(frozen=True)
class _Fit:
    """Internals of a fitted feature (kept for the correlations)."""

    mean: float
    sd: float
    slope: float | None
    reference_speed: float | None
    min_speed: float | None
    max_speed: float | None

    def norm(self, speed: np.ndarray) -> np.ndarray:
        if self.slope is None:
            return np.full(np.shape(speed), self.mean)
        clamped = np.clip(np.asarray(speed, dtype=float), self.min_speed, self.max_speed)
        return self.mean + self.slope * (clamped - self.reference_speed)


def _speed_fit(x: np.ndarray, y: np.ndarray) -> dict:
    """OLS of y on x: slope, intercept at mean x, r², residual SD (ddof 2), slope SE."""
    n = len(x)
    xm, ym = float(x.mean()), float(y.mean())
    sxx = float(((x - xm) ** 2).sum())
    sxy = float(((x - xm) * (y - ym)).sum())
    syy = float(((y - ym) ** 2).sum())
    slope = sxy / sxx
    ss_res = float(((y - ym - slope * (x - xm)) ** 2).sum())
    r2 = 1.0 - ss_res / syy if syy > 0 else 0.0
    residual_sd = math.sqrt(ss_res / (n - 2))
    return {
        "n": n,
        "slope": slope,
        "mean_value": ym,
        "reference_speed": xm,
        "r_squared": r2,
        "residual_sd": residual_sd,
        "slope_se": residual_sd / math.sqrt(sxx),
        "min_speed": float(x.min()),
        "max_speed": float(x.max()),
    }


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def fit_feature_norm(
    rows: pd.DataFrame,
    spec: FeatureSpec,
    *,
    provenance: Mapping | None = None,
    min_cycles: int = 1,
    min_subjects_speed: int = 8,
    alpha: float = 0.05,
    digits: int = 6,
    _return_fit: bool = False,
):
    """Norm entry of one feature (one item of the schema's ``features``).

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy rows (:data:`TIDY_COLUMNS`); those of ``spec.source`` and ``spec.name`` are used.
    spec : FeatureSpec
        Direction, weight, unit and whether to try a speed adjustment.
    provenance : mapping, optional
        ``datasets`` (default: the datasets of the rows), ``subjects``, ``synthetic`` (default
        False), ``notes`` (the spec's note is prepended), ``method`` (text put before the generated
        description of the statistics).
    min_cycles : int
        Person-side-sessions with fewer known cycles are not used.
    min_subjects_speed : int
        Fewest people for a speed adjustment.
    alpha : float
        The adjustment is adopted when the slope's two-sided (1 - alpha) confidence interval excludes 0.
    digits : int
        Significant digits of the numbers written.

    Returns
    -------
    dict
        The feature entry: mean and sd in the feature's unit (sd = residual SD when speed-adjusted),
        ``speed_adjustment`` (slope per m/s, reference/min/max speed in m/s, r²) or None,
        ``asymmetry_sd`` (left − right), ``session_sd`` or None, counts and provenance.

    Raises
    ------
    ValueError
        Fewer than two people, or no person with both sides (no asymmetry SD), or a zero SD.
    """
    provenance = dict(provenance or {})
    mine = rows[(rows["source"] == spec.source) & (rows["feature"] == spec.name)]
    sessions = _session_values(mine, min_cycles)
    sides = person_side_values(mine, min_cycles=min_cycles)
    if sides.empty:
        raise ValueError(f"{spec.source}/{spec.name}: no values")
    wide = sides.pivot(index="subject", columns="side", values="value").reindex(columns=list(SIDES))
    person = wide.mean(axis=1, skipna=True)  # mean of left and right, or the one side
    speed = sides.groupby("subject")["gait_speed_mps"].mean().reindex(person.index)
    values = person.to_numpy(dtype=float)
    n_subjects = len(values)
    if n_subjects < 2:
        raise ValueError(f"{spec.source}/{spec.name}: need at least 2 people, got {n_subjects}")
    mean = float(values.mean())
    sd = float(values.std(ddof=1))

    both = wide.dropna()
    if len(both) < 2:
        raise ValueError(f"{spec.source}/{spec.name}: need at least 2 people with both sides, got {len(both)}")
    asymmetry_sd = float((both["left"] - both["right"]).std(ddof=1))

    # Within-person SD between sessions, from person-sides with >= 2 sessions.
    session_sd = None
    n_repeat_people = 0
    ss, dof = 0.0, 0
    for (_, _), group in sessions.groupby(["subject", "side"]):
        if len(group) >= 2:
            v = group["value"].to_numpy(dtype=float)
            ss += float(((v - v.mean()) ** 2).sum())
            dof += len(v) - 1
    if dof > 0:
        n_repeat_people = int(sessions.groupby("subject")["session"].nunique().ge(2).sum())
        session_sd = math.sqrt(ss / dof)
        if session_sd == 0:
            session_sd = None

    speed_adjustment = None
    fit = _Fit(mean, sd, None, None, None, None)
    speed_text = ""
    if spec.speed_adjusted:
        known = np.isfinite(speed.to_numpy(dtype=float))
        x, y = speed.to_numpy(dtype=float)[known], values[known]
        if len(x) >= max(3, min_subjects_speed) and np.ptp(x) > 0:
            f = _speed_fit(x, y)
            t = student_t_quantile(1 - alpha / 2, f["n"] - 2)
            lo, hi = f["slope"] - t * f["slope_se"], f["slope"] + t * f["slope_se"]
            ci = f"slope {_fmt(f['slope'])} per m/s, {100 * (1 - alpha):g} % CI [{_fmt(lo)}, {_fmt(hi)}]"
            r2 = f"r² {_fmt(f['r_squared'])}"
            if lo > 0 or hi < 0:
                mean, sd = f["mean_value"], f["residual_sd"]
                fit = _Fit(mean, sd, f["slope"], f["reference_speed"], f["min_speed"], f["max_speed"])
                speed_adjustment = {
                    "reference_speed_mps": round_significant(f["reference_speed"], digits),
                    "slope_per_mps": round_significant(f["slope"], digits),
                    "min_speed_mps": round_significant(f["min_speed"], digits),
                    "max_speed_mps": round_significant(f["max_speed"], digits),
                    "r_squared": round_significant(f["r_squared"], digits),
                    "method": (
                        f"OLS of the {f['n']} person values on the person median gait speed "
                        f"({_fmt(f['min_speed'])}-{_fmt(f['max_speed'])} m/s): {ci} excludes 0, {r2}; adopted: "
                        "mean = fitted value at the reference speed (the mean speed of the fitted people), sd = "
                        "residual SD (ddof 2); speeds outside the fitted range are clamped to it"
                    ),
                }
                speed_text = (
                    f" Speed adjustment (rule: adopted when the slope's CI excludes 0): {speed_adjustment['method']}."
                )
            else:
                speed_text = (
                    f" Speed adjustment (rule: adopted when the slope's CI excludes 0): OLS on the person median "
                    f"gait speed of {f['n']} people, {ci} includes 0, {r2}; not adopted: plain mean and SD."
                )
        else:
            speed_text = (
                f" Speed adjustment not fitted (speed known for {len(x)} people, at least "
                f"{max(3, min_subjects_speed)} needed): plain mean and SD."
            )

    n_sessions = int(len(sessions[["subject", "session"]].drop_duplicates()))
    cycles = sessions["n_cycles"].to_numpy(dtype=float)
    method = (
        "Per person, session and side the median over the side's valid cycles; averaged over a person's "
        "sessions; one value per person = mean of left and right (the one side when only one is "
        f"measured). mean and sd (ddof 1) across the {n_subjects} people unless speed-adjusted.{speed_text} "
        "asymmetry_sd: SD "
        f"(ddof 1) of left - right over the {len(both)} people with both sides. "
    )
    if session_sd is not None:
        method += (
            f"session_sd: within-person SD between sessions, pooled over the person-sides of the "
            f"{n_repeat_people} people with two or more sessions (variance of each person-side's session "
            "values, weighted by its degrees of freedom)."
        )
    else:
        method += "session_sd: unknown (no person with repeated sessions)."
    # What a side of one session is judged against: the between-person spread of person values plus a
    # side's own deviation from its person's mean (half the left - right difference) plus the change
    # between sessions. The person-averaged SD alone is too narrow for one side of one session.
    between_sd = sd
    sd = math.sqrt(between_sd**2 + asymmetry_sd**2 / 4 + (session_sd or 0.0) ** 2)
    method += (
        f"sd = sqrt(between-person sd^2 + asymmetry_sd^2 / 4 + session_sd^2) = sqrt({_fmt(between_sd)}^2 + "
        f"{_fmt(asymmetry_sd)}^2 / 4 + {_fmt(session_sd or 0.0)}^2): the spread of one side in one session of a "
        "healthy person."
    )
    if provenance.get("method"):
        method = provenance["method"].rstrip() + " " + method
    notes = "; ".join(x for x in (spec.note, provenance.get("notes", "")) if x)
    datasets = provenance.get("datasets") or sorted(set(mine["dataset"].astype(str)))
    prov = {"datasets": list(datasets), "method": method, "synthetic": bool(provenance.get("synthetic", False))}
    if provenance.get("subjects"):
        prov["subjects"] = str(provenance["subjects"])
    if notes:
        prov["notes"] = notes

    if not sd > 0 or not asymmetry_sd > 0:
        raise ValueError(f"{spec.source}/{spec.name}: expected positive SDs, got sd={sd}, asymmetry_sd={asymmetry_sd}")
    entry = {
        "source": spec.source,
        "name": spec.name,
        "unit": spec.unit,
        "direction": int(spec.direction),
        "weight": float(spec.weight),
        "mean": round_significant(mean, digits),
        "sd": round_significant(sd, digits),
        "speed_adjustment": speed_adjustment,
        "asymmetry_sd": round_significant(asymmetry_sd, digits),
        "session_sd": None if session_sd is None else round_significant(session_sd, digits),
        "n_subjects": int(n_subjects),
        "n_sessions": n_sessions,
        "provenance": prov,
    }
    if len(cycles) and np.isfinite(cycles).all():
        entry["n_cycles"] = int(cycles.sum())
    if _return_fit:
        return entry, fit
    return entry


def fit_correlations(
    rows: pd.DataFrame,
    specs: Sequence[FeatureSpec],
    fits: Mapping[tuple[str, str], _Fit],
    *,
    min_cycles: int = 1,
    min_subjects: int = 8,
    digits: int = 6,
) -> list[dict]:
    """Correlation matrices of the scored features of each source (schema ``correlations``).

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy rows.
    specs : sequence of FeatureSpec
        Features; those with weight > 0 are correlated, per source, in the given order.
    fits : mapping
        (source, name) -> fitted norm (from :func:`fit_feature_norm` with ``_return_fit``).
    min_cycles : int
        As in :func:`fit_feature_norm`.
    min_subjects : int
        Fewest people with every scored feature on both sides.
    digits : int
        Significant digits.

    Returns
    -------
    list of dict
        Per source with at least two scored features and enough people: kind ``score`` (Pearson
        correlation of the directed z across person-sides, both sides pooled) and kind ``asymmetry``
        (of the directed left − right z differences, one per person).
    """
    out = []
    sources = list(dict.fromkeys(s.source for s in specs))
    for source in sources:
        scored = [s for s in specs if s.source == source and s.weight > 0 and (s.source, s.name) in fits]
        if len(scored) < 2:
            continue
        z = {}
        for s in scored:
            mine = rows[(rows["source"] == source) & (rows["feature"] == s.name)]
            sides = person_side_values(mine, min_cycles=min_cycles)
            fit = fits[(s.source, s.name)]
            speeds = sides["gait_speed_mps"].to_numpy(dtype=float)
            if fit.slope is not None:
                speeds = np.where(np.isfinite(speeds), speeds, fit.reference_speed)
            zz = s.direction * (sides["value"].to_numpy(dtype=float) - fit.norm(speeds)) / fit.sd
            z[s.name] = pd.Series(zz, index=pd.MultiIndex.from_frame(sides[["subject", "side"]]))
        table = pd.DataFrame(z).dropna()
        complete = table.groupby(level="subject").size()
        people = complete[complete == 2].index
        if len(people) < min_subjects:
            continue
        table = table[table.index.get_level_values("subject").isin(people)]
        names = [s.name for s in scored]
        left = table.xs("left", level="side")[names]
        right = table.xs("right", level="side").reindex(left.index)[names]
        for kind, data in (("score", table[names]), ("asymmetry", left - right)):
            values = data.to_numpy(dtype=float)
            if not (values.std(axis=0) > 0).all():
                continue  # a constant column has no correlation
            matrix = np.corrcoef(values, rowvar=False)
            m = np.clip(matrix, -1.0, 1.0)
            out.append(
                {
                    "source": source,
                    "kind": kind,
                    "features": names,
                    "matrix": [[round_significant(float(v), digits) for v in row] for row in m],
                }
            )
    return out


def fit_norms(
    table: pd.DataFrame,
    spec: Iterable[FeatureSpec] = FEATURE_SPECS,
    *,
    provenance: Mapping | None = None,
    rule: Mapping | None = None,
    version: str = "0.0.0",
    created: str | None = None,
    generator: str = "secondheart.norms.fit_norms",
    description: str | None = None,
    min_cycles: int = 1,
    min_subjects_speed: int = 8,
    min_subjects_correlation: int = 8,
    correlations: bool = True,
    correlate_synthetic: bool = False,
    digits: int = 6,
) -> dict:
    """The norms document (``schemas/norms.schema.json``) fitted on a tidy table.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy rows (:data:`TIDY_COLUMNS`) of any sources.
    spec : iterable of FeatureSpec
        Features to fit; those without rows in ``table`` are skipped.
    provenance : mapping, optional
        Per source (``"foot_imu"``) or per feature (``("foot_imu", "toe_off_angle_deg")``, which wins):
        the provenance fields of :func:`fit_feature_norm`.
    rule : mapping, optional
        The rule block (default :data:`DEFAULT_RULE`).
    version, created, generator, description : str
        Header fields; ``created`` defaults to today's date (ISO).
    min_cycles, min_subjects_speed, digits
        As in :func:`fit_feature_norm`.
    min_subjects_correlation : int
        As ``min_subjects`` of :func:`fit_correlations`.
    correlations : bool
        Fit the correlation matrices.
    correlate_synthetic : bool
        Also for sources whose provenance is synthetic (default no: a model's correlations say
        nothing about people, and a deterministic walker's can be 1, which makes the matrix
        singular; the assessment then uses ``rule.default_correlation``).

    Returns
    -------
    dict
        ``schema``, ``schema_version``, ``version``, ``created``, ``generator``, ``rule``,
        ``features`` (in spec order) and, when any, ``correlations``.
    """

    provenance = dict(provenance or {})
    specs = list(spec)
    features, fits = [], {}
    for s in specs:
        mine = table[(table["source"] == s.source) & (table["feature"] == s.name)]
        if mine.empty:
            continue
        prov = dict(provenance.get(s.source, {}))
        prov.update(provenance.get((s.source, s.name), {}))
        entry, fit = fit_feature_norm(
            table, s, provenance=prov, min_cycles=min_cycles, min_subjects_speed=min_subjects_speed,
            digits=digits, _return_fit=True,
        )
        features.append(entry)
        fits[(s.source, s.name)] = fit
    if not features:
        raise ValueError("fit_norms: no feature of the spec has rows in the table")
    doc = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "version": version,
        "created": created or datetime.date.today().isoformat(),
        "generator": generator,
    }
    if description:
        doc["description"] = description
    doc["rule"] = dict(DEFAULT_RULE if rule is None else rule)
    doc["features"] = features
    if correlations:
        synthetic = {s.source for s in specs if dict(provenance.get(s.source, {})).get("synthetic", False)}
        corr_specs = [s for s in specs if correlate_synthetic or s.source not in synthetic]
        corr = fit_correlations(table, corr_specs, fits, min_cycles=min_cycles, min_subjects=min_subjects_correlation,
                                digits=digits)
        if corr:
            doc["correlations"] = corr
    return doc


def fit_gaitrec_norms(
    df: pd.DataFrame,
    *,
    rule: Mapping | None = None,
    classes: Sequence[str] | None = ("HC",),
    speeds: Sequence[int] | None = (2,),
    **options,
) -> dict:
    """Force-plate norms from GaitRec rows (e.g. the training fold of a cross-validation).

    Parameters
    ----------
    df : pandas.DataFrame
        GaitRec per-session rows (see :func:`gaitrec_tidy`); rows of other classes or speeds are
        ignored unless ``classes``/``speeds`` say otherwise.
    rule : mapping, optional
        Rule block (default :data:`DEFAULT_RULE`).
    classes, speeds
        Passed to :func:`gaitrec_tidy`.
    **options
        Passed to :func:`fit_norms` (``version``, ``created``, ``min_subjects_correlation``, ...).

    Returns
    -------
    dict
        A complete norms document with the force_plate features and their correlations.
    """
    tidy = gaitrec_tidy(df, classes=classes, speeds=speeds)
    return fit_norms(
        tidy,
        specs_for("force_plate"),
        provenance={"force_plate": GAITREC_PROVENANCE},
        rule=rule,
        **options,
    )

