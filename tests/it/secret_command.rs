//! A profile's secret command never holds up the UI loop or a headless command: it is given
//! a timeout, and a command that hangs, fails or prints nothing is named in a clear message.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use stockroom::app::action::Action;
use stockroom::app::effect::{Effect, RequestId};
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::catalog::Connection;
use stockroom::catalog::model::{ListQuery, Platform};
use stockroom::config::SecretSource;
use tempfile::TempDir;

use crate::tmux::binary;

fn hanging_profile() -> ProfileTarget {
    let base_url = "http://127.0.0.1:9/shop";
    ProfileTarget {
        name: "shop".into(),
        store: base_url.into(),
        connection: Connection {
            platform: Platform::Cscart,
            base_url: base_url.into(),
            user: Some("admin@example.com".into()),
            timeout: Duration::from_secs(5),
            read_only: false,
            requests_per_second: None,
        },
        secret: SecretSource {
            command: Some("sleep 30".into()),
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn a_hanging_secret_command_does_not_hold_up_the_loop() {
    let (sender, mut actions) = tokio::sync::mpsc::unbounded_channel();
    let mut runner = Runner::new(vec![hanging_profile()], sender, None)
        .with_secret_timeout(Duration::from_millis(400));
    let started = Instant::now();
    runner.run(Effect::LoadCatalog {
        request: RequestId(1),
        profile: 0,
        query: ListQuery::default(),
        first_page: 1,
    });
    runner.run(Effect::LoadFormFields { profile: 0 });
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "the loop waited {:?} for the secret command",
        started.elapsed()
    );
    let wanted = "the secret command of profile shop did not answer within 400 ms";
    let mut page_failed = false;
    let mut load_finished = false;
    let mut form_failed = false;
    while !(page_failed && load_finished && form_failed) {
        let action = tokio::time::timeout(Duration::from_secs(10), actions.recv())
            .await
            .expect("the runner reported the hung command")
            .unwrap();
        match action {
            Action::PageFailed { request, error, .. } => {
                assert_eq!(request, RequestId(1));
                assert!(error.to_string().contains(wanted), "{error}");
                page_failed = true;
            }
            Action::LoadFinished { failed, .. } => {
                assert!(failed);
                load_finished = true;
            }
            Action::InspectFailed { message } => {
                assert!(message.contains(wanted), "{message}");
                form_failed = true;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(5),
        "{elapsed:?}: the two waited for one opening, given up at the timeout"
    );
}

/// A config with one profile `p` whose secret is `command`, in a private directory.
fn config_with_command(command: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.p]\nplatform = \"cscart\"\nbase_url = \"http://127.0.0.1:9/shop\"\n\
             user = \"admin@example.com\"\nsecret = {{ command = \"{command}\" }}\n"
        ),
    )
    .unwrap();
    (dir, config)
}

fn export_with(command: &str) -> (i32, String, Duration) {
    let (dir, config) = config_with_command(command);
    let started = Instant::now();
    let output = Command::new(binary())
        .arg("--config")
        .arg(&config)
        .args(["--profile", "p", "export", "--format", "csv"])
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn export_gives_up_on_a_hanging_secret_command_after_ten_seconds() {
    let (code, stderr, elapsed) = export_with("sleep 30");
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the secret command of profile p did not answer within 10 s"),
        "{stderr}"
    );
    assert!(
        elapsed >= Duration::from_secs(9) && elapsed < Duration::from_secs(25),
        "{elapsed:?}"
    );
}

#[test]
fn export_names_a_failing_or_silent_secret_command() {
    let (code, stderr, _) = export_with("echo 'vault is sealed' >&2; exit 4");
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the secret command of profile p failed (exit status: 4): vault is sealed"),
        "{stderr}"
    );
    let (code, stderr, _) = export_with("true");
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the secret command of profile p printed nothing"),
        "{stderr}"
    );
}
