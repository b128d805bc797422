//! The config's checks: the file loads and validates, and each profile's secret and a light read.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use super::Finding;
use crate::catalog::Catalog;
use crate::catalog::model::ListQuery;
use crate::config::{self, ConfigError, Profile, SecretSource};
use crate::secret::{Redactor, Secret};

/// The longest a profile's read may take here, whatever its own timeout.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Checks the config at `explicit` (else the per-user one) and its profiles (or only `only`).
pub async fn checks(explicit: Option<&Path>, only: Option<&str>) -> Vec<Finding> {
    let path = match config::path(explicit) {
        Ok(path) => path,
        Err(e) => {
            return vec![Finding::fail(
                e.to_string(),
                "set HOME, or name a config with --config FILE",
            )];
        }
    };
    let shown = path.display();
    let config = match crate::commands::config::load_for_check(&path) {
        Ok(Some(config)) => config,
        Ok(None) => {
            return vec![Finding::warn(
                format!("no config file at {shown}"),
                format!(
                    "`stockroom demo` tries the UI on simulated stores; to use your store, \
                     create {shown} with a profile (see the README's \"Use it on your store\")"
                ),
            )];
        }
        Err(ConfigError::Invalid { problems, .. }) => {
            return problems
                .iter()
                .map(|p| Finding::fail(format!("config {shown}: {p}"), "correct the field"))
                .collect();
        }
        Err(e) => {
            return vec![Finding::fail(
                e.to_string(),
                format!("correct {shown}; `stockroom config check` checks it again"),
            )];
        }
    };
    let mut findings = vec![Finding::ok(format!(
        "config {shown}: {} profile(s)",
        config.profiles.len()
    ))];
    if let Some(warning) = config::permission_warning(&path, &config) {
        findings.push(Finding::warn(
            warning,
            "or move the secret to { env = \"VAR\" } or { command = \"...\" }",
        ));
    }
    if let Some(name) = only
        && !config.profiles.contains_key(name)
    {
        findings.push(Finding::fail(
            format!("no profile named \"{name}\" in {shown}"),
            "name one of the config's profiles with --profile",
        ));
    }
    for (name, profile) in &config.profiles {
        if only.is_some_and(|only| only != name) {
            continue;
        }
        findings.extend(check_profile(name, profile).await);
    }
    findings
}

/// The profile's secret resolves (never shown) and one product can be listed with it.
async fn check_profile(name: &str, profile: &Profile) -> Vec<Finding> {
    let source = profile.secret.clone().unwrap_or_default();
    let secret = match source.resolve(name, SecretSource::COMMAND_TIMEOUT).await {
        Ok(secret) => secret,
        Err(e) => {
            let fix = match (&source.env, &source.command) {
                (Some(var), _) => format!("export {var} with the store's API key"),
                (None, Some(_)) => "make the secret command print the key and exit 0".to_owned(),
                _ => "give the profile a secret = { env = \"VAR\" } (see the README)".to_owned(),
            };
            return vec![
                Finding::fail(format!("profile {name}: secret: {e}"), fix),
                Finding::warn(
                    format!("profile {name}: read skipped, the secret could not be read"),
                    "fix the secret first",
                ),
            ];
        }
    };
    let from = match (&source.env, &source.command) {
        (Some(var), _) => format!("from ${var}"),
        (None, Some(_)) => "from its command".to_owned(),
        _ => "from the config file".to_owned(),
    };
    vec![
        Finding::ok(format!("profile {name}: secret read {from}")),
        read(name, profile, secret).await,
    ]
}

async fn read(name: &str, profile: &Profile, secret: Secret) -> Finding {
    let redactor = Redactor::new(profile.user.as_deref(), &secret);
    let mut connection = profile.connection();
    connection.timeout = connection.timeout.min(READ_TIMEOUT);
    connection.read_only = true;
    let fix =
        "check the profile's base_url, user and secret; `stockroom config check` checks the file";
    let catalog = match Catalog::connect(&connection, secret, Arc::new(AtomicU64::new(0))) {
        Ok(catalog) => catalog,
        Err(e) => {
            let message = redactor.redact(&e.to_string());
            return Finding::fail(format!("profile {name}: cannot connect: {message}"), fix);
        }
    };
    let query = ListQuery {
        per_page: 1,
        ..Default::default()
    };
    let started = Instant::now();
    let traced = tokio::time::timeout(READ_TIMEOUT, catalog.list(&query)).await;
    let latency = started.elapsed().as_millis();
    let host = &profile.base_url;
    match traced {
        Err(_) => Finding::fail(
            format!(
                "profile {name}: no answer from {host} within {}s",
                READ_TIMEOUT.as_secs()
            ),
            fix,
        ),
        Ok(traced) => {
            let status = traced
                .exchanges
                .iter()
                .rev()
                .find_map(|x| x.status)
                .map_or_else(|| "no status".to_owned(), |s| s.to_string());
            match traced.result {
                Ok(page) => Finding::ok(format!(
                    "profile {name}: read {} product(s) from {host}: {status} in {latency} ms",
                    page.items.len()
                )),
                Err(e) => Finding::fail(
                    format!(
                        "profile {name}: read from {host} failed ({status}, {latency} ms): {}",
                        redactor.redact(&e.to_string())
                    ),
                    fix,
                ),
            }
        }
    }
}
