//! `stockroom stock apply FILE`: a stock file's changes shown, then sent safely one by one.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use super::output::Capped;
use super::{UserError, say};
use crate::basket::send::send;
use crate::basket::{Item, ItemStatus, Outcome};
use crate::bulk::connect::{load_pages, open_profile, progress_bar};
use crate::bulk::matching::settle;
use crate::bulk::plan::{self, Edit};
use crate::bulk::{Matched, match_rows, parse_stock_file};
use crate::catalog::Catalog;
use crate::catalog::model::ProductSummary;
use crate::journal::Opened;
use crate::journal::lock::Claimed;

/// The journal is rewritten at most this often while sending (and always at the end): an item
/// settled since the last write is only re-read, never written twice, if the run is cut short.
const JOURNAL_EVERY: Duration = Duration::from_millis(200);

/// The exit code of a run refused because another process holds the profile's journal.
pub const PROFILE_HELD_EXIT: i32 = 3;

/// What the lock file says this run is.
const HOLDER_COMMAND: &str = "stockroom stock apply";

/// Why `stock apply` stopped before the end.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    User(#[from] UserError),
    /// Another process (the UI, another run) holds the profile: nothing was sent.
    #[error("{0}")]
    Held(String),
}

/// How the items of a run ended.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) sent: usize,
    pub(crate) already: usize,
    pub(crate) conflicts: usize,
    pub(crate) failed: usize,
}

/// Runs `stock apply`; `Ok(false)` when a row had a problem or a change failed or conflicted.
/// The profile's journal is held for the whole run (a dry run takes nothing); while another
/// process holds it the run is refused, or waits up to `wait` for it to be let go.
pub async fn apply(
    config_path: &Path,
    profile: Option<&str>,
    file: &Path,
    dry_run: bool,
    wait: Option<Duration>,
    yes: bool,
    quiet: bool,
) -> Result<bool, ApplyError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| UserError(format!("cannot read {}: {e}", file.display())))?;
    let stock_file =
        parse_stock_file(&text).map_err(|e| UserError(format!("{}: {e}", file.display())))?;
    let opened = open_profile(config_path, profile)
        .await
        .map_err(UserError)?;
    if opened.profile.read_only && !dry_run {
        return Err(UserError(format!(
            "profile \"{}\" is read-only: nothing was sent",
            opened.name
        ))
        .into());
    }
    if !dry_run && !opened.catalog.capabilities().set_stock {
        return Err(UserError(format!(
            "profile \"{}\" cannot set stock: nothing was sent",
            opened.name
        ))
        .into());
    }
    let claimed = if dry_run {
        None
    } else {
        Some(claim(&opened.name, wait).await?)
    };
    let wanted: HashSet<String> = stock_file.rows.iter().map(|r| r.sku.clone()).collect();
    let products = load_listed(&opened.catalog, &wanted).await?;
    let (matched, mut problems) = match_rows(stock_file, &products);
    let (matched, warnings) = settle(opened.profile.platform, matched, &mut problems);
    let edits = plan::per_warehouse(&opened.catalog, plan::edits(&matched), &mut problems).await;
    if !quiet {
        for edit in &edits {
            say(&edit.describe());
        }
    }
    let mut listed = Capped::new(quiet.then_some(Capped::QUIET_LIMIT));
    for warning in &warnings {
        listed.say(&format!("line {}: warning: {}", warning.line, warning.text));
    }
    for problem in &problems {
        listed.say(&problem.to_string());
    }
    listed.finish();
    let Some(mut claimed) = claimed else {
        let blocked =
            super::journal::would_block(&opened.name, &opened.profile.base_url, &matched, &edits);
        say(&format!(
            "{} to change, {} with problems (dry run: nothing sent)",
            edits.len(),
            problems.len()
        ));
        return Ok(problems.is_empty() && blocked == 0);
    };

    if opened.profile.production && !edits.is_empty() && !yes {
        confirm_production(&opened.name, edits.len(), Guarded::Send)?;
    }
    let base_url = opened.profile.base_url.clone();
    let sorted = resume_or_stage(&mut claimed, &opened.name, &base_url, &matched, &edits)?;
    for blocked in &sorted.blocked {
        say(&blocked.describe());
    }
    if sorted.send.is_empty() && sorted.blocked.is_empty() {
        say("nothing to send: the store already holds every value the file gives");
    }
    let trail = crate::audit::default_dir().map(|dir| {
        crate::audit::Trail::new(
            &dir,
            &opened.name,
            &base_url,
            crate::audit::Source::StockApply,
        )
    });
    let tally = send_all(
        &opened.catalog,
        &mut claimed,
        Recording {
            name: &opened.name,
            base_url: &base_url,
            trail: trail.as_ref(),
        },
        sorted.kept,
        sorted.send,
        Capped::new(quiet.then_some(Capped::QUIET_LIMIT)),
    )
    .await?;
    let blocked = sorted.blocked.len();
    say(&format!(
        "sent {}, already applied {}, conflicts {}, failed {}, problems {}{}",
        tally.sent,
        tally.already,
        tally.conflicts,
        tally.failed,
        problems.len(),
        if blocked > 0 {
            format!(", blocked {blocked}")
        } else {
            String::new()
        }
    ));
    Ok(tally.conflicts == 0 && tally.failed == 0 && problems.is_empty() && blocked == 0)
}

