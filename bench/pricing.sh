#!/usr/bin/env bash
# Pricing benchmark: lookups/second on the bundled snapshot and process start → first resolved
# price. Builds the example in release mode (slow the first time) and prints the figures.
# Usage: bench/pricing.sh   (BENCH_LOOKUPS=N to change the loop length)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --no-default-features --example bench_pricing
exe="${CARGO_TARGET_DIR:-target}/release/examples/bench_pricing"
"$exe"
