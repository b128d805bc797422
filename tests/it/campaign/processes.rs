//! The real binary, killed: `stockroom stock apply` against the in-process sandbox on
//! loopback, slowed by a latency fault, SIGKILLed at a random moment mid-batch and run again;
//! the store ends exactly at the file's values with no write made twice. And a second apply
//! while one holds the profile is refused with exit 3 and changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use stockroom::catalog::Catalog;
use stockroom::catalog::model::{ListQuery, Platform, Stock};
use stockroom::commands::stock::PROFILE_HELD_EXIT;
use stockroom::sandbox::faults::{Fault, FaultKind};
use stockroom::sandbox::{Endpoint, Sandbox, SandboxOptions};
use tempfile::TempDir;

use crate::support::sandbox;
use crate::tmux::binary;

const PLATFORMS: [Platform; 4] = [
    Platform::Cscart,
    Platform::Valigara,
    Platform::B2bwave,
    Platform::Ugal,
];
/// Products in the store and rows in the file.
const PRODUCTS: usize = 10;
const ROWS: usize = 8;

/// A tiny deterministic generator: the rounds are the same at every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// A sandbox on its own runtime (the binary reaches it while the test waits on the binary),
/// a config with profile `p` on `platform`'s store, and a private home for the journal.
struct Shop {
    runtime: tokio::runtime::Runtime,
    sandbox: Sandbox,
    endpoint: Endpoint,
    home: TempDir,
    catalog: Catalog,
}

impl Shop {
    fn start(platform: Platform) -> Shop {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let options = SandboxOptions {
            cscart_products: PRODUCTS,
            valigara_products: PRODUCTS,
            b2bwave_products: PRODUCTS,
            ugal_items: PRODUCTS,
            ..SandboxOptions::default()
        };
        let sandbox = runtime.block_on(Sandbox::start(options)).unwrap();
        let endpoint = sandbox.endpoint(platform).unwrap().clone();
        let home = tempfile::tempdir().unwrap();
        let user = if endpoint.user.is_empty() {
            String::new()
        } else {
            format!("user = \"{}\"\n", endpoint.user)
        };
        std::fs::write(
            home.path().join("config.toml"),
            format!(
                "[profiles.p]\nplatform = \"{}\"\nbase_url = \"{}\"\n{user}\
                 secret = {{ value = \"{}\" }}\ntimeout_secs = 10\n",
                platform.key(),
                endpoint.base_url,
                endpoint.key
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o600);
            std::fs::set_permissions(home.path().join("config.toml"), mode).unwrap();
        }
        let connection = sandbox::connection(&endpoint, Duration::from_secs(10), false);
        let catalog = runtime.block_on(async { sandbox::connect(&connection, &endpoint.key).0 });
        Shop {
            runtime,
            sandbox,
            endpoint,
            home,
            catalog,
        }
    }

