//! What a cost component asks the catalog for. A query names a product the way the AWS Price
//! List does (service code, region, product family, attributes) plus the price term. Resolution
//! either finds exactly one price or says why not; it never guesses.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchOp {
    /// Attribute value equals exactly.
    Exact,
    /// Attribute value equals ignoring ASCII case.
    CaseInsensitive,
    /// For `usagetype`: the value equals the query after stripping an optional region prefix
    /// (`USE1-`, `EU-`, `APS1-` ...). `NatGateway-Hours` matches `USE1-NatGateway-Hours` and
    /// `NatGateway-Hours`, never `USE1-RegionalNatGateway-Hours` or `NatGateway-Prvd-Hours`.
    UsageTypeSuffix,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AttrMatch {
    pub key: String,
    pub op: MatchOp,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PurchaseOption {
    #[serde(rename = "No Upfront")]
    NoUpfront,
    #[serde(rename = "Partial Upfront")]
    PartialUpfront,
    #[serde(rename = "All Upfront")]
    AllUpfront,
    /// The legacy reservation types of old node and instance classes (ElastiCache `cache.m1`,
    /// `cache.m3` ...), before the three options above.
    #[serde(rename = "Heavy Utilization")]
    HeavyUtilization,
    #[serde(rename = "Medium Utilization")]
    MediumUtilization,
    #[serde(rename = "Light Utilization")]
    LightUtilization,
}

impl PurchaseOption {
    /// The Price List's name (`No Upfront`, `Heavy Utilization`).
    pub fn label(self) -> &'static str {
        match self {
            PurchaseOption::NoUpfront => "No Upfront",
            PurchaseOption::PartialUpfront => "Partial Upfront",
            PurchaseOption::AllUpfront => "All Upfront",
            PurchaseOption::HeavyUtilization => "Heavy Utilization",
            PurchaseOption::MediumUtilization => "Medium Utilization",
            PurchaseOption::LightUtilization => "Light Utilization",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Term {
    #[default]
    OnDemand,
    Reserved {
        /// Lease length in years (1 or 3).
        years: u8,
        purchase_option: PurchaseOption,
        /// `standard` or `convertible`; `None` accepts either when only one exists.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offering_class: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PriceQuery {
    /// AWS service code: `AmazonRDS`, `AmazonECS`, `AmazonEC2`, `AWSELB` ...
    pub service: String,
    /// Region code: `us-east-1`.
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_family: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttrMatch>,
    #[serde(default)]
    pub term: Term,
    /// Normalised unit the caller expects (`Hrs`, `GB-Mo`, `GB`, `Requests` ...), if it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Select the one tier whose range begins here (`51200` for S3 Standard's second tier).
    /// `None` returns every tier, for the caller to split a quantity across them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_start: Option<Decimal>,
}

impl PriceQuery {
    pub fn new(service: &str, region: &str) -> Self {
        Self {
            service: service.to_string(),
            region: region.to_string(),
            product_family: None,
            attributes: Vec::new(),
            term: Term::OnDemand,
            unit: None,
            tier_start: None,
        }
    }

    pub fn family(mut self, family: &str) -> Self {
        self.product_family = Some(family.to_string());
        self
    }

    pub fn attr(mut self, key: &str, value: &str) -> Self {
        self.attributes.push(AttrMatch {
            key: key.into(),
            op: MatchOp::Exact,
            value: value.into(),
        });
        self
    }

    pub fn attr_ci(mut self, key: &str, value: &str) -> Self {
        self.attributes.push(AttrMatch {
            key: key.into(),
            op: MatchOp::CaseInsensitive,
            value: value.into(),
        });
        self
    }

    pub fn usage_type(mut self, suffix: &str) -> Self {
        self.attributes.push(AttrMatch {
            key: "usagetype".into(),
            op: MatchOp::UsageTypeSuffix,
            value: suffix.into(),
        });
        self
    }

    pub fn term(mut self, term: Term) -> Self {
        self.term = term;
        self
    }

    pub fn unit(mut self, unit: &str) -> Self {
        self.unit = Some(unit.to_string());
        self
    }

    pub fn tier_start(mut self, begin: Decimal) -> Self {
        self.tier_start = Some(begin);
        self
    }

    /// `Reserved` term with the usual `standard` offering class left open.
    pub fn reserved(self, years: u8, purchase_option: PurchaseOption) -> Self {
        self.term(Term::Reserved { years, purchase_option, offering_class: None })
    }
}
