//! AWS Price List JSON → cache [`Product`]s.
//!
//! Input is one product with its terms, either a `GetProducts` `PriceList` element (a JSON string
//! holding `product`, `terms`, `publicationDate`) or a product and its terms picked out of a bulk
//! offer file (same shapes, keyed by sku). Output is the cache format of [`crate::pricing::format`]:
//! terms and dimensions as arrays in a canonical order, units in one spelling, prices as decimals.
//!
//! Rules:
//! - a `$0` rate dimension whose unit has no priced dimension in the same term, beside priced
//!   ones, is dropped (it would make the unit ambiguous); a `$0` tier of a priced unit is kept
//!   (free first tiers are real), and so is the `$0` hourly rate of an All Upfront term;
//! - a `$0` upfront (`Quantity`) dimension is dropped: no fee is not a fee of zero;
//! - an item that cannot be read (bad JSON, missing sku, a dimension without a USD price or with
//!   a price that is not a decimal) is an error naming the sku when known; callers skip it and
//!   count it.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::pricing::format::{PriceDimension, PriceTerm, Product, Terms};
use crate::pricing::unit;

/// Unit of an upfront fee in the Price List.
const UPFRONT_UNIT: &str = "Quantity";

/// One `PriceList` element of `GetProducts`.
#[derive(Debug, Deserialize)]
pub struct RawItem {
    pub product: RawProduct,
    #[serde(default)]
    pub terms: RawTerms,
    #[serde(rename = "publicationDate", default)]
    pub publication_date: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawProduct {
    pub sku: String,
    #[serde(rename = "productFamily", default)]
    pub product_family: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

/// `terms` of a `PriceList` element: term type → offer term code → term.
#[derive(Debug, Default, Deserialize)]
pub struct RawTerms {
    #[serde(rename = "OnDemand", default)]
    pub on_demand: BTreeMap<String, RawTerm>,
    #[serde(rename = "Reserved", default)]
    pub reserved: BTreeMap<String, RawTerm>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawTerm {
    #[serde(rename = "effectiveDate", default)]
    pub effective_date: Option<String>,
    #[serde(rename = "termAttributes", default)]
    pub term_attributes: BTreeMap<String, String>,
    #[serde(rename = "priceDimensions", default)]
    pub price_dimensions: BTreeMap<String, RawDimension>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawDimension {
    #[serde(default)]
    pub unit: String,
    #[serde(rename = "beginRange", default)]
    pub begin_range: Option<String>,
    #[serde(rename = "endRange", default)]
    pub end_range: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(rename = "pricePerUnit", default)]
    pub price_per_unit: BTreeMap<String, String>,
}

/// Why an item was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The sku when it could be read.
    pub sku: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.sku {
            Some(s) => write!(f, "sku `{s}`: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// Parses and normalises one `GetProducts` `PriceList` string. Returns the product and the
/// item's publication date.
pub fn price_list_item(json: &str) -> Result<(Product, Option<String>), Malformed> {
    let item: RawItem = serde_json::from_str(json).map_err(|e| Malformed {
        sku: sku_hint(json),
        reason: format!("not a Price List product: {e}"),
    })?;
    let on_demand: Vec<RawTerm> = item.terms.on_demand.into_values().collect();
    let reserved: Vec<RawTerm> = item.terms.reserved.into_values().collect();
    let product = product(item.product, on_demand, reserved)?;
    Ok((product, item.publication_date))
}

/// Best-effort sku of an item that does not parse, for the warning.
fn sku_hint(json: &str) -> Option<String> {
    let at = json.find("\"sku\"")?;
    let rest = &json[at + 5..];
    let start = rest.find('"')? + 1;
    let len = rest[start..].find('"')?;
    Some(rest[start..start + len].to_string()).filter(|s| !s.is_empty() && s.len() < 64)
}

/// Normalises a product and its terms (OnDemand and Reserved) into the cache shape.
pub fn product(
    raw: RawProduct,
    on_demand: Vec<RawTerm>,
    reserved: Vec<RawTerm>,
) -> Result<Product, Malformed> {
    let sku = raw.sku.trim().to_string();
    if sku.is_empty() {
        return Err(Malformed { sku: None, reason: "product has an empty sku".into() });
    }
    let bad = |reason: String| Malformed { sku: Some(sku.clone()), reason };
    let mut terms = Terms::default();
    for t in on_demand {
        let mut term = term(t).map_err(bad)?;
        // OnDemand terms carry no meaningful attributes; an empty map is what marks OnDemand.
        term.term_attributes.clear();
        terms.on_demand.push(term);
    }
    for t in reserved {
        terms.reserved.push(term(t).map_err(bad)?);
    }
    let mut p = Product {
        sku: sku.clone(),
        product_family: raw.product_family.unwrap_or_default(),
        attributes: raw.attributes,
        terms,
        note: None,
    };
    canonicalise(&mut p);
    Ok(p)
}

fn term(raw: RawTerm) -> Result<PriceTerm, String> {
    let mut dims = Vec::with_capacity(raw.price_dimensions.len());
    for (rate_code, d) in raw.price_dimensions {
        dims.push(dimension(&rate_code, d)?);
    }
    Ok(PriceTerm {
        effective_date: raw.effective_date,
        term_attributes: raw.term_attributes,
        hourly_includes_upfront: false,
        price_dimensions: drop_zero_beside_priced(dims),
    })
}

fn dimension(rate_code: &str, d: RawDimension) -> Result<PriceDimension, String> {
    let usd_text = d
        .price_per_unit
        .get("USD")
        .ok_or_else(|| format!("price dimension `{rate_code}` has no USD price"))?;
    let usd = parse_decimal(usd_text).ok_or_else(|| {
        format!("price dimension `{rate_code}`: USD price `{usd_text}` is not a decimal")
    })?;
    if usd.is_sign_negative() {
        return Err(format!("price dimension `{rate_code}`: negative USD price `{usd_text}`"));
    }
    let begin_range = match d.begin_range.as_deref() {
        None | Some("") => Decimal::ZERO,
        Some(s) => parse_decimal(s).ok_or_else(|| {
            format!("price dimension `{rate_code}`: beginRange `{s}` is not a number")
        })?,
    };
    let end_range = match d.end_range.as_deref() {
        None | Some("" | "Inf") => None,
        Some(s) => Some(parse_decimal(s).ok_or_else(|| {
            format!("price dimension `{rate_code}`: endRange `{s}` is not a number or `Inf`")
        })?),
    };
    if d.unit.trim().is_empty() {
        return Err(format!("price dimension `{rate_code}` has no unit"));
    }
    Ok(PriceDimension {
        unit: unit::normalise(&d.unit),
        usd,
        begin_range,
        end_range,
        description: d.description.unwrap_or_default(),
        provenance: None,
    })
}

fn parse_decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    s.parse::<Decimal>().ok().or_else(|| Decimal::from_scientific(s).ok())
}

/// See the module rules: `$0` dimensions beside priced ones go, `$0` tiers of priced units stay.
fn drop_zero_beside_priced(dims: Vec<PriceDimension>) -> Vec<PriceDimension> {
    let priced_rate_units: BTreeSet<String> = dims
        .iter()
        .filter(|d| d.unit != UPFRONT_UNIT && !d.usd.is_zero())
        .map(|d| d.unit.clone())
        .collect();
    dims.into_iter()
        .filter(|d| {
            if !d.usd.is_zero() {
                return true;
            }
            if d.unit == UPFRONT_UNIT {
                return false;
            }
            priced_rate_units.is_empty() || priced_rate_units.contains(&d.unit)
        })
        .collect()
}

/// Canonical order of terms and dimensions, so that equal prices give byte-equal files whatever
/// order the source listed its offer and rate codes in.
pub fn canonicalise(p: &mut Product) {
    for t in p.terms.on_demand.iter_mut().chain(p.terms.reserved.iter_mut()) {
        t.price_dimensions.sort_by(|a, b| {
            (a.unit.as_str(), a.begin_range, a.usd).cmp(&(b.unit.as_str(), b.begin_range, b.usd))
        });
    }
    let key = |t: &PriceTerm| (t.term_attributes.clone(), t.effective_date.clone());
    p.terms.on_demand.sort_by_key(key);
    p.terms.reserved.sort_by_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(dims: &str) -> String {
        format!(
            r#"{{"product":{{"sku":"S1","productFamily":"Compute","attributes":{{"usagetype":"X"}}}},
               "terms":{{"OnDemand":{{"S1.T":{{"effectiveDate":"2026-01-01T00:00:00Z","termAttributes":{{}},
               "priceDimensions":{dims}}}}}}},"publicationDate":"2026-02-01T00:00:00Z"}}"#
        )
    }

    #[test]
    fn zero_dimension_beside_priced_one_is_dropped_but_zero_tier_kept() {
        let json = item(
            r#"{"a":{"unit":"hours","beginRange":"0","endRange":"Inf","pricePerUnit":{"USD":"0.5"}},
                "b":{"unit":"GB","beginRange":"0","endRange":"Inf","pricePerUnit":{"USD":"0.0000000000"}},
                "c":{"unit":"Hrs","beginRange":"10","endRange":"Inf","pricePerUnit":{"USD":"0"}}}"#,
        );
        let (p, date) = price_list_item(&json).unwrap();
        assert_eq!(date.as_deref(), Some("2026-02-01T00:00:00Z"));
        let dims = &p.terms.on_demand[0].price_dimensions;
        let units: Vec<(&str, String)> =
            dims.iter().map(|d| (d.unit.as_str(), d.usd.to_string())).collect();
        assert_eq!(units, vec![("Hrs", "0.5".to_string()), ("Hrs", "0".to_string())]);
    }

    #[test]
    fn missing_usd_is_malformed_with_sku() {
        let json = item(r#"{"a":{"unit":"Hrs","pricePerUnit":{"CNY":"1"}}}"#);
        let err = price_list_item(&json).unwrap_err();
        assert_eq!(err.sku.as_deref(), Some("S1"));
        assert!(err.reason.contains("no USD price"), "{err}");
    }

    #[test]
    fn not_json_is_malformed_with_sku_hint() {
        let err = price_list_item(r#"{"product":{"sku":"ABC","productFamily": 3"#).unwrap_err();
        assert_eq!(err.sku.as_deref(), Some("ABC"));
    }
}
