//! `stockroom sandbox`: serve the simulators headless and say how to reach them.

use std::net::SocketAddr;
use std::time::Duration;

use super::UserError;
use crate::sandbox::{Sandbox, SandboxOptions};

pub async fn serve(
    addr: SocketAddr,
    seed: u64,
    products: usize,
    latency: Duration,
) -> Result<(), UserError> {
    let options = SandboxOptions {
        addr,
        seed,
        cscart_products: products,
        valigara_products: products,
        b2bwave_products: products,
        ugal_items: products,
        latency,
        ..SandboxOptions::default()
    };
    let sandbox = Sandbox::start(options)
        .await
        .map_err(|e| UserError(format!("cannot listen on {addr}: {e}")))?;
    for endpoint in sandbox.endpoints() {
        let user = if endpoint.user.is_empty() {
            String::new()
        } else {
            format!("  user={}", endpoint.user)
        };
        super::say(&format!(
            "{:<9} {}{user}  key={}",
            endpoint.name(),
            endpoint.base_url,
            endpoint.key
        ));
    }
    super::say(&format!("Serving on {} — Ctrl-C to stop.", sandbox.addr()));
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(())
}
