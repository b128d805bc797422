//! The fault campaign: every fault the sandbox injects × every operation × every platform,
//! through the clients and the basket's sending path over loopback. Each case checks that the
//! call ends (no hang), that a failure reads as a clear message free of control characters,
//! and that a write survives the fault: staged when it failed, sent once when sent again,
//! never applied twice. The results are the table in RELIABILITY.md, which this test keeps
//! current: `STOCKROOM_WRITE_RELIABILITY=1 cargo test --test it fault_matrix` rewrites it;
//! otherwise the test fails when the committed table differs from this run's.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use stockroom::basket::send::{note_sku_owners, send};
use stockroom::basket::{
    Change, FieldChange, Item, ItemId, ItemStatus, Outcome, StockChange, Target, WarehouseChange,
};
use stockroom::catalog::Catalog;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::fields::Field;
use stockroom::catalog::model::{
    ListQuery, Money, NewProduct, Platform, Product, ProductId, Sku, Status, Stock,
};
use stockroom::sandbox::Sandbox;
use stockroom::sandbox::faults::{Fault, FaultKind, Operation, Target as Store};

use crate::support::sandbox;

/// Short, so that the faults that never answer cost little; every other answer is local.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(800);
/// A call that takes longer than this has hung, whatever the fault.
const HANG: Duration = Duration::from_secs(20);
const PRODUCTS: usize = 240;

const OPERATIONS: [Operation; 6] = Operation::EACH;

const PLATFORMS: [(Platform, Store); 4] = [
    (Platform::Cscart, Store::Cscart),
    (Platform::Valigara, Store::Valigara),
    (Platform::B2bwave, Store::B2bwave),
    (Platform::Ugal, Store::Ugal),
];

fn faults() -> Vec<(&'static str, FaultKind)> {
    vec![
        (
            "latency 300 ms",
            FaultKind::Latency(Duration::from_millis(300)),
        ),
        ("no answer (timeout)", FaultKind::Timeout),
        ("no answer after the write", FaultKind::TimeoutAfterApply),
        ("connection reset", FaultKind::Reset),
        ("500", FaultKind::Status(500)),
        ("503", FaultKind::Status(503)),
        (
            "429 / Valigara 105",
            FaultKind::TooManyRequests { retry_after: None },
        ),
        (
            "429 / 105 with Retry-After",
            FaultKind::TooManyRequests {
                retry_after: Some(1),
            },
        ),
        ("malformed body", FaultKind::Malformed),
        ("truncated body", FaultKind::Truncated),
        ("HTML error page", FaultKind::Html(502)),
        ("oversized body", FaultKind::Oversized { bytes: 64 << 20 }),
        ("invalid UTF-8", FaultKind::InvalidUtf8),
        ("hostile data", FaultKind::HostileData),
    ]
}

/// One store under test: its sandbox, a client, and products no other case touches.
struct Shop {
    sandbox: Sandbox,
    catalog: Catalog,
    platform: Platform,
    store: Store,
    spare: Vec<Product>,
    /// Read by the list and get cases, never written.
    reads: ProductId,
}

impl Shop {
    async fn start(platform: Platform, store: Store) -> Shop {
        let sandbox = sandbox::start(sandbox::stores_of(PRODUCTS)).await;
        let endpoint = sandbox::endpoint(&sandbox, platform).clone();
        let connection = sandbox::connection(&endpoint, CLIENT_TIMEOUT, false);
        let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
        let mut spare = Vec::new();
        let mut page = 1;
        while spare.len() < 80 {
            let query = ListQuery {
                page,
                per_page: catalog.bulk_page_size(),
                ..ListQuery::default()
            };
            let listed = catalog.list(&query).await.result.unwrap();
            if listed.items.is_empty() {
                break;
            }
            for summary in listed.items {
                // A spare takes every write: a stock to change, and on UGAL a price to change.
                let unpriced = platform == Platform::Ugal && summary.price.is_none();
                if matches!(summary.stock, Stock::NotTracked) || unpriced {
                    continue;
                }
                spare.push(catalog.get(&summary.id).await.result.unwrap());
            }
            page += 1;
        }
        let reads = spare.pop().unwrap().summary.id;
        Shop {
            sandbox,
            catalog,
            platform,
            store,
            spare,
            reads,
        }
    }

    fn take_peek_warehouses(&self) -> bool {
        self.spare.last().is_some_and(|p| p.warehouses.len() > 1)
    }

    fn take(&mut self) -> Product {
        self.spare.pop().expect("enough products for every case")
    }

