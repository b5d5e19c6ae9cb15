//! The estimate arithmetic with arbitrary numbers: the example instances (a fuzzed selection)
//! with fuzzed usage values (up to the readers' bound, 10^20), priced from fuzzed tier tables
//! (any Decimal, up to 28 decimal places; tables kept to what the catalog accepts: no negative
//! price, no range ending before it begins, sorted by begin), with or without free tier and
//! upfront fees, over a fuzzed number of hours (1 to 744, as `--hours-per-month` allows). Every
//! product and sum must be checked: the estimate gives a report or an `EstimateError` naming
//! the resource, never a panic, and the report renders in every format and reads back as itself.
#![no_main]

#[path = "../common.rs"]
mod common;

use costplan::estimate::{
    self, Configuration, EstimateOptions, FoundPrice, Lookup, PriceLookup, PriceTier,
};
use costplan::model::PricingSource;
use costplan::pricing::PriceQuery;
use costplan::usage::{Usage, UsageSource, UsageValue, keys};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

/// Any Decimal: the 96-bit mantissa, sign and scale.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Amount {
    lo: u32,
    mid: u32,
    hi: u32,
    negative: bool,
    scale: u8,
}

impl Amount {
    fn value(self) -> Decimal {
        Decimal::from_parts(self.lo, self.mid, self.hi, self.negative, u32::from(self.scale % 29))
    }
}

/// The largest usage value the readers accept (`usage::number::TRAFFIC_LIMIT`, 10^20): a larger
/// one is an error where it is written, never reaches the estimate.
const TRAFFIC_LIMIT: Decimal = Decimal::from_parts(1_661_992_960, 1_808_227_885, 5, false, 0);

#[derive(Arbitrary, Debug)]
struct Input {
    free_tier: bool,
    hours: Option<Amount>,
    /// Price tables; a query takes the one its usage type hashes to.
    tables: Vec<Vec<(Amount, Option<Amount>, Amount)>>,
    upfront: Option<Amount>,
    hourly_includes_upfront: bool,
    /// (index into the example instances, usage values by index into the type's keys)
    resources: Vec<(u16, Vec<(u8, Amount)>)>,
}

struct Tables {
    tables: Vec<Vec<PriceTier>>,
    upfront: Option<Decimal>,
    hourly_includes_upfront: bool,
}

impl PriceLookup for Tables {
    fn lookup(&self, q: &PriceQuery) -> Lookup {
        let usage_type = q.attributes.iter().find(|a| a.key == "usagetype");
        let hash = usage_type.map_or(0, |a| a.value.bytes().map(usize::from).sum::<usize>());
        let Some(tiers) = (!self.tables.is_empty())
            .then(|| &self.tables[hash % self.tables.len()])
            .filter(|t| !t.is_empty())
        else {
            return Lookup::NotFound { hint: "fuzz".into(), closest: Vec::new() };
        };
        Lookup::Found(FoundPrice {
            sku: format!("FUZZ{hash}"),
            tiers: tiers.clone(),
            upfront_usd: self.upfront,
            hourly_includes_upfront: self.hourly_includes_upfront,
            source: PricingSource {
                file: format!("aws/{}/{}.json", q.service, q.region),
                source: "fuzz".into(),
                as_of: "2026-01".into(),
            },
        })
    }
}

fuzz_target!(|input: Input| {
    let examples = common::instances();
    if examples.is_empty() {
        return;
    }
    let mut instances = Vec::new();
    let mut usage = Usage::default();
    for (index, values) in input.resources.iter().take(16) {
        let inst = &examples[usize::from(*index) % examples.len()];
        let Some(type_keys) = keys::for_type(&inst.resource_type).filter(|k| !k.is_empty()) else {
            instances.push(inst.clone());
            continue;
        };
        for (key, amount) in values {
            let key = type_keys[usize::from(*key) % type_keys.len()];
            let value = amount.value().abs();
            if value > TRAFFIC_LIMIT {
                continue;
            }
            let value = UsageValue { value, source: UsageSource::Explicit, formula: String::new() };
            usage.set(&inst.address, key, value);
        }
        instances.push(inst.clone());
    }
    instances.sort_by(|a, b| a.address.cmp(&b.address));
    instances.dedup_by(|a, b| a.address == b.address);
    let tables = input
        .tables
        .iter()
        .take(8)
        .map(|table| {
            let mut tiers: Vec<PriceTier> = table
                .iter()
                .take(6)
                .map(|(begin, end, usd)| PriceTier {
                    begin: begin.value().abs(),
                    end: end.map(|e| e.value().abs()),
                    usd: usd.value().abs(),
                })
                .filter(|t| t.end.is_none_or(|e| e >= t.begin))
                .collect();
            tiers.sort_by(|a, b| a.begin.cmp(&b.begin));
            tiers
        })
        .collect();
    let prices = Tables {
        tables,
        upfront: input.upfront.map(|u| u.value().abs()),
        hourly_includes_upfront: input.hourly_includes_upfront,
    };
    let mut opts = EstimateOptions { free_tier: input.free_tier, ..EstimateOptions::default() };
    // `--hours-per-month` is refused outside 1..=744.
    if let Some(hours) = input.hours.map(|h| h.value().abs())
        && hours >= Decimal::ONE
        && hours <= Decimal::from(744)
    {
        opts.hours_per_month = hours;
    }
    let config = Configuration {
        instances: &instances,
        warnings: &[],
        unset_variables: &[],
        modules_not_loaded: &[],
    };
    if let Ok(report) = estimate::estimate(config, &usage, &prices, &opts) {
        common::render_all(&report);
    }
});
