# Shared by the bench scripts (sourced, from the repository root).
#
# costplan_bin [CARGO_BUILD_FLAGS...]: sets $bin to $COSTPLAN_BIN when set (e.g. a debug build,
# to try a script; its figures are not the targets'), else to a release build made here with the
# given flags; an absolute path either way, and says which binary is measured.
costplan_bin() {
    if [ -n "${COSTPLAN_BIN:-}" ]; then
        bin="$COSTPLAN_BIN"
    else
        cargo build --release --quiet --bin costplan "$@"
        bin="${CARGO_TARGET_DIR:-target}/release/costplan"
    fi
    [ -x "$bin" ] || { echo "no costplan binary at $bin" >&2; exit 1; }
    bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
    echo "binary: $bin"
}
