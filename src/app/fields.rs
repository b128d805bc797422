//! A product's platform JSON for the detail pane: the named sections an operator looks for on
//! each platform (features, variants, price lists, channels…), then every field flattened.

use serde_json::Value;

use crate::catalog::model::{Platform, Product};

/// A named part of the detail pane: `label  value` rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSection {
    pub title: &'static str,
    pub rows: Vec<(String, String)>,
}

/// What an operator looks for first on `platform`, each section only when it has rows.
pub fn sections(platform: Platform, product: &Product) -> Vec<FieldSection> {
    let raw = &product.raw;
    let mut out = match platform {
        Platform::Cscart => vec![
            section("Features", cscart_features(raw.get("product_features"))),
            section("Variations", cscart_variations(raw)),
            section("Options", cscart_options(raw.get("product_options"))),
            section("Images", cscart_images(raw)),
            section("Vendor", cscart_vendor(raw)),
            section("Inventory", cscart_inventory(raw)),
        ],
        Platform::B2bwave => vec![
            section("Status", b2bwave_status(raw)),
            section("Variants", b2bwave_variants(raw.get("product_variants"))),
        ],
        Platform::Ugal => vec![
            section("Status", ugal_status(raw)),
            section("Price lists", ugal_prices(product)),
            section("VAT", ugal_vat(product)),
        ],
        Platform::Valigara => vec![
            section("Listing", valigara_listing(raw)),
            section("Channels", valigara_channels(raw.get("channels"))),
        ],
    };
    out.push(section(
        "Warehouses",
        product
            .warehouses
            .iter()
            .map(|w| (w.code.clone(), format!("{}  {}", w.quantity, w.name)))
            .collect(),
    ));
    out.retain(|s| !s.rows.is_empty());
    out
}

fn section(title: &'static str, rows: Vec<(String, String)>) -> FieldSection {
    FieldSection { title, rows }
}

/// A map's values, or an array's items: CS-Cart sends both shapes for the same list.
fn members(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Object(map)) => map.values().collect(),
        Some(Value::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// The first of `keys` holding a non-empty string or a number, as text.
fn text_of(value: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match value.get(key)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(if *flag { "yes" } else { "no" }.to_owned()),
        _ => None,
    })
}

/// `Brand  Adidas`: a feature's name and its value as its type keeps it (a chosen variant, a
/// list of them, a number, a checkbox or text); a group's features follow in place.
fn cscart_features(features: Option<&Value>) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for feature in members(features) {
        let sub = feature.get("subfeatures");
        if feature.get("feature_type").and_then(Value::as_str) == Some("G") || sub.is_some() {
            rows.extend(cscart_features(sub));
            continue;
        }
        let Some(name) = text_of(feature, &["description", "internal_name", "feature_id"]) else {
            continue;
        };
        let kind = feature.get("feature_type").and_then(Value::as_str);
        let value = match kind {
            Some("M") => {
                let chosen: Vec<String> = members(feature.get("variants"))
                    .into_iter()
                    .filter(|v| v.get("selected").is_none_or(|s| !s.is_null()))
                    .filter_map(|v| text_of(v, &["variant"]))
                    .collect();
                (!chosen.is_empty()).then(|| chosen.join(", "))
            }
            Some("C") => text_of(feature, &["value"])
                .map(|v| if v == "Y" { "yes".into() } else { "no".into() }),
            Some("O" | "N") => {
                text_of(feature, &["variant", "value_int", "value"]).map(|v| number_text(&v))
            }
            _ => text_of(feature, &["variant", "value", "value_int"]),
        };
        // Kept untrimmed: a suffix such as " months" brings its own space.
        let affix = |key| feature.get(key).and_then(Value::as_str).unwrap_or_default();
        let (prefix, suffix) = (affix("prefix"), affix("suffix"));
        let value = value.map_or_else(|| "—".to_owned(), |v| format!("{prefix}{v}{suffix}"));
        rows.push((name, value));
    }
    rows
}

/// `24.00` as `24`, `2.50` as `2.5`; anything else as it is.
fn number_text(text: &str) -> String {
    text.parse::<rust_decimal::Decimal>()
        .map_or_else(|_| text.to_owned(), |n| n.normalize().to_string())
}

