//! Price lists as a basket sees them: compared as sets of tiers, written out compactly.

use crate::catalog::model::{Money, PriceTier};

/// `default×1 9400.00, pro×10 8500.00`: how a price list reads in a message or a mismatch.
pub fn describe(tiers: &[PriceTier]) -> String {
    let mut parts: Vec<String> = tiers
        .iter()
        .map(|t| format!("{}×{} {}", t.pricelist, t.quantity, t.amount))
        .collect();
    parts.sort();
    parts.join(", ")
}

/// Reads back what `describe` wrote; `None` for anything else.
pub fn parse(text: &str) -> Option<Vec<PriceTier>> {
    if text.trim().is_empty() {
        return Some(vec![]);
    }
    text.split(", ")
        .map(|part| {
            let (tier, amount) = part.split_once(' ')?;
            let (pricelist, quantity) = tier.split_once('×')?;
            Some(PriceTier {
                pricelist: pricelist.to_owned(),
                quantity: quantity.parse().ok()?,
                amount: Money::parse(amount)?,
                vat: None,
            })
        })
        .collect()
}

/// Whether two price lists hold the same tiers at the same amounts, in any order
/// (the VAT part is the server's arithmetic, not the user's choice).
pub fn same(a: &[PriceTier], b: &[PriceTier]) -> bool {
    let key = |tiers: &[PriceTier]| {
        let mut keys: Vec<(String, u32, Money)> = tiers
            .iter()
            .map(|t| (t.pricelist.clone(), t.quantity, t.amount))
            .collect();
        keys.sort();
        keys
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(pricelist: &str, quantity: u32, amount: &str) -> PriceTier {
        PriceTier {
            pricelist: pricelist.into(),
            quantity,
            amount: Money::parse(amount).unwrap(),
            vat: None,
        }
    }

    #[test]
    fn describe_and_parse_round_trip() {
        let tiers = vec![tier("pro", 10, "8500.00"), tier("default", 1, "9400.00")];
        let text = describe(&tiers);
        assert_eq!(text, "default×1 9400.00, pro×10 8500.00");
        assert!(same(&parse(&text).unwrap(), &tiers));
    }

    #[test]
    fn order_and_vat_do_not_matter() {
        let mut a = vec![tier("default", 1, "10.00"), tier("pro", 10, "9.00")];
        let b = vec![tier("pro", 10, "9"), tier("default", 1, "10")];
        a[0].vat = Money::parse("1.67");
        assert!(same(&a, &b));
        assert!(!same(&a, &[tier("default", 1, "10.00")]));
    }
}
