//! `stockroom journal list|show|discard|resume`: a profile's unsent changes managed without
//! the UI, under the same lock, production gate and send path as `stock apply`.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::stock::{ApplyError, PROFILE_HELD_EXIT};
use super::{UserError, say};
use crate::basket::{Item, ItemStatus};
use crate::bulk::Matched;
use crate::bulk::connect::open_profile;
use crate::bulk::plan::{self, Edit};
use crate::config::Config;
use crate::journal::lock::{Claimed, Holder, LockError, ProfileLock, current_holder};
use crate::journal::{Envelope, Journal, JournalError, Opened};

/// The exit codes `journal` commands end with, as `--help` documents them.
pub const EXIT_CODES: &str = "\
Exit codes: 0 done; 1 some changes failed or conflicted (they stay in the journal);
2 a usage or setup error (nothing changed); 3 another Stockroom holds the profile.";

/// Every configured profile's journal (or `wanted`'s): how many changes in which state, and
/// the process holding it, one line each.
/// Without a config file, the profile named, else every profile with a journal on disk.
pub fn list(config_path: &Path, wanted: Option<&str>) -> Result<(), UserError> {
    let dir = journal_dir()?;
    let names: Vec<String> = match (load_if_any(config_path)?, wanted) {
        (Some(config), Some(name)) => vec![chosen(&config, config_path, Some(name))?],
        (Some(config), None) => config.profiles.keys().cloned().collect(),
        (None, Some(name)) => vec![name.to_owned()],
        (None, None) => journaled_profiles(&dir),
    };
    if names.is_empty() {
        say(&format!("no journal in {}", dir.display()));
    }
    for name in names {
        let journal = Journal::for_profile(&dir, &name);
        let held = current_holder(&journal).map_or_else(String::new, |holder| {
            let holder = holder.map_or_else(|| "another process".to_owned(), |h| h.to_string());
            format!("  held by {holder}")
        });
        let summary = match journal.load_entries::<Vec<Item>>() {
            Ok(None) => "no changes".to_owned(),
            Ok(Some(envelope)) => counts(&envelope.entries),
            Err(e) => format!("unreadable: {e}"),
        };
        say(&format!("{name}  {summary}{held}"));
    }
    Ok(())
}

/// Each change the profile's journal holds: `SKU  product id  state  change  (last error)`.
pub fn show(config_path: &Path, wanted: Option<&str>) -> Result<(), UserError> {
    let config = load_if_any(config_path)?;
    let name = to_read(config.as_ref(), config_path, wanted)?;
    let journal = Journal::for_profile(&journal_dir()?, &name);
    let envelope = match journal.load_entries::<Vec<Item>>() {
        Ok(Some(envelope)) => envelope,
        Ok(None) => {
            say(&format!("{name}  no changes"));
            return Ok(());
        }
        Err(e) => return Err(UserError(e.to_string())),
    };
    if let Some(profile) = config.as_ref().and_then(|c| c.profiles.get(&name))
        && !envelope.belongs_to(&name, &profile.base_url)
    {
        super::output::warn(&format!(
            "warning: {} holds changes for {} at {}, not this store",
            journal.path().display(),
            envelope.profile,
            envelope.base_url
        ));
    }
    if envelope.entries.is_empty() {
        say(&format!("{name}  no changes"));
    }
    for item in &envelope.entries {
        say(&describe(item));
    }
    Ok(())
}

/// Removes the named changes (by SKU or product id), or every one with `all`, holding the
/// profile's lock like the UI; a production profile asks for its name first (or `--yes`).
pub async fn discard(
    config_path: &Path,
    wanted: Option<&str>,
    named: &[String],
    all: bool,
    wait: Option<Duration>,
    yes: bool,
) -> Result<(), ApplyError> {
    let config = load(config_path)?;
    let name = chosen(&config, config_path, wanted)?;
    let Some(profile) = config.profiles.get(&name).cloned() else {
        return Err(UserError(format!("no profile named \"{name}\"")).into());
    };
    let mut claimed = take(
        &name,
        wait,
        "stockroom journal discard",
        "nothing was discarded",
    )
    .await?;
    let items = claimed_items(
        &mut claimed,
        &name,
        &profile.base_url,
        "nothing was discarded",
    )?;
    let unknown: Vec<&String> = named
        .iter()
        .filter(|wanted| !items.iter().any(|item| is_named(item, wanted)))
        .collect();
    if !unknown.is_empty() {
        let unknown: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        return Err(UserError(format!(
            "the journal of {name} holds no change for {} (stockroom journal show lists them): \
             nothing was discarded",
            unknown.join(", ")
        ))
        .into());
    }
    let (gone, left): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|item| all || named.iter().any(|wanted| is_named(item, wanted)));
    if gone.is_empty() {
        say(&format!("{name}  no changes"));
        return Ok(());
    }
    if profile.production && !yes {
        super::stock::confirm_production(&name, gone.len(), super::stock::Guarded::Discard)?;
    }
    let entries = (!left.is_empty()).then_some(&left);
    claimed
        .store(&name, &profile.base_url, entries)
        .map_err(journal_error)?;
    for item in &gone {
        say(&format!("discarded  {}", describe(item)));
    }
    say(&format!("discarded {}, left {}", gone.len(), left.len()));
    Ok(())
}

