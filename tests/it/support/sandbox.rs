//! Sandbox stores for a test: started, their endpoints found, reached over loopback either by
//! plain HTTP with their credentials or by the real client.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::Value;
use stockroom::catalog::model::Platform;
use stockroom::catalog::{Catalog, Connection};
use stockroom::sandbox::{Endpoint, Sandbox, SandboxOptions};
use stockroom::secret::Secret;

/// The sandbox on loopback ports of its own.
pub async fn start(options: SandboxOptions) -> Sandbox {
    Sandbox::start(options).await.expect("sandbox starts")
}

/// Every store (UGAL's both sites) holding `products` products.
pub fn stores_of(products: usize) -> SandboxOptions {
    SandboxOptions {
        cscart_products: products,
        valigara_products: products,
        b2bwave_products: products,
        ugal_items: products,
        ..SandboxOptions::default()
    }
}

/// `platform`'s endpoint.
pub fn endpoint(sandbox: &Sandbox, platform: Platform) -> &Endpoint {
    sandbox
        .endpoint(platform)
        .unwrap_or_else(|| panic!("the sandbox serves {platform}"))
}

/// The endpoint named `name` (`cscart`, `ugal-vat`, ...).
pub fn named<'a>(sandbox: &'a Sandbox, name: &str) -> &'a Endpoint {
    sandbox
        .endpoints()
        .iter()
        .find(|e| e.name() == name)
        .unwrap_or_else(|| panic!("the sandbox has no endpoint {name}"))
}

/// A request to `path` on `endpoint` with its credentials: HTTP basic auth, except on
/// Valigara, which has no user and takes its key in the form.
pub fn request(client: &Client, endpoint: &Endpoint, method: Method, path: &str) -> RequestBuilder {
    let request = client.request(method, format!("{}{path}", endpoint.base_url));
    if endpoint.user.is_empty() {
        request
    } else {
        request.basic_auth(&endpoint.user, Some(&endpoint.key))
    }
}

/// An answer read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    /// Sends `request` and reads its answer.
    pub async fn read(request: RequestBuilder) -> Reply {
        let response = request.send().await.expect("request is answered");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Reply {
            status,
            headers,
            text,
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// How the real client reaches `endpoint`: its URL, and its user where the platform has one.
pub fn connection(endpoint: &Endpoint, timeout: Duration, read_only: bool) -> Connection {
    Connection {
        platform: endpoint.platform,
        base_url: endpoint.base_url.clone(),
        user: (!endpoint.user.is_empty()).then(|| endpoint.user.clone()),
        timeout,
        read_only,
        requests_per_second: None,
    }
}

/// The real client over `connection` with `key`, and the counter numbering its requests.
pub fn connect(connection: &Connection, key: &str) -> (Catalog, Arc<AtomicU64>) {
    let sequence = Arc::new(AtomicU64::new(0));
    let catalog = Catalog::connect(connection, Secret::new(key), Arc::clone(&sequence))
        .unwrap_or_else(|e| panic!("{connection:?}: {e}"));
    (catalog, sequence)
}
