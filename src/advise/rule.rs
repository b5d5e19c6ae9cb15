//! The rule contract: a rule looks at the evaluated configuration and its estimate and proposes
//! changes. It never computes a saving itself: it says what to change in the instances (for
//! re-pricing, [`Change`]) and in the Terraform source (for the patch, [`Edit`]); the engine
//! re-runs the estimate and writes the diff.

use rust_decimal::Decimal;

use super::finding::Risk;
use crate::model::{Report, ResourceCost};
use crate::pricing::PriceQuery;
use crate::terraform::{Instance, Mode, Value};
use crate::usage::{Payment, Purchase, Usage};

/// The documentation `costplan explain CODE` prints. Every section is required (the registry
/// test checks that none is empty).
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub detects: &'static str,
    pub why: &'static str,
    /// Terraform before and after.
    pub example: &'static str,
    pub savings: &'static str,
    pub risks: &'static str,
}

/// One recommendation rule (one file in `advise/rules/`).
pub trait Rule: Sync {
    /// Stable code, `CP1xx`. Never reused for another rule.
    fn code(&self) -> &'static str;
    /// Kebab-case name of the pattern (`fargate-spot`).
    fn name(&self) -> &'static str;
    fn doc(&self) -> RuleDoc;
    /// True when the change trades resilience for money: the rule then only runs outside
    /// production unless `--include-resilience` is given.
    fn reduces_resilience(&self) -> bool {
        false
    }
    /// True for commitments (reservations, Savings Plans): the rule then only runs in
    /// production unless it is selected by code (`--select CP130`), because a non-production
    /// resource is often resized or deleted before a one- or three-year term ends.
    fn production_only(&self) -> bool {
        false
    }
    /// The candidates for this configuration; the engine prices them and drops those that save
    /// nothing.
    fn check(&self, ctx: &Ctx) -> Vec<Proposal>;
}

/// What a rule sees.
pub struct Ctx<'a> {
    /// Every instance (managed and data), sorted by address.
    pub instances: &'a [Instance],
    pub usage: &'a Usage,
    /// The estimate as it is.
    pub report: &'a Report,
    pub production: bool,
    pub hours_per_month: Decimal,
}

impl<'a> Ctx<'a> {
    /// Managed instances of a type.
    pub fn of_type(&self, resource_type: &str) -> impl Iterator<Item = &'a Instance> + use<'a> {
        let resource_type = resource_type.to_string();
        self.instances
            .iter()
            .filter(move |i| i.mode == Mode::Managed && i.resource_type == resource_type)
    }

    /// The estimate of one resource.
    pub fn cost(&self, address: &str) -> Option<&'a ResourceCost> {
        self.report.resources().find(|r| r.address == address)
    }

    pub fn instance(&self, address: &str) -> Option<&'a Instance> {
        self.instances.iter().find(|i| i.address == address)
    }

    /// The resource helpers' context for one instance (priced in its own region), to follow its
    /// references and read its blocks as the estimate did.
    pub fn resources_ctx(&self, inst: &Instance) -> crate::resources::Ctx<'a> {
        crate::resources::Ctx {
            instances: self.instances,
            usage: self.usage,
            hours_per_month: self.hours_per_month,
            region: crate::region::priced_in(inst.region.as_deref()).0,
        }
    }
}

/// A change to the evaluated instances, for re-pricing.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Set a top-level attribute (blocks are lists of maps).
    Set { address: String, attribute: String, value: Value },
    /// Remove a top-level attribute.
    Remove { address: String, attribute: String },
    /// The instance no longer exists.
    Delete { address: String },
    /// A new instance (a resource the patch adds, e.g. a lifecycle configuration), inserted in
    /// address order.
    Add { instance: Box<Instance> },
    /// A usage value the user gave explicitly (which the traffic model does not redistribute)
    /// moves with the change: the one NAT gateway left carries the others' explicit GB.
    SetUsage { address: String, key: String, value: Decimal, formula: String },
    /// Price the address with these purchase options (a reserved term and payment), as a
    /// scenario's `purchase:` block would: the resources price the term from the catalog.
    SetPurchase { address: String, purchase: Purchase },
}

