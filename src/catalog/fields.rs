//! The product fields a user can edit, how each is validated, and how it maps onto a patch.

use serde::{Deserialize, Serialize};

use super::model::{Money, Platform, Product, ProductPatch, Sku, Status, Stock};

/// A platform-neutral product field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Name,
    Sku,
    Price,
    ListPrice,
    Stock,
    Status,
    Description,
    /// Category ids, comma-separated; asked for when creating a product.
    Categories,
    /// The stock held in one warehouse (by its id).
    Warehouse(u64),
}

/// What a field's text must look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Several lines allowed.
    LongText,
    /// A non-negative amount of money.
    Money,
    /// A whole number.
    Integer,
    /// One of a fixed set of words.
    Choice(Vec<String>),
    /// Positive whole numbers separated by commas.
    IdList,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    pub kind: FieldKind,
    pub required: bool,
}

const CSCART_STATUSES: &[&str] = &["active", "disabled", "hidden"];
const VALIGARA_STATUSES: &[&str] = &["active", "inactive", "draft"];
/// B2B Wave's `is_active`, true or false.
const B2BWAVE_STATUSES: &[&str] = &["active", "inactive"];
/// UGAL's item `<status>`.
const UGAL_STATUSES: &[&str] = &["online", "offline"];

/// The status words a platform's form offers, in order.
pub fn status_choices(platform: Platform) -> Vec<String> {
    let words = match platform {
        Platform::Valigara => VALIGARA_STATUSES,
        Platform::B2bwave => B2BWAVE_STATUSES,
        Platform::Ugal => UGAL_STATUSES,
        Platform::Cscart => CSCART_STATUSES,
    };
    words.iter().map(|word| (*word).to_owned()).collect()
}

/// The status a platform's own word stands for (`inactive` is Valigara's disabled).
pub fn status_from_text(platform: Platform, text: &str) -> Option<Status> {
    let word = text.trim().to_ascii_lowercase();
    match (platform, word.as_str()) {
        (_, "active") => Some(Status::Active),
        (Platform::Valigara, "inactive") => Some(Status::Disabled),
        (Platform::Valigara, "draft" | "sold") => Some(Status::Other(word)),
        (Platform::Valigara, _) => None,
        (Platform::B2bwave, "inactive") => Some(Status::Disabled),
        (Platform::B2bwave, _) => None,
        (Platform::Ugal, "online") => Some(Status::Active),
        (Platform::Ugal, "offline") => Some(Status::Disabled),
        (Platform::Ugal, _) => None,
        (_, "disabled") => Some(Status::Disabled),
        (_, "hidden") => Some(Status::Hidden),
        _ => None,
    }
}

/// The word a platform's form shows for a status.
pub fn status_text(platform: Platform, status: &Status) -> String {
    match (platform, status) {
        (Platform::Valigara | Platform::B2bwave, Status::Disabled | Status::Hidden) => {
            "inactive".to_owned()
        }
        (Platform::Ugal, Status::Active) => "online".to_owned(),
        (Platform::Ugal, Status::Disabled | Status::Hidden) => "offline".to_owned(),
        (_, status) => status.label().to_owned(),
    }
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Sku => "SKU",
            Field::Price => "Price",
            Field::ListPrice => "List price",
            Field::Stock => "Stock",
            Field::Status => "Status",
            Field::Description => "Description",
            Field::Categories => "Category IDs",
            Field::Warehouse(_) => "Warehouse stock",
        }
    }
}

/// The fields the platform lets a user change, in form order.
pub fn form_fields(platform: Platform) -> Vec<FieldSpec> {
    let spec = |field, kind, required| FieldSpec {
        field,
        kind,
        required,
    };
    let statuses = FieldKind::Choice(status_choices(platform));
    match platform {
        // Valigara has no list price; its live form comes from `product_listfields`.
        Platform::Valigara => vec![
            spec(Field::Name, FieldKind::Text, true),
            spec(Field::Sku, FieldKind::Text, true),
            spec(Field::Price, FieldKind::Money, true),
            spec(Field::Stock, FieldKind::Integer, false),
            spec(Field::Status, statuses, false),
            spec(Field::Description, FieldKind::LongText, false),
        ],
        // B2B Wave's prices are fields its API marks "not used": shown, not offered for change.
        Platform::B2bwave => vec![
            spec(Field::Name, FieldKind::Text, true),
            spec(Field::Sku, FieldKind::Text, false),
            spec(Field::Stock, FieldKind::Integer, false),
            spec(Field::Status, statuses, true),
            spec(Field::Description, FieldKind::LongText, false),
        ],
        // An item's PUT takes only its inventory and prices; the price is the nominal one.
        Platform::Ugal => vec![
            spec(Field::Stock, FieldKind::Integer, true),
            spec(Field::Price, FieldKind::Money, true),
        ],
        // CS-Cart accepts every one of these on PUT /api/products/:id.
        Platform::Cscart => vec![
            spec(Field::Name, FieldKind::Text, true),
            spec(Field::Sku, FieldKind::Text, false),
            spec(Field::Price, FieldKind::Money, true),
            spec(Field::ListPrice, FieldKind::Money, false),
            spec(Field::Stock, FieldKind::Integer, true),
            spec(Field::Status, statuses, true),
            spec(Field::Description, FieldKind::LongText, false),
        ],
    }
}

