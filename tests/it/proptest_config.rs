//! Config and journal loading as properties (no file panics them), and the config's security checks.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use stockroom::basket::Item;
use stockroom::config::{self, ConfigError};
use stockroom::journal::{Journal, JournalError};
use toml::{Table, Value};
use url::Url;

use crate::tmux::{Tmux, binary, headless_sandbox};

const CASES: u32 = 256;

const PROFILE_KEYS: &[&str] = &[
    "platform",
    "base_url",
    "user",
    "secret",
    "read_only",
    "production",
    "theme",
    "allow_insecure_http",
    "timeout_secs",
    "requests_per_second",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "cscart",
            "valigara",
            "b2bwave",
            "ugal",
            "shopify",
            "",
            "https://shop.example.com",
            "http://shop.example.com",
            "http://127.0.0.1:9",
            "http://[::1]:9",
            "http://localhost",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example",
            "http://0x7f.1",
            "ftp://x",
            "https://",
            "http://[::ffff:127.0.0.1]",
            "https://user:pass@shop.example.com",
            "dark",
            "STOCKROOM_UNSET_VAR",
        ])
        .prop_map(str::to_owned),
    ]
}

fn toml_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        text().prop_map(Value::String),
        any::<i64>().prop_map(Value::Integer),
        prop::sample::select(vec![i64::MIN, -1, 0, 1, i64::MAX]).prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Float),
        prop::sample::select(vec![f64::NAN, f64::INFINITY, -0.0, 1e308, 5e-324])
            .prop_map(Value::Float),
        any::<bool>().prop_map(Value::Boolean),
    ]
}

