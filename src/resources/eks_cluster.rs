//! `aws_eks_cluster`: cluster hours (the control plane, one per cluster), and for a Kubernetes
//! `version` past its end of standard support, extended-support hours on top (AWS bills both
//! lines: `AmazonEKS-Hours:perCluster` and `AmazonEKS-Hours:perClusterExtended`; $0.10 + $0.50
//! an hour in us-east-1, feed labels `Compute per Hours` and `Compute ExtendedSupport per
//! Hours`).
//!
//! Extended support: [`STANDARD_SUPPORT_ENDS`] lists each minor version's end of standard
//! support from AWS's EKS Kubernetes release calendar; a version listed there is in extended
//! support (every listed date has passed as of the table's date, 2026-12). A version not listed
//! (newer) or no `version` (EKS creates the latest) is in standard support. A version that is
//! set but not known until apply is priced at standard support with a `usage-assumed` warning
//! saying what extended support would add. `upgrade_policy { support_type = "STANDARD" }` makes
//! EKS upgrade the cluster at the end of standard support, so there is never an extended line.
//! No usage key; `--requests` derives nothing (the charge does not depend on traffic).

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_str, attr_unknown};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    CLUSTER = "eks.cluster",
    EXTENDED_SUPPORT = "eks.extended_support",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_eks_cluster", map, reads: &[], component_ids: COMPONENT_IDS };

/// Kubernetes minor version → end of standard support on EKS (AWS's EKS Kubernetes release
/// calendar, docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, as of 2026-12).
pub const STANDARD_SUPPORT_ENDS: &[(&str, &str)] = &[
    ("1.23", "2023-10-11"),
    ("1.24", "2024-01-31"),
    ("1.25", "2024-05-01"),
    ("1.26", "2024-06-11"),
    ("1.27", "2024-07-24"),
    ("1.28", "2024-11-26"),
    ("1.29", "2025-03-23"),
    ("1.30", "2025-07-23"),
    ("1.31", "2025-11-26"),
    ("1.32", "2026-03-23"),
    ("1.33", "2026-07-29"),
];

/// Whether a `version` (`1.29`, `1.29.3`) is past standard support, and when it ended.
pub fn extended_support_since(version: &str) -> Option<&'static str> {
    let mut parts = version.trim_start_matches('v').split('.');
    let minor = format!("{}.{}", parts.next()?, parts.next()?);
    STANDARD_SUPPORT_ENDS.iter().find(|(v, _)| *v == minor).map(|(_, date)| *date)
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = PriceQuery::new("AmazonEKS", &ctx.region).family("Compute");
    let mut priced = Priced::new(vec![ComponentSpec::new(
        CLUSTER,
        "EKS cluster",
        "hours",
        Quantity::hours(rust_decimal::Decimal::ONE, "cluster", ctx),
        q.clone().usage_type("AmazonEKS-Hours:perCluster"),
    )]);
    let auto_upgrade = attr_str(inst, "upgrade_policy.0.support_type") == Some("STANDARD");
    if auto_upgrade {
        return Mapping::Priced(priced);
    }
    if attr_unknown(inst, "version") {
        priced.warn(
            inst,
            "usage-assumed",
            "`version` is not known until apply: priced at standard support; a version past \
             standard support adds extended-support hours ($0.50 an hour in us-east-1)",
        );
        return Mapping::Priced(priced);
    }
    if let Some(version) = attr_str(inst, "version")
        && let Some(since) = extended_support_since(version)
    {
        let mut quantity = Quantity::hours(rust_decimal::Decimal::ONE, "cluster", ctx);
        quantity.formula = quantity
            .formula
            .map(|f| format!("{f} (version {version}: standard support ended {since})"));
        priced.components.push(ComponentSpec::new(
            EXTENDED_SUPPORT,
            format!("EKS extended support (Kubernetes {version})"),
            "hours",
            quantity,
            q.usage_type("AmazonEKS-Hours:perClusterExtended"),
        ));
    }
    Mapping::Priced(priced)
}
