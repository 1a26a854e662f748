#!/usr/bin/env bash
# README command 1: install what is missing, build feedctl (release), and refresh the bundled feeds.yml.
# Works offline: the bundled sources are sample files under samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product feedctl
config="${1:-feeds.yml}"
.build/release/feedctl refresh --config "$config"
echo
echo "Outputs written to $(pwd)/public: all.atom, all.rss, all.json, the timeline page all.html, and sources/<id>.{atom,rss,json} for sources read as pages"
