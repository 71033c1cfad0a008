#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium for the dashboard's browser test
# (test/dashboard/browser.test.ts drives it with playwright-core). Idempotent and quiet:
# does nothing when chromium is already there; otherwise installs it with apt (needs root).
#   scripts/ci-chromium.sh && npx vitest run test/dashboard
set -euo pipefail

say() { echo "ci-chromium: $*" >&2; }

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  say "chromium is not installed and this is not root: run this script as root, or: sudo apt-get install -y chromium"
  exit 1
fi
say "installing chromium with apt"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
[ -x /usr/bin/chromium ] || { say "apt finished but /usr/bin/chromium is still missing"; exit 1; }
say "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
