"""The one-to-one event matcher of the validation tests, on hand-made cases whose counts are worked out
by hand in the comments (no data needed)."""

from __future__ import annotations

import pytest

from event_matching import EventScore, match_events, within


def test_hand_made_case_recall_and_precision():
    # reference 100 200 300 400; detections 95 104 210 390 520; tolerance 10 (inclusive).
    # Candidate pairs within 10: (100,104) d4, (100,95) d5, (200,210) d10, (400,390) d10.
    # Greedy by distance: (100,104) taken; (100,95) refused (100 already used); (200,210) and
    # (400,390) taken. 300 has no detection within 10 -> 1 miss; 95 and 520 are unmatched -> 2 FP.
    # recall = 3/4 = 75 %, precision = 3/5 = 60 %; signed errors +4, +10, -10.
    s = match_events([100, 200, 300, 400], [95, 104, 210, 390, 520], tolerance=10)
    assert (s.matched, s.references, s.detections) == (3, 4, 5)
    assert (s.missed, s.false_positives) == (1, 2)
    assert s.recall == pytest.approx(0.75)
    assert s.precision == pytest.approx(0.60)
    assert s.errors == [4.0, 10.0, -10.0]
    assert s.pairs == [(100.0, 104.0), (200.0, 210.0), (400.0, 390.0)]


def test_one_detection_cannot_serve_two_references():
    # Two references 10 apart, one detection between them. Nearest-detection scoring (the old one)
    # counted both references as found (recall 100 %); one-to-one gives 1 match: recall 1/2, precision 1/1.
    s = match_events([100, 110], [105], tolerance=10)
    assert s.recall == pytest.approx(0.5)
    assert s.precision == pytest.approx(1.0)
    # Equal distances: the earlier reference wins.
    assert s.pairs == [(100.0, 105.0)]


def test_two_detections_of_one_event_make_a_false_positive():
    # A doubled detection (96 and 102 for the event at 100): 102 is nearer (2 < 4) and matches, 96 is
    # a false positive; 201 matches 200. recall 2/2, precision 2/3; errors +2, +1.
    s = match_events([100, 200], [96, 102, 201], tolerance=5)
    assert (s.matched, s.false_positives, s.missed) == (2, 1, 0)
    assert s.recall == pytest.approx(1.0)
    assert s.precision == pytest.approx(2 / 3)
    assert s.errors == [2.0, 1.0]


def test_region_counts_pairs_by_their_reference_and_unmatched_events_where_they_lie():
    # Region [50, 250], tolerance 5; the matching uses every event, in or out of the region.
    # Pairs within 5, greedy by distance: (200,199) d1, (48,51) d3, (248,253) d5; 100 has none.
    # Counting: (200,199) reference inside -> counts; (248,253) reference inside, detection outside ->
    # counts; (48,51) reference outside -> counts nowhere (51 lies inside but is matched, so it is not a
    # false positive). Unmatched: reference 100 inside -> miss; detection 60 inside -> FP; 310 outside.
    # references in region 100, 200, 248 = 3; matched 2; detections 2 + 1 FP = 3.
    # recall 2/3, precision 2/3; errors -1, +5.
    s = match_events([48, 100, 200, 248], [51, 60, 199, 253, 310], tolerance=5, region=within(50, 250))
    assert s.pairs == [(200.0, 199.0), (248.0, 253.0)]
    assert (s.matched, s.references, s.detections) == (2, 3, 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.precision == pytest.approx(2 / 3)
    assert s.errors == [-1.0, 5.0]
    total = s + match_events([10], [12], tolerance=5)
    assert (total.matched, total.references, total.detections) == (3, 4, 4)
    assert total.recall == pytest.approx(3 / 4)
    assert total.errors == [-1.0, 5.0, 2.0]


def test_empty_inputs():
    s = match_events([], [1, 2], tolerance=5)
    assert s.false_positives == 2 and s.precision == 0.0
    assert EventScore().recall != EventScore().recall  # NaN: nothing to recall
