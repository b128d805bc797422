//! The variant matrix: every alternative the sandbox plays to an undocumented detail
//! (`stockroom sandbox --variant NAME`) × loading the whole catalog, `stockroom export`,
//! `stockroom stock apply`, an edit and a create, compared with the same case against the
//! default sandbox. The results are the variant table in RELIABILITY.md, which this test keeps
//! current: `STOCKROOM_WRITE_RELIABILITY=1 cargo test --test it variant_matrix` rewrites it;
//! otherwise the test fails when the committed table differs from this run's.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use stockroom::basket::send::{note_sku_owners, send};
use stockroom::basket::{Change, FieldChange, Item, ItemId, ItemStatus, Outcome, Target};
use stockroom::catalog::Catalog;
use stockroom::catalog::error::CatalogError;
use stockroom::catalog::fields::Field;
use stockroom::catalog::http::{Auth, Transport};
use stockroom::catalog::loader::{LoadEvent, LoadPlan, load_all};
use stockroom::catalog::model::{
    Money, NewProduct, Platform, Product, ProductId, ProductSummary, Sku, Status, Stock,
};
use stockroom::catalog::valigara::ValigaraClient;
use stockroom::sandbox::{Endpoint, Sandbox, SandboxClock, SandboxOptions, Variant};
use stockroom::secret::Secret;

use crate::support::sandbox;
use crate::tmux::binary;

/// More than the largest page any platform serves, so every page cap shows.
const PRODUCTS: usize = 240;
const TIMEOUT: Duration = Duration::from_secs(20);
const COLUMNS: [&str; 6] = [
    "whole catalog",
    "export",
    "stock apply",
    "edit",
    "create",
    "listing updates",
];
const PLATFORMS: [Platform; 4] = [
    Platform::Cscart,
    Platform::Valigara,
    Platform::B2bwave,
    Platform::Ugal,
];

/// What a variant hides that no request can bring back: the cells that may say so.
fn hidden(variant: Variant) -> Option<&'static str> {
    match variant {
        Variant::B2bwaveNoListQuantities => Some("stock"),
        Variant::UgalNoListPrice => Some("price"),
        _ => None,
    }
}

fn variants_of(platform: Platform) -> Vec<Variant> {
    let prefix = format!("{}-", platform.key());
    Variant::ALL
        .into_iter()
        .filter(|variant| variant.name().starts_with(&prefix))
        .collect()
}

/// One case's results, a cell per column (`None`: not offered on the platform).
type Results = Vec<Option<String>>;

/// A platform's default results, and each of its variants' cells compared with them.
type PlatformRows = (Platform, Results, Vec<(Variant, Vec<String>)>);

/// The sandbox with `variants`, one client on `platform`'s store, and its clock.
struct Shop {
    /// Kept running while the shop is used; stopped when dropped.
    _sandbox: Sandbox,
    endpoint: Endpoint,
    catalog: Catalog,
    clock: SandboxClock,
}

impl Shop {
    async fn start(platform: Platform, variants: Vec<Variant>) -> Shop {
        let clock = SandboxClock::default();
        let sandbox = sandbox::start(SandboxOptions {
            variants,
            valigara_clock: clock.clone(),
            ..sandbox::stores_of(PRODUCTS)
        })
        .await;
        let endpoint = sandbox::endpoint(&sandbox, platform).clone();
        let connection = sandbox::connection(&endpoint, TIMEOUT, false);
        let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
        Shop {
            _sandbox: sandbox,
            endpoint,
            catalog,
            clock,
        }
    }

    /// The binary with a config whose one profile is this store; its stdout and exit code.
    async fn run(&self, dir: &Path, args: &[&str]) -> (String, i32) {
        let user = if self.endpoint.user.is_empty() {
            String::new()
        } else {
            format!("user = \"{}\"\n", self.endpoint.user)
        };
        let config = dir.join("config.toml");
        let text = format!(
            "[profiles.p]\nplatform = \"{}\"\nbase_url = \"{}\"\n{user}\
             secret = {{ value = \"{}\" }}\ntimeout_secs = 20\n",
            self.endpoint.platform.key(),
            self.endpoint.base_url,
            self.endpoint.key
        );
        std::fs::write(&config, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let output = tokio::process::Command::new(binary())
            .arg("--config")
            .arg(&config)
            .args(["--profile", "p"])
            .args(args)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("HOME", dir)
            .output()
            .await
            .unwrap();
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            output.status.code().unwrap_or(-1),
        )
    }
}

