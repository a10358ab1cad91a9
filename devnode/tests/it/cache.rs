//! Caching as on a chain: bids to the CacheManager cache a program through ArbWasmCache, cached
//! entries cost exactly the cached entry price, the cache evicts the smallest bids when full, and
//! the errors and access rules of both contracts.

use alloy_primitives::{aliases::U192, keccak256, Address, U256};
use bindings::ITestToken;
use devnode::{ArbWasm, ArbWasmCache, CacheManager, Devnode, ARBWASM, ARBWASM_CACHE, CACHE_MANAGER, CHAIN_OWNER, DEFAULT_CACHE_SIZE};

/// Deploys and activates `name`; returns it and its code hash.
fn program(node: &mut Devnode, name: &str) -> (Address, alloy_primitives::B256) {
    let program = node.deploy_program(node.account(0), name).expect("deploys and activates");
    (program, keccak256(node.code(program)))
}

/// The program's size in the cache: ArbWasm's asm size of its code.
fn asm_size(node: &mut Devnode, hash: alloy_primitives::B256) -> u64 {
    u64::from(node.call(Address::ZERO, ARBWASM, ArbWasm::codehashAsmSizeCall { codehash: hash }).expect("codehashAsmSize"))
}

fn cached(node: &mut Devnode, hash: alloy_primitives::B256) -> bool {
    node.call(Address::ZERO, ARBWASM_CACHE, ArbWasmCache::codehashIsCachedCall { codehash: hash }).expect("codehashIsCached")
}

#[test]
fn a_bid_caches_a_program_and_its_calls_pay_the_cached_entry() {
    let mut node = Devnode::new();
    let (usdc, hash) = program(&mut node, "usdc");
    let alice = node.account(1);
    assert_eq!(node.call(alice, ARBWASM_CACHE, ArbWasmCache::allCacheManagersCall {}).unwrap(), vec![CACHE_MANAGER]);
    assert!(node.call(alice, ARBWASM_CACHE, ArbWasmCache::isCacheManagerCall { manager: CACHE_MANAGER }).unwrap());
    assert!(!node.call(alice, ARBWASM_CACHE, ArbWasmCache::isCacheManagerCall { manager: alice }).unwrap());
    assert_eq!(node.call(alice, CACHE_MANAGER, CacheManager::cacheSizeCall {}).unwrap(), DEFAULT_CACHE_SIZE);
    assert_eq!(node.call(alice, CACHE_MANAGER, CacheManager::getMinBid_0Call { program: usdc }).unwrap(), U192::ZERO);

    let view = ITestToken::balanceOfCall { account: alice };
    let uncached = node.send(alice, usdc, view.clone()).unwrap().gas_used;
    let receipt = node.send(alice, CACHE_MANAGER, CacheManager::placeBidCall { program: usdc }).unwrap();
    let size = asm_size(&mut node, hash);
    assert_eq!(
        receipt.events_from::<CacheManager::InsertBid>(CACHE_MANAGER),
        vec![CacheManager::InsertBid { codehash: hash, program: usdc, bid: U192::ZERO, size }]
    );
    assert_eq!(
        receipt.events_from::<ArbWasmCache::UpdateProgramCache>(ARBWASM_CACHE),
        vec![ArbWasmCache::UpdateProgramCache { manager: CACHE_MANAGER, codehash: hash, cached: true }]
    );
    assert!(cached(&mut node, hash));
    assert_eq!(node.call(alice, CACHE_MANAGER, CacheManager::queueSizeCall {}).unwrap(), size);
    let cached_gas = node.send(alice, usdc, view).unwrap().gas_used;
    let init = node.call(alice, ARBWASM, ArbWasm::programInitGasCall { program: usdc }).unwrap();
    assert_eq!(uncached - cached_gas, init.gas - init.gasWhenCached, "the cached call skips exactly the uncached part of the entry");

    let again = node.send(alice, CACHE_MANAGER, CacheManager::placeBidCall { program: usdc }).unwrap_err();
    assert_eq!(again.error::<CacheManager::AlreadyCached>(), Some(CacheManager::AlreadyCached { codehash: hash }));
    let not_a_program = node.send(alice, CACHE_MANAGER, CacheManager::placeBidCall { program: alice }).unwrap_err();
    assert_eq!(not_a_program.error::<CacheManager::ProgramNotActivated>(), Some(CacheManager::ProgramNotActivated {}));
}

