//! `aws_wafv2_web_acl`: a monthly charge per web ACL, per rule (a managed or custom rule group
//! referenced from the ACL counts as one rule), and per million requests inspected. Infracost's
//! `rule_group_rules` and `managed_rule_group_rules` (the rules inside the rule groups and
//! managed rule groups the ACL uses, which the configuration does not show) are billed as more
//! rules, at the same rule rate, as Infracost adds them to the rule count.

use rust_decimal::Decimal;

use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, blocks, n};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    WEB_ACL = "waf.web_acl",
    RULES = "waf.rules",
    RULE_GROUP_RULES = "waf.rule_group_rules",
    MANAGED_RULE_GROUP_RULES = "waf.managed_rule_group_rules",
    REQUESTS = "waf.requests",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_wafv2_web_acl", map, reads: &[], component_ids: COMPONENT_IDS };

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let q = |u: &str| PriceQuery::new("awswaf", &ctx.region).usage_type(u);
    let rules = Decimal::from(blocks(inst, "rule").len());
    let mut components = vec![ComponentSpec::new(
        WEB_ACL,
        "Web ACL",
        "months",
        Quantity::fixed(Decimal::ONE, "1 web ACL"),
        q("WebACL"),
    )];
    if !rules.is_zero() {
        components.push(ComponentSpec::new(
            RULES,
            "Rules",
            "months",
            Quantity::fixed(rules, format!("{} rule blocks", n(rules))),
            q("Rule"),
        ));
    }
    for (id, name, key) in [
        (RULE_GROUP_RULES, "Rules in rule groups", "rule_group_rules"),
        (MANAGED_RULE_GROUP_RULES, "Rules in managed rule groups", "managed_rule_group_rules"),
    ] {
        if ctx.usage.get(&inst.address, key).is_some() {
            components.push(ComponentSpec::new(
                id,
                name,
                "months",
                Quantity::usage(inst, ctx, key, Decimal::ONE, ""),
                q("Rule"),
            ));
        }
    }
    components.push(
        ComponentSpec::new(
            REQUESTS,
            "Requests",
            "1M requests",
            Quantity::usage(inst, ctx, "monthly_requests", Decimal::new(1, 6), "÷ 1,000,000"),
            q("Request"),
        )
        .multiplier(Decimal::from(1_000_000)),
    );
    Mapping::Priced(Priced::new(components))
}
