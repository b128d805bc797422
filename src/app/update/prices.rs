//! The price-list editor: tiers typed and checked as they are typed, staged as one change.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::common::{info, journal, problem};
use crate::app::effect::Effect;
use crate::app::state::{Editor, Layer, PriceColumn, PriceEditor, PriceRow, State};
use crate::basket::{Change, Target};
use crate::catalog::model::{Money, PriceTier, Product};

/// The tier every item must have: UGAL's nominal price.
const NOMINAL: (&str, u32) = ("default", 1);

pub fn open(state: &mut State, target: Target, product: &Product) {
    let mut tiers = product.prices.clone();
    tiers.sort_by(|a, b| {
        let nominal = |t: &PriceTier| (t.pricelist.as_str(), t.quantity) != NOMINAL;
        (nominal(a), &a.pricelist, a.quantity).cmp(&(nominal(b), &b.pricelist, b.quantity))
    });
    let staged = state
        .session
        .basket
        .for_product(&product.summary.id)
        .and_then(|item| match &item.change {
            Change::Prices { to, .. } => Some(to.clone()),
            _ => None,
        });
    let shown = staged.unwrap_or_else(|| tiers.clone());
    let rows = shown
        .iter()
        .map(|t| PriceRow {
            pricelist: t.pricelist.clone(),
            quantity: t.quantity.to_string(),
            amount: t.amount.to_string(),
            error: None,
        })
        .collect();
    let mut editor = PriceEditor {
        target,
        vat_rate: product.vat_rate,
        rows,
        original: tiers,
        row: 0,
        column: PriceColumn::Amount,
        selected: true,
        errors: vec![],
    };
    check(&mut editor);
    state.push(Layer::Editor(Editor::Prices(Box::new(editor))));
}

/// Checks every row and the table's rules; returns the tiers when all is well.
pub fn check(editor: &mut PriceEditor) -> Option<Vec<PriceTier>> {
    let mut tiers = Vec::new();
    // (price list, quantity) of every row whose two are readable, whatever its amount: the
    // table's rules are about which tiers exist.
    let mut keys = Vec::new();
    for row in &mut editor.rows {
        let pricelist = row.pricelist.trim();
        let quantity = row.quantity.trim().parse::<u32>().ok().filter(|q| *q >= 1);
        let amount =
            Money::parse(&row.amount).filter(|m| !m.0.is_sign_negative() && m.0.scale() <= 2);
        row.error = if pricelist.is_empty() {
            Some("a price list name is needed".to_owned())
        } else if quantity.is_none() {
            Some("the quantity is a whole number from 1".to_owned())
        } else if amount.is_none() {
            Some("the amount is a decimal ≥ 0 with at most two places".to_owned())
        } else {
            None
        };
        if let (false, Some(quantity)) = (pricelist.is_empty(), quantity) {
            keys.push((pricelist.to_owned(), quantity));
        }
        if let (None, Some(quantity), Some(amount)) = (&row.error, quantity, amount) {
            tiers.push(PriceTier {
                pricelist: pricelist.to_owned(),
                quantity,
                amount,
                vat: None,
            });
        }
    }
    editor.errors.clear();
    if !keys
        .iter()
        .any(|(pricelist, quantity)| (pricelist.as_str(), *quantity) == NOMINAL)
    {
        editor
            .errors
            .push("a nominal price (default × 1) is required".to_owned());
    }
    let mut seen = Vec::new();
    for key in keys {
        if seen.contains(&key) {
            editor
                .errors
                .push(format!("{} × {} is there twice", key.0, key.1));
        } else {
            seen.push(key);
        }
    }
    let complete = tiers.len() == editor.rows.len();
    (complete && editor.errors.is_empty()).then_some(tiers)
}

