//! `aws_instance`, and the instance pricing shared with `aws_autoscaling_group`.
//!
//! - Instance-hours (`monthly_hrs`, 730 by default) of `instance_type` for the operating
//!   system and tenancy: the OS comes from the usage key `operating_system` (Infracost's
//!   values: `linux`, `windows`, `rhel`, `suse`, ...), else from the name of the AMI when the
//!   configuration shows it (`ami` referring to a `data.aws_ami` whose `name` or `name` filter
//!   says Windows, RHEL, SUSE or Ubuntu Pro), else Linux with an `os-assumed` warning.
//!   `tenancy` `default` is shared, `dedicated` a dedicated instance, `host` runs on a
//!   Dedicated Host (priced on the host, which costplan does not price: price not found).
//! - Spot (`instance_market_options { market_type = "spot" }`): the Spot price is not in the
//!   catalog, so the hours say "price not found" and a `spot-not-priced` warning says why;
//!   never $0.
//! - `root_block_device` (gp2 and 8 GB when unset, as AWS's common AMIs and Infracost) and each
//!   `ebs_block_device`: priced as `aws_ebs_volume` ([`super::ebs_volume`]).
//! - `monitoring = true`: detailed monitoring, 7 CloudWatch metrics per instance (Infracost's
//!   count), at the custom-metric price.
//! - `associate_public_ip_address = true`: one public IPv4 address-hour per hour.

use rust_decimal::Decimal;

use super::ebs_volume::{self, DefaultSize, Volume};
use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_bool, attr_str,
    blocks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value, Warning};

/// Instance-hours (also of an Auto Scaling group's instances).
pub const HOURS: &str = "ec2.instance_hours";
/// Detailed monitoring metrics (also of an Auto Scaling group's instances).
pub const DETAILED_MONITORING: &str = "ec2.detailed_monitoring";
/// The hourly EBS-optimized fee of the older types that charge for it.
pub const EBS_OPTIMIZED: &str = "ec2.ebs_optimized";

/// Families that charge an hourly fee for EBS optimization (`ebs_optimized = true`); every
/// later family is EBS-optimized by default at no charge.
const EBS_OPTIMIZED_FEE_FAMILIES: &[&str] = &["c1", "c3", "g2", "i2", "m1", "m2", "m3", "r3"];

pub const TYPE: ResourceType =
    ResourceType { name: "aws_instance", map, reads: &["aws_ami"], component_ids: IDS };

/// Every component id of instances (an `aws_instance`, or the instances of a group).
pub(super) const IDS: &[&str] = &[
    HOURS,
    DETAILED_MONITORING,
    EBS_OPTIMIZED,
    ebs_volume::STORAGE,
    ebs_volume::IOPS,
    ebs_volume::THROUGHPUT,
    ebs_volume::IO_REQUESTS,
    super::eip::PUBLIC_IPV4,
];

/// Metrics detailed monitoring publishes per instance (Infracost's count).
const DETAILED_METRICS: i64 = 7;

/// Root volume size when the configuration does not set one.
const ROOT_GB: i64 = 8;

/// Operating systems: (Infracost's `operating_system` value, Price List `operatingSystem`).
const OS: &[(&str, &str)] = &[
    ("linux", "Linux"),
    ("windows", "Windows"),
    ("rhel", "RHEL"),
    ("suse", "SUSE"),
    ("ubuntu_pro", "Ubuntu Pro"),
    ("red_hat_enterprise_linux_with_ha", "Red Hat Enterprise Linux with HA"),
];

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let Some(instance_type) = attr_str(inst, "instance_type") else {
        return Priced::invalid(inst, "`instance_type` is not set or not known");
    };
    let spot = on_spot(inst);
    let tenancy = attr_str(inst, "tenancy").unwrap_or("default");
    let os = operating_system(inst, inst, ctx, &mut priced.warnings);
    let Some(os) = os else { return Mapping::Priced(priced) };
    let launch = Launch { instance_type, os: &os, tenancy, spot, count: Decimal::ONE };
    priced.components.push(hours(inst, ctx, &launch, &mut priced.warnings));
    priced.components.extend(volumes(
        inst,
        ctx,
        &inst.attributes,
        Decimal::ONE,
        &mut priced.warnings,
    ));
    if attr_bool(inst, "monitoring") == Some(true) {
        priced.components.push(detailed_monitoring(ctx, Decimal::ONE));
    }
    if attr_bool(inst, "ebs_optimized") == Some(true) {
        priced.components.extend(ebs_optimized_fee(ctx, instance_type, Decimal::ONE));
    }
    if attr_bool(inst, "associate_public_ip_address") == Some(true) {
        priced.components.push(public_ipv4(ctx, Decimal::ONE));
    }
    Mapping::Priced(priced)
}

