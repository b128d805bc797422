//! A simulated CS-Cart product and its JSON shape, field for field as the API documents it.

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value, json};

use super::seed::{self, FEATURES, VALUE_FEATURES};

/// How a plain product field is validated and written in canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    /// A decimal with this many places ("0.000" for weight, "0.00" for money).
    Decimal(u32),
    OneOf(&'static [&'static str]),
}

const YN: Kind = Kind::OneOf(&["Y", "N"]);

/// Plain string fields in the documented order, with the value a new product gets.
/// `Some(kind)` marks the ones a create or update may set.
pub const PLAIN_FIELDS: &[(&str, &str, Option<Kind>)] = &[
    ("product_type", "P", None),
    ("parent_product_id", "0", None),
    // product_code, status, company_id, list_price, amount come from typed fields (see render).
    ("weight", "0.000", Some(Kind::Decimal(3))),
    ("length", "0", Some(Kind::Int)),
    ("width", "0", Some(Kind::Int)),
    ("height", "0", Some(Kind::Int)),
    ("shipping_freight", "0.00", Some(Kind::Decimal(2))),
    ("low_avail_limit", "0", Some(Kind::Int)),
    // timestamp, updated_timestamp
    ("usergroup_ids", "0", Some(Kind::Text)),
    ("is_edp", "N", Some(YN)),
    ("edp_shipping", "N", Some(YN)),
    ("unlimited_download", "N", Some(YN)),
    ("tracking", "B", Some(Kind::OneOf(&["B", "D"]))),
    ("free_shipping", "N", Some(YN)),
    (
        "zero_price_action",
        "R",
        Some(Kind::OneOf(&["R", "P", "A"])),
    ),
    ("is_pbp", "Y", Some(YN)),
    ("is_op", "N", Some(YN)),
    ("is_oper", "N", Some(YN)),
    ("is_returnable", "Y", Some(YN)),
    ("return_period", "10", Some(Kind::Int)),
    ("avail_since", "0", Some(Kind::Int)),
    (
        "out_of_stock_actions",
        "N",
        Some(Kind::OneOf(&["N", "B", "S"])),
    ),
    ("localization", "", Some(Kind::Text)),
    ("min_qty", "0", Some(Kind::Int)),
    ("max_qty", "0", Some(Kind::Int)),
    ("qty_step", "0", Some(Kind::Int)),
    ("list_qty_count", "0", Some(Kind::Int)),
    ("tax_ids", "", Some(Kind::Text)),
    ("age_verification", "N", Some(YN)),
    ("age_limit", "0", Some(Kind::Int)),
    ("options_type", "P", Some(Kind::OneOf(&["P", "S"]))),
    ("exceptions_type", "F", Some(Kind::OneOf(&["A", "F"]))),
    ("details_layout", "default", Some(Kind::Text)),
];

/// Description fields: searchable, settable, and shown only by a single-product GET.
pub const DESCRIPTION_FIELDS: &[&str] = &[
    "short_description",
    "full_description",
    "meta_keywords",
    "meta_description",
    "page_title",
    "search_words",
    "promo_text",
];

const SHIPPING_PARAMS: &str = "a:5:{s:16:\"min_items_in_box\";i:0;s:16:\"max_items_in_box\";i:0;s:10:\"box_length\";i:0;s:9:\"box_width\";i:0;s:10:\"box_height\";i:0;}";

/// The main image pair of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub pair_id: u64,
    pub detailed_id: u64,
    /// Path under `images/`, e.g. "detailed/0/Z6595.jpg".
    pub relative_path: String,
    pub width: u32,
    pub height: u32,
}

/// The value of a feature without variants (`seed::VALUE_FEATURES`).
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureValue {
    Checkbox(bool),
    Number(Decimal),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: u64,
    pub name: String,
    pub code: String,
    pub status: String,
    pub company_id: u64,
    pub price: Decimal,
    pub list_price: Decimal,
    pub amount: i64,
    pub timestamp: i64,
    pub updated_timestamp: i64,
    /// The first one is the main category.
    pub category_ids: Vec<u64>,
    pub seo_name: String,
    pub has_options: bool,
    pub image: Option<Image>,
    /// (feature_id, variant_id) pairs, resolved against `seed::FEATURES`; a multiple-choice
    /// feature (`M`) has one pair per chosen variant.
    pub features: Vec<(u64, u64)>,
    /// Values of features without variants, resolved against `seed::VALUE_FEATURES`.
    pub feature_values: Vec<(u64, FeatureValue)>,
    /// Canonical values of plain and description fields that differ from their defaults.
    pub fields: HashMap<String, String>,
}

