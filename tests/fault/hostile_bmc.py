#!/usr/bin/env python3
"""tests/fault/hostile_bmc.py - a scripted BMC for fault tests: speaks just
enough IPMI 1.5 with authentication type "none" (RMCP, Get Channel
Authentication Capabilities, Get Session Challenge, Activate Session, Set
Session Privilege, Close Session, Get Device ID) for a client to reach the
command stage, then answers Get Chassis Status and Chassis Control as the
--mode says: correctly, with an error completion code, or with truncated,
oversized, wrong-session, wrong-sequence, bad-checksum or random datagrams.
Authentication type none is what makes a scripted BMC possible: no keys.
Loopback only.  Written for these tests; not a BMC.

    hostile_bmc.py --mode MODE --port-file F --power-file P [--delay S]
                   [--lag S] [--power on|off] [--seed N] [--stats-file J]

Modes (the command stage; the session set-up is always correct unless the
mode names it):
  good             a well-behaved BMC
  cc-status=XX     Get Chassis Status answers completion code 0xXX
  cc-control=XX    Chassis Control answers completion code 0xXX
  truncated        command answers cut short (the IPMI message, and the
                   UDP datagram) - every way, in turn
  oversized        command answers padded to a huge datagram and with
                   extra data bytes
  wrong-session    command answers carry another session id
  wrong-seq        command answers carry session sequence numbers far
                   outside the window
  wrong-rqseq      command answers carry another IPMI request sequence
  bad-checksum     command answers with broken checksums
  random           random datagrams instead of command answers
  random-setup     random datagrams instead of every answer, set-up too
  noise-then-good  one random, one truncated and one wrong-session datagram,
                   then the right answer (the client must skip the junk)
  d5-cycle         power cycle and hard reset are refused with 0xD5 and the
                   node goes off (it "went off meanwhile"); power up works
  lag              Chassis Control answers at once, the power changes --lag
                   seconds later (Get Chassis Status reports the old state)
  drop-after-control  answers the Chassis Control, then ignores the session
  slow             every answer comes --delay seconds late
  silent           never answers anything
--target status|control limits the corrupting modes to one command; with
--cc-file the cc-status and cc-control modes read the code from a file at
every command (one BMC for a loop over every code).
"""
import argparse
import heapq
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import time

APP, CHASSIS = 0x06, 0x00


def cksum(b):
    return (-sum(b)) & 0xFF


