//! `costplan pricing refresh [--region R ...] [--service S ...] [--source api|bulk]
//! [--endpoint-url URL] [--pricing-endpoint-region R] [--pricing-dir D] [-q]`: fetch
//! current AWS list prices into the pricing cache (see `crate::pricing::refresh`), with a
//! progress bar on a terminal and a summary of what changed.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::ValueEnum;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressStyle};

use super::Format;
use crate::cli::print_out;
use crate::pricing::CatalogOptions;
use crate::pricing::refresh::{
    self, NoProgress, Progress, RefreshOptions, RetryPolicy, SourceChoice, Summary,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// The AWS Price List Query API (`GetProducts`); needs AWS credentials.
    Api,
    /// The public bulk offer files; no credentials, but no NAT gateway prices (AmazonEC2).
    Bulk,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Region code to refresh (repeatable, or comma-separated). Default: the regions the cache
    /// and the bundled snapshot already have for each service.
    #[arg(long = "region", value_name = "REGION", value_delimiter = ',')]
    regions: Vec<String>,
    /// Service code to refresh (repeatable, or comma-separated), e.g. AmazonRDS. Default: every
    /// service costplan prices.
    #[arg(long = "service", value_name = "SERVICE", value_delimiter = ',')]
    services: Vec<String>,
    /// Where prices come from. Default: the Price List API when AWS credentials resolve.
    #[arg(long, value_enum)]
    source: Option<Source>,
    /// Endpoint of the Price List API (api), or base URL of the offer files (bulk). The API
    /// endpoint also follows AWS_ENDPOINT_URL_PRICING and AWS_ENDPOINT_URL.
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// Region of the Price List API endpoint (the priced region is chosen by --region).
    #[arg(long, value_name = "REGION", default_value = "us-east-1",
          value_parser = clap::builder::PossibleValuesParser::new(refresh::PRICING_ENDPOINT_REGIONS))]
    pricing_endpoint_region: String,
    /// The cache directory to write. Default: $COSTPLAN_PRICING_DIR, else the platform cache
    /// directory (`~/.cache/costplan/pricing`).
    #[arg(long, value_name = "DIR")]
    pricing_dir: Option<PathBuf>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=32))]
    concurrency: u16,
    /// Attempts per request on throttling, 5xx and network errors (1 = no retry).
    #[arg(long, default_value_t = 5, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=20))]
    max_attempts: u32,
    /// Seconds one request may take to answer (API: a page; bulk: the response headers of a
    /// file, and the longest pause in its download, which otherwise streams without a deadline)
    /// before it is retried.
    #[arg(long, default_value_t = 120, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    request_timeout: u64,
    /// Seconds to wait for a connection (to the Price List API, or to the offer-file server or
    /// the proxy tunnel to it).
    #[arg(long, default_value_t = crate::aws::DEFAULT_CONNECT_TIMEOUT_SECS, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    connect_timeout: u64,
    /// Summary format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn fetched(&self, _service: &str, _region: &str, detail: &str) {
        self.0.set_message(detail.to_string());
    }
    fn retrying(&self, what: &str, attempt: u32, reason: &str) {
        self.0.set_message(format!("retry {attempt}: {what}: {reason}"));
    }
    fn done(&self, _service: &str, _region: &str) {
        self.0.inc(1);
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cache_dir = match args.pricing_dir.clone().or_else(CatalogOptions::default_user_cache) {
        Some(d) => d,
        None => anyhow::bail!(
            "no cache directory: this platform has no cache dir; pass --pricing-dir or set \
             ${}",
            crate::pricing::ENV_PRICING_DIR
        ),
    };
    let opts = RefreshOptions {
        services: args.services.clone(),
        regions: args.regions.clone(),
        source: match args.source {
            None => SourceChoice::Auto,
            Some(Source::Api) => SourceChoice::Api,
            Some(Source::Bulk) => SourceChoice::Bulk,
        },
        endpoint_url: args.endpoint_url.clone(),
        pricing_endpoint_region: args.pricing_endpoint_region.clone(),
        cache_dir,
        concurrency: usize::from(args.concurrency),
        retry: RetryPolicy { max_attempts: args.max_attempts, ..RetryPolicy::default() },
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
        connect_timeout: std::time::Duration::from_secs(args.connect_timeout),
        today: chrono::Utc::now().date_naive(),
    };
    let bar = (!crate::cli::quiet() && std::io::stderr().is_terminal()).then(|| {
        let pb = ProgressBar::new(0);
        pb.set_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb
    });
    let progress: Arc<dyn Progress> = match &bar {
        Some(pb) => Arc::new(Bar(pb.clone())),
        None => Arc::new(NoProgress),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(refresh::run(&opts, progress));
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let summary = result.with_context(|| {
        format!("pricing refresh failed; the cache `{}` is unchanged", opts.cache_dir.display())
    })?;
    match (args.format, crate::cli::quiet()) {
        (Format::Json, _) => print_out(&serde_json::to_string_pretty(&summary)?)?,
        (Format::Table, true) => print_out(&headline(&summary))?,
        (Format::Table, false) => print_out(&render(&summary))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn headline(s: &Summary) -> String {
    let sum = |f: fn(&refresh::FileChange) -> usize| s.files.iter().map(f).sum::<usize>();
    format!(
        "refreshed {} file(s) in `{}` from {}: {} product(s) added, {} removed, {} price(s) \
         changed; {} malformed item(s) skipped, {} request(s) retried",
        s.files.len(),
        s.cache_dir.display(),
        s.source,
        sum(|f| f.added),
        sum(|f| f.removed),
        sum(|f| f.prices_changed),
        s.skipped_items.len(),
        s.retries
    )
}

fn render(s: &Summary) -> String {
    let mut out = headline(s);
    out.push('\n');
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "file",
        "previous",
        "products",
        "added",
        "removed",
        "prices changed",
        "carried over",
        "skipped",
    ]);
    for f in &s.files {
        t.add_row([
            f.file.clone(),
            f.previous.clone(),
            f.products.to_string(),
            f.added.to_string(),
            f.removed.to_string(),
            f.prices_changed.to_string(),
            f.carried_over.to_string(),
            f.skipped_items.to_string(),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    if !s.largest_changes.is_empty() {
        out.push_str("largest price changes:\n");
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED);
        t.set_header([
            "file",
            "sku",
            "usagetype",
            "term",
            "unit",
            "from",
            "old USD",
            "new USD",
            "change",
        ]);
        for c in &s.largest_changes {
            t.add_row([
                c.file.clone(),
                c.sku.clone(),
                c.usage_type.clone().unwrap_or_default(),
                c.term.clone(),
                c.unit.clone(),
                c.begin_range.to_string(),
                c.old_usd.normalize().to_string(),
                c.new_usd.normalize().to_string(),
                c.change_pct.map_or_else(|| "from $0".to_string(), |p| format!("{p:+}%")),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    if s.files_kept > 0 {
        out.push_str(&format!("{} file(s) of the previous cache kept unchanged\n", s.files_kept));
    }
    for item in &s.skipped_items {
        out.push_str(&format!("warning: skipped malformed item: {item}\n"));
    }
    for n in &s.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}
