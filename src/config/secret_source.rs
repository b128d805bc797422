//! Where a profile's secret comes from: an environment variable, a command's output, or the file itself.

use std::process::Command;

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the secret must be one of {{ env = \"VAR\" }}, {{ command = \"...\" }} or {{ value = \"...\" }}"
    )]
    NotExactlyOne,
    #[error("environment variable {0} is not set")]
    EnvMissing(String),
    #[error("command `{command}` failed: {message}")]
    CommandFailed { command: String, message: String },
    #[error("the secret is empty")]
    Empty,
}

impl SecretSource {
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

    /// Reads the secret. A command runs through `sh -c`; its stdout, trimmed, is the secret.
    pub fn resolve(&self) -> Result<Secret, SecretError> {
        self.check_shape()?;
        let value = if let Some(var) = &self.env {
            std::env::var(var).map_err(|_| SecretError::EnvMissing(var.clone()))?
        } else if let Some(command) = &self.command {
            run(command)?
        } else {
            self.value.clone().unwrap_or_default()
        };
        let value = value.trim().to_owned();
        if value.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Secret::new(value))
    }
}

fn run(command: &str) -> Result<String, SecretError> {
    let failed = |message: String| SecretError::CommandFailed {
        command: command.to_owned(),
        message,
    };
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        // stderr is shown, stdout never: it may hold part of the secret.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first_line = stderr.lines().next().unwrap_or("").trim();
        return Err(failed(format!("{} {first_line}", output.status)));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("its output is not UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_output_is_the_secret() {
        let source = SecretSource {
            command: Some("printf 'abc123\\n'".into()),
            ..Default::default()
        };
        assert_eq!(source.resolve().unwrap().expose(), "abc123");
    }

    #[test]
    fn failures_say_what_to_fix() {
        let missing = SecretSource {
            env: Some("STOCKROOM_TEST_SURELY_UNSET".into()),
            ..Default::default()
        };
        assert_eq!(
            missing.resolve().unwrap_err().to_string(),
            "environment variable STOCKROOM_TEST_SURELY_UNSET is not set"
        );
        let both = SecretSource {
            env: Some("A".into()),
            value: Some("b".into()),
            ..Default::default()
        };
        assert_eq!(both.resolve().unwrap_err(), SecretError::NotExactlyOne);
        let failing = SecretSource {
            command: Some("echo oops >&2; exit 3".into()),
            ..Default::default()
        };
        assert!(failing.resolve().unwrap_err().to_string().contains("oops"));
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
