//! CP107 `vpc-endpoints`: traffic from private subnets to AWS services that goes through a NAT
//! gateway (billed per GB) when a VPC endpoint could carry it.
//!
//! Three candidates per module with NAT gateways (one VPC), each its own proposal:
//! - an S3 gateway endpoint (free) when no S3 endpoint exists: it carries the S3 requests of
//!   the traffic model and the image layers of every task start (ECR serves the manifest, the
//!   layers are downloaded from S3);
//! - a CloudWatch Logs interface endpoint when none exists: it carries the awslogs traffic, at
//!   an hourly price per AZ plus a price per GB;
//! - ECR interface endpoints (`ecr.api` + `ecr.dkr`) when they do not both exist: they carry
//!   only the registry API calls and manifests (the layers stay on S3), which the traffic model
//!   does not count, so they never pay for their hours in the estimate and end up listed as
//!   skipped with both figures, never as findings.
//!
//! Savings come from the engine: the proposal adds the endpoint instance ([`Change::Add`]); the
//! traffic model (`docs/usage-model.md`, NAT gateways) already leaves out of the NAT GB what an
//! endpoint carries, and gives a logs interface endpoint the GB it takes over, so the re-run
//! estimate has the NAT gateways cheaper and the endpoint priced. An endpoint that costs more
//! than the NAT GB it saves is skipped by the engine ("saves nothing here", both figures).
//!
//! The rule only proposes where the NAT GB is derived from the traffic scenario: a NAT GB given
//! explicitly (usage file, scenario `resources:`) does not say how much of it is S3 or logs.
//!
//! The traffic model does not know which VPC a task runs in (every endpoint of the
//! configuration counts for every NAT gateway): with NAT gateways in several modules, each
//! module's finding counts all the traffic, which the findings say; the total, which applies
//! every change at once, counts it once.
//!
//! The patch adds the endpoint (and, for interface endpoints, a security group allowing HTTPS
//! from the VPC) right after the VPC's block ([`Edit::AddResource`]), referring to the module's
//! own resources: the `aws_vpc`, the `aws_route_table`s that route to a NAT gateway (gateway
//! endpoint), the `aws_subnet` resource whose name says "private" (interface endpoints). Where
//! one of them cannot be found, or the VPC is inside a registry module, the finding says what
//! to add.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources::attr_str;
use crate::terraform::{Instance, Mode, Value};
use crate::usage::UsageSource;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "NAT gateways whose traffic (derived from the traffic scenario) includes S3 requests, image pulls or CloudWatch Logs of tasks in private subnets, in a configuration with no VPC endpoint for that service: an S3 gateway endpoint (`com.amazonaws.<region>.s3`, type Gateway) where there is none; a CloudWatch Logs interface endpoint (`…logs`) and ECR interface endpoints (`…ecr.api` + `…ecr.dkr`) only where the NAT GB they take over costs more than the endpoint's hours and GB. A NAT GB given explicitly (usage file) gets no proposal: it does not say how much of it is S3 or logs.",
    why: "A NAT gateway bills every GB it processes ($0.045/GB in us-east-1), on top of its hours. Traffic to S3 — including the image layers every Fargate task start downloads, which ECR serves from S3 — crosses it for nothing: an S3 gateway endpoint is free and takes that traffic off the NAT gateway through the private route tables. Interface endpoints (CloudWatch Logs, ECR) are not free: $0.01 per AZ-hour ($7.30 a month per AZ) plus $0.01/GB, so they pay only above roughly 210 GB a month per AZ of traffic.",
    example: r#"Before (modules/vpc/main.tf): private route tables send 0.0.0.0/0 to the NAT gateway.
After (added after `resource "aws_vpc" "this"` in modules/vpc/main.tf):
  resource "aws_vpc_endpoint" "s3" {
    vpc_id            = aws_vpc.this.id
    service_name      = "com.amazonaws.us-east-1.s3"
    vpc_endpoint_type = "Gateway"
    route_table_ids   = aws_route_table.private[*].id
  }
