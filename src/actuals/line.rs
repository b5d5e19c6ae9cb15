//! The normalised actual line: one row of spend whatever its source (CUR 2.0, legacy CUR, FOCUS,
//! Cost Explorer, Athena), with the cost under every basis the source provides.
//!
//! Fields a source does not provide, or that a pre-aggregating source grouped away, are `None`;
//! they show as `(none)` in outputs, never as an invented value.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::query::Basis;

/// What kind of charge a line is. Commitment purchases and discounts are kept apart from usage
/// so that invoice and amortised views can be explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineType {
    /// Usage at the on-demand (or spot) rate.
    Usage,
    /// Usage covered by a reservation or a Savings Plan (CUR `DiscountedUsage`,
    /// `SavingsPlanCoveredUsage`): its list cost is what the commitment covered, its amortised
    /// cost what the commitment was used for.
    CoveredUsage,
    /// Reserved Instance or Savings Plan fees (upfront, recurring), FOCUS `Purchase`.
    CommitmentFee,
    /// Negative adjustments that are not credits: Savings Plan negation, bundled/EDP discounts.
    Discount,
    Credit,
    Refund,
    Tax,
    /// FOCUS `Adjustment`: a correction of billing data (positive or negative) that is neither
    /// usage, a purchase, tax nor a credit. Counted as spend, and said so (see `credits`).
    Adjustment,
    /// Anything else (support fees, marketplace adjustments ...), kept visible.
    Other,
}

impl LineType {
    /// Maps CUR `line_item_line_item_type` (CUR 2.0 and legacy spell it the same).
    pub fn from_cur(raw: &str) -> LineType {
        match raw {
            "Usage" => LineType::Usage,
            "DiscountedUsage" | "SavingsPlanCoveredUsage" => LineType::CoveredUsage,
            "RIFee" | "Fee" | "SavingsPlanRecurringFee" | "SavingsPlanUpfrontFee" => {
                LineType::CommitmentFee
            }
            "SavingsPlanNegation"
            | "BundledDiscount"
            | "EdpDiscount"
            | "PrivateRateDiscount"
            | "DistributorDiscount"
            | "Discount" => LineType::Discount,
            "Credit" => LineType::Credit,
            "Refund" => LineType::Refund,
            "Tax" => LineType::Tax,
            _ => LineType::Other,
        }
    }

    /// The raw values of the line types a source must keep apart even when the query does not
    /// group by line type: credits and refunds (left out unless asked, their total reported)
    /// and, for FOCUS, adjustments (counted, their total reported). CUR line item types, or
    /// FOCUS charge categories when `focus`.
    pub fn set_apart_names(focus: bool) -> &'static [&'static str] {
        if focus { &["Credit", "Adjustment"] } else { &["Credit", "Refund"] }
    }

    /// Maps FOCUS `ChargeCategory` as the spec defines its values (`Usage`, `Purchase`, `Tax`,
    /// `Credit`, `Adjustment`), whatever the sign of the cost.
    pub fn from_focus(category: &str) -> LineType {
        match category {
            "Usage" => LineType::Usage,
            "Purchase" => LineType::CommitmentFee,
            "Credit" => LineType::Credit,
            "Tax" => LineType::Tax,
            "Adjustment" => LineType::Adjustment,
            _ => LineType::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineType::Usage => "usage",
            LineType::CoveredUsage => "covered-usage",
            LineType::CommitmentFee => "commitment-fee",
            LineType::Discount => "discount",
            LineType::Credit => "credit",
            LineType::Refund => "refund",
            LineType::Tax => "tax",
            LineType::Adjustment => "adjustment",
            LineType::Other => "other",
        }
    }

    /// Credits and refunds are left out unless `--include-credits`.
    pub fn is_credit_or_refund(self) -> bool {
        matches!(self, LineType::Credit | LineType::Refund)
    }
}

/// The cost of a line under each basis; `None` when the source does not provide that basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Costs {
    pub invoice: Option<Decimal>,
    pub amortized: Option<Decimal>,
    pub list: Option<Decimal>,
}

