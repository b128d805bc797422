//! Sends whose outcome is uncertain, stopped sends and UGAL price conflicts, through `update`
//! and the real runner against the sandbox: a lost answer after the write (the sandbox's
//! `timeout-after-apply`), a batch stopped mid-way on a slow store, a colleague's new tier.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stockroom::app::action::Action;
use stockroom::app::keymap::action_for;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::app::state::{Dialog, Layer, State};
use stockroom::app::update::update;
use stockroom::basket::check::Resolution;
use stockroom::basket::{Change, Item, ItemStatus, StockChange, Target};
use stockroom::catalog::Catalog;
use stockroom::catalog::api::Op;
use stockroom::catalog::model::{ListQuery, Money, Platform, Product, ProductSummary, Stock};
use stockroom::config::SecretSource;
use stockroom::journal::Journal;
use stockroom::sandbox::faults::{Fault, FaultKind, Operation, Target as Store};
use stockroom::sandbox::{Sandbox, SandboxOptions};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::support::screens::{render, text};
use crate::support::{profiles, sandbox, states};

/// Short, so that a lost answer costs little.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(800);

/// One store in the sandbox, the UI's state on its first page and the real runner under it.
struct Harness {
    sandbox: Sandbox,
    /// The test's own client: what a colleague or the storefront does meanwhile.
    colleague: Catalog,
    state: State,
    runner: Runner,
    actions: UnboundedReceiver<Action>,
    journal_dir: tempfile::TempDir,
    products: Vec<ProductSummary>,
}

impl Harness {
    async fn start(platform: Platform, options: SandboxOptions) -> Harness {
        let sandbox = sandbox::start(options).await;
        let endpoint = sandbox::endpoint(&sandbox, platform).clone();
        let connection = sandbox::connection(&endpoint, CLIENT_TIMEOUT, false);
        let (colleague, _) = sandbox::connect(&connection, &endpoint.key);
        let page = colleague.list(&ListQuery::default()).await.result.unwrap();
        let products = page.items.clone();
        let journal_dir = tempfile::tempdir().unwrap();
        let (sender, actions) = unbounded_channel();
        let target = ProfileTarget {
            name: "shop".into(),
            store: endpoint.base_url.clone(),
            connection,
            secret: SecretSource {
                value: Some(endpoint.key.clone()),
                ..Default::default()
            },
        };
        let runner = Runner::new(vec![target], sender, Some(journal_dir.path().to_owned()));
        runner.connect(0).await.unwrap();
        let state = states::loaded(vec![profiles::shop(platform, false)], page);
        Harness {
            sandbox,
            colleague,
            state,
            runner,
            actions,
            journal_dir,
            products,
        }
    }

    /// `action` through `update`, its effects carried out by the runner.
    fn act(&mut self, action: Action) {
        for effect in update(&mut self.state, action) {
            self.runner.run(effect);
        }
    }

    /// Feeds the runner's results back through `update` until `done` says so.
    async fn until(&mut self, what: &str, done: impl Fn(&Action) -> bool) {
        loop {
            let action = tokio::time::timeout(Duration::from_secs(30), self.actions.recv())
                .await
                .unwrap_or_else(|_| panic!("waited in vain for {what}"))
                .unwrap_or_else(|| panic!("the runner stopped before {what}"));
            let stop = done(&action);
            self.act(action);
            if stop {
                return;
            }
        }
    }

    /// Confirms the basket and waits for the batch to end.
    async fn send_basket(&mut self) {
        self.act(Action::SendBasket);
        self.act(Action::Confirm);
        self.until("the end of the batch", |a| {
            matches!(a, Action::BatchFinished { .. })
        })
        .await;
    }

    fn screen(&self) -> String {
        text(&render(&self.state, 160, 45))
    }

    fn message(&self) -> String {
        self.state
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }

    async fn product(&self, index: usize) -> Product {
        self.colleague
            .get(&self.products[index].id)
            .await
            .result
            .unwrap()
    }

