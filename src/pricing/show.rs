//! Product listing for `costplan pricing show`: the products of one service and region matching
//! `key=value` filters, and when nothing matches, a hint naming the filter that matched nothing
//! with the values that exist.

use std::collections::BTreeSet;

use super::catalog::Catalog;
use super::error::PricingError;
use super::format::Product;

/// Products matching every filter, sorted by sku, plus a hint when the result is empty.
pub struct Listing<'a> {
    pub products: Vec<&'a Product>,
    pub hint: Option<String>,
}

/// Parses `key=value`.
pub fn parse_filter(s: &str) -> Option<(String, String)> {
    let (k, v) = s.split_once('=')?;
    let (k, v) = (k.trim(), v.trim());
    (!k.is_empty()).then(|| (k.to_string(), v.to_string()))
}

pub fn list<'a>(
    catalog: &'a Catalog,
    service: &str,
    region: &str,
    filters: &[(String, String)],
) -> Result<Listing<'a>, PricingError> {
    let file = catalog.file(service, region)?;
    let products = file.filter(filters);
    if !products.is_empty() {
        return Ok(Listing { products, hint: None });
    }
    // Narrow filter by filter to find the first that matches nothing.
    let mut applied: Vec<(String, String)> = Vec::new();
    let mut hint = format!("no product in `{}` matches the filters", file.file);
    for f in filters {
        applied.push(f.clone());
        if file.filter(&applied).is_empty() {
            let before = file.filter(&applied[..applied.len() - 1]);
            let values: BTreeSet<&str> = before
                .iter()
                .filter_map(|p| {
                    if f.0 == "productFamily" {
                        Some(p.product_family.as_str())
                    } else {
                        p.attributes.get(&f.0).map(String::as_str)
                    }
                })
                .collect();
            hint = if values.is_empty() {
                format!("no product in `{}` has attribute `{}`", file.file, f.0)
            } else {
                let shown: Vec<&str> = values.into_iter().take(20).collect();
                format!(
                    "no product in `{}` with {} = `{}`; known values: {}",
                    file.file,
                    f.0,
                    f.1,
                    shown.join(", ")
                )
            };
            break;
        }
    }
    Ok(Listing { products, hint: Some(hint) })
}
