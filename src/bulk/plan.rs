//! The changes a matched stock file asks for, as basket items, and how an earlier run's journal is resumed.

use std::collections::{HashMap, HashSet};

use super::matching::Matched;
use crate::basket::{
    Basket, Change, FieldChange, Item, ItemStatus, Target, WarehouseChange, stock_total,
};
use crate::catalog::fields::Field;
use crate::catalog::model::{Money, ProductId, Stock};

/// One product whose stock or price differs from the file's.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub line: usize,
    pub target: Target,
    /// (old, new) stock.
    pub stock: Option<(i64, i64)>,
    /// (old, new) price.
    pub price: Option<(Option<Money>, Money)>,
    /// On a product kept in several warehouses: the main warehouse's change that gives the
    /// new total, as the UI's `=` makes it.
    pub warehouse: Option<WarehouseChange>,
}

impl Edit {
    /// `SKU  name  old -> new`, then `price old -> new` when the price changes.
    pub fn describe(&self) -> String {
        let mut parts = vec![
            crate::sanitize::clean(&self.target.sku).into_owned(),
            crate::sanitize::clean(&self.target.name).into_owned(),
        ];
        if let Some((from, to)) = self.stock {
            parts.push(format!("{from} -> {to}"));
        }
        if let Some(w) = &self.warehouse {
            let code = crate::sanitize::clean(&w.code).into_owned();
            parts.push(format!("(warehouse {code} {} -> {})", w.from, w.to));
        }
        if let Some((from, to)) = self.price {
            let from = from.map_or_else(|| "none".to_owned(), |m| m.to_string());
            parts.push(format!("price {from} -> {to}"));
        }
        parts.join("  ")
    }
}

/// The edits the file asks for: rows whose stock or price already match are left out.
pub fn edits(matched: &[Matched]) -> Vec<Edit> {
    matched
        .iter()
        .filter_map(|m| {
            let stock = match m.product.stock {
                Stock::Quantity(current) => m
                    .row
                    .stock
                    .filter(|wanted| *wanted != current)
                    .map(|wanted| (current, wanted)),
                Stock::NotTracked => None,
            };
            let price = m
                .row
                .price
                .filter(|wanted| m.product.price != Some(*wanted))
                .map(|wanted| (m.product.price, wanted));
            (stock.is_some() || price.is_some()).then(|| Edit {
                line: m.row.line,
                target: Target {
                    id: Some(m.product.id.clone()),
                    sku: m.product.sku.0.clone(),
                    name: m.product.name.clone(),
                },
                stock,
                price,
                warehouse: None,
            })
        })
        .collect()
}

/// Stages the edits in a basket, as the UI's `=` and form do; ids follow `after`.
pub fn stage(edits: &[Edit], after: u64) -> Vec<Item> {
    let mut basket = Basket {
        items: vec![],
        next_id: after,
    };
    for edit in edits {
        if let (Some((total, _)), Some(warehouse)) = (edit.stock, &edit.warehouse) {
            basket.stage(
                edit.target.clone(),
                Change::Warehouses {
                    total,
                    changes: vec![warehouse.clone()],
                },
            );
            continue;
        }
        if let Some((from, to)) = edit.stock {
            basket.set_stock(edit.target.clone(), from, to);
        }
        if let Some((from, to)) = edit.price {
            basket.stage_fields(
                edit.target.clone(),
                vec![FieldChange {
                    field: Field::Price,
                    from: from.map(|m| m.to_string()).unwrap_or_default(),
                    to: to.to_string(),
                }],
            );
        }
    }
    basket.items
}

/// Whether an item left in the journal is one this file asks for: a stock and/or price edit of
/// a product the file lists, to the values the file gives.
pub fn from_this_file(item: &Item, matched: &HashMap<&ProductId, &Matched>) -> bool {
    let Some(m) = item.target.id.as_ref().and_then(|id| matched.get(id)) else {
        return false;
    };
    let (stock, fields) = match &item.change {
        Change::Edit { stock, fields } => (stock, fields),
        Change::Warehouses { total, changes } => {
            let moved: i64 = changes.iter().map(|c| c.to - c.from).sum();
            return m.row.stock == Some(total.saturating_add(moved));
        }
        _ => return false,
    };
    let stock_ok = stock.is_none_or(|s| Some(s.to()) == m.row.stock);
    let fields_ok = fields.iter().all(|f| {
        f.field == Field::Price && m.row.price.is_some_and(|p| Money::parse(&f.to) == Some(p))
    });
    stock_ok && fields_ok
}

/// The items to send: the journal's (when they all come from this file), then fresh ones for
/// the products the journal does not hold. An item that was in flight comes back uncertain.
pub fn resume(journal: Vec<Item>, edits: &[Edit]) -> Vec<Item> {
    let after = journal.iter().map(|item| item.id.0).max().unwrap_or(0);
    let mut items: Vec<Item> = journal
        .into_iter()
        .map(|mut item| {
            if item.status == ItemStatus::Sending {
                item.status = ItemStatus::Uncertain;
            }
            item
        })
        .collect();
    let held: HashSet<Option<ProductId>> = items.iter().map(|i| i.target.id.clone()).collect();
    let fresh: Vec<Edit> = edits
        .iter()
        .filter(|edit| !held.contains(&edit.target.id))
        .cloned()
        .collect();
    items.extend(stage(&fresh, after));
    items
}