/// Every product of a whole-catalog load, in id order.
async fn load(catalog: &Catalog) -> Result<Vec<ProductSummary>, String> {
    let mut rows = Vec::new();
    let mut failure = None;
    load_all(catalog, LoadPlan::whole(catalog), |event| match event {
        LoadEvent::Page { page, .. } => rows.extend(page.items),
        LoadEvent::Failed { page, error, .. } => {
            failure.get_or_insert(format!("page {page}: {error}"));
        }
    })
    .await;
    if let Some(failure) = failure {
        return Err(failure);
    }
    rows.sort_by_key(|row| id_order(&row.id.0));
    Ok(rows)
}

/// Numeric ids in number order, then UGAL's references in text order.
fn id_order(id: &str) -> (u64, String) {
    (id.parse().unwrap_or(u64::MAX), id.to_owned())
}

/// A product as a line: id, SKU, name, price, stock, status.
fn line(row: &ProductSummary) -> [String; 6] {
    [
        row.id.0.clone(),
        row.sku.0.clone(),
        row.name.clone(),
        row.price.map(|m| m.to_string()).unwrap_or_default(),
        match row.stock {
            Stock::Quantity(n) => n.to_string(),
            Stock::NotTracked => String::new(),
        },
        format!("{:?}", row.status),
    ]
}

fn target(product: &Product) -> Target {
    Target {
        id: Some(product.summary.id.clone()),
        sku: product.summary.sku.0.clone(),
        name: product.summary.name.clone(),
    }
}

fn item(target: Target, change: Change) -> Item {
    Item {
        id: ItemId(1),
        target,
        change,
        status: ItemStatus::Staged,
        sku_owners_before: None,
        maybe_applied: false,
    }
}

fn outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Sent { .. } => "sent".to_owned(),
        Outcome::AlreadyApplied => "already applied".to_owned(),
        Outcome::Conflict(mismatches) => format!("conflict {mismatches:?}"),
        Outcome::Failed(message) => format!("failed: {message}"),
        Outcome::Uncertain(message) => format!("uncertain: {message}"),
    }
}

/// The products every case changes: the first three with a tracked stock, then the next one,
/// as the default sandbox lists them (the same seed gives every variant the same catalog).
fn chosen(rows: &[ProductSummary]) -> Vec<ProductSummary> {
    rows.iter()
        .filter(|row| matches!(row.stock, Stock::Quantity(_)))
        .take(4)
        .cloned()
        .collect()
}

/// Stock of each changed product, read back one by one.
async fn read_back(catalog: &Catalog, ids: &[ProductId]) -> String {
    let mut stocks = Vec::new();
    for id in ids {
        stocks.push(match catalog.get(id).await.result {
            Ok(product) => product.summary.stock.to_string(),
            Err(e) => format!("unreadable ({e})"),
        });
    }
    stocks.join(", ")
}

async fn case(platform: Platform, variants: Vec<Variant>, picked: &[ProductSummary]) -> Results {
    let shop = Shop::start(platform, variants).await;
    let dir = tempfile::tempdir().unwrap();
    let catalog = &shop.catalog;
    let loaded = match load(catalog).await {
        Ok(rows) => rows.iter().map(|row| line(row).join("|")).collect(),
        Err(e) => vec![format!("failed: {e}")],
    };

    let (csv, code) = shop.run(dir.path(), &["export", "--format", "csv"]).await;
    let mut exported: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|record| match record {
            Ok(record) => record.iter().collect::<Vec<_>>().join("|"),
            Err(e) => format!("unreadable CSV: {e}"),
        })
        .collect();
    exported.sort_by_key(|row| id_order(row.split('|').next().unwrap_or_default()));
    exported.push(format!("exit {code}"));

    let file = dir.path().join("stock.csv");
    let mut text = String::from("sku,stock\n");
    for row in &picked[..3] {
        let Stock::Quantity(stock) = row.stock else {
            unreachable!("chosen products track stock")
        };
        let _ = writeln!(text, "{},{}", row.sku.0, stock + 5);
    }
    std::fs::write(&file, text).unwrap();
    let (said, code) = shop
        .run(dir.path(), &["stock", "apply", &file.to_string_lossy()])
        .await;
    let tally = said
        .lines()
        .find(|l| l.starts_with("sent "))
        .unwrap_or("no tally")
        .to_owned();
    let ids: Vec<ProductId> = picked[..3].iter().map(|row| row.id.clone()).collect();
    let applied = format!("{tally}; exit {code}; {}", read_back(catalog, &ids).await);

    let edited = edit(catalog, platform, &picked[3].id).await;
    let created = if catalog.capabilities().create {
        Some(create(catalog, platform).await)
    } else {
        None
    };
    let listings = if platform == Platform::Valigara {
        Some(listing_updates(&shop, &picked[0].id).await)
    } else {
        None
    };
    vec![
        Some(loaded.join("\n")),
        Some(exported.join("\n")),
        Some(applied),
        Some(edited),
        created,
        listings,
    ]
}

