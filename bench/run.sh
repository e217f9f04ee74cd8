#!/usr/bin/env bash
# The benchmark (issue 4). Generates the inputs once, then measures on this machine, in this run:
#   base         the nightly job for one date (wall, peak RSS, input rows/s per core), the floor
#                (Spark reads every input of the date once and writes the same rows to Delta) and
#                DuckDB computing the same day's segment scorecard from the job's bronze Parquet files;
#   scale        the job at 2x and 4x the profile's input (1x comes from base);
#   incremental  one new night on top of HISTORY_DAYS nights of history vs the same night alone.
# It prints the figures and ratios and appends them, with machine, versions and date, to
# bench/RESULTS.md (not for the smoke profile).
#
# Usage: bench/run.sh [PROFILE] [STEP...]
#   PROFILE  S (default: 100 000 customers, 2 M web events, 10 000 survey responses, 10 000 tickets a
#            day), M (1 M customers, 20 M events, 50 000 responses, 50 000 tickets), or smoke (2 000
#            customers, for checking the script: its figures mean nothing).
#   STEP     base, scale, incremental (default: all three).
# Environment: BENCH_DIR (default /tmp/xw-bench), HISTORY_DAYS (default 30), HISTORY_DIVISOR (the
#   history is the profile divided by this, default 10: see bench/RESULTS.md), JAVA_XMX (default 8g).
# The incremental step keeps the history's warehouse in $BENCH_DIR/PROFILE/wh-history-base and runs
# the new night on a copy; delete that folder to rebuild the history with the current code.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-S}
shift || true
steps=${*:-base scale incremental}
work=${BENCH_DIR:-/tmp/xw-bench}/$profile
history_days=${HISTORY_DAYS:-30}
divisor=${HISTORY_DIVISOR:-10}
date=2026-09-01
case $profile in
  S) gen=(--profile S) customers=100000 ;;
  M) gen=(--profile M) customers=1000000 ;;
  smoke) gen=(--customers 2000) customers=2000 history_days=${HISTORY_DAYS:-3} divisor=${HISTORY_DIVISOR:-1} ;;
  *) echo "bench: unknown profile '$profile' (S, M or smoke)" >&2; exit 2 ;;
esac
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

# One build: the bench module (last in the reactor) writes the classpath file after the jobs module.
mvn -q -B -DskipTests -Pbench package dependency:build-classpath -Dmdep.outputFile="$work.cp" \
  -Dmdep.includeScope=test
# The job's classes, not its shaded jar (which the classpath names): as the tests and the quick start run them.
cp="$PWD/bench/target/classes:$PWD/jobs/target/classes:$(tr ':' '\n' < "$work.cp" | grep -v '/jobs/target/' | paste -sd:)"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
java_cmd=(java "-Xmx${JAVA_XMX:-8g}" -Duser.timezone=UTC $opens -cp "$cp")
export SPARK_LOCAL_IP=127.0.0.1
cores=$(nproc)
mkdir -p "$work"
report="$work/report.md"
: > "$report"
say() { echo "$*" | tee -a "$report"; }

# generate NAME ARGS...: writes inputs once into $work/in-NAME (kept between runs: same seed, same bytes)
generate() {
  local name=$1; shift
  if [[ ! -f "$work/in-$name/.done" ]]; then
    rm -rf "$work/in-$name"
    "${java_cmd[@]}" com.experiencewarehouse.cli.Main generate --out "$work/in-$name" --seed 1 "$@" >/dev/null
    touch "$work/in-$name/.done"
  fi
}

# conf NAME INPUT: a config for a warehouse of its own. Dev mode: synthetic data, hashed with the
# public sample key (a real deployment sets XW_PII_HASH_KEY instead).
conf() {
  printf 'xw.warehouse.path = "%s"\nxw.sources.root = "%s"\nxw.dev-mode = true\n' "$work/wh-$1" "$work/in-$2" > "$work/$1.conf"
  echo "$work/$1.conf"
}