/// Sends what the journal holds, as `stock apply` resumes it: the same send path, production
/// gate, audit log and exit codes. `Ok(false)` when a change failed or conflicted.
pub async fn resume(
    config_path: &Path,
    wanted: Option<&str>,
    wait: Option<Duration>,
    yes: bool,
) -> Result<bool, ApplyError> {
    let opened = open_profile(config_path, wanted).await.map_err(UserError)?;
    if opened.profile.read_only {
        let text = format!("profile \"{}\" is read-only: nothing was sent", opened.name);
        return Err(UserError(text).into());
    }
    let base_url = opened.profile.base_url.clone();
    let mut claimed = take(
        &opened.name,
        wait,
        "stockroom journal resume",
        "nothing was sent",
    )
    .await?;
    let items = claimed_items(&mut claimed, &opened.name, &base_url, "nothing was sent")?;
    if items.is_empty() {
        say(&format!("{}  no changes to resume", opened.name));
        return Ok(true);
    }
    if opened.profile.production && !yes {
        super::stock::confirm_production(&opened.name, items.len(), super::stock::Guarded::Send)?;
    }
    say(&format!("resuming {} change(s)", items.len()));
    let items = plan::resume(items, &[]);
    let trail = crate::audit::default_dir().map(|dir| {
        crate::audit::Trail::new(
            &dir,
            &opened.name,
            &base_url,
            crate::audit::Source::JournalResume,
        )
    });
    let recording = super::stock::Recording {
        name: &opened.name,
        base_url: &base_url,
        trail: trail.as_ref(),
    };
    let tally = super::stock::send_all(
        &opened.catalog,
        &mut claimed,
        recording,
        vec![],
        items,
        super::output::Capped::new(None),
    )
    .await?;
    say(&format!(
        "sent {}, already applied {}, conflicts {}, failed {}",
        tally.sent, tally.already, tally.conflicts, tally.failed
    ));
    Ok(tally.conflicts == 0 && tally.failed == 0)
}

/// For `stock apply --dry-run`: says which of the file's rows the profile's journal would
/// block (and whether another process holds the profile now); returns how many.
pub fn would_block(name: &str, base_url: &str, matched: &[Matched], edits: &[Edit]) -> usize {
    let Ok(dir) = journal_dir() else {
        return 0;
    };
    let journal = Journal::for_profile(&dir, name);
    if let Some(holder) = current_holder(&journal) {
        let holder = holder.map_or_else(|| "another process".to_owned(), |h| h.to_string());
        say(&format!(
            "profile {name} is held by {holder}: a run now would exit {PROFILE_HELD_EXIT} \
             (--wait waits for it)"
        ));
    }
    let envelope = match journal.load_entries::<Vec<Item>>() {
        Ok(Some(envelope)) => envelope,
        Ok(None) => return 0,
        Err(e) => {
            say(&format!("the journal would be moved aside: {e}"));
            return 0;
        }
    };
    if !envelope.entries.is_empty() && !envelope.belongs_to(name, base_url) {
        say(&format!(
            "{} holds changes for {} at {}, not this store: a run now would send nothing",
            journal.path().display(),
            envelope.profile,
            envelope.base_url
        ));
        return edits.len();
    }
    let by_id: HashMap<_, _> = matched.iter().map(|m| (&m.product.id, m)).collect();
    let sorted = plan::sort_journal(envelope.entries, &by_id, edits);
    if sorted.resumed > 0 {
        say(&format!(
            "a run would resume {} change(s) left by an earlier run",
            sorted.resumed
        ));
    }
    for blocked in &sorted.blocked {
        say(&blocked.describe());
    }
    sorted.blocked.len()
}

/// Takes the profile's journal for `command`: at once, or within `wait`, saying what it waits
/// for; held, the error says `nothing_done` and names the holder.
pub(crate) async fn take(
    name: &str,
    wait: Option<Duration>,
    command: &str,
    nothing_done: &str,
) -> Result<Claimed, ApplyError> {
    let dir = journal_dir()?;
    let journal = Journal::for_profile(&dir, name);
    let holder = Holder::this_process(command);
    let taken = match wait {
        None => ProfileLock::try_acquire(&journal, name, &holder),
        Some(patience) => {
            let waiting = |held: &LockError| {
                super::output::warn(&format!(
                    "{held}: waiting up to {} s for it to be let go",
                    patience.as_secs()
                ));
            };
            ProfileLock::acquire_within(&journal, name, &holder, patience, waiting).await
        }
    };
    match taken {
        Ok(lock) => Ok(Claimed::with_lock(journal, lock)),
        Err(held @ LockError::Held { .. }) => {
            let waited = wait.map_or_else(
                || " (--wait waits for it)".to_owned(),
                |patience| format!(" after waiting {} s", patience.as_secs()),
            );
            Err(ApplyError::Held(format!("{held}: {nothing_done}{waited}")))
        }
        Err(error) => Err(UserError(format!("the journal cannot be taken: {error}")).into()),
    }
}

