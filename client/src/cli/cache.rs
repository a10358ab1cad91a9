//! `ls1 cache`: bids to the chain's CacheManager for every program of the deployment that is not
//! cached yet, so the suite runs at the cached gas figures; reports the ones already cached.

use alloy::{
    primitives::{keccak256, Address, U256},
    providers::Provider,
};
use arbitrum::{ArbWasmCache, CacheManager, ARBWASM_CACHE};

use super::{context::Tx, Ctx, Res};

/// `ls1 cache`'s options.
#[derive(Debug, clap::Args)]
pub struct CacheArgs {
    /// The most to bid for one program, in wei (a program whose minimum bid is higher is left out).
    #[arg(long, default_value_t = U256::ZERO)]
    pub max_bid: U256,
}

/// The deployment's programs, each code once: a name and one address running it.
fn programs(ctx: &Ctx) -> Vec<(String, Address)> {
    let suite = &ctx.suite;
    let mut list: Vec<(String, Address)> = suite.pool_facets.iter().map(|(n, a)| (n.clone(), *a)).collect();
    list.push(("ls1-pool".into(), suite.pool));
    list.push(("stk-usdc".into(), suite.stk_usdc));
    list.extend(suite.proxy_facets.iter().map(|(n, a)| (n.clone(), *a)));
    list.extend(suite.borrowers.first().map(|b| ("sp-proxy".to_string(), b.proxy)));
    list
}

/// Runs `ls1 cache`.
pub async fn run(ctx: &Ctx, args: CacheArgs) -> Res<()> {
    let managers = ctx.view(ARBWASM_CACHE, ArbWasmCache::allCacheManagersCall {}).await?;
    let manager = *managers.first().ok_or("the chain has no CacheManager (ArbWasmCache.allCacheManagers is empty)")?;
    let mut txs = Vec::new();
    let mut too_dear = Vec::new();
    for (name, program) in programs(ctx) {
        let code = ctx.chain.provider().get_code_at(program).await.map_err(|e| e.to_string())?;
        if ctx.view(ARBWASM_CACHE, ArbWasmCache::codehashIsCachedCall { codehash: keccak256(&code) }).await? {
            ctx.say(format!("{name}: cached already"));
            continue;
        }
        let min = U256::from(ctx.view(manager, CacheManager::getMinBid_0Call { program }).await?);
        if min > args.max_bid {
            too_dear.push(format!("{name} needs a bid of {min} wei, above --max-bid {}", args.max_bid));
            continue;
        }
        txs.push(
            Tx::new(format!("bid {min} wei to cache {name} ({program})"), manager, CacheManager::placeBidCall { program }).paying(min),
        );
    }
    if !txs.is_empty() {
        ctx.execute(&[format!("CacheManager {manager}")], txs).await?;
    }
    match too_dear.is_empty() {
        true => Ok(()),
        false => Err(format!("not cached: {}", too_dear.join("; "))),
    }
}