/// A change to the Terraform source, for the patch. Attributes are the resource block's
/// top-level arguments; when their value comes from a variable the patch goes to the tfvars
/// file that set it, else to the variable's default (see `advise/patch.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set `attribute` of the resource block of `address` to `value`.
    SetAttribute { address: String, attribute: String, value: Value },
    /// Like `SetAttribute`, but only where the attribute is a plain value or a variable: when it
    /// is absent or computed by an expression (`var.nodes > 1`) it is left alone, on the
    /// assumption that the expression follows the rule's main change.
    SetAttributeIfPlain { address: String, attribute: String, value: Value },
    /// Remove `attribute` from the resource block of `address`.
    RemoveAttribute { address: String, attribute: String },
    /// Add a nested block (HCL text without indentation, e.g. `capacity_provider_strategy {...}`)
    /// at the end of the resource block of `address`.
    AddBlock { address: String, text: String },
    /// Add a new top-level block (HCL text without indentation, e.g. a whole `resource` block)
    /// to the file that declares the resource block of `after`, right after that block.
    AddResource { after: String, text: String },
    /// Set the input variable `variable` of the module `address` is in (the root module's
    /// variable for a root resource).
    SetModuleVariable { address: String, variable: String, value: Value },
    /// No patch can be written: the reason says what to change by hand.
    Manual { reason: String },
}

/// A cost the estimate does not model, priced through the catalog like any component.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentSpec {
    pub name: String,
    pub quantity: Decimal,
    pub unit: String,
    pub query: PriceQuery,
    pub formula: String,
}

/// One candidate finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub address: String,
    pub title: String,
    pub changes: Vec<Change>,
    pub edits: Vec<Edit>,
    pub risk: Risk,
    pub notes: Vec<String>,
    pub adjustments: Vec<AdjustmentSpec>,
    /// Commitment terms to compare (reservations). When not empty the engine prices every
    /// term, shows them as a table on the finding and makes the best one (see
    /// `advise/commitment.rs`) the finding: its changes, edits and title replace the
    /// proposal's.
    pub commitments: Vec<CommitmentOption>,
    /// A candidate the rule examined and rejects: listed as skipped with this reason (objects
    /// too small to tier, a task already at the smallest size), never priced.
    pub not_recommended: Option<String>,
    /// Savings Plans: the discount assumed and the plan's term, so the engine can size the
    /// hourly commitment (the discounted cost of the covered usage) and the upfront payment
    /// from the re-estimated saving.
    pub savings_plan: Option<PlanSizing>,
}

/// The term of a Savings Plan a [`Proposal`] suggests, with the discount it assumes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSizing {
    pub discount: Decimal,
    pub years: u8,
    pub payment: Payment,
}

/// One commitment term of a [`Proposal`]: what it changes for re-pricing (a
/// [`Change::SetPurchase`]) and what to do to buy it (an [`Edit::Manual`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentOption {
    pub years: u8,
    pub payment: Payment,
    /// The finding's title when this term is the headline.
    pub title: String,
    pub changes: Vec<Change>,
    pub edits: Vec<Edit>,
}

impl CommitmentOption {
    /// `1yr No Upfront`.
    pub fn label(&self) -> String {
        term_label(self.years, self.payment)
    }
}

/// `1yr No Upfront`, as the Price List names reserved terms.
pub fn term_label(years: u8, payment: Payment) -> String {
    format!("{years}yr {}", payment.label())
}

impl Proposal {
    pub fn new(address: &str, title: impl Into<String>, risk: Risk) -> Self {
        Self {
            address: address.to_string(),
            title: title.into(),
            changes: Vec::new(),
            edits: Vec::new(),
            risk,
            notes: Vec::new(),
            adjustments: Vec::new(),
            commitments: Vec::new(),
            not_recommended: None,
            savings_plan: None,
        }
    }

    /// A candidate that is not recommended, with the reason the user is told.
    pub fn not_recommended(address: &str, reason: impl Into<String>) -> Self {
        let mut p = Self::new(address, String::new(), Risk::Safe);
        p.not_recommended = Some(reason.into());
        p
    }

    /// Sets an attribute both for re-pricing and in the source.
    pub fn set(mut self, attribute: &str, value: Value) -> Self {
        self.changes.push(Change::Set {
            address: self.address.clone(),
            attribute: attribute.into(),
            value: value.clone(),
        });
        self.edits.push(Edit::SetAttribute {
            address: self.address.clone(),
            attribute: attribute.into(),
            value,
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}
