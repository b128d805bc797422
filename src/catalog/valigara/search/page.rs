//! A `products_export` answer for a list page, read in one typed pass: the envelope, then each
//! product straight into the fields its row shows, every other field skipped. An answer that
//! pass does not read (a refusal, an odd shape, broken JSON) is read again as a JSON tree, so
//! its result or its error is exactly the tree's.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::super::client::envelope;
use super::super::reply::{self, Object, StatusCode, data};
use super::super::wire::{CheckedText, WireProduct, id_of, product_from_value};
use super::{ExportBody, missing_row, none_found};
use crate::catalog::error::CatalogError;
use crate::catalog::model::ProductSummary;
use crate::catalog::ratelimit::RateLimit;

/// A product an export answer holds, by the id it carries.
#[derive(Debug)]
pub enum Listed {
    /// Read in the typed pass.
    Read(WireProduct<CheckedText>),
    /// Read from the JSON tree of an answer the typed pass did not take.
    Tree(Value),
}

impl Listed {
    fn summary(self) -> Result<ProductSummary, String> {
        match self {
            Listed::Read(wire) => wire.into_summary(),
            Listed::Tree(raw) => product_from_value(raw).map(|product| product.summary),
        }
    }
}

/// The products of one or more export answers by id; a later one with the same id wins.
pub type Found = HashMap<u64, Listed>;

#[derive(Deserialize)]
struct Envelope {
    status: StatusCode,
    data: Object<ExportData>,
}

#[derive(Deserialize)]
struct ExportData {
    #[serde(default)]
    products: Vec<Object<WireProduct<CheckedText>>>,
    /// Read only to refuse what the tree refuses: a `missing` that is not a list.
    #[serde(default, rename = "missing")]
    _missing: Vec<IgnoredAny>,
}

/// The products of one `products_export` answer that carry an id; 302 (some ids not found)
/// is an answer like 100. Any other status is the error it stands for.
pub fn decode_export(
    http_status: u16,
    body: &[u8],
    rate: Option<&RateLimit>,
) -> Result<Vec<(u64, Listed)>, CatalogError> {
    // Straight from the bytes: a body that is not plain UTF-8 JSON (a byte order mark, HTML,
    // stray bytes) goes through the tree, which says what it is.
    if let Ok(Object(answer)) = serde_json::from_slice::<Object<Envelope>>(body)
        && matches!(answer.status.0, 100 | 302)
    {
        let Object(data) = answer.data;
        return Ok(data
            .products
            .into_iter()
            .filter_map(|Object(wire)| Some((id_of(&wire.id)?, Listed::Read(wire))))
            .collect());
    }
    let body: ExportBody = data(envelope(http_status, body, true, rate)?)?;
    Ok(body
        .products
        .into_iter()
        .filter_map(|raw| Some((raw.get("id").and_then(id_of)?, Listed::Tree(raw))))
        .collect())
}

/// The rows of `ids` in order: each found product's summary, or a row saying it is missing.
pub fn rows_of(ids: &[u64], mut found: Found) -> Result<Vec<ProductSummary>, CatalogError> {
    ids.iter()
        .map(|id| match found.remove(id) {
            Some(listed) => listed
                .summary()
                .map_err(|e| reply::malformed(200, &format!("product {id}: {e}"))),
            None => Ok(missing_row(*id)),
        })
        .collect()
}

