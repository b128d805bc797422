//! A create sent again after its answer was lost, through the runner as the UI sends it, on
//! CS-Cart's sandbox with its fault injection: "already applied" only when the first attempt
//! made the product, never because an older product has the same SKU.

use std::time::Duration;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::basket::{Basket, Change, Item, ItemStatus, Outcome, Target};
use stockroom::catalog::Catalog;
use stockroom::catalog::model::{
    Filters, ListQuery, Money, NewProduct, Platform, ProductId, ProductSummary, Sku, Status,
};
use stockroom::config::SecretSource;
use stockroom::journal::Journal;
use stockroom::sandbox::Sandbox;
use stockroom::sandbox::faults::{Fault, FaultKind, Operation, Target as Store};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::support::sandbox;

/// Short, so that a lost answer costs little.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(800);

/// A CS-Cart store, a runner on it with its own journal directory, and an older product whose
/// SKU the new one reuses.
struct Shop {
    sandbox: Sandbox,
    catalog: Catalog,
    runner: Runner,
    actions: UnboundedReceiver<Action>,
    journal_dir: tempfile::TempDir,
    older: ProductSummary,
}

impl Shop {
    async fn start() -> Shop {
        let sandbox = sandbox::start(sandbox::stores_of(60)).await;
        let endpoint = sandbox::endpoint(&sandbox, Platform::Cscart).clone();
        let connection = sandbox::connection(&endpoint, CLIENT_TIMEOUT, false);
        let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
        let older = catalog
            .list(&ListQuery::default())
            .await
            .result
            .unwrap()
            .items[0]
            .clone();
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
        Shop {
            sandbox,
            catalog,
            runner,
            actions,
            journal_dir,
            older,
        }
    }

    /// A new product staged with the older product's SKU, as the new-product form stages it.
    fn staged_create(&self) -> Item {
        let sku = self.older.sku.0.clone();
        let product = NewProduct {
            name: "A second product under an old code".into(),
            sku: Some(Sku(sku.clone())),
            price: Money::parse("9.50").unwrap(),
            stock: Some(4),
            category_ids: vec![224],
            status: Status::Active,
        };
        let mut basket = Basket::default();
        basket.stage(
            Target {
                id: None,
                sku,
                name: product.name.clone(),
            },
            Change::Create(product),
        );
        basket.items.remove(0)
    }

    fn fail_next_create(&self, kind: FaultKind) {
        self.sandbox.faults().clear();
        self.sandbox.faults().add(
            Fault::new(kind)
                .at(Store::Cscart)
                .on(Operation::Create)
                .times(1),
        );
    }

    /// Journals then sends `item` as `update` does when a basket is confirmed; its outcome.
    async fn send(&mut self, item: &Item) -> Outcome {
        self.runner.connect(0).await.unwrap();
        let mut journaled = item.clone();
        journaled.status = ItemStatus::Sending;
        self.runner.run(Effect::SaveJournal {
            profile: 0,
            items: vec![journaled],
        });
        self.runner.run(Effect::SendBatch {
            profile: 0,
            items: vec![item.clone()],
        });
        let mut outcome = None;
        while let Ok(Some(action)) =
            tokio::time::timeout(Duration::from_secs(20), self.actions.recv()).await
        {
            match action {
                Action::ItemSettled { outcome: o, .. } => outcome = Some(o),
                Action::BatchFinished { .. } => break,
                _ => {}
            }
        }
        outcome.expect("the item was settled")
    }

    /// Journals the item as failed or uncertain, as `update` does when its outcome comes back.
    fn journal_failed(&mut self, item: &mut Item, outcome: &Outcome) {
        item.status = match outcome {
            Outcome::Failed(message) => ItemStatus::Failed {
                message: message.clone(),
            },
            Outcome::Uncertain(_) => {
                item.maybe_applied = true;
                ItemStatus::Uncertain
            }
            _ => panic!("the first attempt fails: {outcome:?}"),
        };
        self.runner.run(Effect::SaveJournal {
            profile: 0,
            items: vec![item.clone()],
        });
    }

    /// Every product whose code is exactly the older product's.
    async fn with_its_sku(&self) -> Vec<ProductId> {
        let query = ListQuery {
            per_page: 100,
            filters: Filters {
                sku: Some(self.older.sku.0.clone()),
                ..Filters::default()
            },
            ..ListQuery::default()
        };
        let listed = self.catalog.list(&query).await.result.unwrap();
        assert!(!listed.more);
        listed
            .items
            .into_iter()
            .filter(|p| p.sku == self.older.sku)
            .map(|p| p.id)
            .collect()
    }

    /// The journal as it is on disk, as JSON.
    fn journal_text(&self) -> String {
        let journal = Journal::for_profile(self.journal_dir.path(), "shop");
        std::fs::read_to_string(journal.path()).unwrap_or_default()
    }
}

#[tokio::test]
async fn a_create_whose_answer_never_came_before_the_write_is_created_on_retry_despite_an_older_twin()
 {
    let mut shop = Shop::start().await;
    assert_eq!(shop.with_its_sku().await, [shop.older.id.clone()]);
    let mut item = shop.staged_create();

    shop.fail_next_create(FaultKind::Timeout);
    let first = shop.send(&item).await;
    shop.sandbox.faults().clear();
    assert_eq!(
        shop.with_its_sku().await,
        [shop.older.id.clone()],
        "the lost request made nothing"
    );
    shop.journal_failed(&mut item, &first);

    let again = shop.send(&item).await;
    let created = match again {
        Outcome::Sent {
            created: Some(id), ..
        } => id,
        other => panic!("the retry must create the product, not {other:?}"),
    };
    assert_ne!(created, shop.older.id);
    let mut holders = shop.with_its_sku().await;
    holders.sort();
    let mut expected = vec![shop.older.id.clone(), created];
    expected.sort();
    assert_eq!(holders, expected, "the older product and the new one");
}

#[tokio::test]
async fn a_create_applied_before_its_answer_was_lost_is_already_applied_and_made_once() {
    let mut shop = Shop::start().await;
    let mut item = shop.staged_create();

    shop.fail_next_create(FaultKind::TimeoutAfterApply);
    let first = shop.send(&item).await;
    shop.sandbox.faults().clear();
    assert_eq!(shop.with_its_sku().await.len(), 2, "the write got through");
    shop.journal_failed(&mut item, &first);
    let journal = shop.journal_text();
    assert!(
        journal.contains("sku_owners_before") && journal.contains(&shop.older.id.0),
        "the products that had the SKU before the first send are journaled:\n{journal}"
    );

    let again = shop.send(&item).await;
    assert_eq!(again, Outcome::AlreadyApplied);
    assert_eq!(shop.with_its_sku().await.len(), 2, "made exactly once");
}

#[tokio::test]
async fn a_retry_that_cannot_tell_what_the_first_attempt_made_says_so_rather_than_guessing() {
    let shop = Shop::start().await;
    let mut item = shop.staged_create();
    item.status = ItemStatus::Uncertain;
    let (outcome, _) = stockroom::basket::send::send(&shop.catalog, &item).await;
    let Outcome::Failed(message) = outcome else {
        panic!("an older product with the SKU is no proof: {outcome:?}");
    };
    assert!(
        message.starts_with("cannot tell whether the earlier attempt created SKU")
            && message.contains(&shop.older.id.0),
        "{message}"
    );
    assert_eq!(shop.with_its_sku().await.len(), 1, "nothing was created");
}
