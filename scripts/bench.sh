#!/usr/bin/env bash
# Benchmarks (release build): prints every figure with the machine's core count.
# Usage: scripts/bench.sh [extract]   — not part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product feedsmith-bench
pages=.build-bench/pages
[ -d "$pages" ] || python3 scripts/make-bench-pages.py "$pages" 60
echo "== extraction (60 generated portal pages, half GBK)"
.build/release/feedsmith-bench extract "$pages" --repeats 5 --phases
