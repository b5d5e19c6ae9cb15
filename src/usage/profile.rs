//! [`Profile`]: a parsed scenario (or the built-in default profile) plus everything the command
//! line adds (`--requests`, `--usage-file`, hours per month), ready for [`super::derive`].

use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::UsageSource;
use super::error::{UnknownKey, UsageError, find_key_line, find_line};
use super::keys::{all_keys, did_you_mean, is_known, type_is_listed};
use super::number::{Rate, parse_count, parse_share};
use super::scenario::{BUILTIN, Model, PurchaseFile, ScenarioFile, yaml_error};
use crate::terraform::Warning;

/// Reserved term of a purchase option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    OnDemand,
    OneYear,
    ThreeYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    NoUpfront,
    PartialUpfront,
    AllUpfront,
    /// Legacy reservation types of old classes (Infracost's `heavy_utilization` ...).
    HeavyUtilization,
    MediumUtilization,
    LightUtilization,
}

impl Payment {
    /// The Price List's purchase option of this payment.
    pub fn purchase_option(self) -> crate::pricing::PurchaseOption {
        use crate::pricing::PurchaseOption as P;
        match self {
            Payment::NoUpfront => P::NoUpfront,
            Payment::PartialUpfront => P::PartialUpfront,
            Payment::AllUpfront => P::AllUpfront,
            Payment::HeavyUtilization => P::HeavyUtilization,
            Payment::MediumUtilization => P::MediumUtilization,
            Payment::LightUtilization => P::LightUtilization,
        }
    }

    /// `No Upfront`, as the Price List names it.
    pub fn label(self) -> &'static str {
        self.purchase_option().label()
    }
}

/// How a resource is bought. Default: on demand, no Spot.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Purchase {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<Term>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    /// `standard` or `convertible` (reserved instances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offering_class: Option<String>,
    /// Share of Fargate task-hours on Spot, 0..=1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot_share: Option<Decimal>,
    /// Fargate Spot priced as the on-demand rate less this discount (0..1) instead of the
    /// snapshot's dated Spot price: Spot prices move, and a team may know its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot_discount: Option<Decimal>,
    /// A Savings Plan covering part of the usage (set by `advise` for its commitment
    /// what-ifs, not read from scenario files): the covered usage is priced at the on-demand
    /// rate less `discount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savings_plan: Option<SavingsPlanCover>,
    /// Infracost's `operating_system` of an EC2 instance or Auto Scaling group (`linux`,
    /// `windows`, `rhel`, `suse`, ...): the OS licence is bought with the instance-hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system: Option<String>,
}

/// The usage a Savings Plan covers and the discount assumed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsPlanCover {
    /// Share off the on-demand rate, 0..1.
    pub discount: Decimal,
    /// Units covered every hour: Fargate tasks, Aurora Serverless v2 ACUs; `None` = every
    /// instance or node of the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<Decimal>,
    /// What the discount is, for the component name (`Compute Savings Plan, assumed 50% off`).
    pub label: String,
}

impl Purchase {
    fn merge(&mut self, other: &Purchase) {
        self.term = other.term.or(self.term);
        self.payment = other.payment.or(self.payment);
        self.offering_class = other.offering_class.clone().or(self.offering_class.take());
        self.spot_share = other.spot_share.or(self.spot_share);
        self.spot_discount = other.spot_discount.or(self.spot_discount);
        self.savings_plan = other.savings_plan.clone().or(self.savings_plan.take());
        self.operating_system = other.operating_system.clone().or(self.operating_system.take());
    }
}

/// What an override applies to, from least to most specific (the more specific wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Infracost `resource_type_default_usage`: every resource of the type.
    Type,
    /// An address pattern with `[*]`.
    Wildcard,
    /// One address.
    Address,
}

/// One explicit usage value from a scenario's `resources:` or a usage file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub scope: Scope,
    /// Address pattern, or the resource type for [`Scope::Type`].
    pub pattern: String,
    pub key: String,
    pub value: Decimal,
    /// `file:line` it came from.
    pub origin: String,
}

