//! The Stylus precompiles (ArbWasm at `0x…71`, ArbWasmCache at `0x…72`), the chain's CacheManager
//! and the StylusDeployer: their addresses and interfaces, as Nitro's Solidity declares them (the
//! parts the devnode serves and the client calls).

use alloy_primitives::{address, Address};
use alloy_sol_types::sol;

/// Address of the ArbWasm precompile.
pub const ARBWASM: Address = address!("0000000000000000000000000000000000000071");
/// The Stylus version programs are activated at (Nitro's current version).
pub const STYLUS_VERSION: u16 = 2;

/// Address of the ArbWasmCache precompile.
pub const ARBWASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// The chain's CacheManager (where Nitro's test node deploys it).
pub const CACHE_MANAGER: Address = address!("0f1f89aaf1c6fdb7ff9d361e4388f5f3997f12a8");

sol! {
    #[sol(all_derives)]
    /// The ArbWasm precompile's interface, as Nitro's `ArbWasm.sol` (the parts the devnode serves).
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function inkPrice() external view returns (uint32 price);
        function pageLimit() external view returns (uint16 limit);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageRamp() external view returns (uint64 ramp);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramUpToDate();
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

sol! {
    #[sol(all_derives)]
    /// The ArbWasmCache precompile's interface (the parts the devnode serves).
    interface ArbWasmCache {
        function isCacheManager(address manager) external view returns (bool);
        function allCacheManagers() external view returns (address[] memory managers);
        function codehashIsCached(bytes32 codehash) external view returns (bool);
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;

        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
    }

    #[sol(all_derives)]
    /// The CacheManager's interface, as Nitro's `CacheManager.sol` (the parts the devnode serves).
    interface CacheManager {
        struct Entry {
            bytes32 code;
            uint64 size;
            uint192 bid;
        }

        function placeBid(address program) external payable;
        function getMinBid(address program) external view returns (uint192 min);
        function getMinBid(uint64 size) external view returns (uint192 min);
        function getEntries() external view returns (Entry[] memory);
        function cacheSize() external view returns (uint64);
        function queueSize() external view returns (uint64);
        function decay() external view returns (uint64);
        function isPaused() external view returns (bool);
        function setCacheSize(uint64 newSize) external;
        function evictAll() external;

        event InsertBid(bytes32 indexed codehash, address program, uint192 bid, uint64 size);
        event DeleteBid(bytes32 indexed codehash, uint192 bid, uint64 size);

        error NotChainOwner(address sender);
        error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize);
        error AlreadyCached(bytes32 codehash);
        error BidTooSmall(uint192 bid, uint192 min);
        error ProgramNotActivated();
    }
}

/// Where cargo-stylus expects the StylusDeployer.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

sol! {
    /// The StylusDeployer's interface.
    #[sol(all_derives)]
    interface StylusDeployer {
        event ContractDeployed(address deployedContract);

        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract, bytes data);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();

        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
        function initSalt(bytes32 salt, bytes initData) external pure returns (bytes32);
        function requiresActivation(address addr) external view returns (bool);
    }
}
