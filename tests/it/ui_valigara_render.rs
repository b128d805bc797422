//! Snapshots of the Valigara actions: the sale dialog, the delete choice, the channel listings.

use std::time::Duration;

use stockroom::app::state::Layer;
use stockroom::app::state::{Dialog, ListingsView, State};
use stockroom::basket::Target;
use stockroom::catalog::model::{Budget, ListingAccount, Platform, ProductId, SoldAction};

use crate::support::screens::{render, state, text};

fn valigara() -> State {
    let mut state = state();
    for profile in &mut state.profiles {
        profile.platform = Platform::Valigara;
        profile.capabilities = stockroom::catalog::capabilities(Platform::Valigara, false);
    }
    state
}

fn target() -> Target {
    Target {
        id: Some(ProductId("1001".into())),
        sku: "VR-1001".into(),
        name: "18K White Gold Diamond Solitaire Ring".into(),
    }
}

#[test]
fn the_sale_dialog_explains_the_chosen_action_80x24() {
    let mut state = valigara();
    state.push(Layer::Dialog(Dialog::MarkSold {
        target: target(),
        current: 3,
        quantity: "2".into(),
        action: SoldAction::Remove,
        error: None,
        selected: false,
    }));
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

#[test]
fn deleting_on_a_channel_platform_offers_to_keep_the_listings_80x24() {
    let mut state = valigara();
    state.push(Layer::Dialog(Dialog::ConfirmDelete {
        target: target(),
        channels: true,
    }));
    insta::assert_snapshot!(text(&render(&state, 80, 24)));
}

fn accounts() -> Vec<ListingAccount> {
    [
        (11, "etsy", "Sparkle & Co Etsy", "active"),
        (12, "ebay", "Sparkle & Co eBay US", "active"),
        (13, "amazon", "Sparkle & Co Amazon", "paused"),
    ]
    .into_iter()
    .map(|(id, channel, name, status)| ListingAccount {
        id,
        channel: channel.into(),
        name: name.into(),
        status: status.into(),
    })
    .collect()
}

#[test]
fn the_listings_view_shows_the_budget_120x40() {
    let mut state = valigara();
    state.push(Layer::Listings(ListingsView {
        target: target(),
        accounts: Some(Ok(accounts())),
        chosen: vec![11],
        selected: 1,
        budget: Some(Budget {
            remaining: 3,
            limit: 4,
            refill_in: None,
        }),
        sending: false,
    }));
    insta::assert_snapshot!(text(&render(&state, 120, 40)));
}

#[test]
fn an_empty_budget_says_when_it_refills_80x24() {
    let mut state = valigara();
    state.push(Layer::Listings(ListingsView {
        target: target(),
        accounts: Some(Ok(accounts())),
        chosen: vec![11, 12],
        selected: 0,
        budget: Some(Budget {
            remaining: 0,
            limit: 4,
            refill_in: Some(Duration::from_secs(12 * 60)),
        }),
        sending: false,
    }));
    let screen = text(&render(&state, 80, 24));
    assert!(screen.contains("next is allowed in 12 min"), "{screen}");
    insta::assert_snapshot!(screen);
}
