//! Sorting a view by one column: each row's key taken once as a number, then a parallel sort
//! of the numbers, so a million rows never compare strings or decimals in the sort itself.

use std::cmp::Ordering;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::catalog::model::{ProductSummary, SortField, SortOrder, Status, Stock};

use super::super::rows::RowRef;

/// Bytes of a text's case-folded UTF-8 kept in its key (two numbers of 16); texts that tie
/// on them are put in order by comparing them in full, run by run.
const PREFIX: usize = 32;

/// One row's sort key: whether it has no value (it goes last either way), its value as an
/// unsigned number in the column's order (inverted for descending), and its catalog position.
#[derive(Clone, Copy)]
struct Keyed<'a> {
    missing: bool,
    value: u128,
    /// A text's next 16 folded bytes; 0 for other columns.
    then: u128,
    /// A hash of the whole text: rows with the same text hash alike and keep catalog order.
    hash: u64,
    position: u64,
    at: RowRef,
    /// The name or SKU sorted by, for rows that tie on its prefix; empty for other columns.
    text: &'a str,
}

/// `rows` in the order of `field`, products without a value last either way, ties in catalog
/// order (`position` gives a row's place in the catalog). Every value becomes a number that
/// sorts as it does, so the parallel sort compares integers, never strings or decimals.
pub fn sort<'a>(
    rows: Vec<RowRef>,
    field: SortField,
    order: SortOrder,
    product: impl Fn(&RowRef) -> Option<&'a ProductSummary> + Sync,
    position: impl Fn(&RowRef) -> u64 + Sync,
) -> Vec<RowRef> {
    let numbering = Numbering::for_rows(&rows, field, &product);
    let mut keyed: Vec<Keyed> = rows
        .into_par_iter()
        .map(|at| {
            let value = product(&at).and_then(|p| numbering.value(p, field));
            let missing = value.is_none();
            let text = match product(&at) {
                Some(p) if field == SortField::Sku => &p.sku.0,
                Some(p) if matches!(field, SortField::Name | SortField::Updated) => &p.name,
                _ => "",
            };
            let (value, then) = match (value, order) {
                (Some(pair), SortOrder::Ascending) => pair,
                (Some((value, then)), SortOrder::Descending) => (!value, !then),
                (None, _) => (0, 0),
            };
            Keyed {
                missing,
                value,
                then,
                position: position(&at),
                at,
                hash: fnv(text.as_bytes()),
                text,
            }
        })
        .collect();
    keyed.par_sort_unstable_by_key(|k| (k.missing, k.value, k.then, k.hash, k.position));
    if matches!(field, SortField::Name | SortField::Updated | SortField::Sku) {
        keyed
            .par_chunk_by_mut(|a, b| (a.missing, a.value, a.then) == (b.missing, b.value, b.then))
            .filter(|run| run.len() > 1)
            .for_each(|run| {
                let in_order = |a: &Keyed, b: &Keyed| {
                    let by_text = match order {
                        SortOrder::Ascending => natural(a.text, b.text),
                        SortOrder::Descending => natural(b.text, a.text),
                    };
                    by_text.then(a.position.cmp(&b.position))
                };
                // Rows of one text are already in catalog order; only different texts
                // sharing the key's 32 bytes need comparing in full.
                if run.windows(2).any(|pair| pair[0].hash != pair[1].hash) {
                    run.sort_unstable_by(in_order);
                }
            });
    }
    keyed.into_iter().map(|k| k.at).collect()
}

/// How one column's values become numbers: prices at one common scale, the statuses a
/// platform names itself ranked by their text.
struct Numbering {
    /// The largest scale among the prices, when every price fits at it.
    price_scale: Option<u32>,
    /// Prices by rank, when they do not all fit at one scale.
    price_ranks: Vec<Decimal>,
    /// The platform's own statuses in order.
    others: Vec<String>,
}

impl Numbering {
    fn for_rows<'a>(
        rows: &[RowRef],
        field: SortField,
        product: &(impl Fn(&RowRef) -> Option<&'a ProductSummary> + Sync),
    ) -> Numbering {
        let mut numbering = Numbering {
            price_scale: None,
            price_ranks: Vec::new(),
            others: Vec::new(),
        };
        match field {
            SortField::Price => {
                let scale = rows
                    .par_iter()
                    .filter_map(|at| product(at)?.price.map(|p| p.0.scale()))
                    .max()
                    .unwrap_or(0);
                let fits = rows.par_iter().all(|at| {
                    product(at)
                        .and_then(|p| p.price)
                        .is_none_or(|p| scaled(p.0, scale).is_some())
                });
                if fits {
                    numbering.price_scale = Some(scale);
                } else {
                    let mut prices: Vec<Decimal> = rows
                        .par_iter()
                        .filter_map(|at| product(at)?.price.map(|p| p.0))
                        .collect();
                    prices.par_sort_unstable();
                    prices.dedup();
                    numbering.price_ranks = prices;
                }
            }
            SortField::Status => {
                let mut others: Vec<String> = rows
                    .iter()
                    .filter_map(|at| match &product(at)?.status {
                        Status::Other(text) => Some(text.clone()),
                        _ => None,
                    })
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                others.shrink_to_fit();
                numbering.others = others;
            }
            _ => {}
        }
        numbering
    }

