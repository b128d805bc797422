//! An exchange's request as a curl command to paste into a shell, the secret read from a variable.

use crate::catalog::exchange::Exchange;
use crate::secret::REDACTED;

/// Who the profile logs in as, and the environment variable that holds its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurlAuth {
    pub user: Option<String>,
    pub secret_var: String,
}

/// Used when the configured variable name is not a shell identifier.
pub const FALLBACK_SECRET_VAR: &str = "STOCKROOM_SECRET";

/// `curl -sS -X METHOD 'URL' -H '…' -u "user:$VAR" --data-raw '…'` on one line.
///
/// A Basic `Authorization` header becomes `-u` (with `user`, or an empty user when none is known);
/// any other `Authorization` header is kept. Every `[REDACTED]` becomes `"$VAR"`, so the command
/// never holds the secret and never the placeholder.
pub fn curl(exchange: &Exchange, auth: &CurlAuth) -> String {
    let var = if is_identifier(&auth.secret_var) {
        auth.secret_var.as_str()
    } else {
        FALLBACK_SECRET_VAR
    };
    let method = if exchange.method.bytes().all(|b| b.is_ascii_alphabetic()) {
        exchange.method.clone()
    } else {
        quote(&exchange.method, var)
    };
    let (url, query_secret) = match exchange.request_body {
        None => split_query_secret(&exchange.url),
        Some(_) => (exchange.url.clone(), None),
    };
    let mut parts = vec!["curl -sS -X".to_owned(), method, quote(&url, var)];
    if let Some(name) = query_secret {
        parts.push("-G --data-urlencode".to_owned());
        parts.push(quote(&format!("{name}={REDACTED}"), var));
    }
    let mut basic = auth.user.is_some();
    for (name, value) in &exchange.request_headers {
        if name.eq_ignore_ascii_case("authorization") {
            let scheme = value.split_whitespace().next().unwrap_or_default();
            if scheme.eq_ignore_ascii_case("basic") {
                basic = true;
                continue;
            }
        }
        parts.push("-H".to_owned());
        parts.push(quote(&format!("{name}: {value}"), var));
    }
    if basic {
        parts.push("-u".to_owned());
        parts.push(user_and_secret(
            auth.user.as_deref().unwrap_or_default(),
            var,
        ));
    }
    if let Some(body) = &exchange.request_body {
        let body = String::from_utf8_lossy(body);
        if is_form(exchange) && body.contains(REDACTED) {
            form_parts(&body, var, &mut parts);
        } else {
            parts.push("--data-raw".to_owned());
            parts.push(quote(&body, var));
        }
    }
    parts.join(" ")
}

/// The URL without its query's secret pair (`auth=[REDACTED]`), and that pair's name: curl's
/// `-G --data-urlencode` puts it back encoded, so a key holding `+`, `&` or `%` still works.
fn split_query_secret(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let (fragment_free, fragment) = match query.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query, None),
    };
    let mut secret = None;
    let kept: Vec<&str> = fragment_free
        .split('&')
        .filter(|pair| match pair.split_once('=') {
            Some((name, REDACTED)) if secret.is_none() && !name.contains(REDACTED) => {
                secret = Some(name.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    if secret.is_none() || fragment.is_some() {
        return (url.to_owned(), None);
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, secret)
}

fn is_form(exchange: &Exchange) -> bool {
    exchange.request_headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("content-type")
            && value.starts_with("application/x-www-form-urlencoded")
    })
}

/// A form body pair by pair, curl joining them with `&`: the secret's pair as `--data-urlencode`,
/// so a key holding `+`, `&` or `%` is sent as the store expects it, the others as they were.
fn form_parts(body: &str, var: &str, parts: &mut Vec<String>) {
    for pair in body.split('&') {
        match pair.split_once('=') {
            Some((name, REDACTED)) if !name.contains(REDACTED) => {
                parts.push("--data-urlencode".to_owned());
                parts.push(quote(&format!("{name}={REDACTED}"), var));
            }
            _ => {
                parts.push("--data-raw".to_owned());
                parts.push(quote(pair, var));
            }
        }
    }
}

/// Single-quoted shell text in which each `[REDACTED]` is replaced by `"$var"`.
fn quote(text: &str, var: &str) -> String {
    let mut out = String::new();
    for (i, piece) in text.split(REDACTED).enumerate() {
        if i > 0 {
            out.push_str(&format!("\"${var}\""));
        }
        if !piece.is_empty() {
            out.push('\'');
            out.push_str(&piece.replace('\'', r"'\''"));
            out.push('\'');
        }
    }
    if out.is_empty() {
        out.push_str("''");
    }
    out
}

/// `"user:$VAR"`, the user escaped for double quotes; a user with `!` or a line break (which
/// double quotes don't protect in an interactive shell) is single-quoted instead.
fn user_and_secret(user: &str, var: &str) -> String {
    if user.contains(['!', '\n', '\r']) {
        return format!("{}\"${var}\"", quote(&format!("{user}:"), var));
    }
    let mut out = String::from("\"");
    for c in user.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str(&format!(":${var}\""));
    out.replace(REDACTED, &format!("${{{var}}}"))
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
