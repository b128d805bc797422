//! `update` tests of staging and sending: the stock keys, the basket, confirming, conflicts,
//! undo, the journal and quitting with changes staged.

use stockroom::app::action::Action;
use stockroom::app::effect::Effect;
use stockroom::app::state::{Dialog, PromptKind, Severity, State};
use stockroom::app::update::update;
use stockroom::basket::check::Resolution;
use stockroom::basket::{ItemId, ItemStatus, Mismatch, Outcome, StockChange};

use crate::support::shop::{journaled, keys, loaded, loaded_with, profile, stock_of};

#[test]
fn count_prefix_adjusts_by_the_count_and_changes_merge() {
    let mut state = loaded();
    let effects = keys(
        &mut state,
        &[
            Action::CountDigit(1),
            Action::CountDigit(2),
            Action::AdjustStock { sign: 1 },
        ],
    );
    assert_eq!(stock_of(&state, "1"), Some(StockChange::adjust(10, 12)));
    assert_eq!(
        journaled(&effects).map(|items| items.len()),
        Some(1),
        "staging is journaled at once"
    );
    assert!(state.count.is_none());
    update(&mut state, Action::AdjustStock { sign: -1 });
    assert_eq!(stock_of(&state, "1"), Some(StockChange::adjust(10, 11)));
    let effects = keys(
        &mut state,
        &[
            Action::CountDigit(1),
            Action::CountDigit(1),
            Action::AdjustStock { sign: -1 },
        ],
    );
    assert!(
        state.session.basket.is_empty(),
        "back to the original value: nothing staged"
    );
    assert_eq!(journaled(&effects), Some(vec![]));
}

#[test]
fn equals_sets_an_exact_value_and_explains_bad_input() {
    let mut state = loaded();
    keys(&mut state, &[Action::SelectNext, Action::StartSetStock]);
    assert!(matches!(
        state.prompt().map(|p| &p.kind),
        Some(PromptKind::SetStock { current: 20, .. })
    ));
    keys(
        &mut state,
        &[Action::PromptInput('x'), Action::PromptSubmit],
    );
    assert!(
        state.prompt().and_then(|p| p.error.as_ref()).is_some(),
        "the prompt stays open with the reason"
    );
    keys(
        &mut state,
        &[
            Action::PromptClear,
            Action::PromptInput('0'),
            Action::PromptSubmit,
        ],
    );
    assert!(state.prompt().is_none());
    assert_eq!(
        stock_of(&state, "2"),
        Some(StockChange::Set { from: 20, to: 0 })
    );
    keys(
        &mut state,
        &[
            Action::StartSetStock,
            Action::PromptInput('+'),
            Action::PromptInput('5'),
            Action::PromptSubmit,
        ],
    );
    assert_eq!(
        stock_of(&state, "2"),
        Some(StockChange::Set { from: 20, to: 5 })
    );
}

#[test]
fn a_read_only_profile_refuses_every_write() {
    let mut state = loaded_with(profile(true, false));
    for action in [
        Action::AdjustStock { sign: 1 },
        Action::StartSetStock,
        Action::EditProduct,
        Action::EditRaw,
        Action::NewProduct,
        Action::DeleteProduct,
    ] {
        let effects = update(&mut state, action.clone());
        assert!(effects.is_empty(), "{action:?} asked for {effects:?}");
        let message = state.message.clone().expect("a message says why");
        assert_eq!(message.severity, Severity::Error);
        assert!(message.text.contains("read-only"), "{}", message.text);
    }
    assert!(
        state.session.basket.is_empty()
            && state.prompt().is_none()
            && state.editor().is_none()
            && state.dialog().is_none()
    );
}

/// Stages +5 on product 1 and =0 on product 2, then confirms sending.
fn stage_two_and_confirm(state: &mut State) -> Vec<Effect> {
    keys(
        state,
        &[
            Action::CountDigit(5),
            Action::AdjustStock { sign: 1 },
            Action::SelectNext,
            Action::StartSetStock,
            Action::PromptInput('0'),
            Action::PromptSubmit,
        ],
    );
    let effects = update(state, Action::OpenBasket);
    assert!(matches!(effects.as_slice(), [Effect::PlanRequests { items, .. }] if items.len() == 2));
    let effects = update(state, Action::SendBasket);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SendBatch { .. })),
        "nothing is sent before yes"
    );
    assert_eq!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmSend {
            items: 2,
            writes: 2
        })
    );
    update(state, Action::Confirm)
}