/// How an earlier run's journal meets this file's edits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resumption {
    /// What to send: the journal's items this file asks for (resumed), then fresh items for
    /// the file's other edits.
    pub send: Vec<Item>,
    /// The journal's items this file does not ask for: kept in the journal as they are.
    pub kept: Vec<Item>,
    /// The file's edits of a product a kept item is for: not sent, so that two changes of
    /// one product never race.
    pub blocked: Vec<Blocked>,
    /// How many items were resumed from the journal.
    pub resumed: usize,
}

/// An edit not sent because the journal holds another change of its product.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocked {
    pub edit: Edit,
    /// The journal's item for the same product.
    pub by: Item,
}

impl Blocked {
    /// `line 3: SKU A not sent: the journal holds a failed change of it (price 10.00 → 9.00:
    /// 400 refused); see stockroom journal show, then stockroom journal discard A`.
    pub fn describe(&self) -> String {
        let sku = crate::sanitize::clean(&self.edit.target.sku).into_owned();
        let state = match &self.by.status {
            ItemStatus::Failed { message } => {
                format!(
                    "a failed change of it ({}: {message})",
                    self.by.change.describe()
                )
            }
            ItemStatus::Uncertain | ItemStatus::Sending => {
                format!(
                    "a change of it that may have been applied ({})",
                    self.by.change.describe()
                )
            }
            ItemStatus::Conflict { .. } => {
                format!("a conflicting change of it ({})", self.by.change.describe())
            }
            ItemStatus::Staged => format!("an unsent change of it ({})", self.by.change.describe()),
        };
        let item = if sku.is_empty() || sku.contains(char::is_whitespace) {
            self.by
                .target
                .id
                .as_ref()
                .map_or_else(String::new, |id| id.0.clone())
        } else {
            sku.clone()
        };
        format!(
            "line {}: SKU {sku} not sent: the journal holds {}; see stockroom journal show, \
             then stockroom journal resume or stockroom journal discard {item}",
            self.edit.line,
            crate::sanitize::clean(&state)
        )
    }
}

/// Sorts a journal left by an earlier run (or the UI) against this file's edits: items the
/// file asks for are resumed, others are kept and block the file's edits of their products,
/// and the file's remaining edits are staged after the highest id the journal holds.
pub fn sort_journal(
    journal: Vec<Item>,
    matched: &HashMap<&ProductId, &Matched>,
    edits: &[Edit],
) -> Resumption {
    let after = journal.iter().map(|item| item.id.0).max().unwrap_or(0);
    let (resumed, kept): (Vec<Item>, Vec<Item>) = journal
        .into_iter()
        .partition(|item| from_this_file(item, matched));
    let mut blocked = Vec::new();
    let mut free = Vec::new();
    for edit in edits {
        let holder = kept
            .iter()
            .find(|item| item.target.id.is_some() && item.target.id == edit.target.id);
        match holder {
            Some(by) => blocked.push(Blocked {
                edit: edit.clone(),
                by: by.clone(),
            }),
            None => free.push(edit.clone()),
        }
    }
    let count = resumed.len();
    let mut send = resume(resumed, &[]);
    let held: HashSet<Option<ProductId>> = send.iter().map(|i| i.target.id.clone()).collect();
    free.retain(|edit| !held.contains(&edit.target.id));
    send.extend(stage(&free, after));
    Resumption {
        send,
        kept,
        blocked,
        resumed: count,
    }
}

