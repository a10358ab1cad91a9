//! Raw storage: slots laid out as Solidity lays them out (numbered fields, `keccak256(key ‖ slot)` for
//! a mapping's entries, `keccak256(slot) + i` for an array's elements), read and written through the
//! host's storage cache with precomputed key bytes. The SDK's accessors convert every key to a `U256`
//! and back and compute each field's slot on every call; this layer is the programs' only place where
//! slots are computed. Each type also implements the SDK's `StorageType`, so that it can sit in a
//! `#[storage]` struct where the SDK assigns its slot.

use core::{marker::PhantomData, mem::MaybeUninit};

use alloy_primitives::{Address, FixedBytes, B256, U256};
use stylus_sdk::hostio;

use crate::word::{from_word, to_word};

/// A storage slot's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(pub [u8; 32]);

impl Slot {
    /// Slot number `n` of a layout (inlined: a layout's constructor is then constant stores).
    #[inline(always)]
    pub const fn at(n: u64) -> Self {
        // An array expression, not a loop: the programs compute slots at run time too.
        let b = n.to_be_bytes();
        #[rustfmt::skip]
        let key = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]];
        Self(key)
    }

    /// The slot `n` words after this one (a struct's member, an array's element).
    pub fn plus(self, n: u64) -> Self {
        Self(to_word(from_word(&self.0).wrapping_add(U256::from(n))))
    }

    /// The slot of the mapping entry `key` (a 32-byte word) when the mapping is rooted here.
    pub fn entry(&self, key: [u8; 32]) -> Self {
        Self(keccak([key, self.0].as_flattened()))
    }

    /// Where the elements of a dynamic array whose length is stored here start.
    pub fn elements(self) -> Self {
        Self(keccak(&self.0))
    }

    /// The stored word, read by the host straight into `word` (by reference, and not zeroed first:
    /// the host writes all 32 bytes, and a copy or a fill of a word is a dozen WASM stores).
    #[inline(always)]
    fn read<'w>(&self, word: &'w mut MaybeUninit<[u8; 32]>) -> &'w [u8; 32] {
        // SAFETY: the key is 32 bytes and the host writes all 32 bytes of `word`.
        unsafe {
            hostio::storage_load_bytes32(self.0.as_ptr(), word.as_mut_ptr().cast());
            word.assume_init_ref()
        }
    }

    /// The stored word.
    #[inline(always)]
    pub fn load(&self) -> [u8; 32] {
        *self.read(&mut MaybeUninit::uninit())
    }

    /// Writes `word` to the host's storage cache (flushed at the end of the call or before an outgoing call).
    #[inline(always)]
    pub fn store(&self, word: &[u8; 32]) {
        // SAFETY: both pointers are to 32-byte buffers, as the host call reads.
        unsafe { hostio::storage_cache_bytes32(self.0.as_ptr(), word.as_ptr()) };
    }

    /// The stored word as a number.
    pub fn get(&self) -> U256 {
        from_word(self.read(&mut MaybeUninit::uninit()))
    }

    /// Stores a number.
    pub fn set(&self, value: U256) {
        self.store(&to_word(value));
    }
}

/// `keccak256(data)` by the host.
pub fn keccak(data: &[u8]) -> [u8; 32] {
    let mut out = MaybeUninit::<[u8; 32]>::uninit();
    // SAFETY: `data` is valid for its length and the host writes all 32 bytes of `out`.
    unsafe {
        hostio::native_keccak256(data.as_ptr(), data.len(), out.as_mut_ptr().cast());
        out.assume_init()
    }
}

/// A value stored in one word, as Solidity stores it alone in a slot.
pub trait Word: Sized {
    /// The value of a stored word.
    fn decode(word: &[u8; 32]) -> Self;
    /// The word to store.
    fn encode(&self) -> [u8; 32];
}

impl Word for U256 {
    fn decode(word: &[u8; 32]) -> Self {
        from_word(word)
    }
    fn encode(&self) -> [u8; 32] {
        to_word(*self)
    }
}

