//! A warning before staging a product whose SKU another product already has.

use crate::catalog::model::ProductSummary;

/// How many of the products sharing the SKU a warning names.
const NAMED: usize = 3;

/// A sentence warning that `sku` is already used by one of `rows` (the loaded products),
/// naming them; `None` when no loaded product has it (or the SKU is blank). Creating the
/// product stays allowed: the platforms accept a repeated SKU.
pub fn duplicate_sku_warning<'a>(
    rows: impl IntoIterator<Item = &'a ProductSummary>,
    sku: &str,
) -> Option<String> {
    let sku = sku.trim();
    if sku.is_empty() {
        return None;
    }
    let owners: Vec<&ProductSummary> = rows.into_iter().filter(|p| p.sku.0 == sku).collect();
    if owners.is_empty() {
        return None;
    }
    let named: Vec<String> = owners
        .iter()
        .take(NAMED)
        .map(|p| {
            format!(
                "{} ({})",
                crate::sanitize::clean(&p.id.0),
                crate::sanitize::clean(&p.name)
            )
        })
        .collect();
    let more = owners.len().saturating_sub(NAMED);
    let others = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let whom = if owners.len() == 1 {
        "product"
    } else {
        "products"
    };
    Some(format!(
        "SKU {} is already used by {whom} {}{others}: the new product would share it",
        crate::sanitize::clean(sku),
        named.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{ProductId, Sku, Status, Stock};

    fn product(id: &str, sku: &str, name: &str) -> ProductSummary {
        ProductSummary {
            id: ProductId(id.into()),
            sku: Sku(sku.into()),
            name: name.into(),
            price: None,
            stock: Stock::Quantity(1),
            status: Status::Active,
        }
    }

    #[test]
    fn a_sku_in_use_is_named_with_its_products_and_a_new_one_is_not() {
        let rows = [
            product("12", "RING-1", "Ring"),
            product("13", "RING-10", "Ring ten"),
            product("40", "RING-1", "Old ring"),
        ];
        assert_eq!(
            duplicate_sku_warning(&rows, "RING-1").as_deref(),
            Some(
                "SKU RING-1 is already used by products 12 (Ring), 40 (Old ring): \
                 the new product would share it"
            )
        );
        assert_eq!(duplicate_sku_warning(&rows, "RING-2"), None);
        assert_eq!(
            duplicate_sku_warning(&rows, "RING"),
            None,
            "exact codes only"
        );
        assert_eq!(duplicate_sku_warning(&rows, "  "), None);
    }
}
