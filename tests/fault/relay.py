#!/usr/bin/env python3
"""tests/fault/relay.py - a lossy loopback UDP relay between the plugin and a
BMC (ipmi_sim), for fault-injection tests.

    relay.py --bmc-port P [--listen-port 0] --port-file F --stats-file S
             [--drop 0.3] [--delay-ms 50] [--dup 0.1] [--reorder 0.1]
             [--silent-after N] [--silent-after-control] [--seed 1]
             [--trace FILE]

The relay listens on 127.0.0.1 (port written to --port-file once bound).
Each client address gets its own upstream socket, so concurrent clients
(threads, forked children) keep their own flows.  Faults apply to both
directions, each datagram drawn independently:

  --drop P            drop with probability P
  --delay-ms MS       hold every datagram MS milliseconds
  --dup P             send twice with probability P
  --reorder P         hold a datagram back and send it after the next one
  --silent-after N    forward N datagrams (both directions), then nothing
  --silent-after-control
                      forward a Chassis Control request (NetFn 0x00, cmd
                      0x02) to the BMC, then forward nothing more, either
                      way: the BMC acts but its answer, and every later
                      message, are lost.  Only visible where the payload
                      is not encrypted: IPMI 1.5, or RMCP+ cipher suites
                      0, 1 and 2 (no confidentiality).  Suites 3, 8, 12
                      encrypt the payload with AES and hide it.

--trace FILE appends one line per datagram: seconds (monotonic), "up" (to
the BMC) or "down", its length, its RMCP+ payload type ("-" for IPMI 1.5),
and "drop" or "pass": where the time of a lossy operation goes.

Stats (JSON, rewritten after every datagram and at exit) count datagrams,
drops, RMCP+ Open Session requests, IPMI 1.5 Activate Session requests,
Close Session requests (visible ones) and Chassis Control requests.
SIGTERM ends the relay.
"""
import argparse
import json
import os
import random
import select
import signal
import socket
import sys
import time


