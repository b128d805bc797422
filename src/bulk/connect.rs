//! Opening one configured profile's catalog for a command that runs without the UI, and
//! reading all of it page by page, a page that fails for a passing reason tried again.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::catalog::Catalog;
use crate::catalog::error::CatalogError;
use crate::catalog::loader::{LoadEvent, LoadPlan, load_all};
use crate::catalog::model::{ListQuery, Page, ProductSummary};
use crate::config::{self, Profile, SecretSource};

/// How many times one page is asked for before the whole read stops.
pub const PAGE_TRIES: u32 = 3;
/// The pause before a page is asked for again, times the number of tries so far.
const PAGE_PAUSE: Duration = Duration::from_millis(300);

/// A profile chosen from the config, with its catalog open.
#[derive(Debug, Clone)]
pub struct Opened {
    pub name: String,
    pub profile: Profile,
    pub catalog: Catalog,
}

/// `wanted`, else the config's default profile, else its only one: a profile the config has.
pub fn profile_name(
    config: &config::Config,
    config_path: &Path,
    wanted: Option<&str>,
) -> Result<String, String> {
    let known = || {
        config
            .profiles
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = match wanted.map(str::to_owned).or(config.default_profile.clone()) {
        Some(name) => name,
        None if config.profiles.len() == 1 => {
            config.profiles.keys().next().cloned().unwrap_or_default()
        }
        None => {
            return Err(format!(
                "name a profile with --profile (profiles: {})",
                known()
            ));
        }
    };
    if !config.profiles.contains_key(&name) {
        return Err(format!(
            "no profile named \"{name}\" in {} (profiles: {})",
            config_path.display(),
            known()
        ));
    }
    Ok(name)
}

/// The profile named `wanted` (else the config's default, else its only one), connected.
/// Every error is a sentence for the user; the secret never appears in one.
/// A secret command gets `SecretSource::COMMAND_TIMEOUT` to answer.
pub async fn open_profile(config_path: &Path, wanted: Option<&str>) -> Result<Opened, String> {
    let config = config::load_checked(config_path)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no config file at {}", config_path.display()))?;
    if let Some(warning) = config::permission_warning(config_path, &config) {
        crate::commands::output::warn(&format!("warning: {warning}"));
    }
    let name = profile_name(&config, config_path, wanted)?;
    let profile = config
        .profiles
        .get(&name)
        .cloned()
        .ok_or_else(|| format!("no profile named \"{name}\""))?;
    let connection = profile.connection();
    let secret = profile
        .secret
        .clone()
        .unwrap_or_default()
        .resolve(&name, SecretSource::COMMAND_TIMEOUT)
        .await
        .map_err(|e| e.for_profile(&name))?;
    let catalog = Catalog::connect(&connection, secret, Arc::new(AtomicU64::new(0)))
        .map_err(|e| format!("cannot connect profile \"{name}\": {e}"))?;
    crate::catalog::pacer::on_long_hold(|held| {
        crate::commands::output::warn(&hold_notice(held));
    });
    Ok(Opened {
        name,
        profile,
        catalog,
    })
}

/// What a headless command prints on stderr when the store's rate limit holds its requests
/// back longer than `pacer::ANNOUNCED_HOLD`: `waiting 42 s: the store's rate limit`.
pub fn hold_notice(held: std::time::Duration) -> String {
    let seconds = held.as_secs() + u64::from(held.subsec_nanos() > 0);
    format!("waiting {seconds} s: the store's rate limit")
}

/// A progress bar on stderr whenever stderr is a terminal (stdout may be redirected), else
/// one that draws nothing: a pipe or a log never gets one.
pub fn progress_bar(length: Option<u64>, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = match length {
        Some(length) => indicatif::ProgressBar::new(length),
        None => indicatif::ProgressBar::no_length(),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// The longest rate-limit wait a page is asked for again after; a store asking for longer
/// (an hour's Retry-After) ends the read rather than hold a script that long.
pub const LONGEST_PAGE_WAIT: Duration = Duration::from_secs(60);

/// Whether asking again may succeed soon: no answer, a 5xx, an answer cut short, a rate limit
/// that asks for no more than `LONGEST_PAGE_WAIT`.
pub fn passing(error: &CatalogError) -> bool {
    match error {
        CatalogError::RateLimited { retry_after, .. } => {
            retry_after.is_none_or(|wait| wait <= LONGEST_PAGE_WAIT)
        }
        CatalogError::Timeout(_)
        | CatalogError::Connect { .. }
        | CatalogError::Network(_)
        | CatalogError::Server { .. }
        | CatalogError::Malformed { .. } => true,
        _ => false,
    }
}

/// Reads the whole catalog, handing each page to `on_page` (the first pages may come out of
/// order; each page once). When a page fails for a passing reason, it and the pages after it
/// are read again one by one, each asked for up to `PAGE_TRIES` times; any other failure, or
/// a page that fails every try, ends the read with `page N: why`.
pub async fn load_pages(
    catalog: &Catalog,
    mut on_page: impl FnMut(Page<ProductSummary>),
) -> Result<(), String> {
    let mut delivered: BTreeMap<u32, bool> = BTreeMap::new();
    let mut failed: Option<(u32, CatalogError)> = None;
    load_all(catalog, LoadPlan::whole(catalog), |event| match event {
        LoadEvent::Page { page, .. } => {
            delivered.insert(page.page, page.more);
            on_page(page);
        }
        LoadEvent::Failed { page, error, .. } => {
            if failed.as_ref().is_none_or(|(first, _)| page < *first) {
                failed = Some((page, error));
            }
        }
    })
    .await;
    let Some((mut next, error)) = failed else {
        return Ok(());
    };
    if !passing(&error) {
        return Err(format!("page {next}: {error}"));
    }
    let query = ListQuery {
        per_page: catalog.bulk_page_size(),
        ..ListQuery::default()
    };
    loop {
        if let Some(&more) = delivered.get(&next) {
            if !more {
                return Ok(());
            }
            next += 1;
            continue;
        }
        let page = page_with_tries(catalog, &query, next).await?;
        if page.items.is_empty() {
            return Ok(());
        }
        let more = page.more;
        delivered.insert(next, more);
        on_page(page);
        if !more {
            return Ok(());
        }
        next += 1;
    }
}

/// Page `number`, asked for up to `PAGE_TRIES` times while it fails for a passing reason.
async fn page_with_tries(
    catalog: &Catalog,
    query: &ListQuery,
    number: u32,
) -> Result<Page<ProductSummary>, String> {
    let query = ListQuery {
        page: number,
        ..query.clone()
    };
    let mut tries = 0;
    loop {
        tries += 1;
        match catalog.list(&query).await.result {
            Ok(page) => return Ok(page),
            Err(error) if passing(&error) && tries < PAGE_TRIES => {
                tracing::info!(page = number, %error, "asking for the page again");
                tokio::time::sleep(PAGE_PAUSE * tries).await;
            }
            Err(error) => return Err(format!("page {number}: {error}")),
        }
    }
}
