//! A reply as a tree of named elements, written as escaped XML or as the contract's JSON.

use quick_xml::escape::escape;
use serde_json::{Map, Value};

/// One element's content. JSON: text is a string, a record an object, a list an array.
pub enum Node {
    Text(String),
    Record(Vec<(&'static str, Node)>),
    /// Repeated child elements, each named by the first field.
    List(&'static str, Vec<Node>),
}

impl Node {
    /// The same record without its field `name`; anything else unchanged.
    pub fn without(self, name: &str) -> Node {
        match self {
            Node::Record(fields) => {
                Node::Record(fields.into_iter().filter(|(key, _)| *key != name).collect())
            }
            other => other,
        }
    }

    pub fn text(value: impl Into<String>) -> Node {
        Node::Text(value.into())
    }
}

/// The document `<root>…</root>`, with the XML declaration.
pub fn xml(root: &str, node: &Node) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write(&mut out, root, node);
    out
}

fn write(out: &mut String, name: &str, node: &Node) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match node {
        Node::Text(text) => out.push_str(&escape(text.as_str())),
        Node::Record(fields) => {
            for (field, child) in fields {
                write(out, field, child);
            }
        }
        Node::List(item, children) => {
            for child in children {
                write(out, item, child);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// `{"root": …}`: element names as keys, repeated elements as arrays, numbers as strings.
pub fn json(root: &str, node: &Node) -> Value {
    let mut map = Map::new();
    map.insert(root.to_string(), value(node));
    Value::Object(map)
}

fn value(node: &Node) -> Value {
    match node {
        Node::Text(text) => Value::String(text.clone()),
        Node::Record(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, child)| ((*name).to_string(), value(child)))
                .collect(),
        ),
        Node::List(_, children) => Value::Array(children.iter().map(value).collect()),
    }
}
