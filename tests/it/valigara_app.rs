//! `update` tests of the Valigara actions: the form from listfields, channel listings and their budget.

use std::time::Duration;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{Dialog, Editor, ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::catalog::fields::{Field, FieldKind, FieldSpec};
use stockroom::catalog::model::{
    Budget, ListingAccount, Money, Platform, ProductId, ProductSummary, Sku, Status, Stock,
};

use crate::support::{profiles, states};

fn valigara() -> ProfileInfo {
    ProfileInfo {
        name: "jewels".into(),
        ..profiles::shop(Platform::Valigara, false)
    }
}

fn summary() -> ProductSummary {
    ProductSummary {
        id: ProductId("1001".into()),
        sku: Sku("VR-1001".into()),
        name: "18K White Gold Diamond Solitaire Ring".into(),
        price: Money::parse("1249.00"),
        stock: Stock::Quantity(3),
        status: Status::Active,
    }
}

fn loaded() -> (State, Vec<Effect>) {
    let mut state = State::new(vec![valigara()], 0);
    let (request, effects) = states::boot(&mut state);
    states::page_loaded(
        &mut state,
        request,
        states::first_page(vec![summary()], 50, Some(1)),
    );
    (state, effects)
}

#[test]
fn the_form_offers_the_fields_and_statuses_the_platform_lists() {
    let (mut state, effects) = loaded();
    assert!(
        effects.contains(&Effect::LoadFormFields { profile: 0 }),
        "asked at start"
    );
    let fields = vec![
        FieldSpec {
            field: Field::Name,
            kind: FieldKind::Text,
            required: true,
        },
        FieldSpec {
            field: Field::Price,
            kind: FieldKind::Money,
            required: true,
        },
        FieldSpec {
            field: Field::Status,
            kind: FieldKind::Choice(vec!["active".into(), "inactive".into(), "draft".into()]),
            required: true,
        },
    ];
    update(
        &mut state,
        Action::FormFieldsLoaded {
            profile: 0,
            fields: Ok(fields),
            exchanges: vec![],
        },
    );
    let product = states::product(summary(), serde_json::json!({"id": 1001}));
    states::editing(&mut state, product);
    let Some(Editor::Form(form)) = state.editor() else {
        panic!("the form opens")
    };
    let order: Vec<Field> = form.fields.iter().map(|f| f.spec.field).collect();
    assert_eq!(
        order,
        [Field::Name, Field::Price, Field::Status],
        "only what listfields offers"
    );
    assert_eq!(form.fields[2].text(), "active");
}

fn open_listings(state: &mut State) {
    let effects = update(state, Action::OpenListings);
    assert_eq!(effects, vec![Effect::LoadListings { profile: 0 }]);
    let accounts = vec![
        ListingAccount {
            id: 11,
            channel: "etsy".into(),
            name: "Sparkle & Co Etsy".into(),
            status: "active".into(),
        },
        ListingAccount {
            id: 12,
            channel: "ebay".into(),
            name: "Sparkle & Co eBay US".into(),
            status: "active".into(),
        },
    ];
    let budget = Budget {
        remaining: 4,
        limit: 4,
        refill_in: None,
    };
    update(
        state,
        Action::ListingsLoaded {
            profile: 0,
            accounts: Ok(accounts),
            budget: Some(budget),
            exchanges: vec![],
        },
    );
}

#[test]
fn listing_updates_go_to_the_chosen_accounts_after_a_yes() {
    let (mut state, _) = loaded();
    open_listings(&mut state);
    assert!(update(&mut state, Action::UpdateListings).is_empty());
    assert!(state.dialog().is_none(), "nothing chosen yet");
    update(&mut state, Action::SelectNext);
    update(&mut state, Action::ToggleAccount);
    update(&mut state, Action::UpdateListings);
    assert!(matches!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmUpdateListings { accounts: 1, .. })
    ));
    let effects = update(&mut state, Action::Confirm);
    assert_eq!(
        effects,
        vec![Effect::UpdateListings {
            profile: 0,
            id: ProductId("1001".into()),
            accounts: Some(vec![12])
        }]
    );
    let budget = Budget {
        remaining: 3,
        limit: 4,
        refill_in: None,
    };
    update(
        &mut state,
        Action::ListingsUpdated {
            profile: 0,
            result: Ok((1, vec![])),
            budget: Some(budget),
            exchanges: vec![],
        },
    );
    let message = state.message.clone().unwrap().text;
    assert!(
        message.contains("1 listing update queued") && message.contains("3 of 4"),
        "{message}"
    );

    update(&mut state, Action::ToggleAllAccounts);
    update(&mut state, Action::UpdateListings);
    let effects = update(&mut state, Action::Confirm);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::UpdateListings { accounts: None, .. }]
        ),
        "all accounts: {effects:?}"
    );
}

#[test]
fn an_empty_budget_is_refused_before_sending_with_when_it_refills() {
    let (mut state, _) = loaded();
    open_listings(&mut state);
    update(&mut state, Action::ToggleAllAccounts);
    let empty = Budget {
        remaining: 0,
        limit: 4,
        refill_in: Some(Duration::from_secs(11 * 60 + 5)),
    };
    update(
        &mut state,
        Action::ListingsUpdated {
            profile: 0,
            result: Ok((2, vec![])),
            budget: Some(empty),
            exchanges: vec![],
        },
    );
    assert!(update(&mut state, Action::UpdateListings).is_empty());
    assert!(state.dialog().is_none());
    let message = state.message.clone().unwrap().text;
    assert!(message.contains("12 min"), "{message}");
}

#[test]
fn cs_cart_has_no_channel_listings() {
    let mut profile = valigara();
    profile.platform = Platform::Cscart;
    profile.capabilities = stockroom::catalog::capabilities(Platform::Cscart, false);
    let mut state = State::new(vec![profile], 0);
    start(&mut state);
    assert!(update(&mut state, Action::OpenListings).is_empty());
    assert!(state.listings().is_none());
}
