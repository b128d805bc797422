//! A cheap test a name must pass before nucleo scores it: every letter of each word, in order,
//! among its ASCII bytes (case folded). Nucleo's fuzzy, substring, prefix, suffix and exact
//! matches all need that much, so a row failing it cannot match and is never scored.

use nucleo::Utf32Str;
use nucleo::pattern::Pattern;

/// The ASCII words of a pattern that a haystack must hold in order, lowercased.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    needles: Vec<Vec<u8>>,
}

impl Prefilter {
    /// Words with other letters, and negated words, are left to nucleo.
    pub fn new(pattern: &Pattern) -> Prefilter {
        let needles = pattern
            .atoms
            .iter()
            .filter(|atom| !atom.negative)
            .filter_map(|atom| match atom.needle_text() {
                Utf32Str::Ascii(bytes) => Some(bytes.to_ascii_lowercase()),
                Utf32Str::Unicode(_) => None,
            })
            .filter(|needle| !needle.is_empty())
            .collect();
        Prefilter { needles }
    }

    /// False only when `haystack` cannot match; a text with other than ASCII letters passes.
    pub fn admits(&self, haystack: &str) -> bool {
        if !haystack.is_ascii() {
            return true;
        }
        let bytes = haystack.as_bytes();
        self.needles
            .iter()
            .all(|needle| holds_in_order(bytes, needle))
    }
}

fn holds_in_order(haystack: &[u8], needle: &[u8]) -> bool {
    let mut wanted = needle.iter();
    let mut next = wanted.next();
    for byte in haystack {
        let Some(&letter) = next else {
            return true;
        };
        if byte.to_ascii_lowercase() == letter {
            next = wanted.next();
        }
    }
    next.is_none()
}

#[cfg(test)]
mod tests {
    use nucleo::pattern::{CaseMatching, Normalization};
    use nucleo::{Config, Matcher};

    use super::*;

    #[test]
    fn a_name_the_prefilter_refuses_never_matches() {
        let names = [
            "Wireless Headphones Pro",
            "Sony WH-1000XM5",
            "sleeping bag, navy",
            "Nike Air",
            "Crème brûlée set",
            "",
        ];
        let queries = [
            "wh", "Sony 5", "navy bag", "^nike", "air$", "'pro", "brulee", "!nike", "x y",
        ];
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buffer = Vec::new();
        for query in queries {
            let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
            let prefilter = Prefilter::new(&pattern);
            for name in names {
                let matched = pattern
                    .score(Utf32Str::new(name, &mut buffer), &mut matcher)
                    .is_some();
                assert!(
                    !matched || prefilter.admits(name),
                    "{query:?} matches {name:?} but the prefilter refused it"
                );
            }
        }
        let pattern = Pattern::parse("navy bag", CaseMatching::Smart, Normalization::Smart);
        assert!(!Prefilter::new(&pattern).admits("Nike Air"));
    }
}
