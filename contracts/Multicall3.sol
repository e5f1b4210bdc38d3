// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice The aggregate3 entry point of the canonical Multicall3 (0xcA11bde05977b3631167028862bE2a173976CA11),
/// the only function viem's multicall calls. A dev chain lacks that contract, so tests install this
/// contract's runtime code there with anvil_setCode (see docs/onchain-flow.md).
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    /// Runs each call in order; a failing call reverts the whole batch unless it allows failure.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        returnData = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory data) = calls[i].target.call(calls[i].callData);
            require(ok || calls[i].allowFailure, "Multicall3: call failed");
            returnData[i] = Result(ok, data);
        }
    }
}
