//! `stockroom sandbox`: serve the simulators headless and say how to reach them.

use std::net::SocketAddr;
use std::time::Duration;

use super::UserError;
use crate::cli::StoreArgs;
use crate::sandbox::{Sandbox, SandboxOptions};

/// The sandbox the command line asks for, listening on `addr`.
pub fn options(addr: SocketAddr, stores: &StoreArgs) -> SandboxOptions {
    SandboxOptions {
        addr,
        seed: stores.seed,
        cscart_products: stores.products,
        valigara_products: stores.products,
        b2bwave_products: stores.products,
        ugal_items: stores.products,
        latency: Duration::from_millis(stores.latency_ms),
        rate_limit: stores.rate_limit,
        faults: stores.faults.clone(),
        variants: stores.variants.clone(),
        ..SandboxOptions::default()
    }
}

pub async fn serve(addr: SocketAddr, stores: &StoreArgs) -> Result<(), UserError> {
    let options = options(addr, stores);
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
    if let Some(rate) = stores.rate_limit {
        super::say(&format!(
            "Each store answers {rate} requests a second (bursts of {rate}), then 429."
        ));
    }
    super::say(&format!("Serving on {} — Ctrl-C to stop.", sandbox.addr()));
    super::say(&format!(
        "Faults: {} (GET lists, POST arms, DELETE disarms)",
        sandbox.faults_url()
    ));
    for variant in &stores.variants {
        super::say(&format!("Variant: {variant} ({})", variant.description()));
    }
    for fault in sandbox.faults().list() {
        super::say(&format!("Fault armed: {}", fault.fault));
    }
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(())
}
