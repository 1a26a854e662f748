#!/usr/bin/env bash
# Installs what Feedsmith needs to build and test on Debian 12: idempotent, safe to run every time.
# `bash scripts/setup.sh bench` adds what the benchmarks need.
# Swift itself is expected at /opt/swift or on PATH (see README).
set -euo pipefail

packages=(
  pkg-config
  libxml2-dev        # HTML/XML parsing, XPath, RELAX NG, writing (system-library target CLibXML2)
  libsqlite3-dev     # GRDB links the system SQLite
  libmimalloc-dev    # the allocator Feedsmith's executables link (CMimalloc; see Sources/Feedsmith/MemoryTuning.swift)
  libxml2-utils      # xmllint: tests check outputs with a second, independent parser
  python3-feedparser # a real feed reader's parser, used by the test suite
  newsboat           # a real feed reader, used by the test suite
  curl               # the daemon tests speak HTTP to the daemon as a client would
  sqlite3            # tests check stores and newsboat's cache with the sqlite3 shell
  systemd            # systemd-analyze checks the unit file (the machines do not boot systemd)
  chromium           # a real browser renders the HTML timeline page in the test suite (headless)
  fonts-wqy-microhei # CJK glyphs for that browser's screenshots
)
# `setup.sh bench`: also what only scripts/bench.sh needs.
if [ "${1:-}" = bench ]; then
  packages+=(nginx-light)  # serves the polling benchmark's feeds as static files (feedsmith-bench poll)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "setup: swift is at /opt/swift/usr/bin; add it to PATH" >&2
  else
    echo "setup: Swift 6.1 or later is required (https://www.swift.org/install/linux/)" >&2
    exit 1
  fi
fi
