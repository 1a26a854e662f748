#!/usr/bin/env bash
# Regenerates docs/man/feedctl.1 from feedctl's own command definitions (swift-argument-parser's
# generate-manual plugin), so the man page says what --help says. Run after changing a command.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
out=$(mktemp -d)
swift package --allow-writing-to-directory "$out" generate-manual --date "$(date -u +%F)" --authors "Feedsmith developers" -o "$out"
mkdir -p docs/man
cp "$out/feedctl.1" docs/man/feedctl.1
rm -rf "$out"
echo "docs/man/feedctl.1 updated"
