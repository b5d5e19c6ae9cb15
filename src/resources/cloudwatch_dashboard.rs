//! `aws_cloudwatch_dashboard`: a monthly charge per dashboard; the first 3 per account are free
//! (applied with `--free-tier`).

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    DASHBOARD = "cloudwatch.dashboard",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_cloudwatch_dashboard",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(_inst: &Instance, ctx: &Ctx) -> Mapping {
    Mapping::Priced(Priced::new(vec![
        ComponentSpec::new(
            DASHBOARD,
            "Dashboard",
            "months",
            Quantity::fixed(Decimal::ONE, "1 dashboard"),
            PriceQuery::new("AmazonCloudWatch", &ctx.region).usage_type("DashboardsUsageHour"),
        )
        .free_tier(FreeTierPool::CloudWatchDashboards),
    ]))
}
