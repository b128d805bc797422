//! The runner's journals: each profile's taken (locked) when it is opened, snapshots queued to
//! the ordered writer, journals read on its thread, failures told to the UI; and each sent
//! item's outcome appended to the profile's audit log on that thread. Nothing here touches
//! the disk on the UI loop.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::Action;
use crate::audit::{Source, Trail};
use crate::basket::{Item, ItemId, Outcome};
use crate::catalog::exchange::Exchange;
use crate::catalog::model::ProductId;
use crate::journal::writer::{JournalWriter, Opening, Queued, Snapshot};
use crate::journal::{Journal, Opened};

/// The writer, reporting every failed write as `Action::JournalWriteFailed` and the first
/// write that succeeds after one as `Action::JournalWritten`.
fn spawn_writer(actions: UnboundedSender<Action>, delay: Duration) -> JournalWriter<Vec<Item>> {
    let on_failure = move |profile: usize, failure: Option<String>| {
        let action = match failure {
            Some(message) => {
                tracing::error!(%message, "journal write failed");
                Action::JournalWriteFailed { profile, message }
            }
            None => {
                tracing::info!("journal written again");
                Action::JournalWritten { profile }
            }
        };
        let _ = actions.send(action);
    };
    JournalWriter::spawn_slow(on_failure, delay)
}

/// Every profile's journal as the runner uses it: the ordered writer, where the journals are,
/// and the SKU owners noted before creates were first sent.
pub struct Journals {
    /// Writes the journals in order on its own thread; a batch waits for it before sending.
    writer: JournalWriter<Vec<Item>>,
    /// SKU owners noted before creates were first sent, added to every snapshot.
    noted: Arc<Mutex<Noted>>,
    dir: Option<PathBuf>,
    /// Where each profile's audit log is appended to; none is kept without it.
    audit_dir: Option<PathBuf>,
    /// Each profile's (name, store).
    names: Vec<(String, String)>,
    actions: UnboundedSender<Action>,
}

impl Journals {
    /// `dir` holds one journal of unsent changes per profile; without it nothing is sent.
    /// Each write waits `delay` first, like a slow disk (tests; zero otherwise).
    pub fn new(
        names: Vec<(String, String)>,
        dir: Option<PathBuf>,
        actions: UnboundedSender<Action>,
        delay: Duration,
    ) -> Journals {
        Journals {
            writer: spawn_writer(actions.clone(), delay),
            noted: Arc::default(),
            dir,
            audit_dir: crate::audit::default_dir(),
            names,
            actions,
        }
    }

    /// The same journals written through a writer that waits `delay` before each write.
    pub fn slowed(self, delay: Duration) -> Journals {
        let audit_dir = self.audit_dir.clone();
        Journals::new(self.names, self.dir, self.actions, delay).with_audit_dir(audit_dir)
    }

    /// The same journals, each sent item's outcome appended to an audit log in `dir`.
    pub fn with_audit_dir(mut self, dir: Option<PathBuf>) -> Journals {
        self.audit_dir = dir;
        self
    }

    fn journal_of(&self, profile: usize) -> Result<(Journal, String, String), String> {
        let dir = self
            .dir
            .as_ref()
            .ok_or_else(|| "no data directory for the journal (is HOME set?)".to_owned())?;
        let (name, store) = self
            .names
            .get(profile)
            .ok_or_else(|| format!("no profile number {profile}"))?;
        Ok((Journal::for_profile(dir, name), name.clone(), store.clone()))
    }

    /// Takes the profile's journal for this process (its lock is held until quitting), then
    /// reads it, all on the writer's thread after any write of it queued before. A profile
    /// another process holds is refused: its journal is neither read nor written here.
    pub fn load(&mut self, profile: usize) {
        let actions = self.actions.clone();
        let (journal, name, base_url) = match self.journal_of(profile) {
            Ok(journal) => journal,
            Err(message) => {
                let _ = actions.send(Action::JournalFailed { profile, message });
                return;
            }
        };
        self.writer
            .open(profile, journal, name.clone(), move |opening| {
                for action in opened(profile, opening, &name, &base_url) {
                    let _ = actions.send(action);
                }
            });
    }

    /// Queues the basket's snapshot, with the SKU owners noted for its creates; a
    /// `SendBatch` after it waits until it is on disk.
    pub fn save(&mut self, profile: usize, items: Vec<Item>) {
        let target = self.journal_of(profile);
        let mut noted = lock(&self.noted);
        let items = noted.fill(profile, items);
        self.writer.save(profile, snapshot(&target, items));
    }

    /// Adds the SKU owners noted for the batch's creates, which `update` does not know.
    pub fn fill_owners(&self, profile: usize, items: &mut [Item]) {
        lock(&self.noted).fill_owners(profile, items);
    }

    /// Resolves once every snapshot of `profile` queued so far is on disk, or says why not.
    pub fn written(&self, profile: usize) -> impl Future<Output = Result<(), String>> + use<> {
        self.writer.written(profile)
    }

    /// Resolves once every journal write queued so far is done.
    pub fn all_written(&self) -> impl Future<Output = ()> + use<> {
        let waits: Vec<_> = (0..self.names.len())
            .map(|profile| self.writer.written(profile))
            .collect();
        async move {
            futures::future::join_all(waits).await;
        }
    }

    /// What a batch's task needs to journal a create's noted SKU owners before sending it,
    /// and to record each item's outcome in the audit log.
    pub fn create_journal(&self, profile: usize) -> CreateJournal {
        let trail = match (&self.audit_dir, self.names.get(profile)) {
            (Some(dir), Some((name, store))) => Some(Trail::new(dir, name, store, Source::Ui)),
            _ => None,
        };
        CreateJournal {
            profile,
            target: self.journal_of(profile),
            writer: self.writer.clone(),
            noted: self.noted.clone(),
            trail,
            actions: self.actions.clone(),
        }
    }
}

