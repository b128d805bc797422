//! `stockroom journal` and a left-over change as a nightly script meets them: the real binary,
//! no terminal, output redirected, a production profile on the UGAL sandbox whose price change
//! is refused once.

use std::path::PathBuf;
use std::process::Command;

use stockroom::journal::Journal;
use stockroom::journal::lock::{Holder, ProfileLock};
use tempfile::TempDir;

use crate::tmux::{SandboxChild, binary, sandbox_endpoint};

/// A sandbox, a config whose one profile `p` is on one of its stores, and a private home.
pub(crate) struct Store {
    _sandbox: SandboxChild,
    pub(crate) url: String,
    pub(crate) dir: TempDir,
    config: PathBuf,
}

/// What one run of the binary printed and how it ended.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// A product as `export --format csv` lists it, with a tracked stock.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub(crate) id: String,
    pub(crate) sku: String,
    pub(crate) price: String,
    pub(crate) stock: i64,
}

impl Store {
    /// `platform`'s store of 30 products, the sandbox started with `extra`; `production`
    /// marks the profile as a live store.
    pub(crate) fn start(platform: &str, extra: &[&str], production: bool) -> Store {
        let mut args = vec!["--products", "30"];
        args.extend_from_slice(extra);
        let (sandbox, url, user, key) = sandbox_endpoint(&args, &format!("{platform} "));
        let dir = tempfile::tempdir().unwrap();
        let user = if user.is_empty() {
            String::new()
        } else {
            format!("user = \"{user}\"\n")
        };
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[profiles.p]\nplatform = \"{platform}\"\nbase_url = \"{url}\"\n{user}\
                 secret = {{ value = \"{key}\" }}\nproduction = {production}\ntimeout_secs = 10\n"
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        Store {
            _sandbox: sandbox,
            url,
            dir,
            config,
        }
    }

    /// The binary on profile `p`, stdin, stdout and stderr not a terminal.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(binary())
            .arg("--config")
            .arg(&self.config)
            .args(["--profile", "p"])
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// A stock file of `rows` (`sku,stock,price` each), its path as an argument.
    pub(crate) fn file(&self, name: &str, rows: &[String]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, format!("sku,stock,price\n{}\n", rows.join("\n"))).unwrap();
        path.display().to_string()
    }

    /// Every product with a tracked stock, as exported now.
    pub(crate) fn products(&self) -> Vec<Listed> {
        let run = self.run(&["export", "--format", "csv"]);
        assert_eq!(run.code, 0, "{run:?}");
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        reader
            .records()
            .map(Result::unwrap)
            .filter_map(|r| {
                Some(Listed {
                    id: r[0].to_owned(),
                    sku: r[1].to_owned(),
                    price: r[3].to_owned(),
                    stock: r[4].parse().ok()?,
                })
            })
            .filter(|p| !p.sku.is_empty() && !p.price.is_empty())
            .collect()
    }

    pub(crate) fn product(&self, sku: &str) -> Listed {
        self.products()
            .into_iter()
            .find(|p| p.sku == sku)
            .unwrap_or_else(|| panic!("no product {sku}"))
    }

    pub(crate) fn journal(&self) -> Journal {
        Journal::for_profile(&self.dir.path().join("data/stockroom/journal"), "p")
    }

    pub(crate) fn audit_file(&self) -> PathBuf {
        self.dir.path().join("state/stockroom/audit/p.jsonl")
    }

    /// Arms a fault on the running sandbox, as `POST /_faults` takes it.
    pub(crate) fn arm(&self, spec: &str) {
        let origin = url_origin(&self.url);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let status = runtime.block_on(async {
            reqwest::Client::new()
                .post(format!("{origin}/_faults"))
                .body(spec.to_owned())
                .send()
                .await
                .unwrap()
                .status()
        });
        assert!(status.is_success(), "{status}");
    }
}

fn url_origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    format!("{scheme}://{}", rest.split('/').next().unwrap())
}

