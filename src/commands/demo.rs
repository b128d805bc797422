//! `stockroom demo`: the sandbox on an ephemeral loopback port and the UI on one profile per platform.

use super::UserError;
use super::tui::{self, Session};
use crate::cli::StoreArgs;
use crate::config::{Profile, SecretSource};
use crate::sandbox::Sandbox;

pub async fn run(session: Session, stores: &StoreArgs) -> Result<(), UserError> {
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
