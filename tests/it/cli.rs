//! The command line: config path and check, clear failures, and the headless sandbox.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::tmux::binary;

fn write_config(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn stockroom(args: &[&str], config: &std::path::Path) -> std::process::Output {
    Command::new(binary())
        .arg("--config")
        .arg(config)
        .args(args)
        .env_remove("STOCKROOM_CONFIG")
        .env("XDG_STATE_HOME", config.parent().unwrap())
        .output()
        .unwrap()
}

#[test]
fn config_path_honours_the_flag_and_the_environment() {
    let output = Command::new(binary())
        .args(["config", "path"])
        .env("STOCKROOM_CONFIG", "/tmp/elsewhere.toml")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "/tmp/elsewhere.toml"
    );
    let output = Command::new(binary())
        .args(["config", "path"])
        .env_remove("STOCKROOM_CONFIG")
        .env("HOME", "/home/someone")
        .env("XDG_CONFIG_HOME", "/home/someone/.config")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "/home/someone/.config/stockroom/config.toml"
    );
}

#[test]
fn a_broken_config_names_the_file_and_every_bad_field_without_a_backtrace() {
    let (_dir, path) = write_config(
        "default_profile = \"shop\"\n[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"ftp://x\"\n",
    );
    for args in [&[][..], &["config", "check"][..]] {
        let output = stockroom(args, &path);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("config.toml"), "{stderr}");
        assert!(stderr.contains("profiles.shop.base_url"), "{stderr}");
        assert!(stderr.contains("profiles.shop.user"), "{stderr}");
        assert!(stderr.contains("profiles.shop.secret"), "{stderr}");
        assert!(
            !stderr.contains("Backtrace") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}

#[test]
fn a_toml_error_names_the_line_and_key() {
    let (_dir, path) =
        write_config("[profiles.shop]\nplatform = \"shopify\"\nbase_url = \"https://x\"\n");
    let output = stockroom(&["config", "check"], &path);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(stderr.contains("shopify"), "{stderr}");
}

#[test]
fn check_resolves_secrets_and_warns_about_readable_inline_ones() {
    let (_dir, path) = write_config(
        "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"https://shop.example.com\"\n\
         user = \"admin@example.com\"\nsecret = { env = \"STOCKROOM_TEST_UNSET_VAR\" }\n\
         [profiles.local]\nplatform = \"cscart\"\nbase_url = \"http://127.0.0.1:9\"\n\
         user = \"admin@example.com\"\nsecret = { value = \"inline-secret-value\" }\n",
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = stockroom(&["config", "check"], &path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "profiles.shop.secret: environment variable STOCKROOM_TEST_UNSET_VAR is not set"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("readable by other users") && stderr.contains("chmod 600"),
        "{stderr}"
    );
    assert!(!stderr.contains("inline-secret-value"), "{stderr}");

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = Command::new(binary())
        .args(["--config"])
        .arg(&path)
        .args(["config", "check"])
        .env("STOCKROOM_TEST_UNSET_VAR", "now-set")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("OK, 2 profile(s)"), "{stdout}");
}

#[test]
fn plain_http_to_a_remote_host_needs_an_explicit_opt_in() {
    let (_dir, path) = write_config(
        "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"http://shop.example.com\"\n\
         user = \"a@b.c\"\nsecret = { command = \"echo k\" }\n",
    );
    let stderr =
        String::from_utf8_lossy(&stockroom(&["config", "check"], &path).stderr).into_owned();
    assert!(
        stderr.contains("profiles.shop.base_url: plain http://"),
        "{stderr}"
    );
}

#[test]
fn the_headless_sandbox_prints_how_to_reach_each_platform() {
    let mut child = Command::new(binary())
        .args(["sandbox", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().unwrap().unwrap();
    let rest: Vec<String> = lines
        .map_while(Result::ok)
        .take_while(|line| !line.starts_with("Serving on"))
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    let names: Vec<&str> = rest
        .iter()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        ["valigara", "b2bwave", "ugal", "ugal-vat"],
        "{rest:?}"
    );
    assert!(
        rest[3].contains("/ugal-vat  user=website  key="),
        "{rest:?}"
    );
    let fields: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(fields[0], "cscart", "{first}");
    assert!(
        fields[1].starts_with("http://127.0.0.1:") && fields[1].ends_with("/cscart"),
        "{first}"
    );
    assert_eq!(fields[2], "user=admin@example.com", "{first}");
    assert!(
        fields[3].starts_with("key=") && fields[3].len() > 10,
        "{first}"
    );
}

#[test]
fn check_reports_every_key_conflict_and_bad_key_and_the_ui_refuses_them_too() {
    let (_dir, path) = write_config(
        "[keys]\nquit = \"e\"\nhelp = [\"ctrl-\", \"f2\"]\nnext_profile = \"ctrl-c\"\nfly = \"z\"\n\
         [profiles.local]\nplatform = \"valigara\"\nbase_url = \"http://127.0.0.1:9\"\n\
         secret = { env = \"HOME\" }\n",
    );
    for args in [&["config", "check"][..], &[][..], &["demo"][..]] {
        let output = stockroom(args, &path);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("keys.quit: `e` is also the key of edit"),
            "{stderr}"
        );
        assert!(
            stderr.contains("keys.help: `ctrl-` is not a key"),
            "{stderr}"
        );
        assert!(
            stderr.contains("keys.next_profile: `ctrl-c` cannot be rebound"),
            "{stderr}"
        );
        assert!(stderr.contains("keys.fly: no such command"), "{stderr}");
    }
    let (_dir, path) = write_config(
        "[keys]\nquit = \"e\"\nedit = \"ctrl-e\"\n\
         [profiles.local]\nplatform = \"valigara\"\nbase_url = \"http://127.0.0.1:9\"\n\
         secret = { env = \"HOME\" }\n",
    );
    let output = stockroom(&["config", "check"], &path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(stdout.contains("OK"), "{stdout}");
}

#[test]
fn config_keys_prints_every_command_with_its_keys_in_a_form_the_config_takes() {
    let (_dir, path) = write_config("[keys]\nquit = \"ctrl-q\"\ndelete = []\nlast = \"ctrl-G\"\n");
    let output = stockroom(&["config", "keys"], &path);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = |name: &str| {
        stdout
            .lines()
            .find(|line| line.split_whitespace().next() == Some(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        stdout.lines().count(),
        stockroom::keys::COMMANDS.len(),
        "{stdout}"
    );
    assert!(
        line("quit").contains("Ctrl-q  (from the config)"),
        "{stdout}"
    );
    assert!(line("delete").contains("(none)"), "{stdout}");
    assert!(
        line("last").contains("Ctrl-g"),
        "ctrl-G is ctrl-g: {stdout}"
    );
    assert!(line("page_down").contains("] PgDn Ctrl-f"), "{stdout}");

    // What it prints can be pasted back into the table.
    let table: String = stdout
        .lines()
        .filter(|line| !line.contains("(none)"))
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().unwrap_or_default();
            let keys: Vec<String> = words
                .take_while(|w| !w.starts_with('('))
                .map(|w| format!("{w:?}"))
                .collect();
            format!("{name} = [{}]\n", keys.join(", "))
        })
        .collect();
    let (_dir, path) = write_config(&format!("[keys]\n{table}"));
    let again = stockroom(&["config", "keys"], &path);
    let again = String::from_utf8_lossy(&again.stdout);
    let strip = |text: &str| text.replace("  (from the config)", "");
    assert_eq!(
        strip(&again)
            .lines()
            .filter(|l| !l.contains("delete"))
            .collect::<Vec<_>>(),
        strip(&stdout)
            .lines()
            .filter(|l| !l.contains("delete"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn extreme_timeouts_and_rates_are_refused_naming_the_range() {
    let (_dir, path) = write_config(
        "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"https://shop.example.com\"\n\
         user = \"a@b.c\"\nsecret = { command = \"echo k\" }\n\
         timeout_secs = 18446744073709551615\nrequests_per_second = 1e-300\n",
    );
    let output = stockroom(&["config", "check"], &path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("profiles.shop.timeout_secs: must be from 1 to 600 seconds"),
        "{stderr}"
    );
    assert!(
        stderr.contains("profiles.shop.requests_per_second")
            && stderr.contains("from 0.01 to 1000"),
        "{stderr}"
    );
}

#[test]
fn config_check_shows_escapes_in_names_and_command_errors_as_text() {
    let (_dir, path) = write_config(
        "[profiles.\"shop\\u001b]0;pwned\\u0007\"]\nplatform = \"cscart\"\n\
         base_url = \"https://shop.example.com\"\nuser = \"a@b.c\"\n\
         secret = { command = \"printf 'no\\\\033[2J\\\\r key' >&2; exit 3\" }\n\
         timeout_secs = 0\n",
    );
    let output = stockroom(&["config", "check"], &path);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert_eq!(crate::hostile_store::raw_escape(&text), None, "{text:?}");
    assert!(text.contains("shop\\u{1b}]0;pwned\\u{7}"), "{text}");
}

#[test]
fn stock_apply_echoes_a_hostile_sku_from_the_file_escaped() {
    let (_sandbox, url, user, key) = crate::tmux::sandbox_endpoint(&["--products", "5"], "cscart ");
    let (dir, path) = write_config(&format!(
        "[profiles.p]\nplatform = \"cscart\"\nbase_url = \"{url}\"\nuser = \"{user}\"\n\
         secret = {{ value = \"{key}\" }}\n"
    ));
    let file = dir.path().join("stock.csv");
    std::fs::write(&file, "sku,stock\nA\u{1b}]0;pwned\u{7}\r\u{202e},4\n").unwrap();
    let output = Command::new(binary())
        .arg("--config")
        .arg(&path)
        .args(["stock", "apply", "--dry-run"])
        .arg(&file)
        .env("HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(crate::hostile_store::raw_escape(&text), None, "{text:?}");
    assert!(text.contains("A\\u{1b}]0;pwned\\u{7}"), "{text}");
}

#[test]
fn the_state_directory_and_log_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = write_config(
        "[profiles.shop]\nplatform = \"cscart\"\nbase_url = \"https://shop.example.com\"\n\
         user = \"a@b.c\"\nsecret = { command = \"echo k\" }\n",
    );
    let state = dir.path().join("stockroom");
    std::fs::create_dir(&state).unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = stockroom(&["config", "check"], &path);
    assert!(output.status.success(), "{output:?}");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(&state.join("stockroom.log")), 0o600);
}
