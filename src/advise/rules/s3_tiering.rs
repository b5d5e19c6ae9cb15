//! CP150 `s3-tiering`: S3 buckets whose objects are large enough to benefit get a lifecycle
//! transition to Standard-IA after 30 days; buckets of small objects are told why not.
//!
//! The object size is the traffic model's ([`ObjectSizes`]: bytes the scenario's mix writes ÷
//! PUTs; every object assumed to be the average size). AWS facts the rule rests on (S3 pricing
//! page and user guide, checked November 2026): since September 2024 lifecycle rules do not
//! transition objects under 128 KB by default (`transition_default_minimum_object_size =
//! all_storage_classes_128K`); S3 Intelligent-Tiering never monitors or moves objects under
//! 128 KB (they stay at Frequent Access rates, no monitoring fee); Standard-IA bills at least
//! 128 KB and 30 days per object; Intelligent-Tiering monitoring costs $0.0025 per 1,000 objects a
//! month (us-east-1).
//!
//! - Object size not known (no scenario S3 traffic reaches the bucket; storage given
//!   explicitly): listed as not recommended, saying so — costplan does not guess.
//! - Average under 128 KB: not recommended, with the reason (and, when the bucket already has a
//!   transition the size rule blocks, that it does not apply).
//! - 128 KB or more, no transition yet: the finding. The saving is the estimate re-run with
//!   the transition: the traffic model splits the stored bytes between Standard (the first 30
//!   days) and Standard-IA (the rest up to the horizon or the expiration) and counts one
//!   transition request per object. Without a lifecycle configuration the patch adds an
//!   `aws_s3_bucket_lifecycle_configuration` after the bucket; with one (or an inline
//!   `lifecycle_rule`) the finding says which rule gets the `transition` block (no patch).
//! - Objects that expire less than 30 days after the transition would pay Standard-IA's 30-day
//!   minimum: not recommended.
//!
//! Standard-IA, not Intelligent-Tiering: the traffic model has no figure for how often old
//! objects are read, which is what Intelligent-Tiering's tiers depend on; a fixed transition is
//! priced exactly from what the model knows.
//!
//! [`ObjectSizes`]: crate::usage::ObjectSizes

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources::{attr_str, blocks};
use crate::terraform::{Instance, Mode, Value};
use crate::usage::format_number as num;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_s3_bucket` whose objects average 128 KB or more (the traffic model's bytes written ÷ PUTs) with no lifecycle transition: a transition to Standard-IA after 30 days. Buckets whose objects average under 128 KB are listed as not recommended with the reason (lifecycle rules skip them, Intelligent-Tiering never moves them, Standard-IA bills each as 128 KB), and so are buckets whose object size is not known (no scenario S3 traffic reaches them) and buckets whose objects expire less than 30 days after the transition.",
    why: "S3 Standard stores every GB at $0.023 a month (us-east-1) however old the object; Standard-IA stores it at $0.0125 for objects read rarely. A bucket that keeps large objects for months pays Standard for data nobody reads after the first weeks. Small objects are the exception: since September 2024 lifecycle rules do not transition objects under 128 KB, S3 Intelligent-Tiering keeps them in its Frequent Access tier, and Standard-IA bills each at least 128 KB — tiering a bucket of small objects saves nothing or costs more.",
    example: r#"Before:
  resource "aws_s3_bucket" "media" {
    bucket = "shop-media"
  }
After (objects average 2,048 KB):
  resource "aws_s3_bucket" "media" {
    bucket = "shop-media"
  }

  resource "aws_s3_bucket_lifecycle_configuration" "media" {
    bucket = aws_s3_bucket.media.bucket

    rule {
      id     = "standard-ia-after-30-days"
      status = "Enabled"

      filter {}

      transition {
        days          = 30
        storage_class = "STANDARD_IA"
      }
    }
  }"#,
    savings: "The bucket is re-estimated with the transition: the traffic model keeps each month's objects in Standard for 30 days and in Standard-IA for the rest of the time they are kept (up to `horizon_months`, or their expiration), prices Standard-IA storage and one lifecycle transition request per object (Standard-IA PUT price). Saving = Standard storage before − (Standard + Standard-IA storage + transitions) after, at the horizon month. Not counted, and said on the finding: reads of objects older than 30 days (the estimate prices every GET as a Standard GET; Standard-IA adds a per-GB retrieval fee and a higher GET price), Standard-IA's 30-day and 128 KB minimums for objects smaller or shorter-lived than the average.",
    risks: "Objects read after 30 days pay Standard-IA's retrieval fee per GB and its higher request price: a bucket whose old objects are read often (a CDN origin, a media library) can cost more. Objects deleted or overwritten within 30 days of the transition are billed 30 days of Standard-IA. Objects smaller than 128 KB in a bucket of large ones stay in Standard. Reading stays instant (Standard-IA has millisecond access); nothing is restarted.",
};

/// The transition proposed: the earliest Standard-IA allows.
const DAYS: i64 = 30;
const CLASS: &str = "STANDARD_IA";

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP150"
    }

    fn name(&self) -> &'static str {
        "s3-tiering"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let buckets: Vec<&Instance> = ctx.of_type("aws_s3_bucket").collect();
        buckets.iter().filter_map(|b| propose(ctx, b, buckets.len())).collect()
    }
}

/// Where the bucket's lifecycle rules live.
enum Lifecycle<'a> {
    None,
    /// An `aws_s3_bucket_lifecycle_configuration` (its `rule` blocks).
    Resource(&'a Instance),
    /// The bucket's own (deprecated) `lifecycle_rule` blocks.
    Inline,
}

fn propose(ctx: &Ctx, bucket: &Instance, bucket_count: usize) -> Option<Proposal> {
    let skip = |reason: String| Some(Proposal::not_recommended(&bucket.address, reason));
    let Some(objects) = ctx.usage.s3_objects.get(&bucket.address) else {
        let given = ctx
            .usage
            .values
            .get(&bucket.address)
            .is_some_and(|v| v.keys().any(|k| k.ends_with("storage_gb")));
        return skip(format!(
            "the average object size is not known ({}): objects under 128 KB are never tiered, so costplan does not guess whether a transition pays; describe the bucket's writes in the scenario (a request type with `s3_puts` and `s3_put_kb`, and `s3_bucket: {}` when there are several buckets)",
            if given {
                "its storage is given explicitly, without an object count"
            } else {
                "no scenario S3 traffic reaches it"
            },
            bucket.address
        ));
    };
    let lifecycle = lifecycle_of(ctx, bucket, bucket_count);
    let rules: Vec<&Value> = match &lifecycle {
        Lifecycle::Resource(l) => blocks(l, "rule"),
        Lifecycle::Inline => blocks(bucket, "lifecycle_rule"),
        Lifecycle::None => Vec::new(),
    };
    // The traffic model reads the first enabled rule, as does this rule.
    let first = rules.iter().position(|r| enabled(r));
    let transition = first.and_then(|i| {
        let t = rules[i].get("transition")?.blocks().into_iter().next()?;
        Some((
            t.get("days").and_then(Value::as_decimal).unwrap_or_default(),
            t.get("storage_class").and_then(Value::as_str).unwrap_or("?").to_string(),
        ))
    });
    let min_size = match &lifecycle {
        Lifecycle::Resource(l) => attr_str(l, "transition_default_minimum_object_size"),
        _ => None,
    }
    .unwrap_or("all_storage_classes_128K");
    let size = format!("objects average {} KB ({})", num(objects.average_kb), objects.formula);
    if objects.average_kb < Decimal::from(128) {
        let archive_allowed = min_size == "varies_by_storage_class"
            && transition.as_ref().is_some_and(|(_, c)| c == "GLACIER" || c == "DEEP_ARCHIVE");
        if archive_allowed {
            return None;
        }
        let existing = transition.map_or(String::new(), |(days, class)| {
            format!(
                "; the existing transition to {class} after {} days does not apply to them",
                num(days)
            )
        });
        return skip(format!(
            "{size}: under 128 KB, lifecycle rules do not transition them (the default minimum object size since September 2024), S3 Intelligent-Tiering never moves them out of its Frequent Access tier, and Standard-IA would bill each as 128 KB: keep them in S3 Standard{existing}"
        ));
    }
    if transition.is_some() {
        return None;
    }
    let expiration =
        first.and_then(|i| rules[i].get("expiration")?.blocks().first()?.get("days")?.as_decimal());
    if let Some(expires) = expiration
        && expires < Decimal::from(2 * DAYS)
    {
        return skip(format!(
            "{size}, but they expire after {} days: less than 30 days in Standard-IA after a transition at {DAYS} days, and Standard-IA bills 30 days minimum",
            num(expires)
        ));
    }
    let title = format!("Move objects to Standard-IA after {DAYS} days (lifecycle transition)");
    let mut p = Proposal::new(&bucket.address, title, Risk::NeedsTesting);
    let transition_value = Value::List(vec![map(&[
        ("days", Value::Number(Decimal::from(DAYS))),
        ("storage_class", Value::String(CLASS.into())),
    ])]);
    let transition_hcl = format!("`transition {{ days = {DAYS}, storage_class = \"{CLASS}\" }}`");
    let disabled = || {
        format!(
            "{size}, but its lifecycle rules are all disabled: enable one with a transition to {CLASS} after {DAYS} days"
        )
    };
    match &lifecycle {
        Lifecycle::None => add_configuration(ctx, bucket, &mut p, &transition_value),
        Lifecycle::Resource(l) => {
            // A configuration whose rules are all disabled: the model reads none of them.
            let Some(i) = first else { return skip(disabled()) };
            p.changes.push(Change::Set {
                address: l.address.clone(),
                attribute: "rule".into(),
                value: with_transition(&rules, i, &transition_value),
            });
            p.edits.push(Edit::Manual {
                reason: format!(
                    "add to the rule `{}` of {} ({}:{}): {transition_hcl}",
                    rule_id(rules[i]),
                    l.address,
                    l.location.file,
                    l.location.line
                ),
            });
        }
        Lifecycle::Inline => {
            let Some(i) = first else { return skip(disabled()) };
            p.changes.push(Change::Set {
                address: bucket.address.clone(),
                attribute: "lifecycle_rule".into(),
                value: with_transition(&rules, i, &transition_value),
            });
            p.edits.push(Edit::Manual {
                reason: format!(
                    "add to the inline lifecycle_rule `{}` of {}: {transition_hcl}",
                    rule_id(rules[i]),
                    bucket.address
                ),
            });
        }
    }
    p = p.note(format!("{size}; the estimate assumes every object is this size, and objects under 128 KB stay in Standard"));
    let gets = ctx
        .usage
        .get(&bucket.address, "standard.monthly_tier_2_requests")
        .map_or(Decimal::ZERO, |u| u.value);
    p = p.note(format!(
        "the estimate prices the {} GETs a month as Standard GETs, as if reads hit objects younger than {DAYS} days; each read of an older object adds Standard-IA's retrieval fee per GB and its higher GET price",
        num(gets)
    ));
    Some(p)
}

