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

/// One tier's amount before and after; `None` where the list has no such tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierChange {
    pub pricelist: String,
    pub quantity: u32,
    pub from: Option<Money>,
    pub to: Option<PriceTier>,
}

impl TierChange {
    /// `pro ×10: 85.00 → 80.00`, `pro ×10: new 80.00`, `pro ×10: 85.00 removed`.
    pub fn describe(&self) -> String {
        let tier = format!("{} ×{}", self.pricelist, self.quantity);
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => format!("{tier}: {from} → {}", to.amount),
            (None, Some(to)) => format!("{tier}: new {}", to.amount),
            (Some(from), None) => format!("{tier}: {from} removed"),
            (None, None) => tier,
        }
    }
}

fn tier_of<'a>(tiers: &'a [PriceTier], pricelist: &str, quantity: u32) -> Option<&'a PriceTier> {
    tiers
        .iter()
        .find(|t| t.pricelist == pricelist && t.quantity == quantity)
}

/// The tiers `to` changes, adds or removes compared with `from`, in a stable order.
pub fn changes(from: &[PriceTier], to: &[PriceTier]) -> Vec<TierChange> {
    let mut keys: Vec<(String, u32)> = from
        .iter()
        .chain(to)
        .map(|t| (t.pricelist.clone(), t.quantity))
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|(pricelist, quantity)| {
            let before = tier_of(from, &pricelist, quantity).map(|t| t.amount);
            let after = tier_of(to, &pricelist, quantity);
            (before != after.map(|t| t.amount)).then(|| TierChange {
                from: before,
                to: after.cloned(),
                pricelist,
                quantity,
            })
        })
        .collect()
}

/// `base` with `changes` made to it: every other tier of `base` is kept as it is.
pub fn apply(base: &[PriceTier], changes: &[TierChange]) -> Vec<PriceTier> {
    let mut tiers: Vec<PriceTier> = base
        .iter()
        .filter(|t| {
            !changes
                .iter()
                .any(|c| c.pricelist == t.pricelist && c.quantity == t.quantity)
        })
        .cloned()
        .collect();
    tiers.extend(changes.iter().filter_map(|c| c.to.clone()));
    tiers.sort_by(|a, b| (&a.pricelist, a.quantity).cmp(&(&b.pricelist, b.quantity)));
    tiers
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
    fn one_change_applied_to_a_list_changed_meanwhile_keeps_the_other_tier() {
        let read = vec![tier("default", 1, "94.00"), tier("pro", 10, "85.00")];
        let mine = vec![tier("default", 1, "90.00"), tier("pro", 10, "85.00")];
        let server = vec![tier("default", 1, "94.00"), tier("pro", 10, "80.00")];
        let mine_only = changes(&read, &mine);
        assert_eq!(mine_only.len(), 1);
        assert_eq!(mine_only[0].describe(), "default ×1: 94.00 → 90.00");
        assert_eq!(
            changes(&read, &server)[0].describe(),
            "pro ×10: 85.00 → 80.00"
        );
        let merged = apply(&server, &mine_only);
        assert!(same(
            &merged,
            &[tier("default", 1, "90.00"), tier("pro", 10, "80.00")]
        ));
        let added = changes(&read, &[tier("default", 1, "94.00")]);
        assert_eq!(added[0].describe(), "pro ×10: 85.00 removed");
        assert!(same(
            &apply(&server, &added),
            &[tier("default", 1, "94.00")]
        ));
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
