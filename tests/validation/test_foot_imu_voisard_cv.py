"""Leave-one-subject-out cross-validation of the foot event detector's data-chosen turn and pivot
thresholds on the Voisard development subjects 1-12 (AGPL-3.0: read at test time, never copied).

The four thresholds of ``FootEventParams`` that were chosen on these subjects (issue 20, item 4;
issue 21, item 3): ``pivot_motion_fraction`` (pivot steps: motion peak as a fraction of the median
mid-swing motion; 0 = no pivot rule), ``turn_impact_ratio`` (a turning swing's IC moves to a larger
impact nearby; 0 = no turn rule), ``turn_heading_deg`` (how much heading change makes a swing a
turning one) and ``impact_onset_fraction`` (turning and pivot ICs at the start of their impact, where
the averaged jerk is still this fraction of its peak; 0 = at the peak). For each
fold, the grid point with the fewest misses + false positives (IC and FC, whole walk with the U-turn,
one-to-one within 100 ms, ``event_matching``) on the other 11 subjects is chosen and scored on the
left-out subject. Ties (many grid points make the same number of errors) are broken on the training
subjects too: the smaller summed |timing error| of the matched events, then the grid order. They are
not broken towards the library defaults: the defaults were chosen on all 12 subjects, so preferring
them lets the left-out subject vote (printed for comparison; before the impact-onset rule that
tie-break gave IC 98.2 / 97.6 % against 98.1 / 97.5 % for this one).
The pooled held-out figures are what an unseen subject of the same study should expect from
thresholds chosen this way; they are asserted at the measured value − 0.5 points and printed per
fold next to the in-sample figures. Each fold also counts its held-out errors (misses + false
positives) inside the U-turn (``UTurnBoundaries`` ± 0.5 s) and outside it.

Issue 21 (item 3) asks for ≥ 98 % IC and FC recall and precision held out. FC reaches it (98.7 /
98.2 %), IC recall does (98.4 %) but IC precision does not (97.8 %):
``test_issue_21_goal_of_98_percent`` records that as an expected failure. Most IC errors are U-turn pivots whose hand labels follow no single mechanical definition
(docs/foot_events.md: the candidate definitions tried and what each gains and loses).
"""

from __future__ import annotations

import itertools

import pytest

from secondheart import _core

from event_matching import EventScore, match_events, within
from test_foot_imu_voisard import FS, TOLERANCE_S, feet

GRID = {
    "pivot_motion_fraction": (0.0, 0.3, 0.5, 0.7),
    "turn_impact_ratio": (0.0, 0.3, 0.5, 0.7),
    "turn_heading_deg": (10.0, 20.0, 30.0),
    "impact_onset_fraction": (0.0, 0.5, 0.7),
}
DEFAULT = (0.5, 0.5, 20.0, 0.7)
EVENTS = ("IC", "FC")
# Measured 2026-12-03, pooled over the 12 held-out subjects (whole walk): recall / precision in %.
CV_CLAIM = {"IC": (98.4, 97.8), "FC": (98.7, 98.2)}
GOAL = 98.0  # issue 21, item 3: held-out recall and precision of IC and FC


@pytest.fixture(scope="module")
def recordings(dataset):
    return [(int(code.split("-")[0]), recording, meta, key)
            for code, _, recording, meta, key in feet(dataset("voisard_healthy_imu"))]


def _uturn(meta):
    lo, hi = meta["TrialBoundaries"]
    u0, u1 = meta["UTurnBoundaries"]
    margin = 0.5 * FS
    return lambda x: lo <= x <= hi and u0 - margin <= x <= u1 + margin


@pytest.fixture(scope="module")
def scores(recordings):
    """{config: {subject: {"IC", "FC", "IC uturn", "FC uturn": EventScore}}} over the grid: the whole
    walk, and its U-turn part (the same matching, counted inside the U-turn only)."""
    table = {}
    for config in itertools.product(*GRID.values()):
        params = _core.FootImuPipelineParams()
        for name, value in zip(GRID, config):
            setattr(params.events, name, value)
        per_subject: dict[int, dict[str, EventScore]] = {}
        for subject, rec, meta, key in recordings:
            events = _core.analyze_foot_imu(rec, params).events.events
            swings = meta[key]
            row = per_subject.setdefault(subject, {k: EventScore() for k in ("IC", "FC", "IC uturn", "FC uturn")})
            for event, ref, det in (("IC", [s[1] for s in swings], events.ic), ("FC", [s[0] for s in swings], events.fc)):
                row[event] += match_events(ref, det, TOLERANCE_S * FS, region=within(*meta["TrialBoundaries"]))
                row[f"{event} uturn"] += match_events(ref, det, TOLERANCE_S * FS, region=_uturn(meta))
        table[config] = per_subject
    return table