fn toml_value() -> impl Strategy<Value = Value> {
    toml_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["env", "command", "value", "other"]),
                    inner
                ),
                0..4
            )
            .prop_map(|pairs| Value::Table(
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

/// A profile with the right keys, any of them missing or holding the wrong kind of value.
fn profile() -> impl Strategy<Value = Value> {
    prop::collection::vec(prop::option::of(toml_value()), PROFILE_KEYS.len()).prop_map(|values| {
        Value::Table(
            PROFILE_KEYS
                .iter()
                .zip(values)
                .filter_map(|(key, value)| Some(((*key).to_owned(), value?)))
                .collect(),
        )
    })
}

fn config_text() -> impl Strategy<Value = Vec<u8>> {
    let document = (
        prop::option::of(toml_leaf()),
        prop::option::of(toml_leaf()),
        prop::collection::vec(("[a-z]{1,6}", profile()), 0..3),
    )
        .prop_map(|(default, theme, profiles)| {
            let mut table = Table::new();
            if let Some(default) = default {
                table.insert("default_profile".into(), default);
            }
            if let Some(theme) = theme {
                table.insert("theme".into(), theme);
            }
            table.insert(
                "profiles".into(),
                Value::Table(profiles.into_iter().collect()),
            );
            toml::to_string(&table).unwrap_or_default().into_bytes()
        });
    (
        document,
        any::<prop::sample::Index>(),
        0..4u8,
        any::<Vec<u8>>(),
    )
        .prop_map(|(doc, at, how, noise)| {
            let cut = if doc.is_empty() {
                0
            } else {
                at.index(doc.len())
            };
            match how {
                0 | 1 => doc,
                2 => doc[..cut].to_vec(),
                _ => [&doc[..cut], &[0xff, 0xc3][..], &noise, &doc[cut..]].concat(),
            }
        })
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn load_from(dir: &Path, bytes: &[u8]) -> Result<Option<config::Config>, ConfigError> {
    let path = dir.join("config.toml");
    std::fs::write(&path, bytes).unwrap();
    config::load_checked(&path)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn any_bytes_load_or_name_the_file(bytes in any::<Vec<u8>>()) {
        let dir = tempfile::tempdir().unwrap();
        if let Err(error) = load_from(dir.path(), &bytes) {
            prop_assert!(error.to_string().contains("config.toml"), "{error}");
        }
    }

    #[test]
    fn a_config_that_loads_is_one_that_may_be_used(bytes in config_text()) {
        let dir = tempfile::tempdir().unwrap();
        match load_from(dir.path(), &bytes) {
            Ok(Some(config)) => {
                let path = dir.path().join("config.toml");
                let _ = config::permission_warning(&path, &config);
                for profile in config.profiles.values() {
                    let url = Url::parse(profile.base_url.trim()).unwrap();
                    prop_assert!(matches!(url.scheme(), "http" | "https"));
                    prop_assert!(
                        url.scheme() == "https" || is_loopback(&url) || profile.allow_insecure_http,
                        "{url} accepted"
                    );
                    let secret = profile.secret.as_ref().unwrap();
                    prop_assert!(secret.check_shape().is_ok());
                    prop_assert!(profile.timeout_secs != Some(0));
                    prop_assert!(profile.requests_per_second.is_none_or(|r| r.is_finite() && r > 0.0));
                }
                if let Some(name) = &config.default_profile {
                    prop_assert!(config.profiles.contains_key(name));
                }
            }
            Ok(None) => prop_assert!(false, "the file was written"),
            Err(error) => prop_assert!(error.to_string().contains("config.toml"), "{error}"),
        }
    }

    #[test]
    fn a_journal_file_of_any_bytes_is_an_error_and_stays(
        bytes in prop_oneof![
            any::<Vec<u8>>(),
            (any::<i64>(), "[a-z]{0,5}", any::<Vec<u8>>()).prop_map(|(version, profile, tail)| {
                let mut text = format!(
                    "{{\"version\":{version},\"profile\":\"{profile}\",\"base_url\":\"x\",\"saved_at\":1,\"entries\":"
                ).into_bytes();
                text.extend(tail);
                text
            }),
        ],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::for_profile(dir.path(), "shop");
        std::fs::write(journal.path(), &bytes).unwrap();
        match journal.load_entries::<Vec<Item>>() {
            Ok(Some(envelope)) => prop_assert!(envelope.version <= stockroom::journal::FORMAT_VERSION),
            Ok(None) => prop_assert!(false, "the file exists"),
            Err(error) => {
                prop_assert!(matches!(error, JournalError::Corrupt { .. }), "{error}");
                prop_assert_eq!(std::fs::read(journal.path()).unwrap(), bytes);
            }
        }
    }
}

fn write_config(text: &str, mode: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    (dir, path)
}

fn check(path: &Path) -> std::process::Output {
    Command::new(binary())
        .arg("--config")
        .arg(path)
        .args(["config", "check"])
        .env_remove("STOCKROOM_CONFIG")
        .env("XDG_STATE_HOME", path.parent().unwrap())
        .output()
        .unwrap()
}

const INLINE: &str = "[profiles.local]\nplatform = \"cscart\"\nbase_url = \"http://127.0.0.1:9\"\n\
     user = \"admin@example.com\"\nsecret = { value = \"inline-test-value\" }\n";

#[test]
fn an_inline_secret_in_a_file_open_to_the_group_or_others_is_warned_about() {
    for mode in [0o640, 0o604, 0o620, 0o644, 0o660] {
        let (_dir, path) = write_config(INLINE, mode);
        let output = check(&path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{mode:o}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "warning: run chmod 600 {}: it holds an inline secret (profiles: local)",
                path.display()
            )),
            "{mode:o}: {stderr}"
        );
        assert!(!stderr.contains("inline-test-value"), "{stderr}");
    }
    for (text, mode) in [
        (INLINE, 0o600),
        (INLINE, 0o400),
        (
            &INLINE.replace("value = \"inline-test-value\"", "command = \"echo k\"")[..],
            0o644,
        ),
    ] {
        let (_dir, path) = write_config(text, mode);
        let output = check(&path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{mode:o}: {stderr}");
        assert!(!stderr.contains("warning"), "{mode:o}: {stderr}");
    }
}

#[test]
fn the_ui_shows_the_permission_warning_once_in_the_message_line() {
    let (_sandbox, base_url, key) = headless_sandbox(&[]);
    let text = format!(
        "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\n\
         user = \"admin@example.com\"\nsecret = {{ value = \"{key}\" }}\n"
    );
    let (dir, path) = write_config(&text, 0o644);
    let command = format!("{} --config {}", binary().display(), path.display());
    let tmux = Tmux::start_in("permission", dir.path(), 200, 30, &command);
    let screen = tmux.wait_for("the warning", |s| {
        s.contains("warning: run chmod 600") && s.contains("page 1/")
    });
    let line = screen
        .lines()
        .find(|line| line.contains("warning: run chmod 600"))
        .unwrap();
    assert!(
        line.contains(&format!("chmod 600 {}", path.display())),
        "{line}"
    );
    assert!(!screen.contains(&key), "{screen}");
    tmux.send(&["j"]);
    tmux.wait_for("the warning gone after a key", |s| !s.contains("chmod 600"));
    tmux.send(&["q"]);
    assert_eq!(tmux.wait_exit(), "EXIT=0");
}

fn profile_at(base_url: &str, opt_in: bool) -> String {
    format!(
        "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\nuser = \"a@b.c\"\n\
         secret = {{ command = \"echo k\" }}\nallow_insecure_http = {opt_in}\n"
    )
}

#[test]
fn plain_http_is_refused_for_a_remote_host_by_the_check_and_the_ui() {
    let (_dir, path) = write_config(&profile_at("http://shop.example.com", false), 0o600);
    let message = "profiles.shop.base_url: plain http:// is only allowed for loopback; \
                   use https:// or set allow_insecure_http = true";
    let ui = Command::new(binary())
        .arg("--config")
        .arg(&path)
        .env_remove("STOCKROOM_CONFIG")
        .env("XDG_STATE_HOME", path.parent().unwrap())
        .output()
        .unwrap();
    for output in [check(&path), ui] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(stderr.contains("config.toml"), "{stderr}");
    }
}

#[test]
fn plain_http_is_accepted_with_the_opt_in_or_on_loopback() {
    for (url, opt_in) in [
        ("http://shop.example.com", true),
        ("http://127.0.0.1:8080", false),
        ("http://127.0.0.1", false),
        ("http://[::1]:8080", false),
        ("http://[::1]", false),
        ("http://localhost:8080", false),
        ("https://shop.example.com", false),
    ] {
        let (_dir, path) = write_config(&profile_at(url, opt_in), 0o600);
        let output = check(&path);
        assert!(
            output.status.success(),
            "{url}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for url in [
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example",
        "http://[::ffff:10.0.0.1]",
        "http://10.0.0.1",
    ] {
        let (_dir, path) = write_config(&profile_at(url, false), 0o600);
        let output = check(&path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{url}: {stderr}");
        assert!(stderr.contains("plain http://"), "{url}: {stderr}");
    }
}

/// A word of a `[keys]` table: key names, modifiers, and any text at all.
fn key_word() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(ctrl-|alt-|shift-|cmd-){0,3}(.|[a-zA-Z]|pgdn|pagedown|f[0-9]{1,2}|space|backtab|-{1,3}|esc)",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Whatever a `[keys]` table holds, building the bindings answers (never panics), and
    /// what it accepts reads back from how the help shows it.
    #[test]
    fn any_keys_table_builds_or_names_its_problems(
        entries in prop::collection::btree_map(
            prop_oneof![
                prop::sample::select(
                    stockroom::keys::COMMANDS.iter().map(|(_, name, _)| name.to_string()).collect::<Vec<_>>()
                ),
                any::<String>(),
            ],
            prop::collection::vec(key_word(), 0..4),
            0..6,
        )
    ) {
        use stockroom::keys::{Bindings, Key, KeyList};
        let table = entries
            .into_iter()
            .map(|(name, keys)| (name, KeyList::Many(keys)))
            .collect();
        match Bindings::build(&table) {
            Ok(bindings) => {
                for (command, _, _) in stockroom::keys::COMMANDS {
                    for key in bindings.keys(command) {
                        prop_assert_eq!(Key::parse(&key.to_string()), Ok(*key));
                    }
                }
            }
            Err(problems) => {
                for problem in problems {
                    prop_assert!(problem.field.starts_with("keys."), "{:?}", problem);
                    prop_assert!(!problem.message.is_empty());
                }
            }
        }
    }
}
