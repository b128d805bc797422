//! `product_listfields`: the field descriptors, their readable preview, and the edit form built from them.

use serde::Deserialize;

use super::client::{ValigaraClient, action};
use super::reply::data;
use crate::catalog::Traced;
use crate::catalog::fields::{Field, FieldKind, FieldSpec};
use crate::catalog::http::Request;

/// One field a client may send to `product_import` / `product_update`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FieldDescriptor {
    pub name: String,
    /// `string`, `text`, `decimal`, `integer`, `enum` or `array`.
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub max_length: Option<u64>,
    /// The allowed words of an `enum`.
    #[serde(default)]
    pub values: Vec<String>,
    /// An `array` entry's own descriptors.
    #[serde(default)]
    pub fields: Vec<FieldDescriptor>,
}

impl ValigaraClient {
    pub async fn list_fields(&self) -> Traced<Vec<FieldDescriptor>> {
        self.run(Ok(action("product_listfields", None)), false, data)
            .await
    }

    /// The same list as readable lines, e.g. `price (decimal, required): Price`.
    pub async fn list_fields_preview(&self) -> Traced<Vec<String>> {
        self.run(Ok(preview_request()), false, data).await
    }

    /// The edit form from the server's own field list.
    pub async fn form_fields(&self) -> Traced<Vec<FieldSpec>> {
        self.list_fields().await.map(|fields| form_specs(&fields))
    }
}

fn preview_request() -> Request {
    let mut request = action("product_listfields", None);
    if let Some(form) = request.form.as_mut() {
        form.push(("preview".to_owned(), "1".to_owned()));
    }
    request
}

/// The descriptors Stockroom has a neutral field for, in form order; the others
/// (category, metals, gemstones, images, ...) are left to the raw editor.
pub fn form_specs(fields: &[FieldDescriptor]) -> Vec<FieldSpec> {
    let neutral = [
        ("title", Field::Name),
        ("sku", Field::Sku),
        ("price", Field::Price),
        ("quantity", Field::Stock),
        ("status", Field::Status),
        ("description", Field::Description),
    ];
    neutral
        .iter()
        .filter_map(|(name, field)| {
            let descriptor = fields.iter().find(|d| d.name == *name)?;
            let kind = match (field, descriptor.kind.as_str()) {
                (Field::Status, _) => FieldKind::Choice(descriptor.values.clone()),
                (Field::Price, _) => FieldKind::Money,
                (Field::Stock, _) => FieldKind::Integer,
                (_, "text") => FieldKind::LongText,
                _ => FieldKind::Text,
            };
            Some(FieldSpec {
                field: *field,
                kind,
                required: descriptor.required,
            })
        })
        .collect()
}
