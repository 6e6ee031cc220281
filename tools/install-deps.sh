#!/usr/bin/env bash
# Installs the Debian packages wwn builds against, if any is missing. As root it runs apt-get;
# otherwise it prints the exact command and fails, so nothing is installed behind a user's back.
set -euo pipefail
packages=("$@")
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ! command -v swift >/dev/null 2>&1; then
  echo "wwn needs the Swift 6 toolchain (swift) on PATH; install it and retry." >&2
  exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "wwn needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