/// The Price List `operatingSystem` of the instance(s) `inst` launches: its usage key, else
/// the name of the AMI `image_of` (the instance, or the launch template) refers to, else Linux
/// with an `os-assumed` warning. `None` (with an `invalid-value` warning) when the usage key
/// names no known system.
pub(super) fn operating_system(
    inst: &Instance,
    image_of: &Instance,
    ctx: &Ctx,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    let warn = |w: &mut Vec<Warning>, code: &str, m: String| {
        w.push(Warning::new(code, m, Some(inst.location.clone())));
    };
    if let Some(os) = ctx.usage.purchase(&inst.address).and_then(|p| p.operating_system.clone()) {
        let key = os.to_ascii_lowercase();
        return match OS.iter().find(|(k, _)| *k == key) {
            Some((_, pl)) => Some((*pl).to_string()),
            None => {
                let known: Vec<&str> = OS.iter().map(|(k, _)| *k).collect();
                warn(
                    warnings,
                    "invalid-value",
                    format!(
                        "usage `operating_system` is `{os}`, not one of {}; the instance is not \
                         priced: fix it",
                        known.join(", ")
                    ),
                );
                None
            }
        };
    }
    if let Some(name) = ami_name(image_of, ctx) {
        return Some(os_of_ami(&name).to_string());
    }
    warn(
        warnings,
        "os-assumed",
        "the operating system is not known from the AMI: Linux assumed; set the usage key \
         `operating_system` (windows, rhel, suse, ...) if it is another"
            .to_string(),
    );
    Some("Linux".to_string())
}

/// The AMI name the configuration shows: a `data.aws_ami` that `ami` (or `image_id`) refers
/// to, by its `name`, else its `name` filter's first value, else its `name_regex`.
fn ami_name(inst: &Instance, ctx: &Ctx) -> Option<String> {
    let addresses: Vec<&String> =
        ["ami", "image_id"].iter().filter_map(|p| inst.references.get(*p)).flatten().collect();
    let ami = ctx.instances.iter().find(|i| {
        i.resource_type == "aws_ami"
            && addresses.iter().any(|a| crate::terraform::refs::covers(a, &i.address))
    })?;
    if let Some(name) = attr_str(ami, "name") {
        return Some(name.to_string());
    }
    let from_filter = blocks(ami, "filter").into_iter().find_map(|f| {
        (f.get("name").and_then(Value::as_str) == Some("name"))
            .then(|| f.get("values").and_then(Value::as_list)?.first()?.as_str())
            .flatten()
    });
    from_filter.or_else(|| attr_str(ami, "name_regex")).map(str::to_string)
}

/// The Price List operating system an AMI name implies (Linux unless it names another).
fn os_of_ami(name: &str) -> &'static str {
    let l = name.to_ascii_lowercase();
    if l.contains("windows") {
        "Windows"
    } else if l.contains("rhel") || l.contains("red hat") {
        "RHEL"
    } else if l.contains("suse") || l.contains("sles") {
        "SUSE"
    } else if l.contains("ubuntu-pro") || l.contains("ubuntu pro") {
        "Ubuntu Pro"
    } else {
        "Linux"
    }
}

/// What instances launch as: the instance type, the Price List operating system, the
/// Terraform `tenancy`, whether on Spot, and how many.
pub(super) struct Launch<'a> {
    pub instance_type: &'a str,
    pub os: &'a str,
    pub tenancy: &'a str,
    pub spot: bool,
    pub count: Decimal,
}

/// Instance-hours of `l.count` instances.
pub(super) fn hours(
    inst: &Instance,
    ctx: &Ctx,
    l: &Launch,
    warnings: &mut Vec<Warning>,
) -> ComponentSpec {
    let Launch { instance_type, os, tenancy, spot, count } = *l;
    let (pl_tenancy, ut) = match tenancy {
        "dedicated" => ("Dedicated", format!("DedicatedUsage:{instance_type}")),
        "host" => ("Host", format!("HostUsage:{instance_type}")),
        _ => ("Shared", format!("BoxUsage:{instance_type}")),
    };
    let mut query = PriceQuery::new("AmazonEC2", &ctx.region)
        .family("Compute Instance")
        .attr("instanceType", instance_type)
        .attr("operatingSystem", os)
        .attr("tenancy", pl_tenancy)
        .attr("preInstalledSw", "NA")
        .attr("capacitystatus", "Used")
        .usage_type(&ut);
    // A reserved term from the usage file is asked of the catalog as such: the snapshot has no
    // EC2 reserved prices, so the line says "price not found" rather than pricing on demand
    // what the file says is reserved.
    let (term, term_label) = super::purchase_term(inst, ctx);
    query = query.term(term);
    let mut name = format!("Instance usage ({os}, {term_label}, {instance_type})");
    if spot {
        // No Spot product exists in the catalog: this query finds nothing, on purpose.
        query = query.attr("marketoption", "Spot");
        name = format!("Instance usage ({os}, Spot, {instance_type})");
        warnings.push(Warning::new(
            "spot-not-priced",
            "Spot instance-hours are not priced: Spot prices change hourly and are not in the \
             Price List; the hours show \"price not found\"",
            Some(inst.location.clone()),
        ));
    }
    let quantity = match ctx.usage.get(&inst.address, "monthly_hrs") {
        Some(_) => {
            Quantity::usage(inst, ctx, "monthly_hrs", count, &format!("× {} instances", n(count)))
        }
        None => Quantity::hours(count, "instance", ctx),
    };
    ComponentSpec::new(HOURS, name, "hours", quantity, query)
}

