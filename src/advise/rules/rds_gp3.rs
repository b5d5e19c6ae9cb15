//! CP105 `rds-gp3`: RDS storage on gp2 or Provisioned IOPS (io1/io2) moves to gp3 when gp3's
//! included baseline covers the provisioned IOPS.

use rust_decimal::Decimal;

use crate::advise::finding::Risk;
use crate::advise::rule::{self, Change, Ctx, Edit, Proposal, RuleDoc};
use crate::resources::{attr_dec, attr_str};
use crate::terraform::Value;

pub struct Rule;

const DOC: RuleDoc = RuleDoc {
    detects: "An `aws_db_instance` on `gp2` storage, or on `io1`/`io2` whose provisioned IOPS fit in what gp3 gives (3,000 IOPS included below 400 GB, 12,000 from 400 GB, more bought at the gp3 IOPS price from 400 GB).",
    why: "Provisioned IOPS storage bills every GB at a higher rate and every provisioned IOPS (about $0.10 per IOPS-month) whether used or not; gp3 includes a 3,000 (12,000 from 400 GB) IOPS baseline and bills extra IOPS at a fifth of the io1 price. For gp2 the GB price on RDS is the same as gp3 (so the estimate shows no saving and the candidate is listed as not recommended), but gp3 gives the 3,000 IOPS baseline without sizing the volume for it.",
    example: r#"Before:
  resource "aws_db_instance" "this" {
    allocated_storage = 100
    storage_type      = "io1"
    iops              = 3000
  }
After:
  resource "aws_db_instance" "this" {
    allocated_storage = 100
    storage_type      = "gp3"
  }"#,
    savings: "The instance is re-estimated with `storage_type = \"gp3\"` (and `iops` removed when gp3's baseline covers it): storage GB-months at the gp3 price, IOPS above the baseline at the gp3 IOPS price of the snapshot. Saving = old storage + IOPS cost − gp3 cost.",
    risks: "The storage change runs online but the instance stays in `storage-optimization` for hours and cannot be modified again for six hours. io1/io2 give steadier latency than gp3 under heavy random I/O: load-test a write-heavy database first.",
};

impl rule::Rule for Rule {
    fn code(&self) -> &'static str {
        "CP105"
    }

    fn name(&self) -> &'static str {
        "rds-gp3"
    }

    fn doc(&self) -> RuleDoc {
        DOC
    }

    fn check(&self, ctx: &Ctx) -> Vec<Proposal> {
        let mut out = Vec::new();
        for db in ctx.of_type("aws_db_instance") {
            let iops = attr_dec(db, "iops");
            let volume =
                attr_str(db, "storage_type").unwrap_or(if iops.is_some() { "io1" } else { "gp2" });
            let size = attr_dec(db, "allocated_storage").unwrap_or(Decimal::from(20));
            let gp3 = Value::String("gp3".into());
            match volume {
                "gp2" => out.push(
                    Proposal::new(&db.address, "Move the storage from gp2 to gp3", Risk::Safe)
                        .set("storage_type", gp3),
                ),
                "io1" | "io2" => {
                    let large = size >= Decimal::from(400);
                    let baseline = Decimal::from(if large { 12_000 } else { 3_000 });
                    let wanted = iops.unwrap_or(Decimal::ZERO);
                    // Below 400 GB gp3 cannot provision IOPS beyond its baseline.
                    if wanted > baseline && !large {
                        continue;
                    }
                    let mut p = Proposal::new(
                        &db.address,
                        format!(
                            "Move the storage from {volume} to gp3 (keeps {} IOPS)",
                            wanted.normalize()
                        ),
                        Risk::NeedsTesting,
                    )
                    .set("storage_type", gp3);
                    if wanted <= baseline && iops.is_some() {
                        p.changes.push(Change::Remove {
                            address: db.address.clone(),
                            attribute: "iops".into(),
                        });
                        p.edits.push(Edit::RemoveAttribute {
                            address: db.address.clone(),
                            attribute: "iops".into(),
                        });
                        p = p.note(format!(
                            "gp3 includes {} IOPS at this size: `iops` is removed",
                            baseline.normalize()
                        ));
                    }
                    out.push(p);
                }
                _ => {}
            }
        }
        out
    }
}
