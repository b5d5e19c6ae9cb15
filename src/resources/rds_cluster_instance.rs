//! `aws_rds_cluster_instance`: an Aurora instance's hours by class and engine, or for
//! `db.serverless` (Serverless v2) the ACU-hours it consumes (usage `capacity_units_per_hr`,
//! the average ACUs; defaults to the cluster's `min_capacity` with a warning). Instances of an
//! I/O-Optimized cluster have their own (higher) prices. A provisioned instance whose engine
//! version (its own or its cluster's) is past standard support has an RDS Extended Support line
//! per vCPU-hour, and Performance Insights retention past 7 days a line per vCPU-month, as on
//! `aws_db_instance`.

use rust_decimal::Decimal;

use super::db_instance::{
    EXTENDED_SUPPORT, PERFORMANCE_INSIGHTS, engine_name, extended_support_line,
    performance_insights_line,
};
use super::rds_cluster::io_optimized;
use super::{
    ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_dec, attr_quantity, attr_str,
    find_referenced, n, purchase_term, savings_plan, savings_plan_factor,
};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;

super::component_ids! {
    INSTANCE = "rds.instance",
    SERVERLESS_V2 = "aurora.serverless_v2",
    EXTENDED_SUPPORT_LINE = EXTENDED_SUPPORT,
    PERFORMANCE_INSIGHTS_LINE = PERFORMANCE_INSIGHTS,
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_rds_cluster_instance",
    map,
    reads: &["aws_rds_cluster"],
    component_ids: COMPONENT_IDS,
};

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let cluster = find_referenced(
        ctx,
        inst,
        "cluster_identifier",
        "aws_rds_cluster",
        &["id", "cluster_identifier"],
    );
    let engine_tf = attr_str(inst, "engine")
        .or_else(|| cluster.and_then(|c| attr_str(c, "engine")))
        .unwrap_or("aurora-mysql");
    let Some(engine) = engine_name(engine_tf) else {
        priced.warn(inst, "unsupported-option", format!("engine `{engine_tf}` is not priced"));
        return Mapping::Priced(priced);
    };
    let iopt = cluster.is_some_and(io_optimized);
    let class = attr_str(inst, "instance_class").unwrap_or("");
    let hours = ctx.hours_per_month;
    let q = PriceQuery::new("AmazonRDS", &ctx.region);
    if class == "db.serverless" {
        let usage =
            if iopt { "Aurora:ServerlessV2IOOptimizedUsage" } else { "Aurora:ServerlessV2Usage" };
        let quantity = if ctx.usage.get(&inst.address, "capacity_units_per_hr").is_some() {
            Quantity::usage(
                inst,
                ctx,
                "capacity_units_per_hr",
                hours,
                &format!("ACU × {} h", n(hours)),
            )
        } else if let Some(Err(why)) =
            cluster.map(|c| attr_quantity(c, "serverlessv2_scaling_configuration.0.min_capacity"))
        {
            Quantity::invalid(why)
        } else if let Some(min) =
            cluster.and_then(|c| attr_dec(c, "serverlessv2_scaling_configuration.0.min_capacity"))
        {
            priced.warn(
                inst,
                "usage-assumed",
                format!(
                    "no `capacity_units_per_hr`: priced at the cluster's min_capacity {} ACU",
                    n(min)
                ),
            );
            Quantity::fixed(
                min * hours,
                format!("min_capacity {} ACU × {} h = {}", n(min), n(hours), n(min * hours)),
            )
        } else {
            Quantity::unknown("capacity_units_per_hr")
        };
        let query = q.attr("databaseEngine", engine).usage_type(usage);
        // A Savings Plan covers a steady number of ACUs every hour; the rest stays on demand.
        let covered = savings_plan(inst, ctx)
            .and_then(|sp| Some((sp, sp.units?)))
            .and_then(|(sp, acu)| Some((sp, (acu * hours).min(quantity.value?))));
        match covered {
            Some((sp, covered)) if covered > Decimal::ZERO => {
                let total = quantity.value.unwrap_or_default();
                let how = quantity.formula.clone().unwrap_or_default();
                let mut part = |name: String, value: Decimal, formula: String, factor: Decimal| {
                    let mut q = quantity.clone();
                    q.value = Some(value);
                    q.formula = Some(formula);
                    priced.components.push(
                        ComponentSpec::new(SERVERLESS_V2, name, "ACU-hours", q, query.clone())
                            .rate_factor(factor),
                    );
                };
                part(
                    format!("Aurora Serverless v2 ({})", sp.label),
                    covered,
                    format!("{} ACU covered × {} h = {}", n(covered / hours), n(hours), n(covered)),
                    Decimal::ONE - sp.discount,
                );
                if total > covered {
                    part(
                        "Aurora Serverless v2 (on-demand, above the Savings Plan)".into(),
                        total - covered,
                        format!("{how} − {} covered = {}", n(covered), n(total - covered)),
                        Decimal::ONE,
                    );
                }
            }
            _ => priced.components.push(ComponentSpec::new(
                SERVERLESS_V2,
                "Aurora Serverless v2",
                "ACU-hours",
                quantity,
                query,
            )),
        }
    } else {
        let storage = if iopt { "I/O-Optimized, " } else { "" };
        let (term, term_label) = purchase_term(inst, ctx);
        let (sp_factor, sp_label) = savings_plan_factor(inst, ctx, &term);
        let mut query = q
            .family("Database Instance")
            .attr("instanceType", class)
            .attr("databaseEngine", engine);
        if iopt {
            query = query.attr("storage", "Aurora IO Optimization Mode");
        } else {
            // Standard storage: the I/O-Optimized product of the same class is a separate usage
            // type (`InstanceUsageIOOptimized:`), so name this one.
            query = query.usage_type(&format!("InstanceUsage:{class}"));
        }
        priced.components.push(
            ComponentSpec::new(
                INSTANCE,
                format!("Database instance ({storage}{term_label}{sp_label}, {class})"),
                "hours",
                Quantity::hours(Decimal::ONE, "instance", ctx),
                query.term(term),
            )
            .rate_factor(sp_factor),
        );
        // An engine version past standard support (the instance's, else its cluster's).
        let version = attr_str(inst, "engine_version")
            .or_else(|| cluster.and_then(|c| attr_str(c, "engine_version")));
        if let Some(es) =
            version.and_then(|v| extended_support_line(ctx, engine_tf, engine, v, class))
        {
            priced.components.push(es);
        }
    }
    if let Some(pi) = performance_insights_line(inst, ctx, engine, class) {
        priced.components.push(pi);
    }
    Mapping::Priced(priced)
}
