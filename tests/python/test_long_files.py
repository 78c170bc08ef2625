"""A long file analysed in blocks (issue 17, item 2): ``analyze_file_streaming`` and
``secondheart analyze --stream`` give the strides of the foot streams, whatever the block size, close
to the batch analysis of the same file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core, cli


@pytest.fixture(scope="module")
def walk_file(tmp_path_factory):
    """60 s of synthetic walking, both feet, as a MovingReality-style CSV (full precision)."""
    walk = sh.synth.walk(seed=11, schedule=[("stand", 3.0), ("walk", 60.0), ("stand", 3.0)])
    feet = {r.side: r for r in walk.session.imus if r.placement == _core.Placement.FOOT}
    n = len(feet[_core.Side.LEFT])
    columns = {"time_s": np.arange(n) / 100.0}
    for side, name in ((_core.Side.LEFT, "left"), (_core.Side.RIGHT, "right")):
        for k, axis in enumerate("xyz"):
            columns[f"{name}_foot_acc_{axis}_mps2"] = feet[side].acc_mps2[:, k]
        for k, axis in enumerate("xyz"):
            columns[f"{name}_foot_gyr_{axis}_dps"] = feet[side].gyr_dps[:, k]
    path = tmp_path_factory.mktemp("long") / "walk.csv"
    pd.DataFrame(columns).to_csv(path, index=False, float_format="%.17g")
    return path, n


def test_streamed_file_strides_do_not_depend_on_the_block_size_and_match_batch(walk_file):
    path, n = walk_file
    streamed = sh.analyze_file_streaming(path)
    again = sh.analyze_file_streaming(path, block_rows=1000)
    assert streamed.samples == n and streamed.missing_samples == 0 and streamed.name == "walk"
    pd.testing.assert_frame_equal(streamed.cycles, again.cycles)
    assert len(streamed.cycles) > 80  # about 50 strides per foot in 60 s
    assert set(streamed.cycles["side"]) == {"left", "right"}
    assert {"left", "right"} <= set(streamed.summary["side"])
    batch = sh.analyze(path)
    assert abs(len(streamed.cycles) - len(batch.cycles)) <= 4
    # The same strides as batch by IC (±1 sample at 100 Hz) for all but the edges.
    batch_ic = set(zip(batch.cycles["side"], np.round(batch.cycles["ic_s"] * 100).astype(int)))
    stream_ic = zip(streamed.cycles["side"], np.round(streamed.cycles["ic_s"] * 100).astype(int))
    found = sum(any((s, i + d) in batch_ic for d in (-1, 0, 1)) for s, i in stream_ic)
    assert found >= len(streamed.cycles) - 4


def test_cli_analyze_stream_prints_the_summary(walk_file, capsys):
    path, _ = walk_file
    assert cli.main(["analyze", "--stream", str(path)]) == 0
    out = capsys.readouterr().out
    assert "strides" in out and "stride_time_s" in out
