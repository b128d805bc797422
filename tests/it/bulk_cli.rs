//! `stockroom stock apply` and `stockroom export` as a script runs them, against every platform's sandbox.

use std::path::{Path, PathBuf};
use std::process::Command;

use stockroom::catalog::model::Money;
use tempfile::TempDir;

use crate::tmux::{SandboxChild, binary, sandbox_endpoint};

const PRODUCTS: usize = 30;

/// A sandbox, a config with one profile `p` on one of its stores, and a private journal dir.
pub(crate) struct Store {
    _sandbox: SandboxChild,
    pub(crate) dir: TempDir,
    pub(crate) config: PathBuf,
}

/// What one run of the binary printed and how it ended.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn store(platform: &str, extra: &[&str], timeout_secs: u64) -> Store {
    store_of(platform, PRODUCTS, extra, timeout_secs)
}

/// A store of `products` products, as `store` makes it.
pub(crate) fn store_of(
    platform: &str,
    products: usize,
    extra: &[&str],
    timeout_secs: u64,
) -> Store {
    let count = products.to_string();
    let mut args = vec!["--products", count.as_str()];
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
             secret = {{ value = \"{key}\" }}\ntimeout_secs = {timeout_secs}\n"
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
        dir,
        config,
    }
}

impl Store {
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(binary())
            .arg("--config")
            .arg(&self.config)
            .args(["--profile", "p"])
            .args(args)
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("HOME", self.dir.path())
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub(crate) fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The catalog as `export --format csv` writes it: header, then one record per product.
    pub(crate) fn export_csv(&self) -> (String, Vec<Vec<String>>) {
        let run = self.run(&["export", "--format", "csv"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, ["id", "sku", "name", "price", "stock", "status"]);
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        (run.stdout, rows)
    }

    pub(crate) fn apply(&self, file: &Path, dry_run: bool) -> Run {
        let path = file.to_string_lossy().into_owned();
        let mut args = vec!["stock", "apply", path.as_str()];
        if dry_run {
            args.push("--dry-run");
        }
        self.run(&args)
    }
}

/// Rows with a tracked stock, as (sku, stock, price).
pub(crate) fn tracked(rows: &[Vec<String>]) -> Vec<(String, i64, String)> {
    rows.iter()
        .filter(|r| !r[1].is_empty())
        .filter_map(|r| Some((r[1].clone(), r[4].parse().ok()?, r[3].clone())))
        .collect()
}

/// The change lines of an apply's output, as (sku, "old -> new" or "price old -> new").
fn changes(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter(|l| l.contains(" -> ") && !l.starts_with("line "))
        .map(|l| {
            let parts: Vec<&str> = l.split("  ").collect();
            // A product in several warehouses adds "(warehouse MAIN a -> b)" after the total.
            let change = parts
                .iter()
                .rev()
                .find(|p| p.contains(" -> ") && !p.starts_with('('))
                .unwrap();
            (parts[0].to_owned(), (*change).to_owned())
        })
        .collect()
}

pub(crate) fn stock_of(rows: &[Vec<String>], sku: &str) -> i64 {
    let row = rows.iter().find(|r| r[1] == sku).unwrap();
    row[4].parse().unwrap()
}

fn everything(platform: &str) {
    let store = store(platform, &[], 10);

    // Export: every product, in each format.
    let (exported, rows) = store.export_csv();
    assert_eq!(rows.len(), PRODUCTS, "{platform}: {exported}");
    let json = store.run(&["export", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), PRODUCTS, "{platform}");
    let out = store.dir.path().join("out.ndjson");
    let ndjson = store.run(&[
        "export",
        "--format",
        "ndjson",
        "--output",
        &out.to_string_lossy(),
    ]);
    assert_eq!(ndjson.code, 0, "{}", ndjson.stderr);
    assert!(ndjson.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), PRODUCTS);
    for line in written.lines() {
        let _: serde_json::Value = serde_json::from_str(line).unwrap();
    }

    let tracked = tracked(&rows);
    assert!(tracked.len() >= 4, "{platform}: too few tracked products");
    let (a, b, c) = (&tracked[0], &tracked[1], &tracked[2]);

    // Good, bad and unmatched rows: each problem named by its line, and a non-zero exit.
    let mixed = store.file(
        "mixed.csv",
        &format!(
            "\u{feff}SKU,Qty\n{},{}\n{},x7\nNO-SUCH-SKU,4\n\n\"{}\",{}\n",
            a.0,
            a.1 + 5,
            b.0,
            a.0,
            a.1
        ),
    );
    let run = store.apply(&mixed, true);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        changes(&run.stdout),
        [(a.0.clone(), format!("{} -> {}", a.1, a.1 + 5))]
    );
    assert!(
        run.stdout.contains(&format!(
            "line 3: stock \"x7\" for SKU {} is not a whole number",
            b.0
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("line 4: no product with SKU NO-SUCH-SKU"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("line 6: SKU {} is already listed on line 2", a.0))
    );
    assert_eq!(store.export_csv().1, rows, "a dry run sent something");

    // Apply, then read back: stock on two products, a price on a third; once only.
    // B2B Wave's only price fields are documented as "not used": nothing there changes them.
    let step = if platform == "b2bwave" {
        rust_decimal::Decimal::ZERO
    } else {
        rust_decimal::Decimal::ONE
    };
    let new_price = Money(Money::parse(&c.2).unwrap().0 + step);
    let sent = if platform == "b2bwave" { 2 } else { 3 };
    let good = store.file(
        "good.tsv",
        &format!(
            "code\tstock\tprice\n{}\t{}\t\n{}\t{}\t\n{}\t{}\t{new_price}\n",
            a.0,
            a.1 + 5,
            b.0,
            b.1 + 6,
            c.0,
            c.1
        ),
    );
    let run = store.apply(&good, false);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "sent {sent}, already applied 0, conflicts 0, failed 0, problems 0"
        )),
        "{}",
        run.stdout
    );
    let (_, after) = store.export_csv();
    assert_eq!(stock_of(&after, &a.0), a.1 + 5);
    assert_eq!(stock_of(&after, &b.0), b.1 + 6);
    let price = &after.iter().find(|r| r[1] == c.0).unwrap()[3];
    assert_eq!(Money::parse(price), Some(new_price), "{platform}");
    let again = store.apply(&good, false);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("sent 0, already applied 0"),
        "{}",
        again.stdout
    );

    // Round trip: the export, three stock values edited, shows exactly those three edits.
    let edited_rows: Vec<(String, i64)> = tracked[..3]
        .iter()
        .map(|(sku, _, _)| (sku.clone(), stock_of(&after, sku) + 11))
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["id", "sku", "name", "price", "stock", "status"])
        .unwrap();
    for row in &after {
        let mut row = row.clone();
        if let Some((_, stock)) = edited_rows.iter().find(|(sku, _)| *sku == row[1]) {
            row[4] = stock.to_string();
        }
        writer.write_record(&row).unwrap();
    }
    let round = store.file(
        "round.csv",
        &String::from_utf8(writer.into_inner().unwrap()).unwrap(),
    );
    let run = store.apply(&round, true);
    let expected: Vec<(String, String)> = edited_rows
        .iter()
        .map(|(sku, stock)| (sku.clone(), format!("{} -> {stock}", stock - 11)))
        .collect();
    let mut shown = changes(&run.stdout);
    shown.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(shown, expected, "{platform}: {}", run.stdout);
}

