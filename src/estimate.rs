//! The estimate: evaluated instances + usage + prices → the [`Report`] model.
//!
//! Contract:
//! - Every managed instance ends up in exactly one bucket: estimated (a supported type),
//!   free (a known-free type, or a supported type whose mapping says free) or not supported.
//! - Each component's [`PriceQuery`](crate::pricing::PriceQuery) is resolved through
//!   [`PriceLookup`]; the quantity is split across the price's tiers; reserved terms amortise
//!   their upfront fee into the rate and show the fee; `--free-tier` allowances are drawn from
//!   account-wide pools in address order.
//! - No silent $0: a price not found, ambiguous, or a usage not known leaves `monthly_cost` as
//!   `None`, sets the component's status and adds a warning (`price-not-found`,
//!   `price-ambiguous`, `usage-unknown`).
//! - Never a panic: every product and sum of quantities and prices is checked
//!   ([`crate::checked`]); one that leaves Decimal's range is an [`EstimateError`] naming the
//!   resource and component (or total), the only way an estimate fails.
//! - Deterministic: instances in address order, sorted warnings and sources, `BTreeMap`s.
//! - Pure: no I/O, no clock.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::checked;
use crate::model::{
    Bucket, Component, FreeAllowance, Inputs, PriceStatus, PricingSource, Project, Report,
    ReportWarning, ResourceCost, SCHEMA_VERSION, SubResource, Summary, TierUse, Totals,
};
use crate::pricing::{PriceQuery, Term};
use crate::resources::{self, ComponentSpec, Ctx, FreeTierPool, Mapping};
use crate::terraform::{Instance, Mode, Warning};
use crate::usage::Usage;

/// Hours in a month unless told otherwise (AWS's convention: 8,760 / 12).
pub const DEFAULT_HOURS_PER_MONTH: u32 = 730;

/// How to estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateOptions {
    pub hours_per_month: Decimal,
    /// Subtract account-level free-tier allowances.
    pub free_tier: bool,
    /// Recorded in the report as given.
    pub inputs: Inputs,
    /// Project name in the report.
    pub project_name: String,
}

impl Default for EstimateOptions {
    fn default() -> Self {
        Self {
            hours_per_month: Decimal::from(DEFAULT_HOURS_PER_MONTH),
            free_tier: false,
            inputs: Inputs::default(),
            project_name: "main".into(),
        }
    }
}

/// Calendar hours of a month (`--month 2026-02` → 672); `None` for an invalid month.
pub fn hours_in_month(year: i32, month: u32) -> Option<Decimal> {
    let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some(Decimal::from((next - first).num_days() * 24))
}

/// One tier of a found price, in catalog units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceTier {
    pub begin: Decimal,
    pub end: Option<Decimal>,
    pub usd: Decimal,
}

/// A price as the estimate needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPrice {
    pub sku: String,
    pub tiers: Vec<PriceTier>,
    /// Reserved: the upfront fee per unit (instance, node) for the whole term.
    pub upfront_usd: Option<Decimal>,
    /// Reserved: the hourly rate already includes the amortised upfront.
    pub hourly_includes_upfront: bool,
    pub source: PricingSource,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(FoundPrice),
    NotFound { hint: String, closest: Vec<String> },
    Ambiguous { candidates: Vec<String> },
}

/// Where prices come from: the pricing catalog, or a table in tests.
pub trait PriceLookup {
    fn lookup(&self, query: &PriceQuery) -> Lookup;
}

/// What the Terraform side produced.
#[derive(Debug, Clone, Copy)]
pub struct Configuration<'a> {
    pub instances: &'a [Instance],
    /// Warnings not tied to one instance.
    pub warnings: &'a [Warning],
    pub unset_variables: &'a [String],
    pub modules_not_loaded: &'a [String],
}

impl<'a> From<&'a crate::terraform::Loaded> for Configuration<'a> {
    fn from(loaded: &'a crate::terraform::Loaded) -> Self {
        Configuration {
            instances: &loaded.instances,
            warnings: &loaded.warnings,
            unset_variables: &loaded.unset_variables,
            modules_not_loaded: &loaded.modules_not_loaded,
        }
    }
}

/// Why an estimate cannot be made: a cost too large to compute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    /// A component's quantity × price (or a sum of such costs) overflows.
    #[error(
        "{address}: `{component}`: {detail} overflows: {}{}; check the usage value and the price \
         file",
        checked::Overflow,
        sku.as_ref().map(|s| format!(" (price SKU {s})")).unwrap_or_default()
    )]
    Overflow { address: String, component: String, detail: String, sku: Option<String> },
    /// A total over resources overflows.
    #[error(
        "the {what} overflows: {}; check the usage values and the price files",
        checked::Overflow
    )]
    Total { what: String },
    /// The report's amounts together leave the range its consumers compute in.
    #[error(transparent)]
    Amounts(#[from] crate::model::AmountOverflow),
}

