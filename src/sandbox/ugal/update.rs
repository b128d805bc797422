//! A PUT's body read as XML or JSON and checked against every rule of the contract.

use std::str::FromStr;

use quick_xml::events::Event;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use super::item::{PRICELISTS, Price, sort_prices};

/// A rule broken, in the order the contract checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    Content,
    CatalogId,
    ProductId,
    Reference,
    Inventory,
    Amount,
    Quantity,
    Pricelist,
    Nominal,
    Duplicate,
}

impl Problem {
    pub fn message(self) -> &'static str {
        match self {
            Problem::Content => "400.100 - Content missing or invalid",
            Problem::CatalogId => "400.200 - Catalog id invalid",
            Problem::ProductId => "400.201 - Product id invalid",
            Problem::Reference => "400.202 - Item reference invalid",
            Problem::Inventory => "400.203 - Item inventory invalid",
            Problem::Amount => "400.204 - Price amount invalid",
            Problem::Quantity => "400.208 - Price quantity invalid",
            Problem::Pricelist => "400.209 - Pricelist invalid",
            Problem::Nominal => "400.210 - Nominal price not present",
            Problem::Duplicate => "400.211 - Duplicate price specification found",
        }
    }
}

/// The fields of a PUT as sent, still text; unknown elements are ignored (judgment: an
/// item read and sent back whole carries reference, label, … which cannot change).
#[derive(Debug, Default, Deserialize)]
pub struct Body {
    inventory: Option<String>,
    prices: Option<Prices>,
}

#[derive(Debug, Default, Deserialize)]
struct Prices {
    #[serde(default)]
    price: Vec<PriceIn>,
}

#[derive(Debug, Default, Deserialize)]
struct PriceIn {
    pricelist: Option<String>,
    quantity: Option<String>,
    amount: Option<String>,
}

/// What a valid PUT changes.
#[derive(Debug)]
pub struct Change {
    pub inventory: Option<u32>,
    pub prices: Option<Vec<Price>>,
}

/// The body of a PUT, or `None` when it is missing, malformed or not an item.
pub fn parse(body: &[u8], json: bool) -> Option<Body> {
    let text = std::str::from_utf8(body).ok()?;
    if json {
        from_json(text)
    } else {
        from_xml(text)
    }
}

fn from_xml(text: &str) -> Option<Body> {
    if root(text)? != "item" {
        return None;
    }
    quick_xml::de::from_str(text).ok()
}

/// The name of the one root element of a well-formed document.
fn root(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut root = None;
    loop {
        let event = reader.read_event().ok()?;
        let top = depth == 0;
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(start) | Event::Empty(start) if top => {
                if root.is_some() {
                    return None;
                }
                root = Some(String::from_utf8_lossy(start.name().as_ref()).into_owned());
                if opens {
                    depth += 1;
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.checked_sub(1)?,
            Event::Text(text) if top && !text.iter().all(u8::is_ascii_whitespace) => {
                return None;
            }
            Event::CData(_) | Event::GeneralRef(_) if top => return None,
            Event::Eof => return root.filter(|_| depth == 0),
            _ => {}
        }
    }
}

/// judgment: `{"item": {"inventory": "2", "prices": [{"pricelist": …, …}]}}`, the JSON shape
/// of the answers; a number is taken as its text, `null` as absent.
fn from_json(text: &str) -> Option<Body> {
    let value: Value = serde_json::from_str(text).ok()?;
    let item = value.as_object()?.get("item")?.as_object()?;
    let prices = match item.get("prices") {
        None | Some(Value::Null) => None,
        Some(Value::Array(prices)) => Some(Prices {
            price: prices
                .iter()
                .map(|price| {
                    let price = price.as_object()?;
                    Some(PriceIn {
                        pricelist: scalar(price.get("pricelist")),
                        quantity: scalar(price.get("quantity")),
                        amount: scalar(price.get("amount")),
                    })
                })
                .collect::<Option<_>>()?,
        }),
        Some(_) => return None,
    };
    Some(Body {
        inventory: scalar(item.get("inventory")),
        prices,
    })
}

fn scalar(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

fn whole(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A decimal ≥ 0 with at most two places: digits, then optionally a point and one or two digits.
fn amount(text: &str) -> Option<Decimal> {
    let (units, cents) = text.split_once('.').unwrap_or((text, "00"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || !digits(cents) || cents.len() > 2 {
        return None;
    }
    Decimal::from_str(text).ok().map(|d| d.round_dp(2))
}

/// Text as sent, trimmed; judgment: an empty element counts as not specified.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Every rule a body breaks, or the change it asks for.
pub fn check(body: &Body) -> Result<Change, Vec<Problem>> {
    let mut problems = Vec::new();
    let inventory = match body.inventory.as_deref().map(str::trim) {
        None => None,
        Some(text) => {
            let parsed = whole(text);
            if parsed.is_none() {
                problems.push(Problem::Inventory);
            }
            parsed
        }
    };
    let prices = body.prices.as_ref().map(|prices| {
        let mut valid = Vec::new();
        let mut keys = Vec::new();
        for price in &prices.price {
            let amount = given(&price.amount).and_then(amount);
            let quantity = match given(&price.quantity) {
                None => Some(1),
                Some(text) => whole(text).filter(|q| *q >= 1),
            };
            let pricelist = match given(&price.pricelist) {
                None => Some(PRICELISTS[0]),
                Some(name) => PRICELISTS.iter().copied().find(|p| *p == name),
            };
            if amount.is_none() {
                problems.push(Problem::Amount);
            }
            if quantity.is_none() {
                problems.push(Problem::Quantity);
            }
            if pricelist.is_none() {
                problems.push(Problem::Pricelist);
            }
            if let (Some(pricelist), Some(quantity)) = (pricelist, quantity) {
                if keys.contains(&(pricelist, quantity)) {
                    problems.push(Problem::Duplicate);
                }
                keys.push((pricelist, quantity));
                if let Some(amount) = amount {
                    valid.push(Price {
                        pricelist,
                        quantity,
                        amount,
                    });
                }
            }
        }
        if !keys.contains(&(PRICELISTS[0], 1)) {
            problems.push(Problem::Nominal);
        }
        sort_prices(&mut valid);
        valid
    });
    if problems.is_empty() {
        Ok(Change { inventory, prices })
    } else {
        Err(problems)
    }
}
