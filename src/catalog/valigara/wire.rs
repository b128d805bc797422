//! Valigara's product JSON as it arrives, its mapping to the model, and the bodies Stockroom sends.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::catalog::model::{
    Money, NewProduct, Product, ProductId, ProductPatch, ProductSummary, Sku, Status, Stock,
};

/// The fields of a product Stockroom reads; the rest stays in `Product::raw`. `Text` is how
/// the fields a summary does not show are kept: `String`, or `CheckedText` in a list.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WireProduct<Text = String> {
    #[serde(default)]
    pub id: Value,
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<Text>,
    /// A decimal string ("1249.00"); a bare number is read through its text, never a float.
    #[serde(default)]
    pub price: Value,
    #[serde(default)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub updated_at: Option<Text>,
}

/// A string field read and let go: refused as a `String` would be, never copied.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CheckedText;

impl<'de> Deserialize<'de> for CheckedText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<CheckedText, D::Error> {
        struct AnyString;

        impl serde::de::Visitor<'_> for AnyString {
            type Value = CheckedText;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<CheckedText, E> {
                Ok(CheckedText)
            }
        }

        deserializer.deserialize_str(AnyString)
    }
}

impl<Text> WireProduct<Text> {
    /// The row a list shows; the id must be an integer and a price a decimal.
    pub fn into_summary(self) -> Result<ProductSummary, String> {
        let id = id_of(&self.id).ok_or_else(|| "a product without an integer id".to_owned())?;
        let price = match &self.price {
            Value::Null => None,
            other => {
                Some(decimal_of(other).ok_or_else(|| format!("product {id} has price {other}"))?)
            }
        };
        Ok(ProductSummary {
            id: ProductId(id.to_string()),
            sku: Sku(self.sku.unwrap_or_default()),
            name: self.title.unwrap_or_default(),
            price,
            stock: self.quantity.map_or(Stock::NotTracked, Stock::Quantity),
            status: status_from_word(self.status.as_deref().unwrap_or_default()),
        })
    }
}

/// An id as sent: an integer, or a string of digits.
pub fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A decimal from a JSON string or number, through its text.
pub fn decimal_of(value: &Value) -> Option<Money> {
    match value {
        Value::String(text) => Money::parse(text),
        Value::Number(n) => Money::parse(&n.to_string()),
        _ => None,
    }
}

/// Maps one product object, keeping it whole in `raw`.
pub fn product_from_value(raw: Value) -> Result<Product, String> {
    if !raw.is_object() {
        return Err("expected a product object".to_owned());
    }
    let mut wire = WireProduct::<String>::deserialize(&raw).map_err(|e| e.to_string())?;
    let description = wire.description.take();
    let updated_at = wire.updated_at.take();
    Ok(Product {
        summary: wire.into_summary()?,
        list_price: None,
        // Valigara's category is a name, not an id.
        category_ids: Vec::new(),
        updated_at: updated_at.as_deref().and_then(unix_seconds),
        description,
        warehouses: vec![],
        prices: vec![],
        vat_rate: None,
        raw,
    })
}

pub fn status_from_word(word: &str) -> Status {
    match word {
        "active" => Status::Active,
        "inactive" => Status::Disabled,
        other => Status::Other(other.to_owned()),
    }
}

/// judgment: Valigara has no "hidden"; a product kept off the storefront is `inactive`.
pub fn status_word(status: &Status) -> String {
    match status {
        Status::Active => "active".into(),
        Status::Disabled | Status::Hidden => "inactive".into(),
        Status::Other(raw) => raw.clone(),
    }
}

/// Valigara ids are integers; anything else is refused before it can be sent.
pub fn numeric_id(id: &ProductId) -> Result<u64, String> {
    id.0.trim()
        .parse()
        .map_err(|_| format!("not a Valigara product id: {:?}", id.0))
}

/// `product_import` data: `sku`, `title` and `price` are required by the server.
pub fn import_data(product: &NewProduct) -> Value {
    let mut data = Map::new();
    if let Some(sku) = &product.sku {
        data.insert("sku".into(), json!(sku.0));
    }
    data.insert("title".into(), json!(product.name));
    data.insert("price".into(), json!(product.price.to_string()));
    if let Some(quantity) = product.stock {
        data.insert("quantity".into(), json!(quantity));
    }
    data.insert("status".into(), json!(status_word(&product.status)));
    Value::Object(data)
}

/// `product_update` data with the id and only the fields the patch changes.
pub fn update_data(id: u64, patch: &ProductPatch) -> Result<Value, String> {
    if patch.list_price.is_some() {
        return Err("Valigara products have no list price".to_owned());
    }
    let mut data = Map::new();
    data.insert("id".into(), json!(id));
    if let Some(name) = &patch.name {
        data.insert("title".into(), json!(name));
    }
    if let Some(sku) = &patch.sku {
        data.insert("sku".into(), json!(sku.0));
    }
    if let Some(price) = patch.price {
        data.insert("price".into(), json!(price.to_string()));
    }
    if let Some(quantity) = patch.stock {
        data.insert("quantity".into(), json!(quantity));
    }
    if let Some(status) = &patch.status {
        data.insert("status".into(), json!(status_word(status)));
    }
    if let Some(description) = &patch.description {
        data.insert("description".into(), json!(description));
    }
    Ok(Value::Object(data))
}

/// `product_update` data from the raw editor: the map as edited, with the id first.
pub fn raw_update_data(id: u64, body: &Map<String, Value>) -> Value {
    let mut data = Map::new();
    data.insert("id".into(), json!(id));
    for (key, value) in body {
        if key != "id" {
            data.insert(key.clone(), value.clone());
        }
    }
    Value::Object(data)
}

/// RFC 3339 (`2026-11-20T10:15:00Z`, `...10:15:00.5+02:00`) to unix seconds; `None` if it is not.
pub fn unix_seconds(text: &str) -> Option<i64> {
    let text = text.trim();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let separators = text.as_bytes();
    if separators.get(4) != Some(&b'-')
        || separators.get(7) != Some(&b'-')
        || !matches!(separators.get(10), Some(b'T' | b't' | b' '))
        || separators.get(13) != Some(&b':')
        || separators.get(16) != Some(&b':')
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = text.get(19..)?;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        rest = fraction.get(digits..)?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (h, m) = rest.get(1..)?.split_once(':')?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            if !(0..=23).contains(&h) || !(0..=59).contains(&m) {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_parse_by_hand() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_seconds("2026-11-20T10:15:00Z"), Some(1_795_169_700));
        assert_eq!(
            unix_seconds("2026-11-20T12:15:00.250+02:00"),
            Some(1_795_169_700)
        );
        assert_eq!(unix_seconds("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(unix_seconds("yesterday"), None);
        assert_eq!(unix_seconds("2026-13-20T10:15:00Z"), None);
        assert_eq!(unix_seconds("2026-11-20T10:15:00"), None);
    }

    /// Found by tests/it/proptest_wire.rs: an offset of hours overflowed `h * 3600`.
    #[test]
    fn an_absurd_offset_is_not_a_timestamp() {
        assert_eq!(
            unix_seconds("2026-11-20T10:15:00+9999999999999999:00"),
            None
        );
        assert_eq!(
            unix_seconds("2026-11-20T10:15:00-00:9999999999999999999"),
            None
        );
        assert_eq!(unix_seconds("2026-11-20T10:15:00+24:00"), None);
        assert_eq!(unix_seconds("2026-11-20T10:15:00+-1:00"), None);
    }
}
