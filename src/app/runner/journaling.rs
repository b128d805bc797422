//! The runner's journals: each profile's taken (locked) when it is opened, snapshots queued to
//! the ordered writer, journals read on its thread, failures told to the UI. Nothing here
//! touches the disk on the UI loop.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::Action;
use crate::basket::Item;
use crate::journal::writer::{JournalWriter, Opening, Snapshot};
use crate::journal::{Journal, Opened};

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

    /// Takes the profile's journal for this process (its lock is held until quitting), then
    /// reads it, all on the writer's thread after any write of it queued before. A profile
    /// another process holds is refused: its journal is neither read nor written here.
    pub(super) fn load_journal(&mut self, profile: usize) {
        let actions = self.actions.clone();
        let (journal, name, base_url) = match self.journal_of(profile) {
            Ok(journal) => journal,
            Err(message) => {
                let _ = actions.send(Action::JournalFailed { profile, message });
                return;
            }
        };
        self.journal
            .open(profile, journal, name.clone(), move |opening| {
                for action in opened(profile, opening, &name, &base_url) {
                    let _ = actions.send(action);
                }
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
