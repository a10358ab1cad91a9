//! What every command shares: the connection, the deployment, the signer, name resolution, role
//! checks, and the preview / confirm / send sequence of state-changing commands.

use std::io::{BufRead, IsTerminal, Write};

use alloy::{
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, U256},
    providers::Provider,
    rpc::types::{TransactionReceipt, TransactionRequest},
    sol_types::SolCall,
};
use bindings::{ILiquidityStakingV1 as LS, IStarkProxy as SP};
use serde_json::json;

use crate::{
    chain::{Chain, Failure},
    deploy::{Borrower, Suite},
};

/// A command's result: refusals and failures are sentences for the operator.
pub type Res<T> = Result<T, String>;

/// One transaction a command wants to send.
#[derive(Debug, Clone)]
pub struct Tx {
    /// What it does, in words (shown in the preview and after sending).
    pub label: String,
    /// The contract.
    pub to: Address,
    /// The calldata.
    pub data: Bytes,
    /// Whether to simulate it (`eth_call`) before asking: only for a transaction that does not
    /// depend on an earlier one of the same command.
    pub simulate: bool,
    /// The wei it carries.
    pub value: U256,
}

impl Tx {
    /// `call` to `to`, simulated before sending.
    pub fn new<C: SolCall>(label: impl Into<String>, to: Address, call: C) -> Self {
        Self { label: label.into(), to, data: call.abi_encode().into(), simulate: true, value: U256::ZERO }
    }

    /// The same transaction carrying `value` wei.
    pub fn paying(self, value: U256) -> Self {
        Self { value, ..self }
    }

    /// `call` to `to`, not simulated (it depends on an earlier transaction).
    pub fn after<C: SolCall>(label: impl Into<String>, to: Address, call: C) -> Self {
        Self { simulate: false, ..Self::new(label, to, call) }
    }
}

/// The connection, the deployment and the options of one run.
#[derive(Debug)]
pub struct Ctx {
    /// The node, signing for the signer (if any).
    pub chain: Chain,
    /// The deployment's addresses.
    pub suite: Suite,
    /// The signer's address.
    pub signer: Option<Address>,
    /// Print reads (and results) as JSON.
    pub json: bool,
    /// Send without asking.
    pub yes: bool,
}

/// The role identifier of `name` (keccak-256 of the ASCII name).
pub fn role(name: &str) -> alloy::primitives::B256 {
    keccak256(name)
}

/// Parses an address.
pub fn address(text: &str) -> Res<Address> {
    text.trim().parse::<Address>().map_err(|_| format!("invalid address '{text}'"))
}

impl Ctx {
    /// Prints a line of human output (on stderr when the result is JSON).
    pub fn say(&self, line: impl AsRef<str>) {
        if self.json {
            eprintln!("{}", line.as_ref());
        } else {
            println!("{}", line.as_ref());
        }
    }

    /// The signer, for commands that send.
    pub fn signer(&self) -> Res<Address> {
        self.signer.ok_or_else(|| {
            "this command sends a transaction: give a signer with --private-key (LS1_PRIVATE_KEY) or --keystore FILE".to_string()
        })
    }

    /// Maps an RPC failure to a sentence.
    pub fn rpc(failure: Failure) -> String {
        match failure {
            Failure::Reverted(reason) => format!("reverted: {reason}"),
            Failure::Rpc(message) => format!("RPC error: {message}"),
        }
    }

    /// A view call.
    pub async fn view<C: SolCall>(&self, to: Address, call: C) -> Res<C::Return> {
        self.chain.call(to, call).await.map_err(Self::rpc)
    }

    /// The deployment's borrower named `name` (case-insensitive) or whose StarkProxy is `name`.
    pub fn borrower(&self, name: &str) -> Res<&Borrower> {
        let list = || self.suite.borrowers.iter().map(|b| b.config.name.as_str()).collect::<Vec<_>>().join(", ");
        if let Some(b) = self.suite.borrowers.iter().find(|b| b.config.name.eq_ignore_ascii_case(name.trim())) {
            return Ok(b);
        }
        match name.trim().parse::<Address>() {
            Ok(addr) => self
                .suite
                .borrowers
                .iter()
                .find(|b| b.proxy == addr)
                .ok_or_else(|| format!("{addr} is not a borrower of the deployment (its borrowers: {})", list())),
            Err(_) if name.trim().starts_with("0x") => Err(format!("invalid address '{name}'")),
            Err(_) => Err(format!("unknown borrower '{name}': the deployment's borrowers are {}", list())),
        }
    }

