#!/usr/bin/env bash
# README command 2: install what is missing, then build and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
# Serial: several suites run real processes and block on them (sleeps, waits), which on a 2-core machine
# can starve the cooperative thread pool that timing-sensitive tests share.
swift test --skip-build --no-parallel
