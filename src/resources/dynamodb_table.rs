//! `aws_dynamodb_table`: throughput, storage, backups and streams, in the table's class
//! (`table_class = "STANDARD_INFREQUENT_ACCESS"` prices throughput and storage at the
//! Standard-IA rates).
//!
//! - On-demand (`billing_mode = "PAY_PER_REQUEST"`): read and write request units from usage
//!   (`monthly_read_request_units`, `monthly_write_request_units`), per 1M units.
//! - Provisioned (the provider's default): `read_capacity` and `write_capacity` of the table plus
//!   those of every `global_secondary_index`, × hours. An `aws_appautoscaling_target` of the
//!   table (`resource_id` `table/<name>`, dimension `dynamodb:table:ReadCapacityUnits` or
//!   `WriteCapacityUnits`) sets the table's part: its `capacity` usage (Infracost's key) when
//!   given, else its `min_capacity` when above the configured capacity (a floor). Indexes keep
//!   their configured capacity.
//! - Storage: `storage_gb` (GB-months); point-in-time recovery (when
//!   `point_in_time_recovery.enabled`): `pitr_backup_storage_gb`; on-demand backups:
//!   `on_demand_backup_storage_gb`; restores: `monthly_data_restored_gb`; streams (when
//!   `stream_enabled`): `monthly_streams_read_request_units`.
//! - Global tables: every `replica` block bills replicated writes in its region (`region_name`):
//!   the table's write request units (on-demand) or write capacity (provisioned) again, at the
//!   replicated-write rate, plus its storage, as a subresource `Replica <region>`.
//! - The account free tier (25 GB, 25 RCU/WCU) is not subtracted.

use rust_decimal::Decimal;

use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, Scaled, attr_bool, attr_quantity,
    attr_str, autoscaled, blocks, n,
};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Value};

super::component_ids! {
    READ_REQUESTS = "dynamodb.read_request_units",
    WRITE_REQUESTS = "dynamodb.write_request_units",
    READ_CAPACITY = "dynamodb.read_capacity",
    WRITE_CAPACITY = "dynamodb.write_capacity",
    STORAGE = "dynamodb.storage",
    PITR = "dynamodb.pitr_storage",
    BACKUP = "dynamodb.backup_storage",
    RESTORE = "dynamodb.restore",
    STREAMS = "dynamodb.streams_reads",
    REPLICATED_WRITES = "dynamodb.replicated_writes",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_dynamodb_table",
    map,
    reads: &["aws_appautoscaling_target"],
    component_ids: COMPONENT_IDS,
};