/// A value an Infracost usage file gives for a key costplan does not read. Its cost, if it has
/// one, cannot be in the estimate: every resource it applies to gets a "not priced" line, so
/// the resource and the totals say "at least" instead of leaving it out silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredUsage {
    pub scope: Scope,
    pub pattern: String,
    pub key: String,
    /// The value as written (`10000`, `arm64`).
    pub value: String,
    /// `file:line` it came from.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRule {
    pub scope: Scope,
    pub pattern: String,
    pub purchase: Purchase,
}

/// A traffic profile ready for derivation.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    /// Where the scenario came from: `built-in default`, `built-in credlink-100k`, a path.
    pub origin: String,
    /// Source recorded on derived values: `Scenario` for a scenario, `Default` when only the
    /// built-in default profile (plus `--requests`) describes the traffic.
    pub derived_source: UsageSource,
    /// Requests per month or per second; `None` means no traffic is known.
    pub requests: Option<Rate>,
    /// Where `requests` was given, for errors: (origin, key), the scenario's `(path,
    /// requests)` or `(command line, --requests)`.
    pub requests_origin: (String, String),
    pub model: Model,
    pub hours_per_month: Decimal,
    pub overrides: Vec<Override>,
    pub ignored: Vec<IgnoredUsage>,
    pub purchases: Vec<PurchaseRule>,
    pub warnings: Vec<Warning>,
}

/// Infracost's Lambda `architecture`, the one text usage value: recorded as
/// [`keys::ARCHITECTURE_ARM64`](super::keys::ARCHITECTURE_ARM64) (1) for `arm64`, 0 for
/// `x86_64`.
fn parse_architecture(text: &str) -> Result<Decimal, String> {
    match text.trim() {
        "arm64" => Ok(super::keys::ARCHITECTURE_ARM64),
        "x86_64" => Ok(Decimal::ZERO),
        other => Err(format!("`{other}` is not a Lambda architecture: use `x86_64` or `arm64`")),
    }
}

fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

fn default_file() -> Result<ScenarioFile, UsageError> {
    let text = builtin_text("default").unwrap_or_default();
    ScenarioFile::parse(text, "built-in default profile")
}

impl Profile {
    /// The built-in default profile (a typical JSON API), with no request count.
    pub fn default_profile() -> Result<Profile, UsageError> {
        let text = builtin_text("default").unwrap_or_default();
        let mut p = Self::from_file(default_file()?, text, "built-in default profile")?;
        p.derived_source = UsageSource::Default;
        Ok(p)
    }

    /// A scenario from YAML text; fields it leaves out come from the default profile.
    pub fn from_yaml(text: &str, origin: &str) -> Result<Profile, UsageError> {
        let file = ScenarioFile::parse(text, origin)?;
        let capacity_given = file.capacity_per_task.is_some();
        let mut p = Self::from_file(file.over(default_file()?), text, origin)?;
        p.model.capacity_per_task_given = capacity_given;
        Ok(p)
    }