Interface endpoints also get subnet_ids (the private subnets, one per AZ), private_dns_enabled = true and a security group allowing HTTPS from the VPC."#,
    savings: "The configuration is re-estimated with the endpoint added. The traffic model then leaves out of the NAT gateways' GB what the endpoint carries (S3 gateway: S3 request bytes and image layers of task starts; logs: awslogs bytes; ECR: nothing modelled) and gives a logs interface endpoint those GB. Saving = NAT GB charge removed − the endpoint's cost (gateway: $0; interface: AZs × hours × the AZ-hour price + GB × the per-GB price, from the snapshot). The finding lists both figures resource by resource; an interface endpoint that costs more than it saves is listed as skipped with both figures. VPC flow log ingestion changes too where flow logs record the NAT gateway's ENI, and is counted.",
    risks: "Safe for the S3 gateway endpoint on the whole (AWS notes that open connections to S3 may be interrupted briefly when the route is added); S3 bucket policies that allow only the NAT gateway's public IP (`aws:SourceIp`) then deny the requests, which arrive from the VPC through the endpoint (use `aws:SourceVpce`/`aws:SourceVpc`). Interface endpoints change DNS for the whole VPC (private DNS): a security group must allow HTTPS from the tasks, otherwise logging and image pulls fail. The endpoint is added to the VPC's module with a literal region in `service_name` (the region evaluated): make it `data.aws_region` if the module is deployed to several regions.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP107"
    }

    fn name(&self) -> &'static str {
        "vpc-endpoints"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let services: Vec<String> = ctx
            .of_type("aws_vpc_endpoint")
            .filter_map(|e| attr_str(e, "service_name").map(str::to_string))
            .collect();
        let has = |suffix: &str| services.iter().any(|s| s.ends_with(suffix));
        let mut by_module: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
        for nat in ctx.of_type("aws_nat_gateway") {
            by_module.entry(nat.module.as_str()).or_default().push(nat);
        }
        let mut out = Vec::new();
        let several = by_module.len() > 1;
        for (module, nats) in by_module {
            // Only traffic the model derived can move to an endpoint.
            let derived = nats.iter().all(|n| {
                ctx.usage
                    .get(&n.address, "monthly_data_processed_gb")
                    .is_some_and(|u| u.source != UsageSource::Explicit && !u.value.is_zero())
            });
            if !derived {
                continue;
            }
            let vpc = Vpc::of(ctx, module, nats[0]);
            let first = out.len();
            if !has(".s3") {
                out.push(vpc.s3_gateway(ctx));
            }
            if !has(".logs") {
                out.push(vpc.interface(
                    ctx,
                    &[("logs", "logs")],
                    "CloudWatch Logs",
                    "logs_endpoint",
                ));
            }
            let ecr: Vec<(&str, &str)> = [("ecr_api", "ecr.api"), ("ecr_dkr", "ecr.dkr")]
                .into_iter()
                .filter(|(_, s)| !has(&format!(".{s}")))
                .collect();
            if !ecr.is_empty() {
                out.push(vpc.interface(ctx, &ecr, "ECR", "ecr_endpoints"));
            }
            if several {
                for p in &mut out[first..] {
                    p.notes.push("NAT gateways in several modules: the traffic model does not know which VPC the tasks run in, so this saving counts all of it; the total counts it once".into());
                }
            }
        }
        out
    }
}

/// The module holding NAT gateways, and what the endpoint blocks refer to in it.
struct Vpc<'a> {
    module: &'a str,
    region: String,
    provider: String,
    /// The finding's resource: the `aws_vpc` of the module, else the first NAT gateway.
    anchor: &'a Instance,
    /// The module's only `aws_vpc`.
    vpc: Option<&'a Instance>,
    /// `aws_vpc.this` (with `[0]` when counted), when the module declares exactly one VPC.
    vpc_ref: Option<String>,
    /// HCL list of the route tables that route to a NAT gateway.
    route_tables: Option<String>,
    /// HCL list of the private subnets, and how many there are (one AZ each).
    subnets: Option<(String, usize)>,
}

