//! `error: cause: cause`: an error with every source under it on one line. The AWS SDK's and
//! hyper's top-level messages ("dispatch failure", "client error (Connect)") say little on
//! their own; the cause at the bottom says what to fix.

/// The error's message followed by each source's, separated by `: `.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::error_chain;

    #[test]
    fn every_source_is_named_in_order() {
        #[derive(Debug)]
        struct Wrap(std::io::Error);
        impl std::fmt::Display for Wrap {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("dispatch failure")
            }
        }
        impl std::error::Error for Wrap {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Wrap(std::io::Error::other("connection refused"));
        assert_eq!(error_chain(&e), "dispatch failure: connection refused");
    }
}