/// Where the product stands in a variation group: the main product or a variation of one, and
/// the variant of each feature the group varies by (`Size  M`).
fn cscart_variations(raw: &Value) -> Vec<(String, String)> {
    let varies_by = members(raw.get("variation_features"));
    let parent = text_of(raw, &["parent_product_id"]).filter(|id| id != "0");
    let mut rows = Vec::new();
    match parent {
        Some(parent) => rows.push(("Variation of".to_owned(), format!("#{parent}"))),
        None if !varies_by.is_empty() => rows.push((
            "Role".to_owned(),
            "main product of its variation group".to_owned(),
        )),
        None => return rows,
    }
    for feature in varies_by {
        if let (Some(name), Some(variant)) = (
            text_of(feature, &["description", "internal_name", "feature_id"]),
            text_of(feature, &["variant", "variant_id"]),
        ) {
            rows.push((name, variant));
        }
    }
    rows
}

/// `Tracking  not tracked` and `Returns  not returnable`; a product without these fields
/// (an answer that leaves them out) has no rows.
fn cscart_inventory(raw: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(tracking) = text_of(raw, &["tracking"]) {
        let text = match tracking.as_str() {
            "B" => "tracked".to_owned(),
            "D" => "not tracked (stock is not counted)".to_owned(),
            other => other.to_owned(),
        };
        rows.push(("Tracking".to_owned(), text));
    }
    if let Some(returnable) = text_of(raw, &["is_returnable"]) {
        let period = text_of(raw, &["return_period"]).filter(|p| p != "0");
        let text = match (returnable.as_str(), period) {
            ("Y", Some(days)) => format!("returnable within {days} days"),
            ("Y", None) => "returnable".to_owned(),
            ("N", _) => "not returnable".to_owned(),
            (other, _) => other.to_owned(),
        };
        rows.push(("Returns".to_owned(), text));
    }
    rows
}

/// `Size  S, M, L`.
fn cscart_options(options: Option<&Value>) -> Vec<(String, String)> {
    members(options)
        .into_iter()
        .filter_map(|option| {
            let name = text_of(
                option,
                &["option_name", "internal_option_name", "option_id"],
            )?;
            let variants: Vec<String> = members(option.get("variants"))
                .into_iter()
                .filter_map(|v| text_of(v, &["variant_name"]))
                .collect();
            let value = if variants.is_empty() {
                text_of(option, &["option_type"]).unwrap_or_default()
            } else {
                variants.join(", ")
            };
            Some((name, value))
        })
        .collect()
}

fn cscart_images(raw: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let main = raw.get("main_pair");
    let path = main.and_then(|pair| {
        ["detailed", "icon"]
            .iter()
            .find_map(|kind| text_of(pair.get(kind)?, &["image_path", "https_image_path"]))
    });
    if let Some(path) = path {
        rows.push(("main".to_owned(), path));
    }
    let more = members(raw.get("image_pairs")).len();
    if more > 0 {
        rows.push(("more".to_owned(), more.to_string()));
    }
    rows
}

fn cscart_vendor(raw: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(name) = text_of(raw, &["company_name"]) {
        rows.push(("Name".to_owned(), name));
    }
    if let Some(id) = text_of(raw, &["company_id"]) {
        rows.push(("Company ID".to_owned(), id));
    }
    rows
}

fn b2bwave_status(raw: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(active) = raw.get("is_active").and_then(Value::as_bool) {
        let text = if active { "active" } else { "inactive" };
        rows.push(("Active".to_owned(), text.to_owned()));
    }
    if let Some(status) = crate::catalog::b2bwave::wire::status_id_label(raw) {
        rows.push(("Status".to_owned(), status));
    }
    if let Some(monitored) = raw.get("quantity_monitor").and_then(Value::as_bool) {
        let text = if monitored {
            "monitored"
        } else {
            "not monitored"
        };
        rows.push(("Quantity".to_owned(), text.to_owned()));
    }
    if let Some(backorder) = raw.get("can_backorder").and_then(Value::as_bool) {
        let text = if backorder { "allowed" } else { "not allowed" };
        rows.push(("Backorders".to_owned(), text.to_owned()));
    }
    rows
}

/// `largebgb  Size: Large`.
fn b2bwave_variants(variants: Option<&Value>) -> Vec<(String, String)> {
    members(variants)
        .into_iter()
        .map(|variant| {
            let code = text_of(variant, &["code", "id"]).unwrap_or_default();
            let options: Vec<String> = members(variant.get("option_values"))
                .into_iter()
                .filter_map(|o| {
                    let value = text_of(o, &["value"])?;
                    Some(match text_of(o, &["option"]) {
                        Some(option) => format!("{option}: {value}"),
                        None => value,
                    })
                })
                .collect();
            (code, options.join(", "))
        })
        .collect()
}