/// Where a profile's journal is: (journal, profile name, store), or why there is none.
type JournalTarget = Result<(Journal, String, String), String>;

fn snapshot(target: &JournalTarget, items: Vec<Item>) -> Queued<Vec<Item>> {
    target.clone().map(|(journal, profile, base_url)| Snapshot {
        journal,
        profile,
        base_url,
        entries: (!items.is_empty()).then_some(items),
    })
}

fn lock(noted: &Mutex<Noted>) -> MutexGuard<'_, Noted> {
    noted.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the runner adds to the baskets `update` journals: the products that had a create's
/// SKU before its first send (noted by the batch's task; `update` never sees them), kept in
/// every later snapshot so a retry after a lost answer can tell what the create made.
#[derive(Debug, Default)]
pub struct Noted {
    owners: HashMap<(usize, ItemId), Vec<ProductId>>,
    /// The newest basket queued for each profile.
    baskets: HashMap<usize, Vec<Item>>,
}

impl Noted {
    /// `items` with the owners noted for them; remembered as the profile's newest basket.
    fn fill(&mut self, profile: usize, mut items: Vec<Item>) -> Vec<Item> {
        self.owners
            .retain(|(of, id), _| *of != profile || items.iter().any(|item| item.id == *id));
        self.fill_owners(profile, &mut items);
        self.baskets.insert(profile, items.clone());
        items
    }

    /// Gives each item of `profile` the owners noted for it, if it lacks them.
    pub fn fill_owners(&self, profile: usize, items: &mut [Item]) {
        for item in items {
            if item.sku_owners_before.is_none()
                && let Some(owners) = self.owners.get(&(profile, item.id))
            {
                item.sku_owners_before = Some(owners.clone());
            }
        }
    }
}

/// A batch task's way to journal a create's SKU owners before the create goes out, and to
/// append each item's outcome to the audit log.
pub struct CreateJournal {
    profile: usize,
    target: JournalTarget,
    writer: JournalWriter<Vec<Item>>,
    noted: Arc<Mutex<Noted>>,
    trail: Option<Trail>,
    actions: UnboundedSender<Action>,
}

impl CreateJournal {
    /// Queues the newest basket with `item`'s owners in it; resolves once that is on disk.
    pub fn record(&self, item: &Item) -> impl Future<Output = Result<(), String>> + use<> {
        let mut noted = lock(&self.noted);
        if let Some(owners) = &item.sku_owners_before {
            noted.owners.insert((self.profile, item.id), owners.clone());
        }
        let mut basket = noted
            .baskets
            .get(&self.profile)
            .cloned()
            .unwrap_or_default();
        if !basket.iter().any(|held| held.id == item.id) {
            basket.push(item.clone());
        }
        let basket = noted.fill(self.profile, basket);
        self.writer
            .save(self.profile, snapshot(&self.target, basket));
        drop(noted);
        self.writer.written(self.profile)
    }

    /// Appends how sending `item` ended to the profile's audit log, on the writer's thread
    /// (stamped now); a failed append is told to the UI.
    pub fn audit(&self, item: &Item, outcome: &Outcome, exchanges: &[Exchange]) {
        let Some(trail) = self.trail.clone() else {
            return;
        };
        let entry = trail.entry(item, outcome, exchanges, crate::journal::clock::now_secs());
        let actions = self.actions.clone();
        self.writer.run(self.profile, move || {
            if let Err(error) = trail.append(&entry) {
                tracing::error!(%error, "audit log write failed");
                let message = format!("The audit log could not be written: {error}");
                let _ = actions.send(Action::InspectFailed { message });
            }
        });
    }
}

/// What opening a journal tells the UI: the entries to recover, and why anything was moved
/// aside or refused.
fn opened(profile: usize, opening: Opening<'_>, name: &str, base_url: &str) -> Vec<Action> {
    let claimed = match opening {
        Ok(claimed) => claimed,
        Err(held) => {
            let message = format!("{held}: changes cannot be staged or sent here");
            return vec![Action::JournalFailed { profile, message }];
        }
    };
    let nothing = Action::JournalLoaded {
        profile,
        items: vec![],
    };
    let told = |text: String| Action::InspectFailed {
        message: format!("Journal: {text}"),
    };
    match claimed.open::<Vec<Item>>() {
        Ok(Opened::Absent) => vec![nothing],
        Ok(Opened::Entries(envelope)) if envelope.belongs_to(name, base_url) => {
            vec![Action::JournalLoaded {
                profile,
                items: envelope.entries,
            }]
        }
        Ok(Opened::Entries(envelope)) => {
            let path = claimed.journal().path().to_owned();
            let whose = format!(
                "{} holds changes for {} at {}, not this store",
                path.display(),
                envelope.profile,
                envelope.base_url
            );
            match claimed.set_aside("other-store") {
                Ok(kept) => vec![
                    nothing,
                    told(format!("{whose}; it was kept as {}", kept.display())),
                ],
                Err(error) => vec![Action::JournalFailed {
                    profile,
                    message: format!("{whose}, and it could not be moved aside: {error}"),
                }],
            }
        }
        Ok(Opened::SetAside { path, kept, reason }) => vec![
            nothing,
            told(Opened::<()>::set_aside_notice(&path, &kept, &reason)),
        ],
        Err(error) => vec![Action::JournalFailed {
            profile,
            message: error.to_string(),
        }],
    }
}
