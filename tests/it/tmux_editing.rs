//! Editing with the real binary in tmux, read back from the sandbox over HTTP; a kill -9 mid-batch.

use std::path::Path;

use crate::tmux::{Tmux, binary, headless_sandbox};

/// A store as a test sees it: the headless sandbox and a config pointing at it.
struct Store {
    /// Stopped when the store is dropped.
    _sandbox: crate::tmux::SandboxChild,
    base_url: String,
    key: String,
    home: tempfile::TempDir,
}

impl Store {
    fn start(extra: &[&str]) -> Store {
        let (sandbox, base_url, key) = headless_sandbox(extra);
        let home = tempfile::tempdir().unwrap();
        let config = format!(
            "default_profile = \"shop\"\n[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\n\
             user = \"admin@example.com\"\nsecret = {{ env = \"SHOP_KEY\" }}\n"
        );
        std::fs::write(home.path().join("stockroom.toml"), config).unwrap();
        Store {
            _sandbox: sandbox,
            base_url,
            key,
            home,
        }
    }

    fn command(&self) -> String {
        format!(
            "SHOP_KEY={} {} --config {}",
            self.key,
            binary().display(),
            self.config().display()
        )
    }

    fn config(&self) -> std::path::PathBuf {
        self.home.path().join("stockroom.toml")
    }

    fn home(&self) -> &Path {
        self.home.path()
    }

    /// `GET {path}` on the store, as JSON.
    fn get(&self, path: &str) -> serde_json::Value {
        let url = format!("{}/{path}", self.base_url);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            reqwest::Client::new()
                .get(&url)
                .basic_auth("admin@example.com", Some(&self.key))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    }

    /// The first `count` products as the UI lists them (by name): (id, amount).
    fn first_products(&self, count: usize) -> Vec<(String, i64)> {
        let list = self.get(&format!(
            "api/products?sort_by=product&sort_order=asc&items_per_page={count}"
        ));
        list["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let id = p["product_id"].as_str().unwrap().to_owned();
                (id, p["amount"].as_str().unwrap().parse().unwrap())
            })
            .collect()
    }

    /// Sets a product's stock behind Stockroom's back, as a sale on the storefront would.
    fn sell_to(&self, id: &str, amount: i64) {
        let url = format!("{}/api/products/{id}", self.base_url);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let status = runtime.block_on(async {
            reqwest::Client::new()
                .put(&url)
                .basic_auth("admin@example.com", Some(&self.key))
                .json(&serde_json::json!({"amount": amount.to_string()}))
                .send()
                .await
                .unwrap()
                .status()
        });
        assert!(status.is_success(), "{status}");
    }

    fn amount(&self, id: &str) -> i64 {
        self.get(&format!("api/products/{id}"))["amount"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }
}