impl<'a> Vpc<'a> {
    fn of(ctx: &Ctx<'a>, module: &'a str, nat: &'a Instance) -> Self {
        let in_module = |t: &str| -> Vec<&'a Instance> {
            ctx.instances
                .iter()
                .filter(|i| i.mode == Mode::Managed && i.resource_type == t && i.module == module)
                .collect()
        };
        let vpcs = in_module("aws_vpc");
        let vpc = (vpcs.len() == 1).then(|| vpcs[0]);
        let nat_tables: Vec<&Instance> = in_module("aws_route_table")
            .into_iter()
            .filter(|t| {
                t.attr("route")
                    .map(Value::blocks)
                    .unwrap_or_default()
                    .iter()
                    .any(|r| r.get("nat_gateway_id").is_some_and(|v| !v.is_null()))
            })
            .collect();
        let private_subnets: Vec<&Instance> =
            in_module("aws_subnet").into_iter().filter(|s| s.name.contains("private")).collect();
        let one_resource = |list: &[&Instance]| {
            let names: std::collections::BTreeSet<&str> =
                list.iter().map(|i| i.name.as_str()).collect();
            names.len() == 1
        };
        Vpc {
            module,
            region: crate::region::priced_in(nat.region.as_deref()).0,
            provider: nat.provider.clone(),
            anchor: vpc.unwrap_or(nat),
            vpc,
            vpc_ref: vpc.map(|v| format!("{}.id", local_ref(v))),
            route_tables: (!nat_tables.is_empty()).then(|| list_ref(&nat_tables)),
            subnets: (!private_subnets.is_empty() && one_resource(&private_subnets))
                .then(|| (list_ref(&private_subnets), private_subnets.len())),
        }
    }

    /// Whether the VPC's module was installed by `terraform init` (a registry or git module
    /// under `.terraform/modules`): not part of this project, so costplan does not edit it.
    fn installed_module(&self) -> bool {
        self.anchor.location.file.starts_with(".terraform/")
    }

    fn not_ours(&self, manual: &str) -> Edit {
        Edit::Manual {
            reason: format!(
                "`{}` is defined inside module `{}` ({}), which is not part of this project: costplan does not edit it; {manual}",
                self.anchor.address,
                last_call(self.module),
                self.anchor.location.file
            ),
        }
    }

    /// How a hand-written endpoint refers to the VPC: through the module's outputs when the
    /// VPC is in a module (named as in terraform-aws-modules/vpc), by placeholder otherwise.
    fn manual_refs(&self) -> ManualRefs {
        if self.module.is_empty() {
            return ManualRefs {
                place: "in the root module".into(),
                vpc_id: "<the VPC's id>".into(),
                route_tables: "<the private route tables' ids>".into(),
                subnets: "<the private subnets' ids, one per AZ>".into(),
                hint: String::new(),
            };
        }
        let call = last_call(self.module);
        ManualRefs {
            place: format!("to the configuration that calls `{call}`"),
            vpc_id: format!("{call}.vpc_id"),
            route_tables: format!("{call}.private_route_table_ids"),
            subnets: format!("{call}.private_subnets"),
            hint: " (the output names of terraform-aws-modules/vpc; use your module's outputs)"
                .into(),
        }
    }

    fn address(&self, name: &str) -> String {
        if self.module.is_empty() {
            format!("aws_vpc_endpoint.{name}")
        } else {
            format!("{}.aws_vpc_endpoint.{name}", self.module)
        }
    }

    /// The endpoint as the estimate sees it once added.
    fn instance(&self, name: &str, attributes: BTreeMap<String, Value>) -> Box<Instance> {
        Box::new(Instance {
            address: self.address(name),
            resource_type: "aws_vpc_endpoint".into(),
            name: name.into(),
            mode: Mode::Managed,
            module: self.module.into(),
            region: Some(self.region.clone()),
            provider: self.provider.clone(),
            attributes: Value::Map(attributes),
            location: self.anchor.location.clone(),
            references: Default::default(),
            warnings: Vec::new(),
        })
    }

    fn service(&self, suffix: &str) -> String {
        format!("com.amazonaws.{}.{suffix}", self.region)
    }

    fn s3_gateway(&self, ctx: &Ctx) -> Proposal {
        let name = free_name(ctx, self.module, "s3");
        let service = self.service("s3");
        let mut p = Proposal::new(
            &self.anchor.address,
            "Add an S3 gateway endpoint (free): S3 requests and image layers stop going through the NAT gateway",
            Risk::Safe,
        );
        let attrs = BTreeMap::from([
            ("service_name".to_string(), Value::String(service.clone())),
            ("vpc_endpoint_type".to_string(), Value::String("Gateway".into())),
            ("vpc_id".to_string(), Value::Unknown),
            ("route_table_ids".to_string(), Value::Unknown),
        ]);
        p.changes.push(Change::Add { instance: self.instance(&name, attrs) });
        let r = self.manual_refs();
        let manual = format!(
            "add {} `resource \"aws_vpc_endpoint\" \"{name}\" {{ vpc_id = {}, service_name = \"{service}\", vpc_endpoint_type = \"Gateway\", route_table_ids = {} }}`{}",
            r.place, r.vpc_id, r.route_tables, r.hint
        );
        p.edits.push(match (&self.vpc_ref, &self.route_tables) {
            _ if self.installed_module() => self.not_ours(&manual),
            (Some(vpc), Some(tables)) => Edit::AddResource {
                after: self.anchor.address.clone(),
                text: format!(
                    "# S3 traffic of the private subnets (image layers included) through a free gateway\n# endpoint instead of the NAT gateway (costplan advise CP107).\nresource \"aws_vpc_endpoint\" \"{name}\" {{\n  vpc_id            = {vpc}\n  service_name      = \"{service}\"\n  vpc_endpoint_type = \"Gateway\"\n  route_table_ids   = {tables}\n}}\n"
                ),
            },
            _ => Edit::Manual {
                reason: format!(
                    "{} in `{}`: {manual}",
                    if self.vpc_ref.is_none() {
                        "no single `aws_vpc`"
                    } else {
                        "no `aws_route_table` with a route to a NAT gateway"
                    },
                    module_name(self.module)
                ),
            },
        });
        p.note("bucket policies that allow only the NAT gateway's public IP (aws:SourceIp) deny requests through the endpoint: use aws:SourceVpce or aws:SourceVpc")
    }

    /// Interface endpoints for `services` (Terraform name, service suffix), with their security
    /// group `sg_name`.
    fn interface(
        &self,
        ctx: &Ctx,
        services: &[(&str, &str)],
        what: &str,
        sg_name: &str,
    ) -> Proposal {
        let azs = self.subnets.as_ref().map_or(1, |(_, n)| *n);
        let mut p = Proposal::new(
            &self.anchor.address,
            format!(
                "Add {what} interface endpoint{} in {azs} AZ(s): {}",
                if services.len() > 1 { "s" } else { "" },
                if what == "ECR" {
                    "they carry only registry API calls and manifests, the image layers come from S3 (the S3 gateway endpoint's traffic)"
                } else {
                    "its traffic stops going through the NAT gateway"
                }
            ),
            Risk::NeedsTesting,
        );
        let mut blocks = Vec::new();
        let sg_name = free_name_of(ctx, self.module, "aws_security_group", sg_name);
        for (base, suffix) in services {
            let name = free_name(ctx, self.module, base);
            let service = self.service(suffix);
            let attrs = BTreeMap::from([
                ("service_name".to_string(), Value::String(service.clone())),
                ("vpc_endpoint_type".to_string(), Value::String("Interface".into())),
                ("vpc_id".to_string(), Value::Unknown),
                ("subnet_ids".to_string(), Value::List(vec![Value::Unknown; azs])),
                ("private_dns_enabled".to_string(), Value::Bool(true)),
            ]);
            p.changes.push(Change::Add { instance: self.instance(&name, attrs) });
            if suffix.starts_with("ecr.") {
                // What the ECR endpoints carry is not in the traffic model; said, not left
                // "depends on usage" (which would read as a price not found).
                p.changes.push(Change::SetUsage {
                    address: self.address(&name),
                    key: "monthly_data_processed_gb".into(),
                    value: Decimal::ZERO,
                    formula: "registry API calls and image manifests only (the layers come from S3): not modelled, 0 GB".into(),
                });
            }
            if let (Some(vpc), Some((subnets, _))) = (&self.vpc_ref, &self.subnets) {
                blocks.push(format!(
                    "resource \"aws_vpc_endpoint\" \"{name}\" {{\n  vpc_id              = {vpc}\n  service_name        = \"{service}\"\n  vpc_endpoint_type   = \"Interface\"\n  subnet_ids          = {subnets}\n  security_group_ids  = [aws_security_group.{sg_name}.id]\n  private_dns_enabled = true\n}}\n"
                ));
            }
        }
        let names: Vec<String> = services.iter().map(|(_, s)| self.service(s)).collect();
        let r = self.manual_refs();
        let manual = format!(
            "add {} interface endpoints ({}) with `vpc_id = {}`, `subnet_ids = {}`, `private_dns_enabled = true` and a security group allowing HTTPS (443) from the VPC{}",
            r.place,
            names.join(", "),
            r.vpc_id,
            r.subnets,
            r.hint
        );
        match (&self.vpc_ref, &self.subnets) {
            _ if self.installed_module() => p.edits.push(self.not_ours(&manual)),
            (Some(vpc), Some(_)) => {
                let cidr = vpc.trim_end_matches(".id");
                let mut text = format!(
                    "# {what} from the private subnets through interface endpoints instead of the NAT\n# gateway (costplan advise CP107): they pay for their hours above ~210 GB a month per AZ.\nresource \"aws_security_group\" \"{sg_name}\" {{\n  name_prefix = \"{sg_name}-\"\n  description = \"HTTPS from the VPC to the {what} endpoints\"\n  vpc_id      = {vpc}\n\n  ingress {{\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [{cidr}.cidr_block]\n  }}\n}}\n"
                );
                for b in blocks {
                    text.push('\n');
                    text.push_str(&b);
                }
                p.edits.push(Edit::AddResource { after: self.anchor.address.clone(), text });
            }
            _ => p.edits.push(Edit::Manual {
                reason: format!(
                    "{} in `{}`: {manual}",
                    if self.vpc_ref.is_none() {
                        "no single `aws_vpc`"
                    } else {
                        "no `aws_subnet` resource named private"
                    },
                    module_name(self.module)
                ),
            }),
        }
        // Private DNS (what makes the SDKs use the endpoint) needs DNS hostnames on the VPC.
        if self.installed_module() {
            // The module's own setting (enable_dns_hostnames input) is the user's to check.
        } else if let Some(vpc) = self
            .vpc
            .filter(|v| v.attr("enable_dns_hostnames").and_then(Value::as_bool) != Some(true))
        {
            p.edits.push(Edit::SetAttribute {
                address: vpc.address.clone(),
                attribute: "enable_dns_hostnames".into(),
                value: Value::Bool(true),
            });
            p = p.note(
                "private DNS needs `enable_dns_hostnames = true` on the VPC: the patch sets it",
            );
        }
        if self.subnets.is_none() {
            p = p.note("the private subnets were not found: priced for 1 AZ");
        }
        p.note("private DNS sends every task of the VPC to the endpoint: the security group must allow HTTPS from them")
    }
}

