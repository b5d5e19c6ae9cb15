//! `aws_db_proxy`: RDS Proxy is charged on the capacity of the databases behind it, found
//! through its `aws_db_proxy_target`s ([`crate::usage::links::proxy_targets`], then
//! [`crate::usage::links::proxy_target_database`]), one line per target database:
//!
//! - an `aws_db_instance`: the vCPUs of its `instance_class` ([`super::db_instance::vcpus`]) ×
//!   hours, at the RDS engines' rate (`databaseEngine` `Any`);
//! - an Aurora `aws_rds_cluster`: the vCPUs of each provisioned `aws_rds_cluster_instance` of
//!   the cluster × hours at the Aurora engine's rate; its `db.serverless` (Serverless v2)
//!   instances in ACU-hours: `capacity_units_per_hr` of the instance when given, else the
//!   cluster's `serverlessv2_scaling_configuration` `min_capacity` (a `usage-assumed` warning);
//! - a Multi-AZ DB cluster (`db_cluster_instance_class`): 3 instances of that class.
//!
//! Minimum charges (AWS's RDS Proxy pricing page): 2 vCPUs for provisioned instances and 8 ACUs
//! for Aurora Serverless v2, each line floored at its minimum (the formula says so). A proxy no
//! target links to a database, or a class whose vCPUs costplan does not know, has its line shown
//! as "quantity not known", never $0. The proxy reads no usage key; `--requests` derives
//! nothing for it (its charge does not depend on traffic).

use rust_decimal::Decimal;

use super::db_instance::{engine_name, vcpus};
use super::{ComponentSpec, Ctx, Mapping, Priced, Quantity, ResourceType, attr_dec, attr_str, n};
use crate::pricing::PriceQuery;
use crate::terraform::Instance;
use crate::usage::links;

super::component_ids! {
    VCPU = "rds_proxy.vcpu",
    ACU = "rds_proxy.acu",
}

pub const TYPE: ResourceType = ResourceType {
    name: "aws_db_proxy",
    map,
    reads: &["aws_db_proxy_target", "aws_db_proxy_default_target_group"],
    component_ids: COMPONENT_IDS,
};

/// Minimum vCPUs charged for provisioned instances.
const MIN_VCPU: Decimal = Decimal::TWO;
/// Minimum ACUs charged for Aurora Serverless v2.
const MIN_ACU: Decimal = Decimal::from_parts(8, 0, 0, false, 0);

fn query(ctx: &Ctx, engine: &str, capacity: &str) -> PriceQuery {
    PriceQuery::new("AmazonRDS", &ctx.region)
        .family("RDSProxy")
        .attr("databaseEngine", engine)
        .attr("proxyCapacity", capacity)
}

/// `max(total, min) × hours`, with the parts in the formula.
fn floored(parts: &[String], total: Decimal, min: Decimal, unit: &str, ctx: &Ctx) -> Quantity {
    let hours = ctx.hours_per_month;
    let charged = total.max(min);
    let floor = if total < min {
        format!(" (below the {} {unit} minimum charge: {} {unit})", n(min), n(min))
    } else {
        String::new()
    };
    Quantity::fixed(
        charged * hours,
        format!(
            "{} = {} {unit}{floor} × {} h = {}",
            parts.join(" + "),
            n(total),
            n(hours),
            n(charged * hours)
        ),
    )
}

fn map(inst: &Instance, ctx: &Ctx) -> Mapping {
    let mut priced = Priced::default();
    let targets = links::proxy_targets(ctx.instances, inst);
    let databases: Vec<&Instance> = targets
        .iter()
        .filter_map(|t| links::proxy_target_database(ctx.instances, t.target).ok())
        .map(|l| l.target)
        .collect();
    if databases.is_empty() {
        priced.components.push(ComponentSpec::new(
            VCPU,
            "RDS Proxy (vCPU-hours of the target database)",
            "vCPU-hours",
            Quantity::invalid(if targets.is_empty() {
                "no aws_db_proxy_target links this proxy to an aws_db_instance or aws_rds_cluster \
                 of the configuration: the vCPUs it is charged on are not known"
                    .into()
            } else {
                let names: Vec<&str> = targets.iter().map(|t| t.target.address.as_str()).collect();
                format!(
                    "the database {} names is not in the configuration (a module not loaded?): \
                     the vCPUs the proxy is charged on are not known",
                    names.join(", ")
                )
            }),
            query(ctx, "Any", "vCPU"),
        ));
        return Mapping::Priced(priced);
    }
    for db in databases {
        match db.resource_type.as_str() {
            "aws_db_instance" => {
                let class = attr_str(db, "instance_class").unwrap_or("");
                priced.components.push(vcpu_line(&db.address, &[class], "Any", ctx));
            }
            _ => cluster_lines(inst, db, ctx, &mut priced),
        }
    }
    Mapping::Priced(priced)
}

