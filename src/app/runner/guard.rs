//! Background work that cannot take the UI down: a task that panics is logged and answered
//! with the actions that end what the UI is waiting for.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::app::action::Action;

/// What the user reads when a task failed inside Stockroom rather than on the network.
pub const INTERNAL: &str = "Stockroom failed while handling the answer (a bug; see the log)";

/// Spawns `work`; if it panics, `fallback` is sent instead of what it would have sent.
pub fn spawn_guarded<Fut>(
    actions: UnboundedSender<Action>,
    fallback: impl FnOnce() -> Vec<Action> + Send + 'static,
    work: Fut,
) -> JoinHandle<()>
where
    Fut: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        if AssertUnwindSafe(work).catch_unwind().await.is_err() {
            for action in fallback() {
                let _ = actions.send(action);
            }
        }
    })
}

/// Restores the terminal and reports only for a panic on the UI's own thread; a panic in a
/// background task is logged, and its task's guard tells the UI.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            // The terminal goes back to the user as it was, mouse reporting off included.
            let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
            previous(info);
        } else {
            tracing::error!(panic = %info, "a background task panicked");
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_task_that_panics_sends_its_fallback_instead() {
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        let fallback = || vec![Action::BatchFinished { profile: 0 }];
        let work = async {
            let parsed: Result<u8, String> = Err("a parser bug".to_owned());
            if let Err(bug) = parsed {
                panic!("{bug}");
            }
        };
        let _ = spawn_guarded(sender.clone(), fallback, work).await;
        assert_eq!(
            receiver.try_recv().ok(),
            Some(Action::BatchFinished { profile: 0 })
        );
        let _ = spawn_guarded(sender, || vec![Action::Quit], async {}).await;
        assert!(
            receiver.try_recv().is_err(),
            "no fallback after a task that ends well"
        );
    }
}
