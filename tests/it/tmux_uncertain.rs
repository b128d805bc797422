//! The real binary killed with -9 while a +5 is on its way, then started again: the change
//! comes back as uncertain, and a conflict on it never offers to add the 5 a second time
//! without saying so and asking again.

use crate::tmux::{Tmux, binary, headless_sandbox};

/// `GET`/`PUT` on the sandbox's CS-Cart store, as a colleague would.
struct Store {
    base_url: String,
    key: String,
}

impl Store {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .request(method, format!("{}/{path}", self.base_url))
            .basic_auth("admin@example.com", Some(&self.key))
    }

    fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Runtime::new().unwrap().block_on(work)
    }

    /// The first product as the UI lists it: its id and stock.
    fn first_product(&self) -> (String, i64) {
        let list: serde_json::Value = self.run(async {
            let path = "api/products?sort_by=product&sort_order=asc&items_per_page=1";
            let answer = self.request(reqwest::Method::GET, path).send().await;
            answer.unwrap().json().await.unwrap()
        });
        let product = &list["products"][0];
        let id = product["product_id"].as_str().unwrap().to_owned();
        (id, product["amount"].as_str().unwrap().parse().unwrap())
    }

    fn amount(&self, id: &str) -> i64 {
        let product: serde_json::Value = self.run(async {
            let path = format!("api/products/{id}");
            let answer = self.request(reqwest::Method::GET, &path).send().await;
            answer.unwrap().json().await.unwrap()
        });
        product["amount"].as_str().unwrap().parse().unwrap()
    }

    fn set_amount(&self, id: &str, amount: i64) {
        let status = self.run(async {
            let path = format!("api/products/{id}");
            let body = serde_json::json!({"amount": amount.to_string()});
            let answer = self
                .request(reqwest::Method::PUT, &path)
                .json(&body)
                .send()
                .await;
            answer.unwrap().status()
        });
        assert!(status.is_success(), "{status}");
    }
}

#[test]
fn killed_while_a_plus_five_is_sent_it_comes_back_uncertain_and_is_never_doubled_silently() {
    let (_sandbox, base_url, key) = headless_sandbox(&["--latency-ms", "1000"]);
    let store = Store { base_url, key };
    let home = tempfile::tempdir().unwrap();
    let config = format!(
        "default_profile = \"shop\"\n[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{}\"\n\
         user = \"admin@example.com\"\nsecret = {{ env = \"SHOP_KEY\" }}\n",
        store.base_url
    );
    let config_path = home.path().join("stockroom.toml");
    std::fs::write(&config_path, config).unwrap();
    let command = format!(
        "SHOP_KEY={} {} --config {}",
        store.key,
        binary().display(),
        config_path.display()
    );
    let journal = stockroom::journal::Journal::for_profile(
        &home.path().join("data/stockroom/journal"),
        "shop",
    )
    .path()
    .to_owned();
    let (id, before) = store.first_product();

    let tmux = Tmux::start_in("uncertain", home.path(), 120, 35, &command);
    tmux.wait_for("the first page", |s| s.contains("page 1/"));
    tmux.send(&["5", "+"]);
    tmux.wait_for("the staged +5", |s| {
        s.contains(&format!("{before}→{}", before + 5))
    });
    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| s.contains("Basket"));
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    tmux.wait_for("the send under way", |s| s.contains("sending 0/1"));
    tmux.send(&["q"]);
    let quitting = tmux.wait_for("the quit question", |s| s.contains("may or may not"));
    assert!(
        quitting.contains("Sending 1 of 1 to shop"),
        "it says what is in flight: {quitting}"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(&journal).is_ok_and(|j| j.contains("Sending")) {
        assert!(
            std::time::Instant::now() < deadline,
            "journaled as being sent"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    tmux.kill_program();
    assert_eq!(tmux.wait_exit(), "EXIT=137");
    drop(tmux);

    // The +5 may or may not have landed; a sale then leaves a stock that is neither value.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let landed = store.amount(&id) == before + 5;
    let sold = before + 3;
    store.set_amount(&id, sold);

    let tmux = Tmux::start_in("uncertain-again", home.path(), 120, 35, &command);
    let offer = tmux.wait_for("the recovery offer", |s| s.contains("nsent change"));
    assert!(offer.contains("was being sent"), "{offer}");
    tmux.send(&["r"]);
    let basket = tmux.wait_for("the uncertain item", |s| {
        s.contains("uncertain: may already be applied")
    });
    assert!(basket.contains("(+5)"), "{basket}");
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    let conflict = tmux.wait_for("the conflict", |s| s.contains("a apply"));
    assert!(
        conflict.contains(&format!(
            "the server has {sold}; your change may already be applied"
        )),
        "landed: {landed}; {conflict}"
    );
    assert!(
        conflict.contains("a apply +5 again (may double)"),
        "{conflict}"
    );
    assert!(!conflict.contains("apply the same change"), "{conflict}");
    assert_eq!(store.amount(&id), sold, "nothing was written over the sale");

    tmux.send(&["a"]);
    let asked = tmux.wait_for("the second question", |s| s.contains("Apply again"));
    assert!(
        asked.contains(&format!("applying +5 again sets {}", sold + 5)),
        "{asked}"
    );
    tmux.send(&["n"]);
    tmux.wait_for("the conflict kept", |s| {
        !s.contains("Apply again") && s.contains("may double")
    });
    tmux.send(&["x"]);
    tmux.wait_for("the change dropped", |s| s.contains("change dropped"));
    assert_eq!(store.amount(&id), sold, "nothing was sent");
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}
