//! The one HTTP transport: pacing and retries, timeouts, Basic or query-key auth, a size cap,
//! redaction and an `Exchange` for every call. Redirects are followed only on the same origin.

mod redirect;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};

use super::error::CatalogError;
use super::exchange::{DEBUG_ID_HEADERS, Exchange};
use super::pacer::Pacer;
use super::ratelimit::RateLimit;
use crate::secret::{REDACTED, Redactor, Secret};

/// Answers larger than this are cut off and reported, never buffered without bound.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const XML: &str = "application/xml";
/// A refused request is sent again at most this many times.
pub const MAX_RETRIES: u32 = 3;
/// judgment: a refusal asking for a longer wait is reported rather than waited out, so a
/// person is told "retry in N s" instead of watching a request hang.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(5);
/// The first backoff when a refusal says nothing about when to retry; it doubles each time.
const BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(4);

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
    /// The server limits this action on a budget of its own (Valigara's listing updates):
    /// what it announces does not pace the profile's other requests.
    pub own_budget: bool,
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
            own_budget: false,
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

    pub fn own_budget(mut self) -> Request {
        self.own_budget = true;
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

impl From<&Exchange> for PlannedRequest {
    /// A request already sent, as a plan shows it.
    fn from(exchange: &Exchange) -> PlannedRequest {
        PlannedRequest {
            method: exchange.method.clone(),
            url: exchange.url.clone(),
            path: exchange.path.clone(),
            headers: exchange.request_headers.clone(),
            body: exchange
                .request_body
                .as_ref()
                .map(|body| String::from_utf8_lossy(body).into_owned()),
        }
    }
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
    pacer: Arc<Pacer>,
    refused: fn(&Response) -> bool,
}

/// HTTP 429 Too Many Requests: the server did not process the request.
pub fn is_429(response: &Response) -> bool {
    response.status == 429
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
            // reqwest would follow a redirect to any host, credentials and form body included.
            .redirect(reqwest::redirect::Policy::none())
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
            pacer: Pacer::new(None),
            refused: is_429,
        })
    }

    /// Paces at `requests_per_second` when given, else at what the server announces.
    pub fn with_rate(mut self, requests_per_second: Option<f64>) -> Transport {
        self.pacer = Pacer::new(requests_per_second);
        self
    }

    /// Tells refusals apart (a 429 unless told otherwise): those are retried.
    pub fn with_refusal(mut self, refused: fn(&Response) -> bool) -> Transport {
        self.refused = refused;
        self
    }

    pub fn pacer(&self) -> &Arc<Pacer> {
        &self.pacer
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

    /// Sends a request, and again after a refusal (at most `MAX_RETRIES` times): the server
    /// did not process a refused request, whatever its method. Every attempt is recorded.
    pub async fn send_retrying(
        &self,
        request: Request,
    ) -> (Result<Response, CatalogError>, Vec<Exchange>) {
        let mut exchanges = Vec::new();
        let mut attempt = 0;
        loop {
            let (result, exchange) = self.send(request.clone()).await;
            let wait = match &result {
                Ok(response) if (self.refused)(response) && attempt < MAX_RETRIES => {
                    retry_wait(exchange.rate_limit.as_ref(), attempt)
                }
                _ => None,
            };
            exchanges.push(exchange);
            match wait {
                Some(wait) if wait <= MAX_RETRY_WAIT => {
                    self.pacer.hold(wait);
                    attempt += 1;
                }
                _ => return (result, exchanges),
            }
        }
    }

    /// Sends a request once, when the pacer allows, and records the exchange, whatever happens.
    pub async fn send(&self, request: Request) -> (Result<Response, CatalogError>, Exchange) {
        let permit = self.pacer.acquire().await;
        let (result, exchange) = self.send_now(&request).await;
        if !request.own_budget {
            permit.observe(exchange.rate_limit.as_ref());
        }
        (result, exchange)
    }

    async fn send_now(&self, request: &Request) -> (Result<Response, CatalogError>, Exchange) {
        let started_at = SystemTime::now();
        let start = Instant::now();
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        let url = match self.url_for(request) {
            Ok(url) => url,
            Err(e) => {
                let error = CatalogError::Setup(format!("invalid request path: {e}"));
                let exchange = self.blank_exchange(seq, started_at, request, self.base.clone());
                return (Err(error), exchange);
            }
        };
        let mut exchange = self.blank_exchange(seq, started_at, request, url.clone());

        exchange.request_headers = self.recorded_headers(request);
        let result = self.send_following(request, url, &mut exchange).await;
        exchange.latency = start.elapsed();
        if let Err(e) = &result {
            exchange.error = Some(e.to_string());
        }
        (result, exchange)
    }

    /// Sends the request to `url`, following same-origin redirects of a GET (`redirect::refusal`
    /// says which); a refused redirect is an error naming both places, its target never reached.
    async fn send_following(
        &self,
        request: &Request,
        origin: Url,
        exchange: &mut Exchange,
    ) -> Result<Response, CatalogError> {
        let mut current = origin.clone();
        let mut hops = 0;
        loop {
            let response = self
                .builder(request, current.clone())
                .send()
                .await
                .map_err(|e| self.transport_error(&e))?;
            let status = response.status().as_u16();
            if !redirect::is_redirect(status) {
                return self.read(response, exchange).await;
            }
            self.record_head(&response, exchange);
            let refused = |to: String, reason: String| CatalogError::Redirect {
                status,
                from: redirect::place(&current),
                to,
                reason,
            };
            let target = redirect::target(&current, response.headers())
                .map_err(|reason| refused("an unknown place".to_owned(), reason))?;
            let has_body = self.body_text(request).is_some();
            if let Some(reason) =
                redirect::refusal(&origin, &current, &target, &request.method, has_body, hops)
            {
                return Err(refused(redirect::place(&target), reason));
            }
            hops += 1;
            current = target;
        }
    }

    /// One attempt at `url`: the timeout, Basic auth and the body with its content type.
    fn builder(&self, request: &Request, url: Url) -> reqwest::RequestBuilder {
        let mut builder = self
            .client
            .request(request.method.clone(), url)
            .timeout(self.timeout);
        if let Auth::Basic { user, secret } = &self.auth {
            builder = builder.basic_auth(user, Some(secret.expose()));
        }
        if let Some(body) = self.body_text(request) {
            let kind = content_type(request);
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static(kind))
                .body(Bytes::from(body));
        }
        builder
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
            profile: None,
        }
    }

    /// The status and headers of an answer, redacted, into the exchange.
    fn record_head(&self, response: &reqwest::Response, exchange: &mut Exchange) {
        let headers = response.headers();
        exchange.status = Some(response.status().as_u16());
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
        exchange.rate_limit = RateLimit::from_headers(headers);
    }

    async fn read(
        &self,
        mut response: reqwest::Response,
        exchange: &mut Exchange,
    ) -> Result<Response, CatalogError> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        self.record_head(&response, exchange);

        // Sized once from the announced length (never past the cap): no copy as it grows.
        let announced = response.content_length().unwrap_or(0) as usize;
        let mut body = BytesMut::with_capacity(announced.min(MAX_BODY_BYTES));
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
        // What the platform decodes is redacted too: an error message quoting an echoed key,
        // perhaps cut short, is built from text that no longer holds it.
        let body = body.freeze();
        let body = match std::str::from_utf8(&body) {
            Ok(text) if self.redactor.finds_secret(text) => Bytes::from(self.redactor.redact(text)),
            _ => body,
        };
        exchange.response_body = body.clone();
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

/// How long to wait before retrying a refusal: what the server asked, else until its budget
/// resets, else an exponential backoff with jitter.
fn retry_wait(rate: Option<&RateLimit>, attempt: u32) -> Option<Duration> {
    let announced = rate.and_then(|rate| {
        rate.retry_after
            .or(rate.reset.filter(|reset| !reset.is_zero()))
    });
    announced.or_else(|| {
        let backoff = BACKOFF.saturating_mul(1 << attempt.min(8)).min(MAX_BACKOFF);
        let jitter = backoff.mul_f64(fastrand::f64() / 2.0);
        Some((backoff + jitter).min(MAX_BACKOFF))
    })
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
