//! The search prompt's little language, turned into server-side filters.
//!
//! `red shirt sku:U0012 status:active price:10..20 stock:..5 cat:224`: bare words search the
//! name; `key:value` terms set one filter each; ranges are `a..b`, `a..` or `..b`.

use crate::catalog::model::{Filters, Money, Status};

/// Why a search could not be understood, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError(pub String);

pub fn parse(text: &str) -> Result<Filters, SearchError> {
    let mut filters = Filters::default();
    let mut words = Vec::new();
    for term in text.split_whitespace() {
        let Some((key, value)) = term.split_once(':') else {
            words.push(term);
            continue;
        };
        if value.is_empty() && !key.eq_ignore_ascii_case("changed") {
            return Err(SearchError(format!("`{key}:` needs a value")));
        }
        match key.to_ascii_lowercase().as_str() {
            "sku" | "code" => filters.sku = Some(value.to_owned()),
            "changed" => filters.changed = !matches!(value, "no" | "n" | "false" | "0"),
            "status" => filters.status = Some(parse_status(value)?),
            "cat" | "category" => {
                let id = value
                    .parse()
                    .map_err(|_| SearchError(format!("category `{value}` is not a number")))?;
                filters.category_id = Some(id);
            }
            "price" => {
                let (min, max) = range(value, "price", Money::parse)?;
                filters.price_min = min;
                filters.price_max = max;
            }
            "stock" => {
                let (min, max) = range(value, "stock", |v| v.parse::<i64>().ok())?;
                filters.stock_min = min;
                filters.stock_max = max;
            }
            _ => {
                return Err(SearchError(format!(
                    "unknown filter `{key}:` (known: sku, status, price, stock, cat, changed)"
                )));
            }
        }
    }
    if !words.is_empty() {
        filters.name = Some(words.join(" "));
    }
    Ok(filters)
}

fn parse_status(value: &str) -> Result<Status, SearchError> {
    match value.to_ascii_lowercase().as_str() {
        "a" | "active" => Ok(Status::Active),
        "d" | "disabled" => Ok(Status::Disabled),
        "h" | "hidden" => Ok(Status::Hidden),
        _ => Err(SearchError(format!(
            "status `{value}` is not one of active, disabled, hidden"
        ))),
    }
}

type Bounds<T> = (Option<T>, Option<T>);

fn range<T: Clone>(
    value: &str,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Bounds<T>, SearchError> {
    let bad = || {
        SearchError(format!(
            "{what} `{value}` is not a number or a range like 10..20"
        ))
    };
    let bound = |text: &str| -> Result<Option<T>, SearchError> {
        if text.is_empty() {
            Ok(None)
        } else {
            parse(text).map(Some).ok_or_else(bad)
        }
    };
    match value.split_once("..") {
        Some((low, high)) => Ok((bound(low)?, bound(high)?)),
        None => {
            let exact = bound(value)?;
            Ok((exact.clone(), exact))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_terms() {
        let filters =
            parse("red shirt sku:U0012 status:hidden price:10..20.5 stock:..5 cat:224").unwrap();
        assert_eq!(filters.name.as_deref(), Some("red shirt"));
        assert_eq!(filters.sku.as_deref(), Some("U0012"));
        assert_eq!(filters.status, Some(Status::Hidden));
        assert_eq!(filters.price_min, Money::parse("10"));
        assert_eq!(filters.price_max, Money::parse("20.5"));
        assert_eq!((filters.stock_min, filters.stock_max), (None, Some(5)));
        assert_eq!(filters.category_id, Some(224));
    }

    #[test]
    fn exact_value_is_a_closed_range() {
        let filters = parse("stock:0").unwrap();
        assert_eq!((filters.stock_min, filters.stock_max), (Some(0), Some(0)));
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(
            parse("colour:red")
                .unwrap_err()
                .0
                .contains("unknown filter")
        );
        assert!(parse("price:cheap").unwrap_err().0.contains("price"));
        assert!(parse("status:gone").unwrap_err().0.contains("active"));
        assert_eq!(parse("").unwrap(), Filters::default());
    }
}