    fn arm(&self, kind: FaultKind, op: Operation) {
        self.sandbox.faults().clear();
        self.sandbox
            .faults()
            .add(Fault::new(kind).at(self.store).on(op).times(1));
    }

    fn disarm(&self) {
        self.sandbox.faults().clear();
    }

    fn supports(&self, op: Operation) -> bool {
        let can = self.catalog.capabilities();
        match op {
            Operation::Create => can.create,
            Operation::Delete => can.delete,
            _ => true,
        }
    }
}

/// The change a write case stages, and how to tell it was applied.
struct Write {
    item: Item,
    sku: String,
}

fn target(product: &Product) -> Target {
    Target {
        id: Some(product.summary.id.clone()),
        sku: product.summary.sku.0.clone(),
        name: product.summary.name.clone(),
    }
}

fn stage(shop: &mut Shop, op: Operation, case: usize) -> Write {
    let item = |target, change| Item {
        id: ItemId(case as u64),
        target,
        change,
        status: ItemStatus::Staged,
        sku_owners_before: None,
        maybe_applied: false,
    };
    match op {
        Operation::Stock if shop.take_peek_warehouses() => {
            // A product kept in several warehouses has its stock changed in one of them.
            let product = shop.take();
            let warehouse = &product.warehouses[0];
            let Stock::Quantity(total) = product.summary.stock else {
                unreachable!("spare products track stock")
            };
            Write {
                sku: product.summary.sku.0.clone(),
                item: item(
                    target(&product),
                    Change::Warehouses {
                        total,
                        changes: vec![WarehouseChange {
                            warehouse: warehouse.id,
                            code: warehouse.code.clone(),
                            from: warehouse.quantity,
                            to: warehouse.quantity + 5,
                        }],
                    },
                ),
            }
        }
        Operation::Stock => {
            let product = shop.take();
            let Stock::Quantity(from) = product.summary.stock else {
                unreachable!("spare products track stock")
            };
            Write {
                sku: product.summary.sku.0.clone(),
                item: item(
                    target(&product),
                    Change::Edit {
                        stock: Some(StockChange::adjust(from, 5)),
                        fields: vec![],
                    },
                ),
            }
        }
        Operation::Edit if shop.platform == Platform::Ugal => {
            let product = shop.take();
            let mut to = product.prices.clone();
            if let Some(tier) = to.first_mut() {
                tier.amount = Money(tier.amount.0 + rust_decimal::Decimal::ONE);
                tier.vat = None;
            }
            Write {
                sku: product.summary.sku.0.clone(),
                item: item(
                    target(&product),
                    Change::Prices {
                        from: product.prices.clone(),
                        to,
                        stock: None,
                    },
                ),
            }
        }
        Operation::Edit => {
            let product = shop.take();
            Write {
                sku: product.summary.sku.0.clone(),
                item: item(
                    target(&product),
                    Change::Edit {
                        stock: None,
                        fields: vec![FieldChange {
                            field: Field::Name,
                            from: product.summary.name.clone(),
                            to: format!("Renamed {case}"),
                        }],
                    },
                ),
            }
        }
        Operation::Create => {
            let sku = format!("FAULT-{case}");
            let product = NewProduct {
                name: format!("Fault case {case}"),
                sku: Some(Sku(sku.clone())),
                price: Money::parse("9.50").unwrap(),
                stock: Some(4),
                category_ids: match shop.platform {
                    Platform::Cscart => vec![224],
                    Platform::B2bwave => vec![1],
                    _ => vec![],
                },
                status: Status::Active,
            };
            Write {
                item: item(
                    Target {
                        id: None,
                        sku: sku.clone(),
                        name: product.name.clone(),
                    },
                    Change::Create(product),
                ),
                sku,
            }
        }
        Operation::Delete => {
            let product = shop.take();
            Write {
                sku: product.summary.sku.0.clone(),
                item: item(
                    target(&product),
                    Change::Delete {
                        keep_channels: false,
                    },
                ),
            }
        }
        Operation::List | Operation::Get | Operation::Any => unreachable!("not a write"),
    }
}

/// How a failure reads on screen: its kind in a few words.
fn class(error: &CatalogError) -> String {
    match error {
        CatalogError::Timeout(_) => "timeout".into(),
        CatalogError::Connect { .. } | CatalogError::Network(_) => "network error".into(),
        CatalogError::Server { status, .. } => format!("server {status}"),
        CatalogError::RateLimited { status, .. } => format!("rate limited {status}"),
        CatalogError::Malformed { .. } => "unreadable answer".into(),
        CatalogError::Rejected { status, .. } => format!("refused {status}"),
        CatalogError::Unauthorized { status, .. } | CatalogError::Forbidden { status, .. } => {
            format!("denied {status}")
        }
        CatalogError::NotFound { .. } => "not found".into(),
        other => format!("{other}"),
    }
}

