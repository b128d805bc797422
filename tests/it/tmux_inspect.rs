//! The inspector with the real binary in tmux: ledger, pretty body, search, copy through OSC 52
//! into tmux's buffer, a copied curl command that works, exports without the secret.

use std::process::Command;

use crate::tmux::{Tmux, binary, headless_sandbox};

#[test]
fn inspect_search_copy_and_export_without_leaking_the_key() {
    let (mut sandbox, base_url, key) = headless_sandbox(&[]);
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("stockroom.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\nuser = \"admin@example.com\"\n\
             secret = {{ env = \"SHOP_KEY\" }}\n"
        ),
    )
    .unwrap();
    let command = format!(
        "SHOP_KEY={key} {} --config {}",
        binary().display(),
        config.display()
    );
    let tmux = Tmux::start_in("inspect", home.path(), 120, 35, &command);
    tmux.set_option("set-clipboard", "on");
    let mut screens = vec![tmux.wait_for("the whole catalog", |s| {
        s.contains("page 1/") && !s.contains("loading")
    })];

    tmux.send(&["L"]);
    screens.push(tmux.wait_for("the ledger", |s| {
        s.contains("Requests") && s.contains("GET")
    }));
    // The catalog loads in several pages; the first one holds the product searched below.
    tmux.send(&["/"]);
    tmux.type_text("page=1&");
    tmux.send(&["Enter"]);
    screens.push(tmux.wait_for("the first page's request", |s| {
        s.contains("filter: page=1&")
    }));
    tmux.send(&["Enter"]);
    screens.push(tmux.wait_for("the pretty response", |s| {
        s.contains("HTTP 200") && s.contains("\"products\": [")
    }));
    tmux.send(&["/"]);
    tmux.type_text("100g pants");
    tmux.send(&["Enter"]);
    screens.push(tmux.wait_for("the search", |s| s.contains("matches for")));

    tmux.send(&["y", "c"]);
    screens.push(tmux.wait_for("the copy confirmation", |s| s.contains("Copied curl")));
    let copied = tmux.buffer();
    assert!(copied.starts_with("curl "), "{copied}");
    assert!(
        copied.contains("$SHOP_KEY") && !copied.contains(&key),
        "{copied}"
    );
    let output = Command::new("sh")
        .arg("-c")
        .arg(&copied)
        .env("SHOP_KEY", &key)
        .output()
        .unwrap();
    let answer = String::from_utf8_lossy(&output.stdout);
    assert!(
        answer.contains("\"products\""),
        "the copied command works as it is:\n{copied}\n{answer}"
    );

    let har = home.path().join("session.har");
    tmux.send(&["Escape"]);
    tmux.send(&[":"]);
    tmux.type_text(&format!("export har {}", har.display()));
    tmux.send(&["Enter"]);
    screens.push(tmux.wait_for("the export", |s| s.contains("Exported")));
    tmux.send(&[":"]);
    tmux.type_text("export ndjson");
    tmux.send(&["Enter"]);
    let exported = tmux.wait_for("the second export", |s| s.contains(".ndjson"));
    screens.push(exported);

    let har_text = std::fs::read_to_string(&har).unwrap();
    let har_json: serde_json::Value = serde_json::from_str(&har_text).unwrap();
    assert_eq!(har_json["log"]["version"], "1.2");
    assert!(!har_json["log"]["entries"].as_array().unwrap().is_empty());
    let ndjson_dir = home.path().join("state/stockroom");
    let ndjson = std::fs::read_dir(&ndjson_dir)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "ndjson"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("the NDJSON export lands in the state directory");

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let _ = sandbox.kill();
    let log = std::fs::read_to_string(home.path().join("state/stockroom/stockroom.log")).unwrap();
    for (what, text) in screens.iter().map(|s| ("screen", s.as_str())).chain([
        ("HAR export", har_text.as_str()),
        ("NDJSON export", ndjson.as_str()),
        ("log", log.as_str()),
        ("clipboard", copied.as_str()),
    ]) {
        assert!(!text.contains(&key), "the key leaked into the {what}");
    }
}