/// Non-AWS providers whose resources cost nothing on the AWS bill.
const FREE_PROVIDERS: &[&str] =
    &["random_", "null_", "tls_", "time_", "local_", "archive_", "http_", "external_", "template_"];

/// Estimates a configuration. Problems become warnings in the report; the only error is a cost
/// too large to compute ([`EstimateError`]).
pub fn estimate(
    config: Configuration<'_>,
    usage: &Usage,
    prices: &dyn PriceLookup,
    opts: &EstimateOptions,
) -> Result<Report, EstimateError> {
    let mut warnings: BTreeSet<ReportWarning> = BTreeSet::new();
    for w in config.warnings.iter().chain(&usage.warnings) {
        warnings.insert(report_warning(w, None));
    }
    for name in config.unset_variables {
        let already = config
            .warnings
            .iter()
            .any(|w| w.code == "variable-unset" && w.message.contains(name.as_str()));
        if !already {
            warnings.insert(ReportWarning {
                code: "variable-unset".into(),
                message: format!("variable `{name}` has no value: pass it with `--var {name}=...` or a `--var-file`"),
                address: None,
                location: None,
            });
        }
    }
    for module in config.modules_not_loaded {
        let already = config
            .warnings
            .iter()
            .any(|w| w.code == "module-not-loaded" && w.message.contains(module.as_str()));
        if !already {
            warnings.insert(ReportWarning {
                code: "module-not-loaded".into(),
                message: format!(
                    "{module} could not be loaded: its resources are missing from the estimate"
                ),
                address: None,
                location: None,
            });
        }
    }

    let mut pools: BTreeMap<FreeTierPool, Decimal> = BTreeMap::new();
    let mut sources: BTreeSet<PricingSource> = BTreeSet::new();
    // Priced resources whose region nothing names ([`crate::region::priced_in`]).
    let mut region_assumed: Vec<String> = Vec::new();
    let mut managed: Vec<&Instance> =
        config.instances.iter().filter(|i| i.mode == Mode::Managed).collect();
    managed.sort_by(|a, b| a.address.cmp(&b.address));
    let mut resources_out = Vec::with_capacity(managed.len());
    for inst in managed {
        let mut rc = ResourceCost {
            address: inst.address.clone(),
            resource_type: inst.resource_type.clone(),
            location: inst.location.clone(),
            region: None,
            bucket: Bucket::NotSupported,
            note: None,
            unsupported: None,
            components: Vec::new(),
            subresources: Vec::new(),
            monthly_cost: Decimal::ZERO,
            upfront: None,
            incomplete: false,
            warnings: inst
                .warnings
                .iter()
                .map(|w| report_warning(w, Some(&inst.address)))
                .collect(),
        };
        if let Some(rt) = resources::lookup(&inst.resource_type) {
            // Only priced resources need a region (a `random_password` has none).
            let (region, defaulted) = crate::region::priced_in(inst.region.as_deref());
            let ctx = Ctx {
                instances: config.instances,
                usage,
                hours_per_month: opts.hours_per_month,
                region: region.clone(),
            };
            match (rt.map)(inst, &ctx) {
                Mapping::Free(why) => {
                    rc.bucket = Bucket::Free;
                    rc.note = Some(why);
                }
                Mapping::Priced(priced) => {
                    rc.bucket = Bucket::Estimated;
                    if defaulted {
                        region_assumed.push(inst.address.clone());
                    }
                    rc.region = Some(region);
                    for w in &priced.warnings {
                        rc.warnings.push(report_warning(w, Some(&inst.address)));
                    }
                    let mut price = |spec: &ComponentSpec, rc: &mut ResourceCost| {
                        price_component(
                            spec,
                            inst,
                            prices,
                            opts,
                            &mut pools,
                            &mut sources,
                            &mut rc.warnings,
                        )
                    };
                    for spec in &priced.components {
                        let c = price(spec, &mut rc)?;
                        rc.components.push(c);
                    }
                    // The usage file's `usage-key-unknown` warning already names each key.
                    for given in usage.ignored(&inst.address) {
                        let service = rc
                            .components
                            .first()
                            .map(|c| c.price_query.service.clone())
                            .unwrap_or_default();
                        rc.components.push(ignored_usage_component(given, &service, &ctx.region));
                    }
                    let sum_overflow = |what: &str| EstimateError::Overflow {
                        address: inst.address.clone(),
                        component: what.to_string(),
                        detail: "the sum of its monthly costs".into(),
                        sku: None,
                    };
                    for (name, specs) in &priced.subresources {
                        let mut components = Vec::new();
                        for spec in specs {
                            components.push(price(spec, &mut rc)?);
                        }
                        let monthly_cost =
                            checked::sum(components.iter().filter_map(|c| c.monthly_cost))
                                .map_err(|_| sum_overflow(name))?;
                        rc.subresources.push(SubResource {
                            name: name.clone(),
                            components,
                            monthly_cost,
                        });
                    }
                    let monthly = checked::sum(rc.all_components().filter_map(|c| c.monthly_cost))
                        .map_err(|_| sum_overflow("all components"))?;
                    let upfront = checked::sum(rc.all_components().filter_map(|c| c.upfront))
                        .map_err(|_| sum_overflow("upfront fees"))?;
                    let count = rc.all_components().count();
                    let missing = rc.all_components().any(|c| c.monthly_cost.is_none());
                    rc.monthly_cost = monthly;
                    rc.upfront = (!upfront.is_zero()).then_some(upfront);
                    rc.incomplete = count == 0 || missing;
                }
            }
        } else if let Some(why) = resources::free_reason(&inst.resource_type) {
            rc.bucket = Bucket::Free;
            rc.note = Some(why.to_string());
        } else if FREE_PROVIDERS.iter().any(|p| inst.resource_type.starts_with(p)) {
            rc.bucket = Bucket::Free;
            rc.note = Some("not a cloud resource".into());
        } else {
            let kind = resources::unpriced::classify(&inst.resource_type);
            let (code, message) = resources::unpriced::describe(&inst.resource_type, &kind);
            rc.note = Some(message.clone());
            rc.unsupported = Some(kind);
            rc.warnings.push(ReportWarning {
                code: code.into(),
                message,
                address: Some(inst.address.clone()),
                location: Some(inst.location.clone()),
            });
        }
        rc.warnings.sort();
        rc.warnings.dedup();
        warnings.extend(rc.warnings.iter().cloned());
        resources_out.push(rc);
    }
    if !region_assumed.is_empty() {
        const SHOWN: usize = 5;
        let mut which = region_assumed.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if region_assumed.len() > SHOWN {
            which.push_str(&format!(" and {} more", region_assumed.len() - SHOWN));
        }
        warnings.insert(ReportWarning {
            code: "region-assumed".into(),
            message: format!(
                "{} priced resource(s) have no region: none from their provider, `--region`, \
                 AWS_REGION, AWS_DEFAULT_REGION or the AWS profile, so they are priced in {}: \
                 {which}; set the `aws` provider's region or pass `--region`",
                region_assumed.len(),
                crate::region::ASSUMED
            ),
            address: None,
            location: None,
        });
    }

    let (totals, mut summary) = totals_and_summary(&resources_out)?;
    summary.modules_not_loaded = config.modules_not_loaded.len();
    let project = Project {
        name: opts.project_name.clone(),
        path: opts.inputs.path.clone().or_else(|| opts.inputs.plan.clone()),
        resources: resources_out,
        totals: totals.clone(),
        summary: summary.clone(),
    };
    let report = Report {
        schema_version: SCHEMA_VERSION,
        currency: "USD".into(),
        hours_per_month: opts.hours_per_month,
        inputs: opts.inputs.clone(),
        pricing_sources: sources.into_iter().collect(),
        projects: vec![project],
        totals,
        summary,
        warnings: warnings.into_iter().collect(),
        advice: None,
    };
    report.check_amounts()?;
    Ok(report)
}

