#!/usr/bin/env python3
"""tests/interop/cipher_relay.py - a loopback UDP relay in front of a BMC
that counts what the client and the BMC send, by RMCP+ payload type, and
can play a BMC that ignores the cipher suites it lacks.

    cipher_relay.py --bmc-port P --port-file F --stats-file J
                    [--ignore-auth N[,N...]] [--lifetime S]

--ignore-auth N: an Open Session Request proposing authentication
algorithm N (3 = RAKP-HMAC-SHA256, the suites 15 to 17) never reaches the
BMC and gets no answer: what a BMC does that stays silent instead of
answering "no such algorithm".  Everything else passes unchanged, both ways.

The stats file (JSON, rewritten after every datagram and at exit):
  up, down                datagrams client -> BMC and BMC -> client
  up_kind, down_kind      {kind: n}; kind is "open" (Open Session Request
                          or Response), "rakp1".."rakp4", "ipmi" (an IPMI
                          message in or outside a session, RMCP+ or 1.5),
                          "ping", "other"
  open_auth               {"0xNN": n} Open Session Requests by the
                          authentication algorithm they propose
  open_ignored            Open Session Requests not passed on
  open_refused            {"0xNN": n} Open Session Responses by non-zero
                          status
Each client address gets its own upstream socket.  SIGTERM ends it.
"""
import argparse
import json
import os
import select
import signal
import socket
import time

KINDS = {0x10: "open", 0x11: "open", 0x12: "rakp1", 0x13: "rakp2",
         0x14: "rakp3", 0x15: "rakp4", 0x00: "ipmi"}


def kind_of(d):
    """The kind of a datagram (see the stats)."""
    if len(d) < 5 or d[0] != 0x06 or d[2] != 0xFF:
        return "other"
    if d[3] == 0x06:
        return "ping"
    if d[3] != 0x07:
        return "other"
    if d[4] != 0x06:
        return "ipmi"  # IPMI 1.5 session header
    if len(d) < 6:
        return "other"
    return KINDS.get(d[5] & 0x3F, "other")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bmc-port", type=int, required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats-file", required=True)
    ap.add_argument("--ignore-auth", default="")
    ap.add_argument("--lifetime", type=float, default=600.0)
    a = ap.parse_args()
    ignore = {int(x) for x in a.ignore_auth.split(",") if x}
    bmc = ("127.0.0.1", a.bmc_port)
    listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listen.bind(("127.0.0.1", 0))
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % listen.getsockname()[1])
    os.replace(a.port_file + ".tmp", a.port_file)
    st = {"up": 0, "down": 0, "up_kind": {}, "down_kind": {},
          "open_auth": {}, "open_ignored": 0, "open_refused": {}}
    up_of, client_of = {}, {}
    running = [True]

    def stop(*_):
        running[0] = False

    def bump(group, key):
        st[group][key] = st[group].get(key, 0) + 1

    def write():
        with open(a.stats_file + ".tmp", "w") as f:
            json.dump(st, f)
        os.replace(a.stats_file + ".tmp", a.stats_file)

    def upward(d, src):
        st["up"] += 1
        k = kind_of(d)
        bump("up_kind", k)
        if k == "open" and len(d) >= 16 + 32:
            auth = d[16 + 12] & 0x3F
            bump("open_auth", "0x%02x" % auth)
            if auth in ignore:
                st["open_ignored"] += 1
                return
        up = up_of.get(src)
        if up is None:
            up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            up.bind(("127.0.0.1", 0))
            up_of[src] = up
            client_of[up.fileno()] = src
        up.sendto(d, bmc)

    def downward(d, up):
        st["down"] += 1
        k = kind_of(d)
        bump("down_kind", k)
        if k == "open" and len(d) >= 18 and d[17] != 0:
            bump("open_refused", "0x%02x" % d[17])
        listen.sendto(d, client_of[up.fileno()])

    signal.signal(signal.SIGTERM, stop)
    write()
    end = time.monotonic() + a.lifetime
    while running[0] and time.monotonic() < end:
        try:
            ready, _, _ = select.select([listen] + list(up_of.values()),
                                        [], [], 0.5)
        except InterruptedError:
            continue
        for s in ready:
            try:
                d, src = s.recvfrom(65535)
            except OSError:
                continue
            if s is listen:
                upward(d, src)
            elif src == bmc:
                downward(d, s)
            write()
    write()


if __name__ == "__main__":
    main()
