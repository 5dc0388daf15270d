#!/usr/bin/env bash
# The feedback API under wrk: starts the stack, waits until it serves, runs wrk against POST /feedback,
# prints each result with the CPU it took, stops the stack. Every request is a new label published
# with acks=all (infra/bench/feedback.lua); the script fails if any answer was not 202.
# Figures and the machine they came from: docs/BENCHMARKS.md, "Feedback API under wrk".
#
#   infra/bench/feedback-wrk.sh                          # ./fraud up: 1 warm-up of 60 s, then 3 runs of 30 s
#   MODE=feedback-only infra/bench/feedback-wrk.sh       # ./fraud up --feedback-only: broker and API alone
#   MODE=separate infra/bench/feedback-wrk.sh            # the API in a JVM of its own, on that broker
#   RUNS=5 DURATION=60s infra/bench/feedback-wrk.sh -- --partitions 8
#
# MODE: full (default: the whole suite of ./fraud up in one JVM: broker, scoring app, feedback API,
# online updater, which learns from every label posted), feedback-only, or separate (the broker JVM of
# ./fraud up --feedback-only, and org.fraudstream.feedback.FeedbackApp in a second JVM; both get
# FRAUD_JAVA_OPTS).
# Environment (defaults): RUNS (3), DURATION (30s), WARMUP (60s, 0 for none: ./fraud up needs about
# a minute under load before C2 has compiled the hot paths), THREADS (2), CONNECTIONS (64), PORT (8000),
# FRAUD_JAVA_OPTS (./fraud's), FRAUD_WORK_DIR (a fresh temp dir; its broker data is deleted at the
# end unless KEEP_BROKER_DATA=1, the logs stay), any FRAUD_FEEDBACK_* or
# FRAUD_UPDATER_* setting; API_CP: the class path of the API's JVM in MODE=separate (default: this
# checkout's build; another build's local-runner.jar and lib/* compare two versions on one broker).
# Arguments after -- go to `./fraud up`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LUA="$ROOT/infra/bench/feedback.lua"
MODE="${MODE:-full}" RUNS="${RUNS:-3}" DURATION="${DURATION:-30s}" WARMUP="${WARMUP:-60s}"
THREADS="${THREADS:-2}" CONNECTIONS="${CONNECTIONS:-64}" PORT="${PORT:-8000}"
[ "${1:-}" = "--" ] && shift

command -v wrk >/dev/null || { echo "feedback-wrk: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "feedback-wrk: curl is not installed" >&2; exit 2; }
if curl -s -o /dev/null "http://localhost:$PORT/health"; then
    echo "feedback-wrk: port $PORT is already serving; stop that first or set PORT" >&2
    exit 2
fi
case "$MODE" in
    full) UP_ARGS=(--feedback-port "$PORT") ;;
    feedback-only) UP_ARGS=(--feedback-only --feedback-port "$PORT") ;;
    separate) UP_ARGS=(--feedback-only --feedback-port "$((PORT + 9))") ;; # the broker's own API stays idle
    *) echo "feedback-wrk: MODE must be full, feedback-only or separate, was '$MODE'" >&2; exit 2 ;;
esac

# Not /tmp/fraud-*: the broker's data lives here, and a sweep of old ./fraud work dirs must not take it.
export FRAUD_WORK_DIR="${FRAUD_WORK_DIR:-$(mktemp -d -t feedback-wrk.XXXXXX)}"
mkdir -p "$FRAUD_WORK_DIR"
export FRAUD_API_KEY="wrk-bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export FRAUD_API_KEYS="$FRAUD_API_KEY"
LOG="$FRAUD_WORK_DIR/up.out"
PIDS=()
stop_all() {
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    # A warm-up and 3 runs leave 2-3 GB of log segments; the logs of the run stay for reading.
    [ "${KEEP_BROKER_DATA:-0}" = 1 ] || rm -rf "$FRAUD_WORK_DIR/kafka"
}
trap stop_all EXIT

await() { # pid, log, what: until the log says it runs, or the process is gone
    until grep -q "$3" "$2" 2>/dev/null; do
        if ! kill -0 "$1" 2>/dev/null; then
            echo "feedback-wrk: the stack exited; its output ($2):" >&2
            cat "$2" >&2
            exit 1
        fi
        sleep 1
    done
}