fn report_warning(w: &Warning, address: Option<&str>) -> ReportWarning {
    ReportWarning {
        code: w.code.clone(),
        message: w.message.clone(),
        address: address.map(str::to_string),
        location: w.location.clone(),
    }
}

/// Totals and counts of a list of resources; a sum too large to compute is an error naming the
/// total.
pub fn totals_and_summary(resources: &[ResourceCost]) -> Result<(Totals, Summary), EstimateError> {
    let mut totals = Totals::default();
    let mut summary = Summary { resources: resources.len(), ..Summary::default() };
    let total = |what: String| move |_| EstimateError::Total { what };
    for rc in resources {
        match rc.bucket {
            Bucket::Estimated => {
                summary.estimated += 1;
                checked::add_to(&mut totals.monthly, rc.monthly_cost)
                    .map_err(total("total monthly cost".into()))?;
                checked::add_to(&mut totals.upfront, rc.upfront.unwrap_or_default())
                    .map_err(total("total upfront fee".into()))?;
                totals.by_resource.insert(rc.address.clone(), rc.monthly_cost);
                for c in rc.all_components() {
                    if let Some(cost) = c.monthly_cost {
                        let service = &c.price_query.service;
                        checked::add_to(
                            totals.by_service.entry(service.clone()).or_default(),
                            cost,
                        )
                        .map_err(total(format!("monthly cost of service {service}")))?;
                    }
                    match c.price_status {
                        PriceStatus::NotFound { .. } | PriceStatus::Ambiguous { .. } => {
                            summary.price_not_found += 1
                        }
                        PriceStatus::UsageUnknown => summary.usage_unknown += 1,
                        PriceStatus::Found => {}
                    }
                }
            }
            Bucket::Free => summary.free += 1,
            Bucket::NotSupported => {
                summary.not_supported += 1;
                if matches!(rc.unsupported, Some(crate::model::Unsupported::UnknownType { .. })) {
                    summary.unknown_type += 1;
                }
                *summary.not_supported_types.entry(rc.resource_type.clone()).or_default() += 1;
            }
        }
    }
    Ok((totals, summary))
}

