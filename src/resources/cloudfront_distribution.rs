//! `aws_cloudfront_distribution`: CloudFront bills by the **edge geography** that serves the
//! viewer, not by a region: HTTP and HTTPS requests, data transfer out to the internet (tiered
//! at 10 TB, 50 TB, 150 TB, 500 TB, 1 PB, 5 PB a month) and to the origin, per geography;
//! origin-shield requests in the shield's region; invalidation paths; field-level-encryption
//! requests; a dedicated-IP custom SSL certificate (`ssl_support_method = "vip"`, $600 a month).
//! Prices are global ([`crate::pricing::region::GLOBAL`]) whatever the provider's region.
//!
//! Price classes ([`CLOUDFRONT_GEOGRAPHIES`]): `PriceClass_100` serves from North America and
//! Europe, `PriceClass_200` adds South Africa, the Middle East, Japan, Asia Pacific and India,
//! `PriceClass_All` (the default) every geography. Traffic the usage gives for a geography the
//! class excludes is served, and billed, by edges of the class: it is priced at the class's
//! fallback geography ([`cloudfront_fallback_geography`]: Europe for 100, Asia Pacific
//! otherwise, the highest first-tier rate) and the component name says so.
//!
//! Usage keys (Infracost's, one per geography: `monthly_data_transfer_to_internet_gb.us`,
//! `.europe`, ...; `monthly_data_transfer_to_origin_gb.<geo>`, `monthly_http_requests.<geo>`,
//! `monthly_https_requests.<geo>`; `monthly_shield_requests.<shield region>`, summed;
//! `monthly_invalidation_requests`, `monthly_encryption_requests`, `custom_ssl_certificates`).
//! When no geography of a kind is given, one "usage unknown" line stands for the kind. Free
//! tiers (`--free-tier`): the account's first 1 TB out and first 1,000 invalidation paths; the
//! 10M free requests are not in the feed and not applied.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, FreeTierPool, Mapping, Priced, Quantity, ResourceType, attr_str, blocks,
};
use crate::pricing::PriceQuery;
use crate::pricing::region::GLOBAL;
use crate::terraform::Instance;
use crate::usage::keys::{
    CLOUDFRONT_GEOGRAPHIES, cloudfront_fallback_geography, cloudfront_price_class,
};

super::component_ids! {
    HTTP_REQUESTS = "cloudfront.http_requests",
    HTTPS_REQUESTS = "cloudfront.https_requests",
    DATA_OUT = "cloudfront.data_out",
    DATA_TO_ORIGIN = "cloudfront.data_to_origin",
    ORIGIN_SHIELD = "cloudfront.origin_shield_requests",
    INVALIDATIONS = "cloudfront.invalidations",
    ENCRYPTION = "cloudfront.encryption_requests",
    DEDICATED_IP_SSL = "cloudfront.dedicated_ip_ssl",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_cloudfront_distribution",
    map,
    reads: &[],
    component_ids: COMPONENT_IDS,
};

/// Origin-shield usage keys (Infracost's shield locations).
const SHIELD_KEYS: &[&str] =
    &["us", "europe", "south_america", "japan", "australia", "singapore", "south_korea", "india"];

/// One kind of per-geography component.
struct Kind {
    id: &'static str,
    name: &'static str,
    key: &'static str,
    unit: &'static str,
    /// Usage-type suffix after the geography head.
    ut: &'static str,
    /// Catalog units per display unit.
    multiplier: i64,
    pool: Option<FreeTierPool>,
}

const KINDS: &[Kind] = &[
    Kind {
        id: DATA_OUT,
        name: "Data transfer out to the internet",
        key: "monthly_data_transfer_to_internet_gb",
        unit: "GB",
        ut: "DataTransfer-Out-Bytes",
        multiplier: 1,
        pool: Some(FreeTierPool::CloudFrontDataOut),
    },
    Kind {
        id: DATA_TO_ORIGIN,
        name: "Data transfer to the origin",
        key: "monthly_data_transfer_to_origin_gb",
        unit: "GB",
        ut: "DataTransfer-Out-OBytes",
        multiplier: 1,
        pool: None,
    },
    Kind {
        id: HTTP_REQUESTS,
        name: "HTTP requests",
        key: "monthly_http_requests",
        unit: "10k requests",
        ut: "Requests-Tier1",
        multiplier: 10_000,
        pool: None,
    },
    Kind {
        id: HTTPS_REQUESTS,
        name: "HTTPS requests",
        key: "monthly_https_requests",
        unit: "10k requests",
        ut: "Requests-Tier2-HTTPS",
        multiplier: 10_000,
        pool: None,
    },
];

