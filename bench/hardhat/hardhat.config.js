// Hardhat's own chain, as `npx hardhat node` starts it, with no base fee (as the devnode).
module.exports = {
  networks: { hardhat: { chainId: 31337, initialBaseFeePerGas: 0 } },
};