# measure LABEL CMD...: runs it, keeps its output in $work/LABEL.{out,err}; sets wall (s) and rss (MiB)
measure() {
  local label=$1; shift
  if ! /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err"; then
    echo "bench: $label failed; see $work/$label.err" >&2
    tail -3 "$work/$label.err" >&2
    exit 1
  fi
  read -r wall rss < "$work/$label.time"
  rss=$((rss / 1024))
}

# job LABEL INPUT DATE: the nightly job on a fresh warehouse (unless LABEL's warehouse is kept)
job() {
  local c
  c=$(conf "$1" "$2")
  measure "$1" "${java_cmd[@]}" com.experiencewarehouse.cli.Main run --date "$3" --conf "$c"
}

events() { # web events (input lines) of INPUT on DATE
  wc -l < "$work/in-$1/web/$2/events_${2//-/}.json"
}

ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }

say "## $(date -u +%F) — profile $profile ($(git describe --always --dirty))"
say ""
say "- Machine: $cores cores, $(free -g | awk '/Mem/{print $2}') GiB RAM; $(java -version 2>&1 | head -1);" \
  "Spark 4.2.0 local[$cores], Delta 4.4.0, DuckDB JDBC $(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' pom.xml)"
say ""
say "| measurement | wall | peak RSS | input rows/s per core |"
say "|---|---:|---:|---:|"

if [[ " $steps " == *" base "* || " $steps " == *" scale "* ]]; then
  generate 1x "${gen[@]}" --days 1 --start "$date"
  n1=$(events 1x "$date")
fi
if [[ " $steps " == *" base "* ]]; then
  rm -rf "$work/wh-job1x"
  job job1x 1x "$date"; job_s=$wall
  say "| nightly job, 1x ($n1 web events) | $wall s | $rss MiB | $(awk "BEGIN{printf \"%.0f\", $n1 / $wall / $cores}") |"
  rm -rf "$work/floor"
  measure floor "${java_cmd[@]}" com.experiencewarehouse.bench.Floor "$date" "$work/job1x.conf" "$work/floor"
  floor_s=$wall
  say "| floor: read every input once, write the same rows to Delta | $wall s | $rss MiB | $(awk "BEGIN{printf \"%.0f\", $n1 / $wall / $cores}") |"
  measure duckdb "${java_cmd[@]}" com.experiencewarehouse.bench.DuckDbScorecard "$date" "$work/wh-job1x" \
    "$work/duckdb-scorecard.csv" --conf "$work/job1x.conf" --compare
  duck_s=$wall
  say "| DuckDB: the day's segment scorecard from the bronze Parquet files (JVM included) | $wall s | $rss MiB | |"
fi
if [[ " $steps " == *" scale "* ]]; then
  generate 2x "${gen[@]}" --scale 2 --days 1 --start "$date"
  generate 4x "${gen[@]}" --scale 4 --days 1 --start "$date"
  if [[ -z ${job_s:-} ]]; then
    rm -rf "$work/wh-job1x"
    job job1x 1x "$date"; job_s=$wall
    say "| nightly job, 1x ($n1 web events) | $wall s | $rss MiB | $(awk "BEGIN{printf \"%.0f\", $n1 / $wall / $cores}") |"
  fi
  for k in 2 4; do
    rm -rf "$work/wh-job${k}x"
    job "job${k}x" "${k}x" "$date"
    declare "job${k}_s=$wall"
    n=$(events "${k}x" "$date")
    say "| nightly job, ${k}x ($n web events) | $wall s | $rss MiB | $(awk "BEGIN{printf \"%.0f\", $n / $wall / $cores}") |"
  done