impl Costs {
    pub fn get(&self, basis: Basis) -> Option<Decimal> {
        match basis {
            Basis::Invoice => self.invoice,
            Basis::Amortized => self.amortized,
            Basis::List => self.list,
        }
    }
}

/// One normalised row of actual spend.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ActualLine {
    /// `YYYY-MM` (monthly) or `YYYY-MM-DD` (daily).
    pub period: String,
    pub account: Option<String>,
    pub region: Option<String>,
    /// Service code (`AmazonRDS`) for CUR/FOCUS/Athena; Cost Explorer's service name otherwise.
    pub service: Option<String>,
    /// Who provides the service: FOCUS `ProviderName` (`AWS`, `Microsoft`, `Oracle` ...);
    /// `AWS` for CUR and Athena, whose data is AWS's own.
    pub provider: Option<String>,
    /// Usage type as billed, region prefix kept (`EU-NatGateway-Hours`).
    pub usage_type: Option<String>,
    pub operation: Option<String>,
    pub resource_id: Option<String>,
    /// Normalised tag keys (see [`super::normalise_tag_key`]) to values.
    pub tags: BTreeMap<String, String>,
    pub line_type: Option<LineType>,
    pub costs: Costs,
    pub currency: String,
    pub usage_quantity: Option<Decimal>,
    pub usage_unit: Option<String>,
    /// Cost Explorer marks periods that are not final yet.
    pub estimated: bool,
}

impl ActualLine {
    /// Usage type without its region prefix, the key to reconcile with price-list usage types.
    pub fn usage_type_suffix(&self) -> Option<&str> {
        self.usage_type.as_deref().map(strip_region_prefix)
    }
}

/// Region prefixes used in usage types (`USE1-`, `EU-`, `APS3-` ...), see the billing notes.
const REGION_PREFIXES: &[&str] = &[
    "USE1", "USE2", "USW1", "USW2", "EU", "EUW2", "EUW3", "EUC1", "EUC2", "EUN1", "EUS1", "EUS2",
    "APS1", "APS2", "APS3", "APS4", "APS5", "APN1", "APN2", "APN3", "APE1", "CAN1", "CAN2", "SAE1",
    "MES1", "MEC1", "AFS1", "ILC1", "UGW1", "UGE1", "USE1-AZ", "MXC1",
];

/// Strips the region prefix of a usage type: `EUC1-NatGateway-Hours` → `NatGateway-Hours`;
/// unprefixed (us-east-1) usage types are returned unchanged. Only known prefixes are stripped,
/// so `Requests-Tier1` stays whole.
pub fn strip_region_prefix(usage_type: &str) -> &str {
    if let Some((head, rest)) = usage_type.split_once('-')
        && !rest.is_empty()
        && REGION_PREFIXES.contains(&head)
    {
        return rest;
    }
    usage_type
}

/// Input columns of one CUR row needed for the amortised cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct CurCostInputs {
    pub unblended: Decimal,
    pub savings_plan_effective: Option<Decimal>,
    pub reservation_effective: Option<Decimal>,
    pub reservation_unused_amortized_upfront: Option<Decimal>,
    pub reservation_unused_recurring: Option<Decimal>,
    pub savings_plan_total_commitment: Option<Decimal>,
    pub savings_plan_used_commitment: Option<Decimal>,
}

