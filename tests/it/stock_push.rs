//! After a batch changed stock on Valigara, the offer to push it to the sales channels: asked
//! only there and only then, with its own confirmation; yes sends one
//! `products_revise_inventory` for those products (checked against what the sandbox
//! received), and the status line says what came of it.

use std::time::Duration;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::app::state::{Dialog, State};
use stockroom::app::update::{start, update};
use stockroom::basket::Outcome;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::model::{ListQuery, Platform, ProductId};
use stockroom::config::SecretSource;
use stockroom::sandbox::Sandbox;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::support::states::{first_page, loaded, numbered};
use crate::support::{profiles, sandbox};

/// Stages `action`'s change on the first row, sends the basket, and settles every item as
/// sent; the effects of the batch's end.
fn send_one(state: &mut State, stage: Action) -> Vec<Effect> {
    update(state, stage);
    update(state, Action::OpenBasket);
    update(state, Action::SendBasket);
    let effects = update(state, Action::Confirm);
    let items = effects
        .iter()
        .find_map(|effect| match effect {
            Effect::SendBatch { items, .. } => Some(items.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the batch is sent: {effects:?}"));
    for item in items {
        let outcome = Outcome::Sent {
            sent: item.change.clone(),
            created: None,
        };
        update(
            state,
            Action::ItemSettled {
                profile: 0,
                item: item.id,
                outcome,
                exchanges: vec![],
            },
        );
    }
    update(state, Action::BatchFinished { profile: 0 })
}

fn on(platform: Platform) -> State {
    loaded(
        vec![profiles::shop(platform, false)],
        first_page((1..=3).map(numbered).collect(), 50, Some(3)),
    )
}

#[test]
fn a_stock_change_sent_on_valigara_offers_the_push_and_only_yes_sends_it() {
    let mut state = on(Platform::Valigara);
    let effects = send_one(&mut state, Action::AdjustStock { sign: 1 });
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::PushStock { .. })),
        "never automatic"
    );
    let Some(Dialog::ConfirmStockPush { ids, .. }) = state.dialog().cloned() else {
        panic!("the push is offered: {:?}", state.layers)
    };
    assert_eq!(ids, [ProductId("1".into())]);
    let screen = crate::support::screens::text(&crate::support::screens::render(&state, 80, 24));
    assert!(
        screen.contains("Push the new stock of 1 product"),
        "{screen}"
    );
    assert!(screen.contains("4 per hour"), "{screen}");

    let effects = update(&mut state, Action::Confirm);
    assert_eq!(
        effects,
        [Effect::PushStock {
            profile: 0,
            ids: vec![ProductId("1".into())]
        }]
    );
    assert!(state.dialog().is_none());
}

#[test]
fn no_closes_the_offer_and_sends_nothing() {
    let mut state = on(Platform::Valigara);
    send_one(&mut state, Action::AdjustStock { sign: -1 });
    assert!(matches!(
        state.dialog(),
        Some(Dialog::ConfirmStockPush { .. })
    ));
    assert!(update(&mut state, Action::Decline).is_empty());
    assert!(state.dialog().is_none());
}

#[test]
fn the_push_is_offered_only_on_valigara() {
    // B2B Wave's stock key reads the warehouses first; its sends end the same way.
    for platform in [Platform::Cscart, Platform::Ugal] {
        let mut state = on(platform);
        send_one(&mut state, Action::AdjustStock { sign: 1 });
        assert!(
            !matches!(state.dialog(), Some(Dialog::ConfirmStockPush { .. })),
            "{platform}"
        );
    }
}

/// A Valigara store and a runner on it, the UI state started on it.
struct Shop {
    sandbox: Sandbox,
    state: State,
    runner: Runner,
    actions: UnboundedReceiver<Action>,
    _journal: tempfile::TempDir,
}

impl Shop {
    async fn start() -> Shop {
        let sandbox = sandbox::start(sandbox::stores_of(40)).await;
        let endpoint = sandbox::endpoint(&sandbox, Platform::Valigara).clone();
        let journal = tempfile::tempdir().unwrap();
        let (sender, actions) = unbounded_channel();
        let target = ProfileTarget {
            name: "shop".into(),
            store: endpoint.base_url.clone(),
            connection: sandbox::connection(&endpoint, Duration::from_secs(10), false),
            secret: SecretSource {
                value: Some(endpoint.key.clone()),
                ..Default::default()
            },
        };
        let runner = Runner::new(vec![target], sender, Some(journal.path().to_owned()));
        let state = State::new(vec![profiles::shop(Platform::Valigara, false)], 0);
        let mut shop = Shop {
            sandbox,
            state,
            runner,
            actions,
            _journal: journal,
        };
        let effects = start(&mut shop.state);
        shop.pump(effects).await;
        shop
    }