/// A rename (UGAL: its nominal price up by one), sent through the basket, then read back.
async fn edit(catalog: &Catalog, platform: Platform, id: &ProductId) -> String {
    let product = match catalog.get(id).await.result {
        Ok(product) => product,
        Err(e) => return format!("unreadable ({e})"),
    };
    let change = if platform == Platform::Ugal {
        let mut to = product.prices.clone();
        if let Some(tier) = to.first_mut() {
            tier.amount = Money(tier.amount.0 + rust_decimal::Decimal::ONE);
            tier.vat = None;
        }
        Change::Prices {
            from: product.prices.clone(),
            to,
            stock: None,
        }
    } else {
        Change::Edit {
            stock: None,
            fields: vec![FieldChange {
                field: Field::Name,
                from: product.summary.name.clone(),
                to: "Renamed by the matrix".to_owned(),
            }],
        }
    };
    let (sent, _) = send(catalog, &item(target(&product), change)).await;
    let after = catalog.get(id).await.result.map(|p| p.summary);
    match after {
        Ok(after) => format!(
            "{}; now {} at {}",
            outcome(&sent),
            after.name,
            after.price.map(|m| m.to_string()).unwrap_or_default()
        ),
        Err(e) => format!("{}; unreadable ({e})", outcome(&sent)),
    }
}

/// A new product sent through the basket, then read back by the id the store answered.
async fn create(catalog: &Catalog, platform: Platform) -> String {
    let product = NewProduct {
        name: "Made by the matrix".to_owned(),
        sku: Some(Sku("MATRIX-1".to_owned())),
        price: Money::parse("9.50").unwrap(),
        stock: Some(4),
        category_ids: match platform {
            Platform::Cscart => vec![224],
            Platform::B2bwave => vec![1],
            _ => vec![],
        },
        status: Status::Active,
    };
    let target = Target {
        id: None,
        sku: "MATRIX-1".to_owned(),
        name: product.name.clone(),
    };
    // As the runner does: the SKU's owners are noted before a create is first sent.
    let mut create = item(target, Change::Create(product));
    let (noted, _) = note_sku_owners(catalog, &mut create).await;
    if let Err(message) = noted {
        return format!("failed: {message}");
    }
    let (sent, _) = send(catalog, &create).await;
    let Outcome::Sent {
        created: Some(id), ..
    } = &sent
    else {
        return outcome(&sent);
    };
    match catalog.get(id).await.result {
        Ok(made) => format!("sent; read back {}", line(&made.summary).join("|")),
        Err(e) => format!("sent; unreadable ({e})"),
    }
}

/// Six Valigara listing updates, each sent when the client's guard allows (the sandbox's
/// clock moved 15 minutes at a time while it holds one back): the server never refuses one.
async fn listing_updates(shop: &Shop, id: &ProductId) -> String {
    let auth = Auth::QueryKey {
        name: "auth".into(),
        secret: Secret::new(shop.endpoint.key.clone()),
    };
    let transport = Transport::new(&shop.endpoint.base_url, auth, TIMEOUT).unwrap();
    let clock = shop.clock.clone();
    let client = ValigaraClient::new(transport).with_clock(Arc::new(move || clock.now()));
    let (mut sent, mut refused) = (0, 0);
    for _ in 0..6 {
        let mut tries = 0;
        loop {
            let traced = client.update_listings(std::slice::from_ref(id), None).await;
            match traced.result {
                Ok(_) => {
                    sent += 1;
                    break;
                }
                Err(CatalogError::RateLimited { .. }) if traced.exchanges.is_empty() => {
                    tries += 1;
                    assert!(tries < 10, "the guard never let a listing update through");
                    shop.clock.advance(Duration::from_secs(15 * 60));
                }
                Err(e) => {
                    refused += 1;
                    assert!(refused < 10, "listing updates refused: {e}");
                    shop.clock.advance(Duration::from_secs(15 * 60));
                }
            }
        }
    }
    format!("{sent} sent, refused by the server {refused} times")
}

