//! UGAL in the real binary: change a tier price and an item's inventory, read both back over HTTP.

use crate::tmux::{Tmux, binary, sandbox_endpoint};

/// `GET {path}` on the store as XML text.
fn get(base_url: &str, user: &str, token: &str, path: &str) -> String {
    let url = format!("{base_url}/{path}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        reqwest::Client::new()
            .get(&url)
            .basic_auth(user, Some(token))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    })
}

#[test]
fn change_a_tier_price_and_the_inventory_and_read_them_back() {
    let (mut sandbox, base_url, user, token) = sandbox_endpoint(&[], "ugal-vat");
    let before = get(&base_url, &user, &token, "api/v1/items/911-red.xml");
    assert!(
        before.contains("<amount>9400.00</amount>") && before.contains("<inventory>1</inventory>"),
        "{before}"
    );

    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("stockroom.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.shop]\nplatform = \"ugal\"\nbase_url = \"{base_url}\"\nuser = \"{user}\"\n\
             secret = {{ env = \"UGAL_TOKEN\" }}\n"
        ),
    )
    .unwrap();
    let command = format!(
        "UGAL_TOKEN={token} {} --config {}",
        binary().display(),
        config.display()
    );
    let tmux = Tmux::start_in("ugal", home.path(), 120, 35, &command);
    tmux.wait_for("the first page", |s| {
        s.contains("911-red") && s.contains("row 1 of 1,200 products · page 1/48")
    });

    tmux.send(&["e"]);
    let screen = tmux.wait_for("the price editor", |s| {
        s.contains("Prices ·") && s.contains("excl. 19.6%")
    });
    assert!(
        screen.contains("7859.53"),
        "the VAT-exclusive amount is shown:\n{screen}"
    );
    tmux.send(&["C-u"]);
    tmux.type_text("9100.5");
    tmux.wait_for("a rule checked as you type", |s| {
        s.contains("9100.5") && s.contains("✓ the whole list")
    });
    tmux.send(&["C-u"]);
    tmux.type_text("9100.00");
    tmux.send(&["C-s"]);
    tmux.wait_for("the staged prices", |s| s.contains("prices staged"));
    tmux.send(&["2", "+"]);
    tmux.wait_for("the staged inventory", |s| s.contains("1→3"));
    tmux.send(&["b"]);
    let basket = tmux.wait_for("the basket", |s| {
        s.contains("Basket") && s.contains("<inventory>3</inventory>")
    });
    assert!(
        basket.contains("1 change"),
        "prices and inventory of one item are one change:\n{basket}"
    );
    tmux.send(&["y"]);
    tmux.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    tmux.send(&["y"]);
    tmux.wait_for("the result", |s| s.contains("Sent 1 change"));

    let after = get(&base_url, &user, &token, "api/v1/items/911-red.xml");
    assert!(
        after.contains("<amount>9100.00</amount>"),
        "the nominal price changed:\n{after}"
    );
    assert!(
        after.contains("<amount>9000.00</amount>"),
        "the pro tier is still there:\n{after}"
    );
    assert!(
        after.contains("<inventory>3</inventory>"),
        "the inventory changed:\n{after}"
    );
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let _ = sandbox.kill();
}