    /// A built-in scenario by name (`credlink-100k`, `default`).
    pub fn builtin(name: &str) -> Result<Profile, UsageError> {
        if name == "default" {
            return Self::default_profile();
        }
        let text = builtin_text(name).ok_or_else(|| UsageError::UnknownScenario {
            name: name.to_string(),
            known: BUILTIN.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", "),
        })?;
        let mut p = Self::from_yaml(text, &format!("built-in scenario {name}"))?;
        p.origin = format!("built-in {name}");
        Ok(p)
    }

    /// `--scenario X`: a file when `X` exists on disk, otherwise a built-in name.
    pub fn load(name_or_path: &str) -> Result<Profile, UsageError> {
        let path = Path::new(name_or_path);
        let looks_like_path = name_or_path.contains('/') || name_or_path.ends_with(".yaml");
        // Anything on disk that looks like a path (a FIFO, `/dev/zero`) goes to the reader,
        // which refuses what is not a regular file by name.
        if path.is_file() || (looks_like_path && path.exists()) {
            let text = crate::input_file::read_to_string(path)?;
            return Self::from_yaml(&text, name_or_path);
        }
        match Self::builtin(name_or_path) {
            Err(UsageError::UnknownScenario { known, .. }) if looks_like_path => {
                Err(UsageError::NoScenarioFile { path: path.to_path_buf(), known })
            }
            other => other,
        }
    }

    fn from_file(file: ScenarioFile, text: &str, origin: &str) -> Result<Profile, UsageError> {
        let model = Model::resolve(&file, text, origin)?;
        let mut p = Profile {
            name: file.name.clone().unwrap_or_else(|| origin.to_string()),
            origin: origin.to_string(),
            derived_source: UsageSource::Scenario,
            requests: file.requests,
            requests_origin: (origin.to_string(), "requests".into()),
            model,
            hours_per_month: Decimal::from(730),
            overrides: Vec::new(),
            ignored: Vec::new(),
            purchases: Vec::new(),
            warnings: Vec::new(),
        };
        if let Some(resources) = &file.resources {
            for (address, map) in resources {
                p.add_resource_usage(Scope::of(address), address, map, text, origin, true)?;
            }
        }
        if let Some(purchases) = &file.purchase {
            for (address, spec) in purchases {
                let purchase = purchase_from_file(spec, text, origin, address)?;
                p.purchases.push(PurchaseRule {
                    scope: Scope::of(address),
                    pattern: address.clone(),
                    purchase,
                });
            }
        }
        Ok(p)
    }

    /// The profile the command line describes, in the documented precedence: `--scenario` (a
    /// file or a built-in name; without it the built-in default profile), then `--requests`
    /// (`100k`, `2.5M`, `50/s`) over the scenario's request count, then `--usage-file` values
    /// over everything derived, and the month's hours.
    pub fn from_cli(
        scenario: Option<&str>,
        requests: Option<&str>,
        usage_file: Option<&Path>,
        hours_per_month: Decimal,
    ) -> Result<Profile, UsageError> {
        let mut profile = match scenario {
            Some(s) => Profile::load(s)?,
            None => Profile::default_profile()?,
        };
        if let Some(r) = requests {
            let rate = Rate::parse(r).map_err(|message| UsageError::Invalid {
                origin: "command line".into(),
                line: None,
                key: "--requests".into(),
                message,
            })?;
            profile = profile.with_requests(rate);
        }
        if let Some(path) = usage_file {
            profile = profile.with_usage_file(path)?;
        }
        Ok(profile.with_hours_per_month(hours_per_month))
    }

    /// `--requests N`: replaces the scenario's request count.
    #[must_use]
    pub fn with_requests(mut self, requests: Rate) -> Profile {
        self.requests = Some(requests);
        self.requests_origin = ("command line".into(), "--requests".into());
        self
    }

    #[must_use]
    pub fn with_hours_per_month(mut self, hours: Decimal) -> Profile {
        self.hours_per_month = hours;
        self
    }

    /// `--usage-file F`: an Infracost usage file (version 0.1), whose values override the
    /// scenario's.
    pub fn with_usage_file(self, path: &Path) -> Result<Profile, UsageError> {
        let text = crate::input_file::read_to_string(path)?;
        self.with_usage_file_text(&text, &path.display().to_string())
    }

    pub fn with_usage_file_text(mut self, text: &str, origin: &str) -> Result<Profile, UsageError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            version: Option<serde_norway::Value>,
            resource_usage: Option<std::collections::BTreeMap<String, serde_norway::Value>>,
            resource_type_default_usage:
                Option<std::collections::BTreeMap<String, serde_norway::Value>>,
        }
        let doc: Option<Doc> =
            crate::yaml::from_str(text).map_err(|e| yaml_error(&e, text, origin))?;
        let Some(doc) = doc else { return Ok(self) };
        // Infracost's usage file format has only ever been 0.1 (YAML reads it as a number).
        match &doc.version {
            None => {}
            Some(serde_norway::Value::Number(n)) if n.as_f64() == Some(0.1) => {}
            Some(serde_norway::Value::String(s)) if s == "0.1" => {}
            Some(other) => {
                let shown = serde_norway::to_string(other).unwrap_or_default();
                return Err(UsageError::Invalid {
                    origin: origin.into(),
                    line: find_line(text, None, "version:"),
                    key: "version".into(),
                    message: format!(
                        "usage file version `{}` is not supported; costplan reads Infracost's version 0.1",
                        shown.trim()
                    ),
                });
            }
        }
        for (ty, map) in doc.resource_type_default_usage.unwrap_or_default() {
            self.add_resource_usage(Scope::Type, &ty, &map, text, origin, false)?;
        }
        for (address, map) in doc.resource_usage.unwrap_or_default() {
            self.add_resource_usage(Scope::of(&address), &address, &map, text, origin, false)?;
        }
        Ok(self)
    }

    /// Adds the usage of one address or type. A key the type does not read is an error in a
    /// scenario (`strict`, costplan's own format) and a `usage-key-unknown` warning naming the
    /// closest key in an Infracost usage file, whose keys costplan may not all read.
    fn add_resource_usage(
        &mut self,
        scope: Scope,
        pattern: &str,
        map: &serde_norway::Value,
        text: &str,
        origin: &str,
        strict: bool,
    ) -> Result<(), UsageError> {
        let ty = if scope == Scope::Type { pattern.to_string() } else { resource_type_of(pattern) };
        let mut flat = Vec::new();
        flatten("", map, &mut flat);
        if !type_is_listed(&ty) {
            self.warnings.push(Warning::new(
                "usage-type-unsupported",
                format!("{origin}: usage for `{pattern}` ignored: costplan reads no usage keys for `{ty}`"),
                None,
            ));
            return Ok(());
        }
        let mut purchase = Purchase::default();
        for (key, value) in flat {
            let line = find_key_line(text, pattern, &key).or_else(|| {
                find_line(
                    text,
                    Some(pattern),
                    &format!("{}:", key.rsplit('.').next().unwrap_or(&key)),
                )
            });
            let at = format!("{origin}{}", line.map(|l| format!(":{l}")).unwrap_or_default());
            // A map under a key costplan reads (`monthly_outbound_internet_gb: {gb: 5}`) is a
            // wrong value, not a key costplan does not read.
            let map_under_known = key.split_once('.').is_some_and(|(head, _)| is_known(&ty, head));
            if !is_known(&ty, &key) && !strict && !map_under_known {
                let valid = all_keys(&ty);
                let hint = match did_you_mean(&key, valid.iter().map(String::as_str)) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("costplan reads {}", valid.join(", ")),
                };
                self.warnings.push(Warning::new(
                    "usage-key-unknown",
                    format!(
                        "{at}: `{key}` of `{pattern}` is not a usage key costplan reads for `{ty}`: \
                         what it costs is not in the estimate, whose total is then a lower bound ({hint})"
                    ),
                    None,
                ));
                let given = match &value {
                    serde_norway::Value::Number(n) => Some(n.to_string()),
                    serde_norway::Value::String(s) => Some(s.clone()),
                    _ => None,
                };
                // A zero can cost nothing; an empty value says nothing.
                if let Some(given) = given.filter(|v| {
                    !v.trim().is_empty() && v.parse::<Decimal>().map_or(true, |d| !d.is_zero())
                }) {
                    self.ignored.push(IgnoredUsage {
                        scope,
                        pattern: pattern.to_string(),
                        key,
                        value: given,
                        origin: at,
                    });
                }
                continue;
            }
            if !is_known(&ty, &key) {
                let valid = all_keys(&ty);
                return Err(UsageError::UnknownKey(Box::new(UnknownKey {
                    origin: origin.into(),
                    line,
                    address: pattern.into(),
                    suggestion: did_you_mean(&key, valid.iter().map(String::as_str)),
                    valid: valid.join(", "),
                    key,
                })));
            }
            let invalid = |message: String| UsageError::Invalid {
                origin: origin.into(),
                line,
                key: format!("{pattern}.{key}"),
                message,
            };
            let text_value = match &value {
                serde_norway::Value::Number(n) => n.to_string(),
                serde_norway::Value::String(s) => s.clone(),
                other => {
                    return Err(invalid(format!("expected a number, got {}", yaml_kind(other))));
                }
            };
            match key.as_str() {
                "reserved_instance_term" => {
                    purchase.term = Some(parse_term(&text_value).map_err(invalid)?);
                }
                "reserved_instance_payment_option" => {
                    purchase.payment = Some(parse_payment(&text_value).map_err(invalid)?);
                }
                "reserved_instance_type" => purchase.offering_class = Some(text_value),
                "operating_system" => purchase.operating_system = Some(text_value),
                "spot_share" => {
                    purchase.spot_share = Some(parse_share(&text_value).map_err(invalid)?)
                }
                "spot_discount" => {
                    purchase.spot_discount = Some(parse_share(&text_value).map_err(invalid)?)
                }
                _ => {
                    // Infracost's text-valued usage keys, kept as numbers:
                    // `endpoint_type` (`aws_route53_health_check`) 1 for an AWS endpoint, 0 for
                    // any other; `architecture` (Lambda) by `parse_architecture`.
                    let value = match key.as_str() {
                        "endpoint_type" => match text_value.to_ascii_lowercase().as_str() {
                            "aws" => Decimal::ONE,
                            "non_aws" => Decimal::ZERO,
                            other => {
                                return Err(invalid(format!(
                                    "endpoint_type `{other}`: expected `aws` or `non_aws`"
                                )));
                            }
                        },
                        "architecture" => parse_architecture(&text_value).map_err(invalid)?,
                        _ => parse_count(&text_value).map_err(invalid)?,
                    };
                    // The resource mappings multiply a usage value by hours, sizes and prices:
                    // past the traffic bound, those products could leave the range.
                    if value > super::number::TRAFFIC_LIMIT {
                        return Err(invalid(format!(
                            "`{text_value}` is more than costplan computes with (at most {}); \
                             lower the value",
                            super::number::num(super::number::TRAFFIC_LIMIT)
                        )));
                    }
                    self.overrides.push(Override {
                        scope,
                        pattern: pattern.to_string(),
                        key,
                        value,
                        origin: at,
                    });
                }
            }
        }
        if purchase != Purchase::default() {
            self.purchases.push(PurchaseRule { scope, pattern: pattern.to_string(), purchase });
        }
        Ok(())
    }

    /// The purchase options that apply to an instance (more specific rules win).
    pub fn purchase_for(&self, address: &str, resource_type: &str) -> Option<Purchase> {
        let mut rules: Vec<&PurchaseRule> =
            self.purchases.iter().filter(|r| r.applies(address, resource_type)).collect();
        if rules.is_empty() {
            return None;
        }
        rules.sort_by_key(|r| r.scope);
        let mut out = Purchase::default();
        for r in rules {
            out.merge(&r.purchase);
        }
        Some(out)
    }
}