/// The rows a page of `ids` shows from the one export answer of them (at most
/// `EXPORT_BATCH` ids): a 201 saying none exists is a page of missing rows.
pub fn decode_page(
    http_status: u16,
    body: &[u8],
    ids: &[u64],
) -> Result<Vec<ProductSummary>, CatalogError> {
    let found = match decode_export(http_status, body, None) {
        Ok(found) => found.into_iter().collect(),
        Err(e) if none_found(&e) => Found::new(),
        Err(e) => return Err(e),
    };
    rows_of(ids, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::valigara::reply::parse_reply;

    /// The page as it was read before the typed pass: the whole answer as a JSON tree.
    fn tree_page(body: &[u8], ids: &[u64]) -> Result<Vec<ProductSummary>, CatalogError> {
        let products = match envelope(200, body, true, None).and_then(data::<ExportBody>) {
            Ok(body) => body.products,
            Err(e) if none_found(&e) => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut by_id = serde_json::Map::new();
        for product in products {
            if let Some(id) = product.get("id").and_then(id_of) {
                by_id.insert(id.to_string(), product);
            }
        }
        ids.iter()
            .map(|id| match by_id.remove(&id.to_string()) {
                Some(raw) => product_from_value(raw)
                    .map(|p| p.summary)
                    .map_err(|e| reply::malformed(200, &format!("product {id}: {e}"))),
                None => Ok(missing_row(*id)),
            })
            .collect()
    }

    #[test]
    fn every_answer_reads_as_its_json_tree_does() {
        let answers: &[&str] = &[
            r#"{"status":100,"data":{"products":[{"id":1,"sku":"A","title":"Ring","price":"10.50",
                "quantity":3,"status":"active","description":"x","updated_at":"2026-11-20T10:15:00Z",
                "metals":[{"type":"gold"}]},{"id":"2","price":12.5,"status":"draft"}],"missing":[]}}"#,
            r#"{"data":{"products":[{"id":2,"title":"late status"}]},"status":" 302 "}"#,
            r#"{"status":"100","data":{"products":[{"id":1},{"id":1,"title":"the later one"}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":1,"price":"abc"}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":9,"price":"abc"},{"id":1}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":1,"description":5}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":9,"description":5},{"id":1}]}}"#,
            r#"{"status":100,"data":{"products":[[1,"A"],{"id":1,"quantity":2}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":1,"quantity":"2"}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":-1},{"id":1.0},{"title":"no id"}]}}"#,
            r#"{"status":100,"data":{"products":[{"id":1,"id":2}]}}"#,
            r#"{"status":100,"status":201,"data":{"products":[{"id":1}]}}"#,
            r#"{"status":100,"data":[[{"id":1}],[]]}"#,
            r#"{"status":100,"data":{"products":null}}"#,
            r#"{"status":100,"data":{"products":[],"missing":{"1":true}}}"#,
            r#"{"status":100}"#,
            r#"{"status":100.0,"data":{"products":[]}}"#,
            r#"{"status":70000,"data":{"products":[]}}"#,
            r#"{"status":201,"data":"Products not found"}"#,
            r#"{"status":303,"data":{"errors":{"ids":"more than 100"}}}"#,
            r#"{"status":105,"data":"Rate limit exceeded"}"#,
            r#"[100,{"products":[{"id":1}]}]"#,
            r#"{"status":100,"data":{"products":[{"id":1,"title":"cut"#,
            "<html><title>Bad gateway</title></html>",
            "",
        ];
        let odd_bytes: &[&[u8]] = &[
            b"\xef\xbb\xbf{\"status\":100,\"data\":{\"products\":[{\"id\":1}]}}",
            b"{\"status\":100,\"data\":{\"products\":[{\"id\":1,\"title\":\"\xff\"}]}}",
            " \u{a0}{\"status\":100,\"data\":{\"products\":[{\"id\":2}]}}\n".as_bytes(),
        ];
        let bodies = answers.iter().map(|answer| answer.as_bytes());
        for body in bodies.chain(odd_bytes.iter().copied()) {
            let typed = decode_page(200, body, &[1, 2]);
            let tree = tree_page(body, &[1, 2]);
            let shown = String::from_utf8_lossy(body);
            assert_eq!(format!("{typed:?}"), format!("{tree:?}"), "{shown}");
        }
    }

    #[test]
    fn a_plain_page_is_read_in_the_typed_pass() {
        let body = br#"{"status":100,"data":{"products":[{"id":7,"title":"Ring","price":"1.00",
            "images":[{"url":"x"}]}],"missing":[8]}}"#;
        let listed = decode_export(200, body, None).unwrap_or_default();
        assert!(
            matches!(listed.as_slice(), [(7, Listed::Read(_))]),
            "{listed:?}"
        );
        assert!(parse_reply(200, body).is_ok());
    }
}
