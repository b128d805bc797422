//! Serde helpers for PHP's JSON: numbers as strings, `[]` for empty objects, lists as objects.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

use super::errors::shorten;

/// How a JSON value is named in an error message.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value PHP may send as a string or as a number: `"10"`, `10`, `10.0`.
/// Empty strings and null read as `None`; anything that does not parse as `T` is an error.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    struct StringOrNumber<T>(PhantomData<T>);

    impl<'de, T> Visitor<'de> for StringOrNumber<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a number")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<T>, E> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            match text.parse().or_else(|_| text.trim().parse()) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(E::custom(format!(
                    "cannot read {:?}: {e}",
                    shorten(text, 40)
                ))),
            }
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<T>, E> {
            self.visit_str(&n.to_string())
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<T>, E> {
            self.visit_str(&n.to_string())
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Option<T>, E> {
            self.visit_str(&n.to_string())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D2: Deserializer<'de>>(self, inner: D2) -> Result<Option<T>, D2::Error> {
            inner.deserialize_any(self)
        }
    }

    deserializer.deserialize_any(StringOrNumber(PhantomData))
}

/// An object that PHP sends as `[]` when it is empty (and as a list when its keys are 0..n).
pub fn object_or_empty<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = match Value::deserialize(deserializer)? {
        Value::Null => return Ok(T::default()),
        Value::Array(items) if items.is_empty() => return Ok(T::default()),
        Value::Array(items) => Value::Object(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| (index.to_string(), item))
                .collect(),
        ),
        other => other,
    };
    T::deserialize(value).map_err(de::Error::custom)
}

/// A list of products that PHP may send as an object keyed by position or id, each read as
/// `T` in the same pass; an error names the product by its place.
pub(super) fn rows_list_or_map<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Rows<T>(PhantomData<T>);

    fn at<E: de::Error>(index: usize, error: E) -> E {
        E::custom(format!("product #{}: {error}", index + 1))
    }

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Rows<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of products")
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            loop {
                match seq.next_element::<T>() {
                    Ok(Some(row)) => rows.push(row),
                    Ok(None) => return Ok(rows),
                    Err(error) => return Err(at(rows.len(), error)),
                }
            }
        }

        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
            let mut rows = Vec::new();
            while map.next_key::<de::IgnoredAny>()?.is_some() {
                rows.push(map.next_value::<T>().map_err(|e| at(rows.len(), e))?);
            }
            Ok(rows)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
            Err(not_a_list("a boolean"))
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
            Err(not_a_list("a number"))
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
            Err(not_a_list("a number"))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
            Err(not_a_list("a number"))
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
            Err(not_a_list("a string"))
        }
    }

    fn not_a_list<E: de::Error>(found: &str) -> E {
        E::custom(format!("expected a list of products, found {found}"))
    }

    deserializer.deserialize_any(Rows(PhantomData))
}

/// Checks, without keeping it, that a value has the shape `object_or_empty` accepts: an object,
/// a list (PHP's keyed by position) or null.
pub(super) fn object_shape<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    struct Shape;

    impl<'de> Visitor<'de> for Shape {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(())
        }

        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(())
        }

        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }

        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
    }

    deserializer.deserialize_any(Shape)
}

/// Category ids: `[224]`, `["224"]`, `"166"` or `"166,167"`.
pub fn id_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
    let items = match Value::deserialize(deserializer)? {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        Value::Object(map) => map.into_iter().map(|(_, item)| item).collect(),
        Value::String(text) => text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| Value::String(part.trim().to_owned()))
            .collect(),
        number @ Value::Number(_) => vec![number],
        Value::Bool(_) => return Err(de::Error::custom("expected category ids, found a boolean")),
    };
    items
        .iter()
        .map(|item| {
            let id = match item {
                Value::Number(n) => n.as_u64(),
                Value::String(text) => text.trim().parse().ok(),
                _ => None,
            };
            id.ok_or_else(|| {
                de::Error::custom(format!(
                    "not a category id: {}",
                    shorten(&item.to_string(), 40)
                ))
            })
        })
        .collect()
}

pub(super) fn some_id_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<u64>>, D::Error> {
    id_list(deserializer).map(Some)
}
