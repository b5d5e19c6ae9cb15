//! `costplan pricing show --service S --region R [--filter k=v ...] [--format table|json]`.
//! Unknown attribute values give an empty listing with a hint (exit 0), not an error.

use std::process::ExitCode;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use super::{Format, PricingDirArg};
use crate::cli::print_out;
use crate::pricing::format::Product;
use crate::pricing::show::{list, parse_filter};

/// Attributes that repeat on every product of a file and so say nothing in a listing.
const NOISE: &[&str] = &["location", "locationType", "regionCode", "servicecode", "servicename"];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// AWS service code: AmazonRDS, AmazonECS, AmazonEC2, AWSELB, AmazonS3 ...
    #[arg(long)]
    service: String,
    /// Region code: us-east-1, eu-west-1 ...
    #[arg(long)]
    region: String,
    /// Attribute filter `key=value` (case-insensitive value; `productFamily=...` filters the
    /// family). Repeatable; all must match.
    #[arg(long = "filter", value_name = "KEY=VALUE", value_parser = parse_filter_arg)]
    filters: Vec<(String, String)>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    dir: PricingDirArg,
}

fn parse_filter_arg(s: &str) -> Result<(String, String), String> {
    parse_filter(s).ok_or_else(|| format!("`{s}` is not KEY=VALUE (e.g. instanceType=db.t3.micro)"))
}

#[derive(Serialize)]
struct JsonOut<'a> {
    service: &'a str,
    region: &'a str,
    products: &'a [&'a Product],
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let catalog = args.dir.load()?;
    let listing = match list(&catalog, &args.service, &args.region, &args.filters) {
        Ok(l) => l,
        Err(e) => {
            let services = catalog.services();
            let regions = catalog.regions(&args.service);
            let known = if regions.is_empty() {
                format!("services with prices: {}", services.join(", "))
            } else {
                format!("regions with `{}` prices: {}", args.service, regions.join(", "))
            };
            anyhow::bail!("{e}; {known}");
        }
    };
    match args.format {
        Format::Json => print_out(&serde_json::to_string_pretty(&JsonOut {
            service: &args.service,
            region: &args.region,
            products: &listing.products,
            hint: listing.hint.as_deref(),
        })?)?,
        Format::Table => {
            let mut out = table(&listing.products);
            if let Some(h) = &listing.hint {
                out = format!("{h}\n");
            }
            print_out(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn table(products: &[&Product]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    t.set_header([
        "sku",
        "productFamily",
        "usagetype",
        "attributes",
        "term",
        "range",
        "unit",
        "USD",
        "verified",
    ]);
    for p in products {
        let attrs: Vec<String> = p
            .attributes
            .iter()
            .filter(|(k, _)| k.as_str() != "usagetype" && !NOISE.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for term in p.terms.on_demand.iter().chain(&p.terms.reserved) {
            for d in &term.price_dimensions {
                let range = match d.end_range {
                    Some(end) => format!("{}..{end}", d.begin_range),
                    None => format!("{}..", d.begin_range),
                };
                let verified = match &d.provenance {
                    Some(pv) if !pv.verified => "no",
                    _ => "yes",
                };
                t.add_row([
                    p.sku.clone(),
                    p.product_family.clone(),
                    p.attributes.get("usagetype").cloned().unwrap_or_default(),
                    attrs.join(" "),
                    term.label(),
                    range,
                    d.unit.clone(),
                    d.usd.to_string(),
                    verified.to_string(),
                ]);
            }
        }
    }
    let mut s = t.to_string();
    s.push_str(&format!("\n{} products\n", products.len()));
    s
}
