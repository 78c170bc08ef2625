"""The way in next to the analysis (issue 17, item 3): two 1 h foot recordings at 204.8 Hz held in
NumPy arrays -> ImuRecording -> Session -> analyze(). Run by hand:

    .venv/bin/python benchmarks/bench_way_in.py [--repeat 7] [--minutes 60]

It prints the median time (ms) of each step over the repeats, with the effective copy speed of the
array assignments (bytes of the arrays / time). To compare with an older build, run the same script
with that build's interpreter (e.g. /work/main/.venv/bin/python): the steps use only the API both
have (attribute assignment, ``session.imus = [...]``); ``Session(imus=...)`` and ``Session.from_arrays``
(arrays straight into the session) are timed where they exist.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import secondheart as sh
from secondheart import _core, synth


def _arrays(minutes: float, fs: float) -> list[dict]:
    """Owned float64 C-order arrays of a synthetic walk (a researcher's arrays: not views of a recording)."""
    blocks = max(1, round(minutes / 6))
    schedule = [("walk", 300.0), ("stand", 60.0)] * blocks
    walk = synth.walk(seed=17, sampling_rate_hz=fs, schedule=schedule)
    return [
        dict(side=rec.side, acc=np.array(rec.acc_mps2, order="C"), gyr=np.array(rec.gyr_dps, order="C"))
        for rec in walk.session.imus
        if rec.placement == _core.Placement.FOOT
    ]


def _recording(fs: float, side, acc: np.ndarray, gyr: np.ndarray, timings: dict) -> _core.ImuRecording:
    rec = _core.ImuRecording()
    rec.side, rec.placement, rec.sampling_rate_hz = side, _core.Placement.FOOT, fs
    t0 = time.perf_counter()
    rec.acc_mps2 = acc
    t1 = time.perf_counter()
    rec.gyr_dps = gyr
    t2 = time.perf_counter()
    timings.setdefault("assign acc_mps2", []).append(t1 - t0)
    timings.setdefault("assign gyr_dps", []).append(t2 - t1)
    return rec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--minutes", type=float, default=60.0)
    args = parser.parse_args()
    fs = 204.8
    arrays = _arrays(args.minutes, fs)
    n = len(arrays[0]["acc"])
    array_mb = arrays[0]["acc"].nbytes / 1e6
    print(f"secondheart {sh.__version__} from {sh.__file__}")
    print(f"two foot recordings of {n} samples ({n / fs / 60:.1f} min at {fs} Hz), {array_mb:.1f} MB per array")

    has_init = "imus" in (_core.Session.__init__.__doc__ or "")
    has_from_arrays = hasattr(_core.Session, "from_arrays")
    steps: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        per: dict[str, list[float]] = {}
        t0 = time.perf_counter()
        recs = [_recording(fs, a["side"], a["acc"], a["gyr"], per) for a in arrays]
        t1 = time.perf_counter()
        session = _core.Session()
        session.imus = recs
        t2 = time.perf_counter()
        del recs
        steps.setdefault("4 array assignments (total)", []).append(t1 - t0)
        for key, values in per.items():
            steps.setdefault(key + " (mean of 2)", []).append(sum(values) / len(values))
        steps.setdefault("session.imus = [left, right]", []).append(t2 - t1)
        steps.setdefault("way in: numpy -> Session (total)", []).append(t2 - t0)
        if has_from_arrays:
            t3 = time.perf_counter()
            _core.Session.from_arrays(
                imus=[dict(side=a["side"], sampling_rate_hz=fs, acc_mps2=a["acc"], gyr_dps=a["gyr"]) for a in arrays]
            )
            steps.setdefault("way in: Session.from_arrays (total)", []).append(time.perf_counter() - t3)
        if has_init:
            recs = [_recording(fs, a["side"], a["acc"], a["gyr"], {}) for a in arrays]
            t3 = time.perf_counter()
            _core.Session(imus=recs)
            steps.setdefault("Session(imus=[left, right])", []).append(time.perf_counter() - t3)
            del recs
        t4 = time.perf_counter()
        sh.analyze(session)
        steps.setdefault("analyze(session)", []).append(time.perf_counter() - t4)
        t5 = time.perf_counter()
        view = session.imus[0].acc_mps2
        float(view[-1, 2])
        steps.setdefault("read back session.imus[0].acc_mps2", []).append(time.perf_counter() - t5)

    print(f"median of {args.repeat} runs:")
    for key, values in steps.items():
        ms = statistics.median(values) * 1e3
        extra = ""
        if key.startswith("assign"):
            extra = f"   ({array_mb / 1e3 / (ms / 1e3):.1f} GB/s)"
        print(f"  {key:40s} {ms:9.2f} ms{extra}")


if __name__ == "__main__":
    main()
