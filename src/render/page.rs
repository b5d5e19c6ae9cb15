//! The frame of costplan's self-contained HTML pages (the estimate of [`super::html`] and the
//! monthly report of `report/html.rs`) and the escaping of text inside them and inside the SVG
//! charts of [`super::svg`].
//!
//! Contract: [`head`] writes everything from `<!DOCTYPE html>` to the opening `<body>` tag, the
//! same for every page (UTF-8, a viewport for phones, the escaped title, the inline style): no
//! script, no link to anything outside the page. [`escape`] makes text safe in element content
//! and in quoted attribute values. This module imports no renderer, so the page renderers and the
//! charts depend on it and not on each other.

use std::fmt::Write as _;

/// Writes the page head, from `<!DOCTYPE html>` to `<body>` included; `title` is escaped here,
/// `style` is CSS written as is.
pub fn head(out: &mut String, title: &str, style: &str) {
    let _ = writeln!(out, "<!DOCTYPE html>");
    let _ = writeln!(out, r#"<html lang="en">"#);
    let _ = writeln!(out, "<head>");
    let _ = writeln!(out, r#"<meta charset="utf-8">"#);
    let _ =
        writeln!(out, r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#);
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{style}</style>");
    let _ = writeln!(out, "</head>");
    let _ = writeln!(out, "<body>");
}

/// Escapes text for HTML element content and quoted attribute values (also SVG).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_escapes_its_title_and_opens_the_body() {
        let mut out = String::new();
        head(&mut out, "R&D <costs>", "p { margin: 0 }");
        assert!(out.starts_with("<!DOCTYPE html>\n"), "{out}");
        assert!(out.contains("<title>R&amp;D &lt;costs&gt;</title>"), "{out}");
        assert!(out.contains("<style>p { margin: 0 }</style>"), "{out}");
        assert!(out.ends_with("</head>\n<body>\n"), "{out}");
    }

    #[test]
    fn escape_covers_content_and_attributes() {
        assert_eq!(escape(r#"a<b>&"c"'d'"#), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
    }
}
