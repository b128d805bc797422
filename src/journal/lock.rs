//! One writer per profile journal: an advisory lock on a file beside the journal, naming its
//! holder, held for as long as a process owns the profile and released by the OS when it dies.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Journal, JournalError, Opened, clock};

/// Who holds a profile, as its lock file records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    /// What the holder is running: `stockroom` (the UI) or `stockroom stock apply`.
    pub command: String,
    /// Unix seconds when it took the profile.
    pub since: u64,
}

impl Holder {
    /// This process, running `command`, from now.
    pub fn this_process(command: &str) -> Holder {
        Holder {
            pid: std::process::id(),
            command: command.to_owned(),
            since: clock::now_secs(),
        }
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let command = crate::sanitize::clean(&self.command);
        let since = clock::minute(self.since);
        write!(f, "{command} (pid {}, since {since})", self.pid)
    }
}

/// Why a profile could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    /// Another process holds it; `holder` is `None` when its record could not be read.
    #[error("profile {profile} is held by {}", .holder.as_ref().map_or_else(|| "another process".to_owned(), ToString::to_string))]
    Held {
        profile: String,
        holder: Option<Holder>,
    },
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
}

/// The lock on one profile's journal; dropping it (or the process ending) releases it.
#[derive(Debug)]
pub struct ProfileLock {
    _file: File,
}

impl ProfileLock {
    /// Takes the profile's lock at once, recording `holder` in the lock file, or says who has it.
    pub fn try_acquire(
        journal: &Journal,
        profile: &str,
        holder: &Holder,
    ) -> Result<ProfileLock, LockError> {
        let path = journal.lock_path();
        let io = |e: &dyn std::fmt::Display| LockError::Io {
            path: path.clone(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            super::create_private_dir(dir).map_err(|e| io(&e))?;
        }
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(|e| io(&e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    profile: profile.to_owned(),
                    holder: read_holder(&path),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(&e)),
        }
        let record = serde_json::to_vec(holder).map_err(|e| io(&e))?;
        file.set_len(0)
            .and_then(|()| file.write_all(&record))
            .and_then(|()| file.flush())
            .map_err(|e| io(&e))?;
        Ok(ProfileLock { _file: file })
    }

    /// Like `try_acquire`, trying again every `poll` until `patience` has passed; `waiting`
    /// hears who holds it before the first wait.
    pub async fn acquire_within(
        journal: &Journal,
        profile: &str,
        holder: &Holder,
        patience: Duration,
        waiting: impl FnOnce(&LockError),
    ) -> Result<ProfileLock, LockError> {
        const POLL: Duration = Duration::from_millis(200);
        let deadline = tokio::time::Instant::now() + patience;
        let mut waiting = Some(waiting);
        loop {
            match ProfileLock::try_acquire(journal, profile, holder) {
                Err(held @ LockError::Held { .. }) if tokio::time::Instant::now() < deadline => {
                    if let Some(tell) = waiting.take() {
                        tell(&held);
                    }
                    tokio::time::sleep(POLL).await;
                }
                done => return done,
            }
        }
    }
}

/// Whether a process holds the journal's lock now, and who it is (`Some(None)` when its
/// record cannot be read); `None` when it is free. Looking takes a free lock for an instant
/// and writes nothing.
pub fn current_holder(journal: &Journal) -> Option<Option<Holder>> {
    let path = journal.lock_path();
    let file = File::open(&path).ok()?;
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            None
        }
        Err(TryLockError::WouldBlock) => Some(read_holder(&path)),
        Err(TryLockError::Error(_)) => None,
    }
}

/// The holder a lock file names; `None` while it is being written or if it is not ours.
fn read_holder(path: &Path) -> Option<Holder> {
    let mut text = String::new();
    File::open(path).ok()?.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

/// A journal this process holds the lock of. It writes the file only once it has read it (or
/// found none): entries it never read are never replaced or cleared.
#[derive(Debug)]
pub struct Claimed {
    journal: Journal,
    _lock: ProfileLock,
    read: bool,
}

impl Claimed {
    /// Takes `journal`'s lock for `profile`, recording this process as running `command`.
    pub fn claim(journal: Journal, profile: &str, command: &str) -> Result<Claimed, LockError> {
        let lock = ProfileLock::try_acquire(&journal, profile, &Holder::this_process(command))?;
        Ok(Claimed::with_lock(journal, lock))
    }

    /// A journal whose lock was taken already.
    pub fn with_lock(journal: Journal, lock: ProfileLock) -> Claimed {
        Claimed {
            journal,
            _lock: lock,
            read: false,
        }
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Reads the journal (moving an unreadable one aside); from then on it may be written.
    pub fn open<T: DeserializeOwned>(&mut self) -> Result<Opened<T>, JournalError> {
        let opened = self.journal.open_entries()?;
        self.read = true;
        Ok(opened)
    }

    /// Moves a journal that was read but is not for this store aside; returns where it went.
    pub fn set_aside(&mut self, why: &str) -> Result<PathBuf, JournalError> {
        self.journal.set_aside(why)
    }

    /// Writes `entries`, or removes the file when there are none.
    pub fn store<T: Serialize>(
        &mut self,
        profile: &str,
        base_url: &str,
        entries: Option<&T>,
    ) -> Result<(), JournalError> {
        if !self.read {
            if self.journal.path().exists() {
                return Err(JournalError::NotRead {
                    path: self.journal.path().to_owned(),
                });
            }
            // Nothing was there: nothing can be lost by writing.
            self.read = true;
        }
        match entries {
            Some(entries) => self.journal.save_entries(profile, base_url, entries),
            None => self.journal.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_second_claim_names_the_holder_and_a_released_lock_is_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::for_profile(dir.path(), "shop");
        let first = Claimed::claim(journal.clone(), "shop", "stockroom").unwrap();
        let refused = Claimed::claim(journal.clone(), "shop", "stockroom stock apply").unwrap_err();
        let text = refused.to_string();
        assert!(
            text.starts_with("profile shop is held by stockroom (pid ")
                && text.contains(&std::process::id().to_string()),
            "{text}"
        );
        drop(first);
        assert!(Claimed::claim(journal, "shop", "stockroom").is_ok());
    }

    #[test]
    fn a_journal_never_read_is_neither_replaced_nor_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::for_profile(dir.path(), "shop");
        journal.save_entries("shop", "http://x", &vec![1]).unwrap();
        let mut claimed = Claimed::claim(journal.clone(), "shop", "stockroom").unwrap();
        let refused = claimed.store::<Vec<i32>>("shop", "http://x", None);
        assert!(
            matches!(refused, Err(JournalError::NotRead { .. })),
            "{refused:?}"
        );
        let refused = claimed.store("shop", "http://x", Some(&vec![2]));
        assert!(refused.is_err());
        let kept = journal.load_entries::<Vec<i32>>().unwrap().unwrap();
        assert_eq!(kept.entries, vec![1]);
        assert!(matches!(claimed.open::<Vec<i32>>(), Ok(Opened::Entries(_))));
        claimed.store::<Vec<i32>>("shop", "http://x", None).unwrap();
        assert!(!journal.path().exists());
    }
}
