//! Where a profile's secret comes from: an environment variable, a command's output, or the file itself.

use std::process::Stdio;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::secret::{Redactor, Secret};

/// Longest part of a failed command's stderr line shown to the user.
const MAX_STDERR_CHARS: usize = 200;

/// `{ env = "VAR" }`, `{ command = "pass show shop/api" }` or `{ value = "..." }`: exactly one.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretSource")
            .field("env", &self.env)
            .field("command", &self.command)
            .field(
                "value",
                &self.value.as_ref().map(|_| crate::secret::REDACTED),
            )
            .finish()
    }
}

/// Why a secret could not be read. The command's failures name the profile; the others are
/// said of a profile by the caller (`SecretError::for_profile`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the secret must be one of {{ env = \"VAR\" }}, {{ command = \"...\" }} or {{ value = \"...\" }}"
    )]
    NotExactlyOne,
    #[error("environment variable {0} is not set")]
    EnvMissing(String),
    #[error("the secret command of profile {profile} could not be started: {message}")]
    CommandNotStarted { profile: String, message: String },
    #[error("the secret command of profile {profile} did not answer within {}", seconds_or_millis(*.after))]
    CommandTimedOut { profile: String, after: Duration },
    #[error("the secret command of profile {profile} failed ({status}){}", colon_then(.stderr))]
    CommandFailed {
        profile: String,
        status: String,
        /// Its first stderr line, sanitised and with anything it printed on stdout redacted.
        stderr: String,
    },
    #[error("the secret command of profile {profile} printed nothing")]
    CommandSilent { profile: String },
    #[error("the secret command of profile {profile} printed something that is not UTF-8")]
    CommandNotText { profile: String },
    #[error("the secret is empty")]
    Empty,
}

impl SecretError {
    /// The sentence for the user, naming the profile once.
    pub fn for_profile(&self, profile: &str) -> String {
        match self {
            SecretError::NotExactlyOne | SecretError::EnvMissing(_) | SecretError::Empty => {
                format!("cannot read the secret of profile \"{profile}\": {self}")
            }
            _ => self.to_string(),
        }
    }
}

fn seconds_or_millis(after: Duration) -> String {
    if after.subsec_millis() == 0 {
        format!("{} s", after.as_secs())
    } else {
        format!("{} ms", after.as_millis())
    }
}

fn colon_then(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

impl SecretSource {
    /// How long a secret command may take. Ten seconds is long enough for a password manager
    /// or an unlocked keyring, short enough that a command waiting for input nobody can give
    /// (a pinentry on another screen, a hung agent) is reported instead of waited on forever.
    pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

    pub fn is_inline(&self) -> bool {
        self.value.is_some()
    }

    pub fn check_shape(&self) -> Result<(), SecretError> {
        let count = [
            self.env.is_some(),
            self.command.is_some(),
            self.value.is_some(),
        ]
        .iter()
        .filter(|set| **set)
        .count();
        if count == 1 {
            Ok(())
        } else {
            Err(SecretError::NotExactlyOne)
        }
    }

    /// Reads `profile`'s secret. A command runs through `sh -c` with no stdin, is killed when
    /// it takes longer than `timeout`, and its stdout, trimmed, is the secret.
    pub async fn resolve(&self, profile: &str, timeout: Duration) -> Result<Secret, SecretError> {
        self.check_shape()?;
        let value = if let Some(var) = &self.env {
            std::env::var(var).map_err(|_| SecretError::EnvMissing(var.clone()))?
        } else if let Some(command) = &self.command {
            run(profile, command, timeout).await?
        } else {
            self.value.clone().unwrap_or_default()
        };
        let value = value.trim().to_owned();
        if value.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Secret::new(value))
    }

    /// `resolve` for code that is not async (and may run inside a runtime): on its own thread.
    pub fn resolve_blocking(
        &self,
        profile: &str,
        timeout: Duration,
    ) -> Result<Secret, SecretError> {
        let started = |message: String| SecretError::CommandNotStarted {
            profile: profile.to_owned(),
            message,
        };
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| started(e.to_string()))?;
                    runtime.block_on(self.resolve(profile, timeout))
                })
                .join()
                .unwrap_or_else(|_| Err(started("the thread reading it failed".to_owned())))
        })
    }
}

