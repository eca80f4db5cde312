#!/usr/bin/env bash
# Checks the Prometheus alert rules with promtool, without a running Prometheus:
#   - ops/prometheus/alerts.yml is valid (syntax, PromQL, templates);
#   - ops/prometheus/prometheus.yml is a valid configuration (with its rule files);
#   - the rule unit tests in ops/prometheus/tests/*.yml pass: each alert fires on the series a real outage produces
#     and stays silent just below its threshold;
#   - every alert of alerts.yml has at least one test where it fires and one where it must not.
#
#   ops/check-alerts.sh            # uses ops/.tools/prometheus/usr/bin/promtool (or $PROMTOOL, or promtool on the PATH)
#   ops/check-alerts.sh --install  # only unpacks promtool from Debian's prometheus package into ops/.tools
# Exit codes: 0 all pass, 1 a check failed, 3 promtool is not installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROMETHEUS_DIR="$ROOT/ops/prometheus"
TOOLS="$ROOT/ops/.tools/prometheus"

if [ "${1:-}" = "--install" ]; then
  if [ -x "$TOOLS/usr/bin/promtool" ] && "$TOOLS/usr/bin/promtool" --version >/dev/null 2>&1; then
    echo "promtool already in ops/.tools: $("$TOOLS/usr/bin/promtool" --version 2>&1 | head -n 1)"
    exit 0
  fi
  # Only the package's files, unpacked, not an installation: installing Debian's prometheus package would create a
  # system user and start (and enable) a Prometheus daemon on port 9090 from its postinst, and pull in a dozen
  # JavaScript packages for its web pages. promtool needs none of that. `apt-get download` needs no root, only the
  # package lists (`apt-get update`, as .ci/run does).
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    echo "apt-get/dpkg-deb not found: install promtool (Prometheus 2.42 or later) yourself and set PROMTOOL" >&2
    exit 1
  fi
  download="$(mktemp -d)"
  trap 'rm -rf "$download"' EXIT
  # As root, apt fetches as its own user _apt, which must be able to write the download folder.
  if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$download"; fi
  (cd "$download" && apt-get download -qq prometheus)
  dpkg-deb -x "$download"/prometheus_*.deb "$download/files"
  # Only promtool and its licence are kept (the package holds 95 MB: the server, its web pages, a console library).
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS/usr/bin" "$TOOLS/usr/share/doc/prometheus"
  mv "$download/files/usr/bin/promtool" "$TOOLS/usr/bin/"
  mv "$download/files/usr/share/doc/prometheus/copyright" "$TOOLS/usr/share/doc/prometheus/"
  echo "promtool installed in ops/.tools: $("$TOOLS/usr/bin/promtool" --version 2>&1 | head -n 1)"
  exit 0
fi

promtool="${PROMTOOL:-}"
if [ -z "$promtool" ]; then
  if [ -x "$TOOLS/usr/bin/promtool" ]; then
    promtool="$TOOLS/usr/bin/promtool"
  elif command -v promtool >/dev/null; then
    promtool="$(command -v promtool)"
  else
    echo "promtool is not installed; run ops/check-alerts.sh --install first (Debian/Ubuntu: apt-get download)" >&2
    exit 3
  fi
fi
echo "$("$promtool" --version 2>&1 | head -n 1)"
# promtool's own exit codes include 3 (lint errors); any failure of it is a failed check here (1).
promtool() { "$promtool" "$@" || exit 1; }

promtool check rules "$PROMETHEUS_DIR/alerts.yml"

# prometheus.yml names its rule files by their path inside the compose container (/etc/prometheus/, where
# docker-compose.yml mounts ops/prometheus/*; DockerComposeTests checks the mounts). Everything else in it is
# self-contained (static targets, no credentials or certificate files), so it is checked as a whole, from a copy whose
# rule file paths point back into ops/prometheus.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s#/etc/prometheus/#$PROMETHEUS_DIR/#g" "$PROMETHEUS_DIR/prometheus.yml" >"$work/prometheus.yml"
promtool check config "$work/prometheus.yml"

shopt -s nullglob
tests=("$PROMETHEUS_DIR"/tests/*.yml)
if [ ${#tests[@]} -eq 0 ]; then
  echo "no rule unit tests in ops/prometheus/tests" >&2
  exit 1
fi
promtool test rules "${tests[@]}"

# promtool passes an alert that no test mentions. The tests write each expectation as
#   - eval_time: …
#     alertname: X
#     exp_alerts: []        # must be silent
#     exp_alerts:           # must fire, followed by the expected alerts
# so that this can find, per alert, a firing and a silent case.
covered="$(awk '
  /^[[:space:]]*(- )?alertname:/ { name = $NF; next }
  /^[[:space:]]*exp_alerts:/ && name != "" {
    print name, ($0 ~ /\[\][[:space:]]*(#.*)?$/ ? "silent" : "fires"); name = ""
  }' "${tests[@]}" | sort -u)"
missing=()
for alert in $(sed -n 's/^[[:space:]]*- alert:[[:space:]]*//p' "$PROMETHEUS_DIR/alerts.yml"); do
  for kind in fires silent; do
    grep -qx "$alert $kind" <<<"$covered" || missing+=("$alert ($kind)")
  done
done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'alerts without a test case in ops/prometheus/tests:\n' >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "ops/prometheus: alert rules valid and tested ($(grep -c '^[[:space:]]*- alert:' "$PROMETHEUS_DIR/alerts.yml") alerts, ${#tests[@]} test files)"
