#!/usr/bin/env bash
# Soak test (not part of CI): the daemon polls N loopback sources at a short interval for M minutes while
# every feed gains an item each minute. Reads resident memory every second (a row every 30 s shows the sample
# and the highest reading since the last row: 30-s samples alone missed peaks lasting seconds), open file
# descriptors every 30 s, and counts polls from /metrics; fails when, after the warm-up, memory grows past the bound, descriptors other
# than sockets grow, sockets exceed what the HTTP connection pool may keep (hosts × per_host, which the fetcher's
# pool enforces, plus the server's own), poll cycles do not complete, or the daemon logs an error. Sockets are judged by that bound rather than by growth: with a poll interval
# equal to the pool's 60 s idle timeout, a host's second connection sometimes survives until its next poll, so
# their number drifts up toward the bound (in a 7-minute run from 251 to 263, other descriptors constant).
# Anonymous memory (RssAnon: the heap, without mapped files) is read with it and each row shows its lowest reading of
# the 30 s: the trough after a poll cycle returns its memory, comparable from cycle to cycle where the peaks depend on
# how far a cycle has got; the summary compares the troughs of the first and last ten minutes after the warm-up.
# Usage: scripts/soak.sh [SOURCES=2000] [MINUTES=10] [INTERVAL=60s] [RSS_BOUND_MB=400]
set -euo pipefail
cd "$(dirname "$0")/.."
sources=${1:-2000}; minutes=${2:-10}; interval=${3:-60s}; bound=${4:-400}
bash scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product feedctl
swift build -c release --product feedsmith-bench
# Release builds have broken what debug tests pass (the Atom schema read from freed memory): check first.
bash scripts/release-check.sh
work=$(mktemp -d /tmp/feedsmith-soak.XXXXXX)
cleanup() { kill "${daemon:-}" "${server:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

.build/release/feedsmith-bench serve-feeds --change-every 60 > "$work/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^port ' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/^port / {print $2; exit}' "$work/server.out")
# A port the system gives out as free now: the feed server's plus one lies in the ephemeral range, where a
# connection still closing from an earlier run sometimes held it and the daemon could not bind.
listen=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
{
  echo "storage: { sqlite: $work/feedsmith.sqlite }"
  # Every source's own feed too (the default gives these feed sources none): the heavier publishing, and the
  # load the earlier soaks' bounds were set on.
  echo "output: { dir: $work/out, base_url: https://feeds.example.net/, source_feeds: all }"
  echo "server: { listen: 127.0.0.1:$listen }"
  echo "defaults: { interval: $interval, timeout: 30s, concurrency: 32, per_host: 2, host_gap: 0s }"
  echo "sources:"
  for ((n = 0; n < sources; n++)); do
    echo "  - { id: s$n, url: \"http://127.0.0.$((1 + n % 250)):$port/feeds/$n.xml\" }"
  done
  echo "feeds:"
  echo "  - { id: all, title: Everything, sources: all, group_related: true }"
} > "$work/feeds.yml"
.build/release/feedctl daemon --config "$work/feeds.yml" --log-level warning 2> "$work/daemon.log" &
daemon=$!

fetches() { curl -s "http://127.0.0.1:$listen/metrics" | awk '/^feedsmith_fetches_total/ {s += $2} END {print s + 0}'; }
echo "soak: $sources sources, interval $interval, $minutes min; daemon pid $daemon; RSS bound after warm-up ${bound} MB"
printf '%6s %9s %12s %13s %6s %8s %10s\n' "t(s)" "RSS(MB)" "max 30s(MB)" "anon min(MB)" "fds" "sockets" "fetches"
start=$(date +%s); samples=(); fdsamples=(); socketsamples=(); troughs=()
hosts=$(( sources < 250 ? sources : 250 )); socketbound=$(( hosts * 2 + 16 ))
while (( $(date +%s) - start < minutes * 60 )); do
  peak=0; trough=
  for _ in $(seq 30); do
    sleep 1
    kill -0 "$daemon" || { echo "soak: the daemon died"; tail -20 "$work/daemon.log"; exit 1; }
    read -r rss anon < <(awk '/VmRSS/ {r = $2} /RssAnon/ {a = $2} END {printf "%.1f %.1f\n", r/1024, a/1024}' "/proc/$daemon/status")
    peak=$(awk -v a="$peak" -v b="$rss" 'BEGIN {print (b > a ? b : a)}')
    trough=$(awk -v a="${trough:-$anon}" -v b="$anon" 'BEGIN {print (b < a ? b : a)}')
  done
  fds=$(ls "/proc/$daemon/fd" | wc -l)
  # find fails when a descriptor closes while it reads the folder; that must not end the soak.
  sockets=$( (find "/proc/$daemon/fd" -mindepth 1 -lname 'socket:*' 2>/dev/null || true) | wc -l)
  count=$(fetches)
  t=$(( $(date +%s) - start ))
  printf '%6d %9s %12s %13s %6d %8d %10d\n' "$t" "$rss" "$peak" "$trough" "$fds" "$sockets" "$count"
  if (( t >= 120 )); then samples+=("$peak"); fdsamples+=("$(( fds - sockets ))"); socketsamples+=("$sockets"); troughs+=("$trough"); fi
done
final=$(fetches)
seconds=${interval%s}; [[ "$interval" == *m ]] && seconds=$(( ${interval%m} * 60 ))
expected=$(( sources * (minutes * 60 / seconds) ))
verdict=$(printf '%s\n' "${samples[@]}" | awk -v bound="$bound" 'NR == 1 {min = $1; max = $1} {if ($1 < min) min = $1; if ($1 > max) max = $1} END {printf "%s %s %s", min, max, (max <= bound ? "ok" : "over")}')
read -r rmin rmax rstate <<< "$verdict"
fmin=$(printf '%s\n' "${fdsamples[@]}" | sort -n | head -1); fmax=$(printf '%s\n' "${fdsamples[@]}" | sort -n | tail -1)
smin=$(printf '%s\n' "${socketsamples[@]}" | sort -n | head -1); smax=$(printf '%s\n' "${socketsamples[@]}" | sort -n | tail -1)
echo "after warm-up: RSS ${rmin}–${rmax} MB (highest reading per 30 s) (bound ${bound} MB: $rstate); descriptors other than sockets ${fmin}–${fmax} (first ${fdsamples[0]}, last ${fdsamples[${#fdsamples[@]}-1]}); sockets ${smin}–${smax} (bound ${socketbound}); fetches $final (one per source per interval: about $expected)"
# Twenty rows are ten minutes: the lowest trough of the first ten and of the last ten after the warm-up.
if (( ${#troughs[@]} >= 40 )); then
  early=$(printf '%s\n' "${troughs[@]:0:20}" | sort -n | head -1); late=$(printf '%s\n' "${troughs[@]: -20}" | sort -n | head -1)
  echo "anonymous memory after a cycle (lowest per ten minutes): first ten minutes ${early} MB, last ten ${late} MB"
fi
status=0
[ "$rstate" = ok ] || { echo "soak: FAIL resident memory above ${bound} MB"; status=1; }
# Descriptors move with open connections (250 loopback hosts); a leak shows as the last sample well above the first.
ffirst=${fdsamples[0]}; flast=${fdsamples[${#fdsamples[@]}-1]}
(( flast - ffirst <= 4 )) || { echo "soak: FAIL descriptors other than sockets grew from $ffirst to $flast"; status=1; }
(( smax <= socketbound )) || { echo "soak: FAIL $smax sockets open, more than the connection pool may keep ($socketbound)"; status=1; }
(( final * 10 >= expected * 9 )) || { echo "soak: FAIL poll cycles did not complete ($final of about $expected fetches)"; status=1; }
errors=$(grep -c 'error' "$work/daemon.log" || true)
echo "daemon log: $errors error line(s)"
# Every source is a loopback fixture that always answers, so any error is a defect (one run logged a background
# checkpoint finding the writer's checkpoint running as a failure). The log goes with the work folder: show the lines.
if (( errors > 0 )); then
  grep 'error' "$work/daemon.log" | head -10
  echo "soak: FAIL the daemon logged errors"; status=1
fi
# Every feed carries the same templated reports, one source each: the grouped feed has one entry per report.
# (Once every item chained into one story group, and this feed showed a single entry.)
entries=$(grep -c '<entry>' "$work/out/all.atom" || true)
echo "grouped feed: $entries entries"
(( entries >= 10 )) || { echo "soak: FAIL the grouped feed has $entries entries: its stories were merged"; status=1; }
(( status == 0 )) && echo "soak: PASS"
exit $status
