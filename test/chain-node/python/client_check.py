"""What a third-party Python client (substrate-interface, PyPI) needs from a meshtensor chain.

Usage: client_check.py WS_ENDPOINT
Reads metadata, queries storage, calls a runtime API with a parameter, and submits a signed
transfer whose nonce the library fetches itself (account_nextIndex), waiting for inclusion.
Prints one JSON object with what it saw; any failure raises (non-zero exit, traceback).
"""

import json
import sys

from substrateinterface import Keypair, SubstrateInterface


def main() -> None:
    endpoint = sys.argv[1]
    substrate = SubstrateInterface(url=endpoint)
    alice = Keypair.create_from_uri("//Alice")
    dave = Keypair.create_from_uri("//Dave")
    seen = {"chain": substrate.chain, "runtime": substrate.runtime_version}

    pallets = [p.name for p in substrate.get_metadata().pallets]
    seen["has_subnets_pallet"] = "Subnets" in pallets

    before = substrate.query("System", "Account", [dave.ss58_address]).value["data"]["free"]
    seen["nonce_rpc"] = substrate.rpc_request("account_nextIndex", [alice.ss58_address])["result"]
    seen["nonce_api"] = substrate.runtime_call("AccountNonceApi", "account_nonce", [alice.ss58_address]).value

    call = substrate.compose_call(
        call_module="Balances",
        call_function="transfer_keep_alive",
        call_params={"dest": dave.ss58_address, "value": 3_000_000_000},
    )
    extrinsic = substrate.create_signed_extrinsic(call=call, keypair=alice)
    receipt = substrate.submit_extrinsic(extrinsic, wait_for_inclusion=True)
    seen["included"] = receipt.is_success
    seen["error"] = receipt.error_message
    after = substrate.query("System", "Account", [dave.ss58_address]).value["data"]["free"]
    seen["dave_gained"] = after - before
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
