//! `stockroom doctor` as a user runs it: a private HOME, a config, and a sandbox to read from.

use std::path::Path;
use std::process::Command;

use crate::tmux::{binary, headless_sandbox};

const WRONG: &str = "wrong-secret-value-4711";

/// Runs `stockroom doctor` with a clean environment of its own; returns the exit code and stdout.
fn doctor(home: &Path, vars: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let mut command = Command::new(binary());
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .envs(vars.iter().copied())
        .args(args)
        .arg("doctor");
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stdout.contains('\x1b'), "colours in a pipe:\n{stdout}");
    (
        output.status.code().unwrap_or(-1),
        format!("{stdout}{stderr}"),
    )
}

fn line<'a>(output: &'a str, start: &str, containing: &str) -> &'a str {
    output
        .lines()
        .find(|l| l.starts_with(start) && l.contains(containing))
        .unwrap_or_else(|| panic!("no `{start}` line with {containing:?} in:\n{output}"))
}

#[test]
fn profiles_secrets_and_reads_against_the_sandbox() {
    let (_sandbox, base_url, key) = headless_sandbox(&["--products", "5"]);
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    let profile = |name: &str, var: &str| {
        format!(
            "[profiles.{name}]\nplatform = \"cscart\"\nbase_url = \"{base_url}\"\n\
             user = \"admin@example.com\"\nsecret = {{ env = \"{var}\" }}\n"
        )
    };
    let text = [
        profile("shop", "STOCKROOM_DOCTOR_KEY"),
        profile("missing", "STOCKROOM_DOCTOR_UNSET"),
        profile("wrong", "STOCKROOM_DOCTOR_WRONG"),
    ]
    .concat();
    std::fs::write(&config, text).unwrap();
    let config_arg = config.display().to_string();
    let vars = [
        ("TERM", "xterm-256color"),
        ("LANG", "C.UTF-8"),
        ("STOCKROOM_DOCTOR_KEY", key.as_str()),
        ("STOCKROOM_DOCTOR_WRONG", WRONG),
    ];

    let (code, out) = doctor(
        home.path(),
        &vars,
        &["--config", &config_arg, "--profile", "shop"],
    );
    assert_eq!(code, 0, "{out}");
    line(&out, "ok ", "TERM is xterm-256color");
    line(&out, "ok ", "LANG=C.UTF-8");
    line(
        &out,
        "ok ",
        "profile shop: secret read from $STOCKROOM_DOCTOR_KEY",
    );
    let read = line(&out, "ok ", "profile shop: read 1 product(s)");
    assert!(read.contains("200 in "), "{read}");
    assert!(!out.contains("profile missing"), "{out}");

    let (code, out) = doctor(home.path(), &vars, &["--config", &config_arg]);
    assert_eq!(code, 1, "{out}");
    let missing = line(&out, "fail", "profile missing: secret");
    assert!(missing.contains("STOCKROOM_DOCTOR_UNSET"), "{missing}");
    line(&out, "fail", "profile wrong: read from");
    line(&out, "ok ", "profile shop: read 1 product(s)");
    assert!(!out.contains(&key), "the key was printed:\n{out}");
    assert!(!out.contains(WRONG), "the wrong key was printed:\n{out}");
}

#[test]
fn a_dumb_terminal_fails_and_a_plain_locale_warns() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("absent.toml").display().to_string();
    let vars = [("TERM", "dumb"), ("LANG", "C")];
    let (code, out) = doctor(home.path(), &vars, &["--config", &config]);
    assert_eq!(code, 1, "{out}");
    line(&out, "fail", "TERM is dumb");
    let locale = line(&out, "warn", "LANG=C is not a UTF-8 locale");
    assert!(locale.contains("LANG=C.UTF-8"), "{locale}");
    let missing = line(&out, "warn", "no config file at");
    assert!(missing.contains("stockroom demo"), "{missing}");
}
