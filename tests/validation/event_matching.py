"""One-to-one event scoring, shared by every event validation (gaitmap mocap, Voisard hand labels,
MovingReality shank vs foot, insoles).

Each reference event is matched to at most one detection and each detection to at most one
reference, greedily by distance: all (reference, detection) pairs within the tolerance are sorted by
absolute distance (ties: earlier reference, then earlier detection) and accepted when both are still
free. Unmatched references are misses (false negatives), unmatched detections are false positives.
Only events inside the scored region count (``region(x) -> bool``, e.g. the walk without its U-turn,
or the span a reference covers), so that detections where the reference says nothing are neither hits
nor false positives: the matching uses every event, then a pair counts when its reference lies in the
region, and an unmatched event counts (miss or false positive) when it lies in the region.

recall = matched / references, precision = matched / detections (both in the region).
Errors are signed: detection − reference, in the unit of the inputs (samples unless converted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np


@dataclass
class EventScore:
    matched: int = 0
    references: int = 0
    detections: int = 0
    errors: list[float] = field(default_factory=list)  # detection − reference, one per match
    pairs: list[tuple[float, float]] = field(default_factory=list)  # (reference, detection)

    @property
    def missed(self) -> int:
        return self.references - self.matched

    @property
    def false_positives(self) -> int:
        return self.detections - self.matched

    @property
    def recall(self) -> float:
        return self.matched / self.references if self.references else float("nan")

    @property
    def precision(self) -> float:
        return self.matched / self.detections if self.detections else float("nan")

    def __add__(self, other: "EventScore") -> "EventScore":
        return EventScore(
            self.matched + other.matched,
            self.references + other.references,
            self.detections + other.detections,
            self.errors + other.errors,
            self.pairs + other.pairs,
        )

    def describe(self, scale: float = 1.0, unit: str = "") -> str:
        """'n=.. recall ..% precision ..% | bias (median signed) .. | median |e| .. | MAE ..' with errors × scale."""
        e = np.asarray(self.errors, dtype=float) * scale
        if len(e):
            stats = (
                f"signed median {np.median(e):+.1f} {unit}, mean {np.mean(e):+.1f} {unit}; "
                f"median |e| {np.median(np.abs(e)):.1f} {unit}, mean |e| {np.mean(np.abs(e)):.1f} {unit}"
            )
        else:
            stats = "no matches"
        return (
            f"{self.matched}/{self.references} references matched, {self.false_positives} false positives: "
            f"recall {100 * self.recall:.1f} %, precision {100 * self.precision:.1f} %; {stats}"
        )


def match_events(
    reference: Iterable[float],
    detected: Iterable[float],
    tolerance: float,
    region: Callable[[float], bool] | None = None,
) -> EventScore:
    """Score ``detected`` against ``reference`` one-to-one within ``tolerance`` (inclusive).

    All events are matched (so that a detection just outside the region can still pair with a
    reference just inside it); then the region decides what counts: a pair counts when its reference
    is inside, an unmatched reference inside is a miss, an unmatched detection inside is a false
    positive. A detection inside paired with a reference outside counts nowhere."""
    inside = region or (lambda x: True)
    ref = [float(r) for r in reference]
    det = [float(d) for d in detected]
    candidates = sorted(
        (abs(d - r), i, j) for i, r in enumerate(ref) for j, d in enumerate(det) if abs(d - r) <= tolerance
    )
    ref_used, det_used = [False] * len(ref), [False] * len(det)
    pairs = []
    for _, i, j in candidates:
        if ref_used[i] or det_used[j]:
            continue
        ref_used[i] = det_used[j] = True
        if inside(ref[i]):
            pairs.append((ref[i], det[j]))
    pairs.sort()
    false_positives = sum(1 for j, d in enumerate(det) if not det_used[j] and inside(d))
    return EventScore(
        matched=len(pairs),
        references=sum(1 for r in ref if inside(r)),
        detections=len(pairs) + false_positives,
        errors=[d - r for r, d in pairs],
        pairs=pairs,
    )


def within(lo: float, hi: float) -> Callable[[float], bool]:
    """Region [lo, hi] (inclusive)."""
    return lambda x: lo <= x <= hi