/// A write applied whose answer never came: the run fails it and keeps it in the journal;
/// the next run resumes it, finds it applied, and writes nothing twice.
fn interrupted(platform: &str) {
    let fault = format!("timeout-after-apply@{platform}/stock x1");
    let store = store(platform, &["--fault", &fault], 1);
    let (_, rows) = store.export_csv();
    let tracked = tracked(&rows);
    let wanted: Vec<(String, i64)> = tracked[..3]
        .iter()
        .map(|(sku, stock, _)| (sku.clone(), stock + 20))
        .collect();
    let mut text = "sku,stock\n".to_owned();
    for (sku, stock) in &wanted {
        text.push_str(&format!("{sku},{stock}\n"));
    }
    let file = store.file("stock.csv", &text);

    let first = store.apply(&file, false);
    assert_eq!(first.code, 1, "{}{}", first.stdout, first.stderr);
    assert!(
        first
            .stdout
            .contains("sent 2, already applied 0, conflicts 0, failed 1"),
        "{platform}: {}",
        first.stdout
    );
    let journal = store.dir.path().join("data/stockroom/journal");
    // Beside the journals lies each profile's lock file, which stays.
    let journals = || {
        std::fs::read_dir(&journal)
            .unwrap()
            .filter(|entry| entry.as_ref().unwrap().path().extension() == Some("json".as_ref()))
            .count()
    };
    assert_eq!(journals(), 1);

    let second = store.apply(&file, false);
    assert_eq!(second.code, 0, "{}{}", second.stdout, second.stderr);
    assert!(
        second.stdout.contains("resuming 1 change(s)"),
        "{}",
        second.stdout
    );
    assert!(
        second
            .stdout
            .contains("sent 0, already applied 1, conflicts 0, failed 0"),
        "{platform}: {}",
        second.stdout
    );
    assert_eq!(journals(), 0);
    let (_, after) = store.export_csv();
    for (sku, stock) in &wanted {
        assert_eq!(stock_of(&after, sku), *stock, "{platform} {sku}");
    }
}

