//! Crash-safe persistence of a profile's pending writes: atomic replace, private files, an
//! unreadable file moved aside and kept, one writing process at a time (`lock`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The `Envelope` format this build writes; a newer one is refused rather than misread.
pub const FORMAT_VERSION: u32 = 1;

/// Longest sanitised profile name kept in a file name; the hash tells longer ones apart.
const MAX_NAME_CHARS: usize = 48;

/// Why the journal could not be read or written. Every message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("{}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
    #[error("{} is unreadable: {message}", .path.display())]
    Corrupt { path: PathBuf, message: String },
    /// A file this process never read is not overwritten (it may hold someone's changes).
    #[error("{} was not read by this run, so it is not overwritten", .path.display())]
    NotRead { path: PathBuf },
}

/// What a journal held when its owner opened it.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened<T> {
    /// No journal: nothing was pending.
    Absent,
    Entries(Envelope<T>),
    /// The file could not be read (corrupt, or from a newer Stockroom): it was moved to `kept`,
    /// untouched, and a new journal starts.
    SetAside {
        path: PathBuf,
        kept: PathBuf,
        reason: String,
    },
}

impl<T> Opened<T> {
    /// The sentence telling the user where an unreadable journal went.
    pub fn set_aside_notice(path: &Path, kept: &Path, reason: &str) -> String {
        format!(
            "{} could not be read and was kept as {} ({reason}); a new journal starts",
            path.display(),
            kept.display()
        )
    }
}

/// What the journal file holds: the entries and the store they were meant for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub version: u32,
    pub profile: String,
    pub base_url: String,
    /// Unix seconds.
    pub saved_at: u64,
    pub entries: T,
}

impl<T> Envelope<T> {
    /// Whether these entries were written for this profile and this store.
    pub fn belongs_to(&self, profile: &str, base_url: &str) -> bool {
        self.profile == profile
            && self.base_url.trim_end_matches('/') == base_url.trim_end_matches('/')
    }
}

/// One profile's pending-writes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
}

/// The user's data directory for journals (`$XDG_DATA_HOME/stockroom/journal` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", crate::config::APP_NAME)?;
    Some(dirs.data_local_dir().join("journal"))
}

