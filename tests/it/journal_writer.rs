//! The ordered journal writer: bursts of snapshots end as the newest on disk, and a batch is
//! sent only once the snapshot holding it is durable, however slow the disk.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::basket::{Change, Item, ItemId, ItemStatus, Outcome, StockChange, Target};
use stockroom::catalog::Connection;
use stockroom::catalog::model::{Platform, ProductId};
use stockroom::config::SecretSource;
use stockroom::journal::Journal;
use stockroom::journal::writer::{JournalWriter, Snapshot};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

fn snapshot(dir: &Path, entries: Vec<u32>) -> Result<Snapshot<Vec<u32>>, String> {
    Ok(Snapshot {
        journal: Journal::for_profile(dir, "shop"),
        profile: "shop".into(),
        base_url: "http://127.0.0.1:1/shop".into(),
        entries: Some(entries),
    })
}

fn on_disk(dir: &Path) -> Option<Vec<u32>> {
    let journal = Journal::for_profile(dir, "shop");
    journal
        .load_entries::<Vec<u32>>()
        .unwrap()
        .map(|envelope| envelope.entries)
}

#[tokio::test]
async fn a_burst_of_snapshots_leaves_the_newest_on_disk_without_writing_each() {
    let dir = tempfile::tempdir().unwrap();
    let failures = Arc::new(Mutex::new(Vec::new()));
    let heard = failures.clone();
    let writer = JournalWriter::spawn_slow(
        move |_, message| heard.lock().unwrap().push(message),
        Duration::from_millis(100),
    );
    let started = Instant::now();
    for last in 1..=40 {
        writer.save(0, snapshot(dir.path(), (1..=last).collect()));
    }
    assert!(
        started.elapsed() < Duration::from_millis(50),
        "queuing waits for no write"
    );
    writer.written(0).await.unwrap();
    assert_eq!(on_disk(dir.path()), Some((1..=40).collect()));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "forty writes of 100 ms each were not all made: {:?}",
        started.elapsed()
    );
    assert!(failures.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_wait_ends_only_when_the_snapshot_before_it_is_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let writer = JournalWriter::spawn_slow(|_, _| {}, Duration::from_millis(300));
    writer.save(0, snapshot(dir.path(), vec![1]));
    let first = writer.written(0);
    writer.save(0, snapshot(dir.path(), vec![1, 2]));
    let second = writer.written(0);
    assert_eq!(on_disk(dir.path()), None, "the writer is slow");
    first.await.unwrap();
    let seen = on_disk(dir.path());
    assert!(
        seen == Some(vec![1]) || seen == Some(vec![1, 2]),
        "{seen:?}"
    );
    second.await.unwrap();
    assert_eq!(on_disk(dir.path()), Some(vec![1, 2]));

    writer.save(
        0,
        Ok(Snapshot {
            entries: None,
            ..snapshot(dir.path(), vec![]).unwrap()
        }),
    );
    writer.written(0).await.unwrap();
    assert_eq!(
        on_disk(dir.path()),
        None,
        "an empty basket removes the file"
    );
}

