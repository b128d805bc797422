//! `export` as a script runs it: a page that fails for a passing reason is asked for again, a
//! rate-limit hold is announced, a failing stdout export in any format ends with its error,
//! and a reader that stops early ends the export quietly.

use std::process::Command;

use crate::bulk_cli::{store, store_of};
use crate::tmux::binary;

#[test]
fn a_page_cut_short_once_is_asked_for_again_and_the_export_is_whole() {
    // Six pages of 250, all asked for at once: whichever is cut short is a real page.
    let store = store_of("cscart", 1500, &["--fault", "truncated@cscart/list x1"], 10);
    let run = store.run(&["export", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1500);
}

#[test]
fn a_rate_limit_hold_longer_than_5_s_is_announced_once_with_its_length() {
    // Six pages of 250, all asked for at once: whichever the 429 answers is a real page.
    let store = store_of(
        "cscart",
        1500,
        &["--fault", "429-retry-after:9@cscart/list x1"],
        10,
    );
    let run = store.run(&["export", "--format", "ndjson"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1500);
    let notices: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("waiting "))
        .collect();
    assert_eq!(notices.len(), 1, "once per hold: {}", run.stderr);
    // What is left of the 9 s when the page is asked for again.
    let seconds: u64 = notices[0]
        .strip_prefix("waiting ")
        .and_then(|rest| rest.strip_suffix(" s: the store's rate limit"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!((6..=9).contains(&seconds), "{}", run.stderr);
}

#[test]
fn a_failing_stdout_export_ends_with_its_error_in_every_format() {
    let store = store("cscart", &["--fault", "truncated@cscart/list"], 10);
    for format in ["csv", "ndjson", "json"] {
        let run = store.run(&["export", "--format", format]);
        assert_eq!(run.code, 2, "{format}: {}", run.stderr);
        let last = run.stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("stockroom: the export stopped after 0 products: page 1:")
                && last.ends_with("(what came before it is incomplete)"),
            "{format}: {}",
            run.stderr
        );
        if format == "json" {
            assert!(
                serde_json::from_str::<serde_json::Value>(&run.stdout).is_err(),
                "a cut-short JSON export does not parse: {:?}",
                run.stdout
            );
        }
    }
}

#[test]
fn an_export_read_by_head_ends_quietly() {
    let store = store_of("cscart", 3000, &[], 10);
    let script = format!(
        "set -o pipefail; '{}' --config '{}' export --profile p --format csv | head -n 2",
        binary().display(),
        store.config.display()
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .env("HOME", store.dir.path())
        .env("XDG_DATA_HOME", store.dir.path().join("data"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);
    assert!(stderr.is_empty(), "{stderr}");
}

/// `:export products` writes every product on every platform: Valigara's own export, the
/// others as `stockroom export --format json` writes them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_products_from_the_ui_works_on_every_platform() {
    use std::time::Duration;
    use stockroom::catalog::model::{ListQuery, Platform};

    use crate::support::sandbox::{connect, connection, endpoint, start, stores_of};

    let sandbox = start(stores_of(130)).await;
    let dir = tempfile::tempdir().unwrap();
    for platform in [
        Platform::Cscart,
        Platform::Valigara,
        Platform::B2bwave,
        Platform::Ugal,
    ] {
        let store = endpoint(&sandbox, platform);
        let (catalog, _) = connect(
            &connection(store, Duration::from_secs(10), true),
            &store.key,
        );
        let path = dir.path().join(format!("{platform}.json"));
        let (result, _) = stockroom::app::products::export(
            &catalog,
            ListQuery::default(),
            Some(path.clone()),
            None,
        )
        .await;
        let (written, count) = result.unwrap_or_else(|e| panic!("{platform}: {e}"));
        assert_eq!(written, path);
        assert_eq!(count, 130, "{platform}");
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let products = value.as_array().unwrap();
        assert_eq!(products.len(), 130, "{platform}");
        if platform != Platform::Valigara {
            let first = products[0].as_object().unwrap();
            let keys: Vec<&str> = first.keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                ["id", "sku", "name", "price", "stock", "status"],
                "{platform}"
            );
        }
    }
}

#[test]
fn a_csv_export_to_a_file_or_a_pipe_carries_no_control_character_of_the_store_s() {
    let store = store_of("ugal", 200, &["--fault", "hostile-data@ugal"], 10);
    let run = store.run(&["export", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\\u{1b}"),
        "the hostile names are there, escaped: {}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
    let raw = run
        .stdout
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r'));
    assert_eq!(raw, None, "a control character reached the CSV");
}

#[test]
fn an_unedited_csv_export_applies_as_a_stock_file_that_changes_nothing() {
    let store = store("cscart", &[], 10);
    let (text, rows) = store.export_csv();
    assert!(
        rows.iter()
            .any(|row| row.get(4).is_some_and(String::is_empty)),
        "the demo has products that do not track stock, exported with an empty stock cell"
    );
    let file = store.file("export.csv", &text);
    let run = store.apply(&file, true);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("0 to change, 0 with problems (dry run: nothing sent)"),
        "{}",
        run.stdout
    );
}
