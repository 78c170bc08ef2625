#!/usr/bin/env bash
# Runs every fuzz harness (or those in $FUZZ_HARNESSES) for SECONDS each and prints, per harness,
# executions, executions per second, coverage and the verdict. Used by `make fuzz` and `make fuzz-smoke`
# (docs/hardening.md).
#   fuzz/run.sh BINARY SECONDS WORKDIR
# New inputs go to WORKDIR/corpus/<harness> (fuzz/corpus/<harness> holds the seeds and is only read);
# a crash, sanitizer report, leak, timeout or out-of-memory leaves its input in WORKDIR/findings/<harness>/.
# Reproduce one: SECONDHEART_FUZZ_HARNESS=<harness> BINARY WORKDIR/findings/<harness>/crash-...
set -euo pipefail
binary=$1 seconds=$2 workdir=$3
seeds=$(cd "$(dirname "$0")" && pwd)/corpus
harnesses=${FUZZ_HARNESSES:-$(SECONDHEART_FUZZ_HARNESS=list "$binary")}

max_len() { # readers: small text files; pipelines and norms: a few seconds of samples / a norms file
  case $1 in
    foot_imu | ankle | insole | analyze | norms) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

failed=()
printf '%-16s %12s %9s %8s %8s %8s  %s\n' harness executions exec/s cov ft corpus result
for h in $harnesses; do
  mkdir -p "$workdir/corpus/$h" "$workdir/findings/$h"
  log="$workdir/$h.log"
  status=0
  SECONDHEART_FUZZ_HARNESS=$h "$binary" "$workdir/corpus/$h" "$seeds/$h" \
    -max_total_time="$seconds" -max_len="$(max_len "$h")" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$workdir/findings/$h/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result="FINDING (exit $status): $(grep -m1 -E 'ERROR|fuzz finding|runtime error|Test unit written' "$log" || echo "see $log")"
    failed+=("$h")
  fi
  printf '%-16s %12s %9s %8s %8s %8s  %s\n' "$h" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}: inputs in $workdir/findings/<harness>/, logs in $workdir/<harness>.log"
  exit 1
fi
