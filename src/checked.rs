//! Checked arithmetic on money and quantities: the one place where a product or sum of
//! user-supplied amounts is computed without the risk of a panic.
//!
//! `rust_decimal`'s operators (`+`, `*`, `Sum`) panic when a result leaves Decimal's range
//! (±79,228,162,514,264,337,593,543,950,335, about 7.9e28). A quantity or price read from the
//! user (a flag, a scenario, a usage file, a price cache, a saved report) can be that large, so
//! every product or sum of such amounts goes through these functions instead.
//!
//! Contract:
//! - Each function returns exactly what the operator returns when the operator would not panic,
//!   and [`Overflow`] when it would (division: also for a zero divisor).
//! - [`Overflow`] carries no context: the caller names the input that overflowed (the flag, the
//!   file and key, the resource and component) in its own error, and says what to do.
//! - [`MAX_AMOUNT`] is the range itself, for messages.

use rust_decimal::Decimal;

/// The largest amount a [`Decimal`] can hold, for messages ("more than 7.9e28").
pub const MAX_AMOUNT: Decimal = Decimal::MAX;

/// A product, sum or quotient outside Decimal's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the result is larger than the largest amount costplan can represent (about 7.9e28)")]
pub struct Overflow;

/// `a × b`.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a + b`.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

/// `a − b`.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_sub(b).ok_or(Overflow)
}

/// `a ÷ b`; a zero `b` is an [`Overflow`] too (the quotient is unbounded).
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_div(b).ok_or(Overflow)
}

/// The product of every factor (1 for none).
pub fn product(factors: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Overflow> {
    factors.into_iter().try_fold(Decimal::ONE, mul)
}

/// The sum of every item (0 for none).
pub fn sum(items: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Overflow> {
    items.into_iter().try_fold(Decimal::ZERO, add)
}

/// `*into += value`, leaving `into` unchanged on overflow.
pub fn add_to(into: &mut Decimal, value: Decimal) -> Result<(), Overflow> {
    *into = add(*into, value)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn in_range_results_equal_the_operators() {
        assert_eq!(mul(dec!(0.045), dec!(730)), Ok(dec!(0.045) * dec!(730)));
        assert_eq!(add(dec!(1.5), dec!(-2)), Ok(dec!(-0.5)));
        assert_eq!(sub(dec!(1.5), dec!(2)), Ok(dec!(-0.5)));
        assert_eq!(div(dec!(1), dec!(4)), Ok(dec!(0.25)));
        assert_eq!(product([dec!(2), dec!(3), dec!(0.5)]), Ok(dec!(3)));
        assert_eq!(product([]), Ok(Decimal::ONE));
        assert_eq!(sum([dec!(1.25), dec!(2), dec!(-0.25)]), Ok(dec!(3)));
        assert_eq!(sum([]), Ok(Decimal::ZERO));
        let mut total = dec!(1);
        assert_eq!(add_to(&mut total, dec!(2)), Ok(()));
        assert_eq!(total, dec!(3));
    }

    #[test]
    fn out_of_range_results_are_overflow_not_panics() {
        let big = MAX_AMOUNT;
        assert_eq!(mul(big, dec!(2)), Err(Overflow));
        assert_eq!(mul(-big, dec!(2)), Err(Overflow));
        assert_eq!(add(big, dec!(1)), Err(Overflow));
        assert_eq!(sub(-big, dec!(1)), Err(Overflow));
        assert_eq!(div(big, dec!(0.5)), Err(Overflow));
        assert_eq!(div(dec!(1), Decimal::ZERO), Err(Overflow));
        assert_eq!(product([big, dec!(10), dec!(0.01)]), Err(Overflow));
        assert_eq!(sum([big, big, -big]), Err(Overflow));
        let mut total = big;
        assert_eq!(add_to(&mut total, big), Err(Overflow));
        assert_eq!(total, big, "unchanged on overflow");
    }
}