    /// The product's value in `field` as numbers in the column's ascending order.
    fn value(&self, product: &ProductSummary, field: SortField) -> Option<(u128, u128)> {
        let alone = |value: u128| (value, 0);
        match field {
            SortField::Name | SortField::Updated => Some(prefix(&product.name)),
            SortField::Sku => Some(prefix(&product.sku.0)),
            SortField::Price => {
                let price = product.price?.0;
                match self.price_scale {
                    Some(scale) => scaled(price, scale).map(signed),
                    None => self
                        .price_ranks
                        .binary_search(&price)
                        .ok()
                        .map(|rank| rank as u128),
                }
                .map(alone)
            }
            SortField::Stock => match product.stock {
                Stock::Quantity(quantity) => Some(alone(signed(i128::from(quantity)))),
                Stock::NotTracked => None,
            },
            SortField::Status => Some(alone(match &product.status {
                Status::Active => 0,
                Status::Hidden => 1,
                Status::Disabled => 2,
                Status::Other(text) => {
                    3 + self
                        .others
                        .binary_search(text)
                        .map_or(self.others.len(), |rank| rank) as u128
                }
            })),
        }
    }
}

/// A decimal as a whole number of units of `10^-scale`, when it fits.
fn scaled(value: Decimal, scale: u32) -> Option<i128> {
    let up = scale.checked_sub(value.scale())?;
    let factor = 10i128.checked_pow(up)?;
    value.mantissa().checked_mul(factor)
}

/// A signed number as an unsigned one in the same order.
fn signed(value: i128) -> u128 {
    (value as u128) ^ (1 << 127)
}

/// The first `PREFIX` bytes of a text's case-folded UTF-8, as two numbers in the same order.
fn prefix(text: &str) -> (u128, u128) {
    let mut bytes = [0u8; PREFIX];
    let head = text.as_bytes().get(..PREFIX).unwrap_or(text.as_bytes());
    if head.is_ascii() {
        for (slot, byte) in bytes.iter_mut().zip(head) {
            *slot = byte.to_ascii_lowercase();
        }
        return halves(bytes);
    }
    let mut filled = 0;
    let mut buffer = [0u8; 4];
    'outer: for c in text.chars().flat_map(char::to_lowercase) {
        for &byte in c.encode_utf8(&mut buffer).as_bytes() {
            let Some(slot) = bytes.get_mut(filled) else {
                break 'outer;
            };
            *slot = byte;
            filled += 1;
        }
    }
    halves(bytes)
}

/// FNV-1a: cheap, and the same for the same bytes.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn halves(bytes: [u8; PREFIX]) -> (u128, u128) {
    let (high, low) = bytes.split_at(PREFIX / 2);
    let number = |half: &[u8]| {
        half.iter()
            .fold(0u128, |number, &byte| number << 8 | u128::from(byte))
    };
    (number(high), number(low))
}

/// Case-insensitive, then exact: the order a person expects of names and SKUs.
pub fn natural(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        let fold = |byte: &u8| byte.to_ascii_lowercase();
        return a
            .as_bytes()
            .iter()
            .map(fold)
            .cmp(b.as_bytes().iter().map(fold))
            .then_with(|| a.cmp(b));
    }
    let fold = |c: char| c.to_lowercase();
    a.chars()
        .flat_map(fold)
        .cmp(b.chars().flat_map(fold))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_prefix_never_contradicts_the_whole_folded_text() {
        let texts = [
            "",
            "a",
            "A",
            "a\u{0}",
            "ab",
            "Ab",
            "Élan",
            "élan",
            "elan",
            "Ünïcode long name beyond sixteen",
            "unicode long name beyond sixteen bytes",
            "Straße",
            "STRASSE",
            "strasse",
            "zz",
            "Z",
        ];
        for a in texts {
            for b in texts {
                let by_prefix = prefix(a).cmp(&prefix(b));
                assert!(
                    by_prefix == Ordering::Equal || by_prefix == natural(a, b),
                    "{a:?} against {b:?}"
                );
            }
        }
    }
}
