//! Re-pricing: apply a proposal's [`Change`]s to a copy of the evaluated instances, derive the
//! usage again from the same traffic profile (a NAT gateway fewer carries more data) and re-run
//! the estimate with the same prices. The figures of a finding are the difference between two
//! runs of the estimate code, never a separate formula. Purchase options
//! ([`Change::SetPurchase`]: a reserved term) replace the usage's for that address, so a
//! reservation is priced by the resource's own code from the catalog's reserved term, as a
//! scenario's `purchase:` block would be.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::AdviseError;
use super::rule::Change;
use crate::estimate::{self, Configuration, EstimateOptions, PriceLookup};
use crate::model::{Bucket, Report};
use crate::terraform::{Instance, Loaded, Value};
use crate::usage::{self, Profile, UsageSource, UsageValue};

/// What the estimate is re-run from.
pub struct Baseline<'a> {
    pub loaded: &'a Loaded,
    pub profile: &'a Profile,
    pub prices: &'a dyn PriceLookup,
    pub options: &'a EstimateOptions,
    pub report: &'a Report,
}

/// The estimate with some changes applied, compared with the baseline.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub report: Report,
    /// Addresses whose monthly cost differs (or that appear or disappear), sorted.
    pub affected: Vec<String>,
    /// Baseline monthly cost of `affected`.
    pub before: Decimal,
    /// Monthly cost of `affected` after the changes.
    pub after: Decimal,
    /// Affected resources whose cost after the change is incomplete while it was complete
    /// before (a price not found): the saving is then not known.
    pub newly_incomplete: Vec<String>,
    /// Affected resources whose cost before the change was incomplete (a usage not known):
    /// `before` is then a lower bound.
    pub incomplete_before: Vec<String>,
}

impl Baseline<'_> {
    /// Re-prices the configuration with `changes` applied.
    pub fn run(&self, changes: &[Change]) -> Result<Outcome, AdviseError> {
        let instances = apply(&self.loaded.instances, changes);
        let mut usage = usage::derive(self.profile, &instances)?;
        for change in changes {
            if let Change::SetUsage { address, key, value, formula } = change {
                let v = UsageValue {
                    value: *value,
                    source: UsageSource::Explicit,
                    formula: formula.clone(),
                };
                usage.set(address, key, v);
            }
            if let Change::SetPurchase { address, purchase } = change {
                usage.purchase.insert(address.clone(), purchase.clone());
            }
        }
        let config = Configuration {
            instances: &instances,
            warnings: &self.loaded.warnings,
            unset_variables: &self.loaded.unset_variables,
            modules_not_loaded: &self.loaded.modules_not_loaded,
        };
        let report = estimate::estimate(config, &usage, self.prices, self.options)?;
        let before_costs = &self.report.totals.by_resource;
        let after_costs = &report.totals.by_resource;
        let mut affected: BTreeSet<String> = BTreeSet::new();
        for (address, cost) in before_costs {
            if after_costs.get(address) != Some(cost) {
                affected.insert(address.clone());
            }
        }
        for address in after_costs.keys() {
            if !before_costs.contains_key(address) {
                affected.insert(address.clone());
            }
        }
        let sum = |costs: &std::collections::BTreeMap<String, Decimal>| -> Decimal {
            affected.iter().filter_map(|a| costs.get(a)).sum()
        };
        let incomplete = |r: &Report, a: &str| {
            r.resources()
                .any(|rc| rc.address == a && rc.bucket == Bucket::Estimated && rc.incomplete)
        };
        // A resource already incomplete (a usage not known, RDS backup) can still lose a price
        // with the change (a class the snapshot does not price): count prices not found.
        let prices_missing = |r: &Report, a: &str| {
            r.resources()
                .filter(|rc| rc.address == a)
                .flat_map(|rc| rc.all_components())
                .filter(|c| c.price.is_none())
                .count()
        };
        let newly_incomplete = affected
            .iter()
            .filter(|a| {
                (incomplete(&report, a) && !incomplete(self.report, a))
                    || prices_missing(&report, a) > prices_missing(self.report, a)
            })
            .cloned()
            .collect();
        let incomplete_before =
            affected.iter().filter(|a| incomplete(self.report, a)).cloned().collect();
        Ok(Outcome {
            before: sum(before_costs),
            after: sum(after_costs),
            affected: affected.into_iter().collect(),
            newly_incomplete,
            incomplete_before,
            report,
        })
    }
}

/// A copy of `instances` with `changes` applied; changes to addresses that do not exist are
/// ignored (the engine only builds changes from instances it saw).
pub fn apply(instances: &[Instance], changes: &[Change]) -> Vec<Instance> {
    let mut out: Vec<Instance> = instances.to_vec();
    for change in changes {
        match change {
            Change::Delete { address } => out.retain(|i| &i.address != address),
            Change::Set { address, attribute, value } => {
                if let Some(map) = attributes_mut(&mut out, address) {
                    map.insert(attribute.clone(), value.clone());
                }
            }
            Change::Remove { address, attribute } => {
                if let Some(map) = attributes_mut(&mut out, address) {
                    map.remove(attribute);
                }
            }
            Change::Add { instance } => {
                let at = out.partition_point(|i| i.address < instance.address);
                out.insert(at, (**instance).clone());
            }
            // Applied to the usage after it is derived.
            Change::SetUsage { .. } | Change::SetPurchase { .. } => {}
        }
    }
    out
}

fn attributes_mut<'a>(
    instances: &'a mut [Instance],
    address: &str,
) -> Option<&'a mut std::collections::BTreeMap<String, Value>> {
    let inst = instances.iter_mut().find(|i| i.address == address)?;
    if !matches!(inst.attributes, Value::Map(_)) {
        inst.attributes = Value::Map(Default::default());
    }
    match &mut inst.attributes {
        Value::Map(map) => Some(map),
        _ => None,
    }
}
