//! One thread writes every journal, in the order snapshots are queued, so no caller waits on
//! fsync; it holds the lock of every journal it writes until it stops.

use std::collections::HashMap;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::oneshot;

use super::Journal;
use super::lock::{Claimed, LockError};

/// What the writer records in the lock files it takes: the UI is the one process using it.
const HOLDER_COMMAND: &str = "stockroom";

/// What `JournalWriter::open` hands its work: the journal, locked by this process, or who
/// holds it.
pub type Opening<'a> = Result<&'a mut Claimed, LockError>;

/// What one journal should hold from now on: `entries`, or no file at all when `None`.
#[derive(Debug, Clone)]
pub struct Snapshot<T> {
    pub journal: Journal,
    pub profile: String,
    pub base_url: String,
    pub entries: Option<T>,
}

/// Either a snapshot to write, or why there is nothing to write it to (no data directory).
pub type Queued<T> = Result<Snapshot<T>, String>;

enum Job<T> {
    Save {
        key: usize,
        snapshot: Queued<T>,
    },
    Run {
        key: usize,
        work: Box<dyn FnOnce() + Send>,
    },
    Open {
        key: usize,
        journal: Journal,
        profile: String,
        work: Box<dyn FnOnce(Opening<'_>) + Send>,
    },
    Written {
        key: usize,
        reply: oneshot::Sender<Result<(), String>>,
    },
}

/// Sends jobs to the writer thread. Jobs for one key (a profile) run in the order they were
/// queued; a snapshot followed by a newer one of the same key, with nothing waiting on it in
/// between, is skipped: the newer one holds everything it would have written.
pub struct JournalWriter<T> {
    jobs: mpsc::Sender<Job<T>>,
}

impl<T> Clone for JournalWriter<T> {
    fn clone(&self) -> Self {
        JournalWriter {
            jobs: self.jobs.clone(),
        }
    }
}

const STOPPED: &str = "the journal writer stopped (a bug; see the log)";

impl<T: Serialize + Send + 'static> JournalWriter<T> {
    /// Starts the thread; `on_failure` hears every failed write with its key, and `None` for
    /// the first write of that key that succeeds after a failure (it runs on that thread).
    pub fn spawn(on_failure: impl Fn(usize, Option<String>) + Send + 'static) -> JournalWriter<T> {
        JournalWriter::spawn_slow(on_failure, Duration::ZERO)
    }

    /// A writer that waits `delay` before each write: a slow disk, for tests.
    pub fn spawn_slow(
        on_failure: impl Fn(usize, Option<String>) + Send + 'static,
        delay: Duration,
    ) -> JournalWriter<T> {
        let (jobs, queue) = mpsc::channel();
        let started = std::thread::Builder::new()
            .name("journal-writer".to_owned())
            .spawn(move || work_through(&queue, &on_failure, delay));
        if let Err(error) = started {
            tracing::error!(%error, "the journal writer could not start");
        }
        JournalWriter { jobs }
    }

    /// Queues a snapshot of `key`'s journal and returns at once.
    pub fn save(&self, key: usize, snapshot: Queued<T>) {
        if self.jobs.send(Job::Save { key, snapshot }).is_err() {
            tracing::error!("{STOPPED}");
        }
    }

    /// Runs `work` on the writer thread after every job of `key` queued before it
    /// (reading a journal that may be being written).
    pub fn run(&self, key: usize, work: impl FnOnce() + Send + 'static) {
        let work = Box::new(work);
        if self.jobs.send(Job::Run { key, work }).is_err() {
            tracing::error!("{STOPPED}");
        }
    }

