//! Which redirects the transport follows: a GET without a body, on the origin it was sent to
//! (or that origin's https upgrade), a few hops at most. Every other one is refused unsent.

use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{Method, Url};

/// A same-origin GET is followed through at most this many redirects.
pub const MAX_HOPS: usize = 3;

/// Whether the status asks the client to go elsewhere.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The address a redirect points to, resolved against the URL that answered.
pub fn target(current: &Url, headers: &HeaderMap) -> Result<Url, String> {
    let location = headers
        .get(LOCATION)
        .ok_or_else(|| "it names no Location".to_owned())?;
    let location = std::str::from_utf8(location.as_bytes())
        .map_err(|_| "its Location is not text".to_owned())?;
    current
        .join(location.trim())
        .map_err(|e| format!("its Location is not an address: {e}"))
}

/// Why the redirect from `current` to `target` must not be followed, if it must not: `origin`
/// is where the request was first sent, `hops` the redirects already followed.
pub fn refusal(
    origin: &Url,
    current: &Url,
    target: &Url,
    method: &Method,
    has_body: bool,
    hops: usize,
) -> Option<String> {
    if !matches!(*method, Method::GET | Method::HEAD) || has_body {
        return Some(format!(
            "a {method} is never sent again to a redirect target: nothing was sent there"
        ));
    }
    if current.scheme() == "https" && target.scheme() != "https" {
        return Some("a redirect down to plain http is never followed".to_owned());
    }
    if !same_origin(origin, target) {
        return Some(
            "credentials never leave the configured store: only redirects on the same host are followed"
                .to_owned(),
        );
    }
    (hops >= MAX_HOPS).then(|| format!("more than {MAX_HOPS} redirects"))
}

/// Whether `target` is `origin` itself, or its upgrade from http to https on the default port.
fn same_origin(origin: &Url, target: &Url) -> bool {
    if origin.host() != target.host() {
        return false;
    }
    let same = origin.scheme() == target.scheme()
        && origin.port_or_known_default() == target.port_or_known_default();
    let upgrade = origin.scheme() == "http"
        && target.scheme() == "https"
        && target.port_or_known_default() == Some(443);
    same || upgrade
}

/// `scheme://host:port`, what an error names: never a path or a query, which may hold a key.
pub fn place(url: &Url) -> String {
    let host = url.host_str().unwrap_or("(no host)");
    match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn verdict(from: &str, to: &str, method: Method) -> Option<String> {
        refusal(&url(from), &url(from), &url(to), &method, false, 0)
    }

    #[test]
    fn same_origin_gets_and_the_https_upgrade_are_followed() {
        assert_eq!(
            verdict("http://shop/a", "http://shop/a/", Method::GET),
            None
        );
        assert_eq!(
            verdict("http://shop/a", "https://shop/a", Method::GET),
            None
        );
        assert_eq!(
            verdict("https://shop/a", "https://shop:443/b", Method::GET),
            None
        );
    }

    #[test]
    fn other_hosts_ports_downgrades_and_writes_are_refused() {
        for (from, to) in [
            ("https://shop/a", "https://evil/a"),
            ("https://shop/a", "http://shop/a"),
            ("http://127.0.0.1:80/a", "http://127.0.0.1:81/a"),
            ("http://127.0.0.1/a", "http://127.0.0.2/a"),
            ("http://shop/a", "https://shop:8443/a"),
            ("http://shop/a", "file:///etc/passwd"),
        ] {
            assert!(verdict(from, to, Method::GET).is_some(), "{from} -> {to}");
        }
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(verdict("http://shop/a", "http://shop/a/", method).is_some());
        }
        let (a, b) = (url("http://shop/a"), url("http://shop/b"));
        assert!(refusal(&a, &a, &b, &Method::GET, true, 0).is_some());
        assert!(refusal(&a, &a, &b, &Method::GET, false, MAX_HOPS).is_some());
    }

    #[test]
    fn a_place_names_scheme_host_and_port_only() {
        assert_eq!(
            place(&url("http://127.0.0.2:8080/x?auth=key")),
            "http://127.0.0.2:8080"
        );
        assert_eq!(
            place(&url("https://shop.example/x")),
            "https://shop.example"
        );
    }
}