/// The message the user would read: non-empty and free of control characters.
fn check_message(text: &str, context: &str) {
    assert!(!text.trim().is_empty(), "{context}: an empty message");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{context}: control characters in {text:?}"
    );
}

fn outcome_label(outcome: &Outcome, context: &str) -> String {
    match outcome {
        Outcome::Sent { .. } => "sent".into(),
        Outcome::AlreadyApplied => "already applied".into(),
        Outcome::Conflict(mismatches) => panic!("{context}: a conflict {mismatches:?}"),
        Outcome::Failed(message) | Outcome::Uncertain(message) => {
            check_message(message, context);
            let lower = message.to_lowercase();
            let kind = [
                ("no answer", "timeout"),
                ("rate limit", "rate limited"),
                ("unreadable", "unreadable answer"),
                ("server error", "server error"),
                ("network", "network error"),
                ("cannot reach", "network error"),
            ]
            .into_iter()
            .find(|(needle, _)| lower.contains(needle))
            .map_or("failed", |(_, label)| label);
            format!("{kind}, kept")
        }
    }
}

/// Whether the server refused an attempt for its rate limit (which the client waited out).
fn refused(exchanges: &[stockroom::catalog::exchange::Exchange]) -> bool {
    exchanges
        .iter()
        .any(|e| e.status == Some(429) || e.platform_status.as_deref() == Some("105"))
}

/// Did the write take effect on the store exactly once?
async fn applied_once(shop: &Shop, write: &Write, op: Operation, context: &str) {
    let catalog = &shop.catalog;
    match op {
        Operation::Stock => {
            let id = write.item.target.id.as_ref().unwrap();
            let product = catalog.get(id).await.result.unwrap();
            match &write.item.change {
                Change::Edit {
                    stock: Some(change),
                    ..
                } => assert_eq!(
                    product.summary.stock,
                    Stock::Quantity(change.to()),
                    "{context}: the stock must move by the change exactly once"
                ),
                Change::Warehouses { changes, .. } => {
                    let held = product
                        .warehouses
                        .iter()
                        .find(|w| w.id == changes[0].warehouse)
                        .map(|w| w.quantity);
                    assert_eq!(
                        held,
                        Some(changes[0].to),
                        "{context}: the warehouse's stock must move by the change exactly once"
                    );
                }
                other => unreachable!("{other:?}"),
            }
        }
        Operation::Edit => {
            let id = write.item.target.id.as_ref().unwrap();
            let product = catalog.get(id).await.result.unwrap();
            match &write.item.change {
                Change::Edit { fields, .. } => {
                    assert_eq!(product.summary.name, fields[0].to, "{context}")
                }
                Change::Prices { to, .. } => assert_eq!(
                    product.prices.first().map(|t| t.amount),
                    to.first().map(|t| t.amount),
                    "{context}"
                ),
                _ => unreachable!(),
            }
        }
        Operation::Create => {
            let found = catalog.find_by_sku(&Sku(write.sku.clone())).await;
            assert!(
                found.result.unwrap().is_some(),
                "{context}: the product exists"
            );
            let mut copies = 0;
            let mut page = 1;
            loop {
                let query = ListQuery {
                    page,
                    per_page: catalog.bulk_page_size(),
                    ..ListQuery::default()
                };
                let listed = catalog.list(&query).await.result.unwrap();
                copies += listed.items.iter().filter(|p| p.sku.0 == write.sku).count();
                if !listed.more || listed.items.is_empty() {
                    break;
                }
                page += 1;
            }
            assert_eq!(copies, 1, "{context}: created exactly once");
        }
        Operation::Delete => {
            let id: &ProductId = write.item.target.id.as_ref().unwrap();
            assert!(
                matches!(
                    catalog.get(id).await.result,
                    Err(CatalogError::NotFound { .. })
                ),
                "{context}: deleted"
            );
        }
        _ => unreachable!(),
    }
}