/// Expressions for an endpoint written by hand.
struct ManualRefs {
    place: String,
    vpc_id: String,
    route_tables: String,
    subnets: String,
    hint: String,
}

/// `module.net.module.vpc[0]` → `module.vpc[0]`: how the caller of the innermost module
/// refers to it.
fn last_call(module: &str) -> String {
    module.rfind("module.").map_or_else(|| module.to_string(), |i| module[i..].to_string())
}

fn module_name(module: &str) -> &str {
    if module.is_empty() { "the root module" } else { module }
}

/// `aws_vpc.this` or `aws_vpc.this[0]` for a resource with one instance.
fn local_ref(inst: &Instance) -> String {
    let index = inst.address.rfind('[').filter(|_| inst.address.ends_with(']'));
    match index {
        Some(i) if inst.address[i..] == *"[0]" => {
            format!("{}.{}[0]", inst.resource_type, inst.name)
        }
        _ => format!("{}.{}", inst.resource_type, inst.name),
    }
}

/// An HCL list of the ids of `instances` (one or several resources, counted or not).
fn list_ref(instances: &[&Instance]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in instances {
        if !seen.insert(i.name.as_str()) {
            continue;
        }
        let base = format!("{}.{}", i.resource_type, i.name);
        let part = if i.address.ends_with("\"]") {
            format!("values({base})[*].id")
        } else if i.address.ends_with(']') {
            format!("{base}[*].id")
        } else {
            format!("[{base}.id]")
        };
        parts.push(part);
    }
    match parts.as_slice() {
        [one] => one.clone(),
        _ => format!("concat({})", parts.join(", ")),
    }
}

