//! curl commands: exact text for one case, and what a real shell makes of the others.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

use super::*;

fn exchange(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Exchange {
    Exchange {
        profile: None,
        seq: 1,
        started_at: SystemTime::UNIX_EPOCH,
        method: method.to_owned(),
        url: url.to_owned(),
        path: String::new(),
        request_headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        request_body: body.map(|b| Bytes::from(b.to_owned())),
        status: Some(200),
        response_headers: vec![],
        response_body: Bytes::new(),
        latency: Duration::from_millis(5),
        debug_id: None,
        rate_limit: None,
        platform_status: None,
        error: None,
    }
}

fn auth(user: Option<&str>) -> CurlAuth {
    CurlAuth {
        user: user.map(str::to_owned),
        secret_var: "SHOP_KEY".to_owned(),
    }
}

/// The words a shell makes of `command`, with `SHOP_KEY` set, by running it through bash.
fn shell_words(command: &str) -> Option<Vec<String>> {
    let script = format!("curl() {{ printf '%s\\0' \"$@\"; }}; {command}");
    let output = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("SHOP_KEY", "s3cr'et $x")
        .output()
        .ok()?;
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    Some(text.split_terminator('\0').map(str::to_owned).collect())
}

#[test]
fn get_with_basic_auth_is_exact() {
    let ex = exchange(
        "GET",
        "https://shop.example/api/products?items_per_page=2",
        &[
            ("authorization", "Basic [REDACTED]"),
            ("accept", "application/json"),
        ],
        None,
    );
    let command = curl(&ex, &auth(Some("admin@example.com")));
    assert_eq!(
        command,
        "curl -sS -X GET 'https://shop.example/api/products?items_per_page=2' \
         -H 'accept: application/json' -u \"admin@example.com:$SHOP_KEY\""
    );
    if let Some(words) = shell_words(&command) {
        assert_eq!(
            words,
            [
                "-sS",
                "-X",
                "GET",
                "https://shop.example/api/products?items_per_page=2",
                "-H",
                "accept: application/json",
                "-u",
                "admin@example.com:s3cr'et $x",
            ]
        );
    }
}

#[test]
fn put_with_a_single_quote_in_the_body() {
    let body = r#"{"product":"Kid's shoes","note":"[REDACTED]"}"#;
    let ex = exchange(
        "PUT",
        "https://shop.example/api/products/12",
        &[
            ("authorization", "Basic [REDACTED]"),
            ("content-type", "application/json"),
        ],
        Some(body),
    );
    let command = curl(&ex, &auth(Some("a\"b$c`d\\e")));
    assert!(!command.contains(REDACTED), "{command}");
    assert!(
        command.contains(r#"--data-raw '{"product":"Kid'\''s shoes","note":"'"$SHOP_KEY"'"}'"#),
        "{command}"
    );
    if let Some(words) = shell_words(&command) {
        assert_eq!(
            words[words.len() - 1],
            r#"{"product":"Kid's shoes","note":"s3cr'et $x"}"#
        );
        assert_eq!(words[words.len() - 3], "a\"b$c`d\\e:s3cr'et $x");
        assert_eq!(words[words.len() - 5], "content-type: application/json");
    }
}

#[test]
fn a_secret_in_the_query_is_read_from_the_variable() {
    let ex = exchange(
        "GET",
        "https://api.valigara.com/client/V1/?auth=[REDACTED]&action=product_search",
        &[],
        None,
    );
    let command = curl(&ex, &auth(None));
    assert_eq!(
        command,
        "curl -sS -X GET 'https://api.valigara.com/client/V1/?action=product_search' \
         -G --data-urlencode 'auth='\"$SHOP_KEY\""
    );
    if let Some(words) = shell_words(&command) {
        assert_eq!(
            words[3],
            "https://api.valigara.com/client/V1/?action=product_search"
        );
        assert_eq!(words[4..6], ["-G", "--data-urlencode"]);
        assert_eq!(words[6], "auth=s3cr'et $x", "curl encodes the key itself");
    }
}

#[test]
fn other_authorization_schemes_stay_headers_and_odd_names_are_safe() {
    let ex = exchange(
        "POST",
        "[REDACTED]",
        &[
            ("Authorization", "Bearer [REDACTED]"),
            ("x-odd", "it's [REDACTED][REDACTED]"),
        ],
        Some(""),
    );
    let auth = CurlAuth {
        user: Some("me!".to_owned()),
        secret_var: "not a name".to_owned(),
    };
    let command = curl(&ex, &auth);
    assert!(!command.contains(REDACTED), "{command}");
    assert!(command.contains("$STOCKROOM_SECRET"), "{command}");
    let script = format!("STOCKROOM_SECRET=k; curl() {{ printf '%s\\0' \"$@\"; }}; {command}");
    if let Ok(output) = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
    {
        let words: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .split_terminator('\0')
            .map(str::to_owned)
            .collect();
        assert_eq!(
            words,
            [
                "-sS",
                "-X",
                "POST",
                "k",
                "-H",
                "Authorization: Bearer k",
                "-H",
                "x-odd: it's kk",
                "-u",
                "me!:k",
                "--data-raw",
                "",
            ]
        );
    }
}

#[test]
fn quoting_edge_cases() {
    assert_eq!(quote("", "V"), "''");
    assert_eq!(quote(REDACTED, "V"), "\"$V\"");
    assert_eq!(quote("'", "V"), r"''\'''");
    assert_eq!(user_and_secret("x[REDACTED]", "V"), "\"x${V}:$V\"");
    assert!(is_identifier("_A1") && !is_identifier("1A") && !is_identifier(""));
}

#[test]
fn a_form_key_is_url_encoded_by_curl() {
    let ex = exchange(
        "POST",
        "https://api.valigara.com/client/V1/",
        &[("content-type", "application/x-www-form-urlencoded")],
        Some("action=product_search&query=a+b&auth=[REDACTED]"),
    );
    let command = curl(&ex, &auth(None));
    assert!(
        command.ends_with(
            "--data-raw 'action=product_search' --data-raw 'query=a+b' --data-urlencode 'auth='\"$SHOP_KEY\""
        ),
        "{command}"
    );
    if let Some(words) = shell_words(&command) {
        assert_eq!(words[words.len() - 2], "--data-urlencode");
        assert_eq!(words[words.len() - 1], "auth=s3cr'et $x");
    }
}
