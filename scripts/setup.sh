#!/usr/bin/env bash
# Installs everything seg needs on a fresh clone (Debian/Ubuntu with Node 20 and npm), then builds.
# Idempotent: re-running skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.8

# mricron-data: the Colin27 T1 + AAL atlas (tests and examples/brain-lobes run on real anatomy).
APT_PACKAGES=(mricron-data)
# SEG_NATIVE=1: also build the optional oneDNN addon (faster cpu training; g++ and libdnnl-dev). CI sets it so the
# native kernels are tested; without it seg runs on the embedded wasm back-end.
if [ "${SEG_NATIVE:-0}" = "1" ]; then APT_PACKAGES+=(g++ make libdnnl-dev); fi
if [ ${#APT_PACKAGES[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}"
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit >/dev/null
fi

pnpm install --frozen-lockfile
pnpm build
if [ "${SEG_NATIVE:-0}" = "1" ]; then
  if pnpm build:native >/tmp/seg-build-native.log 2>&1; then echo "native addon built (packages/backend/native/build)"
  else echo "native addon NOT built (see /tmp/seg-build-native.log); seg runs on wasm"; fi
fi