#[allow(clippy::too_many_arguments)]
/// The line of a usage value given for a key costplan does not read: no price, so the resource
/// is incomplete and every total over it is a lower bound.
fn ignored_usage_component(
    given: &crate::usage::IgnoredValue,
    service: &str,
    region: &str,
) -> Component {
    Component {
        id: "usage.not_priced".into(),
        name: format!("{} (usage given, not priced by costplan)", given.key),
        unit: "as given".into(),
        quantity: given.value.parse().ok(),
        usage_based: true,
        usage_key: Some(given.key.clone()),
        usage_source: Some(crate::usage::UsageSource::Explicit),
        formula: Some(format!("{} = {} (given in {})", given.key, given.value, given.origin)),
        price: None,
        tiers: Vec::new(),
        monthly_cost: None,
        upfront: None,
        free_allowance: None,
        price_status: PriceStatus::NotFound {
            hint: format!(
                "costplan does not price the usage key `{}`; its cost is not in the total",
                given.key
            ),
            closest: Vec::new(),
        },
        price_query: crate::pricing::PriceQuery::new(service, region),
        sku: None,
    }
}

fn price_component(
    spec: &ComponentSpec,
    inst: &Instance,
    prices: &dyn PriceLookup,
    opts: &EstimateOptions,
    pools: &mut BTreeMap<FreeTierPool, Decimal>,
    sources: &mut BTreeSet<PricingSource>,
    warnings: &mut Vec<ReportWarning>,
) -> Result<Component, EstimateError> {
    let mut c = Component {
        id: spec.id.to_string(),
        name: spec.name.clone(),
        unit: spec.unit.clone(),
        quantity: spec.quantity.value,
        usage_based: spec.quantity.usage_based,
        usage_key: spec.quantity.usage_key.clone(),
        usage_source: spec.quantity.usage_source,
        formula: spec.quantity.formula.clone(),
        price: None,
        tiers: Vec::new(),
        monthly_cost: None,
        upfront: None,
        free_allowance: None,
        price_status: PriceStatus::Found,
        price_query: spec.query.clone(),
        sku: None,
    };
    let warn = |code: &str, message: String| ReportWarning {
        code: code.into(),
        message,
        address: Some(inst.address.clone()),
        location: Some(inst.location.clone()),
    };
    // Every product and sum below is checked: a usage or a cached price can be large enough to
    // leave Decimal's range, which is an error naming the resource and component, not a panic.
    let overflow = |detail: String, sku: Option<&str>| EstimateError::Overflow {
        address: inst.address.clone(),
        component: spec.name.clone(),
        detail,
        sku: sku.map(str::to_string),
    };
    let found = match prices.lookup(&spec.query) {
        Lookup::Found(mut p) => {
            if spec.rate_factor != Decimal::ONE {
                for t in &mut p.tiers {
                    t.usd = checked::mul(t.usd, spec.rate_factor).map_err(|_| {
                        overflow(
                            format!("its price ${} × {}", t.usd.normalize(), spec.rate_factor),
                            Some(&p.sku),
                        )
                    })?;
                }
            }
            p
        }
        Lookup::NotFound { hint, closest } => {
            let also = if closest.is_empty() {
                String::new()
            } else {
                format!(" (closest: {})", closest.join(", "))
            };
            warnings.push(warn("price-not-found", format!("{}: {hint}{also}", spec.name)));
            c.price_status = PriceStatus::NotFound { hint, closest };
            return Ok(c);
        }
        Lookup::Ambiguous { candidates } => {
            warnings.push(warn(
                "price-ambiguous",
                format!(
                    "{}: {} prices match the query: {}",
                    spec.name,
                    candidates.len(),
                    candidates.join("; ")
                ),
            ));
            c.price_status = PriceStatus::Ambiguous { candidates };
            return Ok(c);
        }
    };
    let sku = Some(found.sku.as_str());
    sources.insert(found.source.clone());
    c.sku = Some(found.sku.clone());
    let m = spec.unit_multiplier;
    // Reserved terms: amortise the upfront fee over the term's hours into the hourly rate.
    let years = match spec.query.term {
        Term::Reserved { years, .. } => Some(Decimal::from(years)),
        Term::OnDemand => None,
    };
    let amortised = match (years, found.upfront_usd, found.hourly_includes_upfront) {
        (Some(years), Some(upfront), false) => upfront / (Decimal::from(8760) * years),
        _ => Decimal::ZERO,
    };
    // A tier's rate in the display unit: (catalog rate + amortised upfront) × multiplier.
    let display_rate = |usd: Decimal| {
        checked::add(usd, amortised).and_then(|r| checked::mul(r, m)).map_err(|_| {
            overflow(format!("its price ${} per {}", usd.normalize(), singular(&spec.unit)), sku)
        })
    };
    // The rate shown: for an unknown quantity the first rate that is not free (a free first
    // tier would read "depends on usage: $0"); otherwise the rate of the last tier used (the
    // marginal rate), set below.
    let first = found
        .tiers
        .iter()
        .map(|t| t.usd)
        .find(|usd| !usd.is_zero())
        .or_else(|| found.tiers.first().map(|t| t.usd))
        .unwrap_or_default();
    c.price = Some(display_rate(first)?);
    let Some(quantity) = spec.quantity.value else {
        if spec.quantity.usage_key.is_none() {
            // Not a usage: an attribute the configuration gives in a form that cannot be priced.
            warnings.push(warn(
                "invalid-value",
                format!(
                    "{}: {}; the line is not priced: fix the value",
                    spec.name,
                    spec.quantity.formula.as_deref().unwrap_or("the quantity is not known")
                ),
            ));
            c.price_status = PriceStatus::UsageUnknown;
            return Ok(c);
        }
        warnings.push(warn(
            "usage-unknown",
            format!(
                "{}: depends on usage `{}`: ${} per {}",
                spec.name,
                spec.quantity.usage_key.as_deref().unwrap_or("?"),
                c.price.unwrap_or_default().normalize(),
                singular(&spec.unit)
            ),
        ));
        c.price_status = PriceStatus::UsageUnknown;
        return Ok(c);
    };
    let of_quantity =
        |what: &str| overflow(format!("{what} of {} {}", quantity.normalize(), spec.unit), sku);
    if let (Some(_), Some(upfront)) = (years, found.upfront_usd) {
        // Units (instances, nodes) = hours ÷ hours per month.
        let fee = checked::mul(upfront, quantity)
            .and_then(|f| checked::div(f, opts.hours_per_month))
            .map_err(|_| of_quantity("the upfront fee"))?;
        c.upfront = Some(fee);
    }
    let mut chargeable = quantity;
    if let Some(a) = &spec.free_allowance {
        let used = a.quantity.min(chargeable);
        chargeable -= used;
        c.free_allowance = Some(FreeAllowance { quantity: used, note: a.note.clone() });
    }
    if let Some(pool) = spec.free_tier.filter(|_| opts.free_tier) {
        let left = pools.entry(pool).or_insert_with(|| pool.allowance());
        let used = (*left).min(chargeable);
        if !used.is_zero() {
            *left -= used;
            chargeable -= used;
            let note = match &c.free_allowance {
                Some(prev) => format!("{}; {}", prev.note, pool.note()),
                None => pool.note().to_string(),
            };
            let total = c.free_allowance.as_ref().map_or(Decimal::ZERO, |a| a.quantity) + used;
            c.free_allowance = Some(FreeAllowance { quantity: total, note });
        }
    }
    // Split across tiers in catalog units. `covered` is how far the tiers reach without a gap
    // from 0: an open-ended last tier reaches any quantity; a table that really ends (or has a
    // hole) leaves the rest with no price, which is "price not found", never $0.
    let catalog_qty = checked::mul(chargeable, m).map_err(|_| of_quantity("the quantity"))?;
    let mut cost = Decimal::ZERO;
    let mut used_tiers = Vec::new();
    let mut covered = Some(Decimal::ZERO);
    for t in &found.tiers {
        covered = match covered {
            Some(reach) if t.begin <= reach => t.end.map(|e| e.max(reach)),
            other => other,
        };
        let upper = t.end.map_or(catalog_qty, |e| e.min(catalog_qty));
        if upper <= t.begin {
            continue;
        }
        let part = checked::sub(upper, t.begin).map_err(|_| of_quantity("the quantity"))?;
        let rate = checked::add(t.usd, amortised).map_err(|_| of_quantity("the price"))?;
        let part_cost = checked::mul(part, rate).map_err(|_| of_quantity("the monthly cost"))?;
        checked::add_to(&mut cost, part_cost).map_err(|_| of_quantity("the monthly cost"))?;
        used_tiers.push(TierUse {
            begin: t.begin / m,
            end: t.end.map(|e| e / m),
            price: display_rate(t.usd)?,
            quantity: part / m,
            cost: part_cost,
        });
    }
    if let Some(last) = used_tiers.last() {
        c.price = Some(last.price);
    } else if let Some(t) = found.tiers.first() {
        c.price = Some(display_rate(t.usd)?);
    }
    if found.tiers.len() > 1 {
        c.tiers = used_tiers;
    }
    if let Some(reach) = covered.filter(|reach| *reach < catalog_qty) {
        let ranges: Vec<String> = found
            .tiers
            .iter()
            .map(|t| {
                let end =
                    t.end.map_or_else(|| "Inf".to_string(), |e| (e / m).normalize().to_string());
                format!("{}..{end}", (t.begin / m).normalize())
            })
            .collect();
        let hint = format!(
            "the price (SKU {}) has tiers only up to {} {}: the {} {} beyond have no price; \
             refresh the prices or check the price file",
            found.sku,
            (reach / m).normalize(),
            spec.unit,
            ((catalog_qty - reach) / m).normalize(),
            spec.unit
        );
        warnings.push(warn("price-not-found", format!("{}: {hint}", spec.name)));
        c.price_status = PriceStatus::NotFound { hint, closest: ranges };
        return Ok(c);
    }
    c.monthly_cost = Some(cost);
    Ok(c)
}

