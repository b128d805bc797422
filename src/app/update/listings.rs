//! A product's sales-channel listings: choose accounts, see the hourly budget, push the update.

use super::editing::target_of;
use super::{info, problem};
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::state::{Dialog, ListingsView, State};
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
    state.listings = Some(ListingsView {
        target: target_of(summary),
        accounts: None,
        chosen: vec![],
        selected: 0,
        budget: None,
        sending: false,
    });
    vec![Effect::LoadListings {
        profile: state.active_profile,
    }]
}

/// Keys while the listings view is open; `None` lets the key fall through.
pub fn keys(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    let view = state.listings.as_mut()?;
    let accounts: Vec<u64> = match &view.accounts {
        Some(Ok(accounts)) => accounts.iter().map(|a| a.id).collect(),
        _ => vec![],
    };
    match action {
        Action::SelectNext => {
            view.selected = (view.selected + 1).min(accounts.len().saturating_sub(1))
        }
        Action::SelectPrev => view.selected = view.selected.saturating_sub(1),
        Action::ToggleAccount => {
            if let Some(id) = accounts.get(view.selected) {
                if let Some(at) = view.chosen.iter().position(|c| c == id) {
                    view.chosen.remove(at);
                } else {
                    view.chosen.push(*id);
                }
            }
        }
        Action::ToggleAllAccounts => {
            view.chosen = if view.chosen.len() == accounts.len() {
                vec![]
            } else {
                accounts
            };
        }
        Action::UpdateListings => return Some(ask(state)),
        Action::Back | Action::OpenListings => state.listings = None,
        Action::Quit | Action::Resize { .. } | Action::ToggleHelp => return None,
        _ => {}
    }
    Some(vec![])
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
fn ask(state: &mut State) -> Vec<Effect> {
    let Some(view) = state.listings.as_ref() else {
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
    state.dialog = Some(Dialog::ConfirmUpdateListings {
        target: view.target.clone(),
        accounts: view.chosen.len(),
        budget: view.budget,
    });
    vec![]
}

/// After yes: the update goes out (all accounts when every one is chosen).
pub fn confirmed(state: &mut State) -> Vec<Effect> {
    let profile = state.active_profile;
    let Some(view) = state.listings.as_mut() else {
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
    if let Some(view) = state.listings.as_mut() {
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
        .listings
        .as_ref()
        .map(|v| v.target.sku.clone())
        .unwrap_or_default();
    if let Some(view) = state.listings.as_mut() {
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