    async fn stock(&self, index: usize) -> i64 {
        match self.product(index).await.summary.stock {
            Stock::Quantity(n) => n,
            Stock::NotTracked => panic!("the product's stock is tracked"),
        }
    }

    /// The stock set behind Stockroom's back, as a sale on the storefront would.
    async fn sell_to(&self, index: usize, amount: i64) {
        let op = Op::SetStock {
            id: self.products[index].id.clone(),
            amount,
        };
        self.colleague.execute(&op, None).await.result.unwrap();
    }

    /// The journal on disk once every write queued so far is done.
    async fn journal(&self) -> Vec<Item> {
        self.runner.journal_written().await;
        let journal = Journal::for_profile(self.journal_dir.path(), "shop");
        journal
            .load_entries::<Vec<Item>>()
            .unwrap()
            .map(|envelope| envelope.entries)
            .unwrap_or_default()
    }
}

fn stock_of(product: &ProductSummary) -> i64 {
    match product.stock {
        Stock::Quantity(n) => n,
        Stock::NotTracked => panic!("the product's stock is tracked"),
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[tokio::test]
async fn a_lost_answer_is_uncertain_and_its_conflict_never_offers_a_silent_second_plus_five() {
    let mut shop = Harness::start(Platform::Cscart, sandbox::stores_of(10)).await;
    let before = stock_of(&shop.products[0]);
    shop.act(Action::CountDigit(5));
    shop.act(Action::AdjustStock { sign: 1 });
    assert_eq!(
        shop.state.session.basket.staged_stock(&shop.products[0].id),
        Some(StockChange::Adjust {
            from: before,
            to: before + 5
        }),
        "+5 is staged as its target"
    );
    shop.act(Action::OpenBasket);
    assert!(shop.screen().contains("(+5)"), "and shown as +5");

    shop.sandbox.faults().add(
        Fault::new(FaultKind::TimeoutAfterApply)
            .at(Store::Cscart)
            .on(Operation::Stock)
            .times(1),
    );
    shop.send_basket().await;
    assert_eq!(shop.stock(0).await, before + 5, "the write landed");
    let item = shop.state.session.basket.items[0].clone();
    assert_eq!(item.status, ItemStatus::Uncertain);
    assert!(item.maybe_applied);
    assert!(
        shop.message().contains("may already be applied"),
        "{}",
        shop.message()
    );
    let journaled = shop.journal().await;
    assert!(
        journaled[0].maybe_applied
            && journaled[0].change
                == Change::Edit {
                    stock: Some(StockChange::Adjust {
                        from: before,
                        to: before + 5
                    }),
                    fields: vec![]
                },
        "the journal holds the target and the doubt: {journaled:?}"
    );
    let screen = shop.screen();
    assert!(
        screen.contains("uncertain: may already be applied"),
        "{screen}"
    );

    // A sale of 2 after the write: the server has before + 3, which is neither value.
    shop.sell_to(0, before + 3).await;
    shop.send_basket().await;
    assert!(matches!(
        shop.state.session.basket.items[0].status,
        ItemStatus::Conflict { .. }
    ));
    let screen = shop.screen();
    assert!(
        screen.contains(&format!(
            "Stock: the server has {}; your change may already be applied",
            before + 3
        )),
        "{screen}"
    );
    assert!(screen.contains("a apply +5 again (may double)"), "{screen}");
    assert!(!screen.contains("apply the same change"), "{screen}");

    shop.act(Action::Resolve(Resolution::KeepDelta));
    let Some(Dialog::ConfirmReapply { delta: 5, now, .. }) = shop.state.dialog().cloned() else {
        panic!("a asks once more: {:?}", shop.state.top());
    };
    assert_eq!(now, before + 3);
    let asked = shop.screen();
    assert!(asked.contains("may already be applied"), "{asked}");
    shop.act(Action::Decline);
    assert!(
        matches!(
            shop.state.session.basket.items[0].status,
            ItemStatus::Conflict { .. }
        ),
        "no leaves the conflict as it was"
    );
    shop.act(Action::Resolve(Resolution::KeepDelta));
    shop.act(Action::Confirm);
    let item = &shop.state.session.basket.items[0];
    assert_eq!(item.status, ItemStatus::Staged);
    assert!(!item.maybe_applied, "the user has decided");
    assert_eq!(
        shop.state.session.basket.staged_stock(&shop.products[0].id),
        Some(StockChange::Adjust {
            from: before + 3,
            to: before + 8
        })
    );
    assert_eq!(shop.stock(0).await, before + 3, "nothing sent meanwhile");
}

#[tokio::test]
async fn a_stopped_send_sends_nothing_after_the_item_in_flight_and_keeps_the_rest_staged() {
    let options = SandboxOptions {
        latency: Duration::from_millis(300),
        ..sandbox::stores_of(10)
    };
    let mut shop = Harness::start(Platform::Cscart, options).await;
    for _ in 0..6 {
        shop.act(Action::CountDigit(5));
        shop.act(Action::AdjustStock { sign: 1 });
        shop.act(Action::SelectNext);
    }
    assert_eq!(shop.state.session.basket.len(), 6);
    shop.act(Action::OpenBasket);
    shop.act(Action::SendBasket);
    shop.act(Action::Confirm);
    shop.until("the first item settled", |a| {
        matches!(a, Action::ItemSettled { .. })
    })
    .await;

    shop.act(Action::Quit);
    let quitting = shop.screen();
    assert!(
        quitting.contains("Sending 2 of 6 to shop") && quitting.contains("may or may not"),
        "{quitting}"
    );
    shop.act(Action::Decline);

    let keys = shop.screen();
    assert!(keys.contains("Esc/c stop sending"), "{keys}");
    let stop = action_for(key(KeyCode::Esc), &shop.state);
    assert_eq!(stop, Some(Action::StopSending), "Esc asks to stop");
    shop.act(Action::StopSending);
    assert!(
        shop.screen().contains("Stop after the request in flight?"),
        "{}",
        shop.screen()
    );
    shop.act(Action::Confirm);
    shop.until("the end of the batch", |a| {
        matches!(a, Action::BatchFinished { .. })
    })
    .await;

    let mut sent = 0;
    for (index, product) in shop.products.clone().iter().take(6).enumerate() {
        let now = shop.stock(index).await;
        assert!(now == stock_of(product) || now == stock_of(product) + 5);
        sent += usize::from(now != stock_of(product));
    }
    assert!(
        (1..=2).contains(&sent),
        "only the first item and the one in flight were sent, not {sent}"
    );
    let basket = &shop.state.session.basket;
    assert_eq!(basket.len(), 6 - sent);
    assert!(basket.items.iter().all(|i| i.status == ItemStatus::Staged));
    assert!(shop.state.session.sending.is_none());
    assert_eq!(
        shop.message(),
        format!(
            "Stopped: sent {sent} of 6; {} stay staged and journaled",
            6 - sent
        )
    );
    let journaled = shop.journal().await;
    assert_eq!(journaled.len(), 6 - sent);
    assert!(
        journaled.iter().all(|i| i.status == ItemStatus::Staged),
        "{journaled:?}"
    );
}

#[tokio::test]
async fn a_price_conflict_applies_my_one_tier_to_the_servers_list_and_keeps_a_colleagues() {
    let mut shop = Harness::start(Platform::Ugal, sandbox::stores_of(10)).await;
    let index = 0;
    let product = shop.product(index).await;
    let read = product.prices.clone();
    assert!(!read.is_empty(), "the seeded item has a price list");
    let mut mine = read.clone();
    mine[0].amount = Money::parse("1.25").unwrap();
    let target = Target {
        id: Some(product.summary.id.clone()),
        sku: product.summary.sku.0.clone(),
        name: product.summary.name.clone(),
    };
    shop.state.session.basket.stage(
        target,
        Change::Prices {
            from: read.clone(),
            to: mine.clone(),
            stock: None,
        },
    );

    // A colleague adds a tier meanwhile.
    let mut theirs = read.clone();
    let mut tier = read[0].clone();
    tier.quantity = 50;
    tier.amount = Money::parse("0.75").unwrap();
    theirs.push(tier);
    let op = Op::SetItem {
        id: product.summary.id.clone(),
        inventory: None,
        tiers: theirs,
    };
    shop.colleague
        .execute(&op, Some(&product))
        .await
        .result
        .unwrap();

    shop.act(Action::OpenBasket);
    shop.send_basket().await;
    assert!(matches!(
        shop.state.session.basket.items[0].status,
        ItemStatus::Conflict { .. }
    ));
    let screen = shop.screen();
    let first = format!("{} ×{}", read[0].pricelist, read[0].quantity);
    assert!(
        screen.contains(&format!(
            "the server's list changed since you read it: {} ×50: new 0.75",
            read[0].pricelist
        )),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("your change: {first}: {} → 1.25", read[0].amount)),
        "{screen}"
    );
    assert!(
        screen.contains("a apply your change to the server's list"),
        "{screen}"
    );

    shop.act(Action::Resolve(Resolution::KeepDelta));
    assert!(matches!(shop.state.top(), Layer::Basket(_)));
    shop.send_basket().await;
    assert!(shop.state.session.basket.is_empty(), "{}", shop.screen());
    let now = shop.product(index).await.prices;
    let amount = |pricelist: &str, quantity: u32| {
        now.iter()
            .find(|t| t.pricelist == pricelist && t.quantity == quantity)
            .map(|t| t.amount.to_string())
    };
    assert_eq!(
        amount(&read[0].pricelist, read[0].quantity).as_deref(),
        Some("1.25"),
        "my change: {now:?}"
    );
    assert_eq!(
        amount(&read[0].pricelist, 50).as_deref(),
        Some("0.75"),
        "the colleague's tier is kept: {now:?}"
    );
    assert_eq!(now.len(), read.len() + 1, "{now:?}");
}

#[test]
fn a_journal_written_before_targets_were_recorded_still_loads_its_adjustments() {
    let old: StockChange = serde_json::from_str(r#"{"Adjust":{"from":10,"delta":5}}"#).unwrap();
    assert_eq!(old, StockChange::Adjust { from: 10, to: 15 });
    let new = serde_json::to_string(&old).unwrap();
    assert_eq!(new, r#"{"Adjust":{"from":10,"to":15}}"#);
    assert!(serde_json::from_str::<StockChange>(r#"{"Adjust":{"from":10}}"#).is_err());
}

#[test]
fn a_sale_that_may_already_be_recorded_is_not_recorded_again_without_a_second_yes() {
    let mut state = crate::support::shop::loaded();
    let target = Target {
        id: Some(stockroom::catalog::model::ProductId("1".into())),
        sku: "SKU1".into(),
        name: "Product 1".into(),
    };
    let sale = Change::Sold {
        from: 10,
        quantity: 2,
        action: stockroom::catalog::model::SoldAction::NoAction,
    };
    state.session.basket.stage(target, sale);
    let item = &mut state.session.basket.items[0];
    item.maybe_applied = true;
    item.status = ItemStatus::Conflict {
        mismatches: vec![stockroom::basket::Mismatch {
            field: "Stock".into(),
            expected: "10".into(),
            found: "7".into(),
            wanted: "8".into(),
        }],
    };
    update(&mut state, Action::OpenBasket);
    let screen = text(&render(&state, 160, 45));
    assert!(
        screen.contains("o record the sale again (may double)")
            && screen.contains("the server has 7; your change may already be applied"),
        "{screen}"
    );
    update(&mut state, Action::Resolve(Resolution::Overwrite));
    assert!(
        matches!(
            state.dialog(),
            Some(Dialog::ConfirmReapply {
                delta: -2,
                now: 7,
                ..
            })
        ),
        "{:?}",
        state.top()
    );
    update(&mut state, Action::Decline);
    assert!(matches!(
        state.session.basket.items[0].status,
        ItemStatus::Conflict { .. }
    ));
}