fn head(geo: &str) -> &'static str {
    CLOUDFRONT_GEOGRAPHIES.iter().find(|(g, ..)| *g == geo).map_or("US", |(_, h, _)| *h)
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let class_name = attr_str(inst, "price_class").unwrap_or("PriceClass_All");
    let Some(class) = cloudfront_price_class(class_name) else {
        return Priced::invalid(
            inst,
            &format!(
                "`price_class` `{class_name}` is not one CloudFront offers (PriceClass_100, \
                 PriceClass_200, PriceClass_All)"
            ),
        );
    };
    let fallback = cloudfront_fallback_geography(class);
    let q = |ut: String| PriceQuery::new("AmazonCloudFront", GLOBAL).usage_type(&ut);
    let mut components = Vec::new();
    for kind in KINDS {
        let factor = Decimal::ONE / Decimal::from(kind.multiplier);
        let how = if kind.multiplier == 1 { String::new() } else { "÷ 10,000".to_string() };
        let mut any = false;
        for (geo, _, narrowest) in CLOUDFRONT_GEOGRAPHIES {
            let key = format!("{}.{geo}", kind.key);
            if ctx.usage.get(&inst.address, &key).is_none() {
                continue;
            }
            any = true;
            let (priced_as, name) = if *narrowest <= class {
                (*geo, format!("{} ({geo})", kind.name))
            } else {
                (
                    fallback,
                    format!(
                        "{} ({geo}, outside {class_name}: served and priced as {fallback})",
                        kind.name
                    ),
                )
            };
            let mut spec = ComponentSpec::new(
                kind.id,
                name,
                kind.unit,
                Quantity::usage(inst, ctx, &key, factor, &how),
                q(format!("{}-{}", head(priced_as), kind.ut)),
            )
            .multiplier(Decimal::from(kind.multiplier));
            if let Some(pool) = kind.pool {
                spec = spec.free_tier(pool);
            }
            components.push(spec);
        }
        // Requests and data out always cost something: one unknown line when no geography is
        // given. Data to the origin only exists for uploads (PUT/POST): shown when given.
        if !any && kind.id != DATA_TO_ORIGIN {
            components.push(
                ComponentSpec::new(
                    kind.id,
                    format!("{} ({fallback})", kind.name),
                    kind.unit,
                    Quantity::unknown(&format!("{}.{fallback}", kind.key)),
                    q(format!("{}-{}", head(fallback), kind.ut)),
                )
                .multiplier(Decimal::from(kind.multiplier)),
            );
        }
    }
    for origin in blocks(inst, "origin") {
        let shield = origin.path("origin_shield").map(crate::terraform::Value::blocks);
        let Some(shield) = shield.and_then(|b| b.first().copied()) else { continue };
        if shield.path("enabled").and_then(crate::terraform::Value::as_bool) != Some(true) {
            continue;
        }
        let region = shield.path("origin_shield_region").and_then(crate::terraform::Value::as_str);
        let Some(region) = region else { continue };
        let given: Vec<(String, Decimal)> = SHIELD_KEYS
            .iter()
            .filter_map(|k| {
                let key = format!("monthly_shield_requests.{k}");
                ctx.usage.get(&inst.address, &key).map(|u| (key, u.value))
            })
            .collect();
        let quantity = if given.is_empty() {
            Quantity::unknown("monthly_shield_requests.us")
        } else {
            let total: Decimal = given.iter().map(|(_, v)| *v).sum();
            let mut qty = Quantity::usage(inst, ctx, &given[0].0, Decimal::ONE, "");
            qty.value = Some(total / Decimal::from(10_000));
            qty.formula = Some(format!(
                "{} = {} requests ÷ 10,000",
                given
                    .iter()
                    .map(|(k, v)| format!("{k} {}", super::n(*v)))
                    .collect::<Vec<_>>()
                    .join(" + "),
                super::n(total)
            ));
            qty
        };
        components.push(
            ComponentSpec::new(
                ORIGIN_SHIELD,
                format!("Origin shield requests ({region})"),
                "10k requests",
                quantity,
                PriceQuery::new("AmazonCloudFront", region).usage_type("OriginShield-Requests"),
            )
            .multiplier(Decimal::from(10_000)),
        );
        // One shield line per distribution: AWS bills the shield's requests once.
        break;
    }
    if ctx.usage.get(&inst.address, "monthly_invalidation_requests").is_some() {
        components.push(
            ComponentSpec::new(
                INVALIDATIONS,
                "Invalidation paths",
                "paths",
                Quantity::usage(inst, ctx, "monthly_invalidation_requests", Decimal::ONE, ""),
                q("Invalidations".into()),
            )
            .free_tier(FreeTierPool::CloudFrontInvalidations),
        );
    }
    let fle = blocks(inst, "default_cache_behavior")
        .first()
        .and_then(|b| b.path("field_level_encryption_id"))
        .and_then(crate::terraform::Value::as_str)
        .is_some_and(|s| !s.is_empty());
    if fle || ctx.usage.get(&inst.address, "monthly_encryption_requests").is_some() {
        // The feed gives every geography the same rate: priced at the United States'.
        components.push(
            ComponentSpec::new(
                ENCRYPTION,
                "Field-level encryption requests",
                "10k requests",
                Quantity::usage(
                    inst,
                    ctx,
                    "monthly_encryption_requests",
                    Decimal::new(1, 4),
                    "÷ 10,000",
                ),
                q("US-Requests-HTTPS-Proxy-FLE".into()),
            )
            .multiplier(Decimal::from(10_000)),
        );
    }
    let vip = blocks(inst, "viewer_certificate")
        .first()
        .and_then(|b| b.path("ssl_support_method"))
        .and_then(crate::terraform::Value::as_str)
        == Some("vip");
    if vip || ctx.usage.get(&inst.address, "custom_ssl_certificates").is_some() {
        let quantity = if ctx.usage.get(&inst.address, "custom_ssl_certificates").is_some() {
            Quantity::usage(inst, ctx, "custom_ssl_certificates", Decimal::ONE, "")
        } else {
            Quantity::fixed(Decimal::ONE, "ssl_support_method = \"vip\": 1 certificate")
        };
        components.push(ComponentSpec::new(
            DEDICATED_IP_SSL,
            "Dedicated IP custom SSL certificate",
            "certificates",
            quantity,
            q("SSL-Cert-Dedicated-IP".into()),
        ));
    }
    Mapping::Priced(Priced::new(components))
}