impl Word for B256 {
    fn decode(word: &[u8; 32]) -> Self {
        B256::from(*word)
    }
    fn encode(&self) -> [u8; 32] {
        self.0
    }
}

impl Word for bool {
    fn decode(word: &[u8; 32]) -> Self {
        word[31] != 0
    }
    fn encode(&self) -> [u8; 32] {
        let mut word = [0u8; 32];
        word[31] = u8::from(*self);
        word
    }
}

impl Word for Address {
    fn decode(word: &[u8; 32]) -> Self {
        Address::new(*crate::word::tail(word))
    }
    fn encode(&self) -> [u8; 32] {
        let mut word = [0u8; 32];
        *crate::word::tail_mut(&mut word) = self.0 .0;
        word
    }
}

/// A mapping key, as Solidity pads it into the 32 bytes hashed with the mapping's slot.
pub trait Key {
    /// The padded key.
    fn key(&self) -> [u8; 32];
}

impl Key for Address {
    fn key(&self) -> [u8; 32] {
        self.encode()
    }
}

impl Key for U256 {
    fn key(&self) -> [u8; 32] {
        to_word(*self)
    }
}

impl Key for B256 {
    fn key(&self) -> [u8; 32] {
        self.0
    }
}

impl Key for FixedBytes<4> {
    fn key(&self) -> [u8; 32] {
        let mut word = [0u8; 32];
        *word.first_chunk_mut::<4>().expect("4 of 32 bytes") = self.0;
        word
    }
}

/// One value in its own slot.
#[derive(Debug)]
pub struct Cell<V> {
    slot: Slot,
    value: PhantomData<V>,
}

impl<V: Word> Cell<V> {
    /// The value at `slot`.
    pub const fn at(slot: Slot) -> Self {
        Self { slot, value: PhantomData }
    }

    /// The stored value.
    pub fn get(&self) -> V {
        V::decode(self.slot.read(&mut MaybeUninit::uninit()))
    }

    /// Stores `value`.
    pub fn set(&mut self, value: V) {
        self.slot.store(&value.encode());
    }
}

/// A Solidity mapping from `K` to one-word values `V`.
#[derive(Debug)]
pub struct Map<K, V> {
    root: Slot,
    entries: PhantomData<(K, V)>,
}

impl<K: Key, V: Word> Map<K, V> {
    /// The mapping rooted at `root`.
    pub const fn at(root: Slot) -> Self {
        Self { root, entries: PhantomData }
    }

    /// The value stored for `key`.
    pub fn get(&self, key: K) -> V {
        self.setter(key).get()
    }

    /// The entry of `key`, to read and write with one key hash.
    pub fn setter(&self, key: K) -> Cell<V> {
        Cell::at(self.root.entry(key.key()))
    }

    /// Stores `value` for `key`.
    pub fn insert(&mut self, key: K, value: V) {
        self.setter(key).set(value);
    }
}

/// An address in the low 20 bytes of a slot whose high bytes hold smaller fields (as the SDK packs an
/// address and the fields after it); writing it keeps them.
#[derive(Debug)]
pub struct SharedAddress {
    slot: Slot,
}

impl SharedAddress {
    /// The address at `slot`.
    pub const fn at(slot: Slot) -> Self {
        Self { slot }
    }

    /// The stored address.
    pub fn get(&self) -> Address {
        Address::decode(self.slot.read(&mut MaybeUninit::uninit()))
    }

    /// Stores `address`, keeping the slot's other bytes.
    pub fn set(&mut self, address: Address) {
        let mut word = self.slot.load();
        *crate::word::tail_mut(&mut word) = address.0 .0;
        self.slot.store(&word);
    }
}

/// A one-byte value (`u8` or `bool`), as the SDK stores `uint8` and `bool` fields.
pub trait Byte: Sized {
    /// The value of a stored byte.
    fn from_byte(byte: u8) -> Self;
    /// The byte to store.
    fn to_byte(&self) -> u8;
}

impl Byte for u8 {
    fn from_byte(byte: u8) -> Self {
        byte
    }
    fn to_byte(&self) -> u8 {
        *self
    }
}

