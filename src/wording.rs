//! Small helpers for messages a person reads.

/// `1 change`, `3 changes`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