def ipmi_msg_of(data):
    """(netfn, cmd, payload_type, encrypted) of a request datagram, or None."""
    if len(data) < 5 or data[0] != 0x06 or data[3] != 0x07:
        return None
    auth = data[4]
    if auth == 0x06:  # RMCP+
        if len(data) < 16:
            return None
        ptype = data[5]
        enc = bool(ptype & 0x80)
        kind = ptype & 0x3F
        off = 6
        if kind == 0x02:  # OEM explicit: IANA + payload id
            off += 6
        off += 8  # session id, sequence
        if len(data) < off + 2:
            return None
        plen = data[off] | (data[off + 1] << 8)
        off += 2
        if kind != 0x00:
            return (None, None, kind, enc)
        if enc or len(data) < off + 6 or plen < 6:
            return (None, None, kind, enc)
        msg = data[off:off + plen]
        return (msg[1] >> 2, msg[5], kind, enc)
    # IPMI 1.5 session header
    off = 5 + 4 + 4
    if auth != 0x00:
        off += 16
    if len(data) < off + 1 + 6:
        return None
    msg = data[off + 1:]
    return (msg[1] >> 2, msg[5], None, False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bmc-port", type=int, required=True)
    ap.add_argument("--bmc-host", default="127.0.0.1")
    ap.add_argument("--listen-port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats-file", required=True)
    ap.add_argument("--drop", type=float, default=0.0)
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--dup", type=float, default=0.0)
    ap.add_argument("--reorder", type=float, default=0.0)
    ap.add_argument("--silent-after", type=int, default=-1)
    ap.add_argument("--silent-after-control", action="store_true")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--trace", default=None)
    ap.add_argument("--lifetime", type=float, default=3600.0,
                    help="exit after this many seconds whatever happens")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    trace = open(a.trace, "a", buffering=1) if a.trace else None
    if a.bmc_host != "127.0.0.1" and not a.bmc_host.startswith("127."):
        sys.exit("relay.py: loopback only")

    listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listen.bind(("127.0.0.1", a.listen_port))
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % listen.getsockname()[1])
    os.replace(tmp, a.port_file)

    stats = {"in": 0, "out": 0, "forwarded": 0, "dropped": 0,
             "duplicated": 0, "reordered": 0, "clients": 0,
             "open_session": 0, "activate_session": 0, "close_session": 0,
             "chassis_control": 0, "silent": False}
    up_of = {}       # client addr -> upstream socket
    client_of = {}   # upstream socket fileno -> client addr
    held = []        # (due time, sock, data, dest)
    reorder_slot = {}  # direction key -> (sock, data, dest) held back
    silent = False
    end = time.monotonic() + a.lifetime
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def write_stats():
        stats["silent"] = silent
        t = a.stats_file + ".tmp"
        with open(t, "w") as f:
            json.dump(stats, f)
        os.replace(t, a.stats_file)

    def emit(sock, data, dest, key):
        """Apply reorder, then send (now or after the delay)."""
        if a.reorder > 0 and key not in reorder_slot and rnd.random() < a.reorder:
            reorder_slot[key] = (sock, data, dest)
            stats["reordered"] += 1
            return
        due = time.monotonic() + a.delay_ms / 1000.0
        held.append((due, sock, data, dest))
        if key in reorder_slot:
            held.append((due, *reorder_slot.pop(key)))

    def forward(sock, data, dest, key, upstream):
        nonlocal silent
        if silent:
            stats["dropped"] += 1
            return
        if a.silent_after >= 0 and stats["forwarded"] >= a.silent_after:
            silent = True
            stats["dropped"] += 1
            return
        info = ipmi_msg_of(data) if upstream else None
        if info is not None:
            netfn, cmd, kind, _enc = info
            if kind == 0x10:
                stats["open_session"] += 1
            if netfn == 0x06 and cmd == 0x3A:
                stats["activate_session"] += 1
            if netfn == 0x06 and cmd == 0x3C:
                stats["close_session"] += 1
        dropped = a.drop > 0 and rnd.random() < a.drop
        if trace is not None:
            ptype = "%02x" % (data[5] & 0x3F) if (
                len(data) > 5 and data[4] == 0x06) else "-"
            trace.write("%.3f %s %d %s %s\n" % (
                time.monotonic(), "up" if upstream else "down", len(data),
                ptype, "drop" if dropped else "pass"))
        if dropped:
            stats["dropped"] += 1
            return
        stats["forwarded"] += 1
        emit(sock, data, dest, key)
        if a.dup > 0 and rnd.random() < a.dup:
            stats["duplicated"] += 1
            emit(sock, data, dest, key)
        if info is not None and info[0] == 0x00 and info[1] == 0x02:
            stats["chassis_control"] += 1
            if a.silent_after_control:
                silent = True

    write_stats()
    while running and time.monotonic() < end:
        now = time.monotonic()
        timeout = 0.5
        if held:
            timeout = max(0.0, min(d for d, *_ in held) - now)
        socks = [listen] + list(up_of.values())
        try:
            r, _, _ = select.select(socks, [], [], timeout)
        except InterruptedError:
            continue
        for s in r:
            try:
                data, src = s.recvfrom(65535)
            except OSError:
                continue
            if s is listen:
                stats["in"] += 1
                up = up_of.get(src)
                if up is None:
                    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    up.bind(("127.0.0.1", 0))
                    up_of[src] = up
                    client_of[up.fileno()] = src
                    stats["clients"] += 1
                forward(up, data, (a.bmc_host, a.bmc_port), ("up", src), True)
            else:
                stats["out"] += 1
                dest = client_of[s.fileno()]
                forward(listen, data, dest, ("down", dest), False)
        now = time.monotonic()
        due = [h for h in held if h[0] <= now]
        held[:] = [h for h in held if h[0] > now]
        for _, sock, data, dest in due:
            try:
                sock.sendto(data, dest)
            except OSError:
                pass
        if r or due:
            write_stats()
    write_stats()


if __name__ == "__main__":
    main()