/// A name for a new `aws_vpc_endpoint` not used in the module.
fn free_name(ctx: &Ctx, module: &str, base: &str) -> String {
    free_name_of(ctx, module, "aws_vpc_endpoint", base)
}

fn free_name_of(ctx: &Ctx, module: &str, resource_type: &str, base: &str) -> String {
    let taken = |n: &str| {
        ctx.instances
            .iter()
            .any(|i| i.module == module && i.resource_type == resource_type && i.name == n)
    };
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|k| format!("{base}_{k}")).find(|n| !taken(n)).unwrap_or_else(|| base.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::Location;

    fn inst(address: &str) -> Instance {
        let plain = address.split('[').next().unwrap_or(address);
        let mut parts = plain.rsplit('.');
        let name = parts.next().unwrap_or_default().to_string();
        Instance {
            address: address.into(),
            resource_type: parts.next().unwrap_or_default().into(),
            name,
            mode: Mode::Managed,
            module: String::new(),
            region: None,
            provider: "aws".into(),
            attributes: Value::Map(BTreeMap::new()),
            location: Location::default(),
            references: Default::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn references_follow_count_for_each_and_several_resources() {
        let a0 = inst("aws_route_table.private[0]");
        let a1 = inst("aws_route_table.private[1]");
        assert_eq!(list_ref(&[&a0, &a1]), "aws_route_table.private[*].id");
        let one = inst("aws_route_table.main");
        assert_eq!(list_ref(&[&one]), "[aws_route_table.main.id]");
        let keyed = inst("aws_route_table.az[\"a\"]");
        assert_eq!(
            list_ref(&[&keyed, &one]),
            "concat(values(aws_route_table.az)[*].id, [aws_route_table.main.id])"
        );
        assert_eq!(local_ref(&inst("aws_vpc.this[0]")), "aws_vpc.this[0]");
        assert_eq!(local_ref(&inst("aws_vpc.this")), "aws_vpc.this");
        assert_eq!(last_call("module.net.module.vpc[0]"), "module.vpc[0]");
    }
}
