#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ one after the other, each for a given time, and prints
# executions and findings per target.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 600 s, every target)
#
# Installs cargo-fuzz at a pinned version when it is missing or another version. Uses the
# nightly toolchain when rustup has one; otherwise the pinned stable one with RUSTC_BOOTSTRAP=1
# (cargo-fuzz passes unstable flags; nothing is downloaded). Builds without a sanitizer (safe
# Rust: a panic, overflow, stack overflow, timeout or out-of-memory is the finding) and with
# debug assertions, so integer overflow panics too.
#
# Each target's corpus grows in fuzz/corpus/<target> (git-ignored), starting from the committed
# seeds in fuzz/seeds/<target> and the repository files its `FROM` list names. A finding is written to fuzz/artifacts/<target>/; reproduce it
# with `cargo fuzz run <target> fuzz/artifacts/<target>/<file>` (in fuzz/, same toolchain flags)
# and turn it into a regression test in the normal test suite (see fuzz/README.md).
# Environment: FUZZ_JOBS (parallel libFuzzer jobs per target, default 1), FUZZ_FLAGS (more
# libFuzzer flags).
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.2
seconds=${1:-600}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"

if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
    cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
fi

build=(--sanitizer none --debug-assertions)
cargo "${toolchain[@]}" fuzz build "${build[@]}"

jobs=()
if [[ "${FUZZ_JOBS:-1}" -gt 1 ]]; then
    jobs=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
fi
summary=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    # Seeds that are repository files (fixtures, examples, bundled prices) are listed in
    # seeds/<target>/FROM rather than copied into the tree: they join the corpus as they are now.
    if [[ -f "seeds/$t/FROM" ]]; then
        grep -v '^#' "seeds/$t/FROM" | while read -r path; do
            if [[ -n "$path" ]]; then cp "$root/$path" "corpus/$t/seed-${path//\//_}"; fi
        done
    fi
    before=$(find "artifacts/$t" -type f | sort)
    log="artifacts/$t.log"
    echo "== $t: ${seconds}s" >&2
    # -timeout: an input taking over 10 s is a finding (a hang); -rss_limit_mb: over 2 GB is one.
    status=0
    # shellcheck disable=SC2086
    cargo "${toolchain[@]}" fuzz run "${build[@]}" "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        ${jobs[@]+"${jobs[@]}"} ${FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
    # With -jobs, each job logs to fuzz-N.log in the current directory.
    cat fuzz-*.log >>"$log" 2>/dev/null && rm -f fuzz-*.log
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s += $2} END {print s + 0}')
    if [[ "$runs" == 0 ]]; then
        runs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || echo 0)
    fi
    corpus=$(find "corpus/$t" -type f | wc -l)
    new=$(comm -13 <(echo "$before") <(find "artifacts/$t" -type f | sort) | grep . || true)
    found=$(echo -n "$new" | grep -c . || true)
    line="$t: ${seconds}s, ${runs:-0} executions, corpus $corpus, findings $found (exit $status)"
    if [[ "$found" -gt 0 ]]; then
        line+=": $(echo "$new" | head -n 3 | tr '\n' ' ')"
        grep -m 1 -E "panicked at|ERROR: libFuzzer" "$log" >&2 || true
    fi
    echo "$line" >&2
    summary+=("$line")
done
printf '%s\n' "${summary[@]}"
