#!/usr/bin/env bash
# Speed comparison, issue 5: secondheart's foot-IMU pipeline vs gaitmap's standard pipeline on the
# same synthetic hour (two feet, 100 Hz), in the same run, one thread each. See README.md here.
#
#   benchmarks/compare_gaitmap/run.sh            (or: make bench-gaitmap)
#
# Environment (all optional):
#   SECONDHEART_PYTHON  interpreter with secondheart importable; default: `make venv`, then .venv/bin/python
#   GAITMAP_VENV        venv for gaitmap; default build/compare_gaitmap/venv (made here when missing)
#   REPEATS_SECONDHEART timed repeats after one warm-up (default 7)
#   REPEATS_GAITMAP     timed repeats after one warm-up (default 3: one hour takes about a minute)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/build/compare_gaitmap"
mkdir -p "$out"

# One thread for every numeric library of both tools.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1

# secondheart: the project's venv (make venv reinstalls the package only when a source changed).
if [[ -z "${SECONDHEART_PYTHON:-}" ]]; then
  make -C "$repo" venv
  SECONDHEART_PYTHON="$repo/.venv/bin/python"
fi
"$SECONDHEART_PYTHON" -c "import secondheart" || { echo "error: $SECONDHEART_PYTHON cannot import secondheart" >&2; exit 1; }

# gaitmap: its own venv from PyPI, never mixed with secondheart's.
gaitmap_venv="${GAITMAP_VENV:-$out/venv}"
if ! "$gaitmap_venv/bin/python" -c "import gaitmap, gaitmap_mad" 2>/dev/null; then
  echo "== creating the gaitmap venv in $gaitmap_venv"
  python3 -m venv "$gaitmap_venv"
  "$gaitmap_venv/bin/python" -m pip install -q --upgrade pip
  "$gaitmap_venv/bin/python" -m pip install -q gaitmap gaitmap-mad
fi

echo "== exporting the hour"
"$SECONDHEART_PYTHON" "$here/export_hour.py" "$out/hour.npz"

echo "== secondheart"
"$SECONDHEART_PYTHON" "$here/run_secondheart.py" "$out/hour.npz" --repeats "${REPEATS_SECONDHEART:-7}" \
  > "$out/secondheart.json"
echo "== gaitmap (about a minute per repeat)"
"$gaitmap_venv/bin/python" "$here/run_gaitmap.py" "$out/hour.npz" --repeats "${REPEATS_GAITMAP:-3}" \
  > "$out/gaitmap.json"

# Table, ratio and result.json (with the secondheart venv's Python: it has numpy for the truth).
"$SECONDHEART_PYTHON" - "$out" <<'PY'
import json, os, platform, sys, time
from pathlib import Path

import numpy as np

out = Path(sys.argv[1])
sh = json.loads((out / "secondheart.json").read_text())
gm = json.loads((out / "gaitmap.json").read_text())
with np.load(out / "hour.npz") as data:
    truth = {"strides": int(data["truth_strides"]), "mean_stride_length_m": float(data["truth_mean_stride_length_m"])}

print(f"\n1 h, two feet at 100 Hz (synthetic; truth {truth['strides']} strides, "
      f"mean stride length {truth['mean_stride_length_m']:.3f} m), one thread, best of N after a warm-up\n")
print(f"{'tool':<12} {'version':<8} {'wall s':>8} {'CPU s':>8} {'strides':>8} {'median stride m':>16}")
for r in (sh, gm):
    print(f"{r['tool']:<12} {r['version']:<8} {r['seconds']:8.3f} {r['cpu_seconds']:8.3f} {r['strides']:8d} "
          f"{r['median_stride_length_m']:16.3f}")
ratio = gm["seconds"] / sh["seconds"]
cpu_ratio = gm["cpu_seconds"] / sh["cpu_seconds"]
print(f"\nratio gaitmap / secondheart: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU")

result = {
    "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "machine": {"platform": platform.platform(), "processor": platform.processor(), "cpus": os.cpu_count(),
                "loadavg_1_5_15": list(os.getloadavg())},
    "data": {"hours": sh["hours_of_data"], "sampling_rate_hz": 100.0, "feet": 2, "truth": truth},
    "ratio_wall": ratio,
    "ratio_cpu": cpu_ratio,
    "secondheart": sh,
    "gaitmap": gm,
}
(out / "result.json").write_text(json.dumps(result, indent=2) + "\n")
print(f"written {out / 'result.json'}")
PY
