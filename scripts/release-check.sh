#!/usr/bin/env bash
# The validator's verdicts, rule by rule, from the RELEASE feedctl over the fixture corpus the test suite checks
# in debug builds (Tests/FeedsmithCoreTests/Fixtures/validate/manifest.json). Release builds once compiled the
# Atom schema from freed memory and silently skipped it while every debug test passed; bench.sh and soak.sh run
# this before measuring. Usage: scripts/release-check.sh [path/to/release/feedctl]
set -euo pipefail
cd "$(dirname "$0")/.."
feedctl="${1:-.build/release/feedctl}"
python3 - "$feedctl" <<'PY'
import json, subprocess, sys
feedctl = sys.argv[1]
folder = "Tests/FeedsmithCoreTests/Fixtures/validate"
cases = json.load(open(f"{folder}/manifest.json"))
failures = 0
for case in cases:
    path = f"{folder}/{case['file']}"
    run = subprocess.run([feedctl, "validate", "--format", "json", path], capture_output=True, text=True)
    findings = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    rules = {finding.get("rule") for finding in findings}
    errors = any(finding.get("severity") == "error" for finding in findings)
    expected = set(case["rules"])
    # The manifest lists every rule a file breaks, warnings included; feedctl exits 1 exactly on errors.
    if rules != expected or run.returncode != (1 if errors else 0):
        failures += 1
        print(f"release-check: {case['file']}: expected {sorted(expected)}, release feedctl gave {sorted(rules)} "
              f"(exit {run.returncode})", file=sys.stderr)
print(f"release-check: {len(cases) - failures} of {len(cases)} fixture verdicts match the manifest with {feedctl}")
sys.exit(1 if failures else 0)
PY