    /// Takes `journal`'s lock (kept until the writer stops) after every job of `key` queued
    /// before, then runs `work` with it on the writer thread: reading the journal there is
    /// what allows writing it later (`Claimed`).
    pub fn open(
        &self,
        key: usize,
        journal: Journal,
        profile: String,
        work: impl FnOnce(Opening<'_>) + Send + 'static,
    ) {
        let work = Box::new(work);
        let job = Job::Open {
            key,
            journal,
            profile,
            work,
        };
        if self.jobs.send(job).is_err() {
            tracing::error!("{STOPPED}");
        }
    }

    /// Resolves once every snapshot of `key` queued before this call is on disk (or was
    /// superseded by a newer one that is): `Err` says why the last write of `key` failed.
    pub fn written(&self, key: usize) -> impl Future<Output = Result<(), String>> + use<T> {
        let (reply, answer) = oneshot::channel();
        let queued = self.jobs.send(Job::Written { key, reply }).is_ok();
        async move {
            if !queued {
                return Err(STOPPED.to_owned());
            }
            answer.await.unwrap_or_else(|_| Err(STOPPED.to_owned()))
        }
    }
}

fn work_through<T: Serialize>(
    queue: &mpsc::Receiver<Job<T>>,
    on_failure: &dyn Fn(usize, Option<String>),
    delay: Duration,
) {
    let mut last: HashMap<usize, Result<(), String>> = HashMap::new();
    let mut claims: HashMap<PathBuf, Claimed> = HashMap::new();
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter());
        let wanted = still_wanted(&batch);
        for (job, wanted) in batch.into_iter().zip(wanted) {
            match job {
                Job::Save { key, snapshot } if wanted => {
                    std::thread::sleep(delay);
                    let result = write(&mut claims, snapshot);
                    match &result {
                        Err(message) => on_failure(key, Some(message.clone())),
                        Ok(()) if matches!(last.get(&key), Some(Err(_))) => on_failure(key, None),
                        Ok(()) => {}
                    }
                    last.insert(key, result);
                }
                Job::Save { .. } => {}
                Job::Run { work, .. } => work(),
                Job::Open {
                    journal,
                    profile,
                    work,
                    ..
                } => work(claim(&mut claims, journal, &profile)),
                Job::Written { key, reply } => {
                    let _ = reply.send(last.get(&key).cloned().unwrap_or(Ok(())));
                }
            }
        }
    }
}

/// Which jobs of a batch to carry out: a save is skipped when a later save of the same key
/// follows with no other job of that key between them.
fn still_wanted<T>(batch: &[Job<T>]) -> Vec<bool> {
    let mut saved_later = HashSet::new();
    let mut wanted = vec![true; batch.len()];
    for (index, job) in batch.iter().enumerate().rev() {
        match job {
            Job::Save { key, .. } => {
                if !saved_later.insert(*key) {
                    wanted[index] = false;
                }
            }
            Job::Run { key, .. } | Job::Open { key, .. } | Job::Written { key, .. } => {
                saved_later.remove(key);
            }
        }
    }
    wanted
}

/// The claim on `journal`, taken now if this writer does not hold it yet.
fn claim<'a>(
    claims: &'a mut HashMap<PathBuf, Claimed>,
    journal: Journal,
    profile: &str,
) -> Result<&'a mut Claimed, LockError> {
    let path = journal.path().to_owned();
    if !claims.contains_key(&path) {
        let claimed = Claimed::claim(journal, profile, HOLDER_COMMAND)?;
        claims.insert(path.clone(), claimed);
    }
    claims.get_mut(&path).ok_or_else(|| LockError::Io {
        path,
        message: "the claim vanished (a bug)".to_owned(),
    })
}

fn write<T: Serialize>(
    claims: &mut HashMap<PathBuf, Claimed>,
    snapshot: Queued<T>,
) -> Result<(), String> {
    let snapshot = snapshot?;
    let claimed = claim(claims, snapshot.journal, &snapshot.profile)
        .map_err(|e| format!("{e}: changes cannot be staged or sent here"))?;
    claimed
        .store(
            &snapshot.profile,
            &snapshot.base_url,
            snapshot.entries.as_ref(),
        )
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save(key: usize) -> Job<()> {
        Job::Save {
            key,
            snapshot: Err(String::new()),
        }
    }

    fn written(key: usize) -> Job<()> {
        Job::Written {
            key,
            reply: oneshot::channel().0,
        }
    }

    #[test]
    fn only_saves_nothing_waits_on_are_skipped() {
        let batch = vec![save(0), save(1), save(0), written(0), save(0), save(0)];
        assert_eq!(
            still_wanted(&batch),
            [false, true, true, true, false, true],
            "the save a wait follows is kept; the other key is untouched"
        );
        let run = Job::Run {
            key: 1,
            work: Box::new(|| {}),
        };
        let batch = vec![save(1), run, save(1)];
        assert_eq!(still_wanted(&batch), [true, true, true]);
    }
}
