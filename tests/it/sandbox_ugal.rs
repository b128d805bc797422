//! The UGAL simulator's reads over real loopback HTTP, against docs/platforms/ugal.md.
#![cfg(test)]

use std::collections::BTreeSet;

use quick_xml::events::Event;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Map, Value};
use stockroom::catalog::model::Platform;
use stockroom::sandbox::{DEMO_UGAL_TOKEN, Sandbox, SandboxOptions};

use crate::support::{fixtures, sandbox};

pub struct Api {
    pub sandbox: Sandbox,
    pub client: Client,
    /// `http://…/ugal` and `http://…/ugal-vat`.
    pub plain: String,
    pub vat: String,
}

pub fn small() -> SandboxOptions {
    SandboxOptions {
        ugal_items: 60,
        ..SandboxOptions::default()
    }
}

/// One XML element: its name, its text and its child elements.
#[derive(Debug)]
pub struct Elem {
    pub name: String,
    pub text: String,
    pub children: Vec<Elem>,
}

pub fn parse_xml(xml: &str) -> Elem {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Elem> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(Elem {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                text: String::new(),
                children: Vec::new(),
            }),
            Event::Empty(e) => {
                let elem = Elem {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    text: String::new(),
                    children: Vec::new(),
                };
                stack
                    .last_mut()
                    .expect("inside the root")
                    .children
                    .push(elem);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap().into_owned();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                stack.last_mut().unwrap().text.push_str(c);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return done,
                }
            }
            Event::Eof => panic!("no root element in {xml}"),
            _ => {}
        }
    }
}

impl Elem {
    /// Element names and nesting, a run of same-shaped siblings written once.
    pub fn shape(&self) -> String {
        if self.children.is_empty() {
            return self.name.clone();
        }
        let mut parts: Vec<String> = Vec::new();
        for child in &self.children {
            let shape = child.shape();
            if parts.last() != Some(&shape) {
                parts.push(shape);
            }
        }
        format!("{}({})", self.name, parts.join(","))
    }

    /// The contract's JSON for this element: `items`, `prices` and `errors` are arrays.
    pub fn to_json(&self) -> Value {
        if matches!(self.name.as_str(), "items" | "prices" | "errors") {
            return Value::Array(self.children.iter().map(Elem::to_json).collect());
        }
        if self.children.is_empty() {
            return Value::String(self.text.clone());
        }
        let map: Map<String, Value> = self
            .children
            .iter()
            .map(|c| (c.name.clone(), c.to_json()))
            .collect();
        Value::Object(map)
    }

    pub fn child(&self, name: &str) -> &Elem {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }

    pub fn without(mut self, name: &str) -> Elem {
        self.children.retain(|c| c.name != name);
        self.children = self.children.into_iter().map(|c| c.without(name)).collect();
        self
    }
}

/// The documented XML example `tests/fixtures/ugal/<name>.xml`, without its `{...}` marks.
pub fn doc_sample(name: &str) -> Elem {
    parse_xml(&fixtures::text(&format!("ugal/{name}.xml")).replace("{...}", ""))
}

impl Api {
    pub async fn start() -> Api {
        Api::with(small()).await
    }

    pub async fn with(options: SandboxOptions) -> Api {
        let sandbox = sandbox::start(options).await;
        let bases: Vec<String> = sandbox
            .endpoints()
            .iter()
            .filter(|e| e.platform == Platform::Ugal)
            .map(|e| e.base_url.clone())
            .collect();
        assert_eq!(bases.len(), 2);
        Api {
            client: Client::new(),
            plain: bases[0].clone(),
            vat: bases[1].clone(),
            sandbox,
        }
    }

    pub async fn raw(
        &self,
        token: &str,
        method: Method,
        url: &str,
        body: Option<String>,
    ) -> (StatusCode, String) {
        let mut request = self
            .client
            .request(method, url)
            .basic_auth("website", Some(token));
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.expect("sent");
        (response.status(), response.text().await.expect("body"))
    }

    /// An XML request on `base` + `path`, the answer parsed.
    pub async fn xml(&self, method: Method, url: &str, body: Option<&str>) -> (StatusCode, Elem) {
        let (status, text) = self
            .raw(DEMO_UGAL_TOKEN, method, url, body.map(str::to_string))
            .await;
        (status, parse_xml(&text))
    }

    pub async fn get(&self, url: &str) -> Elem {
        let (status, body) = self.xml(Method::GET, url, None).await;
        assert_eq!(status, StatusCode::OK, "{url}: {body:?}");
        body
    }

    pub async fn json(&self, method: Method, url: &str, body: Option<&str>) -> (StatusCode, Value) {
        let (status, text) = self
            .raw(DEMO_UGAL_TOKEN, method, url, body.map(str::to_string))
            .await;
        let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (status, value)
    }

    pub async fn page(&self, base: &str, query: &str) -> Vec<Elem> {
        self.get(&format!("{base}/api/v1/items.xml?{query}"))
            .await
            .children
    }
}

pub fn references(items: &[Elem]) -> Vec<String> {
    items
        .iter()
        .map(|i| i.child("reference").text.clone())
        .collect()
}

