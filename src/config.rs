//! The config file: profiles with their credentials, the default profile, the theme and the keys.

mod check;
mod secret_source;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::model::Platform;

pub use check::check_text;
pub use secret_source::{SecretError, SecretSource};
pub use validate::{Problem, accent_colour, permission_warning, validate};

pub const APP_NAME: &str = "stockroom";
const CONFIG_NAME: &str = "config";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub default_profile: Option<String>,
    pub theme: Option<String>,
    /// Keys for the list's commands (`quit = "ctrl-q"`, `down = ["j", "down"]`), replacing
    /// the named commands' defaults.
    pub keys: BTreeMap<String, crate::keys::KeyList>,
    /// Clicks and the wheel; off by default, so the terminal's own text selection works.
    pub mouse: bool,
    /// `ascii = true` draws borders and symbols in plain ASCII, `false` in Unicode; unset, the
    /// locale decides (ASCII unless it is UTF-8). `STOCKROOM_ASCII=1|0` overrides both.
    pub ascii: Option<bool>,
    pub profiles: BTreeMap<String, Profile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub platform: Platform,
    pub base_url: String,
    /// CS-Cart admin e-mail, B2B Wave app code, UGAL "website"; none for Valigara.
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub secret: Option<SecretSource>,
    #[serde(default)]
    pub read_only: bool,
    /// Marks a live store, so it is never mistaken for staging.
    #[serde(default)]
    pub production: bool,
    #[serde(default)]
    pub theme: Option<String>,
    /// Allows plain `http://` to a host other than loopback.
    #[serde(default)]
    pub allow_insecure_http: bool,
    /// Seconds to wait for an answer.
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// The colour of the profile's name on screen (`magenta`, `lightblue`, `33`, `#ff8800`),
    /// so one store is never mistaken for another.
    #[serde(default)]
    pub accent: Option<String>,
    /// Requests per second to stay under; without it, the rate the server announces.
    #[serde(default)]
    pub requests_per_second: Option<f64>,
}

impl Profile {
    /// How the clients reach this profile's store; its secret is read separately.
    pub fn connection(&self) -> crate::catalog::Connection {
        crate::catalog::Connection {
            platform: self.platform,
            base_url: self.base_url.clone(),
            user: self.user.clone(),
            timeout: self.timeout_secs.map_or(
                crate::catalog::http::DEFAULT_TIMEOUT,
                std::time::Duration::from_secs,
            ),
            read_only: self.read_only,
            requests_per_second: self.requests_per_second,
        }
    }
}

/// Why the config could not be used, naming the file and, where known, the field.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot find a config directory for this user (is HOME set?)")]
    NoConfigDir,
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{path} is not a valid config: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path} has problems:\n{}", list(.problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The config file's path: `--config`/`STOCKROOM_CONFIG` when given, else confy's per-user location.
pub fn path(explicit: Option<&Path>) -> Result<PathBuf, ConfigError> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    confy::get_configuration_file_path(APP_NAME, CONFIG_NAME).map_err(|_| ConfigError::NoConfigDir)
}

/// Loads the file at `path`. A missing file is `Ok(None)`: the UI then explains how to begin.
/// Nothing is written: a first run does not leave an empty file behind.
pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                message: e.to_string(),
            });
        }
    };
    let config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        message: describe_toml_error(&e),
    })?;
    Ok(Some(config))
}

/// Loads and validates, so every problem is reported at once, in file order: syntax errors,
/// fields of the wrong type or name, and bad values (`check_text`).
pub fn load_checked(path: &Path) -> Result<Option<Config>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                message: e.to_string(),
            });
        }
    };
    check_text(&text)
        .map(Some)
        .map_err(|problems| ConfigError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
}

/// toml's message names the line, column and key; flatten it to one readable paragraph.
fn describe_toml_error(error: &toml::de::Error) -> String {
    let message = error.message().trim().to_owned();
    match (error.span(), message.is_empty()) {
        (_, true) => error.to_string(),
        (Some(_), false) => {
            let detail = error.to_string();
            let location = detail.lines().next().unwrap_or_default().trim().to_owned();
            format!("{location}: {message}")
        }
        (None, false) => message,
    }
}

/// Where themes that override the built-ins live: next to the config file.
pub fn themes_dir(config_path: &Path) -> Option<PathBuf> {
    config_path.parent().map(|dir| dir.join("themes"))
}

/// A directory for the log file and other local state.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", APP_NAME)?;
    Some(
        dirs.state_dir()
            .unwrap_or(dirs.data_local_dir())
            .to_path_buf(),
    )
}