/// `GB-months` → `GB-month`, `1M requests` → `1M requests` (kept), `hours` → `hour`.
fn singular(unit: &str) -> String {
    if unit.starts_with(|ch: char| ch.is_ascii_digit()) {
        return unit.to_string();
    }
    unit.strip_suffix('s').unwrap_or(unit).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn calendar_hours() {
        assert_eq!(hours_in_month(2026, 2), Some(dec!(672)));
        assert_eq!(hours_in_month(2024, 2), Some(dec!(696)));
        assert_eq!(hours_in_month(2026, 10), Some(dec!(744)));
        assert_eq!(hours_in_month(2026, 13), None);
    }

    #[test]
    fn units_read_singular() {
        assert_eq!(singular("GB-months"), "GB-month");
        assert_eq!(singular("1M requests"), "1M requests");
        assert_eq!(singular("hours"), "hour");
    }
}

#[cfg(test)]
mod pricing_tests {
    use super::*;
    use crate::terraform::{Location, Value};
    use crate::usage::{UsageSource, UsageValue};
    use rust_decimal_macros::dec;

    /// Prices by usage-type suffix; S3 Standard storage is tiered like the real one.
    struct Table;

    impl PriceLookup for Table {
        fn lookup(&self, q: &PriceQuery) -> Lookup {
            let usage =
                q.attributes.iter().find(|a| a.key == "usagetype").map(|a| a.value.as_str());
            let tier =
                |begin: Decimal, end: Option<Decimal>, usd: Decimal| PriceTier { begin, end, usd };
            let tiers = match usage {
                Some("NatGateway-Hours" | "NatGateway-Bytes") => {
                    vec![tier(dec!(0), None, dec!(0.045))]
                }
                Some("TimedStorage-ByteHrs") => vec![
                    tier(dec!(0), Some(dec!(51200)), dec!(0.023)),
                    tier(dec!(51200), Some(dec!(512000)), dec!(0.022)),
                    tier(dec!(512000), None, dec!(0.021)),
                ],
                Some("Requests-Tier1") => vec![tier(dec!(0), None, dec!(0.000005))],
                // A table that really ends: only the first PB of endpoint data processed.
                Some("VpcEndpoint-Bytes") => vec![tier(dec!(0), Some(dec!(1048576)), dec!(0.01))],
                Some("VpcEndpoint-Hours") => vec![tier(dec!(0), None, dec!(0.01))],
                // A table with a hole between 10 and 20.
                Some("LCUUsage") => vec![
                    tier(dec!(0), Some(dec!(10)), dec!(0.008)),
                    tier(dec!(20), None, dec!(0.004)),
                ],
                Some("DashboardsUsageHour") => vec![tier(dec!(0), None, dec!(3))],
                _ => {
                    return Lookup::NotFound {
                        hint: format!("`{}` in `{}`", usage.unwrap_or("?"), q.region),
                        closest: vec!["NatGateway-Hours".into()],
                    };
                }
            };
            Lookup::Found(FoundPrice {
                sku: format!("SKU-{}", usage.unwrap_or_default()),
                tiers,
                upfront_usd: None,
                hourly_includes_upfront: false,
                source: PricingSource {
                    file: format!("aws/{}/{}.json", q.service, q.region),
                    source: "test".into(),
                    as_of: "2026-01".into(),
                },
            })
        }
    }

