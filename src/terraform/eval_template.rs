//! String templates (`"${x}-%{ if y }z%{ endif }"`, heredocs) and `templatefile`.
//!
//! A template that is exactly one interpolation (`"${var.n}"`) yields the interpolated value
//! unchanged, as in Terraform; otherwise the parts are converted to strings. Strip markers (`~`)
//! trim the whitespace next to them. Any unknown part makes the whole string unknown.

use std::path::PathBuf;

use hcl_edit::Decorated;
use hcl_edit::expr::TraversalOperator;
use hcl_edit::template::{Directive, Element, Template};

use super::MAX_TEMPLATE_DEPTH;
use super::config::read_text;
use super::error::LoadError;
use super::eval::{
    Env, EvalError, EvalResult, Resolved, Scope, eval, iteration_pairs, offset_of,
    to_template_string,
};
use super::source::SourceFile;
use super::value::Value;

struct Out {
    buf: String,
    unknown: bool,
    strip_next: bool,
}

impl Out {
    fn literal(&mut self, s: &str) {
        if self.strip_next {
            self.buf.push_str(s.trim_start());
        } else {
            self.buf.push_str(s);
        }
        self.strip_next = false;
    }

    fn strip_before(&mut self, yes: bool) {
        if yes {
            let len = self.buf.trim_end().len();
            self.buf.truncate(len);
        }
    }
}

pub(crate) fn eval_template(env: &mut dyn Env, t: &Template, scope: &Scope) -> EvalResult {
    let elements: Vec<&Element> = t.iter().collect();
    if let [Element::Interpolation(i)] = elements.as_slice() {
        return eval(env, &i.expr, scope);
    }
    let mut out = Out { buf: String::new(), unknown: false, strip_next: false };
    render(env, t, scope, &mut out)?;
    Ok(if out.unknown { Value::Unknown } else { Value::String(out.buf) })
}

fn render(env: &mut dyn Env, t: &Template, scope: &Scope, out: &mut Out) -> EvalResult<()> {
    for el in t.iter() {
        match el {
            Element::Literal(s) => out.literal(s.value()),
            Element::Interpolation(i) => {
                out.strip_before(i.strip.strip_start());
                let v = eval(env, &i.expr, scope)?;
                push_value(env, out, &v, offset_of(&i.expr))?;
                out.strip_next = i.strip.strip_end();
            }
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    out.strip_before(d.if_expr.strip.strip_start());
                    let cond = eval(env, &d.if_expr.cond_expr, scope)?;
                    let taken = match cond {
                        Value::Unknown => {
                            out.unknown = true;
                            continue;
                        }
                        c => c.as_bool().ok_or_else(|| {
                            env.error(
                                offset_of(&d.if_expr.cond_expr),
                                format!("an `if` condition must be a bool, got {}", c.type_name()),
                            )
                        })?,
                    };
                    if taken {
                        out.strip_next = d.if_expr.strip.strip_end();
                        render(env, &d.if_expr.template, scope, out)?;
                        let strip = d.else_expr.as_ref().map_or(d.endif_expr.strip, |e| e.strip);
                        out.strip_before(strip.strip_start());
                    } else if let Some(e) = &d.else_expr {
                        out.strip_next = e.strip.strip_end();
                        render(env, &e.template, scope, out)?;
                        out.strip_before(d.endif_expr.strip.strip_start());
                    }
                    out.strip_next = d.endif_expr.strip.strip_end();
                }
                Directive::For(d) => {
                    out.strip_before(d.for_expr.strip.strip_start());
                    let coll = eval(env, &d.for_expr.collection_expr, scope)?;
                    if coll.is_unknown() {
                        out.unknown = true;
                        continue;
                    }
                    let pairs = iteration_pairs(coll)
                        .map_err(|m| env.error(offset_of(&d.for_expr.collection_expr), m))?;
                    for (k, v) in pairs {
                        let mut vars = vec![(d.for_expr.value_var.as_str().to_string(), v)];
                        if let Some(kv) = &d.for_expr.key_var {
                            vars.push((kv.as_str().to_string(), k));
                        }
                        let inner = scope.child(vars);
                        out.strip_next = d.for_expr.strip.strip_end();
                        render(env, &d.for_expr.template, &inner, out)?;
                        out.strip_before(d.endfor_expr.strip.strip_start());
                    }
                    out.strip_next = d.endfor_expr.strip.strip_end();
                }
            },
        }
    }
    Ok(())
}

fn push_value(env: &mut dyn Env, out: &mut Out, v: &Value, offset: usize) -> EvalResult<()> {
    match v {
        Value::Unknown => out.unknown = true,
        Value::Null => {
            return Err(
                env.error(offset, "cannot include a null value in a string template".into())
            );
        }
        Value::List(_) | Value::Map(_) => {
            if v.contains_unknown() {
                out.unknown = true;
            } else {
                return Err(env.error(
                    offset,
                    format!(
                        "cannot include a {} in a string template; use jsonencode() or join()",
                        v.type_name()
                    ),
                ));
            }
        }
        other => {
            let s = to_template_string(other).unwrap_or_default();
            out.buf.push_str(&s);
        }
    }
    out.strip_next = false;
    Ok(())
}