/// On a platform that keeps stock per warehouse, reads each product whose stock changes and,
/// when it has several warehouses, puts the change of the total on the first (main) one, by
/// the rule the UI's stock keys follow (`basket::stock_total`).
/// A product that cannot be read, or whose main warehouse would go below zero, is a problem.
pub async fn per_warehouse(
    catalog: &crate::catalog::Catalog,
    edits: Vec<Edit>,
    problems: &mut Vec<super::RowProblem>,
) -> Vec<Edit> {
    if !catalog.capabilities().warehouses {
        return edits;
    }
    let mut kept = Vec::with_capacity(edits.len());
    for mut edit in edits {
        let (Some((_, to)), Some(id)) = (edit.stock, edit.target.id.clone()) else {
            kept.push(edit);
            continue;
        };
        let problem = |text: String| super::RowProblem {
            line: edit.line,
            text,
        };
        let product = match catalog.get(&id).await.result {
            Ok(product) => product,
            Err(e) => {
                problems.push(problem(format!(
                    "could not read the warehouses of SKU {}: {e}",
                    edit.target.sku
                )));
                continue;
            }
        };
        match stock_total::total_on_main(&product.warehouses, &[], to) {
            None => {}
            Some(Err(e)) => {
                problems.push(problem(format!(
                    "SKU {} cannot reach {to}: {e}",
                    edit.target.sku
                )));
                continue;
            }
            Some(Ok(_)) if edit.price.is_some() => {
                problems.push(problem(format!(
                    "SKU {} keeps stock in {} warehouses: change its stock and its price in two runs",
                    edit.target.sku,
                    product.warehouses.len()
                )));
                continue;
            }
            Some(Ok(main)) => edit.warehouse = Some(main),
        }
        kept.push(edit);
    }
    problems.sort_by_key(|p| p.line);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::{StockRow, parse_stock_file};
    use crate::catalog::model::{ProductSummary, Sku, Status};

    fn matched(sku: &str, current: i64, price: &str, row: &str) -> Matched {
        let file = match parse_stock_file(&format!("sku,stock,price\n{row}\n")) {
            Ok(file) => file,
            Err(e) => panic!("{e}"),
        };
        let row: StockRow = file.rows[0].clone();
        Matched {
            row,
            product: ProductSummary {
                id: ProductId(format!("id-{sku}")),
                sku: Sku(sku.into()),
                name: format!("Name {sku}"),
                price: Money::parse(price),
                stock: Stock::Quantity(current),
                status: Status::Active,
            },
        }
    }

    #[test]
    fn only_differences_become_edits_and_items() {
        let all = vec![
            matched("A", 5, "10.00", "A,7,"),
            matched("B", 5, "10.00", "B,5,10"),
            matched("C", 5, "10.00", "C,5,12.5"),
        ];
        let edits = edits(&all);
        let shown: Vec<String> = edits.iter().map(Edit::describe).collect();
        assert_eq!(
            shown,
            ["A  Name A  5 -> 7", "C  Name C  price 10.00 -> 12.50"]
        );
        let items = stage(&edits, 0);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].change.describe(), "stock 5 → 7");
        assert_eq!(items[1].change.describe(), "price 10.00 → 12.50");
        let by_id: HashMap<_, _> = all.iter().map(|m| (&m.product.id, m)).collect();
        assert!(items.iter().all(|item| from_this_file(item, &by_id)));
    }

    #[test]
    fn a_journal_item_not_asked_for_by_the_file_is_foreign() {
        let all = [matched("A", 5, "10.00", "A,7,")];
        let other = [matched("A", 5, "10.00", "A,9,")];
        let items = stage(&edits(&other), 0);
        let by_id: HashMap<_, _> = all.iter().map(|m| (&m.product.id, m)).collect();
        assert!(!from_this_file(&items[0], &by_id));
    }

    #[test]
    fn resuming_keeps_journal_items_and_stages_only_the_rest() {
        let all = vec![
            matched("A", 5, "10.00", "A,7,"),
            matched("B", 1, "10.00", "B,2,"),
        ];
        let edits = edits(&all);
        let mut journal = stage(&edits[..1], 40);
        journal[0].status = ItemStatus::Sending;
        let items = resume(journal, &edits);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].id.0, 41);
        assert_eq!(items[0].status, ItemStatus::Uncertain);
        assert_eq!(items[1].id.0, 42);
        assert_eq!(items[1].target.sku, "B");
    }

    #[test]
    fn a_journal_item_the_file_does_not_ask_for_blocks_only_its_own_product() {
        let all = vec![
            matched("A", 5, "10.00", "A,7,"),
            matched("B", 1, "10.00", "B,2,"),
            matched("C", 1, "10.00", "C,4,"),
        ];
        let by_id: HashMap<_, _> = all.iter().map(|m| (&m.product.id, m)).collect();
        let earlier = [matched("A", 5, "10.00", "A,5,9.00")];
        let mut failed = stage(&edits(&earlier), 0);
        failed[0].status = ItemStatus::Failed {
            message: "400 refused".into(),
        };
        let mut resumed = stage(&edits(&all[2..]), 6);
        resumed[0].status = ItemStatus::Sending;
        let journal = [failed.clone(), resumed].concat();

        let sorted = sort_journal(journal, &by_id, &edits(&all));
        assert_eq!(sorted.kept, failed, "the foreign item stays as it was");
        assert_eq!(sorted.resumed, 1);
        let sent: Vec<(&str, u64)> = sorted
            .send
            .iter()
            .map(|item| (item.target.sku.as_str(), item.id.0))
            .collect();
        assert_eq!(
            sent,
            [("C", 7), ("B", 8)],
            "new ids follow the journal's highest"
        );
        assert_eq!(sorted.send[0].status, ItemStatus::Uncertain);
        assert_eq!(sorted.blocked.len(), 1);
        let told = sorted.blocked[0].describe();
        assert!(
            told.starts_with("line 2: SKU A not sent: the journal holds a failed change of it")
                && told.contains("400 refused")
                && told.ends_with("stockroom journal discard A"),
            "{told}"
        );
    }
}
