//! A cheap test a name must pass before nucleo scores it: every letter of each word, in order,
//! among its ASCII bytes (case folded). Nucleo's fuzzy, substring, prefix, suffix and exact
//! matches all need that much, so a row failing it cannot match and is never scored. The
//! letters a text holds, taken once when its page arrived, rule most rows out at one glance.

use nucleo::Utf32Str;
use nucleo::pattern::Pattern;

use crate::app::rows::{Haystack, OTHER_THAN_ASCII, letter_bits};

/// The ASCII words of a pattern that a haystack must hold in order, lowercased.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    needles: Vec<Vec<u8>>,
    /// Every letter and digit of the needles, as `letter_bits`.
    letters: u64,
}

impl Prefilter {
    /// Words with other letters, and negated words, are left to nucleo.
    pub fn new(pattern: &Pattern) -> Prefilter {
        let needles: Vec<Vec<u8>> = pattern
            .atoms
            .iter()
            .filter(|atom| !atom.negative)
            .filter_map(|atom| match atom.needle_text() {
                Utf32Str::Ascii(bytes) => Some(bytes.to_ascii_lowercase()),
                Utf32Str::Unicode(_) => None,
            })
            .filter(|needle| !needle.is_empty())
            .collect();
        let letters = needles
            .iter()
            .fold(0, |bits, needle| bits | letter_bits(needle));
        Prefilter { needles, letters }
    }

    /// False only when the text cannot match: it lacks a needle's letter, or (ASCII texts)
    /// holds them out of order.
    pub fn admits(&self, haystack: &Haystack) -> bool {
        if haystack.letters & self.letters != self.letters {
            return false;
        }
        haystack.letters & OTHER_THAN_ASCII != 0
            || self
                .needles
                .iter()
                .all(|needle| holds_in_order(haystack.text.as_bytes(), needle))
    }

    /// `admits` for a text not laid out beforehand.
    pub fn admits_text(&self, text: &str) -> bool {
        !text.is_ascii()
            || self.admits(&Haystack {
                text,
                letters: letter_bits(text.as_bytes()),
                utf32: Utf32Str::Ascii(text.as_bytes()),
            })
    }
}

/// Whether the lowercase `needle`'s bytes appear in `haystack` in order, either case.
fn holds_in_order(haystack: &[u8], needle: &[u8]) -> bool {
    let mut rest = haystack;
    for &byte in needle {
        let found = if byte.is_ascii_lowercase() {
            memchr::memchr2(byte, byte.to_ascii_uppercase(), rest)
        } else {
            memchr::memchr(byte, rest)
        };
        let Some(at) = found else {
            return false;
        };
        rest = rest.get(at + 1..).unwrap_or(&[]);
    }
    true
}

#[cfg(test)]
mod tests {
    use nucleo::pattern::{CaseMatching, Normalization};
    use nucleo::{Config, Matcher};

    use super::*;
    use crate::app::rows::Texts;
    use crate::catalog::model::{ProductId, ProductSummary, Sku, Status, Stock};

    /// Whether nucleo matches `query` in `name`, and whether the prefilter lets it through,
    /// both from the text laid out in a chunk and from the bare text.
    fn judged(query: &str, name: &str) -> (bool, bool, bool) {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let prefilter = Prefilter::new(&pattern);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buffer = Vec::new();
        let matched = pattern
            .score(Utf32Str::new(name, &mut buffer), &mut matcher)
            .is_some();
        let item = ProductSummary {
            id: ProductId("1".into()),
            sku: Sku(String::new()),
            name: name.to_owned(),
            price: None,
            stock: Stock::Quantity(0),
            status: Status::Active,
        };
        let texts = Texts::of(std::slice::from_ref(&item));
        let laid_out = prefilter.admits(&texts.name_haystack(0));
        (matched, laid_out, prefilter.admits_text(name))
    }

    #[test]
    fn a_name_the_prefilter_refuses_never_matches() {
        let names = [
            "Wireless Headphones Pro",
            "Sony WH-1000XM5",
            "sleeping bag, navy",
            "Nike Air",
            "Crème brûlée set",
            "Беспроводные наушники",
            "Δερμάτινη τσάντα",
            "\u{212A}elvin scale",
            "ワイヤレスイヤホン",
            "",
        ];
        let queries = [
            "wh", "Sony 5", "navy bag", "^nike", "air$", "'pro", "brulee", "!nike", "x y", "kel",
            "нау",
        ];
        for query in queries {
            for name in names {
                let (matched, laid_out, bare) = judged(query, name);
                assert!(
                    !matched || (laid_out && bare),
                    "{query:?} matches {name:?} but the prefilter refused it"
                );
            }
        }
        assert!(!judged("navy bag", "Nike Air").1);
        assert!(!judged("s", "Беспроводные наушники").1, "no s to compare");
    }

    proptest::proptest! {
        #[test]
        fn nothing_nucleo_matches_is_refused(
            name in "[a-zA-Z0-9 éüÉßøКкаΔ\u{212A}ﬁ.-]{0,24}",
            query in "[a-zA-Z0-9 éк^$'!.-]{1,6}",
        ) {
            let (matched, laid_out, bare) = judged(&query, &name);
            proptest::prop_assert!(!matched || (laid_out && bare), "{query:?} in {name:?}");
        }
    }
}
