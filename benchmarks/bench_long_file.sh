#!/usr/bin/env bash
# Peak memory of a day-long file, file on disk -> summary (issue 17, item 2; docs/long_files.md).
# Run by hand after `cmake --build build/cpp --target long_file_rss`:
#   benchmarks/bench_long_file.sh [BUILD_DIR=build/cpp] [DIR=/tmp/secondheart_long] [HOURS=24] [RATE_HZ=100]
# Writes the synthetic day once (two foot IMUs, MovingReality-style CSV), then measures the block-and-stream
# path (C++, and `secondheart analyze --stream` when a venv is there) and the whole-file path, each in
# its own process (peak RSS = VmHWM, or /usr/bin/time's maximum resident set size).
set -euo pipefail
BUILD=${1:-build/cpp}
DIR=${2:-/tmp/secondheart_long}
HOURS=${3:-24}
RATE=${4:-100}
EXE="$BUILD/benchmarks/long_file_rss"
mkdir -p "$DIR"
FILE="$DIR/day_${HOURS}h_${RATE}hz.csv"
[[ -s "$FILE" ]] || "$EXE" write "$FILE" "$HOURS" "$RATE"
ls -l "$FILE"
"$EXE" stream "$FILE" 4096
"$EXE" whole "$FILE"
if [[ -x .venv/bin/secondheart && -x /usr/bin/time ]]; then
  /usr/bin/time -f "python secondheart analyze --stream: %e s, peak RSS %M kB" .venv/bin/secondheart analyze --stream "$FILE" > /dev/null
fi