/// What a production gate guards, in the words its prompt and refusal use.
#[derive(Clone, Copy)]
pub(crate) enum Guarded {
    Send,
    Discard,
}

/// A production profile is written to only once its name is typed at the terminal, as the UI
/// asks; without a terminal, only with `--yes`.
pub(crate) fn confirm_production(
    name: &str,
    changes: usize,
    guarded: Guarded,
) -> Result<(), UserError> {
    use std::io::{BufRead, IsTerminal, Write};
    let (to, nothing, without) = match guarded {
        Guarded::Send => ("to send to", "nothing was sent", "to send to it"),
        Guarded::Discard => ("to discard from", "nothing was discarded", "to discard"),
    };
    let refused = |why: &str| {
        UserError(format!(
            "profile \"{}\" is production: {why}; {nothing}",
            super::output::clean(name)
        ))
    };
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(refused(&format!("pass --yes {without} without a terminal")));
    }
    eprint!(
        "{} {to} production profile \"{}\": type its name to go on: ",
        crate::wording::count(changes, "change", "changes"),
        super::output::clean(name)
    );
    let _ = std::io::stderr().flush();
    let mut typed = String::new();
    if stdin.lock().read_line(&mut typed).is_err() || typed.trim() != name {
        return Err(refused("the name typed did not match"));
    }
    Ok(())
}

/// Takes the profile's journal for this run: at once, or within `wait`, saying what it waits for.
pub(crate) async fn claim(name: &str, wait: Option<Duration>) -> Result<Claimed, ApplyError> {
    super::journal::take(name, wait, HOLDER_COMMAND, "nothing was sent").await
}

/// Loads the whole catalog page by page, keeping only the products whose SKU is wanted.
async fn load_listed(
    catalog: &Catalog,
    wanted: &HashSet<String>,
) -> Result<Vec<ProductSummary>, UserError> {
    let bar = progress_bar(None, "{spinner} loading the catalog: {pos} products");
    let mut kept = Vec::new();
    let loaded = load_pages(catalog, |page| {
        bar.inc(page.items.len() as u64);
        kept.extend(page.items.into_iter().filter(|p| wanted.contains(&p.sku.0)));
    })
    .await;
    bar.finish_and_clear();
    match loaded {
        Err(failure) => Err(UserError(format!(
            "could not load the whole catalog ({failure}): nothing was sent"
        ))),
        Ok(()) => Ok(kept),
    }
}

/// The items to send: an earlier run's, left in the journal, and the file's changes staged
/// now; the journal's other items are kept and block the file's rows of their products.
/// An unreadable journal is moved aside (and said so) rather than written over.
fn resume_or_stage(
    claimed: &mut Claimed,
    name: &str,
    base_url: &str,
    matched: &[Matched],
    edits: &[Edit],
) -> Result<plan::Resumption, UserError> {
    let opened = claimed
        .open::<Vec<Item>>()
        .map_err(|e| UserError(e.to_string()))?;
    let journal = claimed.journal();
    let held = match opened {
        Opened::Absent => None,
        Opened::Entries(envelope) => Some(envelope),
        Opened::SetAside { path, kept, reason } => {
            eprintln!(
                "warning: {}",
                Opened::<()>::set_aside_notice(&path, &kept, &reason)
            );
            None
        }
    };
    let fresh = || plan::Resumption {
        send: plan::stage(edits, 0),
        ..plan::Resumption::default()
    };
    let sorted = match held {
        None => fresh(),
        Some(envelope) if envelope.entries.is_empty() => fresh(),
        Some(envelope) if !envelope.belongs_to(name, base_url) => {
            return Err(UserError(format!(
                "{} holds changes for {} at {}, not this store: nothing was sent",
                journal.path().display(),
                envelope.profile,
                envelope.base_url
            )));
        }
        Some(envelope) => {
            let by_id: HashMap<_, _> = matched.iter().map(|m| (&m.product.id, m)).collect();
            let sorted = plan::sort_journal(envelope.entries, &by_id, edits);
            if sorted.resumed > 0 {
                say(&format!(
                    "resuming {} change(s) left by an earlier run",
                    sorted.resumed
                ));
            }
            if !sorted.kept.is_empty() {
                say(&format!(
                    "the journal keeps {} change(s) this file does not ask for \
                     (stockroom journal show lists them)",
                    sorted.kept.len()
                ));
            }
            sorted
        }
    };
    Ok(sorted)
}

