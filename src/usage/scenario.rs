//! The scenario file: a YAML description of traffic (see `docs/usage-model.md` for every field).
//!
//! Fields left out take the value of the built-in default profile (`scenarios/default.yaml`, a
//! typical JSON API); a `mix` given replaces the default mix entirely. Unknown fields are errors
//! (with a suggestion), so that a typo never silently falls back to a default.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::error::{UsageError, find_line};
use super::keys::did_you_mean;
use super::number::{Count, PerSecond, Rate, Share, SizeKb};

/// The scenario file format version this costplan reads (`version: 1`, or no `version`).
pub const SCENARIO_VERSION: u32 = 1;

/// Built-in scenarios, embedded in the binary: `(name, YAML)`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("credlink-100k", include_str!("../../scenarios/credlink-100k.yaml")),
    ("default", include_str!("../../scenarios/default.yaml")),
];

/// The YAML document as written. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub version: Option<u32>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Requests per month (`100k`) or per second (`50/s`).
    pub requests: Option<Rate>,
    /// Busiest hour of the day ÷ average hour (1..=24); the other 23 hours share the rest.
    pub peak_to_average: Option<Count>,
    /// 24 relative weights, hour 0 to hour 23 (UTC); normalised to an average of 1.
    pub hourly_profile: Option<Vec<Count>>,
    pub requests_per_connection: Option<Count>,
    /// How long a client connection stays open, seconds (for ALB active connections).
    pub connection_seconds: Option<Count>,
    /// Log bytes per request for request types that do not set `log_kb`.
    pub log_kb_per_request: Option<SizeKb>,
    pub mix: Option<BTreeMap<String, RequestTypeFile>>,
    /// Requests per second one task serves at the autoscaling target (`5/s` or `5`).
    pub capacity_per_task: Option<PerSecond>,
    pub deploys: Option<DeploysFile>,
    pub horizon_months: Option<Count>,
    pub flow_log_record_bytes: Option<Count>,
    /// Address of the bucket the request mix's S3 operations go to, when there are several.
    pub s3_bucket: Option<String>,
    /// Per-resource usage overrides: address (with `[*]` wildcards) → Infracost usage keys.
    pub resources: Option<BTreeMap<String, serde_norway::Value>>,
    /// Purchase options: address (with `[*]`) → options.
    pub purchase: Option<BTreeMap<String, PurchaseFile>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestTypeFile {
    pub share: Share,
    pub request_kb: Option<SizeKb>,
    pub response_kb: Option<SizeKb>,
    pub log_kb: Option<SizeKb>,
    pub s3_puts: Option<Count>,
    pub s3_put_kb: Option<SizeKb>,
    pub s3_gets: Option<Count>,
    pub s3_get_kb: Option<SizeKb>,
    /// Bytes sent to / received from the internet through NAT per request (external calls).
    pub external_sent_kb: Option<SizeKb>,
    pub external_received_kb: Option<SizeKb>,
    /// Milliseconds of Lambda compute per request (the function it invokes).
    pub lambda_ms: Option<Count>,
    /// DynamoDB read and write request units per request (on-demand tables).
    pub dynamodb_reads: Option<Count>,
    pub dynamodb_writes: Option<Count>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploysFile {
    pub per_month: Option<Count>,
    /// Compressed image size pulled at every task start, MB.
    pub image_mb: Option<Count>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PurchaseFile {
    /// `on_demand`, `1yr` / `1_year`, `3yr` / `3_year`.
    pub term: Option<String>,
    /// `no_upfront`, `partial_upfront`, `all_upfront`.
    pub payment: Option<String>,
    /// Share of Fargate task-hours on Spot (`50%`).
    pub spot_share: Option<Share>,
    /// Price Fargate Spot as on-demand less this discount (`70%`) instead of the snapshot's
    /// dated Spot price.
    pub spot_discount: Option<Share>,
}

impl ScenarioFile {
    /// Parses a scenario; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<ScenarioFile, UsageError> {
        let file = crate::yaml::from_str::<Option<ScenarioFile>>(text)
            .map(Option::unwrap_or_default)
            .map_err(|e| yaml_error(&e, text, origin))?;
        match file.version {
            None | Some(SCENARIO_VERSION) => Ok(file),
            Some(other) => Err(UsageError::Invalid {
                origin: origin.into(),
                line: find_line(text, None, "version:"),
                key: "version".into(),
                message: format!(
                    "scenario format version {other} is not supported; this costplan reads version {SCENARIO_VERSION} (see docs/usage-model.md)"
                ),
            }),
        }
    }

    /// Field-by-field overlay: `self`'s fields win, missing ones come from `base`.
    pub fn over(self, base: ScenarioFile) -> ScenarioFile {
        let deploys = match (self.deploys, base.deploys) {
            (Some(d), Some(b)) => Some(DeploysFile {
                per_month: d.per_month.or(b.per_month),
                image_mb: d.image_mb.or(b.image_mb),
            }),
            (d, b) => d.or(b),
        };
        // A peak ratio given replaces a default hourly profile and vice versa.
        let (peak, hourly) = if self.peak_to_average.is_some() || self.hourly_profile.is_some() {
            (self.peak_to_average, self.hourly_profile)
        } else {
            (base.peak_to_average, base.hourly_profile)
        };
        ScenarioFile {
            version: self.version.or(base.version),
            name: self.name.or(base.name),
            description: self.description.or(base.description),
            requests: self.requests.or(base.requests),
            peak_to_average: peak,
            hourly_profile: hourly,
            requests_per_connection: self.requests_per_connection.or(base.requests_per_connection),
            connection_seconds: self.connection_seconds.or(base.connection_seconds),
            log_kb_per_request: self.log_kb_per_request.or(base.log_kb_per_request),
            mix: self.mix.or(base.mix),
            capacity_per_task: self.capacity_per_task.or(base.capacity_per_task),
            deploys,
            horizon_months: self.horizon_months.or(base.horizon_months),
            flow_log_record_bytes: self.flow_log_record_bytes.or(base.flow_log_record_bytes),
            s3_bucket: self.s3_bucket.or(base.s3_bucket),
            resources: self.resources.or(base.resources),
            purchase: self.purchase.or(base.purchase),
        }
    }
}

/// Turns a YAML (serde_norway) error into file:line:column, adding "did you mean" to unknown fields.
pub(crate) fn yaml_error(e: &crate::yaml::YamlError, text: &str, origin: &str) -> UsageError {
    let (line, column) = e.location().unwrap_or((0, 0));
    let mut message = e.to_string();
    // The location goes in front (`file:line:column:`), not at the end as well.
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    // serde: "unknown field `reqests`, expected one of `version`, `name`, ..."
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default().to_string();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        if let Some(s) = did_you_mean(&field, expected.iter().copied()) {
            message = format!("{message} (did you mean `{s}`?)");
        }
        if line == 0 {
            let l = find_line(text, None, &format!("{field}:")).unwrap_or(0);
            return UsageError::Yaml { origin: origin.into(), line: l, column: 1, message };
        }
    }
    UsageError::Yaml { origin: origin.into(), line, column, message }
}

