//! Which event types a subscription takes: exact types (`contest.results.published`),
//! a prefix ending in `.*` (`training.*`, `training.enrolment.*`), or `*` for everything.

/// Whether `kind` matches one of `patterns`.
pub fn matches(patterns: &[String], kind: &str) -> bool {
    patterns.iter().any(|pattern| matches_one(pattern, kind))
}

fn matches_one(pattern: &str, kind: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match pattern.strip_suffix(".*") {
        Some(prefix) => kind
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.')),
        None => pattern == kind,
    }
}

/// The pattern a subscription's `event_types` entries must have: lowercase words with `_`,
/// joined by dots, optionally ending in `.*`; or `*` alone.
pub const PATTERN: &str = r"^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$";

/// Whether `pattern` is a well-formed entry of `event_types`.
pub fn well_formed(pattern: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let words = pattern.strip_suffix(".*").unwrap_or(pattern);
    !words.is_empty()
        && words.split('.').all(|word| {
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(patterns: &[&str]) -> Vec<String> {
        patterns.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_prefix_takes_its_family_and_nothing_that_merely_starts_alike() {
        let training = p(&["training.*"]);
        assert!(matches(&training, "training.enrolment.promoted"));
        assert!(!matches(&training, "trainingx.enrolment.promoted"));
        assert!(!matches(&training, "reading.log.recorded"));
        assert!(!matches(&training, "training"));
        let exact = p(&["contest.results.published"]);
        assert!(matches(&exact, "contest.results.published"));
        assert!(!matches(&exact, "contest.results.published.again"));
        assert!(matches(&p(&["*"]), "vision.node.created"));
    }

    #[test]
    fn only_well_formed_patterns_are_taken() {
        for good in [
            "*",
            "training.*",
            "training.enrolment.promoted",
            "contest.*",
        ] {
            assert!(well_formed(good), "{good}");
        }
        for bad in [
            "",
            ".*",
            "training.",
            "Training.*",
            "training.**",
            "a..b",
            "*.x",
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
    }
}
