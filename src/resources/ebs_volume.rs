//! `aws_ebs_volume`, and the EBS volume pricing shared with the block devices of
//! `aws_instance` and of the launch templates an `aws_autoscaling_group` launches.
//!
//! A volume is billed per GB-month of provisioned size, by type (`gp2` when unset, AWS's and
//! Infracost's default), plus:
//! - `gp3`: IOPS above the 3,000 included and throughput above the 125 MiB/s included;
//! - `io1`: every provisioned IOPS; `io2`: every provisioned IOPS, in three tiers (up to
//!   32,000; 32,001 to 64,000; above 64,000), each its own Price List usage type;
//! - `standard` (magnetic): I/O requests, from the usage key `monthly_standard_io_requests`.
//!
//! An unknown volume type, or an `io1`/`io2` volume without `iops`, is an `invalid-value`
//! warning naming the attribute, and the volume is not priced (never $0). A size that is not
//! set is taken from `default_size` when the caller has one (8 GB for a root device, with a
//! `size-assumed` warning), else it is not known.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_quantity, attr_str, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    STORAGE = "ebs.storage",
    IOPS = "ebs.iops",
    THROUGHPUT = "ebs.throughput",
    IO_REQUESTS = "ebs.io_requests",
}

pub const TYPE: ResourceType =
    ResourceType { name: "aws_ebs_volume", map, reads: &[], component_ids: COMPONENT_IDS };

/// EBS volume types and their storage usage-type suffix (`EBS:VolumeUsage.piops` is io1's).
const TYPES: &[(&str, &str)] = &[
    ("gp2", "EBS:VolumeUsage.gp2"),
    ("gp3", "EBS:VolumeUsage.gp3"),
    ("io1", "EBS:VolumeUsage.piops"),
    ("io2", "EBS:VolumeUsage.io2"),
    ("st1", "EBS:VolumeUsage.st1"),
    ("sc1", "EBS:VolumeUsage.sc1"),
    ("standard", "EBS:VolumeUsage"),
];

/// gp3's included performance.
const GP3_IOPS: i64 = 3000;
const GP3_MIBPS: i64 = 125;

/// io2's IOPS tiers: (first IOPS of the tier, last IOPS or `None`, usage type).
const IO2_TIERS: &[(i64, Option<i64>, &str)] = &[
    (0, Some(32_000), "EBS:VolumeP-IOPS.io2"),
    (32_000, Some(64_000), "EBS:VolumeP-IOPS.io2.tier2"),
    (64_000, None, "EBS:VolumeP-IOPS.io2.tier3"),
];

/// The size to assume when a volume does not set one, with why (`None`: not known).
pub(super) type DefaultSize<'a> = Option<(Decimal, &'a str)>;

/// One volume (or `count` identical ones) read from a resource or a block.
pub(super) struct Volume {
    /// What it is, for component names (`root volume`, `EBS volume /dev/sdf`).
    pub label: String,
    pub volume_type: String,
    /// GB, or why it is not known.
    pub size: Result<Decimal, String>,
    pub iops: Option<Decimal>,
    pub throughput: Option<Decimal>,
}