def _errors(rows, suffix: str = "") -> int:
    return sum(r[e + suffix].missed + r[e + suffix].false_positives for r in rows for e in EVENTS)


def _timing(rows) -> float:
    return sum(abs(x) for r in rows for e in EVENTS for x in r[e].errors)


def _cross_validate(scores, tie_break):
    """Per fold: (left-out subject, chosen config, its held-out row); the choice uses the other subjects only."""
    subjects = sorted(next(iter(scores.values())))
    folds = []
    for left_out in subjects:
        train = [s for s in subjects if s != left_out]
        best = min(scores, key=lambda c: (_errors([scores[c][s] for s in train]), tie_break(c, train), c))
        folds.append((left_out, best, scores[best][left_out]))
    return folds


def _pooled(rows) -> dict[str, EventScore]:
    return {e: sum((r[e] for r in rows), EventScore()) for e in EVENTS}


@pytest.fixture(scope="module")
def held_out(scores):
    folds = _cross_validate(scores, lambda c, train: _timing([scores[c][s] for s in train]))
    return folds, _pooled([row for _, _, row in folds])


def test_leave_one_subject_out_turn_and_pivot_thresholds(scores, held_out):
    folds, pooled = held_out
    subjects = [s for s, _, _ in folds]
    print("\nfold | chosen (pivot, turn impact, turn heading, impact onset) | held-out IC recall/precision"
          " | FC recall/precision"
          " | errors in U-turn / elsewhere")
    for left_out, best, test in folds:
        uturn = _errors([test], " uturn")
        print(
            f"{left_out:4d} | {best!s:54s} | {100 * test['IC'].recall:6.1f} / {100 * test['IC'].precision:5.1f}"
            f"              | {100 * test['FC'].recall:6.1f} / {100 * test['FC'].precision:5.1f}"
            f"      | {uturn:2d} / {_errors([test]) - uturn:2d}"
        )
    print(f"default {DEFAULT} chosen in {sum(best == DEFAULT for _, best, _ in folds)} of {len(folds)} folds")
    in_sample = _pooled([scores[DEFAULT][s] for s in subjects])
    leaky = _pooled([row for _, _, row in _cross_validate(scores, lambda c, train: c != DEFAULT)])
    off = _pooled([scores[(0.0, 0.0, 20.0, 0.7)][s] for s in subjects])
    # The same choice on all 12 subjects (what the defaults would be if they were chosen this way).
    everyone = min(scores, key=lambda c: (_errors([scores[c][s] for s in subjects]),
                                          _timing([scores[c][s] for s in subjects]), c))
    chosen_all = _pooled([scores[everyone][s] for s in subjects])
    print(f"chosen on all 12: {everyone}; in sample IC {100 * chosen_all['IC'].recall:.1f} / "
          f"{100 * chosen_all['IC'].precision:.1f} %, FC {100 * chosen_all['FC'].recall:.1f} / "
          f"{100 * chosen_all['FC'].precision:.1f} %")
    held_uturn = _errors([row for _, _, row in folds], " uturn")
    print(f"held-out errors (misses + false positives, IC and FC): {held_uturn} in the U-turn, "
          f"{_errors([row for _, _, row in folds]) - held_uturn} elsewhere")
    for e in EVENTS:
        print(f"{e} held out (pooled): {pooled[e].describe(1000.0 / FS, 'ms')}")
        print(f"{e} in sample (defaults, all 12): {in_sample[e].describe(1000.0 / FS, 'ms')}")
        print(f"{e} held out, ties broken towards the defaults (leaks): recall {100 * leaky[e].recall:.1f} %, "
              f"precision {100 * leaky[e].precision:.1f} %")
        # Without the pivot and turn rules (both 0), for reference: what the rules gain in sample.
        print(f"{e} without pivot and turn rules (all 12): recall {100 * off[e].recall:.1f} %, "
              f"precision {100 * off[e].precision:.1f} %")
        recall, precision = CV_CLAIM[e]
        assert 100 * pooled[e].recall >= recall - 0.5
        assert 100 * pooled[e].precision >= precision - 0.5


@pytest.mark.xfail(strict=True, reason="issue 21 item 3 not reached: held-out IC recall / precision 98.4 / 97.8 % "
                   "(FC 98.7 / 98.2 %); U-turn pivot labels follow no single mechanical definition")
def test_issue_21_goal_of_98_percent(held_out):
    _, pooled = held_out
    for e in EVENTS:
        assert 100 * pooled[e].recall >= GOAL and 100 * pooled[e].precision >= GOAL, e