/// One resolved request type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestType {
    pub name: String,
    pub share: Decimal,
    pub request_kb: Decimal,
    pub response_kb: Decimal,
    pub log_kb: Decimal,
    pub s3_puts: Decimal,
    pub s3_put_kb: Decimal,
    pub s3_gets: Decimal,
    pub s3_get_kb: Decimal,
    pub external_sent_kb: Decimal,
    pub external_received_kb: Decimal,
    /// `None` when the scenario does not say (then nothing is derived from it, never 0).
    pub lambda_ms: Option<Decimal>,
    pub dynamodb_reads: Option<Decimal>,
    pub dynamodb_writes: Option<Decimal>,
}

/// The traffic model with every default filled in (requests apart, which may be unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// 24 hourly weights with an average of exactly 1.
    pub daily_profile: Vec<Decimal>,
    /// How the profile was given, for formulas: `peak-to-average 3` or `hourly profile`.
    pub profile_text: String,
    pub requests_per_connection: Decimal,
    pub connection_seconds: Decimal,
    pub mix: Vec<RequestType>,
    pub capacity_per_task: Decimal,
    /// True when the scenario itself states `capacity_per_task` (not the default profile's
    /// assumption): sizing advice needs a figure about this service, not a placeholder.
    pub capacity_per_task_given: bool,
    pub deploys_per_month: Decimal,
    pub image_mb: Decimal,
    pub horizon_months: Decimal,
    pub flow_log_record_bytes: Decimal,
    pub s3_bucket: Option<String>,
}

