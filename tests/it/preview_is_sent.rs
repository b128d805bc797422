//! The basket's preview is what it sends: for every kind of change on every platform, the
//! requests shown before sending are, byte for byte, the ones the store then receives.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use proptest::prelude::*;
use stockroom::basket::{
    Change, FieldChange, Item, ItemId, ItemStatus, Outcome, StockChange, Target, WarehouseChange,
    send,
};
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{
    ListQuery, Money, NewProduct, Platform, PriceTier, Product, Sku, SoldAction, Status, Stock,
};
use stockroom::catalog::{Catalog, Connection, raw_editable};
use stockroom::sandbox::{Endpoint, Sandbox, SandboxOptions};
use stockroom::secret::{Redactor, Secret};

const PLATFORMS: [Platform; 4] = [
    Platform::Cscart,
    Platform::Valigara,
    Platform::B2bwave,
    Platform::Ugal,
];
const KINDS: usize = 9;

fn options() -> SandboxOptions {
    SandboxOptions {
        cscart_products: 6,
        valigara_products: 6,
        b2bwave_products: 6,
        ugal_items: 6,
        ..SandboxOptions::default()
    }
}

fn connect(endpoint: &Endpoint) -> Catalog {
    let connection = Connection {
        platform: endpoint.platform,
        base_url: endpoint.base_url.clone(),
        user: (!endpoint.user.is_empty()).then(|| endpoint.user.clone()),
        timeout: Duration::from_secs(10),
        read_only: false,
        requests_per_second: None,
    };
    let sequence = Arc::new(AtomicU64::new(0));
    Catalog::connect(&connection, Secret::new(endpoint.key.clone()), sequence).unwrap()
}

/// The secret scrubbed as the transport scrubs it (Valigara's key has no user).
fn redactor(endpoint: &Endpoint) -> Redactor {
    let user = (endpoint.platform != Platform::Valigara && !endpoint.user.is_empty())
        .then_some(endpoint.user.as_str());
    Redactor::new(user, &Secret::new(endpoint.key.clone()))
}

fn stock_of(product: &Product) -> i64 {
    match product.summary.stock {
        Stock::Quantity(n) => n,
        Stock::NotTracked => 0,
    }
}

/// A change of kind `kind` against `product` as it is, moved by `n`.
fn change(kind: usize, product: &Product, platform: Platform, n: i64) -> (Option<Product>, Change) {
    let stock = stock_of(product);
    let change = match kind {
        0 => Change::Edit {
            stock: Some(StockChange::Set {
                from: stock,
                to: stock + n,
            }),
            fields: vec![],
        },
        1 => Change::Edit {
            stock: Some(StockChange::adjust(stock, -n)),
            fields: vec![],
        },
        2 => {
            let price = product.summary.price.unwrap_or(Money::parse("1").unwrap());
            let to =
                Money::parse(&format!("{}", price.0 + rust_decimal::Decimal::from(n))).unwrap();
            Change::Edit {
                stock: None,
                fields: vec![FieldChange {
                    field: Field::Price,
                    from: price.to_string(),
                    to: to.to_string(),
                }],
            }
        }
        3 => {
            let baseline = raw_editable(platform, product);
            Change::Raw {
                body: baseline.clone(),
                baseline,
            }
        }
        4 => Change::Delete {
            keep_channels: false,
        },
        5 => {
            let (warehouse, code, from) = product
                .warehouses
                .first()
                .map_or((1, "MAIN".to_owned(), 0), |w| {
                    (w.id, w.code.clone(), w.quantity)
                });
            Change::Warehouses {
                total: stock,
                changes: vec![WarehouseChange {
                    warehouse,
                    code,
                    from,
                    to: from + n,
                }],
            }
        }
        6 => {
            let mut to = product.prices.clone();
            match to.first_mut() {
                Some(tier) => tier.amount = Money(tier.amount.0 + rust_decimal::Decimal::from(n)),
                None => to.push(PriceTier {
                    pricelist: "default".into(),
                    quantity: 1,
                    amount: Money::parse("9.50").unwrap(),
                    vat: None,
                }),
            }
            Change::Prices {
                from: product.prices.clone(),
                to,
                stock: None,
            }
        }
        7 => Change::Sold {
            from: stock,
            quantity: 1,
            action: SoldAction::NoAction,
        },
        _ => {
            let new = NewProduct {
                name: "Preview probe".into(),
                sku: Some(Sku(format!("PRV-{n}"))),
                price: Money::parse("5").unwrap(),
                stock: Some(n),
                category_ids: vec![],
                status: Status::Active,
            };
            return (None, Change::Create(new));
        }
    };
    (Some(product.clone()), change)
}

