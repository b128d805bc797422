//! `journal list|show` and `audit` read a profile's files in the state directory by its name
//! when there is no config file (as after `stockroom demo`); `discard` still needs the config.

use std::path::Path;
use std::process::Command;

use stockroom::basket::Item;
use stockroom::journal::Journal;
use tempfile::TempDir;

use crate::tmux::binary;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The binary in a home with no config file, its state directories under `home`.
fn run(home: &Path, args: &[&str]) -> Run {
    let output = Command::new(binary())
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A home holding the demo profile's journal (no changes left) and one audit line.
fn demo_home() -> TempDir {
    let home = tempfile::tempdir().expect("a temporary home");
    let journal = Journal::for_profile(&home.path().join("data/stockroom/journal"), "cscart-demo");
    journal
        .save_entries(
            "cscart-demo",
            "http://127.0.0.1:1/cscart",
            &Vec::<Item>::new(),
        )
        .expect("the journal is written");
    let audit = home.path().join("state/stockroom/audit");
    std::fs::create_dir_all(&audit).expect("the audit dir");
    let line = r#"{"time":"2026-12-06T10:00:00Z","profile":"cscart-demo","host":"127.0.0.1:1","operation":"stock","sku":"G0017HS88V","product_id":"17","before":"4","after":"5","outcome":"sent","debug_id":null,"source":"ui"}"#;
    std::fs::write(audit.join("cscart-demo.jsonl"), format!("{line}\n")).expect("the audit log");
    home
}

#[test]
fn journal_list_and_show_read_the_demo_journal_without_a_config() {
    let home = demo_home();
    let listed = run(home.path(), &["journal", "list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed.stdout.starts_with("cscart-demo  "),
        "{}",
        listed.stdout
    );

    let named = run(
        home.path(),
        &["--profile", "cscart-demo", "journal", "list"],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(
        named.stdout.starts_with("cscart-demo  "),
        "{}",
        named.stdout
    );

    let shown = run(
        home.path(),
        &["--profile", "cscart-demo", "journal", "show"],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert_eq!(shown.stdout, "cscart-demo  no changes\n");

    let unnamed = run(home.path(), &["journal", "show"]);
    assert_eq!(unnamed.code, 2);
    assert!(
        unnamed.stderr.contains("--profile NAME"),
        "{}",
        unnamed.stderr
    );
}

#[test]
fn audit_reads_the_demo_log_by_profile_name_without_a_config() {
    let home = demo_home();
    let audit = run(home.path(), &["--profile", "cscart-demo", "audit"]);
    assert_eq!(audit.code, 0, "{}", audit.stderr);
    assert!(audit.stdout.contains("G0017HS88V"), "{}", audit.stdout);
}

#[test]
fn discarding_still_needs_the_profiles_config() {
    let home = demo_home();
    let discard = run(
        home.path(),
        &[
            "--profile",
            "cscart-demo",
            "journal",
            "discard",
            "--all",
            "--yes",
        ],
    );
    assert_eq!(discard.code, 2);
    assert!(
        discard.stderr.contains("no config file"),
        "{}",
        discard.stderr
    );
}
