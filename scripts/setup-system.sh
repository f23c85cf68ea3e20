#!/usr/bin/env bash
# Installs the system libraries HipDrive links (FFTW 3, libsndfile, SQLite) when missing.
# Uses apt-get; runs as root or through sudo.
set -euo pipefail
need=()
for pkg in libfftw3-dev libsndfile1-dev libsqlite3-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing system packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
