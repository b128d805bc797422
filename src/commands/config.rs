//! `stockroom config path` and `stockroom config check`.

use std::path::Path;

use super::UserError;
use crate::config::{self, ConfigError};

pub fn print_path(explicit: Option<&Path>) -> Result<(), UserError> {
    let path = config::path(explicit).map_err(|e| UserError(e.to_string()))?;
    super::say(&path.display().to_string());
    Ok(())
}

/// Validates the file and reports every problem; the profiles' secrets are also resolved,
/// so a missing environment variable or a failing command shows up here, not mid-session.
pub fn check(explicit: Option<&Path>) -> Result<(), UserError> {
    let path = config::path(explicit).map_err(|e| UserError(e.to_string()))?;
    let config = match config::load_checked(&path) {
        Ok(Some(config)) => config,
        Ok(None) => {
            return Err(UserError(format!(
                "{} does not exist yet. Add a profile to it (see the README), or try `stockroom demo`.",
                path.display()
            )));
        }
        Err(
            error @ (ConfigError::Parse { .. }
            | ConfigError::Invalid { .. }
            | ConfigError::Read { .. }),
        ) => {
            return Err(UserError(error.to_string()));
        }
        Err(error) => return Err(UserError(error.to_string())),
    };
    if let Some(warning) = config::permission_warning(&path, &config) {
        eprintln!("warning: {warning}");
    }
    let mut failures = Vec::new();
    for (name, profile) in &config.profiles {
        if let Some(secret) = &profile.secret
            && let Err(e) = secret.resolve()
        {
            failures.push(format!("  - profiles.{name}.secret: {e}"));
        }
        if let Some(theme) = &profile.theme
            && let Err(e) = crate::theme::load(theme, config::themes_dir(&path).as_deref(), false)
        {
            failures.push(format!("  - profiles.{name}.theme: {e}"));
        }
    }
    if let Some(theme) = &config.theme
        && let Err(e) = crate::theme::load(theme, config::themes_dir(&path).as_deref(), false)
    {
        failures.push(format!("  - theme: {e}"));
    }
    if !failures.is_empty() {
        return Err(UserError(format!(
            "{} has problems:\n{}",
            path.display(),
            failures.join("\n")
        )));
    }
    super::say(&format!(
        "{}: OK, {} profile(s){}",
        path.display(),
        config.profiles.len(),
        config
            .default_profile
            .as_deref()
            .map(|name| format!(", default {name}"))
            .unwrap_or_default()
    ));
    Ok(())
}
