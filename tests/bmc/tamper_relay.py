#!/usr/bin/env python3
"""tests/bmc/tamper_relay.py - a loopback UDP relay that changes one byte of
every signed RMCP+ request inside a session (IPMI payload, AuthCode
present) on its way to the BMC, to show that the BMC checks integrity.
Everything else, and every answer, passes unchanged.

    tamper_relay.py --bmc-port P [--bmc-addr 127.0.0.1] --port-file F
                    [--stats-file J] [--flip authcode|payload] [--lifetime S]

--flip authcode changes the last byte (the AuthCode), --flip payload the
first payload byte (the AES IV, or the IPMI message without confidentiality).
Each client address gets its own upstream socket.  The stats file (JSON)
counts forwarded and changed datagrams.  SIGTERM ends the relay.
"""
import argparse
import json
import os
import select
import signal
import socket
import time


def tamper(d, where):
    """D with one byte changed when it is a signed in-session IPMI request."""
    if len(d) < 20 or d[:4] != b"\x06\x00\xff\x07" or d[4] != 0x06:
        return d, False
    ptype = d[5]
    if ptype & 0x3F != 0x00 or not ptype & 0x40 or d[6:10] == bytes(4):
        return d, False
    i = len(d) - 1 if where == "authcode" else 16
    b = bytearray(d)
    b[i] ^= 0x01
    return bytes(b), True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bmc-port", type=int, required=True)
    ap.add_argument("--bmc-addr", default="127.0.0.1")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats-file", default=None)
    ap.add_argument("--flip", default="authcode",
                    choices=("authcode", "payload"))
    ap.add_argument("--lifetime", type=float, default=300.0)
    a = ap.parse_args()

    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind(("127.0.0.1", 0))
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % front.getsockname()[1])
    os.replace(tmp, a.port_file)
    upstream = {}      # client address -> socket towards the BMC
    clients = {}       # socket -> client address
    stats = {"forwarded": 0, "changed": 0, "answers": 0}
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    end = time.monotonic() + a.lifetime
    while running[0] and time.monotonic() < end:
        try:
            ready, _, _ = select.select([front] + list(clients), [], [], 0.5)
        except InterruptedError:
            continue
        for s in ready:
            d, addr = s.recvfrom(65535)
            if s is front:
                if addr not in upstream:
                    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    u.bind(("127.0.0.1", 0))
                    upstream[addr] = u
                    clients[u] = addr
                d, changed = tamper(d, a.flip)
                stats["forwarded"] += 1
                stats["changed"] += changed
                upstream[addr].sendto(d, (a.bmc_addr, a.bmc_port))
            else:
                stats["answers"] += 1
                front.sendto(d, clients[s])
        if a.stats_file and ready:
            with open(a.stats_file + ".tmp", "w") as f:
                json.dump(stats, f)
            os.replace(a.stats_file + ".tmp", a.stats_file)


if __name__ == "__main__":
    main()
