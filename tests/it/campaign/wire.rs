//! The preview is what was sent: a batch's planned requests, shown before the yes, against
//! the requests the store recorded while the batch was sent.

use stockroom::basket::Outcome;
use stockroom::catalog::model::Platform;
use stockroom::sandbox::Endpoint;
use stockroom::secret::{Redactor, Secret};

use super::rig::BatchRecord;

/// The secret scrubbed as the transport scrubs it (Valigara's key has no user).
fn redactor(endpoint: &Endpoint) -> Redactor {
    let user = (endpoint.platform != Platform::Valigara && !endpoint.user.is_empty())
        .then_some(endpoint.user.as_str());
    Redactor::new(user, &Secret::new(endpoint.key.clone()))
}

/// When every item of `batch` was sent, the store received exactly the planned requests,
/// item after item, byte for byte.
pub fn preview_was_sent(endpoint: &Endpoint, batch: &BatchRecord) {
    if batch.outcomes.is_empty()
        || !batch
            .outcomes
            .iter()
            .all(|(_, outcome)| matches!(outcome, Outcome::Sent { .. }))
    {
        return;
    }
    let redactor = redactor(endpoint);
    let mut received = batch
        .received
        .iter()
        .map(|r| {
            (
                r.method.clone(),
                redactor.redact(&r.path),
                redactor.redact(&String::from_utf8_lossy(&r.body)),
            )
        })
        .peekable();
    let mut shown = Vec::new();
    let mut sent = Vec::new();
    for (item, _) in &batch.outcomes {
        let Some((_, Ok(plan))) = batch.plans.iter().find(|(id, _)| id == item) else {
            return;
        };
        let first = plan.first().map(|p| {
            (
                p.method.clone(),
                p.path.clone(),
                p.body.clone().unwrap_or_default(),
            )
        });
        if batch.creates.contains(item) && received.peek() != first.as_ref() {
            // The SKU lookup a create journals before its first send, not a part of the
            // write the preview shows (ARCHITECTURE: "a create is looked up by its SKU").
            received.next();
        }
        for planned in plan {
            shown.push((
                planned.method.clone(),
                planned.path.clone(),
                planned.body.clone().unwrap_or_default(),
            ));
            sent.extend(received.next());
        }
    }
    sent.extend(received);
    assert_eq!(
        shown, sent,
        "{}: the basket's preview is not what the store received",
        endpoint.platform
    );
}