async fn run_case(shop: &mut Shop, kind: FaultKind, op: Operation, case: usize) -> String {
    let context = format!("{} {:?} {:?}", shop.platform, kind, op);
    if !shop.supports(op) {
        return "n/a".into();
    }
    let started = Instant::now();
    let label = match op {
        Operation::List | Operation::Get => {
            let id = shop.reads.clone();
            shop.arm(kind, op);
            let (result, exchanges) = if op == Operation::List {
                let traced = shop.catalog.list(&ListQuery::default()).await;
                let names = traced
                    .result
                    .map(|page| page.items.iter().map(|p| p.name.clone()).collect());
                (names, traced.exchanges)
            } else {
                let traced = shop.catalog.get(&id).await;
                (
                    traced.result.map(|p| vec![p.summary.name]),
                    traced.exchanges,
                )
            };
            shop.disarm();
            match result {
                Ok(names) => {
                    for name in names {
                        check_message(&stockroom::sanitize::clean(&name), &context);
                    }
                    if refused(&exchanges) {
                        "ok after a wait".into()
                    } else {
                        "ok".into()
                    }
                }
                Err(error) => {
                    check_message(&error.to_string(), &context);
                    let retry = if op == Operation::List {
                        shop.catalog
                            .list(&ListQuery::default())
                            .await
                            .result
                            .is_ok()
                    } else {
                        shop.catalog.get(&id).await.result.is_ok()
                    };
                    assert!(
                        retry,
                        "{context}: reading again works once the fault is gone"
                    );
                    format!("{}, read again", class(&error))
                }
            }
        }
        _ => {
            let mut write = stage(shop, op, case);
            // As the UI does before a create's first send: note who has its SKU already.
            let (noted, _) = note_sku_owners(&shop.catalog, &mut write.item).await;
            noted.unwrap();
            shop.arm(kind, op);
            let (first, exchanges) = send(&shop.catalog, &write.item).await;
            shop.disarm();
            let mut label = outcome_label(&first, &context);
            if refused(&exchanges) {
                label = format!("{label} after a wait");
            }
            if let Outcome::Failed(message) | Outcome::Uncertain(message) = &first {
                write.item.status = ItemStatus::Failed {
                    message: message.clone(),
                };
                let (again, _) = send(&shop.catalog, &write.item).await;
                let second = outcome_label(&again, &context);
                assert!(
                    matches!(again, Outcome::Sent { .. } | Outcome::AlreadyApplied),
                    "{context}: sending again after the fault gives {again:?}"
                );
                label = format!("{label} → {second}");
            }
            applied_once(shop, &write, op, &context).await;
            label
        }
    };
    assert!(
        started.elapsed() < HANG,
        "{context}: took {:?}",
        started.elapsed()
    );
    label
}

async fn campaign(platform: Platform, store: Store) -> Vec<Vec<String>> {
    let mut shop = Shop::start(platform, store).await;
    let mut rows = Vec::new();
    let mut case = 0;
    for (_, kind) in faults() {
        let mut row = Vec::new();
        for op in OPERATIONS {
            case += 1;
            row.push(run_case(&mut shop, kind, op, case).await);
        }
        rows.push(row);
    }
    shop.sandbox.shutdown().await;
    rows
}

fn table(results: &[(Platform, Vec<Vec<String>>)]) -> String {
    let mut out = String::new();
    for (platform, rows) in results {
        let _ = writeln!(out, "\n### {platform}\n");
        let _ = writeln!(
            out,
            "| fault | list | get | stock change | edit | create | delete |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for ((name, _), row) in faults().iter().zip(rows) {
            let _ = writeln!(out, "| {name} | {} |", row.join(" | "));
        }
    }
    out
}

const BEGIN: &str = "<!-- fault matrix: generated by tests/it/fault_matrix.rs -->";
const END: &str = "<!-- end of fault matrix -->";

#[test]
fn every_fault_on_every_operation_of_every_platform() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let results: Vec<(Platform, Vec<Vec<String>>)> = runtime.block_on(async {
        let tasks: Vec<_> = PLATFORMS
            .iter()
            .map(|&(platform, store)| tokio::spawn(campaign(platform, store)))
            .collect();
        let mut results = Vec::new();
        for (task, (platform, _)) in tasks.into_iter().zip(PLATFORMS) {
            results.push((platform, task.await.unwrap()));
        }
        results
    });
    let generated = table(&results);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("RELIABILITY.md");
    let document = std::fs::read_to_string(&path).unwrap_or_default();
    let (before, rest) = document.split_once(BEGIN).unwrap_or((&document, ""));
    let after = rest.split_once(END).map_or("", |(_, after)| after);
    let committed = rest.split_once(END).map_or("", |(table, _)| table);
    if std::env::var_os("STOCKROOM_WRITE_RELIABILITY").is_some() {
        let updated = format!("{before}{BEGIN}\n{generated}\n{END}{after}");
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        committed.trim(),
        generated.trim(),
        "RELIABILITY.md's table is not this run's: \
         STOCKROOM_WRITE_RELIABILITY=1 cargo test --test it fault_matrix rewrites it"
    );
}