    /// Hands `effects` to the runner and feeds what comes back through `update` until the
    /// runner has been quiet for a moment.
    async fn pump(&mut self, effects: Vec<Effect>) {
        let mut pending = effects;
        loop {
            for effect in pending.drain(..) {
                self.runner.run(effect);
            }
            let quiet = Duration::from_millis(400);
            let Ok(Some(action)) = tokio::time::timeout(quiet, self.actions.recv()).await else {
                return;
            };
            pending = update(&mut self.state, action);
        }
    }

    async fn act(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        self.pump(effects).await;
    }
}

#[tokio::test]
async fn yes_pushes_the_sent_products_stock_in_one_request_and_reports_it() {
    let mut shop = Shop::start().await;
    let endpoint = sandbox::endpoint(&shop.sandbox, Platform::Valigara).clone();
    let (catalog, _) = sandbox::connect(
        &sandbox::connection(&endpoint, Duration::from_secs(10), false),
        &endpoint.key,
    );
    let first = catalog
        .list(&ListQuery::default())
        .await
        .result
        .unwrap()
        .items[0]
        .clone();
    assert_eq!(
        shop.state.session.listing.rows.get(0).map(|r| r.id.clone()),
        Some(first.id.clone())
    );

    shop.act(Action::AdjustStock { sign: 1 }).await;
    shop.act(Action::OpenBasket).await;
    shop.act(Action::SendBasket).await;
    shop.act(Action::Confirm).await;
    let Some(Dialog::ConfirmStockPush { ids, .. }) = shop.state.dialog().cloned() else {
        panic!("offered after the batch: {:?}", shop.state.layers)
    };
    assert_eq!(ids, std::slice::from_ref(&first.id));
    shop.sandbox.forget_received(endpoint.name());

    shop.act(Action::Confirm).await;
    let received = shop.sandbox.received(endpoint.name());
    let pushes: Vec<String> = received
        .iter()
        .map(|r| {
            url::form_urlencoded::parse(&r.body)
                .into_owned()
                .collect::<Vec<_>>()
        })
        .filter(|form| {
            form.iter()
                .any(|(k, v)| k == "action" && v == "products_revise_inventory")
        })
        .filter_map(|form| form.into_iter().find(|(k, _)| k == "data").map(|(_, v)| v))
        .collect();
    assert_eq!(pushes, [format!("{{\"ids\":[{}]}}", first.id.0)]);
    let message = shop
        .state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.starts_with("Stock pushed to"), "{message}");
    assert!(message.contains("3 of 4 listing updates left"), "{message}");
}

#[tokio::test]
async fn a_push_spends_the_hourly_listing_budget_on_both_sides() {
    let sandbox = sandbox::start(sandbox::stores_of(20)).await;
    let endpoint = sandbox::endpoint(&sandbox, Platform::Valigara).clone();
    let (catalog, _) = sandbox::connect(
        &sandbox::connection(&endpoint, Duration::from_secs(10), false),
        &endpoint.key,
    );
    let first = catalog
        .list(&ListQuery::default())
        .await
        .result
        .unwrap()
        .items[0]
        .clone();
    let ids = [first.id.clone()];
    for left in (0..4).rev() {
        catalog.revise_inventory(&ids).await.result.unwrap();
        let budget = catalog.listings_budget().expect("Valigara has one");
        assert_eq!(budget.remaining, left);
    }
    let refused = catalog.revise_inventory(&ids).await;
    assert!(refused.exchanges.is_empty(), "refused before sending");
    assert!(matches!(
        refused.result,
        Err(CatalogError::RateLimited { .. })
    ));

    // The store counts them too: a fifth push within the hour is its 105.
    let form = [
        ("auth", endpoint.key.as_str()),
        ("action", "products_revise_inventory"),
        ("data", &format!("{{\"ids\":[{}]}}", first.id.0)),
    ];
    let client = reqwest::Client::new();
    let reply = sandbox::Reply::read(
        sandbox::request(&client, &endpoint, reqwest::Method::POST, "/client/V1/").form(&form),
    )
    .await;
    assert_eq!(reply.status, reqwest::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.json()["status"], 105);
}