#[test]
fn sending_journals_the_batch_before_handing_it_to_the_runner() {
    let mut state = loaded();
    let effects = stage_two_and_confirm(&mut state);
    match effects.as_slice() {
        [
            Effect::SaveJournal { items: journal, .. },
            Effect::SendBatch { items: sent, .. },
        ] => {
            assert!(
                journal.iter().all(|i| i.status == ItemStatus::Sending),
                "journaled as in flight"
            );
            assert_eq!(sent.len(), 2);
        }
        other => panic!("expected the journal write, then the batch: {other:?}"),
    }
    let ids: Vec<ItemId> = state.session.basket.items.iter().map(|i| i.id).collect();
    let sent = state.session.basket.items[0].change.clone();
    let effects = update(
        &mut state,
        Action::ItemSettled {
            profile: 0,
            item: ids[0],
            outcome: Outcome::Sent {
                sent,
                created: None,
            },
            exchanges: vec![],
        },
    );
    assert_eq!(
        journaled(&effects).map(|i| i.len()),
        Some(1),
        "a confirmed item leaves the journal"
    );
    update(
        &mut state,
        Action::ItemSettled {
            profile: 0,
            item: ids[1],
            outcome: Outcome::Failed("503 server error: maintenance".into()),
            exchanges: vec![],
        },
    );
    let effects = update(&mut state, Action::BatchFinished { profile: 0 });
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RefreshRows { ids, .. } if ids.len() == 1)),
        "the sent product is read back for its row"
    );
    assert!(state.session.sending.is_none());
    assert_eq!(
        state.session.basket.len(),
        1,
        "the failed item stays staged"
    );
    assert!(
        matches!(&state.session.basket.items[0].status, ItemStatus::Failed { message } if message.contains("503"))
    );
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("Sent 1"))
    );
}

#[test]
fn production_asks_for_the_profile_name_before_several_writes() {
    let mut state = loaded_with(profile(false, true));
    let effects = stage_two_and_confirm(&mut state);
    assert!(effects.is_empty());
    assert!(matches!(
        state.prompt().map(|p| &p.kind),
        Some(PromptKind::ConfirmProduction { .. })
    ));
    let wrong: Vec<Action> = "shoq"
        .chars()
        .map(Action::PromptInput)
        .chain([Action::PromptSubmit])
        .collect();
    let effects = keys(&mut state, &wrong);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SendBatch { .. }))
    );
    assert!(state.session.sending.is_none());
    update(&mut state, Action::SendBasket);
    update(&mut state, Action::Confirm);
    let right: Vec<Action> = "shop"
        .chars()
        .map(Action::PromptInput)
        .chain([Action::PromptSubmit])
        .collect();
    let effects = keys(&mut state, &right);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SendBatch { .. }))
    );
}

#[test]
fn a_conflict_blocks_sending_until_resolved() {
    let mut state = loaded();
    stage_two_and_confirm(&mut state);
    let first = state.session.basket.items[0].id;
    let mismatch = Mismatch {
        field: "Stock".into(),
        expected: "10".into(),
        found: "8".into(),
        wanted: "15".into(),
    };
    update(
        &mut state,
        Action::ItemSettled {
            profile: 0,
            item: first,
            outcome: Outcome::Conflict(vec![mismatch]),
            exchanges: vec![],
        },
    );
    let second = state.session.basket.items[1].id;
    update(
        &mut state,
        Action::ItemSettled {
            profile: 0,
            item: second,
            outcome: Outcome::AlreadyApplied,
            exchanges: vec![],
        },
    );
    update(&mut state, Action::BatchFinished { profile: 0 });

    let effects = update(&mut state, Action::SendBasket);
    assert!(
        effects.is_empty() && state.dialog().is_none(),
        "a conflict must be settled first"
    );
    update(&mut state, Action::SelectFirst);
    update(&mut state, Action::Resolve(Resolution::KeepDelta));
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::adjust(8, 5)),
        "same delta on the new value"
    );
    assert_eq!(state.session.basket.items[0].status, ItemStatus::Staged);

    let mismatch = Mismatch {
        field: "Stock".into(),
        expected: "8".into(),
        found: "7".into(),
        wanted: "13".into(),
    };
    update(
        &mut state,
        Action::ItemSettled {
            profile: 0,
            item: first,
            outcome: Outcome::Conflict(vec![mismatch]),
            exchanges: vec![],
        },
    );
    update(&mut state, Action::Resolve(Resolution::Overwrite));
    assert_eq!(
        stock_of(&state, "1"),
        Some(StockChange::Set { from: 7, to: 13 }),
        "overwrite keeps my value"
    );
}