class Bmc:
    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        self.mode = a.mode
        self.sessions = {}   # session id -> dict(out_seq, alive)
        self.temp_ids = set()
        self.pending = []    # heap of (time, n, data, addr)
        self.n = 0
        self.trunc_i = 0
        self.power_change = None  # (time, value)
        self.stats = {"requests": 0, "activated": 0, "closed": 0,
                      "status": 0, "control": [], "junk_sent": 0}
        self.set_power(a.power == "on")

    # ---- state ----
    def get_power(self):
        if self.power_change and time.monotonic() >= self.power_change[0]:
            self.set_power(self.power_change[1])
            self.power_change = None
        with open(self.a.power_file) as f:
            return f.read().strip() == "1"

    def set_power(self, on):
        tmp = self.a.power_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("1\n" if on else "0\n")
        os.replace(tmp, self.a.power_file)

    def write_stats(self):
        if not self.a.stats_file:
            return
        t = self.a.stats_file + ".tmp"
        with open(t, "w") as f:
            json.dump(self.stats, f)
        os.replace(t, self.a.stats_file)

    # ---- wire ----
    def send(self, data, addr, delay=0.0):
        self.n += 1
        heapq.heappush(self.pending, (time.monotonic() + delay, self.n, data, addr))

    @staticmethod
    def packet(sid, seq, msg, authtype=0):
        hdr = bytes([0x06, 0x00, 0xFF, 0x07, authtype]) + struct.pack("<II", seq, sid)
        if authtype != 0:
            hdr += bytes(16)
        return hdr + bytes([len(msg) & 0xFF]) + msg

    @staticmethod
    def response(req, cc, data=b"", rqseq=None, bad_ck=False):
        rq_addr, rq_seqlun, netfn, cmd = req["rqaddr"], req["rqseq"], req["netfn"], req["cmd"]
        if rqseq is not None:
            rq_seqlun = ((rqseq & 0x3F) << 2) | (rq_seqlun & 3)
        h = bytes([rq_addr, ((netfn | 1) << 2) | (req["rslun"] & 3)])
        body = bytes([0x20, rq_seqlun, cmd, cc]) + data
        c1, c2 = cksum(h), cksum(body)
        if bad_ck:
            c1, c2 = c1 ^ 0x55, c2 ^ 0xAA
        return h + bytes([c1]) + body + bytes([c2])

    def parse(self, d):
        if len(d) < 4 + 1 + 8 + 1 or d[0] != 0x06 or d[3] != 0x07:
            return None
        authtype = d[4]
        if authtype == 0x06:
            return {"rmcpp": True}
        seq, sid = struct.unpack("<II", d[5:13])
        off = 13 + (16 if authtype != 0 else 0)
        if len(d) < off + 1 + 7:
            return None
        msg = d[off + 1:off + 1 + d[off]]
        if len(msg) < 7:
            return None
        return {"rmcpp": False, "authtype": authtype, "seq": seq, "sid": sid,
                "rsaddr": msg[0], "netfn": msg[1] >> 2, "rslun": msg[1] & 3,
                "rqaddr": msg[3], "rqseq": msg[4], "cmd": msg[5],
                "data": msg[6:-1]}

    # ---- answers ----
    def reply(self, req, addr, cc, data=b"", **kw):
        """Answer in the request's session (or out of session)."""
        sid = req["sid"]
        seq = 0
        s = self.sessions.get(sid)
        if s is not None:
            s["out_seq"] = (s["out_seq"] + 1) & 0xFFFFFFFF
            seq = s["out_seq"]
        sid_out = kw.pop("sid", sid)
        seq = kw.pop("seq", seq)
        delay = kw.pop("delay", self.a.delay if self.mode == "slow" else 0.0)
        pkt = self.packet(sid_out, seq, self.response(req, cc, data, **kw))
        self.send(pkt, addr, delay)
        return pkt

    def junk(self, addr, n=None):
        n = n if n is not None else self.rnd.randint(0, 200)
        self.stats["junk_sent"] += 1
        self.send(bytes(self.rnd.getrandbits(8) for _ in range(n)), addr)

    def handle(self, d, addr):
        self.stats["requests"] += 1
        req = self.parse(d)
        if req is None or req["rmcpp"]:
            # RMCP+ is not offered: an RMCP+ client gets no answer.  Junk
            # datagrams from a client are ignored.
            return
        if self.mode == "silent":
            return
        if self.mode == "random-setup":
            self.junk(addr)
            return
        netfn, cmd = req["netfn"], req["cmd"]
        s = self.sessions.get(req["sid"])
        if self.a.trace:
            print("req auth=%d seq=%d sid=%#x netfn=%#x cmd=%#x data=%s" % (
                req["authtype"], req["seq"], req["sid"], netfn, cmd,
                req["data"].hex()), file=sys.stderr, flush=True)
        if netfn == APP and cmd == 0x38:    # Get Channel Auth Capabilities
            chan = 1
            data = bytes([chan, 0x01 | 0x04, 0x04, 0x01, 0, 0, 0, 0])
            self.reply(req, addr, 0, data)
        elif netfn == APP and cmd == 0x39:  # Get Session Challenge
            tid = self.rnd.randint(1, 0x7FFFFFFF)
            self.temp_ids.add(tid)
            self.reply(req, addr, 0, struct.pack("<I", tid) + bytes(self.rnd.getrandbits(8) for _ in range(16)))
        elif netfn == APP and cmd == 0x3A:  # Activate Session
            if req["sid"] not in self.temp_ids or len(req["data"]) < 22:
                self.reply(req, addr, 0xCC)
                return
            self.temp_ids.discard(req["sid"])
            init_out = struct.unpack("<I", req["data"][18:22])[0]
            sid = self.rnd.randint(1, 0x7FFFFFFF)
            # The answer travels in the temporary session; later answers
            # in the new one start from the console's initial number.
            # The console checks every answer's sequence number against a
            # window around the initial number it gave, this one included.
            pkt = self.packet(req["sid"], init_out, self.response(
                req, 0, bytes([0]) + struct.pack("<II", sid, 1) + bytes([req["data"][1] & 0x0F])))
            self.sessions[sid] = {"out_seq": init_out, "alive": True}
            self.stats["activated"] += 1
            self.send(pkt, addr, self.a.delay if self.mode == "slow" else 0.0)
        elif s is None:
            self.reply(req, addr, 0xD4) if False else None  # out of session: ignore
        elif not s["alive"]:
            return
        elif netfn == APP and cmd == 0x3B:  # Set Session Privilege
            priv = req["data"][0] & 0x0F if req["data"] else 0
            self.reply(req, addr, 0, bytes([priv or 2]))
        elif netfn == APP and cmd == 0x3C:  # Close Session
            self.reply(req, addr, 0)
            self.stats["closed"] += 1
            del self.sessions[req["sid"]]
        elif netfn == APP and cmd == 0x01:  # Get Device ID
            self.reply(req, addr, 0, bytes([0x20, 0x01, 0x01, 0x00, 0x51, 0x9F,
                                             0x00, 0x00, 0x00, 0x00, 0x00]))
        elif netfn == CHASSIS and cmd in (0x01, 0x02):
            self.command(req, addr, s)
        else:
            self.reply(req, addr, 0xC1)
        self.write_stats()

    def command(self, req, addr, s):
        cmd = req["cmd"]
        m = self.mode
        t = self.a.target
        if (t == "status" and cmd != 0x01) or (t == "control" and cmd != 0x02):
            m = "good"
        if m in ("cc-status", "cc-control") and self.a.cc_file:
            with open(self.a.cc_file) as f:
                m = "%s=%s" % (m, f.read().strip())
        if cmd == 0x01:
            self.stats["status"] += 1
            good = bytes([0x01 if self.get_power() else 0x00, 0x00, 0x00, 0x00])
        else:
            ctl = req["data"][0] if req["data"] else 0xFF
            self.stats["control"].append(ctl)
            good = b""
        if m.startswith("cc-status=") and cmd == 0x01:
            self.reply(req, addr, int(m.split("=")[1], 16))
            return
        if m.startswith("cc-control=") and cmd == 0x02:
            self.reply(req, addr, int(m.split("=")[1], 16))
            return
        if m == "truncated":
            k = self.trunc_i % 4
            self.trunc_i += 1
            if k == 0:      # CC only, no data
                self.reply(req, addr, 0, b"" if cmd == 0x01 else b"")
                if cmd == 0x02:   # a bare CC is a full control answer: cut the datagram instead
                    self.pending.pop()
                    self.send(self.packet(req["sid"], s["out_seq"], self.response(req, 0))[:-3], addr)
            elif k == 1:    # one data byte of four
                self.reply(req, addr, 0, good[:1])
            elif k == 2:    # the datagram cut inside the IPMI header
                pkt = self.packet(req["sid"], s["out_seq"] + 1, self.response(req, 0, good))
                s["out_seq"] += 1
                self.send(pkt[:18], addr)
            else:           # message length byte claims more than is sent
                pkt = bytearray(self.packet(req["sid"], s["out_seq"] + 1, self.response(req, 0, good)))
                s["out_seq"] += 1
                pkt[13] = 60
                self.send(bytes(pkt), addr)
            return
        if m == "oversized":
            pkt = bytearray(self.packet(req["sid"], s["out_seq"] + 1,
                                        self.response(req, 0, good + bytes(range(200)))))
            s["out_seq"] += 1
            self.send(bytes(pkt) + bytes(1200), addr)
            return
        if m == "wrong-session":
            self.reply(req, addr, 0, good, sid=(req["sid"] ^ 0x5A5A5A5A) or 1)
            return
        if m == "wrong-seq":
            self.reply(req, addr, 0, good, seq=(s["out_seq"] + 0x1000) & 0xFFFFFFFF)
            return
        if m == "wrong-rqseq":
            self.reply(req, addr, 0, good, rqseq=(req["rqseq"] >> 2) ^ 0x15)
            return
        if m == "bad-checksum":
            self.reply(req, addr, 0, good, bad_ck=True)
            return
        if m == "random":
            self.junk(addr)
            return
        if m == "noise-then-good":
            self.junk(addr)
            self.send(self.packet(req["sid"], 0, self.response(req, 0, good))[:15], addr)
            self.reply(req, addr, 0, good, sid=(req["sid"] ^ 0x1234) or 1)
            # the right answer, with the next sequence number
            self.act(req)
            self.reply(req, addr, 0, good if cmd == 0x02 else
                       bytes([0x01 if self.get_power() else 0x00, 0, 0, 0]))
            return
        if m == "d5-cycle" and cmd == 0x02 and req["data"][:1] in (b"\x02", b"\x03"):
            self.set_power(False)
            self.reply(req, addr, 0xD5)
            return
        if m == "lag" and cmd == 0x02:
            self.act(req, lag=self.a.lag)
            self.reply(req, addr, 0)
            return
        if m == "drop-after-control" and cmd == 0x02:
            self.act(req)
            self.reply(req, addr, 0)
            s["alive"] = False
            return
        if cmd == 0x02:
            self.act(req)
        self.reply(req, addr, 0, good)

    def act(self, req, lag=0.0):
        if req["cmd"] != 0x02 or not req["data"]:
            return
        ctl = req["data"][0]
        new = {0: False, 1: True, 2: True, 3: None, 5: False}.get(ctl)
        if ctl == 3:
            new = self.get_power()
        if new is None:
            return
        if lag > 0:
            self.power_change = (time.monotonic() + lag, new)
        else:
            self.set_power(new)

    def run(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        tmp = self.a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % sock.getsockname()[1])
        os.replace(tmp, self.a.port_file)
        end = time.monotonic() + self.a.lifetime
        running = [True]
        signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
        self.write_stats()
        while running[0] and time.monotonic() < end:
            timeout = 0.2
            if self.pending:
                timeout = max(0.0, min(timeout, self.pending[0][0] - time.monotonic()))
            try:
                r, _, _ = select.select([sock], [], [], timeout)
            except InterruptedError:
                continue
            if r:
                try:
                    d, addr = sock.recvfrom(65535)
                    self.handle(d, addr)
                except OSError:
                    pass
            now = time.monotonic()
            while self.pending and self.pending[0][0] <= now:
                _, _, data, addr = heapq.heappop(self.pending)
                try:
                    sock.sendto(data, addr)
                except OSError:
                    pass
            if self.power_change:
                self.get_power()
        self.write_stats()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--power-file", required=True)
    ap.add_argument("--stats-file", default=None)
    ap.add_argument("--power", default="on", choices=("on", "off"))
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--lag", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lifetime", type=float, default=600.0)
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--target", default="both",
                    choices=("both", "status", "control"),
                    help="which command answers the corrupting modes spoil")
    ap.add_argument("--cc-file", default=None,
                    help="cc-status/cc-control: read the code (hex) from "
                         "this file at every command")
    Bmc(ap.parse_args()).run()


if __name__ == "__main__":
    main()