/// The fields asked for when creating a product. The SKU is required so that a create
/// interrupted by a crash can be recognised on the server before it is sent again.
pub fn create_fields(platform: Platform) -> Vec<FieldSpec> {
    let spec = |field, kind, required| FieldSpec {
        field,
        kind,
        required,
    };
    let statuses = FieldKind::Choice(status_choices(platform));
    match platform {
        // Valigara's category is a name, not an id: it is set in the raw editor.
        Platform::Valigara => vec![
            spec(Field::Name, FieldKind::Text, true),
            spec(Field::Sku, FieldKind::Text, true),
            spec(Field::Price, FieldKind::Money, true),
            spec(Field::Stock, FieldKind::Integer, false),
            spec(Field::Status, statuses, true),
        ],
        Platform::Cscart | Platform::B2bwave | Platform::Ugal => vec![
            spec(Field::Name, FieldKind::Text, true),
            spec(Field::Sku, FieldKind::Text, true),
            spec(Field::Price, FieldKind::Money, true),
            spec(Field::Stock, FieldKind::Integer, false),
            spec(Field::Status, statuses, true),
            spec(Field::Categories, FieldKind::IdList, true),
        ],
    }
}

/// Checks one field's text and returns it in canonical form (`"30"` → `"30.00"`).
pub fn validate(spec: &FieldSpec, text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return if spec.required {
            Err(format!("{} is required", spec.field.label()))
        } else {
            Ok(String::new())
        };
    }
    match &spec.kind {
        FieldKind::Text => {
            if trimmed.contains('\n') {
                Err(format!("{} must be one line", spec.field.label()))
            } else {
                Ok(trimmed.to_owned())
            }
        }
        FieldKind::LongText => Ok(text.trim_end().to_owned()),
        FieldKind::Money => match Money::parse(trimmed) {
            Some(money) if money.0.is_sign_negative() => {
                Err(format!("{} cannot be negative", spec.field.label()))
            }
            Some(money) => Ok(money.to_string()),
            None => Err(format!(
                "{} must be a decimal number like 12.50",
                spec.field.label()
            )),
        },
        FieldKind::Integer => trimmed
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| format!("{} must be a whole number", spec.field.label())),
        FieldKind::Choice(choices) => {
            let lower = trimmed.to_ascii_lowercase();
            if choices.contains(&lower) {
                Ok(lower)
            } else {
                Err(format!(
                    "{} must be one of {}",
                    spec.field.label(),
                    choices.join(", ")
                ))
            }
        }
        FieldKind::IdList => parse_ids(trimmed)
            .map(|ids| ids.iter().map(u64::to_string).collect::<Vec<_>>().join(","))
            .ok_or_else(|| {
                format!(
                    "{} must be numbers separated by commas, like 166,224",
                    spec.field.label()
                )
            }),
    }
}

/// `"166, 224"` → `[166, 224]`; `None` if any part is not a positive number.
pub fn parse_ids(text: &str) -> Option<Vec<u64>> {
    text.split(',')
        .map(|part| part.trim().parse::<u64>().ok().filter(|id| *id > 0))
        .collect()
}

/// The product's current value of a field, as the form shows it.
pub fn current_value(platform: Platform, field: Field, product: &Product) -> String {
    let summary = &product.summary;
    match field {
        Field::Name => summary.name.clone(),
        Field::Sku => summary.sku.0.clone(),
        Field::Price => summary.price.map(|m| m.to_string()).unwrap_or_default(),
        Field::ListPrice => product
            .list_price
            .map(|m| m.to_string())
            .unwrap_or_default(),
        Field::Stock => match summary.stock {
            Stock::Quantity(n) => n.to_string(),
            Stock::NotTracked => String::new(),
        },
        Field::Status => status_text(platform, &summary.status),
        Field::Description => product.description.clone().unwrap_or_default(),
        Field::Categories => product
            .category_ids
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        Field::Warehouse(id) => product
            .warehouses
            .iter()
            .find(|w| w.id == id)
            .map(|w| w.quantity.to_string())
            .unwrap_or_default(),
    }
}

/// Whether two texts of a field mean the same value (`30` and `30.00` are one price).
pub fn same_value(field: Field, a: &str, b: &str) -> bool {
    match field {
        Field::Price | Field::ListPrice => match (Money::parse(a), Money::parse(b)) {
            (Some(a), Some(b)) => a == b,
            _ => a.trim() == b.trim(),
        },
        Field::Status => a.trim().eq_ignore_ascii_case(b.trim()),
        Field::Description => a.trim_end() == b.trim_end(),
        _ => a.trim() == b.trim(),
    }
}

