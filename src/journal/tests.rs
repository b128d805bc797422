//! The journal on a real file system: round trips, atomic replacement, corruption, permissions, names.
#![allow(clippy::unwrap_used)]

use std::fs;

use serde::{Deserialize, Serialize};

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    id: String,
    amount: i64,
}

fn entries() -> Vec<Entry> {
    vec![
        Entry {
            id: "12".into(),
            amount: 3,
        },
        Entry {
            id: "13".into(),
            amount: -1,
        },
    ]
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn round_trips_and_reports_none_when_absent() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::for_profile(&dir.path().join("nested/journal"), "shop");
    assert_eq!(journal.load::<Vec<Entry>>().unwrap(), None);
    journal.save(&entries()).unwrap();
    assert_eq!(journal.load::<Vec<Entry>>().unwrap(), Some(entries()));
}

#[test]
fn a_save_replaces_the_whole_file_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::for_profile(dir.path(), "shop");
    journal.save(&entries()).unwrap();
    journal.save(&vec![entries()[1].clone()]).unwrap();
    assert_eq!(
        journal.load::<Vec<Entry>>().unwrap(),
        Some(vec![entries()[1].clone()])
    );
    let name = journal.path().file_name().unwrap().to_string_lossy();
    assert_eq!(files_in(dir.path()), [name.into_owned()]);
}

#[test]
fn a_corrupt_file_is_an_error_naming_it_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::for_profile(dir.path(), "shop");
    fs::write(journal.path(), "{\"id\": \"12\", \"amou").unwrap();
    let error = journal.load::<Vec<Entry>>().unwrap_err();
    assert!(
        matches!(&error, JournalError::Corrupt { path, .. } if path == journal.path()),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains(&journal.path().display().to_string()),
        "{error}"
    );
    assert!(journal.path().exists());
    assert!(journal.load_entries::<Vec<Entry>>().is_err());
    assert!(journal.path().exists());
}

#[cfg(unix)]
#[test]
fn the_file_and_a_created_dir_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let journal_dir = dir.path().join("journal");
    let journal = Journal::for_profile(&journal_dir, "shop");
    journal.save(&entries()).unwrap();
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(journal.path()), 0o600);
    assert_eq!(mode(&journal_dir), 0o700);
}

#[test]
fn names_that_sanitise_alike_get_different_files() {
    let dir = Path::new("/tmp/j");
    let (a, b) = (
        Journal::for_profile(dir, "my shop"),
        Journal::for_profile(dir, "my/shop"),
    );
    assert_ne!(a.path(), b.path());
    for journal in [&a, &b] {
        let name = journal.path().file_name().unwrap().to_string_lossy();
        assert!(name.starts_with("journal-my_shop-"), "{name}");
        assert!(name.ends_with(".json"), "{name}");
        assert_eq!(journal.path().parent(), Some(dir));
    }
    let odd = Journal::for_profile(dir, "../../etc/passwd\u{202e}");
    assert_eq!(odd.path().parent(), Some(dir));
    assert_eq!(
        Journal::for_profile(dir, "shop"),
        Journal::for_profile(dir, "shop")
    );
}

#[test]
fn clearing_twice_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::for_profile(dir.path(), "shop");
    journal.save(&entries()).unwrap();
    journal.clear().unwrap();
    journal.clear().unwrap();
    assert!(!journal.path().exists());
    assert_eq!(journal.load::<Vec<Entry>>().unwrap(), None);
}

#[test]
fn an_envelope_names_its_store_and_a_newer_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::for_profile(dir.path(), "shop");
    journal
        .save_entries("shop", "http://127.0.0.1:8080/cscart/", &entries())
        .unwrap();
    let envelope = journal.load_entries::<Vec<Entry>>().unwrap().unwrap();
    assert_eq!(envelope.version, FORMAT_VERSION);
    assert_eq!(envelope.entries, entries());
    assert!(envelope.saved_at > 0);
    assert!(envelope.belongs_to("shop", "http://127.0.0.1:8080/cscart"));
    assert!(!envelope.belongs_to("shop", "http://127.0.0.1:9090/cscart"));
    assert!(!envelope.belongs_to("other", "http://127.0.0.1:8080/cscart/"));

    let newer = serde_json::json!({
        "version": FORMAT_VERSION + 1, "profile": "shop", "base_url": "x",
        "saved_at": 0, "entries": {"something": "else"}
    });
    journal.save(&newer).unwrap();
    let error = journal.load_entries::<Vec<Entry>>().unwrap_err();
    assert!(matches!(error, JournalError::Corrupt { .. }), "{error:?}");
    assert!(journal.path().exists());
}
