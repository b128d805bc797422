//! The campaign's checks can fail: a write made behind the pipeline's back is reported, and
//! the operations the generator leans on do stage and send what they say.

use std::time::Duration;

use stockroom::catalog::model::Platform;

use super::model::Model;
use super::ops::Op;
use super::rig::Rig;
use super::user;
use crate::support::sandbox;

/// Runs `ops`, sends what is left, and returns the model and the store's differences from it
/// after `meddle` (given the first product's id and stock) wrote to the store directly.
async fn after(platform: Platform, ops: &[Op], meddle: Option<i64>) -> (Model, Model, Vec<String>) {
    let mut rig = Rig::start(platform).await;
    let connection = sandbox::connection(&rig.endpoint, Duration::from_secs(10), false);
    let (catalog, _) = sandbox::connect(&connection, &rig.endpoint.key);
    let start = Model::read(&catalog).await;
    let mut model = Model::read(&catalog).await;
    for op in ops {
        user::apply(&mut rig, &mut model, op).await;
    }
    user::send(&mut rig, &mut model).await;
    assert!(rig.state.session.basket.is_empty(), "everything was sent");
    if let Some(by) = meddle {
        let id = model.pick(0).unwrap();
        let stock = model.wanted[&id].stock;
        catalog.set_stock(&id, stock + by).await.result.unwrap();
    }
    let differences = model.differences(&catalog).await;
    (start, model, differences)
}

#[tokio::test]
async fn a_write_behind_the_pipelines_back_is_a_difference() {
    let (_, _, differences) = after(
        Platform::Cscart,
        &[Op::Adjust {
            product: 0,
            delta: 3,
        }],
        Some(1),
    )
    .await;
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert!(differences[0].contains("stock"), "{differences:?}");
}

#[tokio::test]
async fn each_kind_of_operation_changes_the_store_as_the_model_says() {
    let cases = [
        (
            Platform::Cscart,
            Op::Adjust {
                product: 1,
                delta: -2,
            },
        ),
        (
            Platform::Cscart,
            Op::Price {
                product: 2,
                cents: 1234,
            },
        ),
        (Platform::Cscart, Op::Create { stock: 4 }),
        (
            Platform::Valigara,
            Op::Sold {
                product: 1,
                quantity: 1,
            },
        ),
        (Platform::Valigara, Op::Name { product: 1, tag: 7 }),
        (Platform::Valigara, Op::Delete { product: 3 }),
        (
            Platform::B2bwave,
            Op::Warehouse {
                product: 1,
                delta: 2,
            },
        ),
        (Platform::B2bwave, Op::Set { product: 2, to: 9 }),
        (
            Platform::Ugal,
            Op::Tier {
                product: 0,
                cents: 4321,
            },
        ),
        (
            Platform::Ugal,
            Op::Price {
                product: 1,
                cents: 999,
            },
        ),
    ];
    for (platform, op) in cases {
        let (start, model, differences) = after(platform, std::slice::from_ref(&op), None).await;
        assert!(differences.is_empty(), "{platform} {op:?}: {differences:?}");
        assert!(
            start.wanted != model.wanted || !model.created.is_empty(),
            "{platform} {op:?} changed nothing"
        );
    }
}
