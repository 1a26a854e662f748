#!/usr/bin/env bash
# README command 2: install what is missing, then build and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests
swift test --skip-build
