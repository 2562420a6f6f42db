#!/usr/bin/env bash
# Builds the prebuilt platform package @seg/backend-linux-x64 (packages/backend-linux-x64), packs it with @seg/core
# and @seg/backend, and (--test) checks the tarballs as an npm user gets them: installed with plain npm into an
# empty project, `initBackend('auto')` must load the prebuilt addon and its oneDNN from the package folder, and
# without the optional package (--omit=optional) run wasm with one short line and no monorepo hint.
#
#   bash scripts/native-package.sh [--test] [--out DIR]      (Debian/Ubuntu x64 with g++ and libdnnl-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
TEST=0
OUT=/tmp/seg-native-package
while [ $# -gt 0 ]; do
  case "$1" in
    --test) TEST=1 ;;
    --out) OUT="$2"; shift ;;
    *) echo "native-package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
PKG=packages/backend-linux-x64
NODE_INCLUDE="$(dirname "$(node -p process.execPath)")/../include/node"
OPENCL="$(ldconfig -p | awk '$1 == "libOpenCL.so.1" && /x86-64/ {print $NF; exit}')"
[ -n "$OPENCL" ] || { echo "native-package.sh: libOpenCL.so.1 not found (apt-get install ocl-icd-libopencl1)" >&2; exit 1; }

# The addon, with every library it (and libdnnl) needs as a direct dependency found through $ORIGIN first: the loader
# resolves an object's direct dependencies with its own run path, and libdnnl's libgomp/libOpenCL are then
# satisfied by the copies already loaded.
rm -f "$PKG"/*.node "$PKG"/*.so.*
g++ -std=c++17 -O3 -ffp-contract=off -fPIC -shared -fopenmp -fexceptions -DNAPI_VERSION=8 -DNODE_GYP_MODULE_NAME=seg_native \
  -I"$NODE_INCLUDE" packages/backend/native/src/*.cc \
  -Wl,--no-as-needed -ldnnl "$OPENCL" -lgomp -Wl,--as-needed -Wl,-rpath,'$ORIGIN' -Wl,--enable-new-dtags \
  -o "$PKG/seg_native.node"
for lib in libdnnl.so.2 libgomp.so.1 libOpenCL.so.1; do
  cp -L "$(ldd "$PKG/seg_native.node" | awk -v l="$lib" '$1 == l {print $3}')" "$PKG/$lib"
done
echo "built $PKG: $(cd "$PKG" && ls *.node *.so.* | tr '\n' ' ')"
ldd "$PKG/seg_native.node" | grep -E 'libdnnl|libgomp|libOpenCL'

rm -rf "$OUT" && mkdir -p "$OUT"
for p in core backend backend-linux-x64; do (cd "packages/$p" && pnpm pack --pack-destination "$OUT" >/dev/null); done
ls -la "$OUT"
[ "$TEST" = 1 ] || exit 0

# --- as an npm user ---
check() { # check DIR EXPECT_REGEX: runs initBackend('auto') there, prints its log, fails unless it matches
  (cd "$1" && node --input-type=module -e "
    import { initBackend } from '@seg/backend';
    const lines = [];
    const info = await initBackend('auto', { log: (m) => lines.push(m) });
    console.log(lines.join('\n'));
    if (lines.length !== 1) throw new Error('expected one log line, got ' + lines.length);
    if (!new RegExp(process.argv[1]).test(lines[0])) throw new Error('unexpected line: ' + lines[0]);
    if (/pnpm|build:native/.test(lines[0])) throw new Error('monorepo hint printed to an npm user');
  " "$2")
}
TGZ=("$OUT"/seg-core-*.tgz "$OUT"/seg-backend-0*.tgz)
WITH="$(mktemp -d)"; WITHOUT="$(mktemp -d)"
(cd "$WITH" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "${TGZ[@]}" "$OUT"/seg-backend-linux-x64-*.tgz)
(cd "$WITHOUT" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error --omit=optional "${TGZ[@]}")
check "$WITH" "^backend: cpu \\+ seg's oneDNN addon \\(oneDNN [0-9.]+, [0-9]+ threads?, @seg/backend-linux-x64\\)"
ADDON="$WITH/node_modules/@seg/backend-linux-x64/seg_native.node"
ldd "$ADDON" | grep -q "libdnnl.so.2 => $WITH/node_modules/@seg/backend-linux-x64/libdnnl.so.2" \
  || { echo "libdnnl.so.2 is not loaded from the package folder:"; ldd "$ADDON"; exit 1; }
check "$WITHOUT" "^backend: wasm .*\\(oneDNN addon: @seg/backend-linux-x64 is not installed"
rm -rf "$WITH" "$WITHOUT"
echo "native package: OK (prebuilt addon picked up by plain npm; wasm with one line without it)"
