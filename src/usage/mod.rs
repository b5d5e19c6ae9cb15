//! Usage: how much of each resource a traffic scenario consumes.
//!
//! Contract with `resources/`: a resource's cost component asks [`Usage::get`] for a usage key
//! of its own address (Infracost's key names, unit last: `monthly_data_processed_gb`; the list
//! every type reads is [`keys::BY_TYPE`]). The value carries where it came from and the formula that
//! produced it, with the numbers filled in, so that every derived quantity is traceable.
//! Precedence: explicit (usage file / scenario override) > derived from the scenario's traffic >
//! built-in default. A key with no value is `None`: the component then says "depends on usage",
//! never $0. Knows nothing about prices.
//!
//! Flow: [`Profile`] (scenario YAML or the built-in default profile, `--requests`,
//! `--usage-file`) → [`derive`] over the Terraform instances → [`Usage`]. Every formula is
//! documented in `docs/usage-model.md`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod derive;
mod error;
pub mod keys;
pub mod links;
pub mod number;
mod profile;
pub mod scenario;

pub use derive::derive;
pub use error::{UnknownKey, UsageError};
pub use number::Rate;
pub use number::num as format_number;
pub use profile::{
    IgnoredUsage, Override, Payment, Profile, Purchase, PurchaseRule, SavingsPlanCover, Scope,
    Term, address_matches, resource_type_of,
};

use crate::terraform::Warning;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageSource {
    /// Given by the user for this resource (usage file, scenario `resources:` override).
    Explicit,
    /// Derived from the scenario's traffic model.
    Scenario,
    /// A built-in default assumption.
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageValue {
    pub value: Decimal,
    pub source: UsageSource,
    /// The formula with its numbers, e.g.
    /// `100000 req × 0.7 KB ÷ 1048576 KB/GB = 0.0668 GB`.
    pub formula: String,
}

/// Usage values per resource address, then per usage key. Sorted for deterministic output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub values: BTreeMap<String, BTreeMap<String, UsageValue>>,
    /// Purchase options per address (reserved term and payment, Spot share); absent = on demand.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub purchase: BTreeMap<String, Purchase>,
    /// What the traffic model computed about the load of each ECS service that receives the
    /// scenario's requests (for rules that size tasks; not a usage key, never priced).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub service_load: BTreeMap<String, ServiceLoad>,
    /// The objects the scenario's mix writes to a bucket, with their average size (for rules
    /// that depend on object size; not a usage key, never priced).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub s3_objects: BTreeMap<String, ObjectSizes>,
    /// Per address, the values a usage file gives for keys costplan does not read (the most
    /// specific scope last); each becomes a "not priced" line of the resource.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ignored: BTreeMap<String, Vec<IgnoredValue>>,
    /// Problems that did not stop derivation (`usage-link-ambiguous`, `usage-link-guessed`,
    /// `usage-address-unmatched`, `usage-type-unsupported`, `usage-split-evenly`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// A usage value given for a key costplan does not read ([`IgnoredUsage`] applied to one
/// resource).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredValue {
    pub key: String,
    pub value: String,
    /// `file:line` it came from.
    pub origin: String,
}

/// The load the traffic model puts on an ECS service behind a load balancer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLoad {
    /// Requests per second, averaged over the month and in the busiest hour.
    pub average_rps: Decimal,
    pub peak_rps: Decimal,
    /// Requests per second one task serves at the autoscaling target (`capacity_per_task`).
    pub capacity_per_task: Decimal,
    /// True when the scenario states `capacity_per_task`; false when it is the default
    /// profile's assumption.
    pub capacity_given: bool,
    /// The fewest tasks the service runs: its scaling target's `min_capacity`, or its fixed
    /// `desired_count`.
    pub floor_tasks: Decimal,
    /// The most tasks any hour runs.
    pub peak_tasks: Decimal,
    /// True when an `aws_appautoscaling_target` scales the service.
    pub autoscaled: bool,
    /// How the figures were computed, numbers filled in.
    pub formula: String,
}

/// The objects the scenario's mix writes to a bucket a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectSizes {
    pub objects_per_month: Decimal,
    pub kb_per_month: Decimal,
    /// `kb_per_month ÷ objects_per_month`: every object is assumed to be this size.
    pub average_kb: Decimal,
    pub formula: String,
}

impl Usage {
    pub fn get(&self, address: &str, key: &str) -> Option<&UsageValue> {
        self.values.get(address).and_then(|m| m.get(key))
    }

    pub fn set(&mut self, address: &str, key: &str, value: UsageValue) {
        self.values.entry(address.to_string()).or_default().insert(key.to_string(), value);
    }

    /// The values given for this address under keys costplan does not read, one per key (the
    /// most specific scope wins, as for read keys).
    pub fn ignored(&self, address: &str) -> &[IgnoredValue] {
        self.ignored.get(address).map(Vec::as_slice).unwrap_or_default()
    }

    /// The purchase options of an address, if any were given.
    pub fn purchase(&self, address: &str) -> Option<&Purchase> {
        self.purchase.get(address)
    }
}
