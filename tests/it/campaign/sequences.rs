//! Random sequences on every platform, shrunk to a minimal one on failure: after each, with
//! the faults gone and the basket sent, the store holds exactly what the user asked for.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use proptest::collection::vec;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use stockroom::app::state::Layer;
use stockroom::catalog::model::Platform;

use super::model::Model;
use super::ops::{self, Op};
use super::rig::Rig;
use crate::support::sandbox;

/// Sequences `cargo test` runs on each platform (four platforms: 200 in all).
const DEFAULT_PER_PLATFORM: u32 = 50;
/// Sends with the faults gone before a basket left unsent is a violation.
const FLUSHES: usize = 4;

/// How many sequences each platform runs: `STOCKROOM_CAMPAIGN` (in all) when set.
fn per_platform() -> u32 {
    std::env::var("STOCKROOM_CAMPAIGN")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(DEFAULT_PER_PLATFORM, |all| all.div_ceil(4))
}

fn process() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Runs `ops` on a fresh sandbox and returns every violation found. The sandbox has a
/// runtime of its own; the UI's runtime is dropped by a crash, every task of it with it.
pub fn run(platform: Platform, ops: &[Op]) -> Vec<String> {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let store = Rig::sandbox_on(&server);
    let mut runtime = process();
    let mut rig = runtime.block_on(Rig::on(store, platform));
    let connection = sandbox::connection(&rig.endpoint, Duration::from_secs(10), false);
    let (catalog, _) = server.block_on(async { sandbox::connect(&connection, &rig.endpoint.key) });
    let mut model = server.block_on(Model::read(&catalog));
    for op in ops {
        if let Op::Crash { after_ms } = *op {
            runtime.block_on(ops::send_then_crash(&mut rig, &mut model, after_ms));
            drop(runtime);
            runtime = process();
            runtime.block_on(rig.restart());
            model.restarted();
        } else {
            runtime.block_on(ops::apply(&mut rig, &mut model, op));
        }
    }
    let mut violations = runtime.block_on(async {
        rig.sandbox.faults().clear();
        for _ in 0..FLUSHES {
            if rig.state.session.basket.is_empty() {
                break;
            }
            ops::send(&mut rig, &mut model).await;
            rig.close_to_list().await;
        }
        let mut violations = Vec::new();
        if !rig.state.session.basket.is_empty() {
            let left: Vec<String> = rig
                .state
                .session
                .basket
                .items
                .iter()
                .map(|item| format!("{} {:?} {:?}", item.target.sku, item.change, item.status))
                .collect();
            violations.push(format!(
                "left unsent with no fault armed, after {FLUSHES} sends: {left:?}"
            ));
        }
        assert!(matches!(rig.state.top(), Layer::List));
        violations
    });
    violations.extend(server.block_on(model.differences(&catalog)));
    drop(rig);
    violations
}

/// Asserts that `ops` leaves the store as asked: the regression tests' check.
pub fn check(platform: Platform, ops: &[Op]) {
    let violations = run(platform, ops);
    assert!(violations.is_empty(), "{platform}: {violations:#?}");
}

/// The seed of `platform`'s sequences, fixed so every run tries the same ones.
fn seed(platform: Platform) -> [u8; 32] {
    let mut seed = [7u8; 32];
    seed[0] = platform as u8;
    seed
}

/// Sequences run in this test binary, in all.
pub static SEQUENCES: AtomicUsize = AtomicUsize::new(0);

fn campaign(platform: Platform) {
    let config = Config {
        cases: per_platform(),
        failure_persistence: None,
        max_shrink_iters: 400,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed(platform));
    let mut runner = TestRunner::new_with_rng(config, rng);
    let started = std::time::Instant::now();
    let result = runner.run(&vec(ops::op(platform), 1..14), |ops| {
        SEQUENCES.fetch_add(1, Ordering::Relaxed);
        let violations = run(platform, &ops);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(TestCaseError::fail(format!("{violations:#?}")))
        }
    });
    if let Err(error) = result {
        panic!("{platform}: {error}");
    }
    eprintln!(
        "campaign {platform}: {} sequences, 0 violations, {:?}",
        per_platform(),
        started.elapsed()
    );
}

#[test]
fn cscart_sequences_lose_and_double_nothing() {
    campaign(Platform::Cscart);
}

#[test]
fn valigara_sequences_lose_and_double_nothing() {
    campaign(Platform::Valigara);
}

#[test]
fn b2bwave_sequences_lose_and_double_nothing() {
    campaign(Platform::B2bwave);
}

#[test]
fn ugal_sequences_lose_and_double_nothing() {
    campaign(Platform::Ugal);
}
