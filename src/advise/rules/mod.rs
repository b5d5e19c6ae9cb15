//! One rule per file. Each file holds a unit struct `Rule` implementing
//! [`crate::advise::rule::Rule`], its documentation and its check.

pub mod fargate_spot;