#[test]
fn undo_stages_the_inverse_of_the_last_batch() {
    let mut state = loaded();
    stage_two_and_confirm(&mut state);
    for item in state.session.basket.items.clone() {
        update(
            &mut state,
            Action::ItemSettled {
                profile: 0,
                item: item.id,
                outcome: Outcome::Sent {
                    sent: item.change,
                    created: None,
                },
                exchanges: vec![],
            },
        );
    }
    update(&mut state, Action::BatchFinished { profile: 0 });
    assert!(state.session.basket.is_empty());
    let effects = update(&mut state, Action::Undo);
    assert!(journaled(&effects).is_some_and(|items| items.len() == 2));
    assert_eq!(stock_of(&state, "1"), Some(StockChange::adjust(15, -5)));
    assert_eq!(
        stock_of(&state, "2"),
        Some(StockChange::Set { from: 0, to: 20 })
    );
    assert!(
        state.basket_view().is_some(),
        "the inverse batch is shown like any other"
    );
    update(&mut state, Action::Undo);
    assert_eq!(
        state.session.basket.len(),
        2,
        "a second u does not stage it twice"
    );
}

#[test]
fn a_recovered_journal_is_offered_and_in_flight_items_are_marked_uncertain() {
    let mut state = loaded();
    let mut items = {
        let mut other = loaded();
        stage_two_and_confirm(&mut other);
        other.session.basket.items
    };
    items[1].status = ItemStatus::Staged;
    update(&mut state, Action::JournalLoaded { profile: 0, items });
    assert_eq!(
        state.dialog().cloned(),
        Some(Dialog::Recovered {
            items: 2,
            uncertain: 1
        })
    );
    assert_eq!(state.session.basket.items[0].status, ItemStatus::Uncertain);
    assert!(
        update(&mut state, Action::AdjustStock { sign: 1 }).is_empty(),
        "the dialog must be answered first"
    );
    update(&mut state, Action::ReviewRecovered);
    assert!(state.basket_view().is_some() && state.dialog().is_none());

    update(&mut state, Action::DropAll);
    assert_eq!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmDiscard { items: 2 })
    );
    let effects = update(&mut state, Action::Confirm);
    assert_eq!(journaled(&effects), Some(vec![]));
    assert!(state.session.basket.is_empty());
}

#[test]
fn quitting_with_staged_changes_asks_first() {
    let mut state = loaded();
    update(&mut state, Action::AdjustStock { sign: 1 });
    assert!(update(&mut state, Action::Quit).is_empty());
    assert_eq!(
        state.dialog().cloned(),
        Some(Dialog::ConfirmQuit { unsent: 1 })
    );
    update(&mut state, Action::Decline);
    assert!(!state.should_quit);
    update(&mut state, Action::Quit);
    assert_eq!(update(&mut state, Action::Confirm), vec![Effect::Quit]);
}

#[test]
fn a_profile_held_by_another_process_stages_nothing_and_says_who_holds_it() {
    let mut state = loaded();
    let held = "profile shop is held by stockroom (pid 4242, since 2026-12-06 12:01 UTC): \
                changes cannot be staged or sent here";
    update(
        &mut state,
        Action::JournalFailed {
            profile: 0,
            message: held.into(),
        },
    );
    let effects = keys(
        &mut state,
        &[Action::AdjustStock { sign: 1 }, Action::StartSetStock],
    );
    assert!(state.session.basket.is_empty(), "nothing is staged");
    assert!(journaled(&effects).is_none(), "nothing is journaled");
    let message = state.message.as_ref().map(|m| m.text.clone());
    assert!(
        message
            .is_some_and(|m| m.starts_with("Nothing can be staged here") && m.contains("pid 4242")),
        "{:?}",
        state.message
    );
}

#[test]
fn a_failed_journal_write_holds_sending_until_a_later_write_succeeds() {
    let mut state = loaded();
    update(
        &mut state,
        Action::JournalWriteFailed {
            profile: 0,
            message: "No space left on device".into(),
        },
    );
    let effects = keys(&mut state, &[Action::AdjustStock { sign: 1 }]);
    assert_eq!(
        state.session.basket.items.len(),
        1,
        "staging goes on: the basket is kept in memory"
    );
    assert!(
        journaled(&effects).is_some(),
        "and the journal is tried again"
    );
    let effects = update(&mut state, Action::SendBasket);
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("No space left on device")),
        "{:?}",
        state.message
    );
    assert!(
        journaled(&effects).is_some(),
        "a send asks for the journal to be written again"
    );
    assert!(state.dialog().is_none(), "nothing offered to send");
    update(&mut state, Action::JournalWritten { profile: 0 });
    assert!(
        state
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("written again")),
        "{:?}",
        state.message
    );
    update(&mut state, Action::SendBasket);
    assert!(
        matches!(state.dialog(), Some(Dialog::ConfirmSend { .. })),
        "the basket can be sent once the journal is written: {:?}",
        state.dialog()
    );
}