/// The CUR amortised-cost rule (AWS "amortized cost" view), applied per row:
/// SavingsPlanCoveredUsage → savings plan effective cost; DiscountedUsage → reservation
/// effective cost; SavingsPlanNegation and SavingsPlanUpfrontFee → 0 (their cost is already in
/// the covered usage); RIFee → the unused part of the reservation (amortised upfront + recurring);
/// anything else → unblended. The polars and Athena sources express the same rule as
/// expressions/SQL; tests check the three agree.
pub fn cur_amortized(line_item_type: &str, c: &CurCostInputs) -> Decimal {
    let z = Decimal::ZERO;
    match line_item_type {
        "SavingsPlanCoveredUsage" => c.savings_plan_effective.unwrap_or(z),
        "DiscountedUsage" => c.reservation_effective.unwrap_or(z),
        "SavingsPlanNegation" | "SavingsPlanUpfrontFee" => z,
        "RIFee" => {
            c.reservation_unused_amortized_upfront.unwrap_or(z)
                + c.reservation_unused_recurring.unwrap_or(z)
        }
        "SavingsPlanRecurringFee" => {
            match (c.savings_plan_total_commitment, c.savings_plan_used_commitment) {
                (Some(total), Some(used)) => total - used,
                _ => c.unblended,
            }
        }
        _ => c.unblended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn strips_only_known_region_prefixes() {
        assert_eq!(strip_region_prefix("EUC1-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_region_prefix("EU-DataTransfer-Out-Bytes"), "DataTransfer-Out-Bytes");
        assert_eq!(strip_region_prefix("NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(strip_region_prefix("Requests-Tier1"), "Requests-Tier1");
        assert_eq!(strip_region_prefix("USE1-"), "USE1-");
    }

    #[test]
    fn amortized_rule_follows_line_item_type() {
        let c = CurCostInputs {
            unblended: dec!(10),
            savings_plan_effective: Some(dec!(6)),
            reservation_effective: Some(dec!(4)),
            reservation_unused_amortized_upfront: Some(dec!(1.5)),
            reservation_unused_recurring: Some(dec!(0.5)),
            savings_plan_total_commitment: Some(dec!(7)),
            savings_plan_used_commitment: Some(dec!(6.5)),
        };
        assert_eq!(cur_amortized("SavingsPlanCoveredUsage", &c), dec!(6));
        assert_eq!(cur_amortized("DiscountedUsage", &c), dec!(4));
        assert_eq!(cur_amortized("SavingsPlanNegation", &c), dec!(0));
        assert_eq!(cur_amortized("SavingsPlanUpfrontFee", &c), dec!(0));
        assert_eq!(cur_amortized("RIFee", &c), dec!(2.0));
        assert_eq!(cur_amortized("Usage", &c), dec!(10));
        assert_eq!(cur_amortized("SavingsPlanRecurringFee", &c), dec!(0.5));
        assert_eq!(LineType::from_cur("DiscountedUsage"), LineType::CoveredUsage);
        assert_eq!(LineType::from_cur("SavingsPlanNegation"), LineType::Discount);
        assert_eq!(LineType::from_focus("Purchase"), LineType::CommitmentFee);
    }

    /// The names the polars pipeline keeps when it collapses line types are exactly those that
    /// map to a credit, a refund or a FOCUS adjustment.
    #[test]
    fn set_apart_names_match_the_mappings() {
        let cur = [
            "Usage",
            "DiscountedUsage",
            "RIFee",
            "SavingsPlanNegation",
            "Credit",
            "Refund",
            "Tax",
            "Fee",
        ];
        let focus = ["Usage", "Purchase", "Credit", "Tax", "Adjustment"];
        let apart = |t: LineType| t.is_credit_or_refund() || t == LineType::Adjustment;
        for (focus_names, all) in [(false, &cur[..]), (true, &focus[..])] {
            let map =
                |n: &str| if focus_names { LineType::from_focus(n) } else { LineType::from_cur(n) };
            let listed = LineType::set_apart_names(focus_names);
            for name in all {
                assert_eq!(apart(map(name)), listed.contains(name), "{name}");
            }
            assert!(listed.iter().all(|n| apart(map(n))));
        }
    }

    /// FOCUS categories as the spec defines them: an adjustment is not a credit, whatever its
    /// sign (issue 21: positive adjustments were dropped as "credits and refunds").
    #[test]
    fn focus_charge_categories_follow_the_spec() {
        let mapped: Vec<LineType> = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]
            .iter()
            .map(|c| LineType::from_focus(c))
            .collect();
        assert_eq!(
            mapped,
            [
                LineType::Usage,
                LineType::CommitmentFee,
                LineType::Tax,
                LineType::Credit,
                LineType::Adjustment
            ]
        );
        assert!(!LineType::Adjustment.is_credit_or_refund());
        assert!(LineType::Credit.is_credit_or_refund());
    }
}