/// Where a run's outcomes go: the profile's journal (named by profile and store) and its
/// audit log, if there is one.
pub(crate) struct Recording<'a> {
    pub(crate) name: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) trail: Option<&'a crate::audit::Trail>,
}

/// Sends every item in turn, keeping the journal to what is still unconfirmed (after the
/// `kept` items it does not send) and each outcome in the audit log.
pub(crate) async fn send_all(
    catalog: &Catalog,
    claimed: &mut Claimed,
    Recording {
        name,
        base_url,
        trail,
    }: Recording<'_>,
    kept: Vec<Item>,
    mut items: Vec<Item>,
    mut listed: Capped,
) -> Result<Tally, UserError> {
    let mut audit_failed = false;
    let mut audit =
        |item: &Item, outcome: &Outcome, exchanges: &[crate::catalog::exchange::Exchange]| {
            if let Some(Err(e)) = trail.map(|trail| trail.record(item, outcome, exchanges))
                && !std::mem::replace(&mut audit_failed, true)
            {
                super::output::warn(&format!("warning: the audit log could not be written: {e}"));
            }
        };
    let mut save = |items: &[Item]| {
        let entries = (!items.is_empty() || !kept.is_empty()).then(|| [&kept[..], items].concat());
        claimed
            .store(name, base_url, entries.as_ref())
            .map_err(|e| UserError(format!("the journal could not be written: {e}")))
    };
    for item in &mut items {
        if item.status == ItemStatus::Staged {
            item.status = ItemStatus::Sending;
        }
    }
    save(&items)?;
    let bar = progress_bar(
        Some(items.len() as u64),
        "{bar:40} {pos}/{len} sent, {eta} left",
    );
    let mut tally = Tally::default();
    let mut last_save = Instant::now();
    let ids: Vec<_> = items.iter().map(|item| item.id).collect();
    for id in ids {
        let Some(index) = items.iter().position(|item| item.id == id) else {
            continue;
        };
        let (outcome, exchanges) = send(catalog, &items[index]).await;
        audit(&items[index], &outcome, &exchanges);
        let sku = crate::sanitize::clean(&items[index].target.sku).into_owned();
        match outcome {
            Outcome::Sent { .. } => {
                tally.sent += 1;
                items.remove(index);
            }
            Outcome::AlreadyApplied => {
                tally.already += 1;
                items.remove(index);
            }
            Outcome::Conflict(mismatches) => {
                tally.conflicts += 1;
                let found: Vec<String> = mismatches
                    .iter()
                    .map(|m| {
                        format!(
                            "{} was {} when loaded, is {} now",
                            m.field, m.expected, m.found
                        )
                    })
                    .collect();
                bar.suspend(|| {
                    listed.say(&format!(
                        "{sku}  conflict, not sent: {}",
                        crate::sanitize::clean(&found.join("; "))
                    ));
                });
                // The store changed under this run: running the file again stages afresh.
                items.remove(index);
            }
            Outcome::Failed(message) | Outcome::Uncertain(message) => {
                tally.failed += 1;
                bar.suspend(|| {
                    listed.say(&format!(
                        "{sku}  failed: {}",
                        crate::sanitize::clean(&message)
                    ));
                });
                // Kept in the journal: running the file again resumes it.
                items[index].status = ItemStatus::Failed { message };
            }
        }
        bar.inc(1);
        if last_save.elapsed() >= JOURNAL_EVERY {
            save(&items)?;
            last_save = Instant::now();
        }
    }
    save(&items)?;
    bar.finish_and_clear();
    listed.finish();
    Ok(tally)
}