#[tokio::test]
async fn the_documented_samples_have_the_served_structure() {
    let api = Api::start().await;
    let list = api.get(&format!("{}/api/v1/items.xml", api.vat)).await;
    let sample = doc_sample("items");
    let first = list.children.into_iter().next().expect("an item");
    assert_eq!(
        first.child("price").text,
        "9400.00",
        "judgment: the nominal price"
    );
    assert_eq!(first.without("price").shape(), sample.children[0].shape());

    let sample = doc_sample("item");
    let vat = api
        .get(&format!("{}/api/v1/items/911-red.xml", api.vat))
        .await;
    assert_eq!(vat.shape(), sample.shape());
    let plain = api
        .get(&format!("{}/api/v1/items/911-red.xml", api.plain))
        .await;
    assert_eq!(
        plain.shape(),
        sample.without("vatrate").without("vat").shape()
    );
    let put = doc_sample("put-body");
    assert_eq!(
        put.shape(),
        "item(inventory,prices(price(pricelist,quantity,amount)))"
    );
}

#[tokio::test]
async fn the_documented_item_reads_as_documented_on_both_sites() {
    let api = Api::start().await;
    let vat = api
        .get(&format!("{}/api/v1/items/911-red.xml", api.vat))
        .await;
    let sample = doc_sample("item");
    for field in ["reference", "status", "label", "inventory", "vatrate"] {
        assert_eq!(vat.child(field).text, sample.child(field).text, "{field}");
    }
    for field in ["id", "title", "status"] {
        assert_eq!(
            vat.child("product").child(field).text,
            sample.child("product").child(field).text
        );
    }
    let url = &vat.child("product").child("url").text;
    assert_eq!(url, &format!("{}/cars/porsche-911", api.vat));
    assert_eq!(
        vat.child("product").child("link").text,
        format!("{}/api/v1/products/2786.xml", api.vat)
    );
    let nominal = &vat.child("prices").children[0];
    let documented = &sample.child("prices").children[0];
    for field in ["pricelist", "quantity", "currency", "amount", "vat"] {
        assert_eq!(
            nominal.child(field).text,
            documented.child(field).text,
            "{field}"
        );
    }
    assert_eq!(nominal.child("vat").text, "1540.47");

    let plain = api
        .get(&format!("{}/api/v1/items/911-red.xml", api.plain))
        .await;
    assert_eq!(plain.child("inventory").text, "1");
    assert_eq!(
        plain.child("prices").children[0].child("amount").text,
        "9400.00"
    );
    assert!(plain.children.iter().all(|c| c.name != "vatrate"));
    let blue = api
        .get(&format!("{}/api/v1/items/911-blue.xml", api.plain))
        .await;
    assert_eq!(blue.child("label").text, "Blue");
}

#[tokio::test]
async fn pages_hold_25_items_and_end_short_or_empty() {
    let api = Api::start().await;
    let mut seen = Vec::new();
    for (p, expected) in [(1, 25), (2, 25), (3, 10), (4, 0)] {
        let page = api.page(&api.plain, &format!("p={p}")).await;
        assert_eq!(page.len(), expected, "page {p}");
        seen.extend(references(&page));
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), 60);
    assert_eq!(
        references(&api.page(&api.plain, "").await),
        seen[..25].to_vec(),
        "no p is page 1"
    );
    let even = Api::with(SandboxOptions {
        ugal_items: 50,
        ..SandboxOptions::default()
    })
    .await;
    assert_eq!(even.page(&even.vat, "p=2").await.len(), 25);
    let empty = even.page(&even.vat, "p=3").await;
    assert!(empty.is_empty());
    let (_, text) = even
        .raw(
            DEMO_UGAL_TOKEN,
            Method::GET,
            &format!("{}/api/v1/items.xml?p=3", even.vat),
            None,
        )
        .await;
    assert!(text.contains("<items></items>"), "{text}");
    let (status, body) = even
        .json(
            Method::GET,
            &format!("{}/api/v1/items.json?p=3", even.vat),
            None,
        )
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, serde_json::json!({"items": []}))
    );
}

#[tokio::test]
async fn filters_by_product_and_catalog_and_refuse_non_numbers() {
    let api = Api::start().await;
    let porsche = api.page(&api.vat, "productId=2786").await;
    assert_eq!(references(&porsche), ["911-red", "911-blue"]);
    assert!(api.page(&api.vat, "productId=1").await.is_empty());
    let books = api.page(&api.vat, "catalogId=4").await;
    assert!(!books.is_empty());
    for item in &books {
        let id = &item.child("product").child("id").text;
        let product = api
            .get(&format!("{}/api/v1/products/{id}.xml", api.vat))
            .await;
        assert_eq!(product.child("catalog").child("id").text, "4");
        assert_eq!(product.child("catalog").child("title").text, "Books");
    }
    let both = api.page(&api.vat, "catalogId=9&productId=2786").await;
    assert_eq!(both.len(), 2);

    let cases = [
        ("catalogId=abc", vec!["400.200 - Catalog id invalid"]),
        ("productId=x1", vec!["400.201 - Product id invalid"]),
        (
            "catalogId=&productId=-1",
            vec![
                "400.200 - Catalog id invalid",
                "400.201 - Product id invalid",
            ],
        ),
    ];
    for (query, errors) in cases {
        let url = format!("{}/api/v1/items.xml?{query}", api.plain);
        let (status, body) = api.xml(Method::GET, &url, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body.to_json(), serde_json::json!(errors), "{query}");
        let url = format!("{}/api/v1/items.json?{query}", api.plain);
        let (status, body) = api.json(Method::GET, &url, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body, serde_json::json!({ "errors": errors }));
    }
}
