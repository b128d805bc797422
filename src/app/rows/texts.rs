//! A chunk's names and SKUs laid out once for matching: end to end in one buffer, each with the
//! ASCII letters and digits it holds as bits, and the few with other characters already in
//! the form nucleo reads, so a keystroke never converts a text again.

use std::collections::HashMap;

use nucleo::{Utf32Str, Utf32String};

use crate::catalog::model::ProductSummary;

/// The bit a text with other than ASCII characters carries: its letters are those nucleo
/// compares (`é` is read as `e`), and only nucleo can judge their order.
pub const OTHER_THAN_ASCII: u64 = 1 << 63;

/// The bits of the ASCII letters (either case) and digits in `bytes`: `a`–`z` bits 0–25,
/// `0`–`9` bits 26–35; other bytes set none.
pub fn letter_bits(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |bits, &byte| bits | letter_bit(byte))
}

fn letter_bit(byte: u8) -> u64 {
    match byte {
        b'a'..=b'z' => 1 << (byte - b'a'),
        b'A'..=b'Z' => 1 << (byte - b'A'),
        b'0'..=b'9' => 1 << (26 + byte - b'0'),
        _ => 0,
    }
}

/// The ASCII letters and digits nucleo may compare a needle's with in a converted text: each
/// character normalized and case-folded as nucleo does before comparing.
fn compared_letters(text: &Utf32String) -> u64 {
    match text.slice(..) {
        Utf32Str::Ascii(bytes) => letter_bits(bytes),
        Utf32Str::Unicode(chars) => chars.iter().fold(0, |bits, &c| {
            let compared = nucleo::chars::to_lower_case(nucleo::chars::normalize(c));
            bits | u8::try_from(compared).map_or(0, letter_bit)
        }),
    }
}

/// One name or SKU as a filter reads it.
#[derive(Debug, Clone, Copy)]
pub struct Haystack<'a> {
    pub text: &'a str,
    /// `letter_bits` of the text; for a text with other characters, `OTHER_THAN_ASCII` and
    /// the letters nucleo compares in it.
    pub letters: u64,
    /// The text as nucleo scores it.
    pub utf32: Utf32Str<'a>,
}

/// A chunk's names and SKUs end to end in one buffer: matching a filter reads it straight
/// through instead of following a pointer to each product's strings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Texts {
    text: String,
    /// Where each product's name, then its SKU, ends in `text`.
    ends: Vec<u32>,
    /// Each part's letters, as `Haystack::letters`.
    letters: Vec<u64>,
    /// The parts with other than ASCII characters, by part index, as nucleo reads them.
    other: HashMap<u32, Utf32String>,
}

impl Texts {
    pub fn of(items: &[ProductSummary]) -> Texts {
        let bytes: usize = items.iter().map(|p| p.name.len() + p.sku.0.len()).sum();
        let mut texts = Texts {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(items.len() * 2),
            letters: Vec::with_capacity(items.len() * 2),
            other: HashMap::new(),
        };
        for item in items {
            for part in [item.name.as_str(), item.sku.0.as_str()] {
                if part.is_ascii() {
                    texts.letters.push(letter_bits(part.as_bytes()));
                } else {
                    let index = u32::try_from(texts.ends.len()).unwrap_or(u32::MAX);
                    let converted = Utf32String::from(part);
                    texts
                        .letters
                        .push(OTHER_THAN_ASCII | compared_letters(&converted));
                    texts.other.insert(index, converted);
                }
                texts.text.push_str(part);
                texts
                    .ends
                    .push(u32::try_from(texts.text.len()).unwrap_or(u32::MAX));
            }
        }
        texts
    }

    fn part(&self, index: usize) -> &str {
        let start = match index.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    fn haystack(&self, index: usize) -> Haystack<'_> {
        let text = self.part(index);
        let letters = self.letters.get(index).copied().unwrap_or(OTHER_THAN_ASCII);
        let utf32 = if letters & OTHER_THAN_ASCII == 0 {
            Utf32Str::Ascii(text.as_bytes())
        } else {
            match u32::try_from(index).ok().and_then(|i| self.other.get(&i)) {
                Some(converted) => converted.slice(..),
                None => Utf32Str::Ascii(b""),
            }
        };
        Haystack {
            text,
            letters,
            utf32,
        }
    }

    /// The name of the product at `pos`.
    pub fn name(&self, pos: usize) -> &str {
        self.part(pos * 2)
    }

    /// The SKU of the product at `pos`.
    pub fn sku(&self, pos: usize) -> &str {
        self.part(pos * 2 + 1)
    }

    /// The name of the product at `pos`, ready to match.
    pub fn name_haystack(&self, pos: usize) -> Haystack<'_> {
        self.haystack(pos * 2)
    }

    /// The SKU of the product at `pos`, ready to match.
    pub fn sku_haystack(&self, pos: usize) -> Haystack<'_> {
        self.haystack(pos * 2 + 1)
    }
}

#[cfg(test)]
mod tests {
    use nucleo::Utf32String;

    use super::*;
    use crate::catalog::model::{ProductId, Sku, Status, Stock};

    fn product(name: &str, sku: &str) -> ProductSummary {
        ProductSummary {
            id: ProductId("1".into()),
            sku: Sku(sku.into()),
            name: name.into(),
            price: None,
            stock: Stock::Quantity(1),
            status: Status::Active,
        }
    }

    #[test]
    fn every_part_reads_as_nucleo_would_convert_it() {
        let items = [
            product("Wireless Headphones", "WH-1000"),
            product("Crème brûlée set", "ÉCLAIR-2"),
            product("ワイヤレスイヤホン", ""),
        ];
        let texts = Texts::of(&items);
        for (pos, item) in items.iter().enumerate() {
            for (haystack, text) in [
                (texts.name_haystack(pos), item.name.as_str()),
                (texts.sku_haystack(pos), item.sku.0.as_str()),
            ] {
                assert_eq!(haystack.text, text);
                let whole = Utf32String::from(text);
                assert_eq!(haystack.utf32, whole.slice(..), "{text}");
                let ascii = text.is_ascii();
                assert_eq!(haystack.letters & OTHER_THAN_ASCII == 0, ascii, "{text}");
            }
        }
        assert_eq!(
            texts.name_haystack(1).letters,
            OTHER_THAN_ASCII | letter_bits(b"cremebrulest"),
            "accents read as nucleo reads them"
        );
        assert_eq!(texts.name_haystack(2).letters, OTHER_THAN_ASCII);
        assert_eq!(
            texts.name_haystack(0).letters,
            letter_bits(b"wirelsshadpon"),
            "case is folded"
        );
        assert_eq!(texts.sku_haystack(0).letters, letter_bits(b"wh10"));
    }
}
