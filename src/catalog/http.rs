//! The one HTTP transport: timeouts, Basic or query-key auth, a size cap, redaction and an `Exchange` for every call.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};

use super::error::CatalogError;
use super::exchange::{DEBUG_ID_HEADERS, Exchange};
use super::ratelimit::RateLimit;
use crate::secret::{REDACTED, Redactor, Secret};

/// Answers larger than this are cut off and reported, never buffered without bound.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const XML: &str = "application/xml";

/// How a profile proves who it is.
#[derive(Clone, Debug)]
pub enum Auth {
    Basic {
        user: String,
        secret: Secret,
    },
    /// `name=secret` in the form body of a form request, else in the query string.
    QueryKey {
        name: String,
        secret: Secret,
    },
    None,
}

/// A request relative to the transport's base URL.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: Method,
    /// Path below the base URL, without a leading slash ("api/products/12").
    pub path: String,
    pub query: Vec<(String, String)>,
    pub json: Option<serde_json::Value>,
    /// Pairs sent as an `application/x-www-form-urlencoded` body.
    pub form: Option<Vec<(String, String)>>,
    /// An XML document sent as the body.
    pub xml: Option<String>,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            json: None,
            form: None,
            xml: None,
        }
    }

    pub fn query(mut self, key: &str, value: impl ToString) -> Request {
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    pub fn json(mut self, body: serde_json::Value) -> Request {
        self.json = Some(body);
        self
    }

    pub fn form(mut self, pairs: Vec<(String, String)>) -> Request {
        self.form = Some(pairs);
        self
    }

    pub fn xml(mut self, body: String) -> Request {
        self.xml = Some(body);
        self
    }
}

/// A request as it would be sent, with secrets redacted: what the basket shows before sending.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    pub method: String,
    /// The full URL, redacted.
    pub url: String,
    /// Path and query, redacted.
    pub path: String,
    /// Redacted, including `authorization: Basic [REDACTED]` and the content type when a body is sent.
    pub headers: Vec<(String, String)>,
    /// The JSON or form text, redacted.
    pub body: Option<String>,
}

/// An answer that arrived, whatever its status.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// Shared HTTP client for one profile.
#[derive(Clone, Debug)]
pub struct Transport {
    client: reqwest::Client,
    base: Url,
    auth: Auth,
    redactor: Redactor,
    timeout: Duration,
    seq: Arc<AtomicU64>,
}

