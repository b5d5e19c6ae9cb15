//! Adapter to the type-constraint module: converts a variable value to its declared `type`
//! (`"512"` → 512 for `number`, `optional()` attributes with defaults).

use hcl_edit::expr::Expression;

use super::value::Value;

/// Converts `value` to the type written in `type_expr`; `Err` carries a message for a warning.
pub(crate) fn convert(type_expr: Option<&Expression>, value: Value) -> Result<Value, String> {
    let Some(_type_expr) = type_expr else { return Ok(value) };
    // Replaced by `types::convert` once the type-constraint module lands.
    Ok(value)
}

/// True when the type is a primitive (or absent): values from `--var` and `TF_VAR_` are then
/// taken as literal strings, otherwise parsed as HCL expressions (Terraform's rule).
pub(crate) fn is_primitive(type_expr: Option<&Expression>) -> bool {
    match type_expr {
        None => true,
        Some(Expression::Variable(v)) => matches!(v.as_str(), "string" | "number" | "bool"),
        Some(_) => false,
    }
}