echo "feedback-wrk: MODE=$MODE, starting ./fraud up ${UP_ARGS[*]} $* (log: $LOG)"
"$ROOT/fraud" up "${UP_ARGS[@]}" "$@" >"$LOG" 2>&1 & # ./fraud execs java: this is the JVM's pid
PIDS+=($!)
await "${PIDS[0]}" "$LOG" '^running'
if [ "$MODE" = separate ]; then
    BROKER="$(awk '/^kafka /{print $2}' "$LOG")"
    mkdir -p "$FRAUD_WORK_DIR/api"
    echo "feedback-wrk: feedback API in its own JVM, on the broker at $BROKER"
    # shellcheck disable=SC2086
    FRAUD_BOOTSTRAP_SERVERS="$BROKER" FRAUD_FEEDBACK_PORT="$PORT" java \
        ${FRAUD_JAVA_OPTS:--Xms2g -Xmx6g -XX:+AlwaysPreTouch -XX:+UseG1GC} -Dfraud.work.dir="$FRAUD_WORK_DIR/api" \
        -cp "${API_CP:-$ROOT/local-runner/target/local-runner.jar:$ROOT/local-runner/target/lib/*}" \
        org.fraudstream.feedback.FeedbackApp >"$FRAUD_WORK_DIR/api.out" 2>&1 &
    PIDS+=($!)
    await "${PIDS[1]}" "$FRAUD_WORK_DIR/api.out" 'stop with Ctrl-C'
fi
until curl -sf -o /dev/null "http://localhost:$PORT/health"; do sleep 1; done
grep -E '^(kafka|feedback API|model) ' "$LOG" || true
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), JVM options ${FRAUD_JAVA_OPTS:-the default of ./fraud}"

jiffies() { # CPU time of the given pids, in clock ticks
    local t=0 pid
    for pid in "$@"; do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
machine_jiffies() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

URL="http://localhost:$PORT/feedback"
run_wrk() { # label, duration
    echo
    echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$2 --latency -s $LUA $URL"
    local out j0 j1 m0 m1 t0 t1 hz wrk_cpu
    hz="$(getconf CLK_TCK)"
    j0="$(jiffies "${PIDS[@]}")" m0="$(machine_jiffies)" t0="$(date +%s.%N)"
    out="$( { TIMEFORMAT='wrk_cpu_s %U %S'; time FEEDBACK_RUN="$1-$(date +%s)" \
        wrk "-t$THREADS" "-c$CONNECTIONS" "-d$2" --latency -s "$LUA" "$URL"; } 2>&1)"
    j1="$(jiffies "${PIDS[@]}")" m1="$(machine_jiffies)" t1="$(date +%s.%N)"
    wrk_cpu="$(awk '/^wrk_cpu_s/{print $2 + $3}' <<<"$out")"
    grep -v '^wrk_cpu_s' <<<"$out"
    awk -v j="$((j1 - j0))" -v m="$((m1 - m0))" -v w="$wrk_cpu" -v s="$(echo "$t1 - $t0" | bc -l)" -v hz="$hz" \
        'BEGIN { printf "cpu_cores jvm %.2f wrk %.2f other %.2f (of the machine busy %.2f)\n",
                 j / hz / s, w / s, (m - j) / hz / s - w / s, m / hz / s }'
    if ! grep -q '^not_202: 0$' <<<"$out" || ! grep -q '^socket_errors: 0 ' <<<"$out"; then
        echo "feedback-wrk: some answers were not 202, or sockets failed; the figures above do not count" >&2
        return 1
    fi
    for pid in "${PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || { echo "feedback-wrk: the stack (pid $pid) died; see $FRAUD_WORK_DIR" >&2; return 1; }
    done
}

if [ "$WARMUP" != "0" ]; then
    run_wrk warmup "$WARMUP"
fi
for i in $(seq 1 "$RUNS"); do
    run_wrk "run$i" "$DURATION"
done
echo
curl -s "http://localhost:$PORT/metrics" | grep -E '^feedback_(requests_total|published_total)' || true
