#!/usr/bin/env bash
# The feedback API under wrk: starts `./fraud up` (broker, scoring, feedback API, online updater in
# one JVM), waits for /health, runs wrk against POST /feedback, prints each result, stops the stack.
# Every request is a new label published with acks=all (infra/bench/feedback.lua); the script fails
# if any answer was not 202. Figures and the machine they came from: docs/BENCHMARKS.md.
#
#   infra/bench/feedback-wrk.sh                      # 1 warm-up of 10 s, then 3 runs of 30 s
#   RUNS=5 DURATION=60s infra/bench/feedback-wrk.sh -- --model path/to/bundle
#
# Environment (defaults): RUNS (3), DURATION (30s), WARMUP (10s; 0 for none), THREADS (2),
# CONNECTIONS (64), PORT (8000: the feedback API; ./fraud up's other services keep their defaults
# unless given after --), FRAUD_JAVA_OPTS (passed to ./fraud), FRAUD_WORK_DIR (a fresh temp dir).
# Arguments after -- go to `./fraud up`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LUA="$ROOT/infra/bench/feedback.lua"
RUNS="${RUNS:-3}" DURATION="${DURATION:-30s}" WARMUP="${WARMUP:-10s}"
THREADS="${THREADS:-2}" CONNECTIONS="${CONNECTIONS:-64}" PORT="${PORT:-8000}"
[ "${1:-}" = "--" ] && shift

command -v wrk >/dev/null || { echo "feedback-wrk: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "feedback-wrk: curl is not installed" >&2; exit 2; }
if curl -s -o /dev/null "http://localhost:$PORT/health"; then
    echo "feedback-wrk: port $PORT is already serving; stop that first or set PORT" >&2
    exit 2
fi

export FRAUD_WORK_DIR="${FRAUD_WORK_DIR:-$(mktemp -d -t fraud-wrk-XXXXXX)}"
export FRAUD_API_KEY="wrk-bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export FRAUD_API_KEYS="$FRAUD_API_KEY"
LOG="$FRAUD_WORK_DIR/up.out"

"$ROOT/fraud" up --feedback-port "$PORT" "$@" >"$LOG" 2>&1 &
UP_PID=$!
stop_stack() {
    if kill -0 "$UP_PID" 2>/dev/null; then
        kill -TERM "$UP_PID" 2>/dev/null || true
        wait "$UP_PID" 2>/dev/null || true
    fi
}
trap stop_stack EXIT

echo "feedback-wrk: starting ./fraud up (log: $LOG)"
until curl -sf -o /dev/null "http://localhost:$PORT/health"; do
    if ! kill -0 "$UP_PID" 2>/dev/null; then
        echo "feedback-wrk: ./fraud up exited; its output:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 1
done
grep -E '^(kafka|feedback API|model) ' "$LOG" || true
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"

URL="http://localhost:$PORT/feedback"
run_wrk() { # label, duration
    echo
    echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$2 --latency -s $LUA $URL"
    local out
    out="$(FEEDBACK_RUN="$1-$(date +%s)" wrk "-t$THREADS" "-c$CONNECTIONS" "-d$2" --latency -s "$LUA" "$URL")"
    echo "$out"
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    if ! grep -q '^not_202: 0$' <<<"$out"; then
        echo "feedback-wrk: some answers were not 202; the figures above do not count" >&2
        return 1
    fi
}

if [ "$WARMUP" != "0" ]; then
    run_wrk warmup "$WARMUP"
fi
for i in $(seq 1 "$RUNS"); do
    run_wrk "run$i" "$DURATION"
done
echo
curl -s "http://localhost:$PORT/metrics" | grep -E '^feedback_(requests_total|published_total)' || true
