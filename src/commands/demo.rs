//! `stockroom demo`: the sandbox on an ephemeral loopback port and the UI on one profile per platform.

use super::UserError;
use super::tui::{self, Preferences, Session};
use crate::cli::StoreArgs;
use crate::config::{Profile, SecretSource};
use crate::sandbox::Sandbox;

pub async fn run(session: Session, stores: &StoreArgs) -> Result<(), UserError> {
    let (preferences, theme) = preferences(&session.config_path)?;
    let session = Session {
        preferences,
        theme: session.theme.clone().or(theme),
        ..session
    };
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let sandbox = Sandbox::start(super::sandbox::options(loopback, stores))
        .await
        .map_err(|e| UserError(format!("cannot start the sandbox: {e}")))?;
    let profiles = sandbox
        .endpoints()
        .iter()
        .map(|endpoint| {
            let profile = Profile {
                platform: endpoint.platform,
                base_url: endpoint.base_url.clone(),
                user: Some(endpoint.user.clone()).filter(|user| !user.is_empty()),
                secret: Some(SecretSource {
                    value: Some(endpoint.key.clone()),
                    ..SecretSource::default()
                }),
                read_only: false,
                production: false,
                theme: None,
                allow_insecure_http: false,
                timeout_secs: None,
                requests_per_second: None,
                // Each demo store in its own colour, as a user would set their stores apart.
                accent: Some(
                    match endpoint.name() {
                        "cscart" => "cyan",
                        "valigara" => "magenta",
                        "b2bwave" => "yellow",
                        "ugal" => "green",
                        _ => "lightblue",
                    }
                    .to_owned(),
                ),
            };
            (format!("{}-demo", endpoint.name()), profile)
        })
        .collect();
    let result = tui::open(session, profiles).await;
    sandbox.shutdown().await;
    result
}

/// The demo's stores are its own, but the user's keys, mouse, ASCII and theme settings
/// apply, so a config can be tried on it first. Without a config file, the defaults.
fn preferences(config_path: &std::path::Path) -> Result<(Preferences, Option<String>), UserError> {
    match crate::config::load(config_path) {
        Ok(Some(config)) => {
            let preferences = Preferences::of(&config)
                .map_err(|e| UserError(format!("{}: {e}", config_path.display())))?;
            Ok((preferences, config.theme))
        }
        Ok(None) => Ok((Preferences::default(), None)),
        Err(e) => Err(UserError(e.to_string())),
    }
}