impl Scope {
    fn of(pattern: &str) -> Scope {
        if pattern.contains("[*]") { Scope::Wildcard } else { Scope::Address }
    }
}

/// Whether a rule of `scope` with `pattern` (a type, or an address with `[*]`) applies to a
/// resource.
fn scope_applies(scope: Scope, pattern: &str, address: &str, resource_type: &str) -> bool {
    match scope {
        Scope::Type => pattern == resource_type,
        _ => address_matches(pattern, address),
    }
}

impl PurchaseRule {
    fn applies(&self, address: &str, resource_type: &str) -> bool {
        scope_applies(self.scope, &self.pattern, address, resource_type)
    }
}

impl Override {
    pub fn applies(&self, address: &str, resource_type: &str) -> bool {
        scope_applies(self.scope, &self.pattern, address, resource_type)
    }
}

impl IgnoredUsage {
    pub fn applies(&self, address: &str, resource_type: &str) -> bool {
        scope_applies(self.scope, &self.pattern, address, resource_type)
    }
}

/// `module.vpc.aws_nat_gateway.this[*]` matches `module.vpc.aws_nat_gateway.this[0]`; `[*]`
/// stands for any one index (number or key); everything else must be equal.
pub fn address_matches(pattern: &str, address: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[*]").collect();
    if parts.len() == 1 {
        return pattern == address;
    }
    let mut rest = address;
    for (i, part) in parts.iter().enumerate() {
        let Some(after) = rest.strip_prefix(part) else { return false };
        rest = after;
        if i + 1 < parts.len() {
            // One bracketed index, its key may hold `]` only inside quotes.
            if !rest.starts_with('[') {
                return false;
            }
            let mut in_quotes = false;
            let mut end = None;
            for (j, c) in rest.char_indices().skip(1) {
                match c {
                    '"' => in_quotes = !in_quotes,
                    ']' if !in_quotes => {
                        end = Some(j);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(end) = end else { return false };
            rest = &rest[end + 1..];
        }
    }
    rest.is_empty()
}

/// The resource type in an address: `module.a["x.y"].aws_lb.main[0]` → `aws_lb`.
pub fn resource_type_of(address: &str) -> String {
    let mut plain = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let segs: Vec<&str> = plain.split('.').collect();
    if segs.len() >= 2 { segs[segs.len() - 2].to_string() } else { plain }
}

/// What a YAML value is, in the words of an error message (not Rust's debug form).
fn yaml_kind(value: &serde_norway::Value) -> String {
    match value {
        serde_norway::Value::Null => "nothing (null)".into(),
        serde_norway::Value::Bool(b) => format!("`{b}`"),
        serde_norway::Value::Number(n) => format!("`{n}`"),
        serde_norway::Value::String(s) => format!("`{s}`"),
        serde_norway::Value::Sequence(_) => "a list".into(),
        serde_norway::Value::Mapping(_) => "a map".into(),
        serde_norway::Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn flatten(
    prefix: &str,
    value: &serde_norway::Value,
    out: &mut Vec<(String, serde_norway::Value)>,
) {
    match value {
        serde_norway::Value::Mapping(m) => {
            for (k, v) in m {
                let k = match k {
                    serde_norway::Value::String(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                let key = if prefix.is_empty() { k } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn parse_term(text: &str) -> Result<Term, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on_demand" | "on-demand" | "ondemand" => Ok(Term::OnDemand),
        "1_year" | "1yr" | "1y" | "1-year" => Ok(Term::OneYear),
        "3_year" | "3yr" | "3y" | "3-year" => Ok(Term::ThreeYear),
        _ => Err(format!("expected `on_demand`, `1_year` or `3_year`, got `{text}`")),
    }
}

fn parse_payment(text: &str) -> Result<Payment, String> {
    match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "no_upfront" => Ok(Payment::NoUpfront),
        "partial_upfront" => Ok(Payment::PartialUpfront),
        "all_upfront" => Ok(Payment::AllUpfront),
        "heavy_utilization" => Ok(Payment::HeavyUtilization),
        "medium_utilization" => Ok(Payment::MediumUtilization),
        "light_utilization" => Ok(Payment::LightUtilization),
        _ => Err(format!(
            "expected `no_upfront`, `partial_upfront` or `all_upfront` (or a legacy \
             `heavy_utilization`, `medium_utilization`, `light_utilization`), got `{text}`"
        )),
    }
}

fn purchase_from_file(
    spec: &PurchaseFile,
    text: &str,
    origin: &str,
    address: &str,
) -> Result<Purchase, UsageError> {
    let invalid = |key: &str, message: String| UsageError::Invalid {
        origin: origin.into(),
        line: find_line(text, Some(address), &format!("{key}:")),
        key: format!("purchase.{address}.{key}"),
        message,
    };
    let term = spec.term.as_deref().map(parse_term).transpose().map_err(|m| invalid("term", m))?;
    let payment = spec
        .payment
        .as_deref()
        .map(parse_payment)
        .transpose()
        .map_err(|m| invalid("payment", m))?;
    if matches!(term, Some(Term::OneYear | Term::ThreeYear)) && payment.is_none() {
        return Err(invalid("payment", "a reserved term needs a payment option".into()));
    }
    Ok(Purchase {
        term,
        payment,
        offering_class: None,
        spot_share: spec.spot_share.map(|s| s.0),
        spot_discount: spec.spot_discount.map(|s| s.0),
        savings_plan: None,
        operating_system: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_index() {
        assert!(address_matches("aws_nat_gateway.this[*]", "aws_nat_gateway.this[1]"));
        assert!(address_matches("module.svc[*].aws_lb.main", "module.svc[\"a]b\"].aws_lb.main"));
        assert!(!address_matches("aws_nat_gateway.this[*]", "aws_nat_gateway.this"));
        assert!(!address_matches("aws_nat_gateway.this[*]", "module.vpc.aws_nat_gateway.this[0]"));
        assert_eq!(resource_type_of("module.a[\"x.y\"].aws_lb.main[0]"), "aws_lb");
    }
}