/// `Item  online` and `Product  offline`: a customer sees an item only when both are online.
fn ugal_status(raw: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(item) = text_of(raw, &["status"]) {
        rows.push(("Item".to_owned(), item));
    }
    if let Some(product) = raw.get("product").and_then(|p| text_of(p, &["status"])) {
        rows.push(("Product".to_owned(), product));
    }
    rows
}

/// `default ×1  9400.00`, VAT included on a VAT shop; an item sent with no price says so.
fn ugal_prices(product: &Product) -> Vec<(String, String)> {
    let priced_nowhere = product
        .raw
        .get("prices")
        .is_some_and(|prices| members(Some(prices)).is_empty());
    if priced_nowhere {
        return vec![("none".to_owned(), "no price set".to_owned())];
    }
    product
        .prices
        .iter()
        .map(|tier| {
            let label = format!("{} ×{}", tier.pricelist, tier.quantity);
            let value = match tier.vat {
                Some(vat) => format!("{}  (VAT {vat})", tier.amount),
                None => tier.amount.to_string(),
            };
            (label, value)
        })
        .collect()
}

fn ugal_vat(product: &Product) -> Vec<(String, String)> {
    product
        .vat_rate
        .map(|rate| {
            let percent = (rate * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            vec![("Rate".to_owned(), format!("{percent}%"))]
        })
        .unwrap_or_default()
}

fn valigara_listing(raw: &Value) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(status) = text_of(raw, &["status"]) {
        rows.push(("Status".to_owned(), status));
    }
    let channels = members(raw.get("channels"));
    if raw.get("channels").is_some() {
        let listed = channels
            .iter()
            .filter(|c| text_of(c, &["status"]).as_deref() == Some("listed"))
            .count();
        let text = match channels.len() {
            0 => "no channel".to_owned(),
            all => format!("{listed} of {all} channels"),
        };
        rows.push(("Listed on".to_owned(), text));
    }
    rows
}

/// `etsy #11  listed  1478523690`.
fn valigara_channels(channels: Option<&Value>) -> Vec<(String, String)> {
    members(channels)
        .into_iter()
        .map(|channel| {
            let name = text_of(channel, &["channel"]).unwrap_or_default();
            let account = text_of(channel, &["account_id"]).unwrap_or_default();
            let status = text_of(channel, &["status"]).unwrap_or_default();
            let listing = text_of(channel, &["listing_id"]).unwrap_or_default();
            (
                format!("{name} #{account}"),
                format!("{status}  {listing}").trim().to_owned(),
            )
        })
        .collect()
}

/// One line of the detail pane: a dotted path and its value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub path: String,
    pub value: String,
}

/// Every leaf of `value` as `path = value`, in the order the platform sent them.
/// Arrays of plain values stay on one line (`[224, 225]`); empty ones read `[]` / `{}`.
pub fn flatten(value: &Value) -> Vec<Field> {
    let mut fields = Vec::new();
    walk(value, String::new(), &mut fields);
    fields
}

fn walk(value: &Value, path: String, out: &mut Vec<Field>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(child, child_path, out);
            }
        }
        Value::Array(items) if items.iter().any(|item| item.is_object() || item.is_array()) => {
            for (index, child) in items.iter().enumerate() {
                walk(child, format!("{path}[{index}]"), out);
            }
        }
        leaf => out.push(Field {
            path,
            value: leaf_text(leaf),
        }),
    }
}

fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "null".into(),
        Value::Object(_) => "{}".into(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(leaf_text).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_values_get_dotted_paths() {
        let fields = flatten(&json!({
            "product": "100g Pants",
            "category_ids": [224],
            "main_pair": {"detailed": {"image_x": "500"}},
            "product_features": [],
            "options_type_raw": null
        }));
        let lines: Vec<String> = fields
            .iter()
            .map(|f| format!("{} = {}", f.path, f.value))
            .collect();
        assert_eq!(
            lines,
            [
                "product = 100g Pants",
                "category_ids = [224]",
                "main_pair.detailed.image_x = 500",
                "product_features = []",
                "options_type_raw = null"
            ]
        );
    }
}
