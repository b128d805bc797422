//! The `stockroom` binary: parse the command line, set up logging and error reports, run.

use std::time::Duration;

use stockroom::cli::{Cli, Command, ConfigAction, JournalAction, StockAction};
use stockroom::commands::stock::ApplyError;
use stockroom::commands::{self, UserError, tui::Session};

#[tokio::main]
async fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let (cli, chosen) = Cli::parse_chosen();
    let log = stockroom::config::state_dir().and_then(|dir| stockroom::logging::init(&dir));
    let log_path = log.as_ref().map(|(path, _)| path.clone());

    let result = match cli.command {
        Some(Command::Config {
            action: ConfigAction::Path,
            ..
        }) => commands::config::print_path(chosen.config.as_deref()),
        Some(Command::Config {
            action: ConfigAction::Check,
            ..
        }) => commands::config::check(chosen.config.as_deref()),
        Some(Command::Config {
            action: ConfigAction::Keys,
            ..
        }) => commands::config::print_keys(chosen.config.as_deref()),
        Some(Command::Doctor { .. }) => {
            if commands::doctor::run(chosen.config.as_deref(), chosen.profile.as_deref()).await {
                Ok(())
            } else {
                std::process::exit(1);
            }
        }
        Some(Command::Sandbox { addr, stores }) => commands::sandbox::serve(addr, &stores).await,
        Some(Command::Stock {
            action:
                StockAction::Apply {
                    file,
                    dry_run,
                    wait,
                    yes,
                    quiet,
                    ..
                },
        }) => match session(
            &chosen.config,
            chosen.profile.clone(),
            chosen.theme.clone(),
            log_path,
        ) {
            Ok(session) => {
                let done = commands::stock::apply(
                    &session.config_path,
                    session.profile.as_deref(),
                    &file,
                    dry_run,
                    wait.map(Duration::from_secs),
                    yes,
                    quiet,
                )
                .await;
                match done {
                    // Every change is shown above: exit 1 says some need another look.
                    Ok(false) => std::process::exit(1),
                    Ok(true) => Ok(()),
                    Err(ApplyError::Held(message)) => {
                        eprintln!("stockroom: {message}");
                        std::process::exit(commands::stock::PROFILE_HELD_EXIT);
                    }
                    Err(ApplyError::User(e)) => Err(e),
                }
            }
            Err(e) => Err(e),
        },
        Some(Command::Journal { action }) => match session(
            &chosen.config,
            chosen.profile.clone(),
            chosen.theme.clone(),
            log_path,
        ) {
            Ok(session) => journal(&session, action).await,
            Err(e) => Err(e),
        },
        Some(Command::Audit { since, json, .. }) => match session(
            &chosen.config,
            chosen.profile.clone(),
            chosen.theme.clone(),
            log_path,
        ) {
            Ok(session) => commands::audit::print(
                &session.config_path,
                session.profile.as_deref(),
                since.as_deref(),
                json,
            ),
            Err(e) => Err(e),
        },
        Some(Command::Cache { action }) => match session(
            &chosen.config,
            chosen.profile.clone(),
            chosen.theme.clone(),
            log_path,
        ) {
            Ok(session) => {
                commands::cache::run(action, &session.config_path, session.profile.as_deref())
            }
            Err(e) => Err(e),
        },
        Some(Command::Export {
            format,
            output,
            history: true,
            ..
        }) => match session(
            &chosen.config,
            chosen.profile.clone(),
            chosen.theme.clone(),
            log_path,
        ) {
            Ok(session) => commands::cache::export_history(
                &session.config_path,
                session.profile.as_deref(),
                format,
                output.as_deref(),
            ),
            Err(e) => Err(e),
        },
        Some(Command::Export { format, output, .. }) => {
            match session(
                &chosen.config,
                chosen.profile.clone(),
                chosen.theme.clone(),
                log_path,
            ) {
                Ok(session) => {
                    commands::export::run(
                        &session.config_path,
                        session.profile.as_deref(),
                        format,
                        output.as_deref(),
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        }
        Some(Command::Demo { stores, .. }) => {
            match session(
                &chosen.config,
                chosen.profile.clone(),
                chosen.theme.clone(),
                log_path,
            ) {
                Ok(session) => {
                    commands::demo::run(
                        Session {
                            demo: true,
                            ..session
                        },
                        &stores,
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        }
        None => match session(
            &chosen.config,
            chosen.profile.clone(),
            chosen.theme.clone(),
            log_path,
        ) {
            Ok(session) => commands::tui::open_configured(session).await,
            Err(e) => Err(e),
        },
    };
    if let Err(UserError(message)) = result {
        commands::output::warn(&format!("stockroom: {message}"));
        std::process::exit(2);
    }
    Ok(())
}

/// Runs a `journal` command; exits 1 when a change failed and 3 when the profile is held.
async fn journal(session: &Session, action: JournalAction) -> Result<(), UserError> {
    let config = &session.config_path;
    let profile = session.profile.as_deref();
    let done = match action {
        JournalAction::List { .. } => return commands::journal::list(config, profile),
        JournalAction::Show { .. } => return commands::journal::show(config, profile),
        JournalAction::Discard {
            items,
            all,
            wait,
            yes,
            ..
        } => {
            let wait = wait.map(Duration::from_secs);
            commands::journal::discard(config, profile, &items, all, wait, yes)
                .await
                .map(|()| true)
        }
        JournalAction::Resume { wait, yes, .. } => {
            let wait = wait.map(Duration::from_secs);
            commands::journal::resume(config, profile, wait, yes).await
        }
    };
    match done {
        Ok(true) => Ok(()),
        Ok(false) => std::process::exit(1),
        Err(ApplyError::Held(message)) => {
            commands::output::warn(&format!("stockroom: {message}"));
            std::process::exit(commands::stock::PROFILE_HELD_EXIT);
        }
        Err(ApplyError::User(e)) => Err(e),
    }
}

fn session(
    config: &Option<std::path::PathBuf>,
    profile: Option<String>,
    theme: Option<String>,
    log_path: Option<std::path::PathBuf>,
) -> Result<Session, UserError> {
    let config_path =
        stockroom::config::path(config.as_deref()).map_err(|e| UserError(e.to_string()))?;
    Ok(Session {
        config_path,
        profile,
        theme,
        log_path,
        demo: false,
        preferences: Default::default(),
    })
}
