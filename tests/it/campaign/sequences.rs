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
use super::user;
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
            runtime.block_on(user::send_then_crash(&mut rig, &mut model, after_ms));
            drop(runtime);
            runtime = process();
            runtime.block_on(rig.restart());
            model.restarted();
        } else {
            runtime.block_on(user::apply(&mut rig, &mut model, op));
        }
    }
    let mut violations = runtime.block_on(async {
        rig.sandbox.faults().clear();
        for _ in 0..FLUSHES {
            if rig.state.session.basket.is_empty() {
                break;
            }
            user::send(&mut rig, &mut model).await;
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
    TALLY.sequences.fetch_add(1, Ordering::Relaxed);
    TALLY.operations.fetch_add(ops.len(), Ordering::Relaxed);
    TALLY
        .conflicts
        .fetch_add(model.conflicts.len(), Ordering::Relaxed);
    TALLY.refusals.fetch_add(model.refusals, Ordering::Relaxed);
    let fired = usize::try_from(rig.sandbox.faults().fired()).unwrap_or(usize::MAX);
    TALLY.faults_fired.fetch_add(fired, Ordering::Relaxed);
    drop(rig);
    violations
}

/// Asserts that `ops` leaves the store as asked: the regression tests' check.
pub fn check(platform: Platform, ops: &[Op]) {
    let violations = run(platform, ops);
    assert!(violations.is_empty(), "{platform}: {violations:#?}");
}

/// Each platform's sequences run in this many threads, each from its own seed: a sequence
/// spends most of its time waiting on the network.
const CHUNKS: u32 = 4;

/// The fixed seed of one chunk of `platform`'s sequences: every run tries the same ones.
fn seed(platform: Platform, chunk: u32) -> [u8; 32] {
    let mut seed = [7u8; 32];
    seed[0] = platform as u8;
    seed[1] = chunk as u8;
    seed
}

/// What the sequences did, in all: printed for the record in RELIABILITY.md.
#[derive(Default)]
pub struct Tally {
    pub sequences: AtomicUsize,
    pub operations: AtomicUsize,
    pub faults_fired: AtomicUsize,
    pub conflicts: AtomicUsize,
    pub refusals: AtomicUsize,
}

pub static TALLY: Tally = Tally {
    sequences: AtomicUsize::new(0),
    operations: AtomicUsize::new(0),
    faults_fired: AtomicUsize::new(0),
    conflicts: AtomicUsize::new(0),
    refusals: AtomicUsize::new(0),
};

fn chunk(platform: Platform, chunk: u32, cases: u32) -> Result<(), String> {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 400,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed(platform, chunk));
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&vec(ops::op(platform), 1..14), |ops| {
        let violations = run(platform, &ops);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(TestCaseError::fail(format!("{violations:#?}")))
        }
    });
    result.map_err(|error| format!("{platform}, chunk {chunk}: {error}"))
}

fn campaign(platform: Platform) {
    let started = std::time::Instant::now();
    let cases = per_platform().div_ceil(CHUNKS);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = (0..CHUNKS)
            .map(|n| scope.spawn(move || chunk(platform, n, cases)))
            .collect();
        chunks
            .into_iter()
            .filter_map(|c| c.join().expect("a chunk ends").err())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!(
        "campaign {platform}: {} sequences, 0 violations, {:?}; all platforms so far: \
         {} sequences, {} operations, {} faults fired, {} conflicts resolved, {} edits refused",
        cases * CHUNKS,
        started.elapsed(),
        TALLY.sequences.load(Ordering::Relaxed),
        TALLY.operations.load(Ordering::Relaxed),
        TALLY.faults_fired.load(Ordering::Relaxed),
        TALLY.conflicts.load(Ordering::Relaxed),
        TALLY.refusals.load(Ordering::Relaxed),
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
