//! `/_faults`, the sandbox's control endpoint: `GET` lists the armed faults, `POST` arms
//! more, `DELETE` disarms all of them, `DELETE /_faults/{id}` one.
//!
//! A POST body is JSON: a spec string (`"timeout@cscart/stock x1"`), an array of them, or
//! an object `{"kind": "status:503", "store": "cscart", "op": "stock", "times": 2}` (all but
//! `kind` optional; `times` a number or `"always"`), or an array of those. A body that is
//! not JSON is read as specs, one a line, so `curl -d 'reset@ugal' URL/_faults` works.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{BadFault, Fault, Faults, Operation, Target};

pub fn routes(faults: Faults) -> Router {
    Router::new()
        .route("/_faults", get(list).post(add).delete(clear))
        .route("/_faults/{id}", delete(remove))
        .with_state(faults)
}

async fn list(State(faults): State<Faults>) -> Response {
    axum::Json(faults.list()).into_response()
}

async fn clear(State(faults): State<Faults>) -> Response {
    faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn remove(State(faults): State<Faults>, Path(id): Path<String>) -> Response {
    match id.parse::<u64>() {
        Ok(id) if faults.remove(id) => StatusCode::NO_CONTENT.into_response(),
        _ => refused(
            StatusCode::NOT_FOUND,
            &format!("no armed fault has id {id}"),
        ),
    }
}

/// Arms every fault in the body, or none when one of them is wrong.
async fn add(State(faults): State<Faults>, body: Bytes) -> Response {
    let parsed = match serde_json::from_slice::<Value>(&body) {
        Ok(value) => from_json(value),
        Err(_) => String::from_utf8_lossy(&body)
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::parse)
            .collect(),
    };
    match parsed {
        Ok(new) if new.is_empty() => refused(StatusCode::BAD_REQUEST, "no fault given"),
        Ok(new) => {
            let ids: Vec<u64> = new.into_iter().map(|fault| faults.add(fault)).collect();
            let added: Vec<_> = faults
                .list()
                .into_iter()
                .filter(|status| ids.contains(&status.id))
                .collect();
            (StatusCode::CREATED, axum::Json(added)).into_response()
        }
        Err(BadFault(message)) => refused(StatusCode::BAD_REQUEST, &message),
    }
}

fn refused(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Count {
    Number(u32),
    Word(String),
}

#[derive(Deserialize)]
struct Spelled {
    kind: String,
    store: Option<String>,
    op: Option<String>,
    times: Option<Count>,
}

fn from_json(value: Value) -> Result<Vec<Fault>, BadFault> {
    match value {
        Value::Array(items) => items.into_iter().try_fold(Vec::new(), |mut all, item| {
            all.extend(from_json(item)?);
            Ok(all)
        }),
        Value::String(spec) => Ok(vec![spec.parse()?]),
        Value::Object(_) => {
            let spelled: Spelled = serde_json::from_value(value)
                .map_err(|e| BadFault(format!("a fault object: {e}")))?;
            let mut fault = Fault::new(spelled.kind.parse()?);
            if let Some(store) = spelled.store {
                fault = fault.at(store.parse::<Target>()?);
            }
            if let Some(op) = spelled.op {
                fault = fault.on(op.parse::<Operation>()?);
            }
            match spelled.times {
                None => {}
                Some(Count::Number(0)) => {
                    return Err(BadFault("times must be at least 1".into()));
                }
                Some(Count::Number(n)) => fault = fault.times(n),
                Some(Count::Word(word)) if word == "always" => fault = fault.always(),
                Some(Count::Word(word)) if word == "once" => fault = fault.times(1),
                Some(Count::Word(word)) => {
                    return Err(BadFault(format!(
                        "times must be a number, \"once\" or \"always\", not {word:?}"
                    )));
                }
            }
            Ok(vec![fault])
        }
        other => Err(BadFault(format!(
            "a fault is a spec string or an object, not {other}"
        ))),
    }
}
