//! `config check` and `doctor` on the same broken file: every problem named at once, in file
//! order, type errors included, and both name the same ones; flags a command ignores are refused.

use std::process::{Command, Output};

use crate::tmux::binary;

fn run(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env_remove("STOCKROOM_CONFIG")
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .unwrap()
}

/// The field each problem line names: `  - FIELD: …` (config check) or `fail  config PATH:
/// FIELD: …` (doctor).
fn fields(text: &str, marker: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split_once(marker))
        .filter_map(|(_, rest)| rest.split(':').next().map(str::to_owned))
        .collect()
}

#[test]
fn config_check_names_every_problem_in_file_order_and_doctor_agrees() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.toml");
    std::fs::write(
        &path,
        "mouse = \"yes\"\n\
         [profiles.zeta]\nplatform = \"cscart\"\nbase_url = \"https://z.example\"\n\
         user = \"a@b.c\"\nsecret = { env = \"K\" }\ntimeout_secs = \"ten\"\naccent = \"shiny\"\n\
         [profiles.alpha]\nplatform = \"shopify\"\nbase_url = \"nope\"\ncolour = \"red\"\n\
         [profiles.mid]\nplatform = \"ugal\"\nbase_url = \"ftp://m\"\nsecret = { env = \"K\" }\n",
    )
    .unwrap();
    let config = path.to_string_lossy().into_owned();
    let expected = [
        "mouse",
        "profiles.zeta.timeout_secs",
        "profiles.zeta.accent",
        "profiles.alpha.platform",
        "profiles.alpha.colour",
        "profiles.mid.base_url",
        "profiles.mid.user",
    ];

    let check = run(home.path(), &["config", "check", "--config", &config]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(2), "{stderr}");
    assert_eq!(fields(&stderr, "  - "), expected, "{stderr}");
    assert!(
        stderr.contains("line 7"),
        "the type error names its line: {stderr}"
    );

    let doctor = run(home.path(), &["doctor", "--config", &config]);
    let stdout = String::from_utf8_lossy(&doctor.stdout);
    assert_eq!(doctor.status.code(), Some(1), "{stdout}");
    assert_eq!(
        fields(&stdout, &format!("config {config}: ")),
        expected,
        "{stdout}"
    );
}

#[test]
fn a_theme_that_does_not_load_fails_both_config_check_and_doctor() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.toml");
    std::fs::write(&path, "theme = \"no-such-theme\"\n").unwrap();
    let config = path.to_string_lossy().into_owned();
    let check = run(home.path(), &["--config", &config, "config", "check"]);
    assert_eq!(check.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&check.stderr).contains("  - theme: "));
    let doctor = run(home.path(), &["--config", &config, "doctor"]);
    assert_eq!(doctor.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        stdout.contains(&format!("config {config}: theme: ")),
        "{stdout}"
    );
}

#[test]
fn subcommands_refuse_the_flags_they_ignore() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["sandbox", "--profile", "p"][..],
        &["sandbox", "--theme", "dark"][..],
        &["--profile", "p", "sandbox"][..],
        &["--theme", "dark", "sandbox"][..],
        &["--theme", "dark", "stock", "apply", "f.csv"][..],
        &["stock", "apply", "--theme", "dark", "f.csv"][..],
        &["--profile", "p", "config", "path"][..],
    ] {
        let output = run(home.path(), args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("does not use --") || stderr.contains("unexpected argument"),
            "{args:?}: {stderr}"
        );
    }
    let help = run(home.path(), &["sandbox", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        !help.contains("--profile") && !help.contains("--theme") && !help.contains("--config"),
        "{help}"
    );
    let help = run(home.path(), &["stock", "apply", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--profile") && !help.contains("--theme"),
        "{help}"
    );
    let path = run(
        home.path(),
        &["config", "path", "--config", "/tmp/given.toml"],
    );
    assert_eq!(
        String::from_utf8_lossy(&path.stdout).trim(),
        "/tmp/given.toml"
    );
}