impl Transport {
    /// A transport for `base` (its path is kept: `http://host/cscart` + `api/products`).
    pub fn new(base: &str, auth: Auth, timeout: Duration) -> Result<Transport, CatalogError> {
        let mut base = Url::parse(base.trim())
            .map_err(|e| CatalogError::Setup(format!("invalid base URL: {e}")))?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("stockroom/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CatalogError::Network(e.to_string()))?;
        let redactor = match &auth {
            Auth::Basic { user, secret } => Redactor::new(Some(user), secret),
            Auth::QueryKey { secret, .. } => Redactor::new(None, secret),
            Auth::None => Redactor::default(),
        };
        Ok(Transport {
            client,
            base,
            auth,
            redactor,
            timeout,
            seq: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Uses one sequence counter across several transports, so a run's exchanges are numbered once.
    pub fn with_sequence(mut self, seq: Arc<AtomicU64>) -> Transport {
        self.seq = seq;
        self
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The request as `send` would send it, secrets redacted, without sending anything.
    pub fn plan(&self, request: &Request) -> PlannedRequest {
        let url = self.url_for(request).unwrap_or_else(|_| self.base.clone());
        PlannedRequest {
            method: request.method.to_string(),
            url: self.redactor.redact(url.as_str()),
            path: self.redacted_path(&url),
            headers: self.recorded_headers(request),
            body: self
                .body_text(request)
                .map(|body| self.redactor.redact(&body)),
        }
    }

    /// Sends a request and records the exchange, whatever happens.
    pub async fn send(&self, request: Request) -> (Result<Response, CatalogError>, Exchange) {
        let started_at = SystemTime::now();
        let start = Instant::now();
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let url = match self.url_for(&request) {
            Ok(url) => url,
            Err(e) => {
                let error = CatalogError::Setup(format!("invalid request path: {e}"));
                let exchange = self.blank_exchange(seq, started_at, &request, self.base.clone());
                return (Err(error), exchange);
            }
        };
        let mut exchange = self.blank_exchange(seq, started_at, &request, url.clone());

        let mut builder = self
            .client
            .request(request.method.clone(), url)
            .timeout(self.timeout);
        if let Auth::Basic { user, secret } = &self.auth {
            builder = builder.basic_auth(user, Some(secret.expose()));
        }
        if let Some(body) = self.body_text(&request) {
            let kind = content_type(&request);
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static(kind))
                .body(Bytes::from(body));
        }
        exchange.request_headers = self.recorded_headers(&request);

        let result = match builder.send().await {
            Ok(response) => self.read(response, &mut exchange).await,
            Err(e) => Err(self.transport_error(&e)),
        };
        exchange.latency = start.elapsed();
        if let Err(e) = &result {
            exchange.error = Some(e.to_string());
        }
        (result, exchange)
    }

    /// The full URL of a request: the base, the path, then the query (with a query key
    /// unless the request has a form body to carry it).
    fn url_for(&self, request: &Request) -> Result<Url, url::ParseError> {
        let mut url = self.base.join(&request.path)?;
        let key = match &self.auth {
            Auth::QueryKey { name, secret } if request.form.is_none() => {
                Some((name.as_str(), secret.expose()))
            }
            _ => None,
        };
        if !request.query.is_empty() || key.is_some() {
            let mut pairs = url.query_pairs_mut();
            pairs.extend_pairs(&request.query);
            if let Some(key) = key {
                pairs.append_pair(key.0, key.1);
            }
        }
        Ok(url)
    }

    /// The body exactly as sent, secret included: JSON text, or the encoded form with a query key.
    fn body_text(&self, request: &Request) -> Option<String> {
        if let Some(pairs) = &request.form {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.extend_pairs(pairs);
            if let Auth::QueryKey { name, secret } = &self.auth {
                form.append_pair(name, secret.expose());
            }
            return Some(form.finish());
        }
        if let Some(xml) = &request.xml {
            return Some(xml.clone());
        }
        request.json.as_ref().map(|body| body.to_string())
    }

    fn redacted_path(&self, url: &Url) -> String {
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        self.redactor.redact(&path)
    }

    /// The headers `send` sets itself, as they are recorded and shown: the secret never appears.
    fn recorded_headers(&self, request: &Request) -> Vec<(String, String)> {
        let mut headers = vec![];
        if let Auth::Basic { .. } = &self.auth {
            headers.push((AUTHORIZATION.to_string(), format!("Basic {REDACTED}")));
        }
        if request.form.is_some() || request.xml.is_some() || request.json.is_some() {
            headers.push((CONTENT_TYPE.to_string(), content_type(request).into()));
        }
        headers
    }

    fn blank_exchange(
        &self,
        seq: u64,
        started_at: SystemTime,
        request: &Request,
        url: Url,
    ) -> Exchange {
        Exchange {
            seq,
            started_at,
            method: request.method.to_string(),
            url: self.redactor.redact(url.as_str()),
            path: self.redacted_path(&url),
            request_headers: vec![],
            request_body: self
                .body_text(request)
                .map(|body| Bytes::from(self.redactor.redact(&body))),
            status: None,
            response_headers: vec![],
            response_body: Bytes::new(),
            latency: Duration::ZERO,
            debug_id: None,
            rate_limit: None,
            platform_status: None,
            error: None,
        }
    }

    async fn read(
        &self,
        mut response: reqwest::Response,
        exchange: &mut Exchange,
    ) -> Result<Response, CatalogError> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        exchange.status = Some(status);
        exchange.response_headers = headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (name.to_string(), self.redactor.redact(&value))
            })
            .collect();
        exchange.debug_id = DEBUG_ID_HEADERS
            .iter()
            .find_map(|name| headers.get(*name))
            .map(|value| {
                self.redactor
                    .redact(&String::from_utf8_lossy(value.as_bytes()))
            });
        exchange.rate_limit = RateLimit::from_headers(&headers);

        let mut body = BytesMut::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_BODY_BYTES {
                        exchange.response_body = body.freeze();
                        return Err(CatalogError::Malformed {
                            status,
                            reason: format!(
                                "answer larger than {} MiB, cut off",
                                MAX_BODY_BYTES >> 20
                            ),
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    exchange.response_body = body.freeze();
                    return Err(if e.is_timeout() {
                        CatalogError::Timeout(self.timeout)
                    } else {
                        CatalogError::Malformed {
                            status,
                            reason: format!("answer cut short: {}", self.describe(&e)),
                        }
                    });
                }
            }
        }
        let body = body.freeze();
        exchange.response_body = match std::str::from_utf8(&body) {
            Ok(text) if self.redactor.redact(text) != text => {
                Bytes::from(self.redactor.redact(text))
            }
            _ => body.clone(),
        };
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    fn transport_error(&self, error: &reqwest::Error) -> CatalogError {
        if error.is_timeout() {
            CatalogError::Timeout(self.timeout)
        } else if error.is_connect() {
            CatalogError::Connect {
                host: self.base.host_str().unwrap_or("server").to_owned(),
                message: self.describe(error),
            }
        } else {
            CatalogError::Network(self.describe(error))
        }
    }

    /// The error and its causes in one line, redacted (reqwest errors carry the URL).
    fn describe(&self, error: &reqwest::Error) -> String {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        self.redactor.redact(&text)
    }
}

/// The content type of a request's body: form, XML or JSON, in that order of precedence.
fn content_type(request: &Request) -> &'static str {
    if request.form.is_some() {
        FORM
    } else if request.xml.is_some() {
        XML
    } else {
        JSON
    }
}
