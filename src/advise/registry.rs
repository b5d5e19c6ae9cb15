//! Every rule, sorted by code. Adding a rule is one line here (see the module docs of
//! `advise`).

use super::rule::Rule;
use super::rules;

pub static RULES: &[&dyn Rule] = &[
    &rules::fargate_spot::Rule,
    &rules::single_nat::Rule,
    &rules::rds_single_az::Rule,
    &rules::redis_single_node::Rule,
    &rules::rds_gp3::Rule,
    &rules::log_retention::Rule,
    &rules::vpc_endpoints::Rule,
    &rules::logs_infrequent_access::Rule,
    &rules::fargate_graviton::Rule,
    &rules::db_graviton::Rule,
    &rules::rds_reserved::Rule,
    &rules::elasticache_reserved::Rule,
    &rules::compute_savings_plan::Rule,
    &rules::database_savings_plan::Rule,
    &rules::s3_tiering::Rule,
    &rules::fargate_rightsizing::Rule,
];

/// The text `costplan explain CODE` prints: every documentation section, in a fixed order.
pub fn explain(rule: &dyn Rule) -> String {
    let doc = rule.doc();
    let mut out = format!("{} {}", rule.code(), rule.name());
    if rule.reduces_resilience() {
        out.push_str(
            " (reduces resilience: runs outside production only, unless --include-resilience)",
        );
    }
    out.push('\n');
    for (title, text) in sections(&doc) {
        out.push_str(&format!("\n## {title}\n{text}\n"));
    }
    out
}

/// The sections of a rule's documentation, titled.
pub fn sections(doc: &super::rule::RuleDoc) -> [(&'static str, &'static str); 5] {
    [
        ("What it detects", doc.detects),
        ("Why it costs money", doc.why),
        ("Example", doc.example),
        ("How the saving is computed", doc.savings),
        ("Risks", doc.risks),
    ]
}
