#!/usr/bin/env bash
# Benchmark, first part: generate a day once, then time the nightly job and the floor (read every
# input once, write the same rows to Delta) on the same machine in the same run, and print ratios.
# Usage: bench/run.sh [CUSTOMERS] [SEED]   (default 100000 customers, seed 1)
# Figures go to stdout and are appended to bench/RESULTS.md by hand after review.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}
seed=${2:-1}
date=2026-09-01
work=${BENCH_DIR:-/tmp/xw-bench}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -pl jobs -Dmdep.outputFile="$work.cp" -Dmdep.includeScope=test
cp="jobs/target/classes:$(cat "$work.cp")"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
java_cmd=(java -Xmx8g -Duser.timezone=UTC $opens -cp "$cp")
export SPARK_LOCAL_IP=127.0.0.1

rm -rf "$work" && mkdir -p "$work"
"${java_cmd[@]}" com.experiencewarehouse.cli.Main generate --out "$work/in" --customers "$customers" \
  --days 1 --start "$date" --seed "$seed"
events=$(wc -l < "$work/in/web/$date/events_${date//-/}.json")
cat > "$work/bench.conf" <<CONF
xw.warehouse.path = "$work/warehouse"
xw.sources.root = "$work/in"
CONF

measure() {  # label, then the command; prints wall seconds and peak RSS (MiB)
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err"
  read -r wall rss < "$work/$label.time"
  echo "$label $wall $((rss / 1024))"
}

job=$(measure job "${java_cmd[@]}" com.experiencewarehouse.cli.Main run --date "$date" --conf "$work/bench.conf")
floor=$(measure floor "${java_cmd[@]}" com.experiencewarehouse.bench.Floor "$date" "$work/bench.conf" "$work/floor")
read -r _ job_s job_mb <<< "$job"
read -r _ floor_s floor_mb <<< "$floor"
cores=$(nproc)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(java -version 2>&1 | head -1); date $(date -u +%F)"
echo "input: $customers customers, $events web events on $date"
printf "job:   %6.1f s wall, %5d MiB peak RSS, %8.0f input rows/s per core\n" "$job_s" "$job_mb" "$(awk "BEGIN{print $events / $job_s / $cores}")"
printf "floor: %6.1f s wall, %5d MiB peak RSS\n" "$floor_s" "$floor_mb"
printf "job / floor: %.2f (target <= 2)\n" "$(awk "BEGIN{print $job_s / $floor_s}")"