impl Product {
    /// A product with every field at the value CS-Cart gives a new one.
    pub fn new(id: u64, name: String, category_ids: Vec<u64>, now: i64) -> Product {
        Product {
            id,
            seo_name: slug(&name),
            name,
            code: String::new(),
            status: "A".to_string(),
            company_id: 1,
            price: Decimal::ZERO,
            list_price: Decimal::ZERO,
            amount: 0,
            timestamp: now,
            updated_timestamp: now,
            category_ids,
            has_options: false,
            image: None,
            features: Vec::new(),
            feature_values: Vec::new(),
            fields: HashMap::new(),
        }
    }

    pub fn main_category(&self) -> u64 {
        self.category_ids.first().copied().unwrap_or(0)
    }

    /// A plain or description field's current value.
    pub fn field(&self, key: &str) -> &str {
        if let Some(value) = self.fields.get(key) {
            return value;
        }
        PLAIN_FIELDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or("", |(_, default, _)| default)
    }

    /// The product as the API sends it; `detail` adds the description fields of a single GET.
    pub fn render(&self, detail: bool) -> Value {
        let mut m = Map::new();
        let s = |v: &dyn ToString| Value::String(v.to_string());
        m.insert("product_id".into(), s(&self.id));
        m.insert("product".into(), s(&self.name));
        for (key, _, _) in &PLAIN_FIELDS[..2] {
            m.insert((*key).into(), s(&self.field(key)));
        }
        m.insert("product_code".into(), s(&self.code));
        m.insert("status".into(), s(&self.status));
        m.insert("company_id".into(), s(&self.company_id));
        m.insert("list_price".into(), s(&money(self.list_price)));
        m.insert("amount".into(), s(&self.amount));
        for (key, _, _) in &PLAIN_FIELDS[2..8] {
            m.insert((*key).into(), s(&self.field(key)));
        }
        m.insert("timestamp".into(), s(&self.timestamp));
        m.insert("updated_timestamp".into(), s(&self.updated_timestamp));
        for (key, _, _) in &PLAIN_FIELDS[8..] {
            m.insert((*key).into(), s(&self.field(key)));
        }
        m.insert("shipping_params".into(), s(&SHIPPING_PARAMS));
        m.insert("price".into(), s(&money(self.price)));
        m.insert("category_ids".into(), json!(self.category_ids));
        m.insert("seo_name".into(), s(&self.seo_name));
        let path = seed::id_path(self.main_category());
        let path: Vec<String> = path.iter().map(u64::to_string).collect();
        m.insert("seo_path".into(), s(&path.join("/")));
        m.insert("main_category".into(), json!(self.main_category()));
        for key in [
            "options_type",
            "exceptions_type",
            "tracking",
            "zero_price_action",
            "min_qty",
            "max_qty",
            "qty_step",
            "list_qty_count",
        ] {
            m.insert(format!("{key}_raw"), Value::Null);
        }
        m.insert(
            "details_layout_raw".into(),
            s(&self.field("details_layout")),
        );
        m.insert("variation_features".into(), self.variation_features_json());
        // judgment: a product without images gets `"main_pair": []`, PHP's encoding of
        // the empty array that fn_get_image_pairs returns, rather than no key at all.
        m.insert(
            "main_pair".into(),
            self.image
                .as_ref()
                .map_or_else(|| json!([]), |i| image_json(self.id, i)),
        );
        m.insert("base_price".into(), s(&money(self.price)));
        m.insert("selected_options".into(), json!([]));
        m.insert("has_options".into(), json!(self.has_options));
        m.insert("product_options".into(), json!([]));
        if self.list_price > self.price {
            let discount = self.list_price - self.price;
            // judgment: a number as PHP encodes a float, so 1 for 1.00 and 1.5 for 1.50.
            let number = if discount.fract().is_zero() {
                json!(discount.to_i64().unwrap_or(0))
            } else {
                json!(discount.to_f64().unwrap_or(0.0))
            };
            m.insert("list_discount".into(), number);
            let percent = discount
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|d| d.checked_div(self.list_price))
                .unwrap_or_default()
                .round();
            m.insert("list_discount_prc".into(), s(&percent));
        }
        m.insert("discounts".into(), json!({"A": 0, "P": 0}));
        m.insert("product_features".into(), self.features_json());
        m.insert("qty_content".into(), json!([]));
        if detail {
            for key in DESCRIPTION_FIELDS {
                m.insert((*key).into(), s(&self.field(key)));
            }
        }
        Value::Object(m)
    }

    fn features_json(&self) -> Value {
        let mut out = Map::new();
        let mut seen: Vec<u64> = Vec::new();
        for &(feature_id, _) in &self.features {
            if seen.contains(&feature_id) {
                continue;
            }
            seen.push(feature_id);
            if let Some(json) = self.variant_feature_json(feature_id) {
                out.insert(feature_id.to_string(), json);
            }
        }
        for (feature_id, value) in &self.feature_values {
            if let Some(json) = value_feature_json(*feature_id, value) {
                out.insert(feature_id.to_string(), json);
            }
        }
        // PHP encodes an empty array as `[]`, never `{}`.
        if out.is_empty() {
            json!([])
        } else {
            Value::Object(out)
        }
    }

    /// A feature with variants, carrying every chosen one.
    fn variant_feature_json(&self, feature_id: u64) -> Option<Value> {
        let feature = FEATURES.iter().find(|f| f.id == feature_id)?;
        let chosen: Vec<(u64, &str)> = self
            .features
            .iter()
            .filter(|(f, _)| *f == feature_id)
            .filter_map(|(_, v)| feature.variants.iter().find(|(id, _)| id == v).copied())
            .collect();
        let &(variant_id, variant) = chosen.first()?;
        let multiple = feature.feature_type == "M";
        let mut variants = Map::new();
        for &(id, name) in &chosen {
            let image_pairs = if feature.icons {
                icon_json(id, name)
            } else {
                json!([])
            };
            let mut entry = json!({"value": "", "value_int": null, "variant_id": id.to_string(), "variant": name, "image_pairs": image_pairs});
            // judgment: a multiple-choice feature marks each chosen variant with `selected`,
            // as CS-Cart's feature variants do, and carries no single `variant` of its own.
            if multiple {
                entry["selected"] = json!(id.to_string());
            }
            variants.insert(id.to_string(), entry);
        }
        let mut json = json!({
            "feature_id": feature_id.to_string(), "value": "", "value_int": null,
            "variant_id": variant_id.to_string(), "feature_type": feature.feature_type,
            "internal_name": feature.name, "description": feature.name, "prefix": "", "suffix": "",
            "variant": variant, "parent_id": "0", "display_on_header": feature.on_header,
            "display_on_catalog": "N", "display_on_product": "N", "feature_code": "",
            "purpose": feature.purpose, "features_hash": format!("{}-{variant_id}", feature.filter_id),
            "variants": variants,
        });
        if multiple && let Some(object) = json.as_object_mut() {
            object.insert("variant_id".into(), json!("0"));
            object.remove("variant");
        }
        Some(json)
    }

    /// The features a variation group varies by, with this product's variant of each:
    /// empty (`[]`) for a product in no group.
    fn variation_features_json(&self) -> Value {
        let mut out = Map::new();
        for &(feature_id, variant_id) in &self.features {
            let Some(feature) = FEATURES
                .iter()
                .find(|f| f.id == feature_id && f.purpose == "group_variation_catalog_item")
            else {
                continue;
            };
            let Some(&(_, variant)) = feature.variants.iter().find(|(id, _)| *id == variant_id)
            else {
                continue;
            };
            // judgment: the document shows only an empty `variation_features`; a group member's
            // carries CS-Cart's feature fields for the feature and the variant it has.
            out.insert(
                feature_id.to_string(),
                json!({
                    "feature_id": feature_id.to_string(), "feature_type": feature.feature_type,
                    "internal_name": feature.name, "description": feature.name, "prefix": "", "suffix": "",
                    "purpose": feature.purpose, "variant_id": variant_id.to_string(), "variant": variant,
                }),
            );
        }
        if out.is_empty() {
            json!([])
        } else {
            Value::Object(out)
        }
    }
}

