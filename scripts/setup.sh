#!/usr/bin/env bash
# Installs what building and testing Footprint needs on Debian, only when missing.
# Safe to run again. Used by the README's commands and by .ci/run.
set -euo pipefail

need=()
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
dpkg -s libpq-dev >/dev/null 2>&1 || need+=(libpq-dev)
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
# libcurl's header for the HTTP connector (libcurl itself is loaded on first use).
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need+=(libcurl4-openssl-dev)
# A real browser for the HTML outputs' tests (headless).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v gzip >/dev/null 2>&1 || need+=(gzip)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
# The data map: its diagram laid out by Graphviz's dot, its workbook by libxlsxwriter.
command -v dot >/dev/null 2>&1 || need+=(graphviz)
dpkg -s libxlsxwriter-dev >/dev/null 2>&1 || need+=(libxlsxwriter-dev)
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# A Python module the tests use: from PyPI, or Debian's package when this python3 has no pip.
python_module() {  # MODULE DEBIAN_PACKAGE
  python3 -c "import $1" >/dev/null 2>&1 && return 0
  echo "setup: installing the Python package $1" >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  python3 -m pip install -q "$1" >/dev/null 2>&1 \
    || python3 -m pip install -q --break-system-packages "$1" >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
  python3 -c "import $1" || { echo "setup: cannot install the Python package $1" >&2; exit 1; }
}
python_module jsonschema python3-jsonschema   # the JSON Schema validator the tests check response.json with
python_module openpyxl python3-openpyxl       # to open the data map's workbook as a spreadsheet user would
command -v swift >/dev/null 2>&1 || { echo "setup: swift is not on PATH (Swift 6.x is required)" >&2; exit 1; }