/// The bucket's lifecycle configuration, found as the traffic model finds it: by bucket name,
/// or the only configuration when there is only one bucket.
fn lifecycle_of<'a>(ctx: &Ctx<'a>, bucket: &Instance, bucket_count: usize) -> Lifecycle<'a> {
    let configs: Vec<&Instance> = ctx.of_type("aws_s3_bucket_lifecycle_configuration").collect();
    let name = attr_str(bucket, "bucket");
    let hit =
        configs.iter().copied().find(|c| name.is_some() && attr_str(c, "bucket") == name).or_else(
            || if bucket_count == 1 && configs.len() == 1 { Some(configs[0]) } else { None },
        );
    match hit {
        Some(c) => Lifecycle::Resource(c),
        None if !blocks(bucket, "lifecycle_rule").is_empty() => Lifecycle::Inline,
        None => Lifecycle::None,
    }
}

/// A new `aws_s3_bucket_lifecycle_configuration` after the bucket, for re-pricing and the patch.
fn add_configuration(ctx: &Ctx, bucket: &Instance, p: &mut Proposal, transition: &Value) {
    let kind = "aws_s3_bucket_lifecycle_configuration";
    let prefix =
        if bucket.module.is_empty() { String::new() } else { format!("{}.", bucket.module) };
    let mut name = bucket.name.clone();
    if ctx.instance(&format!("{prefix}{kind}.{name}")).is_some() {
        name = format!("{name}_tiering");
    }
    let known_name = attr_str(bucket, "bucket").map(str::to_string);
    let (reference, value) = match &known_name {
        Some(n) => (format!("aws_s3_bucket.{}.bucket", bucket.name), Value::String(n.clone())),
        None => (format!("aws_s3_bucket.{}.id", bucket.name), Value::Unknown),
    };
    let rule = map(&[
        ("id", Value::String(format!("standard-ia-after-{DAYS}-days"))),
        ("status", Value::String("Enabled".into())),
        ("filter", Value::List(vec![Value::Map(BTreeMap::new())])),
        ("transition", transition.clone()),
    ]);
    let instance = Instance {
        address: format!("{prefix}{kind}.{name}"),
        resource_type: kind.into(),
        name: name.clone(),
        mode: Mode::Managed,
        module: bucket.module.clone(),
        region: bucket.region.clone(),
        provider: bucket.provider.clone(),
        attributes: map(&[("bucket", value), ("rule", Value::List(vec![rule]))]),
        location: bucket.location.clone(),
        references: Default::default(),
        warnings: Vec::new(),
    };
    p.changes.push(Change::Add { instance: Box::new(instance) });
    if bucket.address.ends_with(']') {
        p.edits.push(Edit::Manual {
            reason: format!(
                "{} is one of several instances (count/for_each): add an {kind} with the same count/for_each and a transition to {CLASS} after {DAYS} days",
                bucket.address
            ),
        });
        return;
    }
    p.edits.push(Edit::AddResource {
        after: bucket.address.clone(),
        text: format!(
            "resource \"{kind}\" \"{name}\" {{\n  bucket = {reference}\n\n  rule {{\n    id     = \"standard-ia-after-{DAYS}-days\"\n    status = \"Enabled\"\n\n    filter {{}}\n\n    transition {{\n      days          = {DAYS}\n      storage_class = \"{CLASS}\"\n    }}\n  }}\n}}"
        ),
    });
}

/// The rules with a transition added to rule `i`.
fn with_transition(rules: &[&Value], i: usize, transition: &Value) -> Value {
    Value::List(
        rules
            .iter()
            .enumerate()
            .map(|(j, r)| match (j == i, r) {
                (true, Value::Map(m)) => {
                    let mut m = m.clone();
                    m.insert("transition".into(), transition.clone());
                    Value::Map(m)
                }
                _ => (*r).clone(),
            })
            .collect(),
    )
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(entries.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect())
}

fn enabled(rule: &Value) -> bool {
    rule.get("status").and_then(Value::as_str).map_or_else(
        || rule.get("enabled").and_then(Value::as_bool).unwrap_or(true),
        |s| s == "Enabled",
    )
}

fn rule_id(rule: &Value) -> String {
    rule.get("id").and_then(Value::as_str).unwrap_or("(no id)").to_string()
}
