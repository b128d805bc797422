//! A list answer read in one pass: each row straight into the fields a summary reads, its
//! VAT class and its stock per warehouse, every other field skipped, with the same errors as
//! reading it as JSON first.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{WireProduct, malformed, parse_json, text_of, whole_of};
use crate::catalog::error::CatalogError;
use crate::catalog::model::{ProductSummary, WarehouseStock, WarehouseTable};

/// One row of a list answer.
#[derive(Default)]
struct Row {
    wire: WireProduct,
    vat_class: Value,
    warehouses: Vec<WarehouseStock>,
}

/// What a list answer holds: its rows' summaries, their stock per warehouse when any row
/// lists some, and the VAT class of each row that has one.
#[derive(Debug, Default)]
pub struct ListPage {
    pub summaries: Vec<ProductSummary>,
    pub warehouses: Option<WarehouseTable>,
    pub classes: Vec<u64>,
}

/// One entry of a row's `quantities`, as the sample in the platform notes shows it.
#[derive(Deserialize)]
struct ListedWarehouse {
    #[serde(default)]
    warehouse_id: Value,
    #[serde(default)]
    warehouse_code: Value,
    #[serde(default)]
    quantity: Value,
}

impl ListedWarehouse {
    /// judgment: an entry without a warehouse id or with a quantity that is not a whole number
    /// is left out, so that warehouse's cell reads unknown while the row's total still shows
    /// (opening the product names the problem).
    fn stock(self) -> Option<WarehouseStock> {
        Some(WarehouseStock {
            id: whole_of(&self.warehouse_id).and_then(|id| u64::try_from(id).ok())?,
            code: text_of(&self.warehouse_code).unwrap_or_default(),
            name: String::new(),
            quantity: whole_of(&self.quantity)?,
        })
    }
}

/// A row's `quantities`: an array of warehouse entries; any other value lists none, as when
/// the product is read whole.
struct Quantities(Vec<WarehouseStock>);

impl<'de> Deserialize<'de> for Quantities {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Quantities, D::Error> {
        struct Entries;

        impl<'de> Visitor<'de> for Entries {
            type Value = Quantities;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of warehouse quantities")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Quantities, A::Error> {
                let mut stock = Vec::new();
                while let Some(entry) = seq.next_element::<ListedWarehouse>()? {
                    stock.extend(entry.stock());
                }
                Ok(Quantities(stock))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Quantities, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Quantities(Vec::new()))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Quantities, E> {
                Ok(Quantities(Vec::new()))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Quantities, E> {
                Ok(Quantities(Vec::new()))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Quantities, E> {
                Ok(Quantities(Vec::new()))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Quantities, E> {
                Ok(Quantities(Vec::new()))
            }

            fn visit_str<E: de::Error>(self, _: &str) -> Result<Quantities, E> {
                Ok(Quantities(Vec::new()))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Quantities, E> {
                Ok(Quantities(Vec::new()))
            }
        }

        deserializer.deserialize_any(Entries)
    }
}

/// Every row of a list answer: a bare JSON array; an error names the row by its place.
struct Rows(Vec<Row>);

/// The fields of a row that are read.
enum Field {
    Id,
    Code,
    PartNumber,
    Name,
    Price1,
    Quantity,
    QuantityMonitor,
    IsActive,
    VatClassId,
    Quantities,
    Other,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        struct Name;

        impl Visitor<'_> for Name {
            type Value = Field;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
                Ok(match name {
                    "id" => Field::Id,
                    "code" => Field::Code,
                    "part_number" => Field::PartNumber,
                    "name" => Field::Name,
                    "price1" => Field::Price1,
                    "quantity" => Field::Quantity,
                    "quantity_monitor" => Field::QuantityMonitor,
                    "is_active" => Field::IsActive,
                    "vat_class_id" => Field::VatClassId,
                    "quantities" => Field::Quantities,
                    _ => Field::Other,
                })
            }
        }

        deserializer.deserialize_identifier(Name)
    }
}

fn not_an<E: de::Error>(what: &str, found: &str) -> E {
    E::custom(format!("expected {what}, found {found}"))
}

