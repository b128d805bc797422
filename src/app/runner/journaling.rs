//! The runner's journals: snapshots queued to the ordered writer, journals read on its
//! thread, failures told to the UI. Nothing here touches the disk on the UI loop.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::Action;
use crate::basket::Item;
use crate::journal::Journal;
use crate::journal::writer::{JournalWriter, Snapshot};

use super::Runner;

/// The writer, reporting every failed write as `Action::JournalFailed`.
pub fn spawn_writer(actions: UnboundedSender<Action>, delay: Duration) -> JournalWriter<Vec<Item>> {
    let on_failure = move |profile: usize, message: String| {
        tracing::error!(%message, "journal write failed");
        let _ = actions.send(Action::JournalFailed { profile, message });
    };
    JournalWriter::spawn_slow(on_failure, delay)
}

impl Runner {
    fn journal_of(&self, profile: usize) -> Result<(Journal, String, String), String> {
        let dir = self
            .journal_dir
            .as_ref()
            .ok_or_else(|| "no data directory for the journal (is HOME set?)".to_owned())?;
        let (name, store) = self
            .names
            .get(profile)
            .ok_or_else(|| format!("no profile number {profile}"))?;
        Ok((Journal::for_profile(dir, name), name.clone(), store.clone()))
    }

    /// Reads the journal on the writer's thread, after any write of it queued before.
    pub(super) fn load_journal(&mut self, profile: usize) {
        let journal = self.journal_of(profile);
        let actions = self.actions.clone();
        self.journal.run(profile, move || {
            let _ = actions.send(loaded(profile, journal));
        });
    }

    /// Queues the basket's snapshot; a `SendBatch` after it waits until it is on disk.
    pub(super) fn save_journal(&mut self, profile: usize, items: Vec<Item>) {
        let snapshot = self
            .journal_of(profile)
            .map(|(journal, profile, base_url)| Snapshot {
                journal,
                profile,
                base_url,
                entries: (!items.is_empty()).then_some(items),
            });
        self.journal.save(profile, snapshot);
    }
}

fn loaded(profile: usize, journal: Result<(Journal, String, String), String>) -> Action {
    let (journal, name, base_url) = match journal {
        Ok(journal) => journal,
        Err(message) => return Action::JournalFailed { profile, message },
    };
    match journal.load_entries::<Vec<Item>>() {
        Ok(None) => Action::JournalLoaded {
            profile,
            items: vec![],
        },
        Ok(Some(envelope)) if envelope.belongs_to(&name, &base_url) => Action::JournalLoaded {
            profile,
            items: envelope.entries,
        },
        Ok(Some(envelope)) => Action::JournalFailed {
            profile,
            message: format!(
                "{} holds changes for {} at {}, not this store; it was left as it is",
                journal.path().display(),
                envelope.profile,
                envelope.base_url
            ),
        },
        Err(error) => Action::JournalFailed {
            profile,
            message: error.to_string(),
        },
    }
}