async fn preview_then_send(platform: Platform, kind: usize, row: usize, n: i64) {
    let sandbox = Sandbox::start(options()).await.unwrap();
    let endpoint = sandbox.endpoint(platform).unwrap().clone();
    let catalog = connect(&endpoint);
    let page = catalog.list(&ListQuery::default()).await.result.unwrap();
    let summary = &page.items[row % page.items.len()];
    let product = catalog.get(&summary.id).await.result.unwrap();
    let (target, change) = change(kind, &product, platform, n);
    let item = Item {
        id: ItemId(1),
        target: Target {
            id: target.map(|p| p.summary.id),
            sku: summary.sku.0.clone(),
            name: summary.name.clone(),
        },
        change,
        status: ItemStatus::Staged,
        sku_owners_before: None,
        maybe_applied: false,
    };

    let preview = send::plan(&catalog, &item).await;
    sandbox.forget_received(endpoint.name());
    let (outcome, _) = send::send(&catalog, &item).await;
    let received = sandbox.received(endpoint.name());
    let redactor = redactor(&endpoint);

    let Ok(planned) = preview else {
        assert!(
            !matches!(outcome, Outcome::Sent { .. }),
            "{platform} kind {kind}: a change the preview refused was sent: {outcome:?}"
        );
        return;
    };
    let shown: Vec<(String, String, String)> = planned
        .iter()
        .map(|p| {
            (
                p.method.clone(),
                p.path.clone(),
                p.body.clone().unwrap_or_default(),
            )
        })
        .collect();
    let sent: Vec<(String, String, String)> = received
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                redactor.redact(&r.path),
                redactor.redact(&String::from_utf8_lossy(&r.body)),
            )
        })
        .collect();
    assert_eq!(shown, sent, "{platform} kind {kind}: {outcome:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_preview_is_what_the_store_receives(
        platform in 0..PLATFORMS.len(),
        kind in 0..KINDS,
        row in 0usize..6,
        n in 1i64..40,
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(preview_then_send(PLATFORMS[platform], kind, row, n));
    }
}

/// The case the two copies used to disagree on: a new total for a B2B Wave product kept in
/// several warehouses is shown, and sent, as its main warehouse's quantity.
#[tokio::test]
async fn a_b2bwave_total_is_previewed_as_the_main_warehouse_it_is_sent_to() {
    for row in 0..6 {
        preview_then_send(Platform::B2bwave, 0, row, 7).await;
    }
    let sandbox = Sandbox::start(options()).await.unwrap();
    let endpoint = sandbox.endpoint(Platform::B2bwave).unwrap().clone();
    let catalog = connect(&endpoint);
    let page = catalog.list(&ListQuery::default()).await.result.unwrap();
    let mut shown_on_main = false;
    for summary in &page.items {
        let product = catalog.get(&summary.id).await.result.unwrap();
        if product.warehouses.len() < 2 {
            continue;
        }
        let elsewhere: i64 = product.warehouses[1..].iter().map(|w| w.quantity).sum();
        let change = Change::Edit {
            stock: Some(StockChange::Set {
                from: stock_of(&product),
                to: elsewhere + 7,
            }),
            fields: vec![],
        };
        let item = Item {
            id: ItemId(1),
            target: Target {
                id: Some(summary.id.clone()),
                sku: summary.sku.0.clone(),
                name: summary.name.clone(),
            },
            change,
            status: ItemStatus::Staged,
            sku_owners_before: None,
            maybe_applied: false,
        };
        let planned = send::plan(&catalog, &item).await.unwrap();
        let body = planned.last().and_then(|p| p.body.clone()).unwrap();
        let main = format!("\"warehouse_id\":{}", product.warehouses[0].id);
        assert!(
            body.contains(&main) && body.contains("\"quantity\":7"),
            "the total less what is kept elsewhere, on the main warehouse: {body}"
        );
        shown_on_main = true;
    }
    assert!(
        shown_on_main,
        "the store has a product in several warehouses"
    );
}
