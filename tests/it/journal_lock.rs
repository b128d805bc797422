//! One writer per profile journal, with real processes: the UI in tmux and `stock apply` as a
//! child share one data directory; the holder is named, a kill -9 lets go, `--wait` waits; an
//! unreadable journal is moved aside, never written over.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use stockroom::journal::Journal;

use crate::tmux::{SandboxChild, Tmux, binary, headless_sandbox};

/// A CS-Cart sandbox and a home whose config has one profile, `shop`, on it.
struct Store {
    _sandbox: SandboxChild,
    base_url: String,
    key: String,
    home: tempfile::TempDir,
}

/// A product as the store lists it: (id, sku, amount).
type Listed = (String, String, i64);

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

    fn home(&self) -> &Path {
        self.home.path()
    }

    fn config(&self) -> PathBuf {
        self.home().join("stockroom.toml")
    }

    /// The UI on `shop`, with this store's data directory (where journals live) even when
    /// tmux runs it from another home.
    fn ui_command(&self) -> String {
        format!(
            "XDG_DATA_HOME={} SHOP_KEY={} {} --config {}",
            self.home().join("data").display(),
            self.key,
            binary().display(),
            self.config().display()
        )
    }

    fn journal(&self) -> Journal {
        Journal::for_profile(&self.home().join("data/stockroom/journal"), "shop")
    }

    fn apply_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(binary());
        command
            .arg("--config")
            .arg(self.config())
            .args(["stock", "apply"])
            .args(args)
            .env("HOME", self.home())
            .env("XDG_DATA_HOME", self.home().join("data"))
            .env("XDG_STATE_HOME", self.home().join("state"))
            .env("SHOP_KEY", &self.key);
        command
    }

    fn apply(&self, args: &[&str]) -> Output {
        self.apply_command(args).output().unwrap()
    }

    fn stock_file(&self, sku: &str, stock: i64) -> String {
        let path = self.home().join("stock.csv");
        std::fs::write(&path, format!("sku,stock\n{sku},{stock}\n")).unwrap();
        path.display().to_string()
    }

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

    /// The first `count` products as the UI lists them (by name).
    fn first_products(&self, count: usize) -> Vec<Listed> {
        let list = self.get(&format!(
            "api/products?sort_by=product&sort_order=asc&items_per_page={count}"
        ));
        list["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["product_id"].as_str().unwrap().to_owned(),
                    p["product_code"].as_str().unwrap().to_owned(),
                    p["amount"].as_str().unwrap().parse().unwrap(),
                )
            })
            .collect()
    }

    fn amount(&self, id: &str) -> i64 {
        self.get(&format!("api/products/{id}"))["amount"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The SKUs of the items the journal holds.
fn journaled_skus(journal: &Journal) -> Vec<String> {
    let Ok(Some(envelope)) = journal.load_entries::<Vec<stockroom::basket::Item>>() else {
        return vec![];
    };
    envelope
        .entries
        .into_iter()
        .map(|item| item.target.sku)
        .collect()
}

#[test]
fn the_ui_holds_its_profile_against_apply_and_a_second_ui_until_killed() {
    let store = Store::start(&[]);
    let products = store.first_products(2);
    let (staged, other) = (&products[0], &products[1]);
    let journal = store.journal();

    let ui = Tmux::start_in("lock-ui", store.home(), 220, 35, &store.ui_command());
    ui.wait_for("the first page", |s| s.contains("page 1/"));
    ui.send(&["5", "+"]);
    ui.wait_for("the staged +5", |s| s.contains("1 staged"));
    wait_until("the journal", || {
        journaled_skus(&journal) == [staged.1.clone()]
    });

    let file = store.stock_file(&other.1, other.2 + 7);
    let refused = store.apply(&[&file]);
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("profile shop is held by stockroom (pid ")
            && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    assert_eq!(store.amount(&other.0), other.2, "the apply sent nothing");
    assert_eq!(
        journaled_skus(&journal),
        vec![staged.1.clone()],
        "the UI's staged change is still journaled"
    );

    let second = Tmux::start("lock-second", 220, 35, &store.ui_command());
    let screen = second.wait_for("the second UI refused the profile", |s| {
        s.contains("page 1/") && s.contains("is held by stockroom (pid ")
    });
    assert!(
        screen.contains("changes cannot be staged or sent here"),
        "{screen}"
    );
    assert!(
        !screen.contains("unsent change"),
        "the live UI's changes are not offered as unsent:\n{screen}"
    );
    second.send(&["j", "3", "+"]);
    let refused = second.wait_for("staging refused", |s| {
        s.contains("Nothing can be staged here: profile shop is held by stockroom (pid ")
    });
    assert!(!refused.contains("1 staged"), "{refused}");
    assert_eq!(
        journaled_skus(&journal),
        vec![staged.1.clone()],
        "the second UI wrote nothing over the first one's journal"
    );
    drop(second);

    ui.kill_program();
    assert_eq!(ui.wait_exit(), "EXIT=137");
    drop(ui);

    let restarted = Tmux::start_in("lock-restart", store.home(), 220, 35, &store.ui_command());
    let screen = restarted.wait_for("the recovery offer", |s| s.contains("unsent change"));
    assert!(
        !screen.contains("is held by"),
        "the lock died with the killed UI:\n{screen}"
    );
    let refused = store.apply(&[&file]);
    assert_eq!(
        refused.status.code(),
        Some(3),
        "the restarted UI holds the profile: {}",
        text(&refused.stderr)
    );

    restarted.send(&["r"]);
    restarted.wait_for("the recovered basket", |s| s.contains("Basket"));
    restarted.send(&["y"]);
    restarted.wait_for("the confirmation", |s| s.contains("Send 1 change?"));
    restarted.send(&["y"]);
    restarted.wait_for("the result", |s| s.contains("Sent 1 change"));
    assert_eq!(store.amount(&staged.0), staged.2 + 5);

    let waiting = store
        .apply_command(&["--wait=30", &file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        store.amount(&other.0),
        other.2,
        "the waiting apply sent nothing while the UI held the profile"
    );
    restarted.send(&["q"]);
    assert_eq!(restarted.wait_exit(), "EXIT=0");
    let done = waiting.wait_with_output().unwrap();
    let stderr = text(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("profile shop is held by stockroom (pid ")
            && stderr.contains("waiting up to 30 s"),
        "it said what it waited for: {stderr}"
    );
    assert!(
        text(&done.stdout).contains("sent 1,"),
        "{}",
        text(&done.stdout)
    );
    assert_eq!(store.amount(&other.0), other.2 + 7);
}

#[test]
fn a_running_apply_holds_its_profile_against_the_ui() {
    // Slow answers and several rows keep the run going while the UI starts.
    let store = Store::start(&["--latency-ms", "300"]);
    let products = store.first_products(5);
    let path = store.home().join("several.csv");
    let rows: String = products
        .iter()
        .map(|(_, sku, amount)| format!("{sku},{}\n", amount + 3))
        .collect();
    std::fs::write(&path, format!("sku,stock\n{rows}")).unwrap();
    let file = path.display().to_string();
    let running = store
        .apply_command(&[&file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lock = store.journal().path().with_extension("lock");
    wait_until("the apply's lock", || {
        std::fs::read_to_string(&lock).is_ok_and(|text| text.contains("stock apply"))
    });

    let ui = Tmux::start_in("lock-apply", store.home(), 220, 35, &store.ui_command());
    let screen = ui.wait_for("the UI refused the profile", |s| {
        s.contains("is held by stockroom stock apply (pid ")
    });
    assert!(
        screen.contains("changes cannot be staged or sent here"),
        "{screen}"
    );
    let done = running.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    for (id, _, amount) in &products {
        assert_eq!(store.amount(id), amount + 3);
    }
}

/// Every file beside the journal whose name says it was set aside, with what it holds.
fn set_aside(journal: &Journal) -> Vec<(String, String)> {
    let dir = journal.path().parent().unwrap();
    let mut kept: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".json.unreadable-"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.display().to_string(), text)
        })
        .collect();
    kept.sort();
    kept
}

#[test]
fn an_unreadable_journal_is_moved_aside_by_the_ui_and_by_apply_never_written_over() {
    let store = Store::start(&[]);
    let products = store.first_products(2);
    let journal = store.journal();
    let garbage = "{ this is not a journal";
    std::fs::create_dir_all(journal.path().parent().unwrap()).unwrap();
    std::fs::write(journal.path(), garbage).unwrap();

    let ui = Tmux::start_in("aside-ui", store.home(), 300, 35, &store.ui_command());
    let screen = ui.wait_for("the notice", |s| {
        s.contains("could not be read") && s.contains("page 1/")
    });
    let kept = set_aside(&journal);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].1, garbage, "moved as it was");
    let kept_name = Path::new(&kept[0].0).file_name().unwrap().to_string_lossy();
    assert!(
        screen.contains(kept_name.as_ref()),
        "the message says where it went ({kept_name}):\n{screen}"
    );
    ui.send(&["5", "+"]);
    ui.wait_for("the staged +5", |s| s.contains("1 staged"));
    wait_until("the new journal", || {
        journaled_skus(&journal) == [products[0].1.clone()]
    });
    assert_eq!(
        set_aside(&journal)[0].1,
        garbage,
        "the first + wrote elsewhere"
    );
    ui.kill_program();
    assert_eq!(ui.wait_exit(), "EXIT=137");

    let newer =
        r#"{"version": 99, "profile": "shop", "base_url": "x", "saved_at": 0, "entries": []}"#;
    std::fs::write(journal.path(), newer).unwrap();
    let (_, sku, amount) = &products[1];
    let file = store.stock_file(sku, amount + 2);
    let applied = store.apply(&[&file]);
    let stderr = text(&applied.stderr);
    assert_eq!(applied.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("written by a newer Stockroom") && stderr.contains("was kept as"),
        "{stderr}"
    );
    let kept = set_aside(&journal);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept.iter()
            .any(|(name, text)| text == newer && stderr.contains(name.as_str())),
        "{kept:?}\n{stderr}"
    );
}