/// `3 changes (1 failed, 2 staged)`, states in a fixed order.
fn counts(items: &[Item]) -> String {
    if items.is_empty() {
        return "no changes".to_owned();
    }
    let states = ["failed", "uncertain", "conflict", "sending", "staged"];
    let parts: Vec<String> = states
        .iter()
        .filter_map(|state| {
            let count = items
                .iter()
                .filter(|item| state_word(item) == *state)
                .count();
            (count > 0).then(|| format!("{count} {state}"))
        })
        .collect();
    format!(
        "{} ({})",
        crate::wording::count(items.len(), "change", "changes"),
        parts.join(", ")
    )
}

fn state_word(item: &Item) -> &'static str {
    match item.status {
        ItemStatus::Staged => "staged",
        ItemStatus::Sending => "sending",
        ItemStatus::Uncertain => "uncertain",
        ItemStatus::Failed { .. } => "failed",
        ItemStatus::Conflict { .. } => "conflict",
    }
}

/// `SKU  product id  state  change  (last error)`; a product still to be created has no id.
fn describe(item: &Item) -> String {
    let id = item.target.id.as_ref().map_or("new", |id| id.0.as_str());
    let error = match &item.status {
        ItemStatus::Failed { message } => format!("  ({message})"),
        ItemStatus::Conflict { mismatches } => {
            let found: Vec<String> = mismatches
                .iter()
                .map(|m| format!("{} was {}, is {}", m.field, m.expected, m.found))
                .collect();
            format!("  ({})", found.join("; "))
        }
        _ => String::new(),
    };
    format!(
        "{}  {id}  {}  {}{error}",
        item.target.sku,
        state_word(item),
        item.change.describe()
    )
}

/// Whether `wanted` names the item: its SKU, or its product's id.
fn is_named(item: &Item, wanted: &str) -> bool {
    item.target.sku == wanted || item.target.id.as_ref().is_some_and(|id| id.0 == wanted)
}

fn journal_dir() -> Result<std::path::PathBuf, UserError> {
    crate::journal::default_dir()
        .ok_or_else(|| UserError("no data directory for the journal (is HOME set?)".to_owned()))
}

fn journal_error(error: JournalError) -> UserError {
    UserError(error.to_string())
}

pub(crate) fn load(config_path: &Path) -> Result<Config, UserError> {
    load_if_any(config_path)?
        .ok_or_else(|| UserError(format!("no config file at {}", config_path.display())))
}

/// The config, or `None` when there is no file: what only reads the state directory does
/// without one (the demo has none).
fn load_if_any(config_path: &Path) -> Result<Option<Config>, UserError> {
    crate::config::load_checked(config_path).map_err(|e| UserError(e.to_string()))
}

/// What the claimed journal holds for this store; a journal set aside is warned of and holds
/// nothing, one of another store is refused with `nothing` said of what was done.
fn claimed_items(
    claimed: &mut Claimed,
    name: &str,
    base_url: &str,
    nothing: &str,
) -> Result<Vec<Item>, UserError> {
    Ok(match claimed.open::<Vec<Item>>().map_err(journal_error)? {
        Opened::Absent => vec![],
        Opened::SetAside { path, kept, reason } => {
            super::output::warn(&format!(
                "warning: {}",
                Opened::<()>::set_aside_notice(&path, &kept, &reason)
            ));
            vec![]
        }
        Opened::Entries(envelope) if !envelope.belongs_to(name, base_url) => {
            return Err(UserError(format!(
                "{} holds changes for {} at {}, not this store: {nothing}",
                claimed.journal().path().display(),
                envelope.profile,
                envelope.base_url
            )));
        }
        Opened::Entries(envelope) => envelope.entries,
    })
}

/// The profile whose files are read: as `chosen` with a config, else the one named.
pub(crate) fn to_read(
    config: Option<&Config>,
    config_path: &Path,
    wanted: Option<&str>,
) -> Result<String, UserError> {
    match (config, wanted) {
        (Some(config), _) => chosen(config, config_path, wanted),
        (None, Some(name)) => Ok(name.to_owned()),
        (None, None) => Err(UserError(format!(
            "no config file at {}: name the profile with --profile NAME",
            config_path.display()
        ))),
    }
}

/// The profiles whose journal is in `dir`, by the name each journal holds, sorted.
fn journaled_profiles(dir: &Path) -> Vec<String> {
    let Ok(files) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = files
        .filter_map(Result::ok)
        .map(|file| file.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("journal-") && name.ends_with(".json"))
        })
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            let envelope: Envelope<serde_json::Value> = serde_json::from_slice(&bytes).ok()?;
            let own = Journal::for_profile(dir, &envelope.profile);
            (own.path() == path).then_some(envelope.profile)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `wanted`, else the config's default profile, else its only one.
pub(crate) fn chosen(
    config: &Config,
    config_path: &Path,
    wanted: Option<&str>,
) -> Result<String, UserError> {
    crate::bulk::connect::profile_name(config, config_path, wanted).map_err(UserError)
}
