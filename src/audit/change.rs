//! A change as the audit log records it: what kind of write it is and its values before and
//! after, as plain text.

use crate::basket::{Change, StockChange, prices};
use crate::catalog::fields::Field;

/// (operation, before, after) of a change: `("stock", "5", "7")`,
/// `("edit", "stock 5, price 10.00", "stock 7, price 12.50")`.
pub fn describe(change: &Change) -> (String, String, String) {
    let (operation, before, after) = match change {
        Change::Edit { stock, fields } => edit(stock.as_ref(), fields),
        Change::Raw { body, baseline } => {
            let before: serde_json::Map<_, _> = body
                .keys()
                .filter_map(|key| Some((key.clone(), baseline.get(key)?.clone())))
                .collect();
            (
                "raw edit",
                serde_json::Value::Object(before).to_string(),
                serde_json::Value::Object(body.clone()).to_string(),
            )
        }
        Change::Create(product) => {
            let sku = product.sku.as_ref().map_or("", |sku| sku.0.as_str());
            let stock = product
                .stock
                .map_or_else(String::new, |stock| format!(", stock {stock}"));
            let after = format!(
                "{} (SKU {sku}, price {}{stock})",
                product.name, product.price
            );
            ("create", String::new(), after)
        }
        Change::Delete { keep_channels } => {
            let after = if *keep_channels {
                "deleted, channel listings kept"
            } else {
                "deleted"
            };
            ("delete", "exists".to_owned(), after.to_owned())
        }
        Change::Warehouses { changes, .. } => {
            let side = |value: fn(&crate::basket::WarehouseChange) -> i64| {
                changes
                    .iter()
                    .map(|c| format!("{} {}", c.code, value(c)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            ("warehouse stock", side(|c| c.from), side(|c| c.to))
        }
        Change::Prices { from, to, stock } => {
            let mut before = vec![format!("prices {}", prices::describe(from))];
            let mut after = vec![format!("prices {}", prices::describe(to))];
            if let Some(stock) = stock {
                before.push(format!("stock {}", stock.from()));
                after.push(format!("stock {}", stock.to()));
            }
            ("prices", before.join(", "), after.join(", "))
        }
        Change::Sold {
            from,
            quantity,
            action,
        } => (
            "sale",
            format!("stock {from}"),
            format!(
                "stock {} (sold {quantity}, {})",
                from.saturating_sub(*quantity),
                action.wire()
            ),
        ),
    };
    (operation.to_owned(), before, after)
}

fn edit(
    stock: Option<&StockChange>,
    fields: &[crate::basket::FieldChange],
) -> (&'static str, String, String) {
    let only = |field: Field| fields.len() == 1 && fields[0].field == field;
    match (stock, fields) {
        (Some(stock), []) => ("stock", stock.from().to_string(), stock.to().to_string()),
        (None, [_]) if only(Field::Price) => {
            ("price", fields[0].from.clone(), fields[0].to.clone())
        }
        _ => {
            let mut before = Vec::new();
            let mut after = Vec::new();
            if let Some(stock) = stock {
                before.push(format!("stock {}", stock.from()));
                after.push(format!("stock {}", stock.to()));
            }
            for field in fields {
                let label = field.field.label().to_lowercase();
                before.push(format!("{label} {}", field.from));
                after.push(format!("{label} {}", field.to));
            }
            ("edit", before.join(", "), after.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basket::FieldChange;

    #[test]
    fn a_stock_or_a_price_alone_is_named_by_itself_and_both_are_an_edit() {
        let stock = Change::Edit {
            stock: Some(StockChange::Set { from: 5, to: 7 }),
            fields: vec![],
        };
        assert_eq!(describe(&stock), ("stock".into(), "5".into(), "7".into()));
        let price = FieldChange {
            field: Field::Price,
            from: "10.00".into(),
            to: "12.50".into(),
        };
        let priced = Change::Edit {
            stock: None,
            fields: vec![price.clone()],
        };
        assert_eq!(
            describe(&priced),
            ("price".into(), "10.00".into(), "12.50".into())
        );
        let both = Change::Edit {
            stock: Some(StockChange::adjust(5, 2)),
            fields: vec![price],
        };
        assert_eq!(
            describe(&both),
            (
                "edit".into(),
                "stock 5, price 10.00".into(),
                "stock 7, price 12.50".into()
            )
        );
    }
}
