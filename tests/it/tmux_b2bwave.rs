//! B2B Wave in the real binary: page with an unknown total, set one warehouse's stock, read it back.

use crate::tmux::{Tmux, binary, sandbox_endpoint};

fn get(base_url: &str, user: &str, token: &str, path: &str) -> serde_json::Value {
    let url = format!("{base_url}/{path}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        reqwest::Client::new()
            .get(&url)
            .basic_auth(user, Some(token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

fn east(product: &serde_json::Value) -> i64 {
    product["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["warehouse_code"] == "EAST")
        .and_then(|q| q["quantity"].as_str()?.parse().ok())
        .unwrap()
}

#[test]
fn set_one_warehouse_and_read_it_back() {
    let (mut sandbox, base_url, user, token) = sandbox_endpoint(&[], "b2bwave");
    let first = get(
        &base_url,
        &user,
        &token,
        "api/products?paginated=1&per_page=1&page=1",
    )[0]
    .clone();
    let id = first["id"].as_u64().unwrap();
    let before = east(&first);
    let target = if before == 7 { 8 } else { 7 };

    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("stockroom.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.wholesale]\nplatform = \"b2bwave\"\nbase_url = \"{base_url}\"\nuser = \"{user}\"\n\
             secret = {{ env = \"B2BWAVE_TOKEN\" }}\n"
        ),
    )
    .unwrap();
    let command = format!(
        "B2BWAVE_TOKEN={token} {} --config {}",
        binary().display(),
        config.display()
    );
    let tmux = Tmux::start_in("b2bwave", home.path(), 120, 35, &command);
    let screen = tmux.wait_for("the first page", |s| {
        s.contains("row 1 of 1,200 products · page 1/12")
    });
    assert!(screen.contains("B2B Wave"), "{screen}");

    tmux.send(&["w"]);
    tmux.wait_for("the warehouses", |s| s.contains("EAST"));
    tmux.send(&["w"]);
    tmux.wait_for("MAIN chosen", |s| s.contains("stock keys: MAIN"));
    tmux.send(&["w"]);
    tmux.wait_for("EAST chosen", |s| s.contains("stock keys: EAST"));
    tmux.send(&["="]);
    tmux.wait_for("the warehouse prompt", |s| s.contains("Stock in EAST"));
    tmux.type_text(&target.to_string());
    tmux.send(&["Enter"]);
    tmux.wait_for("the staged change", |s| {
        s.contains(&format!("EAST {before} → {target}"))
    });
    assert_eq!(
        east(
            &get(
                &base_url,
                &user,
                &token,
                &format!("api/products?id_eq={id}")
            )[0]
        ),
        before
    );

    tmux.send(&["b"]);
    tmux.wait_for("the basket", |s| {
        s.contains("Basket") && s.contains("update_quantity")
    });
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 1 change"));
    let after = get(
        &base_url,
        &user,
        &token,
        &format!("api/products?id_eq={id}"),
    )[0]
    .clone();
    assert_eq!(east(&after), target, "EAST holds the new quantity");
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let _ = sandbox.kill();
}
