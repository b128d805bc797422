//! Flattens a product's platform JSON into labelled one-line fields for the detail pane.

use serde_json::Value;

/// One line of the detail pane: a dotted path and its value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub path: String,
    pub value: String,
}

/// Every leaf of `value` as `path = value`, in the order the platform sent them.
/// Arrays of plain values stay on one line (`[224, 225]`); empty ones read `[]` / `{}`.
pub fn flatten(value: &Value) -> Vec<Field> {
    let mut fields = Vec::new();
    walk(value, String::new(), &mut fields);
    fields
}

fn walk(value: &Value, path: String, out: &mut Vec<Field>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(child, child_path, out);
            }
        }
        Value::Array(items) if items.iter().any(|item| item.is_object() || item.is_array()) => {
            for (index, child) in items.iter().enumerate() {
                walk(child, format!("{path}[{index}]"), out);
            }
        }
        leaf => out.push(Field {
            path,
            value: leaf_text(leaf),
        }),
    }
}

fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "null".into(),
        Value::Object(_) => "{}".into(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(leaf_text).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_values_get_dotted_paths() {
        let fields = flatten(&json!({
            "product": "100g Pants",
            "category_ids": [224],
            "main_pair": {"detailed": {"image_x": "500"}},
            "product_features": [],
            "options_type_raw": null
        }));
        let lines: Vec<String> = fields
            .iter()
            .map(|f| format!("{} = {}", f.path, f.value))
            .collect();
        assert_eq!(
            lines,
            [
                "product = 100g Pants",
                "category_ids = [224]",
                "main_pair.detailed.image_x = 500",
                "product_features = []",
                "options_type_raw = null"
            ]
        );
    }
}
