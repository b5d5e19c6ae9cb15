//! The `costplan` binary: parse arguments, run the command, map the outcome to an exit code.
//! All work happens in the library (`costplan::cli`).

/// mimalloc with the polars build: billing ingestion allocates and frees large decoded batches
/// at a high rate, and glibc's allocator hands them back to the kernel and faults them in again
/// (on `bench/actuals.sh`, 0.9–1.1 s of system time against 0.2–0.4 s with mimalloc).
#[cfg(feature = "polars")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    costplan::cli::main()
}
