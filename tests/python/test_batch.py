"""secondheart.batch() and `secondheart batch` on a real two-worker Dask LocalCluster (processes).

The batch must give exactly what a serial loop of ``secondheart.analyze`` gives (values, dtypes, row
order), with a row in ``errors`` for each file that fails, also when a worker is killed mid-batch.
The recordings are synthetic two-feet walks written here as CSV (movingreality layout) and the bundled
excerpts. One cluster serves the module; the CLI test starts its own, as a user would.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

distributed = pytest.importorskip("dask.distributed", reason="the batch extra (dask[distributed]) is not installed")
pytest.importorskip("pyarrow", reason="the batch extra (pyarrow) is not installed")

import secondheart as sh  # noqa: E402
from secondheart import cli  # noqa: E402
from secondheart.batch import LEVELS, BatchResult  # noqa: E402
from secondheart.demo import data_path  # noqa: E402

AXES = ("acc_x_mps2", "acc_y_mps2", "acc_z_mps2", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps")
BUNDLED = ["movingreality_pp07_1Reg_first45s.csv", "gaitpdb_GaCo05_01_first40s.txt"]


def write_walk_csv(path: Path, seed: int, walk_s: float) -> Path:
    """A synthetic two-feet walk (stand 3 s, walk, stand 3 s) as a movingreality CSV."""
    walk = sh.synth.walk(seed=seed, schedule=[("stand", 3.0), ("walk", walk_s), ("stand", 3.0)])
    feet = [imu for imu in walk.session.imus if imu.placement == sh.Placement.FOOT]
    fs = feet[0].sampling_rate_hz
    columns = {"time_s": np.arange(len(feet[0])) / fs}
    for imu in feet:
        side = "left" if imu.side == sh.Side.LEFT else "right"
        values = np.hstack([imu.acc_mps2, imu.gyr_dps])
        for k, axis in enumerate(AXES):
            columns[f"{side}_foot_{axis}"] = values[:, k]
    pd.DataFrame(columns).to_csv(path, index=False, float_format="%.7g")
    return path


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def walks(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("walks")
    paths = [str(write_walk_csv(folder / f"walk_{seed}.csv", seed, 20.0 + 2 * seed)) for seed in range(1, 5)]
    return paths + [str(data_path(name)) for name in BUNDLED]


def serial_loop(paths: list[str], **options) -> dict[str, pd.DataFrame]:
    """What a researcher would write: analyse each file, tag its tables, concatenate in order (empty
    tables left out, as the batch documents)."""
    parts = defaultdict(list)
    for path in paths:
        a = sh.analyze(path, **options)
        tables = {"cycles": a.cycles, "summary": a.summary, "flags": a.flags, "events": a.events,
                  "assessment": a.assessment, "assessment_features": a.assessment_features}
        if a.activity is not None:
            for name in ("bouts", "hours", "exercises", "repetitions", "postures", "day"):
                tables[f"activity_{name}"] = getattr(a.activity, name)
        for level, table in tables.items():
            parts[level].append(table.assign(recording=path)[["recording", *table.columns]])
    return {level: pd.concat([t for t in frames if len(t)] or frames[:1], ignore_index=True)
            for level, frames in parts.items()}


def assert_equal_to_serial(result: BatchResult, expected: dict[str, pd.DataFrame]) -> None:
    assert set(expected) == set(LEVELS)
    for level in LEVELS:
        pd.testing.assert_frame_equal(getattr(result, level), expected[level], check_exact=True, obj=level)


def test_batch_equals_the_serial_loop(client, walks, capsys):
    expected = serial_loop(walks)
    result = sh.batch(walks, client=client)
    assert capsys.readouterr().err == ""  # progress=True, but stderr is not a terminal: no bar
    assert_equal_to_serial(result, expected)
    assert result.errors.empty and result.n_ok == len(walks)
    assert result.recordings["recording"].tolist() == walks
    # Every recording contributed its cycles, in input order, each once.
    order = result.cycles["recording"].drop_duplicates().tolist()
    assert order == walks
    assert (result.cycles.groupby("recording", sort=False).size().to_numpy()
            == [len(sh.analyze(p).cycles) for p in walks]).all()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bad_files_give_one_error_row_each_and_the_rest_finish(client, walks, tmp_path, monkeypatch):
    unrecognised = tmp_path / "notes.txt"
    unrecognised.write_text("hello\nworld\n")
    missing = tmp_path / "missing.csv"
    paths = [walks[0], str(unrecognised), walks[1], str(missing), walks[4]]
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = sh.batch(paths, client=client)
    # the progress bar, on a terminal, ends with the counts
    assert "5/5" in terminal.getvalue() and "done=3, failed=2" in terminal.getvalue()
    assert result.errors[["index", "recording", "error_type"]].to_dict("records") == [
        {"index": 1, "recording": str(unrecognised), "error_type": "FormatError"},
        {"index": 3, "recording": str(missing), "error_type": "FileNotFoundError"},
    ]
    assert "unrecognised file" in result.errors["message"].iloc[0]
    assert result.recordings["ok"].tolist() == [True, False, True, False, True]
    assert_equal_to_serial(result, serial_loop([walks[0], walks[1], walks[4]]))


def test_parquet_files_read_back_equal_the_returned_frames(client, walks, tmp_path):
    out = tmp_path / "out"
    result = sh.batch(walks[:3] + [str(tmp_path / "missing.csv")], client=client, progress=False, out=out)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.parquet" for name in result.tables)
    back = BatchResult.read_parquet(out)
    for name, table in result.tables.items():
        pd.testing.assert_frame_equal(getattr(back, name), table, check_exact=True, obj=name)
    assert len(back.errors) == 1 and back.errors["error_type"].iloc[0] == "FileNotFoundError"


def _slow_config_factory(seconds: float, log: Path):
    """A config factory that logs each task start (pid) and takes ``seconds``: long enough tasks for a
    kill to land on one that is running. A closure, so cloudpickle ships it by value."""

    def make_config():
        with log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        time.sleep(seconds)
        return sh.Config()

    return make_config


def test_a_worker_killed_mid_batch_is_retried_and_nothing_is_lost_or_doubled(client, walks, tmp_path):
    log = tmp_path / "starts.log"
    log.touch()
    paths = walks  # 6 tasks of >= 0.8 s on 2 workers: a few seconds of batch
    pids = client.run(os.getpid)
    killed: dict = {}

    def kill_a_busy_worker():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            busy = [addr for addr, keys in client.processing().items() if keys]
            # a task has started on that worker (it logged its pid) and sleeps: kill it now
            started = set(log.read_text().split())
            busy = [addr for addr in busy if str(pids[addr]) in started]
            if busy and len(started) >= 1:
                killed["pid"], killed["at"] = pids[busy[0]], time.monotonic()
                os.kill(pids[busy[0]], signal.SIGKILL)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    result = sh.batch(paths, client=client, progress=False, config=_slow_config_factory(0.8, log))
    finished = time.monotonic()
    killer.join()
    assert killed and killed["at"] < finished, "the kill must land while the batch runs"
    starts = log.read_text().split()
    assert str(killed["pid"]) in starts
    assert len(starts) > len(paths)  # the killed worker's task ran again elsewhere
    assert result.errors.empty
    assert_equal_to_serial(result, serial_loop(paths))
    # the cluster has its two workers again (the nanny restarted the killed one)
    client.wait_for_workers(2, timeout=30)


def test_a_file_that_kills_its_worker_becomes_an_error_row(client, walks, monkeypatch):
    # Dask reruns a task whose worker died up to allowed-failures times (default 3), then gives up on it
    # with KilledWorker; 0 here keeps the test to one worker restart.
    monkeypatch.setattr(client.cluster.scheduler, "allowed_failures", 0)
    result = sh.batch(walks[:1], client=client, progress=False, config=lambda: os._exit(1))
    assert result.errors[["index", "recording", "error_type"]].to_dict("records") == [
        {"index": 0, "recording": walks[0], "error_type": "KilledWorker"}
    ]
    assert result.cycles.empty and result.n_ok == 0
    client.wait_for_workers(2, timeout=30)


def test_an_option_that_does_not_pickle_is_refused_with_the_way_out(client, walks):
    with pytest.raises(TypeError, match=r"option config=Config cannot be sent .* config=make_config"):
        sh.batch(walks[:1], client=client, progress=False, config=sh.Config())


def test_cli_batch_with_two_local_workers_writes_the_tables(walks, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("1;2;3\n4;5;6\n")
    out = tmp_path / "tables"
    paths = walks[4:] + [str(bad)]
    code = cli.main(["batch", *paths, "--out", str(out), "--workers", "2", "--no-progress", "--body-mass-kg", "70"])
    captured = capsys.readouterr()
    assert code == 0
    assert "analysed 2 of 3 recordings (1 failed)" in captured.out
    assert f"{bad}: FormatError" in captured.err
    back = BatchResult.read_parquet(out)
    assert back.cycles["recording"].drop_duplicates().tolist() == walks[4:]
    expected = serial_loop(walks[4:], subject=sh.SubjectInfo(body_mass_kg=70.0))
    pd.testing.assert_frame_equal(back.cycles, expected["cycles"], check_exact=True)
    assert back.errors["recording"].tolist() == [str(bad)]


def test_cli_batch_exits_2_when_every_file_failed(client, tmp_path, capsys):
    out = tmp_path / "tables"
    code = cli.main(["batch", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--out", str(out),
                     "--scheduler", client.scheduler.address, "--no-progress"])
    assert code == 2
    assert "analysed 0 of 2 recordings (2 failed)" in capsys.readouterr().out
    assert len(pd.read_parquet(out / "errors.parquet")) == 2


def test_import_secondheart_does_not_import_dask():
    code = "import sys, secondheart; print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_paths_give_empty_tables_without_starting_a_cluster():
    result = sh.batch([], progress=False)
    assert result.recordings.empty and result.errors.empty and result.n_ok == 0
    assert all(list(getattr(result, level).columns) == ["recording"] for level in LEVELS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"client": object(), "workers": 2}, "either client or scheduler/workers"),
     ({"scheduler": "tcp://127.0.0.1:1", "workers": 2}, "with a scheduler, start workers there"),
     ({"workers": 0}, "expected workers >= 1, got 0")],
)
def test_contradicting_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sh.batch(["a.csv"], **kwargs)