#[test]
fn cscart_export_apply_and_round_trip() {
    everything("cscart");
}

#[test]
fn valigara_export_apply_and_round_trip() {
    everything("valigara");
}

#[test]
fn b2bwave_export_apply_and_round_trip() {
    everything("b2bwave");
}

#[test]
fn ugal_export_apply_and_round_trip() {
    everything("ugal");
}

#[test]
fn cscart_interrupted_apply_resumes() {
    interrupted("cscart");
}

#[test]
fn valigara_interrupted_apply_resumes() {
    interrupted("valigara");
}

#[test]
fn b2bwave_interrupted_apply_resumes() {
    interrupted("b2bwave");
}

#[test]
fn ugal_interrupted_apply_resumes() {
    interrupted("ugal");
}

#[test]
fn a_read_only_profile_refuses_before_sending() {
    let store = store("cscart", &[], 10);
    let text = std::fs::read_to_string(&store.config).unwrap();
    std::fs::write(&store.config, format!("{text}read_only = true\n")).unwrap();
    let (_, rows) = store.export_csv();
    let (sku, stock, _) = tracked(&rows)[0].clone();
    let file = store.file("s.csv", &format!("sku,stock\n{sku},{}\n", stock + 1));
    let run = store.apply(&file, false);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(store.export_csv().1, rows);
    let dry = store.apply(&file, true);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
}

#[test]
fn a_production_profile_is_sent_to_without_a_terminal_only_with_yes() {
    let store = store("cscart", &[], 10);
    let text = std::fs::read_to_string(&store.config).unwrap();
    std::fs::write(&store.config, format!("{text}production = true\n")).unwrap();
    let (_, rows) = store.export_csv();
    let (sku, stock, _) = tracked(&rows)[0].clone();
    let file = store.file("s.csv", &format!("sku,stock\n{sku},{}\n", stock + 1));
    let path = file.to_string_lossy().into_owned();

    let refused = store.apply(&file, false);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "profile \"p\" is production: pass --yes to send to it without a terminal; nothing was sent"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(store.export_csv().1, rows, "nothing reached the store");
    assert_eq!(store.apply(&file, true).code, 0, "a dry run needs no --yes");

    let sent = store.run(&["stock", "apply", path.as_str(), "--yes"]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert_eq!(stock_of(&store.export_csv().1, &sku), stock + 1);
}

#[test]
fn a_failed_export_leaves_no_file_and_no_closed_json_array() {
    let store = store("cscart", &["--fault", "truncated@cscart/list"], 10);
    let target = store.file("catalog.json", "the export of yesterday\n");
    let path = target.to_string_lossy().into_owned();
    let run = store.run(&["export", "--format", "json", "--output", path.as_str()]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("the export stopped after 0 products")
            && run.stderr.contains("nothing was written to"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the export of yesterday\n",
        "the file named is left as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(store.dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .contains("stockroom-export")
        })
        .collect();
    assert!(leftovers.is_empty(), "no temporary file stays behind");

    let piped = store.run(&["export", "--format", "json"]);
    assert_ne!(piped.code, 0);
    assert!(
        !piped.stdout.trim_end().ends_with(']'),
        "a cut-short JSON export is not a well-formed array: {:?}",
        piped.stdout
    );
    assert!(piped.stderr.contains("incomplete"), "{}", piped.stderr);
}

#[test]
fn an_export_to_a_file_is_written_whole() {
    let store = store("cscart", &[], 10);
    let target = store.dir.path().join("catalog.csv");
    let path = target.to_string_lossy().into_owned();
    let run = store.run(&["export", "--format", "csv", "--output", path.as_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        written,
        store.export_csv().0,
        "the file holds what stdout gets"
    );
}