impl Model {
    /// Resolves a merged scenario (user over default); errors name `origin` and the key.
    pub fn resolve(file: &ScenarioFile, text: &str, origin: &str) -> Result<Model, UsageError> {
        let invalid = |key: &str, message: String| UsageError::Invalid {
            origin: origin.into(),
            line: find_line(text, None, &format!("{}:", key.rsplit('.').next().unwrap_or(key))),
            key: key.into(),
            message,
        };
        let need = |v: Option<Count>, key: &str| -> Result<Decimal, UsageError> {
            v.map(|c| c.0)
                .ok_or_else(|| invalid(key, "missing (the default profile sets it)".into()))
        };
        let (daily_profile, profile_text) = match (&file.hourly_profile, file.peak_to_average) {
            (Some(weights), _) => {
                if weights.len() != 24 {
                    return Err(invalid(
                        "hourly_profile",
                        format!("needs 24 weights (hours 0 to 23), got {}", weights.len()),
                    ));
                }
                let too_large = |_| {
                    invalid(
                        "hourly_profile",
                        "the weights are too large to add up: use smaller \
                     relative weights (percent of the day, say)"
                            .into(),
                    )
                };
                let total = crate::checked::sum(weights.iter().map(|w| w.0)).map_err(too_large)?;
                if total.is_zero() {
                    return Err(invalid("hourly_profile", "weights must not all be 0".into()));
                }
                let w = weights
                    .iter()
                    .map(|c| crate::checked::mul(c.0, Decimal::from(24)).map(|x| x / total))
                    .collect::<Result<_, _>>()
                    .map_err(too_large)?;
                (w, "hourly profile".to_string())
            }
            (None, Some(p)) => {
                let p = p.0;
                if p < Decimal::ONE || p > Decimal::from(24) {
                    return Err(invalid(
                        "peak_to_average",
                        format!("must lie between 1 and 24, got {p}"),
                    ));
                }
                let rest = (Decimal::from(24) - p) / Decimal::from(23);
                let mut w = vec![rest; 24];
                // The peak hour: 14:00 UTC (any hour gives the same monthly totals).
                w[14] = p;
                (w, format!("peak-to-average {}", p.normalize()))
            }
            (None, None) => (vec![Decimal::ONE; 24], "flat profile".to_string()),
        };
        let rpc = need(file.requests_per_connection, "requests_per_connection")?;
        if rpc.is_zero() {
            return Err(invalid("requests_per_connection", "must be at least 1".into()));
        }
        let capacity = need(file.capacity_per_task.map(|p| Count(p.0)), "capacity_per_task")?;
        if capacity.is_zero() {
            return Err(invalid("capacity_per_task", "must be above 0 requests/s".into()));
        }
        let default_log = file.log_kb_per_request.map_or(Decimal::ZERO, |s| s.0);
        let mix_file = file.mix.clone().unwrap_or_default();
        if mix_file.is_empty() {
            return Err(invalid("mix", "needs at least one request type".into()));
        }
        let mut mix = Vec::new();
        for (name, t) in &mix_file {
            let z = |v: Option<SizeKb>| v.map_or(Decimal::ZERO, |s| s.0);
            let c = |v: Option<Count>| v.map_or(Decimal::ZERO, |s| s.0);
            mix.push(RequestType {
                name: name.clone(),
                share: t.share.0,
                request_kb: z(t.request_kb),
                response_kb: z(t.response_kb),
                log_kb: t.log_kb.map_or(default_log, |s| s.0),
                s3_puts: c(t.s3_puts),
                s3_put_kb: z(t.s3_put_kb),
                s3_gets: c(t.s3_gets),
                s3_get_kb: z(t.s3_get_kb),
                external_sent_kb: z(t.external_sent_kb),
                external_received_kb: z(t.external_received_kb),
                lambda_ms: t.lambda_ms.map(|c| c.0),
                dynamodb_reads: t.dynamodb_reads.map(|c| c.0),
                dynamodb_writes: t.dynamodb_writes.map(|c| c.0),
            });
        }
        let total_share: Decimal = mix.iter().map(|t| t.share).sum();
        if (total_share - Decimal::ONE).abs() > Decimal::new(1, 4) {
            return Err(invalid(
                "mix",
                format!(
                    "the shares add up to {}%, they must add up to 100%",
                    (total_share * Decimal::from(100)).normalize()
                ),
            ));
        }
        let deploys = file.deploys.clone().unwrap_or_default();
        // Per-unit constants the derivation multiplies by traffic, task counts and each other:
        // bounded by what is physically plausible, far above any real value, so that those
        // products stay in range (a larger value is a typo, said with the key).
        let bounded = |v: Option<Count>, key: &str, max: i64, what: &str| {
            let v = need(v, key)?;
            if v > Decimal::from(max) {
                return Err(invalid(
                    key,
                    format!(
                        "must be at most {} {what}, got {}",
                        super::number::num(Decimal::from(max)),
                        v.normalize()
                    ),
                ));
            }
            Ok(v)
        };
        Ok(Model {
            daily_profile,
            profile_text,
            requests_per_connection: rpc,
            connection_seconds: bounded(
                file.connection_seconds,
                "connection_seconds",
                2_678_400,
                "seconds (a 31-day month)",
            )?,
            mix,
            capacity_per_task: capacity,
            capacity_per_task_given: false,
            deploys_per_month: bounded(
                deploys.per_month,
                "deploys.per_month",
                1_000_000,
                "deploys a month",
            )?,
            image_mb: bounded(deploys.image_mb, "deploys.image_mb", 1_000_000, "MB (1 TB)")?,
            horizon_months: bounded(
                file.horizon_months,
                "horizon_months",
                1_200,
                "months (100 years)",
            )?,
            flow_log_record_bytes: bounded(
                file.flow_log_record_bytes,
                "flow_log_record_bytes",
                1_000_000,
                "bytes",
            )?,
            s3_bucket: file.s3_bucket.clone(),
        })
    }
}