    /// The name of the borrower at `proxy`, or the address.
    pub fn name_of(&self, proxy: Address) -> String {
        if proxy == Address::ZERO {
            return "unallocated".into();
        }
        self.suite.borrowers.iter().find(|b| b.proxy == proxy).map(|b| b.config.name.clone()).unwrap_or_else(|| proxy.to_string())
    }

    /// Whether `account` holds `role_name` on `contract` (the pool or a StarkProxy: same getter).
    pub async fn has_role(&self, contract: Address, role_name: &str, account: Address) -> Res<bool> {
        self.view(contract, LS::hasRoleCall { role: role(role_name), account }).await
    }

    /// Refuses unless the signer holds `role_name` on `contract` (`what` names the contract).
    pub async fn require_role(&self, contract: Address, what: &str, role_name: &str, command: &str) -> Res<Address> {
        let me = self.signer()?;
        if !self.has_role(contract, role_name, me).await? {
            return Err(format!("{me} does not hold {role_name} on {what} ({contract}), which {command} needs"));
        }
        Ok(me)
    }

    /// Whether `proxy` is a StarkProxy of this deployment's pool.
    pub async fn check_proxy(&self, proxy: Address) -> Res<()> {
        match self.chain.call(proxy, SP::LIQUIDITY_STAKINGCall {}).await {
            Ok(pool) if pool == self.suite.pool => Ok(()),
            Ok(_) | Err(Failure::Reverted(_)) => Err(format!("{proxy} is not a StarkProxy of the pool {}", self.suite.pool)),
            Err(Failure::Rpc(message)) if message.starts_with("cannot decode") => {
                Err(format!("{proxy} is not a StarkProxy of the pool {}", self.suite.pool))
            }
            Err(failure) => Err(Self::rpc(failure)),
        }
    }

    /// Shows `preview` and the transactions, simulates what can be simulated, asks (unless
    /// `--yes`), sends them in order and reports each; returns the receipts.
    pub async fn execute(&self, preview: &[String], txs: Vec<Tx>) -> Res<Vec<TransactionReceipt>> {
        let me = self.signer()?;
        for line in preview {
            self.say(line);
        }
        self.say(format!("will send from {me}:"));
        for (i, tx) in txs.iter().enumerate() {
            self.say(format!("  {}. {}", i + 1, tx.label));
        }
        for tx in txs.iter().take_while(|tx| tx.simulate) {
            let request = TransactionRequest::default().with_from(me).with_to(tx.to).with_input(tx.data.clone()).with_value(tx.value);
            match self.chain.provider().call(request).await.map_err(Failure::from) {
                Ok(_) => {}
                Err(Failure::Reverted(reason)) => return Err(format!("refused, nothing sent: {} would revert: {reason}", tx.label)),
                Err(failure) => return Err(Self::rpc(failure)),
            }
        }
        self.confirm(txs.len())?;
        let mut receipts = Vec::new();
        let mut sent = Vec::new();
        for tx in &txs {
            let request = TransactionRequest::default().with_from(me).with_to(tx.to).with_input(tx.data.clone()).with_value(tx.value);
            let receipt = self.chain.send_tx(request).await.map_err(|failure| match failure {
                Failure::Reverted(reason) => format!("{} failed: reverted: {reason}", tx.label),
                Failure::Rpc(message) => format!("{} failed: {message}", tx.label),
            })?;
            let block = receipt.block_number.unwrap_or_default();
            self.say(format!("sent: {} (tx {}, block {block}, gas {})", tx.label, receipt.transaction_hash, receipt.gas_used));
            sent.push(json!({"label": tx.label, "tx": receipt.transaction_hash, "block": block, "gas": receipt.gas_used}));
            receipts.push(receipt);
        }
        if self.json {
            println!("{}", json!({ "sent": sent }));
        }
        Ok(receipts)
    }

    /// Asks for confirmation on the terminal, unless `--yes`.
    fn confirm(&self, count: usize) -> Res<()> {
        confirm(self.yes, count)
    }
}

/// Asks on the terminal whether to send `count` transactions, unless `yes`; refuses without a terminal.
pub fn confirm(yes: bool, count: usize) -> Res<()> {
    let plural = if count == 1 { "" } else { "s" };
    ask(yes, &format!("send {count} transaction{plural}?"))
}

/// Asks `question` on the terminal unless `yes`; refuses without a terminal or a "y".
pub fn ask(yes: bool, question: &str) -> Res<()> {
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(
            "refused, nothing sent: no terminal to confirm on (stdin is not a terminal); pass --yes to send without confirmation".into()
        );
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).map_err(|e| format!("cannot read the answer: {e}"))?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err("cancelled, nothing sent".into()),
    }
}
