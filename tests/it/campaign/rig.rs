//! The pipeline under test, whole: a `State` driven by `update`, its effects carried out by the
//! real `Runner` against the in-process sandbox, the journal on disk, restarts included.

use std::time::Duration;

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::runner::{ProfileTarget, Runner};
use stockroom::app::state::{Dialog, Layer, ProfileInfo, State};
use stockroom::app::update::{start, update};
use stockroom::basket::{ItemId, Outcome};
use stockroom::catalog::Connection;
use stockroom::catalog::http::PlannedRequest;
use stockroom::catalog::model::Platform;
use stockroom::config::SecretSource;
use stockroom::sandbox::received::Received;
use stockroom::sandbox::{Endpoint, Sandbox, SandboxOptions};
use tempfile::TempDir;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::support::profiles;

/// Products in each simulated store: few, so a sequence often comes back to one.
pub const PRODUCTS: usize = 5;
/// The client's patience: short, so a held request costs little campaign time.
pub const CLIENT_TIMEOUT: Duration = Duration::from_millis(250);
/// Longer than any answer can take: waiting this long for the next result means a hang.
const HANG: Duration = Duration::from_secs(30);

/// How one batch went: the plans shown before it, each item's outcome, what the store received.
#[derive(Debug, Default)]
pub struct BatchRecord {
    pub plans: Vec<(ItemId, Result<Vec<PlannedRequest>, String>)>,
    pub outcomes: Vec<(ItemId, Outcome)>,
    pub received: Vec<Received>,
    /// The batch's creates, which look their SKU up once before their first send.
    pub creates: Vec<ItemId>,
}

pub struct Rig {
    pub sandbox: Sandbox,
    pub platform: Platform,
    pub endpoint: Endpoint,
    dir: TempDir,
    profiles: Vec<ProfileInfo>,
    targets: Vec<ProfileTarget>,
    pub state: State,
    runner: Runner,
    actions: UnboundedReceiver<Action>,
    /// Results still owed by the runner, by the effect that asked for them.
    owed: Owed,
    /// The batch being sent, or the last one.
    pub batch: Option<BatchRecord>,
}

#[derive(Debug, Default)]
struct Owed {
    loading: bool,
    others: usize,
}

fn options() -> SandboxOptions {
    SandboxOptions {
        cscart_products: PRODUCTS,
        valigara_products: PRODUCTS,
        b2bwave_products: PRODUCTS,
        ugal_items: PRODUCTS,
        ..SandboxOptions::default()
    }
}

/// The second profile, for switching: another platform's store of the same sandbox.
fn other_platform(platform: Platform) -> Platform {
    if platform == Platform::Cscart {
        Platform::Valigara
    } else {
        Platform::Cscart
    }
}

fn target(name: &str, endpoint: &Endpoint) -> ProfileTarget {
    ProfileTarget {
        name: name.into(),
        store: endpoint.base_url.clone(),
        connection: Connection {
            platform: endpoint.platform,
            base_url: endpoint.base_url.clone(),
            user: (!endpoint.user.is_empty()).then(|| endpoint.user.clone()),
            timeout: CLIENT_TIMEOUT,
            read_only: false,
            requests_per_second: None,
        },
        secret: SecretSource {
            value: Some(endpoint.key.clone()),
            ..Default::default()
        },
    }
}

impl Rig {
    /// The sandbox, a journal directory, and the UI started on `platform`'s store with its
    /// catalog loaded.
    pub async fn start(platform: Platform) -> Rig {
        let sandbox = Sandbox::start(options()).await.expect("sandbox starts");
        Rig::on(sandbox, platform).await
    }

    /// The sandbox for [`Rig::on`], on a runtime of its own so that it outlives the
    /// runtimes a crash drops.
    pub fn sandbox_on(runtime: &tokio::runtime::Runtime) -> Sandbox {
        runtime
            .block_on(Sandbox::start(options()))
            .expect("sandbox starts")
    }

    /// The UI started on `platform`'s store of `sandbox`.
    pub async fn on(sandbox: Sandbox, platform: Platform) -> Rig {
        let endpoint = sandbox.endpoint(platform).expect("served").clone();
        let other = sandbox
            .endpoint(other_platform(platform))
            .expect("served")
            .clone();
        let profiles = vec![
            profiles::shop(platform, false),
            ProfileInfo {
                name: "other".into(),
                ..profiles::shop(other.platform, false)
            },
        ];
        let targets = vec![target("shop", &endpoint), target("other", &other)];
        let dir = tempfile::tempdir().expect("temp dir");
        let (sender, actions) = unbounded_channel();
        let runner = Runner::new(targets.clone(), sender, Some(dir.path().to_owned()));
        let mut rig = Rig {
            state: State::new(profiles.clone(), 0),
            sandbox,
            platform,
            endpoint,
            dir,
            profiles,
            targets,
            runner,
            actions,
            owed: Owed::default(),
            batch: None,
        };
        rig.boot().await;
        rig
    }

    async fn boot(&mut self) {
        let effects = start(&mut self.state);
        self.pump(effects).await;
        if matches!(self.state.dialog(), Some(Dialog::Recovered { .. })) {
            self.act(Action::ReviewRecovered).await;
        }
        self.close_to_list().await;
    }

    /// A crash and a start again: the journal is left as the writer last wrote it, the
    /// session's memory is gone, the UI starts from the journal and the store.
    pub async fn restart(&mut self) {
        self.runner.journal_written().await;
        let (sender, actions) = unbounded_channel();
        let runner = Runner::new(
            self.targets.clone(),
            sender,
            Some(self.dir.path().to_owned()),
        );
        // The old runner's journal lock must be let go before the new one takes it.
        drop(std::mem::replace(&mut self.runner, runner));
        self.actions = actions;
        self.owed = Owed::default();
        self.state = State::new(self.profiles.clone(), 0);
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.boot().await;
    }

