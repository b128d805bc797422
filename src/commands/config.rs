//! `stockroom config path`, `stockroom config check` and `stockroom config keys`.

use std::path::Path;

use super::UserError;
use crate::config::{self, Config, ConfigError, Problem, SecretSource};
use crate::keys::{Bindings, COMMANDS};

pub fn print_path(explicit: Option<&Path>) -> Result<(), UserError> {
    let path = config::path(explicit).map_err(|e| UserError(e.to_string()))?;
    super::say(&path.display().to_string());
    Ok(())
}

/// Validates the file and reports every problem; the profiles' secrets are also resolved,
/// so a missing environment variable or a failing command shows up here, not mid-session.
pub fn check(explicit: Option<&Path>) -> Result<(), UserError> {
    let path = config::path(explicit).map_err(|e| UserError(e.to_string()))?;
    let config = match load_for_check(&path) {
        Ok(Some(config)) => config,
        Ok(None) => {
            return Err(UserError(format!(
                "{} does not exist yet. Add a profile to it (see the README), or try `stockroom demo`.",
                path.display()
            )));
        }
        Err(error) => return Err(UserError(error.to_string())),
    };
    if let Some(warning) = config::permission_warning(&path, &config) {
        super::output::warn(&format!("warning: {warning}"));
    }
    let mut failures = Vec::new();
    for (name, profile) in &config.profiles {
        if let Some(secret) = &profile.secret
            && let Err(e) = secret.resolve_blocking(name, SecretSource::COMMAND_TIMEOUT)
        {
            failures.push(format!("  - profiles.{name}.secret: {e}"));
        }
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

/// The config at `path` with every problem of the file `config check` and `doctor` both name,
/// in file order: the file's own (`config::load_checked`), then themes that do not load.
pub fn load_for_check(path: &Path) -> Result<Option<Config>, ConfigError> {
    let Some(config) = config::load_checked(path)? else {
        return Ok(None);
    };
    let themes = config::themes_dir(path);
    let loads = |theme: &str| crate::theme::load(theme, themes.as_deref(), false);
    let mut problems = Vec::new();
    if let Some(theme) = &config.theme
        && let Err(e) = loads(theme)
    {
        problems.push(Problem {
            field: "theme".to_owned(),
            message: e.to_string(),
        });
    }
    for (name, profile) in &config.profiles {
        if let Some(theme) = &profile.theme
            && let Err(e) = loads(theme)
        {
            problems.push(Problem {
                field: format!("profiles.{name}.theme"),
                message: e.to_string(),
            });
        }
    }
    if problems.is_empty() {
        Ok(Some(config))
    } else {
        Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// Every command of the list and the detail pane with its keys, as the config binds them:
/// `name  keys`, one a line, in the form the `[keys]` table takes.
pub fn print_keys(explicit: Option<&Path>) -> Result<(), UserError> {
    let path = config::path(explicit).map_err(|e| UserError(e.to_string()))?;
    let table = config::load(&path)
        .map_err(|e| UserError(e.to_string()))?
        .map(|config| config.keys)
        .unwrap_or_default();
    let bindings = Bindings::build(&table).map_err(|problems| {
        let listed: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
        UserError(format!(
            "{} has problems:\n{}",
            path.display(),
            listed.join("\n")
        ))
    })?;
    let width = COMMANDS
        .iter()
        .map(|(_, name, _)| name.len())
        .max()
        .unwrap_or(0);
    for (command, name, _) in COMMANDS {
        let keys = bindings.all(command);
        let keys = if keys.is_empty() {
            "(none)".to_owned()
        } else {
            keys
        };
        let rebound = if table.contains_key(name) {
            "  (from the config)"
        } else {
            ""
        };
        super::say(&format!("{name:width$}  {keys}{rebound}"));
    }
    Ok(())
}
