//! After a batch changed stock on Valigara: the offer to push that stock to the sales
//! channels (`products_revise_inventory`), its confirmation, and its result. Never automatic:
//! the push spends one of the hourly listing updates.

use super::common::{info, problem};
use crate::app::effect::Effect;
use crate::app::state::{Dialog, Layer, State};
use crate::basket::Change;
use crate::catalog::error::CatalogError;
use crate::catalog::model::{Budget, Platform, ProductId, SoldAction};
use crate::wording::count;

/// Once a batch is done on Valigara, asks whether to push the stock it changed to the
/// channels, when it changed any.
pub fn offer(state: &mut State) {
    if state.profile().map(|p| p.platform) != Some(Platform::Valigara) {
        return;
    }
    let mut ids: Vec<ProductId> = Vec::new();
    for (target, change) in &state.session.last_sent {
        if let Some(id) = &target.id
            && changes_channel_stock(change)
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    if ids.is_empty() {
        return;
    }
    let budget = state.listings().and_then(|view| view.budget);
    state.push(Layer::Dialog(Dialog::ConfirmStockPush { ids, budget }));
}

/// Whether a sent change left the channels showing a stock the store no longer has. A sale
/// that revised (or ended) its listings has already told them.
fn changes_channel_stock(change: &Change) -> bool {
    match change {
        Change::Edit { stock, .. } => stock.is_some(),
        Change::Sold { action, .. } => *action == SoldAction::NoAction,
        Change::Raw { body, baseline } => body.get("quantity") != baseline.get("quantity"),
        _ => false,
    }
}

/// Yes: one request pushes every product's stock.
pub fn confirmed(state: &mut State, ids: Vec<ProductId>) -> Vec<Effect> {
    let what = count(ids.len(), "product", "products");
    info(
        state,
        &format!("Pushing the stock of {what} to the sales channels…"),
    );
    vec![Effect::PushStock {
        profile: state.active_profile,
        ids,
    }]
}

/// What the push did, on the status line, with the listing updates left.
pub fn pushed(
    state: &mut State,
    result: Result<(usize, Vec<String>), CatalogError>,
    budget: Option<Budget>,
) -> Vec<Effect> {
    let left = budget
        .map(|b| {
            format!(
                "; {} of {} listing updates left this hour",
                b.remaining, b.limit
            )
        })
        .unwrap_or_default();
    match result {
        Ok((revised, failed)) if failed.is_empty() => {
            let revised = count(revised, "channel listing", "channel listings");
            info(state, &format!("Stock pushed to {revised}{left}"))
        }
        Ok((revised, failed)) => {
            let revised = count(revised, "channel listing", "channel listings");
            let text = format!(
                "Stock pushed to {revised}, refused: {}{left}",
                failed.join(", ")
            );
            problem(state, &text)
        }
        Err(error) => problem(state, &format!("Stock not pushed to the channels: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

    use super::*;
    use crate::basket::StockChange;

    fn object(value: serde_json::Value) -> Map<String, serde_json::Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn only_changes_the_channels_have_not_heard_of_are_pushed() {
        let stock = Change::Edit {
            stock: Some(StockChange::Set { from: 1, to: 2 }),
            fields: vec![],
        };
        assert!(changes_channel_stock(&stock));
        let fields_only = Change::Edit {
            stock: None,
            fields: vec![],
        };
        assert!(!changes_channel_stock(&fields_only));
        let sold = |action| Change::Sold {
            from: 3,
            quantity: 1,
            action,
        };
        assert!(changes_channel_stock(&sold(SoldAction::NoAction)));
        assert!(
            !changes_channel_stock(&sold(SoldAction::Revise)),
            "pushed already"
        );
        assert!(
            !changes_channel_stock(&sold(SoldAction::Remove)),
            "listings ended"
        );
        let raw = |quantity| Change::Raw {
            body: object(json!({"quantity": quantity, "title": "Ring"})),
            baseline: object(json!({"quantity": 3, "title": "Ring"})),
        };
        assert!(changes_channel_stock(&raw(4)));
        assert!(!changes_channel_stock(&raw(3)));
        let delete = Change::Delete {
            keep_channels: true,
        };
        assert!(!changes_channel_stock(&delete));
    }
}