/// One vCPU-hours line for the provisioned `classes` behind the proxy.
fn vcpu_line(db: &str, classes: &[&str], engine: &str, ctx: &Ctx) -> ComponentSpec {
    let name = format!("RDS Proxy ({db}, per vCPU)");
    let query = query(ctx, engine, "vCPU");
    let mut parts = Vec::new();
    let mut total = Decimal::ZERO;
    for class in classes {
        let Some(v) = vcpus(class) else {
            let why =
                format!("the vCPUs of instance class `{class}` ({db}) are not known to costplan");
            return ComponentSpec::new(VCPU, name, "vCPU-hours", Quantity::invalid(why), query);
        };
        parts.push(format!("{} vCPU ({class})", n(v)));
        total += v;
    }
    ComponentSpec::new(
        VCPU,
        name,
        "vCPU-hours",
        floored(&parts, total, MIN_VCPU, "vCPU", ctx),
        query,
    )
}

/// The lines of an `aws_rds_cluster` behind the proxy.
fn cluster_lines(proxy: &Instance, cluster: &Instance, ctx: &Ctx, priced: &mut Priced) {
    let engine_tf = attr_str(cluster, "engine").unwrap_or("aurora-mysql");
    let db = &cluster.address;
    if let Some(class) = attr_str(cluster, "db_cluster_instance_class") {
        // A Multi-AZ DB cluster: a writer and two readable standbys of one class.
        priced.components.push(vcpu_line(db, &[class, class, class], "Any", ctx));
        return;
    }
    let engine = engine_name(engine_tf).filter(|e| e.starts_with("Aurora ")).unwrap_or("Any");
    let members = links::cluster_instances(ctx.instances, cluster);
    let provisioned: Vec<&str> = members
        .iter()
        .filter_map(|i| attr_str(i, "instance_class"))
        .filter(|c| *c != "db.serverless")
        .collect();
    let serverless: Vec<&&Instance> =
        members.iter().filter(|i| attr_str(i, "instance_class") == Some("db.serverless")).collect();
    if !provisioned.is_empty() || serverless.is_empty() {
        let mut line = vcpu_line(db, &provisioned, engine, ctx);
        if provisioned.is_empty() {
            line.quantity = Quantity::invalid(format!(
                "no aws_rds_cluster_instance of {db} is in the configuration: the vCPUs the \
                 proxy is charged on are not known"
            ));
        }
        priced.components.push(line);
    }
    if serverless.is_empty() {
        return;
    }
    let min_capacity = attr_dec(cluster, "serverlessv2_scaling_configuration.0.min_capacity");
    let mut parts = Vec::new();
    let mut total = Decimal::ZERO;
    for i in &serverless {
        if let Some(u) = ctx.usage.get(&i.address, "capacity_units_per_hr") {
            parts.push(format!("{} ACU ({} capacity_units_per_hr)", n(u.value), i.address));
            total += u.value;
        } else if let Some(min) = min_capacity {
            parts.push(format!("{} ACU ({} min_capacity)", n(min), i.address));
            total += min;
            priced.warn(
                proxy,
                "usage-assumed",
                format!(
                    "no `capacity_units_per_hr` for {}: the proxy is priced on the cluster's \
                     min_capacity {} ACU",
                    i.address,
                    n(min)
                ),
            );
        } else {
            parts.push(format!("0 ACU ({} capacity not known)", i.address));
        }
    }
    priced.components.push(ComponentSpec::new(
        ACU,
        format!("RDS Proxy ({db}, per ACU, Aurora Serverless v2)"),
        "ACU-hours",
        floored(&parts, total, MIN_ACU, "ACU", ctx),
        query(ctx, engine, "ACU"),
    ));
}