/// A feature without variants. judgment: CS-Cart keeps a checkbox's `Y`/`N` and a text in
/// `value` and a number in `value_int` (a decimal string, as MySQL returns it), with no
/// variant (`variant_id` "0", `variants` `[]`).
fn value_feature_json(feature_id: u64, value: &FeatureValue) -> Option<Value> {
    let feature = VALUE_FEATURES.iter().find(|f| f.id == feature_id)?;
    let (text, number) = match value {
        FeatureValue::Checkbox(on) => (if *on { "Y" } else { "N" }.to_owned(), Value::Null),
        FeatureValue::Number(n) => (String::new(), json!(fixed(*n, 2))),
        FeatureValue::Text(text) => (text.clone(), Value::Null),
    };
    Some(json!({
        "feature_id": feature_id.to_string(), "value": text, "value_int": number,
        "variant_id": "0", "feature_type": feature.feature_type,
        "internal_name": feature.name, "description": feature.name, "prefix": "", "suffix": feature.suffix,
        "parent_id": "0", "display_on_header": "N", "display_on_catalog": "N", "display_on_product": "Y",
        "feature_code": "", "purpose": "describe_product", "features_hash": "", "variants": [],
    }))
}

const IMAGE_HOST: &str = "example.com/stores/images";

fn image_paths(relative: &str) -> Value {
    json!({
        "image_path": format!("https://{IMAGE_HOST}/{relative}"),
        "http_image_path": format!("http://{IMAGE_HOST}/{relative}"),
        "https_image_path": format!("https://{IMAGE_HOST}/{relative}"),
        "absolute_path": format!("/srv/projects/example.com/web/stores/images/{relative}"),
        "relative_path": relative,
    })
}