impl Journal {
    /// One journal per profile: `{dir}/journal-{profile}.json`, the name made safe and suffixed
    /// with a hash of the original so two names never share a file.
    pub fn for_profile(dir: &Path, profile: &str) -> Journal {
        let safe = safe_name(profile);
        let hash = name_hash(profile);
        Journal {
            path: dir.join(format!("journal-{safe}-{hash:08x}.json")),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock file beside the journal: `journal-shop-1a2b3c4d.lock`.
    pub fn lock_path(&self) -> PathBuf {
        self.path.with_extension("lock")
    }

    /// Moves the file aside, untouched, as `{name}.{why}-20261206T120102Z` (a counter added if
    /// that name is taken), and returns where it went.
    pub fn set_aside(&self, why: &str) -> Result<PathBuf, JournalError> {
        let name = self
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let base = format!("{name}.{why}-{}", clock::stamp(clock::now_secs()));
        let mut kept = self.path.with_file_name(&base);
        let mut counter = 1;
        while kept.exists() {
            counter += 1;
            kept = self.path.with_file_name(format!("{base}-{counter}"));
        }
        fs::rename(&self.path, &kept).map_err(|e| self.io(&self.path, &e))?;
        Ok(kept)
    }

    /// Loads the entries; a file that cannot be understood is moved aside (`Opened::SetAside`)
    /// so that nothing ever writes over it. A file that cannot be opened at all is an error.
    pub fn open_entries<T: DeserializeOwned>(&self) -> Result<Opened<T>, JournalError> {
        match self.load_entries() {
            Ok(None) => Ok(Opened::Absent),
            Ok(Some(envelope)) => Ok(Opened::Entries(envelope)),
            Err(JournalError::Corrupt { path, message }) => {
                let kept = self.set_aside("unreadable")?;
                tracing::warn!(path = %path.display(), kept = %kept.display(), %message, "journal set aside");
                Ok(Opened::SetAside {
                    path,
                    kept,
                    reason: message,
                })
            }
            Err(error) => Err(error),
        }
    }

    /// Writes atomically: a temp file in the same dir, fsync, rename over, fsync the dir.
    pub fn save<T: Serialize>(&self, value: &T) -> Result<(), JournalError> {
        let text = serde_json::to_vec_pretty(value).map_err(|e| self.io(&self.path, &e))?;
        let dir = self
            .path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(|e| self.io(dir, &e))?;
        let temp = self.temp_path(dir);
        let written = write_synced(&temp, &text).and_then(|()| fs::rename(&temp, &self.path));
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(self.io(&temp, &e));
        }
        sync_dir(dir).map_err(|e| self.io(dir, &e))
    }

    /// `None` when there is no journal; a corrupt file is an error and is left in place.
    pub fn load<T: DeserializeOwned>(&self) -> Result<Option<T>, JournalError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(&self.path, &e)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| self.corrupt(e.to_string()))
    }

    /// Removes the file; a missing one is not an error.
    pub fn clear(&self) -> Result<(), JournalError> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.io(&self.path, &e)),
        }
    }

    /// Saves `entries` in an `Envelope` naming the profile and store they belong to.
    pub fn save_entries<T: Serialize>(
        &self,
        profile: &str,
        base_url: &str,
        entries: &T,
    ) -> Result<(), JournalError> {
        let saved_at = clock::now_secs();
        self.save(&Envelope {
            version: FORMAT_VERSION,
            profile: profile.to_owned(),
            base_url: base_url.to_owned(),
            saved_at,
            entries,
        })
    }

    /// Loads an `Envelope`; one from a newer format is `Corrupt` (and kept), never misread.
    /// Whether it belongs to the current store is for the caller to ask (`Envelope::belongs_to`).
    pub fn load_entries<T: DeserializeOwned>(&self) -> Result<Option<Envelope<T>>, JournalError> {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let Some(value) = self.load::<serde_json::Value>()? else {
            return Ok(None);
        };
        let version = Version::deserialize(&value)
            .map_err(|e| self.corrupt(e.to_string()))?
            .version;
        if version > FORMAT_VERSION {
            return Err(self.corrupt(format!(
                "written by a newer Stockroom (format {version}, this one reads up to {FORMAT_VERSION})"
            )));
        }
        Envelope::deserialize(value)
            .map(Some)
            .map_err(|e| self.corrupt(e.to_string()))
    }

    fn temp_path(&self, dir: &Path) -> PathBuf {
        let name = self
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        dir.join(format!(
            ".{name}.{}.{:016x}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ))
    }

    fn io(&self, path: &Path, error: &dyn std::fmt::Display) -> JournalError {
        JournalError::Io {
            path: path.to_owned(),
            message: error.to_string(),
        }
    }

    fn corrupt(&self, message: String) -> JournalError {
        JournalError::Corrupt {
            path: self.path.clone(),
            message,
        }
    }
}

/// A profile's name as it can appear in a file name: at most 48 characters, each outside
/// `[A-Za-z0-9_-]` replaced by `_`.
pub(crate) fn safe_name(profile: &str) -> String {
    profile
        .chars()
        .take(MAX_NAME_CHARS)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// 32 bits of the name's FNV-1a hash: tells apart names that `safe_name` makes alike.
pub(crate) fn name_hash(profile: &str) -> u64 {
    fnv1a(profile.as_bytes()) & 0xffff_ffff
}

/// FNV-1a, 64 bits: stable across Rust releases, unlike the standard hasher, so a
/// profile's journal keeps its name from one build to the next.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the rename itself durable; directories cannot be opened for syncing on Windows.
fn sync_dir(dir: &Path) -> io::Result<()> {
    if cfg!(unix) {
        File::open(dir)?.sync_all()
    } else {
        Ok(())
    }
}

pub mod clock;
pub mod lock;
pub mod writer;

#[cfg(test)]
mod tests;