impl Byte for bool {
    fn from_byte(byte: u8) -> Self {
        byte != 0
    }
    fn to_byte(&self) -> u8 {
        u8::from(*self)
    }
}

/// A one-byte value at byte `index` (big-endian) of a slot it shares with other fields; writing it
/// keeps them.
#[derive(Debug)]
pub struct SharedByte<V> {
    slot: Slot,
    index: usize,
    value: PhantomData<V>,
}

impl<V: Byte> SharedByte<V> {
    /// The value at byte `index` of `slot`.
    pub const fn at(slot: Slot, index: usize) -> Self {
        Self { slot, index, value: PhantomData }
    }

    /// The stored value.
    pub fn get(&self) -> V {
        V::from_byte(self.slot.load()[self.index])
    }

    /// Stores `value`, keeping the slot's other bytes.
    pub fn set(&mut self, value: V) {
        let mut word = self.slot.load();
        word[self.index] = value.to_byte();
        self.slot.store(&word);
    }
}

/// A Solidity dynamic array of words: its length in its slot, its elements from `keccak256(slot)`.
#[derive(Debug)]
pub struct Array {
    slot: Slot,
}

impl Array {
    /// The array whose length is stored at `slot`.
    pub const fn at(slot: Slot) -> Self {
        Self { slot }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        crate::word::saturating_usize(&self.slot.get())
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<U256> {
        (i < self.len()).then(|| self.slot.elements().plus(i as u64).get())
    }

    /// Element `i`, which the caller knows is there (no read of the length).
    pub fn element(&self, i: usize) -> U256 {
        self.slot.elements().plus(i as u64).get()
    }

    /// Appends `value`.
    pub fn push(&mut self, value: U256) {
        let len = self.len();
        self.slot.elements().plus(len as u64).set(value);
        self.slot.set(U256::from(len + 1));
    }
}

/// Implements the SDK's `StorageType` for a type built by `$at(slot)`, so that it can be a field of a
/// `#[storage]` struct (one word at the slot the SDK assigns). Generic parameters go in brackets:
/// `storage_type!([V: Word] Cell<V>, Cell::at)`.
#[macro_export]
macro_rules! storage_type {
    ([$($generics:tt)*] $ty:ty, $at:expr) => {
        impl<$($generics)*> stylus_sdk::storage::StorageType for $ty {
            type Wraps<'a>
                = Self
            where
                Self: 'a;
            type WrapsMut<'a>
                = Self
            where
                Self: 'a;

            unsafe fn new(slot: alloy_primitives::U256, _offset: u8, _host: stylus_sdk::host::VM) -> Self {
                $at($crate::storage::Slot($crate::word::to_word(slot)))
            }

            fn load<'s>(self) -> Self
            where
                Self: 's,
            {
                self
            }

            fn load_mut<'s>(self) -> Self
            where
                Self: 's,
            {
                self
            }
        }
    };
    ($ty:ty, $at:expr) => {
        $crate::storage_type!([] $ty, $at);
    };
}

storage_type!([V: Word] Cell<V>, Cell::at);
storage_type!([K: Key, V: Word] Map<K, V>, Map::at);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_numbered_big_endian_and_add_with_carry() {
        assert_eq!(Slot::at(0x0102).0[30..], [1, 2]);
        let mut below = [0u8; 32];
        below[31] = 0xff;
        let mut above = [0u8; 32];
        above[30] = 1;
        assert_eq!(Slot(below).plus(1), Slot(above));
    }

    #[test]
    fn words_are_laid_out_as_solidity_stores_them() {
        let address = Address::repeat_byte(0xab);
        assert_eq!(<Address as Word>::decode(&address.encode()), address);
        assert_eq!(address.encode(), B256::left_padding_from(address.as_slice()).0);
        assert_eq!(true.encode(), U256::from(1).to_be_bytes::<32>());
        assert!(!<bool as Word>::decode(&[0; 32]));
        assert_eq!(FixedBytes([1, 2, 3, 4]).key()[..5], [1, 2, 3, 4, 0]);
    }
}
