//! The campaign's operations: what a user (or the world) can do in a step, and the
//! proptest strategy that generates them for each platform.

use proptest::prelude::*;
use stockroom::catalog::model::Platform;
use stockroom::sandbox::faults::{FaultKind, Operation};

/// A fault armed at the platform's store until disarmed or spent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Armed {
    pub kind: FaultKind,
    pub op: Operation,
    pub times: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `N+` / `N-` on the `product`th product.
    Adjust {
        product: usize,
        delta: i64,
    },
    /// `=N`.
    Set {
        product: usize,
        to: i64,
    },
    /// The price in the form (UGAL: the nominal tier in the price editor), in cents.
    Price {
        product: usize,
        cents: u32,
    },
    /// B2B Wave: `w` to a warehouse other than the main one, `N+` / `N-`, `w` back.
    Warehouse {
        product: usize,
        delta: i64,
    },
    /// UGAL: the amount of the second price tier in the price editor, in cents.
    Tier {
        product: usize,
        cents: u32,
    },
    /// The name in the form.
    Name {
        product: usize,
        tag: u8,
    },
    /// `X` and yes.
    Delete {
        product: usize,
    },
    /// `n`: a new product, its form filled in.
    Create {
        stock: u8,
    },
    /// `M`, a quantity and yes (Valigara).
    Sold {
        product: usize,
        quantity: u8,
    },
    /// `y` in the basket and yes; conflicts resolved by writing the user's value.
    Send,
    /// `u`.
    Undo,
    Arm(Armed),
    Disarm,
    /// The process dies and starts again from its journal.
    Restart,
    /// `P` to the other profile and back.
    SwitchProfile,
    /// `y`, yes, and the process dies `after_ms` into the batch, then starts again.
    Crash {
        after_ms: u16,
    },
}

fn fault_kind() -> impl Strategy<Value = FaultKind> {
    prop_oneof![
        3 => Just(FaultKind::TimeoutAfterApply),
        1 => Just(FaultKind::Timeout),
        2 => Just(FaultKind::Reset),
        2 => Just(FaultKind::Status(500)),
        1 => Just(FaultKind::Status(503)),
        1 => Just(FaultKind::TooManyRequests { retry_after: None }),
        2 => Just(FaultKind::Latency(std::time::Duration::from_millis(60))),
        3 => Just(FaultKind::Truncated),
    ]
}

fn fault_op() -> impl Strategy<Value = Operation> {
    prop_oneof![
        Just(Operation::Any),
        Just(Operation::Get),
        Just(Operation::Stock),
        Just(Operation::Edit),
        Just(Operation::Delete),
    ]
}

/// One operation that `platform` offers.
pub fn op(platform: Platform) -> BoxedStrategy<Op> {
    let product = 0usize..8;
    let adjust =
        (product.clone(), (1i64..=9), any::<bool>()).prop_map(|(product, n, down)| Op::Adjust {
            product,
            delta: if down { -n } else { n },
        });
    let set = (product.clone(), 0i64..60).prop_map(|(product, to)| Op::Set { product, to });
    let price =
        (product.clone(), 100u32..99_999).prop_map(|(product, cents)| Op::Price { product, cents });
    let name = (product.clone(), any::<u8>()).prop_map(|(product, tag)| Op::Name { product, tag });
    let delete = product.clone().prop_map(|product| Op::Delete { product });
    let warehouse =
        (product.clone(), (1i64..=9), any::<bool>()).prop_map(|(product, n, down)| Op::Warehouse {
            product,
            delta: if down { -n } else { n },
        });
    let tier =
        (product.clone(), 100u32..99_999).prop_map(|(product, cents)| Op::Tier { product, cents });
    let create = (0u8..50).prop_map(|stock| Op::Create { stock });
    let sold = (product, 1u8..=3).prop_map(|(product, quantity)| Op::Sold { product, quantity });
    let arm = (fault_kind(), fault_op(), 1u32..=2)
        .prop_map(|(kind, op, times)| Op::Arm(Armed { kind, op, times }));
    let common = prop_oneof![
        6 => adjust,
        3 => set,
        3 => price,
        5 => Just(Op::Send),
        1 => Just(Op::Undo),
        5 => arm,
        2 => Just(Op::Disarm),
        1 => Just(Op::Restart),
        1 => Just(Op::SwitchProfile),
        2 => (0u16..250).prop_map(|after_ms| Op::Crash { after_ms }),
    ];
    match platform {
        Platform::Cscart => prop_oneof![8 => common, 1 => name, 1 => create, 1 => delete].boxed(),
        Platform::B2bwave => {
            prop_oneof![8 => common, 1 => name, 1 => create, 2 => warehouse].boxed()
        }
        Platform::Valigara => {
            prop_oneof![10 => common, 1 => name, 1 => delete, 2 => sold, 1 => create].boxed()
        }
        Platform::Ugal => prop_oneof![6 => common, 1 => tier].boxed(),
    }
}