impl Volume {
    /// Reads `volume_type`/`type`, `volume_size`/`size`, `iops`, `throughput` from a block or
    /// resource value; `default_size` when the size is not set (else not known).
    pub fn read(
        label: String,
        v: &Value,
        type_key: &str,
        size_key: &str,
        default_size: DefaultSize,
    ) -> Result<(Volume, Option<String>), String> {
        let num = |k: &str| -> Result<Option<Decimal>, String> {
            match v.get(k) {
                None => Ok(None),
                Some(x) if x.is_null() || x.contains_unknown() => Ok(None),
                Some(x) => x
                    .as_decimal()
                    .filter(|d| !d.is_sign_negative())
                    .map(Some)
                    .ok_or_else(|| format!("`{k}` is not a non-negative number")),
            }
        };
        let volume_type = v.get(type_key).and_then(Value::as_str).unwrap_or("gp2").to_string();
        let mut assumed = None;
        let size = match num(size_key)? {
            Some(s) => Ok(s),
            None => match default_size {
                Some((d, why)) => {
                    assumed = Some(format!(
                        "{label}: `{size_key}` is not set; {} GB assumed ({why})",
                        n(d)
                    ));
                    Ok(d)
                }
                None => Err(format!("`{size_key}` is not set or not known")),
            },
        };
        Ok((
            Volume { label, volume_type, size, iops: num("iops")?, throughput: num("throughput")? },
            assumed,
        ))
    }
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let (volume, _) =
        match Volume::read("EBS volume".into(), &inst.attributes, "type", "size", None) {
            Ok(v) => v,
            Err(why) => return Priced::invalid(inst, &why),
        };
    if let Err(e) = attr_quantity(inst, "size") {
        return Priced::invalid(inst, &e);
    }
    let mut priced = Priced::default();
    priced.components = components(inst, ctx, &volume, Decimal::ONE, "", &mut priced.warnings);
    if attr_str(inst, "snapshot_id").is_some() && volume.size.is_err() {
        priced.warn(
            inst,
            "usage-unknown",
            "the volume's size comes from its snapshot, which the configuration does not show: \
             set `size`",
        );
    }
    Mapping::Priced(priced)
}

/// A volume that cannot be priced (`why` names the attribute): an `invalid-value` warning and
/// a storage component whose quantity is not known, so it is never $0.
pub(super) fn unpriced(
    inst: &Instance,
    ctx: &Ctx,
    label: &str,
    why: String,
    warnings: &mut Vec<crate::terraform::Warning>,
) -> ComponentSpec {
    warnings.push(crate::terraform::Warning::new(
        "invalid-value",
        why.clone(),
        Some(inst.location.clone()),
    ));
    ComponentSpec::new(
        STORAGE,
        format!("{label}: Storage"),
        "GB-months",
        Quantity::invalid(why),
        PriceQuery::new("AmazonEC2", &ctx.region).family("Storage"),
    )
}