/// Sum of `read_capacity` or `write_capacity` over the table and its global secondary indexes;
/// the table's own part is `scaled` when an autoscaling target sets it.
fn capacity(
    inst: &Instance,
    key: &str,
    scaled: Option<(Decimal, String)>,
) -> Result<(Decimal, String), String> {
    let (table, table_how) = match scaled {
        Some(s) => s,
        None => {
            let t = attr_quantity(inst, key)?.unwrap_or_default();
            (t, format!("table {}", n(t)))
        }
    };
    let mut total = table;
    let mut parts = vec![table_how];
    for (i, gsi) in blocks(inst, "global_secondary_index").iter().enumerate() {
        let v = match gsi.get(key) {
            Some(v) => match v.as_decimal() {
                Some(d) if d >= Decimal::ZERO => d,
                _ => {
                    return Err(format!(
                        "`global_secondary_index[{i}].{key}` is not a number costplan can use"
                    ));
                }
            },
            None => Decimal::ZERO,
        };
        let name = gsi.get("name").and_then(Value::as_str).unwrap_or("index");
        parts.push(format!("{name} {}", n(v)));
        total += v;
    }
    Ok((total, parts.join(" + ")))
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let on_demand = attr_str(inst, "billing_mode") == Some("PAY_PER_REQUEST");
    let ia = attr_str(inst, "table_class") == Some("STANDARD_INFREQUENT_ACCESS");
    let (class, head, label) =
        if ia { ("Standard-IA", "IA-", ", Standard-IA") } else { ("Standard", "", "") };
    let q = |region: &str, ut: &str| {
        PriceQuery::new("AmazonDynamoDB", region).usage_type(&format!("{head}{ut}"))
    };
    let plain = |region: &str, ut: &str| PriceQuery::new("AmazonDynamoDB", region).usage_type(ut);
    let million = Decimal::from(1_000_000);
    let per_million =
        |key: &str| Quantity::usage(inst, ctx, key, Decimal::new(1, 6), "÷ 1,000,000");
    let mut priced = Priced::default();
    let mut write_throughput: Option<(Quantity, &str, &str, Decimal)> = None;
    if on_demand {
        priced.components.push(
            ComponentSpec::new(
                READ_REQUESTS,
                format!("Read request units (on-demand{label})"),
                "1M request units",
                per_million("monthly_read_request_units"),
                q(&ctx.region, "ReadRequestUnits").attr("tableClass", class),
            )
            .multiplier(million),
        );
        priced.components.push(
            ComponentSpec::new(
                WRITE_REQUESTS,
                format!("Write request units (on-demand{label})"),
                "1M request units",
                per_million("monthly_write_request_units"),
                q(&ctx.region, "WriteRequestUnits").attr("tableClass", class),
            )
            .multiplier(million),
        );
        write_throughput = Some((
            per_million("monthly_write_request_units"),
            "1M request units",
            "ReplWriteRequestUnits",
            million,
        ));
    } else {
        let ids: Vec<String> =
            attr_str(inst, "name").map(|name| vec![format!("table/{name}")]).unwrap_or_default();
        for (key, id, what, ut, dimension) in [
            (
                "read_capacity",
                READ_CAPACITY,
                "Read capacity",
                "ReadCapacityUnit-Hrs",
                "dynamodb:table:ReadCapacityUnits",
            ),
            (
                "write_capacity",
                WRITE_CAPACITY,
                "Write capacity",
                "WriteCapacityUnit-Hrs",
                "dynamodb:table:WriteCapacityUnits",
            ),
        ] {
            let configured = attr_quantity(inst, key).ok().flatten();
            let scaled = match autoscaled(inst, ctx, "dynamodb", dimension, &ids) {
                Err(why) => return Priced::invalid(inst, &why),
                Ok(Some(Scaled::Capacity { count, how })) => {
                    Some((count, format!("table {} ({how})", n(count))))
                }
                Ok(Some(Scaled::Floor { min, how })) if configured.is_none_or(|c| min > c) => {
                    Some((min, format!("table {} ({how})", n(min))))
                }
                Ok(_) => None,
            };
            let known =
                scaled.is_some() || inst.attr(key).is_some_and(|v| v.as_decimal().is_some());
            let (units, how) = match capacity(inst, key, scaled) {
                Ok(c) => c,
                Err(why) => return Priced::invalid(inst, &why),
            };
            let qty = if !known {
                // Required by the provider for a provisioned table; unknown until apply, or
                // left out: not a silent 0.
                Quantity::invalid(format!("`{key}` is not known: the capacity is not priced"))
            } else {
                let mut qty = Quantity::hours(units, "capacity units", ctx);
                if let Some(v) = qty.value {
                    qty.formula =
                        Some(format!("({how}) units × {} h = {}", n(ctx.hours_per_month), n(v)));
                }
                qty
            };
            if key == "write_capacity" {
                write_throughput = Some((
                    qty.clone(),
                    "capacity unit-hours",
                    "ReplWriteCapacityUnit-Hrs",
                    Decimal::ONE,
                ));
            }
            priced.components.push(ComponentSpec::new(
                id,
                format!("{what} (provisioned{label})"),
                "capacity unit-hours",
                qty,
                q(&ctx.region, ut).attr("tableClass", class),
            ));
        }
    }
    let storage = |region: &str| {
        ComponentSpec::new(
            STORAGE,
            format!("Storage{}", if ia { " (Standard-IA)" } else { "" }),
            "GB-months",
            Quantity::usage(inst, ctx, "storage_gb", Decimal::ONE, ""),
            q(region, "TimedStorage-ByteHrs").attr("tableClass", class),
        )
    };
    priced.components.push(storage(&ctx.region));
    let pitr = blocks(inst, "point_in_time_recovery")
        .first()
        .and_then(|b| b.get("enabled"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if pitr {
        priced.components.push(ComponentSpec::new(
            PITR,
            "Point-in-time recovery (backup storage)",
            "GB-months",
            Quantity::usage(inst, ctx, "pitr_backup_storage_gb", Decimal::ONE, ""),
            plain(&ctx.region, "TimedPITRStorage-ByteHrs"),
        ));
    }
    for (key, id, name, ut, unit) in [
        (
            "on_demand_backup_storage_gb",
            BACKUP,
            "On-demand backup storage",
            "TimedBackupStorage-ByteHrs",
            "GB-months",
        ),
        ("monthly_data_restored_gb", RESTORE, "Restored data", "RestoreDataSize-Bytes", "GB"),
    ] {
        // Shown only when given: most tables take no on-demand backups and restore nothing.
        if ctx.usage.get(&inst.address, key).is_some() {
            priced.components.push(ComponentSpec::new(
                id,
                name,
                unit,
                Quantity::usage(inst, ctx, key, Decimal::ONE, ""),
                plain(&ctx.region, ut),
            ));
        }
    }
    if attr_bool(inst, "stream_enabled") == Some(true) {
        priced.components.push(
            ComponentSpec::new(
                STREAMS,
                "Streams read request units",
                "1M requests",
                per_million("monthly_streams_read_request_units"),
                plain(&ctx.region, "Streams-ReadRequests"),
            )
            .multiplier(million),
        );
    }
    for replica in blocks(inst, "replica") {
        let Some(region) = replica.get("region_name").and_then(Value::as_str) else {
            priced.warn(
                inst,
                "usage-unknown",
                "a `replica` without a known `region_name`: its replicated writes are not priced",
            );
            continue;
        };
        let Some((qty, unit, ut, multiplier)) = write_throughput.clone() else { continue };
        let writes = ComponentSpec::new(
            REPLICATED_WRITES,
            format!(
                "Replicated writes ({}{label})",
                if on_demand { "on-demand" } else { "provisioned" }
            ),
            unit,
            qty,
            q(region, ut).attr("tableClass", class),
        )
        .multiplier(multiplier);
        priced.subresources.push((format!("Replica {region}"), vec![writes, storage(region)]));
    }
    Mapping::Priced(priced)
}
