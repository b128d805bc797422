//! The audit log's lines, file and `--since`.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::basket::{Change, ItemId, ItemStatus, StockChange, Target};
use crate::catalog::model::ProductId;

fn item() -> Item {
    Item {
        id: ItemId(1),
        target: Target {
            id: Some(ProductId("12".into())),
            sku: "RING-0012".into(),
            name: "Ring".into(),
        },
        change: Change::Edit {
            stock: Some(StockChange::Set { from: 3, to: 5 }),
            fields: vec![],
        },
        status: ItemStatus::Sending,
        sku_owners_before: None,
        maybe_applied: false,
    }
}

#[test]
fn the_host_keeps_no_credentials_path_or_query() {
    assert_eq!(
        host_of("https://user:pw@shop.example.com/api?key=x"),
        "shop.example.com"
    );
    assert_eq!(host_of("http://127.0.0.1:8080/ugal"), "127.0.0.1:8080");
    assert_eq!(host_of("user:pw@shop.example/x?y"), "shop.example");
}

#[test]
fn a_profile_name_unsafe_in_a_file_name_gets_its_own_file() {
    let dir = Path::new("/state/audit");
    assert_eq!(file_for(dir, "shop-1"), dir.join("shop-1.jsonl"));
    let odd = file_for(dir, "../shop");
    assert_eq!(odd.parent(), Some(dir));
    assert_ne!(odd, file_for(dir, "/.shop"));
}

#[test]
fn lines_are_appended_privately_and_read_back() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("audit");
    let trail = Trail::new(&dir, "shop", "http://127.0.0.1:1/shop", Source::StockApply);
    trail
        .record(&item(), &Outcome::Failed("400 refused".into()), &[])
        .unwrap();
    let sent = Outcome::Sent {
        sent: item().change,
        created: None,
    };
    trail.record(&item(), &sent, &[]).unwrap();
    let read = read(trail.path()).unwrap();
    assert_eq!(read.unreadable, 0);
    let outcomes: Vec<_> = read.entries.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["failed", "sent"]);
    let first = &read.entries[0];
    assert_eq!(first.error.as_deref(), Some("400 refused"));
    assert_eq!((first.before.as_str(), first.after.as_str()), ("3", "5"));
    assert_eq!(first.source, "stock apply");
    assert_eq!(first.host, "127.0.0.1:1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(trail.path()), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
}

#[test]
fn since_takes_a_date_a_time_or_a_span() {
    let now = clock::parse_rfc3339("2026-12-06T12:00:00Z").unwrap();
    let at = |text: &str| clock::rfc3339(parse_since(text, now).unwrap());
    assert_eq!(at("24h"), "2026-12-05T12:00:00Z");
    assert_eq!(at("7d"), "2026-11-29T12:00:00Z");
    assert_eq!(at("90m"), "2026-12-06T10:30:00Z");
    assert_eq!(at("2026-12-01"), "2026-12-01T00:00:00Z");
    assert_eq!(at("2026-12-01T08:00:00Z"), "2026-12-01T08:00:00Z");
    for bad in ["yesterday", "7w", "h", "-3d", ""] {
        assert!(parse_since(bad, now).is_err(), "{bad}");
    }
}

#[test]
fn writers_appending_at_once_never_interleave_their_lines() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("audit");
    let writers: Vec<_> = (0..6)
        .map(|writer| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let trail = Trail::new(&dir, "shop", "http://127.0.0.1:1", Source::Ui);
                let mut long = item();
                long.target.sku = format!("{writer}-{}", "x".repeat(3000));
                for _ in 0..100 {
                    trail.record(&long, &Outcome::AlreadyApplied, &[]).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let read = read(&file_for(&dir, "shop")).unwrap();
    assert_eq!((read.entries.len(), read.unreadable), (600, 0));
}