#[test]
fn a_refused_ugal_price_blocks_only_its_product_until_resumed_or_discarded() {
    let store = Store::start("ugal", &["--fault", "status:400@ugal/edit x1"], true);
    let products = store.products();
    let (a, b, c) = (&products[0], &products[1], &products[2]);
    let new_price = if a.price == "7.77" { "8.88" } else { "7.77" };

    // A nightly run: a's price is refused, b's stock goes out.
    let file = store.file(
        "night-1.csv",
        &[
            format!("{},{},{new_price}", a.sku, a.stock),
            format!("{},{},", b.sku, b.stock + 1),
        ],
    );
    let run = store.run(&["stock", "apply", &file, "--yes"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(&format!("{}  failed: ", a.sku)),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("sent 1, already applied 0, conflicts 0, failed 1"),
        "{run:?}"
    );
    assert_eq!(store.product(&b.sku).stock, b.stock + 1);

    let list = store.run(&["journal", "list"]);
    assert_eq!(list.code, 0, "{list:?}");
    assert_eq!(list.stdout, "p  1 change (1 failed)\n", "{list:?}");
    let show = store.run(&["journal", "show"]);
    assert_eq!(show.code, 0, "{show:?}");
    let line = show.stdout.lines().next().unwrap_or_default();
    assert!(
        line.starts_with(&format!("{}  {}  failed  price ", a.sku, a.id))
            && line.contains(&format!("→ {new_price}"))
            && line.contains("400"),
        "{show:?}"
    );

    // The next night touches a again and c: c goes out, a is blocked and named.
    let file = store.file(
        "night-2.csv",
        &[
            format!("{},{},", a.sku, a.stock + 2),
            format!("{},{},", c.sku, c.stock + 3),
        ],
    );
    let refused = store.run(&["stock", "apply", &file]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(
        refused.stderr.contains("is production: pass --yes"),
        "{refused:?}"
    );
    let dry = store.run(&["stock", "apply", &file, "--dry-run"]);
    assert_eq!(dry.code, 1, "{dry:?}");
    let blocked = format!(
        "line 2: SKU {} not sent: the journal holds a failed change of it",
        a.sku
    );
    assert!(dry.stdout.contains(&blocked), "{dry:?}");
    let run = store.run(&["stock", "apply", &file, "--yes"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(&blocked)
            && run
                .stdout
                .contains(&format!("stockroom journal discard {}", a.sku)),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("sent 1, already applied 0, conflicts 0, failed 0, problems 0, blocked 1"),
        "{run:?}"
    );
    assert_eq!(store.product(&c.sku).stock, c.stock + 3);
    let a_now = store.product(&a.sku);
    assert_eq!(
        (a_now.stock, a_now.price.as_str()),
        (a.stock, a.price.as_str())
    );
    assert_eq!(
        store.run(&["journal", "list"]).stdout,
        "p  1 change (1 failed)\n"
    );

    // Held by another process: nothing is discarded, the holder is named, exit 3.
    let lock = ProfileLock::try_acquire(
        &store.journal(),
        "p",
        &Holder::this_process("nightly-holder"),
    )
    .unwrap();
    let held = store.run(&["journal", "discard", "--all", "--yes"]);
    assert_eq!(held.code, 3, "{held:?}");
    assert!(
        held.stderr
            .contains("profile p is held by nightly-holder (pid ")
            && held.stderr.contains("nothing was discarded"),
        "{held:?}"
    );
    let listed = store.run(&["journal", "list"]);
    assert!(
        listed.stdout.contains("held by nightly-holder (pid "),
        "{listed:?}"
    );
    drop(lock);

    // Production without a terminal: only with --yes. An unknown item discards nothing.
    let refused = store.run(&["journal", "discard", &a.sku]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("pass --yes"), "{refused:?}");
    let unknown = store.run(&["journal", "discard", "NO-SUCH-SKU", &a.sku, "--yes"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown.stderr.contains("no change for NO-SUCH-SKU"),
        "{unknown:?}"
    );
    assert_eq!(
        store.run(&["journal", "list"]).stdout,
        "p  1 change (1 failed)\n"
    );
    let usage = store.run(&["journal", "discard"]);
    assert_eq!(usage.code, 2, "{usage:?}");

    // Resume sends it through the same path.
    let refused = store.run(&["journal", "resume"]);
    assert_eq!(refused.code, 2, "{refused:?}");
    let resumed = store.run(&["journal", "resume", "--yes"]);
    assert_eq!(resumed.code, 0, "{resumed:?}");
    assert!(
        resumed
            .stdout
            .contains("sent 1, already applied 0, conflicts 0, failed 0"),
        "{resumed:?}"
    );
    assert_eq!(store.product(&a.sku).price, new_price);
    assert_eq!(store.run(&["journal", "list"]).stdout, "p  no changes\n");
    assert!(!store.journal().path().exists());

    // Refused again, then discarded by SKU: the same file then goes out afresh.
    store.arm("status:400@ugal/edit x1");
    let file = store.file(
        "night-3.csv",
        &[format!("{},{},{}", b.sku, b.stock + 1, "9.99")],
    );
    let run = store.run(&["stock", "apply", &file, "--yes"]);
    assert_eq!(run.code, 1, "{run:?}");
    let discarded = store.run(&["journal", "discard", &b.sku, "--yes"]);
    assert_eq!(discarded.code, 0, "{discarded:?}");
    assert!(
        discarded
            .stdout
            .starts_with(&format!("discarded  {}  ", b.sku)),
        "{discarded:?}"
    );
    assert!(
        discarded.stdout.ends_with("discarded 1, left 0\n"),
        "{discarded:?}"
    );
    assert_eq!(store.run(&["journal", "list"]).stdout, "p  no changes\n");
    let run = store.run(&["stock", "apply", &file, "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(store.product(&b.sku).price, "9.99");
}

#[test]
fn journal_help_documents_the_exit_codes() {
    for command in [
        &["journal", "--help"][..],
        &["journal", "discard", "--help"],
    ] {
        let output = Command::new(binary()).args(command).output().unwrap();
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(
            help.contains("Exit codes: 0 done; 1 some changes failed")
                && help.contains("3 another Stockroom holds the profile"),
            "{help}"
        );
    }
}
