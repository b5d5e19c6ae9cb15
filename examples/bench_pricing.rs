//! Pricing benchmark (not a test): run through `bench/pricing.sh` on a release build.
//!
//! - lookups per second against the bundled snapshot: a mix of realistic queries (suffix usage
//!   types, exact attributes, reserved terms, tiered prices, one ambiguous and one not-found
//!   query) resolved in a loop after a warm-up that parses the files involved;
//! - process start → first resolved price: the binary re-runs itself with `--first-price`
//!   (build the catalog, resolve one RDS price, exit) and times each child from spawn to exit.

use std::io::Write as _;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use costplan::pricing::{Catalog, PriceQuery, PurchaseOption, Resolution};

fn queries() -> Vec<PriceQuery> {
    vec![
        PriceQuery::new("AmazonEC2", "us-east-1")
            .family("Compute Instance")
            .attr("instanceType", "m5.large")
            .attr("operatingSystem", "Linux")
            .attr("tenancy", "Shared")
            .usage_type("BoxUsage:m5.large"),
        PriceQuery::new("AmazonEC2", "us-east-1")
            .family("Storage")
            .attr("volumeApiName", "gp3")
            .usage_type("EBS:VolumeUsage.gp3"),
        PriceQuery::new("AmazonECS", "us-east-1")
            .family("Compute")
            .usage_type("Fargate-vCPU-Hours:perCPU"),
        PriceQuery::new("AmazonECS", "eu-west-1").family("Compute").usage_type("Fargate-GB-Hours"),
        PriceQuery::new("AmazonECS", "eu-central-1")
            .usage_type("SpotUsage-Fargate-vCPU-Hours:perCPU"),
        PriceQuery::new("AmazonEC2", "us-east-1")
            .family("NAT Gateway")
            .usage_type("NatGateway-Hours")
            .unit("Hrs"),
        PriceQuery::new("AmazonEC2", "eu-west-1")
            .family("NAT Gateway")
            .usage_type("NatGateway-Bytes")
            .unit("GB"),
        PriceQuery::new("AWSELB", "us-east-1")
            .family("Load Balancer-Application")
            .usage_type("LCUUsage"),
        PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr("databaseEngine", "PostgreSQL")
            .attr("instanceType", "db.t4g.micro")
            .attr("deploymentOption", "Single-AZ"),
        PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr("databaseEngine", "MySQL")
            .attr("instanceType", "db.m5.large")
            .attr("deploymentOption", "Single-AZ")
            .reserved(1, PurchaseOption::PartialUpfront),
        PriceQuery::new("AmazonRDS", "eu-central-1")
            .family("Database Storage")
            .usage_type("RDS:GP3-Storage"),
        PriceQuery::new("AmazonElastiCache", "us-east-1")
            .family("Cache Instance")
            .usage_type("NodeUsage:cache.t4g.small")
            .reserved(3, PurchaseOption::AllUpfront),
        PriceQuery::new("AmazonS3", "us-east-1")
            .family("Storage")
            .usage_type("TimedStorage-ByteHrs"),
        PriceQuery::new("AmazonS3", "us-east-1").family("API Request").usage_type("Requests-Tier2"),
        PriceQuery::new("AmazonCloudWatch", "us-east-1")
            .family("Metric")
            .usage_type("CW:MetricMonitorUsage"),
        PriceQuery::new("AmazonCloudWatch", "ap-southeast-1")
            .family("Data Payload")
            .usage_type("DataProcessing-Bytes"),
        PriceQuery::new("AmazonVPC", "us-east-1").usage_type("PublicIPv4:InUseAddress"),
        // One ambiguous (engine missing) and one not-found (unknown class) in the mix.
        PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .usage_type("InstanceUsage:db.t3.micro"),
        PriceQuery::new("AmazonRDS", "us-east-1")
            .family("Database Instance")
            .attr("instanceType", "db.x9.huge"),
    ]
}

/// Resolves the queries round-robin until `iterations` lookups are done.
fn run(cat: &Catalog, qs: &[PriceQuery], iterations: u64) -> (u64, Duration, usize) {
    let start = Instant::now();
    let (mut n, mut checksum) = (0u64, 0usize);
    while n < iterations {
        for q in qs {
            match cat.resolve(q) {
                Resolution::Found(p) => checksum += p.tiers.len(),
                Resolution::Ambiguous { candidates } => checksum += candidates.len(),
                Resolution::NotFound { closest, .. } => checksum += closest.len(),
            }
            n += 1;
        }
    }
    (n, start.elapsed(), checksum)
}

fn first_price() -> ExitCode {
    let cat = Catalog::bundled();
    let q = PriceQuery::new("AmazonRDS", "us-east-1")
        .family("Database Instance")
        .attr("databaseEngine", "PostgreSQL")
        .attr("instanceType", "db.t3.micro")
        .attr("deploymentOption", "Single-AZ");
    match cat.resolve(&q) {
        Resolution::Found(_) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--first-price") {
        return first_price();
    }
    let mut out = std::io::stdout().lock();

    // In-process: catalog creation + first resolve (includes parsing that one file).
    let t0 = Instant::now();
    let cat = Catalog::bundled();
    let t_catalog = t0.elapsed();
    let qs = queries();
    let r = cat.resolve(&qs[6]);
    let t_first = t0.elapsed();
    assert!(matches!(r, Resolution::Found(_)));

    // Warm-up (parses every file the mix touches), and split the mix by outcome.
    let (found, failing): (Vec<PriceQuery>, Vec<PriceQuery>) =
        qs.iter().cloned().partition(|q| matches!(cat.resolve(q), Resolution::Found(_)));
    let iterations: u64 =
        std::env::var("BENCH_LOOKUPS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000_000);
    let (n, elapsed, checksum) = run(&cat, &found, iterations);
    let per_sec = n as f64 / elapsed.as_secs_f64();
    let (fail_n, fail_elapsed, _) = run(&cat, &failing, iterations / 20);
    let fail_per_sec = fail_n as f64 / fail_elapsed.as_secs_f64();

    // Process start → first resolved price, from spawn to exit of a child.
    let exe = std::env::current_exe().expect("own path");
    let runs = 40;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new(&exe).arg("--first-price").status().expect("spawn");
        times.push(t.elapsed());
        assert!(status.success(), "child did not resolve its price");
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;

    let _ = writeln!(
        out,
        "found lookups ({} queries over 8 services, 6 regions): {n} in {:.3} s = {per_sec:.0} lookups/s (target >= 1,000,000/s) [checksum {checksum}]",
        found.len(),
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "ambiguous / not-found lookups with diagnostics ({} queries): {fail_n} in {:.3} s = {fail_per_sec:.0} lookups/s",
        failing.len(),
        fail_elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "in-process: Catalog::bundled() {:.3} ms, first resolved price {:.3} ms after start of main",
        ms(t_catalog),
        ms(t_first)
    );
    let _ = writeln!(
        out,
        "process spawn -> first resolved price -> exit, {runs} runs: min {:.2} ms, median {:.2} ms, p90 {:.2} ms (target <= 5 ms)",
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[runs * 9 / 10])
    );
    ExitCode::SUCCESS
}