    fn apply(&self, file: &Path) -> Command {
        let mut command = Command::new(binary());
        command
            .arg("--config")
            .arg(self.home.path().join("config.toml"))
            .args(["--profile", "p", "stock", "apply"])
            .arg(file)
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .env("HOME", self.home.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        command
    }

    /// Every tracked product as (sku, stock).
    fn stock(&self) -> Vec<(String, i64)> {
        self.runtime.block_on(async {
            let page = self
                .catalog
                .list(&ListQuery::default())
                .await
                .result
                .unwrap();
            page.items
                .into_iter()
                .filter_map(|p| match p.stock {
                    Stock::Quantity(n) => Some((p.sku.0, n)),
                    Stock::NotTracked => None,
                })
                .collect()
        })
    }

    /// A stock file giving `ROWS` products new values, and those values.
    fn file(&self, name: &str, dice: &mut Dice) -> (PathBuf, Vec<(String, i64)>) {
        let mut rows: Vec<(String, i64)> = self
            .stock()
            .into_iter()
            .take(ROWS)
            .map(|(sku, n)| (sku, n.max(0) + 1 + dice.next(40) as i64))
            .collect();
        rows.sort();
        let text: String = std::iter::once("sku,stock\n".to_owned())
            .chain(rows.iter().map(|(sku, n)| format!("{sku},{n}\n")))
            .collect();
        let path = self.home.path().join(name);
        std::fs::write(&path, text).unwrap();
        (path, rows)
    }

    /// The write requests the store received since it last forgot them.
    fn writes(&self) -> usize {
        self.sandbox
            .received(self.endpoint.name())
            .iter()
            .filter(|r| r.method != "GET")
            .filter(|r| {
                self.endpoint.platform != Platform::Valigara || {
                    let body = String::from_utf8_lossy(&r.body);
                    body.contains("update") || body.contains("revise") || body.contains("sold")
                }
            })
            .count()
    }

    /// Fails unless every row of `file` is what the store holds.
    fn holds(&self, file: &[(String, i64)], context: &str) {
        let now = self.stock();
        for (sku, want) in file {
            let found = now.iter().find(|(s, _)| s == sku).map(|(_, n)| *n);
            assert_eq!(found, Some(*want), "{context}: {sku}");
        }
    }
}

fn finished(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Rounds of the kill test: one a platform, more in the long run.
fn rounds() -> usize {
    if std::env::var_os("STOCKROOM_CAMPAIGN").is_some() {
        12
    } else {
        4
    }
}

#[test]
fn a_stock_apply_killed_mid_batch_resumes_to_exactly_the_file() {
    let mut dice = Dice(0x5eed_cafe);
    let mut killed_mid_batch = 0;
    for round in 0..rounds() {
        let platform = PLATFORMS[round % PLATFORMS.len()];
        let shop = Shop::start(platform);
        let (path, rows) = shop.file("stock.csv", &mut dice);
        let latency = Duration::from_millis(40 + dice.next(80));
        shop.sandbox
            .faults()
            .add(Fault::new(FaultKind::Latency(latency)));
        shop.sandbox.forget_received(shop.endpoint.name());
        let mut first = shop.apply(&path).spawn().unwrap();
        // Killed once a random number of writes reached the store, a random part of a
        // request's latency later: between two items or with one in flight.
        let kill_at = 1 + dice.next(ROWS as u64 - 1) as usize;
        let started = Instant::now();
        while shop.writes() < kill_at
            && first.try_wait().unwrap().is_none()
            && started.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        let kill_after = Duration::from_millis(dice.next(latency.as_millis() as u64 + 1));
        std::thread::sleep(kill_after);
        let running = first.try_wait().unwrap().is_none();
        first.kill().unwrap();
        let first = finished(first);
        let written_before_kill = shop.writes();
        if running && written_before_kill > 0 {
            killed_mid_batch += 1;
        }
        shop.sandbox.faults().clear();
        let second = finished(shop.apply(&path).spawn().unwrap());
        let context = format!(
            "{platform}, killed {kill_after:?} after write {kill_at}, {latency:?} a request\n\
             first run: {}\nsecond run: {}",
            text(&first),
            text(&second)
        );
        assert_eq!(second.status.code(), Some(0), "{context}");
        shop.holds(&rows, &context);
        // Items are sent one at a time: at most one write was in flight at the kill.
        let writes = shop.writes();
        eprintln!(
            "campaign kill: {platform} killed {kill_after:?} after write {kill_at}: {written_before_kill} \
             writes before, {writes} in all, for {ROWS} rows"
        );
        assert!(
            writes <= ROWS + 1,
            "{context}\n{writes} writes for {ROWS} rows"
        );
        let third = finished(shop.apply(&path).spawn().unwrap());
        assert!(
            String::from_utf8_lossy(&third.stdout).contains("sent 0"),
            "{context}\na third run sends nothing: {}",
            text(&third)
        );
    }
    assert!(
        killed_mid_batch == rounds(),
        "only {killed_mid_batch} of {} runs were killed after a write and before the end",
        rounds()
    );
}

#[test]
fn a_second_stock_apply_while_one_holds_the_profile_exits_3_and_changes_nothing() {
    let mut dice = Dice(0x10c4_ed00);
    let shop = Shop::start(Platform::Cscart);
    let (first_file, first_rows) = shop.file("first.csv", &mut dice);
    let (second_file, _) = shop.file("second.csv", &mut dice);
    shop.sandbox
        .faults()
        .add(Fault::new(FaultKind::Latency(Duration::from_millis(150))));
    let before = shop.stock();
    let first = shop.apply(&first_file).spawn().unwrap();
    let lock_dir = shop.home.path().join("data");
    let started = Instant::now();
    while !held(&lock_dir) && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    shop.sandbox.forget_received(shop.endpoint.name());
    let second = finished(shop.apply(&second_file).spawn().unwrap());
    assert_eq!(
        second.status.code(),
        Some(PROFILE_HELD_EXIT),
        "{}",
        text(&second)
    );
    let refused_writes = shop.writes();
    let first = finished(first);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert_eq!(refused_writes, 0, "the refused run wrote nothing");
    shop.holds(&first_rows, "the first run's values, none of the second's");
    assert_ne!(before, shop.stock());
}

/// Whether a journal lock file has appeared under the data directory.
fn held(dir: &Path) -> bool {
    walk(dir).iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().contains("lock"))
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
