//! `costplan pricing`: inspect the price snapshot. Subcommands: `status` (age and source of every
//! cache file) and `show` (products of one service and region), and `refresh` (fetch from AWS,
//! in `src/cli/pricing/refresh.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::pricing::{Catalog, CatalogOptions};
use clap::{Subcommand, ValueEnum};

mod refresh;
mod show;
mod status;

/// `--pricing-dir`, shared by every command that prices (flatten it into their `Args`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PricingDirArg {
    /// Read prices from this cache directory (a `costplan pricing refresh` output, with its
    /// manifest.json) on top of the bundled snapshot and the user cache.
    #[arg(long, value_name = "DIR")]
    pub pricing_dir: Option<PathBuf>,
}

impl PricingDirArg {
    pub fn options(&self) -> CatalogOptions {
        CatalogOptions {
            pricing_dir: self.pricing_dir.clone(),
            user_cache: CatalogOptions::default_user_cache(),
        }
    }

    pub fn load(&self) -> anyhow::Result<Catalog> {
        Ok(Catalog::load(&self.options())?)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: PricingCommand,
}

#[derive(Debug, Subcommand)]
enum PricingCommand {
    /// Every price file (bundled or refreshed) with its source, age and row count; warns about
    /// files older than --max-age-days.
    Status(status::Args),
    /// The products and prices of one service in one region.
    Show(show::Args),
    /// Fetch current AWS list prices (Price List API or bulk offer files) into the pricing
    /// cache, atomically, and summarise what changed.
    Refresh(refresh::Args),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        PricingCommand::Status(a) => status::run(a),
        PricingCommand::Show(a) => show::run(a),
        PricingCommand::Refresh(a) => refresh::run(a),
    }
}