/// A cell of a variant's row: `same`, or what differs from the default's.
fn compare(variant: Variant, default: &Option<String>, got: &Option<String>) -> String {
    let (Some(default), Some(got)) = (default, got) else {
        return "—".to_owned();
    };
    if default == got {
        return "same".to_owned();
    }
    if let Some(field) = hidden(variant) {
        let column = if field == "stock" { 4 } else { 3 };
        let masked = |text: &str| -> Vec<String> {
            text.lines()
                .map(|l| {
                    let mut cells: Vec<&str> = l.split('|').collect();
                    if cells.len() >= 6 {
                        cells[column] = "";
                    }
                    cells.join("|")
                })
                .collect()
        };
        let unknown = got.lines().all(|l| {
            let cells: Vec<&str> = l.split('|').collect();
            cells.len() < 6 || cells[column].is_empty()
        });
        if unknown && masked(default) == masked(got) {
            return format!("same, {field} unknown (not zero)");
        }
    }
    let first = default
        .lines()
        .zip(got.lines())
        .find(|(a, b)| a != b)
        .map_or_else(
            || got.lines().last().unwrap_or("").to_owned(),
            |(_, b)| b.to_owned(),
        );
    format!("differs: {}", first.replace('|', " / "))
}

/// The default's cell, short: what it did.
fn summary(cell: &Option<String>, column: usize) -> String {
    match cell {
        None => "—".to_owned(),
        Some(text) if column < 2 => format!(
            "{} products",
            text.lines().filter(|l| !l.starts_with("exit")).count()
        ),
        Some(text) => text.replace('|', " / "),
    }
}

fn table(results: &[PlatformRows]) -> String {
    let mut out = String::new();
    for (platform, default, rows) in results {
        let _ = writeln!(out, "### {}\n", platform.display_name());
        let _ = writeln!(out, "| variant | {} |", COLUMNS.join(" | "));
        let _ = writeln!(out, "|---|{}", "---|".repeat(COLUMNS.len()));
        let cells: Vec<String> = (0..COLUMNS.len())
            .map(|c| summary(&default[c], c))
            .collect();
        let _ = writeln!(out, "| default (the documents) | {} |", cells.join(" | "));
        for (variant, cells) in rows {
            let _ = writeln!(out, "| `{}` | {} |", variant.name(), cells.join(" | "));
        }
        out.push('\n');
    }
    out
}

const BEGIN: &str = "<!-- variant matrix: generated by tests/it/variant_matrix.rs -->";
const END: &str = "<!-- end of variant matrix -->";

#[test]
fn every_variant_gives_the_default_result() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let results = runtime.block_on(async {
        let mut results = Vec::new();
        for platform in PLATFORMS {
            let shop = Shop::start(platform, Vec::new()).await;
            let picked = chosen(&load(&shop.catalog).await.unwrap());
            drop(shop);
            assert_eq!(picked.len(), 4, "{platform}: too few tracked products");
            let default = case(platform, Vec::new(), &picked).await;
            let mut rows = Vec::new();
            for variant in variants_of(platform) {
                let got = case(platform, vec![variant], &picked).await;
                let cells: Vec<String> = (0..COLUMNS.len())
                    .map(|c| compare(variant, &default[c], &got[c]))
                    .collect();
                rows.push((variant, cells));
            }
            results.push((platform, default, rows));
        }
        results
    });
    for (platform, _, rows) in &results {
        for (variant, cells) in rows {
            for (column, cell) in COLUMNS.iter().zip(cells) {
                let allowed = cell == "same"
                    || cell == "—"
                    || hidden(*variant)
                        .is_some_and(|field| cell.contains(&format!("{field} unknown")))
                    || (*variant == Variant::B2bwaveNoListQuantities && *column == "stock apply");
                assert!(allowed, "{platform} {variant} {column}: {cell}");
            }
        }
    }
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
        "RELIABILITY.md's variant table is not this run's: \
         STOCKROOM_WRITE_RELIABILITY=1 cargo test --test it variant_matrix rewrites it"
    );
}
