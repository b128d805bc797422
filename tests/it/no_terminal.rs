//! The UI without a terminal (a pipe, cron, `ssh host` without `-t`): one line, exit 2, no escapes.

use std::process::{Command, Stdio};

const NEEDS: &str = "stockroom: the UI needs a terminal (try ssh -t, or the headless commands: stock apply, export)\n";

fn run(args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .args(args)
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn the_ui_and_the_demo_say_they_need_a_terminal_in_one_clean_line() {
    for args in [&["demo"][..], &[][..]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert_eq!(String::from_utf8_lossy(&out.stderr), NEEDS, "{args:?}");
        assert!(!out.stderr.contains(&0x1b), "{args:?}: no escape sequences");
    }
}