    fn inst(address: &str, attrs: &str) -> Instance {
        let (ty, name) = address.split_once('.').unwrap_or((address, ""));
        Instance {
            address: address.into(),
            resource_type: ty.into(),
            name: name.into(),
            mode: Mode::Managed,
            module: String::new(),
            region: Some("us-east-1".into()),
            provider: "aws".into(),
            attributes: serde_json::from_str::<Value>(attrs).unwrap_or_default(),
            location: Location { file: "main.tf".into(), line: 1, column: 1 },
            references: Default::default(),
            warnings: Vec::new(),
        }
    }

    fn run(instances: &[Instance], usage: &Usage, opts: &EstimateOptions) -> Report {
        let config = Configuration {
            instances,
            warnings: &[],
            unset_variables: &[],
            modules_not_loaded: &[],
        };
        estimate(config, usage, &Table, opts).unwrap_or_else(|e| panic!("estimate: {e}"))
    }

    #[test]
    fn buckets_totals_and_no_silent_zero() {
        let instances = vec![
            inst("aws_nat_gateway.a", "{}"),
            inst("aws_vpc.main", "{}"),
            inst("aws_kinesis_stream.q", "{}"),
            inst("aws_eip.ip", "{}"),
        ];
        let report = run(&instances, &Usage::default(), &EstimateOptions::default());
        let s = &report.summary;
        assert_eq!((s.resources, s.estimated, s.free, s.not_supported), (4, 2, 1, 1));
        // NAT hours priced, NAT bytes usage unknown, EIP price not found.
        assert_eq!((s.usage_unknown, s.price_not_found), (1, 1));
        assert_eq!(report.totals.monthly, dec!(32.85));
        let nat = report.resources().find(|r| r.address == "aws_nat_gateway.a").unwrap();
        assert!(nat.incomplete);
        let bytes = &nat.components[1];
        assert_eq!(
            (bytes.monthly_cost, bytes.price, &bytes.price_status),
            (None, Some(dec!(0.045)), &PriceStatus::UsageUnknown)
        );
        let codes: Vec<&str> = report.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, ["price-not-found", "unsupported-resource", "usage-unknown"]);
        assert!(
            report.warnings[0].message.contains("closest: NatGateway-Hours"),
            "{}",
            report.warnings[0].message
        );
    }

    #[test]
    fn tiers_split_and_free_tier_pools() {
        let instances = vec![
            inst("aws_s3_bucket.big", "{}"),
            inst("aws_cloudwatch_dashboard.a", "{}"),
            inst("aws_cloudwatch_dashboard.b", "{}"),
            inst("aws_cloudwatch_dashboard.c", "{}"),
            inst("aws_cloudwatch_dashboard.d", "{}"),
        ];
        let mut usage = Usage::default();
        let v = |value| UsageValue { value, source: UsageSource::Explicit, formula: String::new() };
        usage.set("aws_s3_bucket.big", "standard.storage_gb", v(dec!(60000)));
        usage.set("aws_s3_bucket.big", "standard.monthly_tier_1_requests", v(dec!(2000)));
        usage.set("aws_s3_bucket.big", "standard.monthly_tier_2_requests", v(dec!(0)));
        let opts = EstimateOptions { free_tier: true, ..EstimateOptions::default() };
        let report = run(&instances, &usage, &opts);
        let resources = &report.projects[0].resources;
        let s3 = resources.iter().find(|r| r.address == "aws_s3_bucket.big").unwrap();
        let storage = &s3.components[0];
        assert_eq!(storage.tiers.len(), 2);
        assert_eq!(
            storage.monthly_cost,
            Some(dec!(51200) * dec!(0.023) + dec!(8800) * dec!(0.022))
        );
        let puts = &s3.components[1];
        assert_eq!(
            (puts.quantity, puts.price, puts.monthly_cost),
            (Some(dec!(2)), Some(dec!(0.005)), Some(dec!(0.01)))
        );
        let dashboards: Vec<Option<Decimal>> = resources
            .iter()
            .filter(|r| r.resource_type == "aws_cloudwatch_dashboard")
            .map(|r| r.components[0].monthly_cost)
            .collect();
        assert_eq!(dashboards, [Some(dec!(0)), Some(dec!(0)), Some(dec!(0)), Some(dec!(3))]);
    }

    /// Usage past the last tier of a table that ends, or inside a hole between tiers, has no
    /// price: the line is "price not found" (counted, warned, no monthly cost), never the sum
    /// of the tiers that exist. Usage within the table is priced as before.
    #[test]
    fn usage_past_the_end_of_a_tier_table_is_price_not_found_not_free() {
        let instances = vec![
            inst("aws_vpc_endpoint.big", r#"{"vpc_endpoint_type": "Interface"}"#),
            inst("aws_vpc_endpoint.small", r#"{"vpc_endpoint_type": "Interface"}"#),
            inst("aws_lb.hole", r#"{"internal": true}"#),
        ];
        let mut usage = Usage::default();
        let v = |value| UsageValue { value, source: UsageSource::Explicit, formula: String::new() };
        usage.set("aws_vpc_endpoint.big", "monthly_data_processed_gb", v(dec!(7000000)));
        usage.set("aws_vpc_endpoint.small", "monthly_data_processed_gb", v(dec!(1000)));
        usage.set("aws_lb.hole", "monthly_lcu_hrs", v(dec!(15)));
        let report = run(&instances, &usage, &EstimateOptions::default());
        let component = |address: &str, unit: &str| {
            let r = report.resources().find(|r| r.address == address).unwrap();
            r.components.iter().find(|c| c.unit == unit).unwrap().clone()
        };
        let big = component("aws_vpc_endpoint.big", "GB");
        assert_eq!(big.monthly_cost, None, "{big:?}");
        let PriceStatus::NotFound { hint, .. } = &big.price_status else {
            panic!("{:?}", big.price_status)
        };
        assert!(hint.contains("up to 1048576 GB") && hint.contains("5951424 GB"), "{hint}");
        // 1,000 GB × $0.01 (the table's first tier) = $10.
        let small = component("aws_vpc_endpoint.small", "GB");
        assert_eq!(small.monthly_cost, Some(dec!(10)));
        let hole = component("aws_lb.hole", "LCU-hours");
        assert!(matches!(hole.price_status, PriceStatus::NotFound { .. }), "{hole:?}");
        assert_eq!(hole.monthly_cost, None);
        // The endpoint past the table, the hole, and the load balancer hours (not in the table).
        assert_eq!(report.summary.price_not_found, 3, "{:?}", report.summary);
        let not_found = report.warnings.iter().filter(|w| w.code == "price-not-found").count();
        assert!(not_found >= 2, "{:?}", report.warnings);
        let big = report.resources().find(|r| r.address == "aws_vpc_endpoint.big").unwrap();
        assert!(big.incomplete);
    }
}

/// The pricing catalog answers queries for the estimate.
impl PriceLookup for crate::pricing::Catalog {
    fn lookup(&self, query: &PriceQuery) -> Lookup {
        match self.resolve(query) {
            crate::pricing::Resolution::Found(p) => Lookup::Found(FoundPrice {
                sku: p.sku,
                tiers: p
                    .tiers
                    .into_iter()
                    .map(|t| PriceTier { begin: t.begin, end: t.end, usd: t.usd })
                    .collect(),
                upfront_usd: p.upfront_usd,
                hourly_includes_upfront: p.hourly_includes_upfront,
                source: PricingSource {
                    file: p.source.file,
                    source: p.source.source.to_string(),
                    as_of: p.source.as_of,
                },
            }),
            crate::pricing::Resolution::NotFound { hint, closest } => {
                Lookup::NotFound { hint, closest }
            }
            crate::pricing::Resolution::Ambiguous { candidates } => {
                Lookup::Ambiguous { candidates }
            }
        }
    }
}
