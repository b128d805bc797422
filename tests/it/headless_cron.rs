//! The README's cron recipe run as cron runs it: a shell script, no terminal, output to a log,
//! a production profile, an item that fails and is resumed by the next run, a file that settles.

use std::process::Command;

use crate::bulk_cli::{Store, store, tracked};
use crate::tmux::binary;

/// The recipe, its binary and paths filled in; its exit code and the log it wrote.
fn sync(store: &Store) -> (i32, String) {
    let script = format!(
        "set -u\n\
         export STOCKROOM_CONFIG='{config}'\n\
         cd '{dir}' || exit 2\n\
         '{bin}' config check || exit 2\n\
         '{bin}' stock apply supplier.csv --profile p --dry-run --quiet\n\
         '{bin}' stock apply supplier.csv --profile p --yes --quiet --wait=30\n\
         status=$?\n\
         '{bin}' export --profile p --format csv --output catalog.csv || status=2\n\
         exit \"$status\"\n",
        config = store.config.display(),
        dir = store.dir.path().display(),
        bin = binary().display(),
    );
    let log = store.dir.path().join("sync.log");
    let log_file = std::fs::File::create(&log).unwrap();
    let status = Command::new("sh")
        .args(["-c", &script])
        .stdin(std::process::Stdio::null())
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .env("HOME", store.dir.path())
        .env("XDG_DATA_HOME", store.dir.path().join("data"))
        .status()
        .unwrap();
    (
        status.code().unwrap_or(-1),
        std::fs::read_to_string(log).unwrap(),
    )
}

#[test]
fn the_cron_recipe_resumes_a_failed_item_and_then_settles() {
    let store = store("cscart", &["--fault", "status:500@cscart/stock x1"], 10);
    let text = std::fs::read_to_string(&store.config).unwrap();
    std::fs::write(&store.config, format!("{text}production = true\n")).unwrap();
    let (_, rows) = store.export_csv();
    let tracked = tracked(&rows);
    let (a, b) = (&tracked[0], &tracked[1]);
    store.file(
        "supplier.csv",
        &format!(
            "sku;stock;price\n{};{};\n{};{};{}\n",
            a.0,
            a.1 + 3,
            b.0,
            b.1,
            b.2.replace('.', ",")
        ),
    );

    let (code, log) = sync(&store);
    assert_eq!(code, 1, "the failed item is worth a look:\n{log}");
    assert!(log.contains(&format!("{}  failed: 500", a.0)), "{log}");
    assert!(
        log.contains("sent 0, already applied 0, conflicts 0, failed 1, problems 0"),
        "{log}"
    );
    assert!(!log.contains('\u{1b}'), "no bar or colour in a log:\n{log}");
    let catalog = std::fs::read_to_string(store.dir.path().join("catalog.csv")).unwrap();
    assert_eq!(catalog.lines().count(), 31, "the export is whole");

    let (code, log) = sync(&store);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("resuming 1 change(s)"), "{log}");
    assert!(
        log.contains("sent 1, already applied 0, conflicts 0, failed 0, problems 0"),
        "{log}"
    );

    let (code, log) = sync(&store);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("nothing to send"), "{log}");
    assert!(log.contains("sent 0, already applied 0"), "{log}");
}

#[test]
fn the_cron_recipe_fails_when_the_export_fails_and_keeps_the_old_catalog() {
    let store = store("cscart", &["--fault", "malformed@cscart/list"], 10);
    store.file("supplier.csv", "sku,stock\n");
    let old = store.file("catalog.csv", "yesterday's catalog\n");
    let (code, log) = sync(&store);
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("could not load the whole catalog"), "{log}");
    assert!(log.contains("the export stopped after 0 products"), "{log}");
    assert_eq!(
        std::fs::read_to_string(old).unwrap(),
        "yesterday's catalog\n"
    );
}