/// The root and EBS block devices of `v` (an instance or a launch template), `count` times.
pub(super) fn volumes(
    inst: &Instance,
    ctx: &Ctx,
    v: &Value,
    count: Decimal,
    warnings: &mut Vec<Warning>,
) -> Vec<ComponentSpec> {
    let mut out = Vec::new();
    let root_default = Some((Decimal::from(ROOT_GB), "the common AMIs' root size"));
    let mut devices: Vec<(String, &Value, DefaultSize)> = Vec::new();
    let root = v.get("root_block_device").map(Value::blocks).unwrap_or_default();
    match root.first() {
        Some(r) => devices.push(("root volume".into(), r, root_default)),
        None => devices.push(("root volume".into(), &Value::Null, root_default)),
    }
    for b in v.get("ebs_block_device").map(Value::blocks).unwrap_or_default() {
        let name = b.get("device_name").and_then(Value::as_str).unwrap_or("?");
        devices.push((format!("EBS volume {name}"), b, None));
    }
    for (label, block, default) in devices {
        match Volume::read(label.clone(), block, "volume_type", "volume_size", default) {
            Ok((vol, assumed)) => {
                if let Some(a) = assumed {
                    warnings.push(Warning::new("size-assumed", a, Some(inst.location.clone())));
                }
                let prefix = format!("{}: ", capitalise(&label));
                out.extend(ebs_volume::components(inst, ctx, &vol, count, &prefix, warnings));
            }
            Err(why) => {
                let why = format!("{label}: {why}; the volume is not priced: fix it");
                out.push(ebs_volume::unpriced(inst, ctx, &capitalise(&label), why, warnings));
            }
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// One in-use public IPv4 address per instance, `count` instances.
pub(super) fn public_ipv4(ctx: &Ctx, count: Decimal) -> ComponentSpec {
    ComponentSpec::new(
        super::eip::PUBLIC_IPV4,
        "Public IPv4 addresses",
        "hours",
        Quantity::hours(count, "address", ctx),
        PriceQuery::new("AmazonVPC", &ctx.region).usage_type("PublicIPv4:InUseAddress"),
    )
}

/// Whether instances launched from `v` (an instance or a launch template) run on Spot.
pub(super) fn on_spot(v: &Instance) -> bool {
    blocks(v, "instance_market_options")
        .iter()
        .any(|b| b.get("market_type").and_then(Value::as_str) == Some("spot"))
}

/// The EBS-optimized fee of `count` instances of `instance_type`, for the older families that
/// charge it (an r3.xlarge: $0.02 an hour on AWS's pricing page); `None` for the others. The
/// pricing-page feed has no such rate, so the line says "price not found" rather than leaving
/// the fee out.
pub(super) fn ebs_optimized_fee(
    ctx: &Ctx,
    instance_type: &str,
    count: Decimal,
) -> Option<ComponentSpec> {
    let family = instance_type.split('.').next().unwrap_or_default();
    EBS_OPTIMIZED_FEE_FAMILIES.contains(&family).then(|| {
        ComponentSpec::new(
            EBS_OPTIMIZED,
            format!("EBS-optimized usage ({instance_type})"),
            "hours",
            Quantity::hours(count, "instance", ctx),
            PriceQuery::new("AmazonEC2", &ctx.region)
                .usage_type(&format!("EBSOptimized:{instance_type}")),
        )
    })
}

/// Detailed monitoring of `count` instances: 7 metrics each.
pub(super) fn detailed_monitoring(ctx: &Ctx, count: Decimal) -> ComponentSpec {
    let metrics = Decimal::from(DETAILED_METRICS) * count;
    ComponentSpec::new(
        DETAILED_MONITORING,
        "EC2 detailed monitoring",
        "metric-months",
        Quantity::fixed(metrics, format!("{DETAILED_METRICS} metrics × {} instance(s)", n(count))),
        PriceQuery::new("AmazonCloudWatch", &ctx.region).usage_type("CW:MetricMonitorUsage"),
    )
    .free_tier(FreeTierPool::CloudWatchMetrics)
}
