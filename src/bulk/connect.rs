//! Opening one configured profile's catalog for a command that runs without the UI.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::catalog::Catalog;
use crate::config::{self, Profile, SecretSource};

/// A profile chosen from the config, with its catalog open.
#[derive(Debug, Clone)]
pub struct Opened {
    pub name: String,
    pub profile: Profile,
    pub catalog: Catalog,
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
    let profile = config.profiles.get(&name).cloned().ok_or_else(|| {
        format!(
            "no profile named \"{name}\" in {} (profiles: {})",
            config_path.display(),
            known()
        )
    })?;
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
    Ok(Opened {
        name,
        profile,
        catalog,
    })
}

/// A progress bar on stderr when it is a terminal, else one that draws nothing.
pub fn progress_bar(length: Option<u64>, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || !std::io::stdout().is_terminal() {
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
