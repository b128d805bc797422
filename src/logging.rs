//! Logs to a file, never to the terminal the UI runs in; every field cleaned of control
//! characters, so a server's text can neither act on `tail -f` nor forge a log line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::{MakeExt, RecordFields};
use tracing_subscriber::fmt::FormatFields;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::{Writer, debug_fn};

pub const LOG_FILE: &str = "stockroom.log";

/// Starts logging to `dir/stockroom.log` (level from `STOCKROOM_LOG`, default info).
/// Returns the file's path and a guard that flushes it on drop; `None` if the file cannot be made.
pub fn init(dir: &Path) -> Option<(PathBuf, WorkerGuard)> {
    crate::app::paths::private_dir(dir).ok()?;
    let path = dir.join(LOG_FILE);
    // Opening it here surfaces a permission problem now instead of losing every line later.
    crate::app::paths::private_file(&path).ok()?;
    let appender = tracing_appender::rolling::never(dir, LOG_FILE);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("STOCKROOM_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing::subscriber::set_global_default(subscriber(filter, writer)).ok()?;
    Some((path, guard))
}

/// The log's format: plain text, no colours, each field's value cleaned.
pub fn subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .fmt_fields(CleanFields)
        .finish()
}

/// Formats an event's fields as `message name=value …`, each value through `sanitize::clean`.
struct CleanFields;

impl<'writer> FormatFields<'writer> for CleanFields {
    fn format_fields<R: RecordFields>(
        &self,
        writer: Writer<'writer>,
        fields: R,
    ) -> std::fmt::Result {
        let format = debug_fn(|writer, field, value| {
            let mut text = String::new();
            write!(text, "{value:?}")?;
            let text = crate::sanitize::clean(&text);
            if field.name() == "message" {
                write!(writer, "{text}")
            } else {
                write!(writer, "{}={text}", field.name())
            }
        })
        .delimited(" ");
        format.format_fields(writer, fields)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn server_strings_are_escaped_and_forge_no_line() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = subscriber(EnvFilter::new("info"), move || writer.clone());
        tracing::subscriber::with_default(subscriber, || {
            let sku = "A\u{1b}]0;pwned\u{7}\r2026-01-01 INFO forged\0\u{202e}";
            tracing::info!(item = 3, sku = %sku, note = ?sku, "item settled {sku}");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            !text
                .trim_end()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "{text:?}"
        );
        assert!(
            text.contains("sku=A\\u{1b}]0;pwned\\u{7} 2026-01-01"),
            "{text}"
        );
        assert!(text.contains("item settled A\\u{1b}"), "{text}");
        assert!(text.contains("item=3"), "{text}");
    }
}
