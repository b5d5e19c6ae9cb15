//! `aws_vpc_endpoint`: Gateway endpoints (S3, DynamoDB; the Terraform default type) are free.
//! Interface and Gateway Load Balancer endpoints are charged per hour in each Availability Zone
//! they have a network interface in (one per subnet), plus per GB processed.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_str, n};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    HOURS = "vpce.hours",
    DATA_PROCESSED = "vpce.data_processed",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_vpc_endpoint", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let kind = attr_str(inst, "vpc_endpoint_type").unwrap_or("Gateway");
    if kind.eq_ignore_ascii_case("Gateway") {
        return Mapping::Free("gateway endpoints (S3, DynamoDB) have no charge".into());
    }
    let q = |u: &str| PriceQuery::new("AmazonVPC", &ctx.region).family("VpcEndpoint").usage_type(u);
    let mut priced = Priced::default();
    let subnets = inst.attr("subnet_ids");
    let azs = match subnets.and_then(Value::as_list) {
        Some(list) if !list.is_empty() => Decimal::from(list.len()),
        _ => {
            if subnets.is_some_and(Value::contains_unknown) {
                priced.warn(
                    inst,
                    "value-unknown",
                    "`subnet_ids` is not known until apply: priced for 1 Availability Zone",
                );
            }
            Decimal::ONE
        }
    };
    let hours = ctx.hours_per_month;
    priced.components.push(ComponentSpec::new(
        HOURS,
        format!("Endpoint ({kind})"),
        "hours",
        Quantity::fixed(
            azs * hours,
            format!("{} AZ(s) × {} h = {}", n(azs), n(hours), n(azs * hours)),
        ),
        q("VpcEndpoint-Hours"),
    ));
    priced.components.push(ComponentSpec::new(
        DATA_PROCESSED,
        "Data processed",
        "GB",
        Quantity::usage(inst, ctx, "monthly_data_processed_gb", Decimal::ONE, ""),
        q("VpcEndpoint-Bytes"),
    ));
    Mapping::Priced(priced)
}
