//! A product's sales-channel listings: choose accounts, see the hourly budget, push the update.

use super::common::{info, problem};
use super::staging::target_of;
use crate::app::effect::Effect;
use crate::app::state::{Dialog, Layer, ListingsView, State};
use crate::catalog::model::Budget;

pub fn open(state: &mut State) -> Vec<Effect> {
    let Some(profile) = state.profile() else {
        return vec![];
    };
    if !profile.capabilities.channels {
        let text = format!("{} has no sales-channel listings", profile.platform);
        return problem(state, &text);
    }
    let Some(summary) = state.session.listing.selected_product() else {
        return vec![];
    };
    state.push(Layer::Listings(ListingsView {
        target: target_of(summary),
        accounts: None,
        chosen: vec![],
        selected: 0,
        budget: None,
        sending: false,
    }));
    vec![Effect::LoadListings {
        profile: state.active_profile,
    }]
}

fn refill_text(budget: &Budget) -> String {
    match budget.refill_in {
        Some(wait) => format!(
            "the next is allowed in {} min",
            wait.as_secs().div_ceil(60).max(1)
        ),
        None => "wait for the bucket to drain".to_owned(),
    }
}

/// Checks the budget before asking: an empty bucket is refused here, with when it refills.
pub fn ask(state: &mut State) -> Vec<Effect> {
    let Some(view) = state.listings() else {
        return vec![];
    };
    if view.sending {
        return info(state, "A listing update is on its way");
    }
    if view.chosen.is_empty() {
        return info(
            state,
            "Choose the accounts first: space toggles one, a all of them",
        );
    }
    if let Some(budget) = view.budget.filter(|b| b.remaining == 0) {
        let text = format!(
            "No listing updates left this hour ({} per hour): {}",
            budget.limit,
            refill_text(&budget)
        );
        return problem(state, &text);
    }
    state.push(Layer::Dialog(Dialog::ConfirmUpdateListings {
        target: view.target.clone(),
        accounts: view.chosen.len(),
        budget: view.budget,
    }));
    vec![]
}

/// After yes: the update goes out (all accounts when every one is chosen).
pub fn confirmed(state: &mut State) -> Vec<Effect> {
    let profile = state.active_profile;
    let Some(view) = state.listings_mut() else {
        return vec![];
    };
    let Some(id) = view.target.id.clone() else {
        return vec![];
    };
    let all = matches!(&view.accounts, Some(Ok(accounts)) if accounts.len() == view.chosen.len());
    view.sending = true;
    let accounts = (!all).then(|| view.chosen.clone());
    vec![Effect::UpdateListings {
        profile,
        id,
        accounts,
    }]
}

pub fn loaded(
    state: &mut State,
    accounts: Result<
        Vec<crate::catalog::model::ListingAccount>,
        crate::catalog::error::CatalogError,
    >,
    budget: Option<Budget>,
) -> Vec<Effect> {
    if let Some(view) = state.listings_mut() {
        view.accounts = Some(accounts.map_err(|e| e.to_string()));
        view.budget = budget;
    }
    vec![]
}

pub fn updated(
    state: &mut State,
    result: Result<(usize, Vec<String>), crate::catalog::error::CatalogError>,
    budget: Option<Budget>,
) -> Vec<Effect> {
    let sku = state
        .listings()
        .map(|v| v.target.sku.clone())
        .unwrap_or_default();
    if let Some(view) = state.listings_mut() {
        view.sending = false;
        view.budget = budget.or(view.budget);
    }
    let left = budget
        .map(|b| {
            format!(
                "; {} of {} listing updates left this hour",
                b.remaining, b.limit
            )
        })
        .unwrap_or_default();
    match result {
        Ok((queued, failed)) if failed.is_empty() => {
            let queued = crate::wording::count(queued, "listing update", "listing updates");
            info(state, &format!("{sku}: {queued} queued{left}"))
        }
        Ok((queued, failed)) => {
            let text = format!(
                "{sku}: {queued} queued, refused: {}{left}",
                failed.join(", ")
            );
            problem(state, &text)
        }
        Err(error) => problem(state, &format!("{sku}: listings not updated: {error}")),
    }
}