macro_rules! refuse_scalars {
    ($what:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(not_an($what, "a boolean"))
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(not_an($what, "a number"))
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(not_an($what, "a number"))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(not_an($what, "a number"))
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(not_an($what, "a string"))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(not_an($what, "null"))
        }
    };
}

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Row, D::Error> {
        struct Object;

        impl<'de> Visitor<'de> for Object {
            type Value = Row;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a product object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
                let mut row = Row::default();
                while let Some(field) = map.next_key::<Field>()? {
                    let wire = &mut row.wire;
                    let slot = match field {
                        Field::Id => &mut wire.id,
                        Field::Code => &mut wire.code,
                        Field::PartNumber => &mut wire.part_number,
                        Field::Name => &mut wire.name,
                        Field::Price1 => &mut wire.price1,
                        Field::Quantity => &mut wire.quantity,
                        Field::QuantityMonitor => &mut wire.quantity_monitor,
                        Field::IsActive => &mut wire.is_active,
                        Field::VatClassId => &mut row.vat_class,
                        Field::Quantities => {
                            row.warehouses = map.next_value::<Quantities>()?.0;
                            continue;
                        }
                        Field::Other => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = map.next_value()?;
                }
                Ok(row)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Row, A::Error> {
                Err(not_an("a product object", "an array"))
            }

            refuse_scalars!("a product object");
        }

        deserializer.deserialize_any(Object)
    }
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rows, D::Error> {
        struct List;

        impl<'de> Visitor<'de> for List {
            type Value = Rows;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of products")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
                let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                loop {
                    match seq.next_element::<Row>() {
                        Ok(Some(row)) => rows.push(row),
                        Ok(None) => return Ok(Rows(rows)),
                        Err(error) => {
                            return Err(de::Error::custom(format!(
                                "product #{}: {error}",
                                rows.len() + 1
                            )));
                        }
                    }
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Rows, A::Error> {
                Err(not_an("a list of products", "an object"))
            }

            refuse_scalars!("a list of products");
        }

        deserializer.deserialize_any(List)
    }
}

/// A list answer read: an error names the first row that does not map, by its place.
pub fn decode_page(status: u16, body: &[u8]) -> Result<ListPage, CatalogError> {
    let Rows(rows) = parse_json(status, body)?;
    let classes = rows
        .iter()
        .filter_map(|row| whole_of(&row.vat_class))
        .filter_map(|class| u64::try_from(class).ok())
        .filter(|class| *class > 0)
        .collect();
    let summaries = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            row.wire
                .summary()
                .map_err(|e| malformed(status, &format!("product #{}: {e}", index + 1)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let warehouses = WarehouseTable::of(rows.iter().map(|row| row.warehouses.as_slice()));
    Ok(ListPage {
        summaries,
        warehouses: (!warehouses.is_empty()).then_some(warehouses),
        classes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Stock;

    #[test]
    fn rows_read_in_one_pass_keep_the_errors_of_a_json_tree() {
        let body = br#"[{"id":3,"name":"Bolt","vat_class_id":"2","price1":"1.50","quantity":4,
            "quantities":[{"warehouse_id":1}],"extra":{"deep":[1,{"x":null}]}}]"#;
        let ListPage {
            summaries: rows,
            classes,
            ..
        } = decode_page(200, body).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name, "Bolt");
        assert_eq!(rows[0].stock, Stock::Quantity(4));
        assert_eq!(classes, vec![2]);

        let refused = |body: &[u8]| match decode_page(200, body) {
            Ok(_) => String::new(),
            Err(error) => error.to_string(),
        };
        let error = refused(br#"[{"id":1,"name":"A","quantity":"2"},[1,"x"]]"#);
        assert!(
            error.contains("product #2: expected a product object, found an array"),
            "{error}"
        );
        let error = refused(br#"{"id":1}"#);
        assert!(
            error.contains("expected a list of products, found an object"),
            "{error}"
        );
        let error = refused(br#"[{"name":"no id"}]"#);
        assert!(
            error.contains("product #1: a product without an integer id"),
            "{error}"
        );
    }

    #[test]
    fn each_rows_warehouses_come_beside_the_page_and_unreadable_entries_read_unknown() {
        let body = br#"[
            {"id":1,"quantity":"5","quantities":[
                {"warehouse_id":2,"warehouse_code":"EAST","quantity":"3"},
                {"warehouse_id":1,"warehouse_code":"MAIN","quantity":2,"extra":[1]}]},
            {"id":2,"quantities":[{"warehouse_code":"X","quantity":1},
                {"warehouse_id":1,"quantity":"1.5"},{"warehouse_id":2,"quantity":"7"}]},
            {"id":3,"quantities":null},
            {"id":4,"quantities":{"warehouse_id":1}}]"#;
        let page = decode_page(200, body).unwrap_or_default();
        assert_eq!(page.summaries.len(), 4);
        let table = page.warehouses.unwrap_or_default();
        let codes: Vec<&str> = table.heads().iter().map(|h| h.code.as_str()).collect();
        assert_eq!(codes, ["MAIN", "EAST"]);
        assert_eq!(
            (table.quantity(0, 1), table.quantity(0, 2)),
            (Some(2), Some(3))
        );
        assert_eq!(
            (table.quantity(1, 1), table.quantity(1, 2)),
            (None, Some(7))
        );
        assert_eq!((table.quantity(2, 1), table.quantity(3, 2)), (None, None));

        let bare = decode_page(200, br#"[{"id":1,"quantity":"5"}]"#).unwrap_or_default();
        assert_eq!(bare.summaries.len(), 1);
        assert_eq!(bare.warehouses, None);
    }
}
