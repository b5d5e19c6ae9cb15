//! `aws_secretsmanager_secret`: a monthly charge per secret (replicas count as secrets) and a
//! charge per 10,000 API calls.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, blocks, n};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    SECRET = "secretsmanager.secret",
    REQUESTS = "secretsmanager.requests",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_secretsmanager_secret",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |u: &str| PriceQuery::new("AWSSecretsManager", &ctx.region).usage_type(u);
    let replicas = Decimal::from(blocks(inst, "replica").len());
    let secrets = Decimal::ONE + replicas;
    let formula = if replicas.is_zero() {
        "1 secret".to_string()
    } else {
        format!("1 secret + {} replicas = {}", n(replicas), n(secrets))
    };
    let mut components = vec![ComponentSpec::new(
        SECRET,
        "Secret",
        "months",
        Quantity::fixed(secrets, formula),
        q("AWSSecretsManager-Secrets"),
    )];
    if ctx.usage.get(&inst.address, "monthly_requests").is_some() {
        components.push(
            ComponentSpec::new(
                REQUESTS,
                "API requests",
                "10k requests",
                Quantity::usage(inst, ctx, "monthly_requests", Decimal::new(1, 4), "÷ 10,000"),
                q("AWSSecretsManager-APIRequest"),
            )
            .multiplier(Decimal::from(10_000)),
        );
    }
    Mapping::Priced(Priced::new(components))
}
