//! Each platform's rules for the prices and stock it keeps, so a value is settled before it is sent.
//!
//! A value the store would keep differently (a price with more decimals than it stores) is
//! rounded here, and the rounded value is the one sent and compared: sending the same file
//! again then finds nothing to change. A value the store cannot keep at all is refused.
//!
//! The rules, from each platform's public document and, where it is silent, a judgment:
//! - CS-Cart: prices are a `DECIMAL(12,2)` column (2 decimals, at most 9,999,999,999.99);
//!   stock (`amount`) an integer the store keeps as its absolute value when it forbids
//!   negative stock, so a negative one is refused; judgment: at most 8,388,607, the largest
//!   `MEDIUMINT` its table holds.
//! - Valigara: prices are non-negative decimals of 2 places in every currency it offers (USD,
//!   EUR, GBP, CAD, AUD, ILS: all of 2 decimals); quantity a whole number ≥ 0; judgment: at most
//!   2,147,483,647.
//! - B2B Wave: its price fields are documented as "not used", so a price is never written;
//!   stock a whole number ≥ 0; judgment: at most 2,147,483,647 (a Rails integer column).
//! - UGAL: amounts of at most two places (400.204), VAT-inclusive on a VAT shop, which
//!   computes the VAT part itself, so nothing else is asked of a price; inventory a whole
//!   number ≥ 0; judgment: at most 4,294,967,295.
//!
//! Rounding is half away from zero, as a SQL `DECIMAL` column rounds on insert.

use rust_decimal::{Decimal, RoundingStrategy};

use super::model::{Money, Platform};

/// What one platform keeps of a price and of a stock level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// `None`: the platform's prices are not written at all.
    pub price_places: Option<u32>,
    pub price_max: Option<Decimal>,
    pub stock_max: i64,
}

/// The rules of `platform`.
pub fn rules(platform: Platform) -> Rules {
    match platform {
        Platform::Cscart => Rules {
            price_places: Some(2),
            price_max: Some(Decimal::new(999_999_999_999, 2)),
            stock_max: 8_388_607,
        },
        Platform::Valigara => Rules {
            price_places: Some(2),
            price_max: None,
            stock_max: i64::from(i32::MAX),
        },
        Platform::B2bwave => Rules {
            price_places: None,
            price_max: None,
            stock_max: i64::from(i32::MAX),
        },
        Platform::Ugal => Rules {
            price_places: Some(2),
            price_max: None,
            stock_max: i64::from(u32::MAX),
        },
    }
}

/// A price as the store will keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettledPrice {
    /// The value to send and to compare with the store's.
    pub value: Money,
    /// The value asked for, when it had to be rounded to `value`.
    pub rounded_from: Option<Money>,
}

impl SettledPrice {
    /// The warning a rounding deserves, naming the platform's rule; `None` when nothing changed.
    pub fn warning(&self, platform: Platform, sku: &str) -> Option<String> {
        let from = self.rounded_from?;
        let places = rules(platform).price_places.unwrap_or(0);
        Some(format!(
            "price {} for SKU {sku} rounded to {}: {platform} keeps {places} decimals",
            from.0, self.value
        ))
    }
}

/// The price `platform` would keep for `price`, rounded to its decimals; an error when the
/// platform cannot keep it (negative, too large, or prices not written there).
pub fn settle_price(platform: Platform, price: Money) -> Result<SettledPrice, String> {
    let rules = rules(platform);
    let Some(places) = rules.price_places else {
        return Err(format!(
            "{platform} prices are documented as not used: Stockroom does not change them"
        ));
    };
    if price.0.is_sign_negative() && !price.0.is_zero() {
        return Err(format!("price {} is negative", price.0));
    }
    let rounded = price
        .0
        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if let Some(max) = rules.price_max
        && rounded > max
    {
        return Err(format!(
            "price {} is more than {platform} keeps (at most {max})",
            price.0
        ));
    }
    let rounded_from = (rounded != price.0).then_some(price);
    Ok(SettledPrice {
        value: Money(rounded),
        rounded_from,
    })
}

/// `stock` when `platform` can keep it, else why not.
pub fn check_stock(platform: Platform, stock: i64) -> Result<i64, String> {
    let max = rules(platform).stock_max;
    if stock < 0 {
        Err(format!(
            "stock {stock} is negative: {platform} keeps 0 or more"
        ))
    } else if stock > max {
        Err(format!(
            "stock {stock} is more than {platform} keeps (at most {max})"
        ))
    } else {
        Ok(stock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        Money::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn a_price_with_more_decimals_than_kept_is_rounded_half_away_from_zero() {
        let settled = settle_price(Platform::Cscart, money("12.345")).unwrap();
        assert_eq!(settled.value, money("12.35"));
        assert_eq!(settled.rounded_from, Some(money("12.345")));
        assert_eq!(
            settled.warning(Platform::Cscart, "A-1").as_deref(),
            Some("price 12.345 for SKU A-1 rounded to 12.35: CS-Cart keeps 2 decimals")
        );
        let exact = settle_price(Platform::Ugal, money("9.5")).unwrap();
        assert_eq!(exact.value, money("9.50"));
        assert_eq!(exact.rounded_from, None, "9.5 and 9.50 are the same price");
        assert_eq!(exact.warning(Platform::Ugal, "x"), None);
        let down = settle_price(Platform::Valigara, money("0.004")).unwrap();
        assert_eq!(down.value, money("0.00"));
    }

    #[test]
    fn prices_a_platform_cannot_keep_are_refused() {
        assert!(settle_price(Platform::Cscart, money("-1")).is_err());
        let huge = settle_price(Platform::Cscart, money("10000000000")).unwrap_err();
        assert!(huge.contains("at most 9999999999.99"), "{huge}");
        assert!(settle_price(Platform::Valigara, money("10000000000")).is_ok());
        let b2bwave = settle_price(Platform::B2bwave, money("10")).unwrap_err();
        assert!(b2bwave.contains("not used"), "{b2bwave}");
    }

    #[test]
    fn stock_is_bounded_per_platform() {
        assert_eq!(check_stock(Platform::Cscart, 8_388_607), Ok(8_388_607));
        assert!(check_stock(Platform::Cscart, 8_388_608).is_err());
        assert!(check_stock(Platform::Ugal, 3_000_000_000).is_ok());
        assert!(check_stock(Platform::B2bwave, 3_000_000_000).is_err());
        let negative = check_stock(Platform::Valigara, -1).unwrap_err();
        assert!(negative.contains("negative"), "{negative}");
    }
}