fn image_json(product_id: u64, image: &Image) -> Value {
    let paths = image_paths(&image.relative_path);
    let id = product_id.to_string();
    json!({
        "pair_id": image.pair_id.to_string(), "image_id": "0", "detailed_id": image.detailed_id.to_string(),
        "position": "0", "object_id": id, "object_type": "product",
        "detailed": {
            "object_id": id, "object_type": "product", "type": "M",
            "image_path": paths["image_path"], "alt": "",
            "image_x": image.width.to_string(), "image_y": image.height.to_string(),
            "http_image_path": paths["http_image_path"], "https_image_path": paths["https_image_path"],
            "absolute_path": paths["absolute_path"], "relative_path": paths["relative_path"],
            "is_high_res": false,
        },
    })
}

fn icon_json(variant_id: u64, variant: &str) -> Value {
    let relative = format!(
        "feature_variant/1/{}_Logo.svg.png",
        variant.replace([' ', '\''], "")
    );
    let paths = image_paths(&relative);
    json!({
        "pair_id": (variant_id + 789).to_string(), "image_id": (variant_id + 920).to_string(), "detailed_id": "0",
        "position": "0", "object_id": variant_id.to_string(), "object_type": "feature_variant",
        "icon": {
            "image_path": paths["image_path"], "alt": "", "image_x": "200", "image_y": "133",
            "http_image_path": paths["http_image_path"], "https_image_path": paths["https_image_path"],
            "absolute_path": paths["absolute_path"], "relative_path": paths["relative_path"],
            "is_high_res": false,
        },
    })
}

/// A decimal with exactly two places, as CS-Cart writes money.
pub fn money(value: Decimal) -> String {
    fixed(value, 2)
}

/// A decimal rounded to exactly `places` places.
pub fn fixed(value: Decimal, places: u32) -> String {
    let mut v = value.round_dp(places);
    v.rescale(places);
    v.to_string()
}

/// CS-Cart's SEO name: lower-case words joined by '-', other characters dropped.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| c.is_whitespace() || c == '-' || c == '/') {
        let word: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if !word.is_empty() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&word);
        }
    }
    out
}