fi
if [[ " $steps " == *" incremental "* ]]; then
  # History at 1/divisor of the profile, so that its nights fit in the run (see RESULTS.md).
  hist=(--customers $((customers / divisor)))
  case $profile in
    S) hist+=(--events-per-day $((2000000 / divisor)) --responses-per-day $((10000 / divisor)) --tickets-per-day $((10000 / divisor))) ;;
    M) hist+=(--events-per-day $((20000000 / divisor)) --responses-per-day $((50000 / divisor)) --tickets-per-day $((50000 / divisor))) ;;
  esac
  generate history "${hist[@]}" --days $((history_days + 1)) --start "$date"
  last=$(date -u -d "$date + $history_days days" +%F)
  # The history's warehouse is built once and kept (wh-history-base); each measurement runs the new
  # night on a copy of it. Delete wh-history-base to rebuild the history with the current code.
  c=$(conf history history)
  if [[ ! -f "$work/wh-history-base/.done" ]]; then
    rm -rf "$work/wh-history" "$work/wh-history-base"
    started=$(date +%s)
    for ((d = 0; d < history_days; d++)); do
      night=$(date -u -d "$date + $d days" +%F)
      measure history-night "${java_cmd[@]}" com.experiencewarehouse.cli.Main run --date "$night" --conf "$c"
      echo "bench: history night $night: $wall s" >&2
    done
    echo $(( $(date +%s) - started )) > "$work/wh-history/.history-seconds"
    cp -a "$work/wh-history" "$work/wh-history-base"
    touch "$work/wh-history-base/.done"
  fi
  history_s=$(cat "$work/wh-history-base/.history-seconds")
  rm -rf "$work/wh-history"
  cp -a "$work/wh-history-base" "$work/wh-history"
  measure incremental "${java_cmd[@]}" com.experiencewarehouse.cli.Main run --date "$last" --conf "$c"
  incr_s=$wall; incr_rss=$rss
  rm -rf "$work/wh-standalone"
  job standalone history "$last"
  alone_s=$wall
  n=$(events history "$last")
  say "| history: $history_days nights at 1/$divisor of the profile, one JVM each (built $(date -u -r "$work/wh-history-base/.done" +%F)) | $history_s s | | |"
  say "| incremental: night $((history_days + 1)) ($n web events) on $history_days nights of history | $incr_s s | $incr_rss MiB | $(awk "BEGIN{printf \"%.0f\", $n / $incr_s / $cores}") |"
  say "| standalone: the same night on an empty warehouse | $alone_s s | $rss MiB | $(awk "BEGIN{printf \"%.0f\", $n / $alone_s / $cores}") |"
fi

say ""
[[ -n ${floor_s:-} ]] && say "- job / floor: **$(ratio "$job_s" "$floor_s")** (target ≤ 2)"
if [[ -n ${duck_s:-} ]]; then
  say "- job / DuckDB: **$(ratio "$job_s" "$duck_s")** (the job builds every table; DuckDB one, from bronze: $(grep '^duckdb ' "$work/duckdb.out"))"
  # Per metric column: rows compared, NULL mismatches, max |difference| (full table in duckdb.out).
  say "- DuckDB against the job's gold.segment_scorecard_day: $(grep '^segments in both' "$work/duckdb.out");" \
    "$(awk '/^column /{on=1; next} on && NF==4 {n++; if ($3==0 && ($4=="0" || $4=="-")) same++} END {printf "%d of %d metric columns identical (no NULL mismatch, max |diff| 0)", same, n}' "$work/duckdb.out")"
fi
if [[ -n ${job4_s:-} ]]; then
  say "- time growth per doubling: 1x→2x **$(ratio "$job2_s" "$job_s")**, 2x→4x **$(ratio "$job4_s" "$job2_s")** (target ≤ 2.1)"
fi
[[ -n ${incr_s:-} ]] && say "- incremental / standalone: **$(ratio "$incr_s" "$alone_s")** (target ≤ 1.2)"
say ""
if [[ $profile != smoke ]]; then
  { echo; cat "$report"; } >> bench/RESULTS.md
  echo "bench: appended to bench/RESULTS.md"
fi
