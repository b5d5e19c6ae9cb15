//! The pattern language of Terraform's `fileset` (Go's doublestar): `/`-separated segments,
//! where a segment `**` matches any number of directories (none included), `*` any run of
//! characters but `/`, `?` one character, `[abc]`, `[a-z]`, `[^a]`/`[!a]` one character of a
//! class, `{a,b}` one of several alternatives (which may hold wildcards themselves) and `\x` the
//! character `x`.
//!
//! Contract: [`Pattern::new`] refuses a malformed pattern (an unclosed `[` or `{`, a trailing
//! `\`) with a message; [`Pattern::matches`] takes a relative `/`-separated path.

/// A parsed pattern: its brace alternatives expanded, each split into segments.
#[derive(Debug)]
pub(super) struct Pattern {
    alternatives: Vec<Vec<String>>,
}

/// More alternatives than this (nested `{}`) is refused rather than expanded.
const MAX_ALTERNATIVES: usize = 1024;

impl Pattern {
    pub fn new(pattern: &str) -> Result<Self, String> {
        let expanded = expand_braces(pattern)?;
        for p in &expanded {
            check_classes(p)?;
        }
        let alternatives = expanded
            .into_iter()
            .map(|p| p.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect())
            .collect();
        Ok(Self { alternatives })
    }

    pub fn matches(&self, path: &str) -> bool {
        let segs: Vec<&str> = path.split('/').collect();
        self.alternatives.iter().any(|p| match_segments(p, &segs))
    }
}

fn match_segments(pat: &[String], path: &[&str]) -> bool {
    match pat.split_first() {
        None => path.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=path.len()).any(|skip| match_segments(rest, &path[skip..]))
        }
        Some((first, rest)) => match path.split_first() {
            Some((seg, tail)) => {
                let p: Vec<char> = first.chars().collect();
                let s: Vec<char> = seg.chars().collect();
                match_segment(&p, &s) && match_segments(rest, tail)
            }
            None => false,
        },
    }
}

/// One segment against `*`, `?`, classes and escapes (braces are already expanded).
fn match_segment(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') => (0..=s.len()).any(|i| match_segment(&p[1..], &s[i..])),
        Some('?') => !s.is_empty() && match_segment(&p[1..], &s[1..]),
        Some('[') => {
            let Some((ok, used)) = s.first().and_then(|&c| class(&p[1..], c)) else {
                return false;
            };
            ok && match_segment(&p[1 + used..], &s[1..])
        }
        Some('\\') if p.len() > 1 => s.first() == Some(&p[1]) && match_segment(&p[2..], &s[1..]),
        Some(&c) => s.first() == Some(&c) && match_segment(&p[1..], &s[1..]),
    }
}

/// Whether `c` is in the class starting after `[`, and how many pattern characters the class
/// used (through its `]`); `None` for an unclosed class.
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 0;
    let negate = matches!(p.first(), Some('^' | '!'));
    if negate {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            return Some((found != negate, i + 1));
        }
        first = false;
        let lo = if ch == '\\' {
            i += 1;
            *p.get(i)?
        } else {
            ch
        };
        i += 1;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&h| h != ']') {
            let hi = p[i + 1];
            i += 2;
            found |= lo <= c && c <= hi;
        } else {
            found |= lo == c;
        }
    }
}

fn check_classes(p: &str) -> Result<(), String> {
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 == chars.len() => return Err("ends with a lone `\\`".into()),
            '\\' => i += 2,
            '[' => {
                // Any character serves to find the class's end.
                let (_, used) = class(&chars[i + 1..], '\0').ok_or("has an unclosed `[`")?;
                i += 1 + used;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// `a{b,c}d` → `abd`, `acd` (nested braces included).
fn expand_braces(p: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut open = None;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => {
                // Braces inside a class are literal.
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
            }
            '{' => {
                open = Some(i);
                break;
            }
            '}' => return Err("has a `}` without `{`".into()),
            _ => {}
        }
        i += 1;
    }
    let Some(start) = open else { return Ok(vec![p.to_string()]) };
    // The matching `}` and the top-level commas inside.
    let (mut depth, mut commas, mut end) = (0usize, vec![], None);
    let mut j = start;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(j);
                    break;
                }
            }
            ',' if depth == 1 => commas.push(j),
            _ => {}
        }
        j += 1;
    }
    let end = end.ok_or("has an unclosed `{`")?;
    let prefix: String = chars[..start].iter().collect();
    let suffix: String = chars[end + 1..].iter().collect();
    let mut bounds = vec![start];
    bounds.extend(&commas);
    bounds.push(end);
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        let alt: String = chars[w[0] + 1..w[1]].iter().collect();
        for tail in expand_braces(&format!("{alt}{suffix}"))? {
            out.extend(expand_braces(&format!("{prefix}{tail}"))?);
            if out.len() > MAX_ALTERNATIVES {
                return Err(format!("has more than {MAX_ALTERNATIVES} `{{}}` alternatives"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    fn m(p: &str, path: &str) -> bool {
        Pattern::new(p).unwrap().matches(path)
    }

    #[test]
    fn doublestar_patterns() {
        assert!(m("**", "a/b/c.txt"));
        assert!(m("**/*.json", "b.json"));
        assert!(m("**/*.json", "x/y/b.json"));
        assert!(!m("*.json", "x/b.json"));
        assert!(m("a/**/c", "a/c"));
        assert!(m("a/**/c", "a/b/b/c"));
        assert!(m("*.{txt,json}", "x.json"));
        assert!(m("{a,b/{c,d}}.txt", "b/d.txt"));
        assert!(m("[a-c]?.txt", "bx.txt"));
        assert!(!m("[^a-c]?.txt", "bx.txt"));
        assert!(m("\\*.txt", "*.txt"));
        assert!(!m("\\*.txt", "a.txt"));
        for bad in ["[", "a{b", "a}", "x\\"] {
            assert!(Pattern::new(bad).is_err(), "{bad}");
        }
    }
}