/// Sets one validated field on a patch. Returns an error for text that does not parse.
pub fn apply(
    platform: Platform,
    field: Field,
    text: &str,
    patch: &mut ProductPatch,
) -> Result<(), String> {
    let bad = || format!("{} has an invalid value `{text}`", field.label());
    match field {
        Field::Name => patch.name = Some(text.to_owned()),
        Field::Sku => patch.sku = Some(Sku(text.to_owned())),
        Field::Price => patch.price = Some(Money::parse(text).ok_or_else(bad)?),
        Field::ListPrice => {
            patch.list_price =
                Some(Money::parse(if text.is_empty() { "0" } else { text }).ok_or_else(bad)?)
        }
        Field::Stock => patch.stock = Some(text.parse().map_err(|_| bad())?),
        Field::Status => patch.status = Some(status_from_text(platform, text).ok_or_else(bad)?),
        Field::Description => patch.description = Some(text.to_owned()),
        Field::Categories => return Err("categories are set when a product is created".to_owned()),
        Field::Warehouse(_) => return Err("a warehouse's stock is sent on its own".to_owned()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(field: Field) -> FieldSpec {
        form_fields(Platform::Cscart)
            .into_iter()
            .find(|s| s.field == field)
            .unwrap()
    }

    #[test]
    fn validation_normalises_and_explains() {
        assert_eq!(validate(&spec(Field::Price), " 30 "), Ok("30.00".into()));
        assert!(
            validate(&spec(Field::Price), "3O")
                .unwrap_err()
                .contains("decimal")
        );
        assert!(
            validate(&spec(Field::Price), "-1")
                .unwrap_err()
                .contains("negative")
        );
        assert!(
            validate(&spec(Field::Stock), "1.5")
                .unwrap_err()
                .contains("whole number")
        );
        assert_eq!(
            validate(&spec(Field::Status), "Hidden"),
            Ok("hidden".into())
        );
        assert!(
            validate(&spec(Field::Status), "gone")
                .unwrap_err()
                .contains("active, disabled, hidden")
        );
        assert!(
            validate(&spec(Field::Name), "  ")
                .unwrap_err()
                .contains("required")
        );
        assert_eq!(validate(&spec(Field::ListPrice), ""), Ok(String::new()));
    }

    #[test]
    fn prices_compare_by_value() {
        assert!(same_value(Field::Price, "30", "30.00"));
        assert!(!same_value(Field::Price, "30", "30.01"));
        assert!(same_value(Field::Status, "Active", "active"));
    }

    #[test]
    fn statuses_use_each_platform_words() {
        let valigara = Platform::Valigara;
        assert_eq!(
            status_from_text(valigara, "inactive"),
            Some(Status::Disabled)
        );
        assert_eq!(
            status_from_text(valigara, "Draft"),
            Some(Status::Other("draft".into()))
        );
        assert_eq!(status_from_text(valigara, "hidden"), None);
        assert_eq!(status_from_text(Platform::Cscart, "inactive"), None);
        assert_eq!(status_text(valigara, &Status::Disabled), "inactive");
        assert_eq!(status_text(Platform::Cscart, &Status::Disabled), "disabled");
        let mut patch = ProductPatch::default();
        apply(valigara, Field::Status, "inactive", &mut patch).unwrap();
        assert_eq!(patch.status, Some(Status::Disabled));
    }

    #[test]
    fn b2bwave_speaks_of_active_and_inactive_and_offers_no_price() {
        let b2b = Platform::B2bwave;
        assert_eq!(status_choices(b2b), ["active", "inactive"]);
        assert_eq!(status_from_text(b2b, "Inactive"), Some(Status::Disabled));
        assert_eq!(status_from_text(b2b, "hidden"), None);
        assert_eq!(status_text(b2b, &Status::Disabled), "inactive");
        let form: Vec<Field> = form_fields(b2b).iter().map(|s| s.field).collect();
        assert!(!form.contains(&Field::Price) && !form.contains(&Field::ListPrice));
        assert!(
            create_fields(b2b)
                .iter()
                .any(|s| s.field == Field::Categories)
        );
    }

    #[test]
    fn ugal_offers_stock_and_price_and_speaks_of_online_and_offline() {
        let ugal = Platform::Ugal;
        let form: Vec<Field> = form_fields(ugal).iter().map(|s| s.field).collect();
        assert_eq!(form, [Field::Stock, Field::Price]);
        assert_eq!(status_text(ugal, &Status::Active), "online");
        assert_eq!(status_text(ugal, &Status::Disabled), "offline");
        assert_eq!(status_from_text(ugal, "Offline"), Some(Status::Disabled));
        assert_eq!(status_choices(ugal), ["online", "offline"]);
    }
}
