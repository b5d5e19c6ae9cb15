#!/usr/bin/env bash
# Installs a released costplan binary: downloads the archive of this machine's target from the
# GitHub release, checks it against the release's SHA-256 checksum, and unpacks it. Used by the
# GitHub Action (action.yml) and the example workflow; runs the same on a laptop:
#
#   scripts/install.sh --repo OWNER/NAME [--version vX.Y.Z|latest] [--dir DIR]
#   scripts/install.sh --repo OWNER/NAME --resolve     # prints `version=... target=...`, installs nothing
#
# Installs DIR/costplan (default DIR: ~/.local/bin) and prints its path. `latest` is resolved to
# the tag of the latest release first, so a cache keyed on the printed version stays correct.
# Needs curl, tar (unzip on Windows) and sha256sum or shasum. COSTPLAN_GITHUB_URL replaces
# https://github.com (GitHub Enterprise, a mirror, or a file:// folder laid out the same way).
set -euo pipefail
github="${COSTPLAN_GITHUB_URL:-https://github.com}"

repo="" version=latest dir="${HOME}/.local/bin" resolve_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --resolve) resolve_only=true; shift ;;
    *) echo "error: unknown option \`$1\` (see the top of $0)" >&2; exit 2 ;;
  esac
done
[ -n "$repo" ] || { echo "error: --repo OWNER/NAME is required (the repository whose releases hold costplan)" >&2; exit 2; }

os="$(uname -s)" arch="$(uname -m)"
case "$os/$arch" in
  Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) target=x86_64-pc-windows-msvc ;;
  *) echo "error: no released binary for $os/$arch; build from source: cargo install --locked --path ." >&2; exit 1 ;;
esac
case "$target" in
  *-windows-msvc) archive="costplan-$target.zip" exe=costplan.exe ;;
  *) archive="costplan-$target.tar.gz" exe=costplan ;;
esac

if [ "$version" = latest ]; then
  # github.com/OWNER/NAME/releases/latest redirects to .../releases/tag/TAG.
  url="$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$github/$repo/releases/latest")" || {
    echo "error: no release found at $github/$repo/releases (is --repo right?)" >&2
    exit 1
  }
  version="${url##*/}"
  case "$version" in
    latest | releases | "") echo "error: $github/$repo has no release yet" >&2; exit 1 ;;
  esac
fi

if $resolve_only; then
  echo "version=$version"
  echo "target=$target"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
base="$github/$repo/releases/download/$version"
curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$archive"
curl -fsSL --retry 3 -o "$tmp/$archive.sha256" "$base/$archive.sha256"
(
  cd "$tmp"
  if command -v sha256sum >/dev/null; then
    sha256sum -c "$archive.sha256" >&2
  else
    shasum -a 256 -c "$archive.sha256" >&2
  fi
) || { echo "error: $archive does not match its published SHA-256 checksum" >&2; exit 1; }

mkdir -p "$tmp/x" "$dir"
case "$archive" in
  *.zip) unzip -q "$tmp/$archive" -d "$tmp/x" ;;
  *) tar -xzf "$tmp/$archive" -C "$tmp/x" ;;
esac
install -m 0755 "$tmp/x/$exe" "$dir/$exe"
echo "$dir/$exe"