    /// Says yes to sending the basket and hands the batch to the runner, then carries its
    /// results through `update` for `patience` only: the crash that follows finds items
    /// sent, settled or in flight. The items' outcomes so far are in `self.batch`.
    pub async fn send_then_stop(&mut self, patience: Duration) {
        self.act(Action::OpenBasket).await;
        self.batch = None;
        self.act(Action::SendBasket).await;
        if !matches!(self.state.dialog(), Some(Dialog::ConfirmSend { .. })) {
            return;
        }
        let mut pending = update(&mut self.state, Action::Confirm);
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            for effect in pending.drain(..) {
                self.owe(&effect);
                self.runner.run(effect);
            }
            let Ok(Some(action)) = tokio::time::timeout_at(deadline, self.actions.recv()).await
            else {
                return;
            };
            self.paid(&action);
            pending = update(&mut self.state, action);
        }
    }

    /// One user action, and everything it leads to, until the runner owes nothing.
    pub async fn act(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        self.pump(effects).await;
    }

    /// Closes every layer over the list, answering no to dialogs and cancelling editors.
    pub async fn close_to_list(&mut self) {
        for _ in 0..12 {
            let action = match self.state.top() {
                Layer::List => return,
                Layer::Dialog(_) => Action::Decline,
                Layer::Editor(_) => Action::EditorCancel,
                Layer::Prompt(_) => Action::PromptCancel,
                Layer::Search(_) => Action::SearchCancel,
                _ => Action::Back,
            };
            self.act(action).await;
        }
        panic!("the layers do not close: {:?}", self.state.layers);
    }

    /// Hands `effects` to the runner and feeds its results back through `update` until the
    /// runner owes no result and the journal writer has caught up.
    pub async fn pump(&mut self, effects: Vec<Effect>) {
        let mut pending = effects;
        loop {
            for effect in pending.drain(..) {
                self.owe(&effect);
                self.runner.run(effect);
            }
            if !self.owed.loading && self.owed.others == 0 {
                break;
            }
            let action = tokio::time::timeout(HANG, self.actions.recv())
                .await
                .unwrap_or_else(|_| panic!("no result for {HANG:?}: {:?}", self.owed))
                .expect("the runner's channel stays open");
            self.paid(&action);
            pending = update(&mut self.state, action);
        }
        self.runner.journal_written().await;
        // Results sent without being asked (journal failures) are applied too.
        while let Ok(action) = self.actions.try_recv() {
            let effects = update(&mut self.state, action);
            if !effects.is_empty() {
                Box::pin(self.pump(effects)).await;
            }
        }
    }

    fn owe(&mut self, effect: &Effect) {
        match effect {
            Effect::LoadCatalog { .. } => self.owed.loading = true,
            Effect::CancelLoad => self.owed.loading = false,
            Effect::ComputeView { .. }
            | Effect::RefreshRows { .. }
            | Effect::LoadProduct { .. }
            | Effect::LoadJournal { .. }
            | Effect::PlanRequests { .. }
            | Effect::LoadFormFields { .. } => self.owed.others += 1,
            Effect::SendBatch { items, .. } => {
                self.owed.others += 1;
                self.batch = Some(BatchRecord {
                    creates: items
                        .iter()
                        .filter(|item| matches!(item.change, stockroom::basket::Change::Create(_)))
                        .map(|item| item.id)
                        .collect(),
                    plans: self
                        .state
                        .basket_view()
                        .map(|view| view.plans.clone())
                        .unwrap_or_default(),
                    ..BatchRecord::default()
                });
                self.sandbox.forget_received(self.endpoint.name());
            }
            _ => {}
        }
    }

    fn paid(&mut self, action: &Action) {
        match action {
            Action::LoadFinished { .. } => self.owed.loading = false,
            Action::ItemSettled { item, outcome, .. } => {
                if let Some(batch) = self.batch.as_mut() {
                    batch.outcomes.push((*item, outcome.clone()));
                }
            }
            Action::BatchFinished { .. } => {
                if let Some(batch) = self.batch.as_mut() {
                    batch.received = self.sandbox.received(self.endpoint.name());
                }
                self.pay();
            }
            Action::ViewComputed { .. }
            | Action::RowsRefreshed { .. }
            | Action::ProductLoaded { .. }
            | Action::ProductFailed { .. }
            | Action::JournalLoaded { .. }
            | Action::RequestsPlanned { .. }
            | Action::FormFieldsLoaded { .. } => self.pay(),
            Action::JournalFailed { message, .. } | Action::JournalWriteFailed { message, .. } => {
                panic!("the journal failed: {message}")
            }
            _ => {}
        }
    }

    fn pay(&mut self) {
        self.owed.others = self.owed.others.saturating_sub(1);
    }

    /// Selects the list row showing product `id`; false when it is not listed.
    pub async fn select(&mut self, id: &stockroom::catalog::model::ProductId) -> bool {
        let listing = &self.state.session.listing;
        let Some(row) = (0..listing.len()).find(|&row| {
            listing
                .rows
                .get(row)
                .is_some_and(|summary| &summary.id == id)
        }) else {
            return false;
        };
        self.act(Action::SelectFirst).await;
        for _ in 0..row {
            self.act(Action::SelectNext).await;
        }
        self.state
            .session
            .listing
            .selected_product()
            .is_some_and(|summary| &summary.id == id)
    }
}
