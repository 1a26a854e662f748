#!/usr/bin/env bash
# Every benchmark, release build, with the machine's core count: scripts/bench.sh [quick]
# `quick` uses smaller sizes (a minute or two); the full run takes 3-4 minutes on 2 cores after the build (up to 6 when the machine is slow).
# Not part of the test run. Figures and the commands behind them are in README's performance section.
# Stores and outputs go to one scratch folder, deleted once at the end: on ext4 without a journal, freed
# inodes slow file creation for the next minutes, so no benchmark deletes files before another writes some
# (run the script twice in a row and the second run's publishing figures suffer for the same reason).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh bench
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product feedsmith-bench
swift build -c release --product feedctl
# Release builds have broken what debug tests pass (the Atom schema read from freed memory): check first.
bash scripts/release-check.sh
bench=.build/release/feedsmith-bench
scratch=$(mktemp -d "${TMPDIR:-/tmp}/feedsmith-bench.XXXXXX")
# A benchmark that dies before stopping its nginx (poll) leaves it to this trap.
trap 'pkill -KILL -f "nginx -p $scratch" 2>/dev/null || true; rm -rf "$scratch"' EXIT
export FEEDSMITH_BENCH_SCRATCH="$scratch"
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
pages=.build-bench/pages
[ -d "$pages" ] || python3 scripts/make-bench-pages.py "$pages" 60
if [ "${1:-}" = quick ]; then
  polls="1000"; stored=100000; total=200000; idle=30
else
  polls="1000 10000"; stored=1000000; total=1000000; idle=60
fi
echo "== 1. extraction (60 generated portal pages, half GBK) beside raw libxml2 parsing"
# Best of 15 interleaved rounds each: with 5, one burst of this shared machine during a single raw-parse round once
# made the as-served baseline faster than the pre-decoded one (722 against 579 pages/s, 22:16 UTC on 2026-12-01),
# and the ratio read 49% where the rounds before and after read 60-65%. Best-of-15 still pairs a baseline's luckiest
# round with extraction's, taken at different moments, so extract also prints the median of each round's own ratio.
$bench extract "$pages" --repeats 15
echo "== 2. polling: generated RSS feeds of 20 items served over loopback by nginx (the default output.source_feeds: pages, so no per-source files for these feed sources)"
$bench poll --sources $polls
echo "== 2b. the same refresh of 1,000 sources with every source's own feed as well (output.source_feeds: all)"
$bench poll --sources 1000 --source-feeds all
echo "== 2a. where a polled source's CPU goes: the pure stages alone, on one thread, over the same feeds"
$bench stages --feeds 1000
echo "== 3. grouping: a batch of 1,000 new items against the stored index"
$bench group --stored $stored --batch 1000
echo "== 4. rendering"
$bench render
echo "== 5. store"
$bench store --total $total
echo "== 6. idle daemon"
$bench idle --sources 1000 --seconds $idle