#[test]
fn a_full_cache_sells_room_to_a_higher_bid_and_evicts_the_smallest() {
    let mut node = Devnode::new();
    let (usdc, usdc_hash) = program(&mut node, "usdc");
    let (dydx, dydx_hash) = program(&mut node, "dydx");
    let (alice, bob) = (node.account(1), node.account(2));
    let usdc_size = asm_size(&mut node, usdc_hash);
    node.send_value(alice, CACHE_MANAGER, CacheManager::placeBidCall { program: usdc }, U256::from(1_000)).unwrap();
    assert_eq!(node.balance(CACHE_MANAGER), U256::from(1_000), "the manager keeps the bid");

    // Only the chain owner sizes the cache; now it holds USDC alone.
    let refused = node.send(alice, CACHE_MANAGER, CacheManager::setCacheSizeCall { newSize: usdc_size }).unwrap_err();
    assert_eq!(refused.error::<CacheManager::NotChainOwner>(), Some(CacheManager::NotChainOwner { sender: alice }));
    node.send(CHAIN_OWNER, CACHE_MANAGER, CacheManager::setCacheSizeCall { newSize: usdc_size }).unwrap();
    let min = node.call(bob, CACHE_MANAGER, CacheManager::getMinBid_0Call { program: dydx }).unwrap();
    assert_eq!(min, U192::from(1_000));
    let small = node.send_value(bob, CACHE_MANAGER, CacheManager::placeBidCall { program: dydx }, U256::from(999)).unwrap_err();
    assert_eq!(
        small.error::<CacheManager::BidTooSmall>(),
        Some(CacheManager::BidTooSmall { bid: U192::from(999), min: U192::from(1_000) })
    );

    let receipt = node.send_value(bob, CACHE_MANAGER, CacheManager::placeBidCall { program: dydx }, U256::from(1_000)).unwrap();
    assert_eq!(
        receipt.events_from::<CacheManager::DeleteBid>(CACHE_MANAGER),
        vec![CacheManager::DeleteBid { codehash: usdc_hash, bid: U192::from(1_000), size: usdc_size }]
    );
    assert!(!cached(&mut node, usdc_hash));
    assert!(cached(&mut node, dydx_hash));
    let entries = node.call(bob, CACHE_MANAGER, CacheManager::getEntriesCall {}).unwrap();
    assert_eq!(entries.iter().map(|e| (e.code, e.bid)).collect::<Vec<_>>(), vec![(dydx_hash, U192::from(1_000))]);

    // A program larger than the whole cache can never fit.
    node.send(CHAIN_OWNER, CACHE_MANAGER, CacheManager::setCacheSizeCall { newSize: 10 }).unwrap();
    let large = node.call(bob, CACHE_MANAGER, CacheManager::getMinBid_0Call { program: usdc }).unwrap_err();
    let expected = CacheManager::AsmTooLarge {
        asm: U256::from(usdc_size),
        queueSize: U256::from(asm_size(&mut node, dydx_hash)),
        cacheSize: U256::from(10),
    };
    assert_eq!(large.error::<CacheManager::AsmTooLarge>(), Some(expected));

    // The owner empties the cache.
    node.send(CHAIN_OWNER, CACHE_MANAGER, CacheManager::evictAllCall {}).unwrap();
    assert!(!cached(&mut node, dydx_hash));
    assert!(node.call(bob, CACHE_MANAGER, CacheManager::getEntriesCall {}).unwrap().is_empty());
}

#[test]
fn arbwasmcache_changes_are_for_cache_managers_and_the_chain_owner() {
    let mut node = Devnode::new();
    let (usdc, hash) = program(&mut node, "usdc");
    let alice = node.account(1);
    let refused = node.send(alice, ARBWASM_CACHE, ArbWasmCache::cacheProgramCall { addr: usdc }).unwrap_err();
    assert_eq!(refused.reason().as_deref(), Some("ArbWasmCache: caller is not a cache manager or the chain owner"));
    let refused = node.send(alice, ARBWASM_CACHE, ArbWasmCache::evictCodehashCall { codehash: hash }).unwrap_err();
    assert_eq!(refused.reason().as_deref(), Some("ArbWasmCache: caller is not a cache manager or the chain owner"));
    assert!(!cached(&mut node, hash));

    node.send(CHAIN_OWNER, ARBWASM_CACHE, ArbWasmCache::cacheProgramCall { addr: usdc }).unwrap();
    assert!(cached(&mut node, hash));
    let receipt = node.send(CHAIN_OWNER, ARBWASM_CACHE, ArbWasmCache::evictCodehashCall { codehash: hash }).unwrap();
    assert_eq!(
        receipt.events_from::<ArbWasmCache::UpdateProgramCache>(ARBWASM_CACHE),
        vec![ArbWasmCache::UpdateProgramCache { manager: CHAIN_OWNER, codehash: hash, cached: false }]
    );
    assert!(!cached(&mut node, hash));
}