/// The components of `count` identical volumes. `prefix` starts each name (`Root volume: `);
/// problems (an unknown type, io1/io2 without IOPS) become warnings on `inst` in `warnings`,
/// and a component whose quantity is not known, so the volume is never priced at $0.
pub(super) fn components(
    inst: &Instance,
    ctx: &Ctx,
    v: &Volume,
    count: Decimal,
    prefix: &str,
    warnings: &mut Vec<crate::terraform::Warning>,
) -> Vec<ComponentSpec> {
    let q = |family: &str, ut: &str| {
        PriceQuery::new("AmazonEC2", &ctx.region)
            .family(family)
            .attr("volumeApiName", &v.volume_type)
            .usage_type(ut)
    };
    let times = |x: Decimal, what: &str| -> Quantity {
        if count == Decimal::ONE {
            return Quantity::fixed(x, what.to_string());
        }
        match crate::checked::mul(x, count) {
            Ok(t) => Quantity::fixed(t, format!("{what} × {} = {}", n(count), n(t))),
            Err(e) => Quantity::invalid(format!("{what} × {}: {e}", n(count))),
        }
    };
    let Some((_, storage_ut)) = TYPES.iter().find(|(t, _)| *t == v.volume_type) else {
        let known: Vec<&str> = TYPES.iter().map(|(t, _)| *t).collect();
        let why = format!(
            "{}: volume type `{}` is not an EBS volume type ({}); the volume is not priced: fix it",
            v.label,
            v.volume_type,
            known.join(", ")
        );
        warnings.push(crate::terraform::Warning::new(
            "invalid-value",
            why.clone(),
            Some(inst.location.clone()),
        ));
        return vec![ComponentSpec::new(
            STORAGE,
            format!("{prefix}Storage ({})", v.volume_type),
            "GB-months",
            Quantity::invalid(why),
            q("Storage", "EBS:VolumeUsage"),
        )];
    };
    let storage = match &v.size {
        Ok(gb) => times(*gb, &format!("{} GB", n(*gb))),
        Err(why) => Quantity::invalid(format!("{}: {why}", v.label)),
    };
    let mut out = vec![ComponentSpec::new(
        STORAGE,
        format!("{prefix}Storage ({})", v.volume_type),
        "GB-months",
        storage,
        q("Storage", storage_ut),
    )];
    let iops_needed = |out: &mut Vec<ComponentSpec>, warnings: &mut Vec<_>| -> Option<Decimal> {
        if v.iops.is_none() {
            let why = format!(
                "{}: an {} volume needs `iops`; its IOPS are not priced: set it",
                v.label, v.volume_type
            );
            warnings.push(crate::terraform::Warning::new(
                "invalid-value",
                why.clone(),
                Some(inst.location.clone()),
            ));
            out.push(ComponentSpec::new(
                IOPS,
                format!("{prefix}Provisioned IOPS ({})", v.volume_type),
                "IOPS-months",
                Quantity::invalid(why),
                q("System Operation", "EBS:VolumeP-IOPS"),
            ));
        }
        v.iops
    };
    match v.volume_type.as_str() {
        "gp3" => {
            let iops = v.iops.unwrap_or(Decimal::from(GP3_IOPS));
            let extra = iops - Decimal::from(GP3_IOPS);
            if extra > Decimal::ZERO {
                out.push(ComponentSpec::new(
                    IOPS,
                    format!("{prefix}Provisioned IOPS above 3,000 (gp3)"),
                    "IOPS-months",
                    times(extra, &format!("{} IOPS − 3000 included", n(iops))),
                    q("System Operation", "EBS:VolumeP-IOPS.gp3"),
                ));
            }
            let mibps = v.throughput.unwrap_or(Decimal::from(GP3_MIBPS));
            let extra = mibps - Decimal::from(GP3_MIBPS);
            if extra > Decimal::ZERO {
                // Priced per GiBps-month: one MiB/s is 1/1024 of it.
                out.push(
                    ComponentSpec::new(
                        THROUGHPUT,
                        format!("{prefix}Provisioned throughput above 125 MiB/s (gp3)"),
                        "MiB/s-months",
                        times(extra, &format!("{} MiB/s − 125 included", n(mibps))),
                        q("Provisioned Throughput", "EBS:VolumeP-Throughput.gp3"),
                    )
                    .multiplier(Decimal::ONE / Decimal::from(1024)),
                );
            }
        }
        "io1" => {
            if let Some(iops) = iops_needed(&mut out, warnings) {
                out.push(ComponentSpec::new(
                    IOPS,
                    format!("{prefix}Provisioned IOPS (io1)"),
                    "IOPS-months",
                    times(iops, &format!("{} IOPS", n(iops))),
                    q("System Operation", "EBS:VolumeP-IOPS.piops"),
                ));
            }
        }
        "io2" => {
            if let Some(iops) = iops_needed(&mut out, warnings) {
                for (begin, end, ut) in IO2_TIERS {
                    let begin = Decimal::from(*begin);
                    let top = end.map_or(iops, |e| iops.min(Decimal::from(e)));
                    if top <= begin {
                        continue;
                    }
                    let range = match end {
                        Some(e) => format!("{} to {}", n(begin), e),
                        None => format!("above {}", n(begin)),
                    };
                    out.push(ComponentSpec::new(
                        IOPS,
                        format!("{prefix}Provisioned IOPS (io2, {range})"),
                        "IOPS-months",
                        times(top - begin, &format!("{} of {} IOPS", n(top - begin), n(iops))),
                        q("System Operation", ut),
                    ));
                }
            }
        }
        "standard" => {
            let per_volume = Quantity::usage(
                inst,
                ctx,
                "monthly_standard_io_requests",
                Decimal::ONE / Decimal::from(1_000_000),
                "÷ 1,000,000",
            );
            out.push(
                ComponentSpec::new(
                    IO_REQUESTS,
                    format!("{prefix}I/O requests (magnetic)"),
                    "1M requests",
                    per_volume,
                    q("System Operation", "EBS:VolumeIOUsage"),
                )
                .multiplier(Decimal::from(1_000_000)),
            );
        }
        _ => {}
    }
    out
}