/// Evaluation inside a template file: only the variables passed to `templatefile` exist, and
/// positions refer to the template file.
struct TemplateEnv<'a> {
    outer: &'a mut dyn Env,
    file: SourceFile,
    call_offset: usize,
    /// The enclosing templates' chain plus this template.
    chain: Vec<PathBuf>,
}

impl Env for TemplateEnv<'_> {
    fn resolve(
        &mut self,
        name: &str,
        _ops: &[Decorated<TraversalOperator>],
        _scope: &Scope,
        offset: usize,
    ) -> EvalResult<Resolved> {
        Err(self
            .error(offset, format!("`{name}` is not one of the variables passed to templatefile")))
    }

    fn error(&self, offset: usize, message: String) -> EvalError {
        EvalError::Soft {
            message,
            location: Some(self.file.location(offset)),
            snippet: self.file.snippet(offset),
        }
    }

    fn warn(&mut self, code: &str, message: String, _offset: usize) {
        self.outer.warn(
            code,
            format!("{message} (in template `{}`)", self.file.rel),
            self.call_offset,
        );
    }

    fn dirs(&self) -> (PathBuf, PathBuf) {
        self.outer.dirs()
    }

    fn template_chain(&self) -> Vec<PathBuf> {
        self.chain.clone()
    }

    fn budget(&mut self) -> &mut super::budget::Budget {
        self.outer.budget()
    }

    fn module_address(&self) -> String {
        self.outer.module_address()
    }
}

/// `templatefile(path, vars)`.
pub(crate) fn templatefile(
    env: &mut dyn Env,
    args: Vec<Value>,
    _scope: &Scope,
    offset: usize,
) -> EvalResult {
    let mut args = args.into_iter();
    let (path, vars) = (args.next(), args.next());
    let path = match path {
        Some(Value::Unknown) => return Ok(Value::Unknown),
        Some(Value::String(p)) => p,
        _ => return Err(env.error(offset, "templatefile(path, vars) needs a path string".into())),
    };
    let vars = match vars {
        Some(Value::Unknown) => return Ok(Value::Unknown),
        Some(Value::Map(m)) => m,
        None | Some(Value::Null) => Default::default(),
        Some(other) => {
            return Err(env.error(
                offset,
                format!("templatefile vars must be an object, got {}", other.type_name()),
            ));
        }
    };
    // Like `file()`: relative to the root module (Terraform's working directory), falling back
    // to the calling module's directory.
    let (module_dir, root_dir) = env.dirs();
    let full = {
        let p = PathBuf::from(&path);
        if p.is_absolute() || root_dir.join(&p).exists() {
            root_dir.join(p)
        } else {
            module_dir.join(p)
        }
    };
    // A template that templates itself (directly or through others) would recurse until the
    // stack overflows; Terraform refuses recursive templatefile calls altogether.
    let mut chain = env.template_chain();
    let canonical = std::fs::canonicalize(&full).unwrap_or_else(|_| full.clone());
    let recursive = chain.contains(&canonical);
    if recursive || chain.len() >= MAX_TEMPLATE_DEPTH {
        chain.push(canonical);
        let (module_dir, root_dir) = env.dirs();
        let shown: Vec<String> = chain
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&root_dir).or_else(|_| p.strip_prefix(&module_dir));
                rel.unwrap_or(p).display().to_string()
            })
            .collect();
        let (message, help) = if recursive {
            (
                format!("templatefile recursion: {}", shown.join(" -> ")),
                "a template must not call templatefile on itself, directly or through other templates",
            )
        } else {
            (
                format!(
                    "templatefile calls nested deeper than {MAX_TEMPLATE_DEPTH}: {}",
                    shown.join(" -> ")
                ),
                "flatten the chain of templates that render other templates",
            )
        };
        let location = match env.error(offset, String::new()) {
            EvalError::Soft { location, .. } => location,
            EvalError::Fatal(_) => None,
        };
        return Err(LoadError::Limit { message, location, help: help.to_string() }.into());
    }
    let text = match read_text(&full) {
        Ok(t) => t,
        Err(e) => return Err(env.error(offset, format!("templatefile: {e}"))),
    };
    chain.push(canonical);
    let template = match hcl_edit::parser::parse_template(&text) {
        Ok(t) => t,
        Err(e) => {
            let file = SourceFile::new(path.clone(), text);
            let at = e.location().offset();
            return Err(EvalError::Soft {
                message: format!("invalid template: {}", e.message()),
                location: Some(file.location(at)),
                snippet: file.snippet(at),
            });
        }
    };
    let root = Scope::root();
    let inner = root.child(vars.into_iter().collect());
    let mut tenv =
        TemplateEnv { outer: env, file: SourceFile::new(path, text), call_offset: offset, chain };
    eval_template(&mut tenv, &template, &inner)
}
