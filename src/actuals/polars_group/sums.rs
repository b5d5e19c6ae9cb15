//! The summed columns of one batch: decimals as polars computed them, or doubles turned into
//! decimals here.
//!
//! Contract: `Summed::value(row)` is the row's value as an integer at the column's scale, `None`
//! for a null. A Decimal column is taken as it is, at its own scale. A Float64 column has the
//! scale `DOUBLE_SCALE`, and a double `x` becomes `round_half_even(x * 10^12)`, the value
//! polars' cast to `Decimal(38, 12)` gives. NaN and the infinities are null, as in that cast.
//! A finite |x| ≥ 10^26 is an error: it has more than the 38 digits of the decimal.
//!
//! Why: CUR Parquet stores costs and quantities as doubles. Left to polars, the cast writes a
//! 16-byte column per batch and rounds through a libm call per value. Here the value is rounded
//! while it is added, with no column written.

use polars::prelude::*;
use polars_arrow::bitmap::Bitmap;

/// The decimal scale a double is summed at (the same as `polars_frame`'s `Decimal(38, 12)`).
pub(crate) const DOUBLE_SCALE: u32 = 12;

/// One batch's summed column.
pub(super) enum Summed {
    Decimal(Int128Chunked),
    Double(Float64Chunked),
}

impl Summed {
    /// The column `name` of `df` (Float64 or Decimal) and the decimal scale of its values.
    pub fn of(df: &DataFrame, name: &str) -> Result<(Summed, u32), PolarsError> {
        let column = df.column(name)?;
        Ok(match column.dtype() {
            DataType::Float64 => {
                (Summed::Double(column.f64()?.rechunk().into_owned()), DOUBLE_SCALE)
            }
            _ => {
                let ca = column.decimal()?;
                let scale = u32::try_from(ca.scale()).unwrap_or(0);
                (Summed::Decimal(ca.physical().rechunk().into_owned()), scale)
            }
        })
    }

    /// The values and validity of the one chunk.
    pub fn values(&self) -> Result<(Values<'_>, Option<&Bitmap>), PolarsError> {
        let missing = || polars_err!(ComputeError: "a summed column has no data");
        Ok(match self {
            Summed::Decimal(ca) => {
                let arr = ca.downcast_iter().next().ok_or_else(missing)?;
                (Values::Decimal(arr.values().as_slice()), arr.validity())
            }
            Summed::Double(ca) => {
                let arr = ca.downcast_iter().next().ok_or_else(missing)?;
                (Values::Double(arr.values().as_slice()), arr.validity())
            }
        })
    }
}

/// The values of one chunk of a summed column.
#[derive(Clone, Copy)]
pub(super) enum Values<'a> {
    Decimal(&'a [i128]),
    Double(&'a [f64]),
}

impl Values<'_> {
    /// The value of a valid `row`, `None` for a NaN or infinite double.
    #[inline(always)]
    pub fn get(self, row: usize) -> Result<Option<i128>, PolarsError> {
        match self {
            Values::Decimal(v) => Ok(Some(v[row])),
            Values::Double(v) => double_to_decimal(v[row]),
        }
    }
}

/// 2^52: from there on every double is an integer.
const TWO_POW_52: f64 = 4_503_599_627_370_496.0;

/// `round_half_even(x * 10^12)` (see the module contract).
#[inline(always)]
pub(super) fn double_to_decimal(x: f64) -> Result<Option<i128>, PolarsError> {
    if !x.is_finite() {
        return Ok(None);
    }
    if x.abs() >= 1e26 {
        polars_bail!(ComputeError: "the value {x} has more than 38 digits at scale 12");
    }
    let y = x * 1e12;
    // Adding and taking away 2^52 rounds to an integer, half to even (the default rounding
    // mode), as `f64::round_ties_even` does without SSE4.1's instruction.
    let rounded = if y.abs() < TWO_POW_52 {
        let shift = TWO_POW_52.copysign(y);
        (y + shift) - shift
    } else {
        y
    };
    // |rounded| < 10^38 < 2^127: exact either way; the i64 conversion is one instruction.
    Ok(Some(if rounded.abs() < 4e18 { i128::from(rounded as i64) } else { rounded as i128 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same decimals as polars' cast, for values of every size, halves, signs and the
    /// edges of the fast paths; NaN and infinities are null; too large is an error.
    #[test]
    fn doubles_become_the_decimals_polars_casts_them_to() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.1,
            -0.1,
            0.3,
            1e-13,
            5e-13,
            -5e-13,
            1.5e-12,
            2.5e-12,
            -2.5e-12,
            0.000_000_000_000_4,
            4_503.599_627_370_495,
            4_503.599_627_370_497,
            -4_503.599_627_370_497,
            3_999_999.999_999,
            4_000_000.0,
            123_456_789.123_456_78,
            9.99e25,
            -9.99e25,
        ];
        // A spread of magnitudes with awkward fractions.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mantissa = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = (seed % 40) as i32 - 20;
            let sign = if seed & 1 == 0 { 1.0 } else { -1.0 };
            xs.push(sign * mantissa * 10f64.powi(exponent));
        }
        let expected = Series::new("x".into(), &xs).cast(&DataType::Decimal(38, 12)).unwrap();
        let expected = expected.decimal().unwrap().physical().clone();
        for (x, want) in xs.iter().zip(expected.iter()) {
            assert_eq!(double_to_decimal(*x).unwrap(), want, "{x:e}");
        }
        assert_eq!(double_to_decimal(f64::NAN).unwrap(), None);
        assert_eq!(double_to_decimal(f64::NEG_INFINITY).unwrap(), None);
        let err = double_to_decimal(1e26).unwrap_err().to_string();
        assert!(err.contains("more than 38 digits"), "{err}");
    }
}
