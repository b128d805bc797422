//! Each `--variant` over real loopback HTTP: the sandbox plays the alternative it names, and
//! only that; the default stays what the documents show.

use std::time::Duration;

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{Sandbox, SandboxClock, SandboxOptions, Variant};

use crate::support::sandbox::{self, Reply};
use crate::tmux::binary;

async fn started(variants: &[Variant]) -> Sandbox {
    sandbox::start(SandboxOptions {
        variants: variants.to_vec(),
        ..sandbox::stores_of(240)
    })
    .await
}

async fn read(sandbox: &Sandbox, name: &str, method: Method, path: &str) -> Reply {
    let endpoint = sandbox::named(sandbox, name);
    Reply::read(sandbox::request(&Client::new(), endpoint, method, path)).await
}

/// Rows of a B2B Wave list answer.
async fn b2bwave_rows(sandbox: &Sandbox, query: &str) -> Vec<Value> {
    let reply = read(
        sandbox,
        "b2bwave",
        Method::GET,
        &format!("/api/products?{query}"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json().as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn b2bwave_page_caps_serve_at_most_their_size() {
    let ask = "paginated=1&per_page=200&page=1";
    for (variants, served) in [
        (vec![], 100),
        (vec![Variant::B2bwavePageCap25], 25),
        (vec![Variant::B2bwavePageCap50], 50),
        (vec![Variant::B2bwavePageCap100], 100),
        (vec![Variant::B2bwavePageCapNone], 200),
    ] {
        let sandbox = started(&variants).await;
        assert_eq!(
            b2bwave_rows(&sandbox, ask).await.len(),
            served,
            "{variants:?}"
        );
        // Page 2 follows the served size: nothing is skipped between pages.
        let second = b2bwave_rows(&sandbox, "paginated=1&per_page=200&page=2").await;
        let first_id = second.first().map(|row| row["id"].clone());
        assert_eq!(first_id, Some(json!(served + 1)), "{variants:?}");
    }
}

#[tokio::test]
async fn b2bwave_id_eq_and_list_quantities_can_be_left_out() {
    let plain = started(&[]).await;
    let one = b2bwave_rows(&plain, "id_eq=7").await;
    assert_eq!(one.len(), 1);
    assert!(one[0].get("quantity").is_some());

    let ignoring = started(&[Variant::B2bwaveIdEqIgnored]).await;
    assert_eq!(b2bwave_rows(&ignoring, "id_eq=7").await.len(), 240);
    // The documented filters still apply.
    let code = one[0]["code"].as_str().unwrap().to_owned();
    assert_eq!(
        b2bwave_rows(&ignoring, &format!("code_eq={code}"))
            .await
            .len(),
        1
    );

    let bare = started(&[Variant::B2bwaveNoListQuantities]).await;
    for row in b2bwave_rows(&bare, "id_eq=7").await {
        for key in ["quantity", "quantity_monitor", "quantities"] {
            assert!(row.get(key).is_none(), "{key} in {row}");
        }
        assert_eq!(row["code"], json!(code));
    }
}

/// A Valigara call with the demo key; the status in the envelope and the data.
async fn valigara(sandbox: &Sandbox, action: &str, data: Value) -> (StatusCode, u64, Value) {
    let endpoint = sandbox::endpoint(sandbox, Platform::Valigara);
    let form = [
        ("auth", endpoint.key.clone()),
        ("action", action.to_owned()),
        ("data", data.to_string()),
    ];
    let response = Client::new()
        .post(format!("{}/client/V1/", endpoint.base_url))
        .form(&form)
        .send()
        .await
        .unwrap();
    let http = response.status();
    let body: Value = response.json().await.unwrap();
    (
        http,
        body["status"].as_u64().unwrap_or(0),
        body["data"].clone(),
    )
}

#[tokio::test]
async fn valigara_sort_keys_can_be_refused_or_ignored() {
    let sorted = json!({"sort": "price", "order": "desc"});
    let plain = started(&[]).await;
    let (_, status, by_price) = valigara(&plain, "product_search", sorted.clone()).await;
    assert_eq!(status, 100);
    let (_, _, by_id) = valigara(&plain, "product_search", json!({})).await;
    assert_ne!(by_price, by_id, "the default sorts");

    let refusing = started(&[Variant::ValigaraSortRefused]).await;
    let (_, status, errors) = valigara(&refusing, "product_search", sorted.clone()).await;
    assert_eq!(status, 303);
    assert!(errors["errors"]["sort"].is_string(), "{errors}");
    let (_, status, _) = valigara(&refusing, "product_search", json!({"sku": "x"})).await;
    assert_eq!(status, 100, "other keys still work");

    let ignoring = started(&[Variant::ValigaraSortIgnored]).await;
    let (_, status, ids) = valigara(&ignoring, "product_search", sorted).await;
    assert_eq!((status, ids), (100, by_id));
}

#[tokio::test]
async fn valigara_rolling_hour_frees_nothing_after_fifteen_minutes() {
    for (variants, after_fifteen) in [(vec![], 100), (vec![Variant::ValigaraRollingHour], 105)] {
        let clock = SandboxClock::default();
        let sandbox = sandbox::start(SandboxOptions {
            variants: variants.clone(),
            valigara_clock: clock.clone(),
            ..sandbox::stores_of(20)
        })
        .await;
        let data = json!({"ids": [1001], "accounts": "all"});
        for _ in 0..4 {
            let (_, status, _) = valigara(&sandbox, "product_update_listings", data.clone()).await;
            assert_eq!(status, 100);
        }
        let (http, status, _) = valigara(&sandbox, "product_update_listings", data.clone()).await;
        assert_eq!((http, status), (StatusCode::TOO_MANY_REQUESTS, 105));
        clock.advance(Duration::from_secs(15 * 60 + 1));
        let (_, status, _) = valigara(&sandbox, "product_update_listings", data.clone()).await;
        assert_eq!(status, after_fifteen, "{variants:?}");
        clock.advance(Duration::from_secs(45 * 60));
        let (_, status, _) = valigara(&sandbox, "product_update_listings", data).await;
        assert_eq!(status, 100, "{variants:?}: an hour later");
    }
}

#[tokio::test]
async fn ugal_collection_can_go_without_price() {
    let plain = started(&[]).await;
    let listed = read(&plain, "ugal", Method::GET, "/api/v1/items.xml").await;
    assert!(listed.text.contains("<price>"), "{}", listed.text);

    let bare = started(&[Variant::UgalNoListPrice]).await;
    let listed = read(&bare, "ugal", Method::GET, "/api/v1/items.xml").await;
    assert!(listed.text.contains("<item>"));
    assert!(!listed.text.contains("<price>"), "{}", listed.text);
    // The item itself keeps its prices.
    let item = read(&bare, "ugal", Method::GET, "/api/v1/items/911-red.xml").await;
    assert!(item.text.contains("<prices>"), "{}", item.text);
}

#[tokio::test]
async fn cscart_update_answers_an_integer_id_unless_the_variant_says_string() {
    for (variants, answer) in [
        (vec![], json!({"product_id": 12})),
        (vec![Variant::CscartStringIds], json!({"product_id": "12"})),
    ] {
        let sandbox = started(&variants).await;
        let endpoint = sandbox::named(&sandbox, "cscart");
        let request = sandbox::request(&Client::new(), endpoint, Method::PUT, "/api/products/12")
            .json(&json!({"amount": 3}));
        let reply = Reply::read(request).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json(), answer, "{variants:?}");
    }
}

#[tokio::test]
async fn cscart_status_filter_takes_the_array_form() {
    let sandbox = started(&[]).await;
    let total = |reply: Reply| reply.json()["params"]["total_items"].clone();
    let count = |status: &str| {
        let path = format!("/api/products?{status}&items_per_page=1");
        let sandbox = &sandbox;
        async move { read(sandbox, "cscart", Method::GET, &path).await }
    };
    let all = total(count("").await);
    let active: u64 = total(count("status=A").await)
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let disabled: u64 = total(count("status=D").await)
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let hidden: u64 = total(count("status=H").await)
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let either: u64 = total(count("status[]=D&status[]=H").await)
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(either, disabled + hidden);
    assert_eq!(all, json!((active + disabled + hidden).to_string()));
    assert!(either > 0 && active > 0);
}

#[test]
fn help_lists_every_variant_with_its_description() {
    let output = std::process::Command::new(binary())
        .args(["sandbox", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for variant in Variant::ALL {
        let line = help
            .lines()
            .find(|line| line.split_whitespace().next() == Some(variant.name()))
            .unwrap_or_else(|| panic!("{variant} missing from:\n{help}"));
        assert!(line.contains(variant.description()), "{line}");
    }
    let refused = std::process::Command::new(binary())
        .args(["sandbox", "--variant", "b2bwave-page-cap-7"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("b2bwave-page-cap-25"));
}
