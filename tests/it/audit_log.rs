//! The audit log: one JSON line per change sent, from a headless run (the real binary, no
//! terminal) and from the UI's runner, private, secret-free, printed by `stockroom audit`.

use std::time::Duration;

use serde_json::Value;
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::basket::{Change, Item, ItemId, ItemStatus, StockChange, Target};
use stockroom::catalog::model::{ListQuery, Platform, Stock};
use stockroom::config::SecretSource;
use stockroom::journal::clock;
use tokio::sync::mpsc::unbounded_channel;

use crate::journal_cli::Store;
use crate::support::sandbox;

const FIELDS: [&str; 11] = [
    "time",
    "profile",
    "host",
    "operation",
    "sku",
    "product_id",
    "before",
    "after",
    "outcome",
    "debug_id",
    "source",
];

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Every field is there (`error` only when something went wrong), the time is recent UTC.
fn check_fields(line: &Value, host: &str) {
    let object = line.as_object().unwrap();
    for field in FIELDS {
        assert!(object.contains_key(field), "{field} missing: {line}");
    }
    let time = clock::parse_rfc3339(line["time"].as_str().unwrap()).expect("RFC 3339 UTC");
    assert!(clock::now_secs().abs_diff(time) < 600, "{line}");
    assert_eq!(line["host"], host, "{line}");
    assert_eq!(line["profile"], "p");
    let failed = line["outcome"] != "sent" && line["outcome"] != "already applied";
    assert_eq!(object.contains_key("error"), failed, "{line}");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_headless_apply_and_resume_leave_one_line_per_change_and_audit_prints_them() {
    let store = Store::start(
        "valigara",
        &["--fault", "status:400@valigara/stock x1"],
        false,
    );
    let host = stockroom::audit::host_of(&store.url);
    let products = store.products();
    let (a, b) = (&products[0], &products[1]);
    let file = store.file(
        "night.csv",
        &[
            format!("{},{},", a.sku, a.stock + 1),
            format!("{},{},", b.sku, b.stock + 2),
        ],
    );
    let run = store.run(&["stock", "apply", &file]);
    assert_eq!(run.code, 1, "{run:?}");
    let audit = store.audit_file();
    let written = lines(&audit);
    assert_eq!(written.len(), 2, "{written:?}");
    for line in &written {
        check_fields(line, &host);
        assert_eq!(line["source"], "stock apply");
        assert_eq!(line["operation"], "stock");
    }
    let (failed, sent) = (&written[0], &written[1]);
    assert_eq!(
        (&failed["sku"], &failed["outcome"]),
        (&Value::from(a.sku.clone()), &Value::from("failed"))
    );
    assert_eq!(failed["product_id"], a.id.as_str());
    assert!(
        failed["error"].as_str().unwrap().contains("400"),
        "{failed}"
    );
    assert_eq!(sent["sku"], b.sku.as_str());
    assert_eq!(sent["outcome"], "sent");
    assert_eq!(sent["before"], b.stock.to_string());
    assert_eq!(sent["after"], (b.stock + 2).to_string());
    assert!(
        sent["debug_id"].as_str().is_some_and(|id| !id.is_empty()),
        "Valigara's debug id is kept: {sent}"
    );
    #[cfg(unix)]
    assert_eq!(mode(&audit), 0o600);

    let resumed = store.run(&["journal", "resume"]);
    assert_eq!(resumed.code, 0, "{resumed:?}");
    let written = lines(&audit);
    assert_eq!(written.len(), 3, "{written:?}");
    check_fields(&written[2], &host);
    assert_eq!(written[2]["source"], "journal resume");
    assert_eq!(written[2]["outcome"], "sent");
    assert_eq!(written[2]["sku"], a.sku.as_str());

    let table = store.run(&["audit"]);
    assert_eq!(table.code, 0, "{table:?}");
    let rows: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(rows.len(), 4, "{table:?}");
    assert!(
        rows[0].starts_with("time ") && rows[0].contains("outcome"),
        "{table:?}"
    );
    assert!(
        rows[1].contains(&a.sku) && rows[1].contains("stock apply") && rows[1].contains("failed: "),
        "{table:?}"
    );
    assert!(
        rows[2].contains(&format!("{} → {}", b.stock, b.stock + 2)),
        "{table:?}"
    );
    assert!(rows[3].contains("journal resume"), "{table:?}");

    // An old line, as a log kept for months holds: --since leaves it out.
    let mut old = written[0].clone();
    old["time"] = "2020-01-01T00:00:00Z".into();
    old["sku"] = "OLD-SKU".into();
    let mut text = std::fs::read_to_string(&audit).unwrap();
    text.push_str(&format!("{old}\n"));
    std::fs::write(&audit, text).unwrap();
    let recent = store.run(&["audit", "--since", "7d"]);
    assert_eq!(recent.code, 0, "{recent:?}");
    assert!(
        !recent.stdout.contains("OLD-SKU") && recent.stdout.contains(&a.sku),
        "{recent:?}"
    );
    let all = store.run(&["audit", "--since", "2019-12-31", "--json"]);
    assert_eq!(all.code, 0, "{all:?}");
    let parsed: Vec<Value> = all
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(parsed.len(), 4);
    assert_eq!(parsed[3]["sku"], "OLD-SKU");
    let bad = store.run(&["audit", "--since", "last tuesday"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("--since"), "{bad:?}");
}

#[tokio::test]
async fn a_change_sent_from_the_ui_is_audited_with_its_debug_id() {
    let sandbox = sandbox::start(sandbox::stores_of(10)).await;
    let endpoint = sandbox::endpoint(&sandbox, Platform::Valigara).clone();
    let connection = sandbox::connection(&endpoint, Duration::from_secs(10), false);
    let (catalog, _) = sandbox::connect(&connection, &endpoint.key);
    let page = catalog.list(&ListQuery::default()).await.result.unwrap();
    let product = page
        .items
        .iter()
        .find(|p| matches!(p.stock, Stock::Quantity(_)))
        .unwrap()
        .clone();
    let Stock::Quantity(stock) = product.stock else {
        unreachable!()
    };

    let dir = tempfile::tempdir().unwrap();
    let (sender, mut actions) = unbounded_channel();
    let target = ProfileTarget {
        name: "p".into(),
        store: endpoint.base_url.clone(),
        connection,
        secret: SecretSource {
            value: Some(endpoint.key.clone()),
            ..Default::default()
        },
    };
    let mut runner = Runner::new(vec![target], sender, Some(dir.path().join("journal")))
        .with_audit_dir(Some(dir.path().join("audit")));
    runner.connect(0).await.unwrap();
    let item = Item {
        id: ItemId(1),
        target: Target {
            id: Some(product.id.clone()),
            sku: product.sku.0.clone(),
            name: product.name.clone(),
        },
        change: Change::Edit {
            stock: Some(StockChange::Set {
                from: stock,
                to: stock + 4,
            }),
            fields: vec![],
        },
        status: ItemStatus::Sending,
        sku_owners_before: None,
        maybe_applied: false,
    };
    runner.run(Effect::SaveJournal {
        profile: 0,
        items: vec![item.clone()],
    });
    runner.run(Effect::SendBatch {
        profile: 0,
        items: vec![item],
    });
    loop {
        let action = tokio::time::timeout(Duration::from_secs(20), actions.recv())
            .await
            .unwrap()
            .unwrap();
        if action == (Action::BatchFinished { profile: 0 }) {
            break;
        }
    }
    runner.journal_written().await;

    let audit = dir.path().join("audit/p.jsonl");
    let written = lines(&audit);
    assert_eq!(written.len(), 1, "{written:?}");
    let line = &written[0];
    check_fields(line, &stockroom::audit::host_of(&endpoint.base_url));
    assert_eq!(line["source"], "ui");
    assert_eq!(line["outcome"], "sent");
    assert_eq!(line["sku"], product.sku.0.as_str());
    assert_eq!(line["product_id"], product.id.0.as_str());
    assert_eq!(
        (line["before"].as_str(), line["after"].as_str()),
        (
            Some(stock.to_string().as_str()),
            Some((stock + 4).to_string().as_str())
        )
    );
    assert!(
        line["debug_id"].as_str().is_some_and(|id| !id.is_empty()),
        "{line}"
    );
    assert!(
        !std::fs::read_to_string(&audit)
            .unwrap()
            .contains(&endpoint.key)
    );
    #[cfg(unix)]
    assert_eq!(mode(&audit), 0o600);
}
