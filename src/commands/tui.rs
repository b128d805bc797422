//! Opens the full-screen UI on a set of profiles, and puts the terminal back however it ends.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::UserError;
use crate::app::run::run;
use crate::app::runner::{ProfileTarget, Runner};
use crate::app::state::{Message, ProfileInfo, Severity, State};
use crate::app::themes::Themes;
use crate::config::{self, Config, Profile};
use crate::keys::Bindings;
use crate::theme;

/// What every UI command shares: where the config lives, the chosen profile and theme, the log.
#[derive(Debug, Clone)]
pub struct Session {
    pub config_path: PathBuf,
    pub profile: Option<String>,
    pub theme: Option<String>,
    pub log_path: Option<PathBuf>,
    /// The profiles are the demo's, on a sandbox started for this run.
    pub demo: bool,
    /// The config's keys and mouse setting.
    pub preferences: Preferences,
}

/// How the user likes the UI to answer, from the config: its keys and the mouse.
#[derive(Debug, Clone, Default)]
pub struct Preferences {
    pub bindings: Arc<Bindings>,
    pub mouse: bool,
    /// The config's `ascii`: draw plain ASCII (`true`) or Unicode (`false`); unset, the
    /// locale decides.
    pub ascii: Option<bool>,
}

impl Preferences {
    /// The config's preferences; a `[keys]` table with problems is refused, naming them all.
    pub fn of(config: &Config) -> Result<Preferences, String> {
        let bindings = Bindings::build(&config.keys).map_err(|problems| {
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok(Preferences {
            bindings: Arc::new(bindings),
            mouse: config.mouse,
            ascii: config.ascii,
        })
    }
}

/// `stockroom`: the UI on the config's profiles, or a welcome screen when there is no config.
pub async fn open_configured(session: Session) -> Result<(), UserError> {
    let config =
        config::load_checked(&session.config_path).map_err(|e| UserError(e.to_string()))?;
    let Some(config) = config else {
        return open(session, vec![]).await;
    };
    let warning = config::permission_warning(&session.config_path, &config);
    if let Some(warning) = &warning {
        tracing::warn!("{warning}");
        super::output::warn(&format!("warning: {warning}"));
    }
    let theme = session.theme.clone().or(config.theme.clone());
    let start = session.profile.clone().or(config.default_profile.clone());
    let preferences = Preferences::of(&config).map_err(UserError)?;
    let Config { profiles, .. } = config;
    let session = Session {
        theme,
        profile: start,
        preferences,
        ..session
    };
    open_warning(session, profiles.into_iter().collect(), warning).await
}

/// Opens the UI on `profiles`; `session.profile` picks the starting one (else the first).
pub async fn open(session: Session, profiles: Vec<(String, Profile)>) -> Result<(), UserError> {
    open_warning(session, profiles, None).await
}

/// Like `open`, with a warning shown once in the message line when the UI starts.
async fn open_warning(
    session: Session,
    profiles: Vec<(String, Profile)>,
    warning: Option<String>,
) -> Result<(), UserError> {
    let active = match &session.profile {
        Some(name) => profiles
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| {
                let known: Vec<&str> = profiles.iter().map(|(n, _)| n.as_str()).collect();
                UserError(format!(
                    "no profile named \"{name}\" in {} (profiles: {})",
                    session.config_path.display(),
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ))
            })?,
        None => 0,
    };
    let theme_name = session
        .theme
        .clone()
        .or_else(|| profiles.get(active).and_then(|(_, p)| p.theme.clone()))
        .unwrap_or_else(|| "dark".to_owned());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let themes_dir = config::themes_dir(&session.config_path);
    let ascii =
        crate::terminal::ascii_wanted(&crate::terminal::process_env, session.preferences.ascii);
    let glyphs = theme::Glyphs::pick(ascii);
    let available = theme::names(themes_dir.as_deref())
        .into_iter()
        .map(|name| {
            let loaded = theme::load(&name, themes_dir.as_deref(), no_color);
            let loaded = loaded.map(|styles| theme::Styles { glyphs, ..styles });
            (name, loaded.map_err(|e| e.to_string()))
        })
        .collect();
    let mut themes = Themes {
        available,
        no_color,
        ..Themes::default()
    };
    themes.switch(&theme_name).map_err(UserError)?;
    needs_terminal()?;

    let infos = profiles
        .iter()
        .map(|(name, profile)| profile_info(name, profile))
        .collect();
    let accents: Vec<_> = profiles
        .iter()
        .map(|(_, profile)| profile.accent.as_deref().and_then(config::accent_colour))
        .collect();
    let targets = profiles
        .iter()
        .map(|(name, profile)| target(name, profile, session.demo))
        .collect();
    let (sender, receiver) = mpsc::unbounded_channel();
    let runner = Runner::new(targets, sender, crate::journal::default_dir())
        .with_cache_dir(crate::cache::default_dir());
    if !profiles.is_empty() {
        // Read the starting profile's secret before the UI takes the terminal: a secret
        // command may need to prompt. A failure is shown in the UI by the first load.
        let _ = runner.connect(active).await;
    }
    let mut state = State::new(infos, active);
    state.accents = accents;
    state.themes = themes;
    state.bindings = session.preferences.bindings.clone();
    state.log_path = session.log_path.clone();
    state.config_path = Some(session.config_path.clone());
    state.message = warning.map(|text| Message {
        severity: Severity::Error,
        text: format!("warning: {text}"),
    });

    let mut terminal = match crate::terminal::init() {
        Ok(terminal) => terminal,
        Err(error) => {
            ratatui::restore();
            return Err(UserError(format!("the terminal failed: {error}")));
        }
    };
    crate::app::runner::install_panic_hook();
    let mouse = session.preferences.mouse;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    let result = run(&mut terminal, state, runner, receiver).await;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    }
    ratatui::restore();
    result.map_err(|e| UserError(format!("the terminal failed: {e}")))
}

fn profile_info(name: &str, profile: &Profile) -> ProfileInfo {
    let host = url::Url::parse(&profile.base_url)
        .ok()
        .and_then(|url| {
            let host = url.host_str()?.to_owned();
            Some(match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_else(|| profile.base_url.clone());
    ProfileInfo {
        name: name.to_owned(),
        platform: profile.platform,
        host,
        read_only: profile.read_only,
        production: profile.production,
        capabilities: crate::catalog::capabilities(profile.platform, profile.read_only),
        user: profile.user.clone(),
        secret_var: profile
            .secret
            .as_ref()
            .and_then(|s| s.env.clone())
            .unwrap_or_else(|| "STOCKROOM_SECRET".to_owned()),
    }
}

fn target(name: &str, profile: &Profile, demo: bool) -> ProfileTarget {
    ProfileTarget {
        name: name.to_owned(),
        store: if demo {
            format!("sandbox:{}", profile.platform.key())
        } else {
            profile.base_url.clone()
        },
        connection: profile.connection(),
        secret: profile.secret.clone().unwrap_or_default(),
    }
}

/// The UI draws on a terminal and reads keys from one: without one (a pipe, cron, `ssh host`
/// without `-t`) it says so in one line instead of writing escapes into the output. The
/// config is checked first, so its problems are named even there.
fn needs_terminal() -> Result<(), UserError> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(UserError(
        "the UI needs a terminal (try ssh -t, or the headless commands: stock apply, export)"
            .to_owned(),
    ))
}
