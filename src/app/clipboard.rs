//! Copies text through the terminal with OSC 52, which works over SSH and inside tmux.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::inspect::osc52;

/// Where the OSC 52 sequence goes.
#[derive(Debug, Clone)]
pub enum Clipboard {
    /// The terminal the UI runs in.
    Terminal,
    /// A buffer, for tests.
    Capture(Arc<Mutex<Vec<u8>>>),
}

impl Clipboard {
    pub fn copy(&self, text: &str) -> Result<(), String> {
        let sequence = osc52::sequence_checked(text)?;
        match self {
            Clipboard::Terminal => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(sequence.as_bytes())
                    .and_then(|()| stdout.flush())
                    .map_err(|e| e.to_string())
            }
            Clipboard::Capture(buffer) => {
                let mut buffer = buffer
                    .lock()
                    .map_err(|_| "the capture buffer is poisoned".to_owned())?;
                buffer.extend_from_slice(sequence.as_bytes());
                Ok(())
            }
        }
    }
}
