//! One Valigara jewelry product as stored by the sandbox, and its wire form.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::inspect::export::rfc3339_millis;

#[derive(Debug, Clone, PartialEq)]
pub struct Metal {
    pub kind: String,
    pub purity: String,
    pub weight: Option<Decimal>,
    pub weight_unit: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gemstone {
    pub kind: String,
    pub shape: String,
    pub carat: Option<Decimal>,
    pub color: String,
    pub clarity: String,
    pub count: u64,
    pub setting: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub url: String,
    pub position: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub account_id: u64,
    pub channel: &'static str,
    pub listing_id: String,
    /// `listed` or `ended`.
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: u64,
    pub sku: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub price: Decimal,
    pub currency: String,
    pub quantity: u64,
    pub status: String,
    pub metals: Vec<Metal>,
    pub gemstones: Vec<Gemstone>,
    pub images: Vec<Image>,
    pub channels: Vec<Channel>,
    /// Milliseconds since the Unix epoch.
    pub updated_at: u64,
}

impl Product {
    pub fn empty(id: u64) -> Product {
        Product {
            id,
            sku: String::new(),
            title: String::new(),
            description: String::new(),
            category: String::new(),
            price: Decimal::ZERO,
            currency: "USD".to_string(),
            quantity: 0,
            status: "active".to_string(),
            metals: Vec::new(),
            gemstones: Vec::new(),
            images: Vec::new(),
            channels: Vec::new(),
            updated_at: 0,
        }
    }

    pub fn render(&self) -> Value {
        json!({
            "id": self.id,
            "sku": self.sku,
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "price": money(self.price),
            "currency": self.currency,
            "quantity": self.quantity,
            "status": self.status,
            "metals": self.metals.iter().map(|m| json!({
                "type": m.kind,
                "purity": m.purity,
                "weight": m.weight.map_or(String::new(), measure),
                "weight_unit": m.weight_unit,
            })).collect::<Vec<_>>(),
            "gemstones": self.gemstones.iter().map(|g| json!({
                "type": g.kind,
                "shape": g.shape,
                "carat": g.carat.map_or(String::new(), measure),
                "color": g.color,
                "clarity": g.clarity,
                "count": g.count,
                "setting": g.setting,
            })).collect::<Vec<_>>(),
            "images": self.images.iter().map(|i| json!({
                "url": i.url,
                "position": i.position,
            })).collect::<Vec<_>>(),
            "channels": self.channels.iter().map(|c| json!({
                "account_id": c.account_id,
                "channel": c.channel,
                "listing_id": c.listing_id,
                "status": c.status,
            })).collect::<Vec<_>>(),
            "updated_at": timestamp(self.updated_at),
        })
    }
}

/// Money with exactly two decimals: `1249.00`.
pub fn money(value: Decimal) -> String {
    let mut v = value;
    v.rescale(2);
    v.to_string()
}

/// A weight or carat with at least two decimals: `3.20`, `0.005`.
pub fn measure(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    v.to_string()
}

/// RFC 3339 UTC with milliseconds, so that two writes in one second still differ.
pub fn timestamp(millis: u64) -> String {
    rfc3339_millis(std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis))
}
