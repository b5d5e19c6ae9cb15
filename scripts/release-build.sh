#!/usr/bin/env bash
# Builds one release archive of costplan for one target, with its SHA-256 checksum, and smoke-tests
# the binary when this machine can run it. The release workflow (.github/workflows/release.yml)
# and the container image (Dockerfile) run this script; run it locally the same way:
#
#   scripts/release-build.sh [--no-default-features] TARGET [DIST_DIR]
#
#   TARGET    x86_64-unknown-linux-musl, aarch64-unknown-linux-musl (static; need `musl-gcc`,
#             Debian/Ubuntu package musl-tools), x86_64-apple-darwin, aarch64-apple-darwin,
#             x86_64-pc-windows-msvc (static C runtime)
#   DIST_DIR  where the archive goes (default: dist)
#   --no-default-features   without polars (no CUR/FOCUS files: `actuals --from cur|focus` says so);
#             a shorter build, for trying the script; releases are built with the default features
#
# Writes DIST_DIR/costplan-TARGET.tar.gz (.zip for Windows) holding `costplan` (or
# `costplan.exe`), README.md and LICENSE when present, and DIST_DIR/costplan-TARGET.tar.gz.sha256
# in `sha256sum` format. Asset names carry no version, so `releases/latest/download/NAME` works.
set -euo pipefail

features=()
if [ "${1:-}" = "--no-default-features" ]; then
  features=(--no-default-features)
  shift
fi
target="${1:?usage: scripts/release-build.sh [--no-default-features] TARGET [DIST_DIR]}"
dist="${2:-dist}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

case "$target" in
  *-linux-musl)
    # Rust links musl targets statically; the C parts (aws-lc, zstd, lz4, mimalloc) need a musl
    # C compiler, which the cc crate finds as `musl-gcc` when no TARGET-gcc is installed.
    command -v musl-gcc >/dev/null || command -v "${target%%-*}-linux-musl-gcc" >/dev/null || {
      echo "error: no musl C compiler; install musl-tools (apt-get install musl-tools)" >&2
      exit 1
    }
    exe=costplan
    ;;
  *-windows-msvc)
    # The C runtime linked in, so the .exe needs no Visual C++ redistributable.
    export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static"
    exe=costplan.exe
    ;;
  *-apple-darwin)
    # macOS has no static libc: the binary links only libSystem, present on every Mac.
    exe=costplan
    ;;
  *)
    echo "error: unsupported target \`$target\` (see the list at the top of $0)" >&2
    exit 2
    ;;
esac

start=$(date +%s)
# `${a[@]+"${a[@]}"}`: an empty array under `set -u` in the bash 3 of macOS.
cargo build --release --locked --target "$target" ${features[@]+"${features[@]}"}
echo "build: $(( $(date +%s) - start )) s for $target ${features[*]+"${features[*]}"}" >&2

bin="${CARGO_TARGET_DIR:-target}/$target/release/$exe"

# Smoke test where the binary runs here: the version, and the README's first estimate with no
# network, no AWS configuration and an empty HOME (the bundled price snapshot only).
host="$(rustc -vV | sed -n 's/^host: //p')"
runs_here=false
case "$target" in
  "$host") runs_here=true ;;
  x86_64-unknown-linux-musl) [ "$host" = x86_64-unknown-linux-gnu ] && runs_here=true ;;
  aarch64-unknown-linux-musl) [ "$host" = aarch64-unknown-linux-gnu ] && runs_here=true ;;
esac
if $runs_here; then
  home="$(mktemp -d)"
  trap 'rm -rf "$home"' EXIT
  "$bin" --version
  env -i PATH="$PATH" HOME="$home" COSTPLAN_PRICING_DIR="$home/none" \
    "$bin" estimate --path examples/credlink --scenario scenarios/credlink-100k.yaml --format json \
    > "$home/estimate.json"
  grep -q '"totals"' "$home/estimate.json" || {
    echo "error: smoke test: the estimate has no totals" >&2
    exit 1
  }
  case "$target" in
    *-linux-musl)
      # A static binary has no program interpreter (no dynamic loader, no shared libraries).
      if command -v readelf >/dev/null && readelf -l "$bin" | grep -q 'Requesting program interpreter'; then
        echo "error: $bin is dynamically linked" >&2
        exit 1
      fi
      ;;
  esac
  echo "smoke test passed: $bin" >&2
else
  echo "smoke test skipped: $target does not run on $host" >&2
fi

mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"
stage="$(mktemp -d)"
cp "$bin" "$stage/"
for f in README.md LICENSE; do [ -e "$f" ] && cp "$f" "$stage/"; done
case "$target" in
  *-windows-msvc)
    archive="costplan-$target.zip"
    rm -f "$dist/$archive"
    if command -v 7z >/dev/null; then
      (cd "$stage" && 7z a -tzip -bd "$dist/$archive" . >/dev/null)
    else
      (cd "$stage" && zip -q -r "$dist/$archive" .)
    fi
    ;;
  *)
    archive="costplan-$target.tar.gz"
    # Sorted names, fixed owner and mode: the archive does not depend on who built it.
    if tar --version 2>/dev/null | grep -q GNU; then
      tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner -czf "$dist/$archive" .
    else
      tar -C "$stage" -czf "$dist/$archive" . # bsdtar (macOS)
    fi
    ;;
esac
rm -rf "$stage"

cd "$dist"
if command -v sha256sum >/dev/null; then
  sha256sum "$archive" > "$archive.sha256"
else
  shasum -a 256 "$archive" > "$archive.sha256"
fi
cat "$archive.sha256"