/// A CS-Cart stand-in that records, for every request, what the journal held at that moment.
async fn watching_stub(journal: PathBuf) -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let router = Router::new().fallback(move || {
        let record = record.clone();
        let journal = journal.clone();
        async move {
            record
                .lock()
                .unwrap()
                .push(std::fs::read_to_string(&journal).ok());
            StatusCode::SERVICE_UNAVAILABLE
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/shop"), seen)
}

fn target(base_url: &str) -> ProfileTarget {
    ProfileTarget {
        name: "shop".into(),
        store: base_url.to_owned(),
        connection: Connection {
            platform: Platform::Cscart,
            base_url: base_url.to_owned(),
            user: Some("admin@example.com".into()),
            timeout: Duration::from_secs(5),
            read_only: false,
            requests_per_second: None,
        },
        secret: SecretSource {
            value: Some("s3cret-api-key".into()),
            ..Default::default()
        },
    }
}

fn item() -> Item {
    Item {
        id: ItemId(1),
        target: Target {
            id: Some(ProductId("12".into())),
            sku: "RING-0012".into(),
            name: "Ring".into(),
        },
        change: Change::Edit {
            stock: Some(StockChange::Set { from: 3, to: 5 }),
            fields: vec![],
        },
        status: ItemStatus::Sending,
        sku_owners_before: None,
        maybe_applied: false,
    }
}

/// Saves then sends one item, as `update` asks when a basket is confirmed; every action
/// up to the end of the batch.
async fn save_then_send(
    runner: &mut Runner,
    actions: &mut UnboundedReceiver<Action>,
) -> Vec<Action> {
    runner.connect(0).await.unwrap();
    let started = Instant::now();
    runner.run(Effect::SaveJournal {
        profile: 0,
        items: vec![item()],
    });
    runner.run(Effect::SendBatch {
        profile: 0,
        items: vec![item()],
    });
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "the loop waited {:?} for the journal",
        started.elapsed()
    );
    let mut seen = Vec::new();
    while let Ok(Some(action)) = tokio::time::timeout(Duration::from_secs(20), actions.recv()).await
    {
        let finished = action == Action::BatchFinished { profile: 0 };
        seen.push(action);
        if finished {
            break;
        }
    }
    assert_eq!(
        seen.last(),
        Some(&Action::BatchFinished { profile: 0 }),
        "{seen:?}"
    );
    seen
}

#[tokio::test]
async fn a_batch_is_sent_only_once_its_snapshot_is_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::for_profile(dir.path(), "shop");
    let (url, requests) = watching_stub(journal.path().to_owned()).await;
    let (sender, mut actions) = unbounded_channel();
    let mut runner = Runner::new(vec![target(&url)], sender, Some(dir.path().to_owned()))
        .with_slow_journal(Duration::from_millis(500));
    save_then_send(&mut runner, &mut actions).await;
    let requests = requests.lock().unwrap();
    let first = requests.first().expect("the item was sent");
    assert!(
        first
            .as_deref()
            .is_some_and(|text| text.contains("RING-0012")),
        "the first request came before the journal held the item: {first:?}"
    );
}

#[tokio::test]
async fn nothing_is_sent_when_the_journal_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "a file where the journal directory should be").unwrap();
    let journal_dir = blocker.join("journal");
    let (url, requests) =
        watching_stub(Journal::for_profile(&journal_dir, "shop").path().to_owned()).await;
    let (sender, mut actions) = unbounded_channel();
    let mut runner = Runner::new(vec![target(&url)], sender, Some(journal_dir));
    let seen = save_then_send(&mut runner, &mut actions).await;
    assert!(
        seen.iter()
            .any(|a| matches!(a, Action::JournalWriteFailed { .. })),
        "{seen:?}"
    );
    let settled = seen.iter().find_map(|a| match a {
        Action::ItemSettled {
            outcome: Outcome::Failed(message),
            ..
        } => Some(message.clone()),
        _ => None,
    });
    assert!(
        settled.is_some_and(|m| m.starts_with("not sent: the journal could not be written")),
        "{seen:?}"
    );
    assert!(requests.lock().unwrap().is_empty(), "a request was sent");
}

#[tokio::test]
async fn a_write_that_succeeds_after_a_failure_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("journal");
    std::fs::write(&blocker, "a file where the journal directory should be").unwrap();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let hearing = heard.clone();
    let writer =
        JournalWriter::spawn(move |key, failure| hearing.lock().unwrap().push((key, failure)));
    writer.save(0, snapshot(&blocker, vec![1]));
    assert!(writer.written(0).await.is_err(), "the directory is a file");
    std::fs::remove_file(&blocker).unwrap();
    writer.save(0, snapshot(&blocker, vec![1, 2]));
    writer.written(0).await.unwrap();
    writer.save(0, snapshot(&blocker, vec![1, 2, 3]));
    writer.written(0).await.unwrap();
    let heard = heard.lock().unwrap();
    assert_eq!(heard.len(), 2, "one failure, one recovery: {heard:?}");
    assert!(heard[0].1.is_some(), "{heard:?}");
    assert_eq!(heard[1], (0, None), "the recovery, once");
    assert_eq!(on_disk(&blocker), Some(vec![1, 2, 3]));
}