async fn run(profile: &str, command: &str, timeout: Duration) -> Result<String, SecretError> {
    let child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| SecretError::CommandNotStarted {
            profile: profile.to_owned(),
            message: e.to_string(),
        })?;
    let output = match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => {
            return Err(SecretError::CommandNotStarted {
                profile: profile.to_owned(),
                message: e.to_string(),
            });
        }
        // The child is dropped with the future, which kills it.
        Err(_) => {
            return Err(SecretError::CommandTimedOut {
                profile: profile.to_owned(),
                after: timeout,
            });
        }
    };
    let stdout = String::from_utf8(output.stdout);
    if !output.status.success() {
        // stderr is shown, stdout never: it may hold part of the secret, so it is redacted
        // from the stderr line too.
        let printed = stdout.as_deref().unwrap_or_default().trim();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first_line = stderr.lines().next().unwrap_or_default().trim();
        let redacted = Redactor::new(None, &Secret::new(printed)).redact(first_line);
        let shown: String = crate::sanitize::clean(&redacted)
            .chars()
            .take(MAX_STDERR_CHARS)
            .collect();
        return Err(SecretError::CommandFailed {
            profile: profile.to_owned(),
            status: output.status.to_string(),
            stderr: shown,
        });
    }
    let stdout = stdout.map_err(|_| SecretError::CommandNotText {
        profile: profile.to_owned(),
    })?;
    if stdout.trim().is_empty() {
        return Err(SecretError::CommandSilent {
            profile: profile.to_owned(),
        });
    }
    Ok(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(text: &str) -> SecretSource {
        SecretSource {
            command: Some(text.into()),
            ..Default::default()
        }
    }

    const LONG_ENOUGH: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn command_output_is_the_secret() {
        let secret = command("printf 'abc123\\n'")
            .resolve("shop", LONG_ENOUGH)
            .await
            .unwrap();
        assert_eq!(secret.expose(), "abc123");
    }

    #[tokio::test]
    async fn failures_say_what_to_fix() {
        let missing = SecretSource {
            env: Some("STOCKROOM_TEST_SURELY_UNSET".into()),
            ..Default::default()
        };
        let error = missing.resolve("shop", LONG_ENOUGH).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "environment variable STOCKROOM_TEST_SURELY_UNSET is not set"
        );
        assert_eq!(
            error.for_profile("shop"),
            "cannot read the secret of profile \"shop\": environment variable \
             STOCKROOM_TEST_SURELY_UNSET is not set"
        );
        let both = SecretSource {
            env: Some("A".into()),
            value: Some("b".into()),
            ..Default::default()
        };
        let error = both.resolve("shop", LONG_ENOUGH).await.unwrap_err();
        assert_eq!(error, SecretError::NotExactlyOne);
    }

    #[tokio::test]
    async fn a_failing_command_shows_its_first_stderr_line_clean_and_redacted() {
        let failing = command(
            "printf 'hunter2-key'; printf 'bad key hunter2-key \\033[2J\\nsecond line\\n' >&2; exit 3",
        );
        let message = failing
            .resolve("shop", LONG_ENOUGH)
            .await
            .unwrap_err()
            .for_profile("shop");
        assert!(
            message.starts_with("the secret command of profile shop failed (exit status: 3)"),
            "{message}"
        );
        assert!(message.contains("bad key [REDACTED]"), "{message}");
        assert!(!message.contains('\u{1b}'), "{message}");
        assert!(!message.contains("second line"), "{message}");
    }

    #[tokio::test]
    async fn a_command_that_prints_nothing_says_so() {
        let error = command("true")
            .resolve("shop", LONG_ENOUGH)
            .await
            .unwrap_err();
        assert_eq!(
            error.for_profile("shop"),
            "the secret command of profile shop printed nothing"
        );
    }

    #[tokio::test]
    async fn a_command_that_hangs_is_stopped_at_the_timeout() {
        let started = std::time::Instant::now();
        let error = command("sleep 30")
            .resolve("shop", Duration::from_millis(200))
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the secret command of profile shop did not answer within 200 ms"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn resolving_blocking_works_inside_a_runtime_too() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let secret = runtime
            .block_on(async { command("echo k3y-value").resolve_blocking("shop", LONG_ENOUGH) });
        assert_eq!(secret.unwrap().expose(), "k3y-value");
        let timed_out = command("sleep 30").resolve_blocking("shop", Duration::from_secs(1));
        assert_eq!(
            timed_out.unwrap_err().to_string(),
            "the secret command of profile shop did not answer within 1 s"
        );
    }

    #[test]
    fn debug_hides_inline_values() {
        let source = SecretSource {
            value: Some("hunter2".into()),
            ..Default::default()
        };
        assert!(!format!("{source:?}").contains("hunter2"));
    }
}
