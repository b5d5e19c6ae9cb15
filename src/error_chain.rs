//! `error: cause: cause`: an error with every source under it on one line. The AWS SDK's and
//! hyper's top-level messages ("dispatch failure", "client error (Connect)") say little on
//! their own; the cause at the bottom says what to fix.

/// The messages of the error and of each source under it, outermost first.
fn messages(e: &dyn std::error::Error) -> impl Iterator<Item = String> + '_ {
    let sources = std::iter::successors(e.source(), |s| s.source());
    std::iter::once(e.to_string()).chain(sources.map(ToString::to_string))
}

/// The error's message followed by each source's, separated by `: `.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    messages(e).collect::<Vec<_>>().join(": ")
}

/// The message of the last source of `e`: the one that says what actually happened.
pub(crate) fn deepest_cause(e: &dyn std::error::Error) -> String {
    messages(e).last().unwrap_or_default()
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