#[test]
fn stage_plus_five_and_zero_confirm_and_read_back() {
    let store = Store::start(&[]);
    let before = store.first_products(2);
    let tmux = Tmux::start_in("edit", store.home(), 120, 35, &store.command());
    tmux.wait_for("the first page", |s| s.contains("page 1/"));

    tmux.send(&["5", "+"]);
    let (first, second) = (&before[0], &before[1]);
    let arrow = format!("{}→{}", first.1, first.1 + 5);
    tmux.wait_for("the staged +5", |s| s.contains(&arrow));
    tmux.send(&["j", "="]);
    tmux.type_text("0");
    tmux.send(&["Enter"]);
    let arrow = format!("{}→0", second.1);
    tmux.wait_for("the staged =0", |s| s.contains(&arrow));
    assert_eq!(
        store.amount(&first.0),
        first.1,
        "nothing is sent before the basket is confirmed"
    );

    tmux.send(&["b"]);
    let basket = tmux.wait_for("the basket", |s| s.contains("Basket") && s.contains("PUT"));
    assert!(basket.contains("(+5)"), "{basket}");
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 2 changes?"));
    assert_eq!(
        store.amount(&first.0),
        first.1,
        "nothing is sent before yes"
    );
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 2 changes"));

    assert_eq!(store.amount(&first.0), first.1 + 5);
    assert_eq!(store.amount(&second.0), 0);
    let screen = tmux.wait_for("the list read back", |s| !s.contains('→'));
    assert!(screen.contains(&format!(" {} ", first.1 + 5)), "{screen}");

    tmux.send(&["u"]);
    tmux.wait_for("the inverse batch", |s| {
        s.contains("Basket") && s.contains("(-5)")
    });
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 2 changes?"));
    tmux.send(&["y"]);
    tmux.wait_for("the undo result", |s| s.contains("Sent 2 changes"));
    assert_eq!(
        store.amount(&first.0),
        first.1,
        "undo restored the first product"
    );
    assert_eq!(
        store.amount(&second.0),
        second.1,
        "undo restored the second product"
    );

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

#[test]
fn killed_mid_batch_nothing_is_lost_and_nothing_is_sent_twice() {
    let store = Store::start(&["--latency-ms", "300"]);
    let before = store.first_products(6);
    let tmux = Tmux::start_in("kill", store.home(), 120, 35, &store.command());
    tmux.wait_for("the first page", |s| s.contains("page 1/"));
    for _ in 0..6 {
        tmux.send(&["5", "+", "j"]);
    }
    tmux.wait_for("six staged changes", |s| s.contains("6 staged"));
    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| s.contains("Basket"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 6 changes?"));
    tmux.send(&["y"]);
    tmux.wait_for("the batch under way", |s| s.contains("sending 3/6"));
    tmux.kill_program();
    assert_eq!(tmux.wait_exit(), "EXIT=137");
    drop(tmux);

    let sent_before_kill = before
        .iter()
        .filter(|(id, amount)| store.amount(id) == amount + 5)
        .count();
    assert!(
        (2..6).contains(&sent_before_kill),
        "{sent_before_kill} were sent before the kill"
    );

    let tmux = Tmux::start_in("resume", store.home(), 120, 35, &store.command());
    let screen = tmux.wait_for("the recovery offer", |s| s.contains("unsent changes"));
    assert!(screen.contains("r review"), "{screen}");
    tmux.send(&["r"]);
    tmux.wait_for("the recovered basket", |s| s.contains("Basket"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send "));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent "));
    for (id, amount) in &before {
        assert_eq!(
            store.amount(id),
            amount + 5,
            "product {id} changed exactly once"
        );
    }
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

#[test]
fn a_sale_meanwhile_is_caught_and_the_same_delta_applied_to_the_new_stock() {
    let store = Store::start(&[]);
    let (id, before) = store.first_products(1).remove(0);
    let tmux = Tmux::start_in("conflict", store.home(), 120, 35, &store.command());
    tmux.wait_for("the first page", |s| s.contains("page 1/"));
    tmux.send(&["5", "+"]);
    tmux.wait_for("the staged +5", |s| {
        s.contains(&format!("{before}→{}", before + 5))
    });

    store.sell_to(&id, before - 2);
    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| s.contains("Basket"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    let screen = tmux.wait_for("the conflict", |s| {
        s.contains("conflict") && s.contains("server now has")
    });
    assert!(
        screen.contains(&format!(
            "you saw {before}, the server now has {}",
            before - 2
        )),
        "{screen}"
    );
    assert_eq!(
        store.amount(&id),
        before - 2,
        "nothing was written over the sale"
    );

    tmux.send(&["a"]);
    tmux.wait_for("the re-staged change", |s| !s.contains("server now has"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 1 change"));
    assert_eq!(
        store.amount(&id),
        before - 2 + 5,
        "the same +5 on the new stock"
    );
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

#[test]
fn typing_into_the_edit_form_replaces_a_value_and_end_appends_to_one() {
    let store = Store::start(&[]);
    let (id, stock) = store.first_products(1).remove(0);
    let tmux = Tmux::start_in("form", store.home(), 120, 35, &store.command());
    tmux.wait_for("the first page", |s| s.contains("page 1/"));
    tmux.send(&["e"]);
    tmux.wait_for("the form", |s| s.contains("Edit ·") && s.contains("▶ Name"));
    tmux.send(&["Tab", "Tab"]);
    tmux.wait_for("the price field", |s| s.contains("▶ Price"));
    tmux.type_text("50");
    tmux.send(&["Tab", "Tab"]);
    tmux.wait_for("the stock field", |s| s.contains("▶ Stock"));
    tmux.send(&["End"]);
    tmux.type_text("1");
    tmux.send(&["C-s"]);
    tmux.wait_for("the staged edit", |s| s.contains("staged"));
    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| s.contains("Basket"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 1 change"));

    let product = store.get(&format!("api/products/{id}"));
    let price = product["price"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| product["price"].to_string());
    assert_eq!(
        stockroom::catalog::model::Money::parse(&price),
        stockroom::catalog::model::Money::parse("50"),
        "50 typed over the price, not in front of it: {product}"
    );
    assert_eq!(store.amount(&id), stock * 10 + 1, "End, then 1 appended");
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

/// The stock column of the selected row (the one marked ▶), as shown.
fn selected_stock(screen: &str) -> Option<i64> {
    let row = screen.lines().find(|line| line.contains('▶'))?;
    let cells: Vec<&str> = row.split_whitespace().collect();
    let status = cells
        .iter()
        .rposition(|c| ["active", "disabled", "inactive", "draft", "sold"].contains(c))?;
    cells.get(status.checked_sub(1)?)?.parse().ok()
}

#[test]
fn mark_sold_takes_the_quantity_typed_over_its_prefilled_one() {
    let tmux = Tmux::start("sold", 140, 35, &format!("{} demo", binary().display()));
    tmux.wait_for("the first store", |s| s.contains("page 1/"));
    tmux.send(&["P"]);
    tmux.wait_for("the Valigara store", |s| {
        s.contains("valigara-demo") && s.contains("row 1 of")
    });
    tmux.send(&["/"]);
    tmux.type_text("stock:13..");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("the search", |s| {
        s.contains("filter: stock") && selected_stock(s).is_some()
    });
    let before = selected_stock(&screen).unwrap_or_default();

    tmux.send(&["M"]);
    tmux.wait_for("the sale dialog", |s| s.contains("Mark sold"));
    tmux.type_text("2");
    tmux.wait_for("the quantity typed", |s| s.contains("Sold: 2"));
    tmux.send(&["Enter"]);
    tmux.wait_for("the staged sale of 2, not 12", |s| {
        s.contains(&format!("{before}→{}", before - 2))
    });
    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| s.contains("Basket"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 1 change"));
    tmux.wait_for("the stock read back from the store", |s| {
        !s.contains('→') && selected_stock(s) == Some(before - 2)
    });
    tmux.wait_for("the offer to push the stock to the channels", |s| {
        s.contains("Push the new stock of 1 product")
    });
    tmux.send(&["n"]);
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}
