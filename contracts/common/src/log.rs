//! Events written from a buffer on the stack, `topic0` from immediates in the code. alloy's encoder
//! allocates, converts each number byte by byte and copies `topic0` from the data segment, which
//! every cached entry of a program pays 0.75 gas per byte for. The events themselves (names, fields,
//! `topic0`) stay those `sol!` generates from the interface files; [`logs!`](crate::logs) only says,
//! per event, which fields are topics and which are data, and checks the counts against alloy's.

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::SolEvent;

/// An event the programs emit.
pub trait Log: SolEvent {
    /// Emits the event from the executing program.
    fn log(&self);
}

/// An event field of a static type, as its 32-byte word.
pub trait Field {
    /// The word, as the ABI encodes the value.
    fn word(&self) -> [u8; 32];
}

impl Field for U256 {
    fn word(&self) -> [u8; 32] {
        crate::word::to_word(*self)
    }
}

impl Field for Address {
    fn word(&self) -> [u8; 32] {
        crate::storage::Word::encode(self)
    }
}

impl Field for bool {
    fn word(&self) -> [u8; 32] {
        crate::storage::Word::encode(self)
    }
}

impl Field for B256 {
    fn word(&self) -> [u8; 32] {
        self.0
    }
}

impl Field for FixedBytes<4> {
    fn word(&self) -> [u8; 32] {
        crate::storage::Key::key(self)
    }
}

impl Field for u128 {
    fn word(&self) -> [u8; 32] {
        crate::word::to_word(U256::from(*self))
    }
}

/// Emits `words` (the first one left for `topic0`, given as [`pieces`](crate::word::pieces)) with
/// `topics` topics, `topic0` written from immediates.
#[inline(always)]
pub fn emit<const N: usize>(topic0: [[u8; 8]; 4], mut words: [[u8; 32]; N], topics: usize) {
    crate::word::put_pieces(&mut words[0], topic0);
    // SAFETY: the pointer is valid for the `32 * N` bytes passed with it.
    unsafe { stylus_sdk::hostio::emit_log(words.as_ptr().cast(), 32 * N, topics) }
}

/// Implements [`Log`] for `sol!` events: `Event { [topic fields] data fields }`, fields in the
/// event's order, a field of a struct as `field.member`. A wrong count of topics or data words does
/// not compile.
#[macro_export]
macro_rules! logs {
    ($($event:ty { [$($topic:ident),*] $($($field:ident).+),* })*) => {$(
        impl $crate::log::Log for $event {
            fn log(&self) {
                const TOPIC0: [[u8; 8]; 4] = $crate::word::pieces(&<$event as alloy_sol_types::SolEvent>::SIGNATURE_HASH.0);
                let words = [[0u8; 32], $($crate::log::Field::word(&self.$topic),)* $($crate::log::Field::word(&self.$($field).+),)*];
                const TOPICS: usize = 1 + <[&str]>::len(&[$(stringify!($topic)),*]);
                const {
                    assert!(TOPICS == <<$event as alloy_sol_types::SolEvent>::TopicList as alloy_sol_types::TopicList>::COUNT);
                    let data = <<$event as alloy_sol_types::SolEvent>::DataTuple<'static> as alloy_sol_types::SolType>::ENCODED_SIZE;
                    assert!(matches!(data, Some(size) if size == 32 * <[&str]>::len(&[$(stringify!($($field).+)),*])));
                }
                $crate::log::emit(TOPIC0, words, TOPICS);
            }
        }
    )*};
}
