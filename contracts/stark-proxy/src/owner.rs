//! Spec §4.9 owner functions: the STARK-key and recipient allowlists, token allowances, and the
//! forced-trade queue (7-day wait, 7-day grace, vetoable, consumed on execution).

use alloy_primitives::{Address, U256};
use ls1_common::{require, revert::sub, safe_erc20::safe_approve, Revertible};
use stylus_sdk::abi::Bytes;

use crate::{
    calls::{address, view, IStarkPerpetual as SPX},
    emit,
    events::{QueuedForcedTradeRequest, UpdatedExternalRecipient, UpdatedStarkKey},
    exchange::forced_trade_hash,
    roles::{FORCED_TRADE_GRACE_PERIOD, FORCED_TRADE_WAITING_PERIOD},
    storage::{now, this, StarkProxy},
};

impl StarkProxy {
    /// `allowStarkKey`: the key must be registered to the proxy on the exchange.
    pub fn allow_stark_key(&mut self, stark_key: U256) -> Revertible<()> {
        let eth_key = address(&view(self.stark_perpetual.get(), &SPX::getEthKeyCall { starkKey: stark_key })?)?;
        require!(eth_key == this(), "SP2Owner: STARK key not registered to this contract")?;
        require!(!self.allowed_stark_keys.get(stark_key), "SP2Owner: STARK key already allowed")?;
        self.allowed_stark_keys.insert(stark_key, true);
        emit(UpdatedStarkKey { starkKey: stark_key, isAllowed: true });
        Ok(())
    }

    /// `disallowStarkKey`.
    pub fn disallow_stark_key(&mut self, stark_key: U256) -> Revertible<()> {
        require!(self.allowed_stark_keys.get(stark_key), "SP2Owner: STARK key already disallowed")?;
        self.allowed_stark_keys.insert(stark_key, false);
        emit(UpdatedStarkKey { starkKey: stark_key, isAllowed: false });
        Ok(())
    }

    /// `allowExternalRecipient` (no zero-address check, as the original).
    pub fn allow_external_recipient(&mut self, recipient: Address) -> Revertible<()> {
        require!(!self.allowed_recipients.get(recipient), "SP2Owner: Recipient already allowed")?;
        self.allowed_recipients.insert(recipient, true);
        emit(UpdatedExternalRecipient { recipient, isAllowed: true });
        Ok(())
    }

    /// `disallowExternalRecipient`.
    pub fn disallow_external_recipient(&mut self, recipient: Address) -> Revertible<()> {
        require!(self.allowed_recipients.get(recipient), "SP2Owner: Recipient already disallowed")?;
        self.allowed_recipients.insert(recipient, false);
        emit(UpdatedExternalRecipient { recipient, isAllowed: false });
        Ok(())
    }

    /// `setExchangeContractAllowance` / `setStakingContractAllowance`: approve 0, then `amount`.
    pub fn set_allowance(&mut self, token: Address, spender: Address, amount: U256) -> Revertible<()> {
        let this = this();
        safe_approve(token, this, spender, U256::ZERO)?;
        safe_approve(token, this, spender, amount)
    }

    /// `queueForcedTradeRequest`: (re)starts the wait for these arguments.
    pub fn queue_forced_trade(&mut self, args: [U256; 12]) {
        let args_hash = forced_trade_hash(&args);
        self.queued_forced_trade_timestamps.insert(args_hash, now());
        emit(QueuedForcedTradeRequest { args, argsHash: args_hash });
    }

    /// `forcedTradeRequest`: only for an allowed `args[0]`, inside `[queued + 7 days, queued + 14 days]`;
    /// consumes the queue entry.
    pub fn forced_trade(&mut self, args: &[U256; 12], signature: Bytes) -> Revertible<()> {
        self.only_allowed_key(args[0])?;
        let args_hash = forced_trade_hash(args);
        let queued = self.queued_forced_trade_timestamps.get(args_hash);
        require!(!queued.is_zero(), "SP2Owner: Forced trade not queued or was vetoed")?;
        let elapsed = sub(now(), queued)?;
        require!(elapsed >= U256::from(FORCED_TRADE_WAITING_PERIOD), "SP2Owner: Waiting period has not elapsed for forced trade")?;
        let window = FORCED_TRADE_WAITING_PERIOD + FORCED_TRADE_GRACE_PERIOD;
        require!(elapsed <= U256::from(window), "SP2Owner: Grace period has elapsed for forced trade")?;
        self.queued_forced_trade_timestamps.insert(args_hash, U256::ZERO);
        self.request_forced_trade(args, signature, false)
    }
}
