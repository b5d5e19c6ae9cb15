//! Cost diff: what a change does to the monthly cost, project by project and resource by
//! resource, for `costplan diff` and pull-request comments.
//!
//! Contract:
//! - [`diff`] is a pure function of two reports (the base and the proposed side): projects are
//!   matched by name, resources by address, components by name within their resource. It knows
//!   nothing of where the reports came from ([`base`] materialises a git ref or a directory).
//! - Unknown costs stay visible: never counted as $0, never hidden in a delta (see [`model`]).
//!   The unknown costs that changed give the delta a bound ([`model::DeltaBound`]: exact, at
//!   least, at most, not known) that every headline states.
//! - Both sides must be estimated alike: inputs that differ (scenario, usage file, region,
//!   workspace, price dates ... see [`inputs`]) are recorded in the diff and every format warns.
//! - The delta of the totals is exactly the difference of the two reports' totals, and splits
//!   into fixed (configuration) and usage-based parts that add up to it.
//! - Renderers ([`render`]) are pure, one format per file; guardrails ([`guardrail`]) record
//!   their outcome in the diff so every format can show it.

pub mod base;
pub mod compare;
pub mod guardrail;
pub mod inputs;
pub mod model;
pub mod render;

pub use compare::diff;
pub use guardrail::{Budget, Guardrails, IncreaseLimit, OnUnknown};
pub use model::{Change, Diff};
pub use render::DiffFormat;