/// A key in the price editor: typing into the focused cell (replacing its value while it is
/// selected), moving, adding or removing rows.
pub fn key(editor: &mut PriceEditor, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let selected = std::mem::replace(&mut editor.selected, false);
    match key.code {
        KeyCode::Char('n') if ctrl => {
            editor.rows.push(PriceRow {
                pricelist: "default".into(),
                quantity: "10".into(),
                ..PriceRow::default()
            });
            editor.row = editor.rows.len() - 1;
            editor.column = PriceColumn::Amount;
            editor.selected = true;
        }
        KeyCode::Char('d') if ctrl => {
            if editor.row < editor.rows.len() {
                editor.rows.remove(editor.row);
            }
            editor.row = editor.row.min(editor.rows.len().saturating_sub(1));
            editor.selected = true;
        }
        KeyCode::Char('u') if ctrl => {
            if let Some(cell) = cell(editor) {
                cell.clear();
            }
        }
        KeyCode::Up => {
            editor.row = editor.row.saturating_sub(1);
            editor.selected = true;
        }
        KeyCode::Down => {
            editor.row = (editor.row + 1).min(editor.rows.len().saturating_sub(1));
            editor.selected = true;
        }
        KeyCode::Backspace => {
            if let Some(cell) = cell(editor) {
                cell.pop();
            }
        }
        KeyCode::Char(c) if !ctrl => {
            if let Some(cell) = cell(editor) {
                if selected {
                    cell.clear();
                }
                cell.push(c);
            }
        }
        _ => {}
    }
    check(editor);
}

/// Tab moves right through the cells, then to the next row.
pub fn step(editor: &mut PriceEditor, forward: bool) {
    use PriceColumn::{Amount, Pricelist, Quantity};
    let last = editor.rows.len().saturating_sub(1);
    (editor.row, editor.column) = match (editor.column, forward) {
        (Pricelist, true) => (editor.row, Quantity),
        (Quantity, true) => (editor.row, Amount),
        (Amount, true) if editor.row < last => (editor.row + 1, Pricelist),
        (Amount, true) => (0, Pricelist),
        (Amount, false) => (editor.row, Quantity),
        (Quantity, false) => (editor.row, Pricelist),
        (Pricelist, false) if editor.row > 0 => (editor.row - 1, Amount),
        (Pricelist, false) => (last, Amount),
    };
    editor.selected = true;
}

fn cell(editor: &mut PriceEditor) -> Option<&mut String> {
    let row = editor.rows.get_mut(editor.row)?;
    Some(match editor.column {
        PriceColumn::Pricelist => &mut row.pricelist,
        PriceColumn::Quantity => &mut row.quantity,
        PriceColumn::Amount => &mut row.amount,
    })
}

/// Ctrl-s: the whole list is staged, or the editor stays open with what is wrong.
pub fn save(state: &mut State, mut editor: Box<PriceEditor>) -> Vec<Effect> {
    let Some(tiers) = check(&mut editor) else {
        state.push(Layer::Editor(Editor::Prices(editor)));
        return problem(state, "Fix the marked prices first: nothing was staged");
    };
    let staged_stock = editor
        .target
        .id
        .as_ref()
        .and_then(|id| state.session.basket.staged_stock(id));
    if crate::basket::prices::same(&tiers, &editor.original) && staged_stock.is_none() {
        return info(state, "The prices are as they were: nothing staged");
    }
    let target = editor.target.clone();
    // A stock change already staged for the item goes out in the same write.
    let stock = target
        .id
        .as_ref()
        .and_then(|id| state.session.basket.for_product(id))
        .and_then(|item| match &item.change {
            Change::Edit { stock, fields } if fields.is_empty() => *stock,
            Change::Prices { stock, .. } => *stock,
            _ => None,
        });
    state.session.basket.stage(
        target.clone(),
        Change::Prices {
            from: editor.original.clone(),
            to: tiers,
            stock,
        },
    );
    info(
        state,
        &format!("{}: prices staged (b to review)", target.sku),
    );
    journal(state)
}
