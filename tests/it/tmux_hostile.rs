//! A product name full of terminal escapes, in the real binary under tmux: it moves no cursor,
//! changes no colour, sets no title and writes nothing to the clipboard.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use stockroom::catalog::model::{Money, NewProduct, Platform, Sku, Status};
use stockroom::catalog::{Catalog, Connection};
use stockroom::secret::Secret;

use crate::tmux::{Tmux, binary, headless_sandbox};

/// A window title (OSC 0 and 2), a clear screen and a cursor move, red, the clipboard (OSC 52 of
/// "pwned"), a C1 CSI, and a right-to-left override.
const HOSTILE: &str = "Ring\u{1b}]0;pwned\u{7}\u{1b}]2;pwned\u{1b}\\\u{1b}[2J\u{1b}[H\u{1b}[31mRED\
                       \u{1b}]52;c;cHduZWQ=\u{7}\u{9b}1;1H\u{202e}evil";
const SKU: &str = "HOSTILE-1";

/// tmux run on the socket `Tmux::start_in` gives the test `name`.
fn tmux_cmd(name: &str, args: &[&str]) -> String {
    let socket = format!("stockroom-test-{name}-{}", std::process::id());
    let output = Command::new("tmux")
        .args(["-L", &socket])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn allow_everything(tmux: &Tmux) {
    tmux.set_option("set-clipboard", "on");
    tmux.set_option("allow-rename", "on");
    tmux.set_option("set-titles", "on");
}

fn create_hostile_product(base_url: &str, key: &str) {
    create_product(base_url, key, HOSTILE, SKU);
}

fn create_product(base_url: &str, key: &str, name: &str, sku: &str) {
    let connection = Connection {
        platform: Platform::Cscart,
        base_url: base_url.to_owned(),
        user: Some("admin@example.com".into()),
        timeout: Duration::from_secs(10),
        read_only: false,
        requests_per_second: None,
    };
    let catalog =
        Catalog::connect(&connection, Secret::new(key), Arc::new(AtomicU64::new(0))).unwrap();
    let product = NewProduct {
        name: name.into(),
        sku: Some(Sku(sku.into())),
        price: Money::parse("1.00").unwrap(),
        stock: Some(5),
        category_ids: vec![224],
        status: Status::Active,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(catalog.create(&product))
        .result
        .expect("the sandbox takes the hostile product");
}

/// Every line inside the box drawn from `top` starts and ends with a border at the same columns.
fn assert_box_intact(screen: &str, what: &str) {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|line| line.starts_with('┌'))
        .unwrap_or_else(|| panic!("no box on the {what}:\n{screen}"));
    let bottom = lines
        .iter()
        .position(|line| line.starts_with('└'))
        .unwrap_or_else(|| panic!("no box bottom on the {what}:\n{screen}"));
    let width = lines[top].chars().count();
    for line in &lines[top + 1..bottom] {
        assert!(
            line.starts_with('│') && line.chars().count() == width && line.ends_with('│'),
            "a broken border on the {what}: {line:?}\n{screen}"
        );
    }
    assert!(
        bottom + 2 >= lines.len() - 1,
        "the status bar moved on the {what}:\n{screen}"
    );
}

/// The escapes tmux wrote for the cells from `Ring` to the end of the name: none at all.
fn assert_no_escape_inside_the_name(coloured: &str, what: &str) {
    let mut seen = 0;
    for line in coloured.lines() {
        for (start, _) in line.match_indices("Ring\\u{1b}") {
            seen += 1;
            let name: String = line[start..].chars().take(60).collect();
            // The name ends where the column cuts it (`…`) or at the column gap.
            let name = name.split('…').next().unwrap().split("  ").next().unwrap();
            assert!(
                !name.contains('\u{1b}'),
                "an escape inside the name on the {what}: {name:?}"
            );
        }
    }
    assert!(seen > 0, "the name on the {what}:\n{coloured}");
}

fn assert_nothing_obeyed(name: &str, session: &Tmux) {
    let title = tmux_cmd(name, &["display", "-p", "#{pane_title}"]);
    assert!(!title.contains("pwned"), "the pane title became {title:?}");
    let window = tmux_cmd(name, &["display", "-p", "#{window_name}"]);
    assert!(
        !window.contains("pwned"),
        "the window name became {window:?}"
    );
    let buffer = session.buffer();
    assert!(
        !buffer.contains("pwned"),
        "the clipboard received {buffer:?}"
    );
}

#[test]
fn tmux_obeys_these_escapes_when_a_program_prints_them_raw() {
    let tmux = Tmux::start(
        "hostile-control",
        80,
        24,
        "sleep 1; printf '\\033]0;pwned\\007\\033]52;c;cHduZWQ=\\007'; sleep 30",
    );
    allow_everything(&tmux);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while tmux_cmd("hostile-control", &["display", "-p", "#{pane_title}"]).trim() != "pwned" {
        assert!(
            std::time::Instant::now() < deadline,
            "the control's title never changed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(tmux.buffer(), "pwned");
}

#[test]
fn a_hostile_product_name_is_shown_as_text() {
    let (mut sandbox, base_url, key) = headless_sandbox(&[]);
    create_hostile_product(&base_url, &key);
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("stockroom.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\n\
             user = \"admin@example.com\"\nsecret = {{ env = \"SHOP_KEY\" }}\n"
        ),
    )
    .unwrap();
    let command = format!(
        "SHOP_KEY={key} {} --config {}",
        binary().display(),
        config.display()
    );
    let tmux = Tmux::start_in("hostile", home.path(), 120, 35, &command);
    allow_everything(&tmux);
    tmux.wait_for("the whole catalog", |s| {
        s.contains("page 1/") && !s.contains("loading")
    });

    tmux.send(&["/"]);
    tmux.type_text(&format!("sku:{SKU}"));
    tmux.send(&["Enter"]);
    let list = tmux.wait_for("the hostile row", |s| {
        s.contains(SKU) && s.contains("Ring\\u{1b}]0;pwned")
    });
    assert_box_intact(&list, "list");
    let coloured = tmux_cmd("hostile", &["capture-pane", "-p", "-e", "-t", "0"]);
    assert_no_escape_inside_the_name(&coloured, "list");
    assert_nothing_obeyed("hostile", &tmux);

    tmux.send(&["Enter"]);
    let detail = tmux.wait_for("the hostile product's fields", |s| {
        s.contains("Platform fields") && s.contains("product_code")
    });
    assert!(detail.contains("Ring\\u{1b}]0;pwned"), "{detail}");
    assert_box_intact(&detail, "detail");
    let coloured = tmux_cmd("hostile", &["capture-pane", "-p", "-e", "-t", "0"]);
    assert_no_escape_inside_the_name(&coloured, "detail");
    assert_nothing_obeyed("hostile", &tmux);

    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let _ = sandbox.kill();
}

#[test]
fn copying_a_hostile_sku_puts_its_escapes_on_the_clipboard_as_text() {
    const COPIED: &str = "CP\u{1b}]0;pwned\u{7}\r\u{0}-1\u{202e}";
    let (mut sandbox, base_url, key) = headless_sandbox(&[]);
    create_product(&base_url, &key, "Copyme", COPIED);
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("stockroom.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\n\
             user = \"admin@example.com\"\nsecret = {{ env = \"SHOP_KEY\" }}\n"
        ),
    )
    .unwrap();
    let command = format!(
        "SHOP_KEY={key} {} --config {}",
        binary().display(),
        config.display()
    );
    let tmux = Tmux::start_in("hostile-copy", home.path(), 120, 35, &command);
    allow_everything(&tmux);
    tmux.wait_for("the whole catalog", |s| {
        s.contains("page 1/") && !s.contains("loading")
    });
    tmux.send(&["/"]);
    tmux.type_text("Copyme");
    tmux.send(&["Enter"]);
    tmux.wait_for("the copied row", |s| s.contains("CP\\u{1b}]0;pwned"));
    tmux.send(&["y"]);
    tmux.send(&["s"]);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let buffer = loop {
        let buffer = tmux.buffer();
        if buffer.contains("CP") {
            break buffer;
        }
        assert!(std::time::Instant::now() < deadline, "nothing was copied");
        std::thread::sleep(Duration::from_millis(100));
    };
    // The CR shows as an escape too: a SKU is one line on the clipboard.
    assert_eq!(buffer, "CP\\u{1b}]0;pwned\\u{7}\\u{d}\\u{0}-1\\u{202e}");
    let title = tmux_cmd("hostile-copy", &["display", "-p", "#{pane_title}"]);
    assert!(!title.contains("pwned"), "the pane title became {title:?}");
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
    let _ = sandbox.kill();
}
