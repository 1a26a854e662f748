#!/usr/bin/env bash
# Fuzz one stage with libFuzzer and AddressSanitizer: scripts/fuzz.sh TARGET SECONDS
# TARGET: feed | extract | charset | date | config | selector | line. Crashes land in .build-fuzz/crashes/TARGET;
# keep each as a regression test. Not part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh TARGET SECONDS}"
seconds="${2:-60}"
bash scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
# Only the fuzz product is built (no other executable, whose main would clash with libFuzzer's).
swift build --scratch-path .build-fuzz -c debug --product feedsmith-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
corpus=".build-fuzz/corpus/$target"
crashes=".build-fuzz/crashes/$target"
mkdir -p "$corpus" "$crashes"
case "$target" in
  feed)     seeds="Tests/FeedsmithCoreTests/Fixtures/parse Tests/FeedsmithCoreTests/Fixtures/validate samples/feeds" ;;
  extract)  seeds="Tests/FeedsmithCoreTests/Fixtures/extract samples/sites" ;;
  line)     seeds="Tests/FeedsmithCoreTests/Fixtures/extract Tests/FeedsmithCoreTests/Fixtures/parse samples/sites" ;;
  charset)  seeds="Tests/FeedsmithCoreTests/Fixtures/decode Tests/FeedsmithCoreTests/Fixtures/extract" ;;
  date)     seeds="" ; printf '%s\n' 'Sat, 07 Sep 2002 00:00:01 GMT' '2026-03-12T16:40:00+08:00' '2026年03月12日 16:40' '3小时前' '昨天 15:20' '03-12' > "$corpus/dates.txt" ;;
  config)   seeds="" ; cp feeds.yml "$corpus/" ;;
  selector) seeds="" ; printf '%s' 'ul.newslist li > a[href^="/"]:nth-child(2), div#x .y' > "$corpus/selector.txt" ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
for folder in $seeds; do find "$folder" -type f -size -200k -exec cp {} "$corpus/" \; ; done
FEEDSMITH_FUZZ_TARGET="$target" LSAN_OPTIONS="suppressions=$(pwd)/scripts/lsan.supp" .build-fuzz/debug/feedsmith-fuzz "$corpus" \
  -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1
