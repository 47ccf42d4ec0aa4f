#!/usr/bin/env python3
"""tests/bmc/rmcpp_bmc.py - an IPMI 2.0 RMCP+ ("lanplus") test BMC for the
plugin's tests: cipher suites 0, 1, 2, 3, 15, 16 and 17 (17 = RAKP-HMAC-SHA256,
HMAC-SHA256-128, AES-CBC-128, which no packaged BMC offers), one user, a
power state kept in a file, and fault switches for the safety tests (slow,
stuck, lying, mute and refusing BMCs).  Loopback (or a namespace's address)
only; one thread; it ends by itself after --lifetime seconds.

    rmcpp_bmc.py --port-file F --power-file P --user NAME --password-file W
                 [--suites 3,17] [--priv-limit user|operator|admin]
                 [--kg-file K] [--addr 127.0.0.1] [--port 0] [--power on|off]
                 [--cycle-off S] [--stats-file J] [--stats-flat T]
                 [--lifetime S] [--trace]
                 [fault switches]

It serves: RMCP presence ping, Get Channel Authentication Capabilities
(IPMI 1.5 or RMCP+ framed, outside a session), Get Channel Cipher Suites,
Open Session, RAKP 1-4, Set Session Privilege Level, Close Session, Get
Device ID, Get Chassis Status, Chassis Control, Get System Restart Cause.
It has no IPMI 1.5 sessions.  Inside a session every request must carry a
valid AuthCode (suites with integrity) and be encrypted (suites with
confidentiality), with a session sequence number inside the window and not
seen before; anything else is dropped and counted.

Fault switches:
  --delay S               every answer leaves S seconds late (the request is
                          acted on at once; other traffic is not held up)
  --stuck                 Chassis Control answers CC 0, the power never moves
  --pick-suite N          the Open Session Response names suite N's
                          algorithms whatever was asked, and the session runs
                          with them (a lying BMC)
  --drop-control-answer   the first Chassis Control carried out is never
                          answered (later ones are)
  --no-slots              Open Session answers RMCP+ status 01h
  --cc-control XX         Chassis Control answers completion code XX (hex),
                          nothing is carried out
  --power-fault           Get Chassis Status sets the power fault and the
                          power control fault bits
  --silent-unknown-user   no RAKP 2 at all for an unknown user name (instead
                          of status 0Dh)

Power: "on" or "off" in --power-file (read at every use, so a test may
change it).  A cycle turns it off at once and on after --cycle-off seconds
(default 2); a hard reset leaves it on and counts; cycle, reset and
diagnostic interrupt answer D5h while the power is off.  Get System Restart
Cause says 01h (chassis control) after a reset or a power-up, else 00h.

The password file's first line is the password (at most 20 bytes); the K_g
file's first line is the key as text, or as hex after "0x" (at most 20
bytes).  Neither is ever printed.  --user is one user whose privilege limit
is --priv-limit (default admin); sessions start at User and Set Session
Privilege Level raises them up to that limit.  At most 16 sessions (a set-up
left unfinished is forgotten after 30 s, an idle session after 60 s).

The stats file (JSON) is rewritten after every datagram received and
before every answer leaves (so a client holding its answer can read the
stats of its request), and after an event (the end of a cycle's off phase):
  datagrams_received, datagrams_sent, pings
  commands {name: n}      requests served in a session or session-less:
                          get_device_id, get_channel_auth_caps,
                          get_channel_cipher_suites, set_session_privilege,
                          close_session, get_chassis_status, chassis_control,
                          get_system_restart_cause, else "0xNN/0xNN"
  chassis_control {off, on, cycle, reset, diag, soft: n}
                          Chassis Control requests received inside a session
                          (a retransmission with a new sequence number counts
                          again; a replayed one is dropped), whatever answer
  chassis_control_executed {same keys}, chassis_control_list [in order],
  chassis_control_unanswered
  open_requests, open_refused {"0xNN": n}, rakp1, rakp2_refused {"0xNN" or
  "silent": n}, rakp3_error_status, rakp4_refused {"0xNN": n}
  sessions_opened (RAKP 4 sent with status 0), sessions_closed,
  sessions_expired, session_suites [suite of each opened session]
  dropped {reason: n}     integrity, sequence, unsigned, unencrypted,
                          no_session, ... (nothing is answered)
  completion_codes {"0xNN": n}   answers with a non-zero completion code
  power, restart_cause, resets, cycles, diag_interrupts (carried out),
  internal_errors (exceptions caught: a bug here; a test asserts 0)
--stats-flat T writes the same as "KEY=VALUE" lines, nested keys joined with
"." (chassis_control.reset=1), lists comma-separated, an empty object "{}",
for shell tests that read it without starting a process.
SIGTERM ends the BMC.  Exit status 3: python3-cryptography is missing.
Written for these tests in this project's own words; not a real BMC.
"""
import argparse
import hashlib
import heapq
import hmac
import json
import os
import select
import signal
import socket
import struct
import sys
import time
import traceback
import uuid

try:
    from cryptography.hazmat.primitives.ciphers import (
        Cipher, algorithms, modes)
except ImportError:  # the caller's test skips on exit code 3
    sys.stderr.write("rmcpp_bmc.py: python3-cryptography is not installed\n")
    sys.exit(3)

# ------------------------------------------------------------ constants ---

NETFN_CHASSIS, NETFN_APP = 0x00, 0x06
BMC_ADDR = 0x20
LAN_CHANNEL = 1
PRIV_CALLBACK, PRIV_USER, PRIV_OPERATOR, PRIV_ADMIN = 1, 2, 3, 4
PRIV_NAMES = {"user": PRIV_USER, "operator": PRIV_OPERATOR,
              "admin": PRIV_ADMIN}

# RMCP+ payload types
PT_IPMI, PT_OPEN_RQ, PT_OPEN_RS = 0x00, 0x10, 0x11
PT_RAKP1, PT_RAKP2, PT_RAKP3, PT_RAKP4 = 0x12, 0x13, 0x14, 0x15

# RMCP+ status codes (IPMI 2.0 table 13-15)
ST_OK = 0x00
ST_NO_RESOURCES = 0x01
ST_BAD_SESSION_ID = 0x02
ST_BAD_AUTH_ALG = 0x04
ST_BAD_INTEGRITY_ALG = 0x05
ST_BAD_ROLE = 0x09
ST_BAD_NAME_LENGTH = 0x0C
ST_UNAUTHORIZED_NAME = 0x0D
ST_BAD_ICV = 0x0F
ST_BAD_CONF_ALG = 0x10
ST_NO_SUITE_MATCH = 0x11
ST_ILLEGAL_PARAMETER = 0x12

# Algorithm numbers (IPMI 2.0 tables 13-17, 13-18, 13-19).
AUTH_NONE, AUTH_SHA1, AUTH_SHA256 = 0x00, 0x01, 0x03
INTEG_NONE, INTEG_SHA1_96, INTEG_SHA256_128 = 0x00, 0x01, 0x04
CONF_NONE, CONF_AES_CBC_128 = 0x00, 0x01

# auth algorithm -> (hash, RAKP 4 ICV length); integrity -> (hash, AuthCode
# length).  K1 and K2 are HMACs of 20 constant bytes even for SHA-256.
AUTH_ALGS = {AUTH_SHA1: (hashlib.sha1, 12), AUTH_SHA256: (hashlib.sha256, 16)}
INTEG_ALGS = {INTEG_SHA1_96: (hashlib.sha1, 12),
              INTEG_SHA256_128: (hashlib.sha256, 16)}

# cipher suite -> (authentication, integrity, confidentiality)
SUITES = {
    0: (AUTH_NONE, INTEG_NONE, CONF_NONE),
    1: (AUTH_SHA1, INTEG_NONE, CONF_NONE),
    2: (AUTH_SHA1, INTEG_SHA1_96, CONF_NONE),
    3: (AUTH_SHA1, INTEG_SHA1_96, CONF_AES_CBC_128),
    15: (AUTH_SHA256, INTEG_NONE, CONF_NONE),
    16: (AUTH_SHA256, INTEG_SHA256_128, CONF_NONE),
    17: (AUTH_SHA256, INTEG_SHA256_128, CONF_AES_CBC_128),
}

# Chassis Control byte -> name used in the stats
CONTROL_NAMES = {0: "off", 1: "on", 2: "cycle", 3: "reset", 4: "diag",
                 5: "soft"}

# (netfn, cmd) -> (name in the stats, least privilege; 0 = outside a session)
COMMANDS = {
    (NETFN_APP, 0x01): ("get_device_id", PRIV_USER),
    (NETFN_APP, 0x38): ("get_channel_auth_caps", 0),
    (NETFN_APP, 0x3B): ("set_session_privilege", PRIV_USER),
    (NETFN_APP, 0x3C): ("close_session", PRIV_CALLBACK),
    (NETFN_APP, 0x54): ("get_channel_cipher_suites", 0),
    (NETFN_CHASSIS, 0x01): ("get_chassis_status", PRIV_USER),
    (NETFN_CHASSIS, 0x02): ("chassis_control", PRIV_OPERATOR),
    (NETFN_CHASSIS, 0x07): ("get_system_restart_cause", PRIV_USER),
}

MAX_SESSIONS = 16
SETUP_TIMEOUT = 30.0     # a session that never finishes RAKP is dropped
IDLE_TIMEOUT = 60.0      # an active session unused this long is dropped
SEQ_AHEAD, SEQ_BEHIND = 32, 16


def checksum(data):
    return (-sum(data)) & 0xFF


def hmac_of(key, data, hashfn):
    return hmac.new(key, data, hashfn).digest()


def read_secret(path, what):
    """The first line of PATH as bytes ("0x..." is hex); at most 20 bytes."""
    with open(path, "rb") as f:
        line = f.readline().rstrip(b"\r\n")
    if line[:2] in (b"0x", b"0X"):
        line = bytes.fromhex(line[2:].decode("ascii"))
    if len(line) > 20:
        raise SystemExit("rmcpp_bmc.py: the %s is longer than 20 bytes" % what)
    return line


# ---------------------------------------------------------------- power ---

class Power:
    """The chassis: power in a file ("on"/"off"), a power cycle's off phase
    ended by the scheduler, the restart cause and counters."""

    def __init__(self, path, initial, cycle_off, schedule):
        self.path = path
        self.cycle_off = cycle_off
        self.schedule = schedule     # schedule(delay_s, fn)
        self.cycle_token = 0         # the off phase in progress, 0 = none
        self.restart_cause = 0       # 0 unknown, 1 chassis control command
        self.counts = {"resets": 0, "cycles": 0, "diag_interrupts": 0}
        if initial is not None or self.read() is None:
            self.write(initial != "off")

    def read(self):
        try:
            with open(self.path) as f:
                word = f.read().strip()
        except OSError:
            return None
        return {"on": True, "1": True, "off": False, "0": False}.get(word)

    def is_on(self):
        return bool(self.read())

    def write(self, on):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write("on\n" if on else "off\n")
        os.replace(tmp, self.path)

    def control(self, ctl):
        """Carry out a Chassis Control byte; returns the completion code."""
        on = self.is_on()
        if ctl in (0, 5):                 # power down, soft (ACPI) off
            self.cycle_token = 0
            self.write(False)
        elif ctl == 1:                    # power up
            self.cycle_token = 0
            if not on:
                self.restart_cause = 1
            self.write(True)
        elif ctl in (2, 3, 4) and not on:
            return 0xD5                   # not in the present state
        elif ctl == 2:                    # cycle: off now, on later
            self.counts["cycles"] += 1
            self.write(False)
            self.cycle_token += 1
            token = self.cycle_token
            self.schedule(self.cycle_off, lambda: self.end_cycle(token))
        elif ctl == 3:                    # hard reset: stays on
            self.counts["resets"] += 1
            self.restart_cause = 1
        elif ctl == 4:                    # diagnostic interrupt (NMI)
            self.counts["diag_interrupts"] += 1
        else:
            return 0xCC
        return 0x00

    def end_cycle(self, token):
        if token == self.cycle_token:
            self.cycle_token = 0
            self.restart_cause = 1
            self.write(True)


# -------------------------------------------------------------- session ---

class Session:
    """One RMCP+ session, from Open Session Request to Close Session."""

    def __init__(self, bmc_sid, console_sid, suite, addr, open_priv):
        self.bmc_sid = bmc_sid
        self.console_sid = console_sid
        self.suite = suite
        self.auth, self.integ, self.conf = SUITES[suite]
        self.addr = addr
        self.open_priv = open_priv
        self.state = "opened"          # opened -> rakp2 -> active
        self.rakp1 = None              # the RAKP 1 answered (for resends)
        self.rakp2 = None
        self.rakp3 = None
        self.rakp4 = None
        self.rm = self.rc = self.role = self.uname = None
        self.kuid = None
        self.k1 = self.k2 = None
        self.max_priv = PRIV_USER
        self.priv = PRIV_USER
        self.in_high = 0               # highest sequence number accepted
        self.in_seen = set()
        self.out_seq = 0
        self.touched = time.monotonic()

    def derive_keys(self, kg):
        """SIK, K1, K2 from the RAKP exchange (K_g or else Kuid)."""
        hashfn = AUTH_ALGS[self.auth][0]
        sik = hmac_of(kg or self.kuid, self.rm + self.rc + bytes(
            [self.role, len(self.uname)]) + self.uname, hashfn)
        self.sik = sik
        self.k1 = hmac_of(sik, b"\x01" * 20, hashfn)
        self.k2 = hmac_of(sik, b"\x02" * 20, hashfn)

    def accept_seq(self, seq):
        """Sliding-window check of an inbound session sequence number."""
        if seq == 0 or seq in self.in_seen:
            return False
        ahead = (seq - self.in_high) & 0xFFFFFFFF
        behind = (self.in_high - seq) & 0xFFFFFFFF
        if self.in_high == 0 or 1 <= ahead <= SEQ_AHEAD:
            self.in_high = seq
        elif behind >= SEQ_BEHIND:
            return False
        self.in_seen.add(seq)
        self.in_seen = {n for n in self.in_seen
                        if (self.in_high - n) & 0xFFFFFFFF < SEQ_BEHIND}
        return True

    def console_id(self):
        return struct.unpack("<I", self.console_sid)[0]

    def next_out_seq(self):
        self.out_seq = (self.out_seq + 1) & 0xFFFFFFFF or 1
        return self.out_seq


# ------------------------------------------------------------------ wire ---

def aes_cbc(key, iv, data, encrypt):
    c = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(data) + op.finalize()


def encrypt_payload(k2, payload):
    """AES-CBC-128 confidentiality: IV, then the data padded 01 02 .. n, n."""
    n = -(len(payload) + 1) % 16
    plain = payload + bytes(range(1, n + 1)) + bytes([n])
    iv = os.urandom(16)
    return iv + aes_cbc(k2[:16], iv, plain, True)


def decrypt_payload(k2, data):
    """The plain payload, or None when the padding is wrong."""
    if len(data) < 32 or len(data) % 16:
        return None
    plain = aes_cbc(k2[:16], data[:16], data[16:], False)
    n = plain[-1]
    if n > 15 or plain[-1 - n:-1] != bytes(range(1, n + 1)):
        return None
    return plain[:-1 - n]


def rmcpp_packet(ptype, sid, seq, payload, session=None):
    """An RMCP+ datagram; with SESSION, encrypted and signed as its suite
    says (RAKP messages and sessionless answers go without)."""
    if session is not None and session.conf != CONF_NONE:
        payload = encrypt_payload(session.k2, payload)
        ptype |= 0x80
    if session is not None and session.integ != INTEG_NONE:
        ptype |= 0x40
    head = bytes([0x06, ptype]) + struct.pack("<IIH", sid, seq, len(payload))
    body = head + payload
    if ptype & 0x40:
        hashfn, n = INTEG_ALGS[session.integ]
        pad = (4 - (len(body) + 2) % 4) % 4
        body += b"\xff" * pad + bytes([pad, 0x07])
        body += hmac_of(session.k1, body, hashfn)[:n]
    return b"\x06\x00\xff\x07" + body


def v15_packet(msg):
    """An IPMI 1.5 datagram outside a session (authentication type none)."""
    return b"\x06\x00\xff\x07\x00" + bytes(8) + bytes([len(msg)]) + msg


def parse_ipmi_msg(msg):
    """A request message as a dict, or None when it is malformed."""
    if len(msg) < 7 or checksum(msg[:3]) != 0 or checksum(msg[3:]) != 0:
        return None
    return {"netfn": msg[1] >> 2, "rslun": msg[1] & 3, "rqaddr": msg[3],
            "rqseq": msg[4] >> 2, "rqlun": msg[4] & 3, "cmd": msg[5],
            "data": msg[6:-1]}


def ipmi_response(req, cc, data=b""):
    head = bytes([req["rqaddr"], ((req["netfn"] | 1) << 2) | req["rqlun"]])
    body = bytes([BMC_ADDR, (req["rqseq"] << 2) | req["rslun"],
                  req["cmd"], cc]) + data
    return head + bytes([checksum(head)]) + body + bytes([checksum(body)])


def parse_rmcpp(d):
    """(ptype, sid, seq, payload, trailer_start) of an RMCP+ datagram."""
    if len(d) < 16:
        return None
    ptype = d[5]
    if ptype & 0x3F == 0x02:           # OEM explicit payloads: not served
        return None
    sid, seq, plen = struct.unpack("<IIH", d[6:16])
    if len(d) < 16 + plen:
        return None
    return ptype, sid, seq, d[16:16 + plen], 16 + plen


def check_trailer(session, d, end):
    """The datagram's integrity trailer verifies with the session's K1."""
    hashfn, n = INTEG_ALGS[session.integ]
    if len(d) < end + 2 + n:
        return False
    signed, code = d[4:len(d) - n], d[len(d) - n:]
    pad = signed[-2]
    if signed[-1] != 0x07 or len(signed) % 4 or \
            len(signed) != end - 4 + pad + 2 or \
            signed[end - 4:end - 4 + pad] != b"\xff" * pad:
        return False
    return hmac.compare_digest(hmac_of(session.k1, signed, hashfn)[:n], code)


# ------------------------------------------------------------------- BMC ---

class Bmc:
    def __init__(self, a):
        self.a = a
        self.password = read_secret(a.password_file, "password")
        self.kg = read_secret(a.kg_file, "K_g") if a.kg_file else None
        self.user = a.user.encode()
        self.priv_limit = PRIV_NAMES[a.priv_limit]
        self.suites = parse_suites(a.suites)
        self.guid = uuid.uuid4().bytes
        self.events = []               # heap of (time, n, fn)
        self.n_events = 0
        self.sessions = {}             # BMC session id -> Session
        self.sock = None
        self.controls_seen = 0         # Chassis Controls taken (not refused)
        self.power = Power(a.power_file, a.power, a.cycle_off, self.schedule)
        self.stats = {
            "datagrams_received": 0, "datagrams_sent": 0, "pings": 0,
            "commands": {}, "chassis_control": dict.fromkeys(
                CONTROL_NAMES.values(), 0),
            "chassis_control_executed": dict.fromkeys(
                CONTROL_NAMES.values(), 0),
            "chassis_control_list": [], "chassis_control_unanswered": 0,
            "open_requests": 0, "open_refused": {}, "rakp1": 0,
            "rakp2_refused": {}, "rakp3_error_status": 0, "rakp4_refused": {},
            "sessions_opened": 0, "sessions_closed": 0, "sessions_expired": 0,
            "session_suites": [], "dropped": {}, "completion_codes": {},
            "power": None,
            "restart_cause": 0, "resets": 0, "cycles": 0,
            "diag_interrupts": 0, "internal_errors": 0, "send_errors": 0,
        }

    # ---- plumbing ----
    def schedule(self, delay, fn=None, datagram=None):
        """Run FN, or send DATAGRAM (data, addr), DELAY seconds from now."""
        self.n_events += 1
        heapq.heappush(self.events, (time.monotonic() + delay,
                                     self.n_events, fn, datagram))

    def send(self, data, addr):
        self.schedule(self.a.delay, datagram=(data, addr))

    def count(self, group, key):
        d = self.stats[group]
        d[key] = d.get(key, 0) + 1

    def drop(self, why):
        self.count("dropped", why)
        self.trace("drop: %s" % why)

    def trace(self, text):
        if self.a.trace:
            print("rmcpp_bmc: %s" % text, file=sys.stderr, flush=True)

    def write_stats(self):
        if not self.a.stats_file and not self.a.stats_flat:
            return
        s = self.stats
        s["power"] = "on" if self.power.is_on() else "off"
        s["restart_cause"] = self.power.restart_cause
        s.update(self.power.counts)
        if self.a.stats_file:
            write_file(self.a.stats_file, json.dumps(s, sort_keys=True))
        if self.a.stats_flat:
            write_file(self.a.stats_flat, "".join(
                "%s=%s\n" % kv for kv in flatten("", s)))

    # ---- datagrams ----
    def handle(self, d, addr):
        if len(d) < 5 or d[0] != 0x06 or d[2] != 0xFF:
            return self.drop("not_rmcp")
        if d[3] == 0x06:
            return self.asf(d, addr)
        if d[3] != 0x07:
            return self.drop("not_ipmi")
        if d[4] == 0x06:
            return self.rmcpp(d, addr)
        if d[4] != 0x00:
            return self.drop("ipmi15_session")
        self.ipmi15(d, addr)

    def asf(self, d, addr):
        """RMCP presence ping (ASF, IANA 4542) -> pong."""
        if len(d) < 12 or d[4:8] != b"\x00\x00\x11\xbe" or d[8] != 0x80:
            return self.drop("asf")
        self.stats["pings"] += 1
        pong = (b"\x06\x00\xff\x06\x00\x00\x11\xbe\x40" + bytes([d[9]]) +
                b"\x00\x10\x00\x00\x11\xbe\x00\x00\x00\x00\x81\x00" +
                bytes(6))
        self.send(pong, addr)

    def ipmi15(self, d, addr):
        """IPMI 1.5 framing, session-less: only pre-session commands."""
        if len(d) < 14 or len(d) < 14 + d[13] or d[5:13] != bytes(8):
            return self.drop("ipmi15_session")
        req = parse_ipmi_msg(d[14:14 + d[13]])
        if req is None:
            return self.drop("bad_message")
        rsp = self.sessionless(req)
        if rsp is not None:
            self.send(v15_packet(rsp), addr)

    def sessionless(self, req):
        """The answer message to a request outside a session, or None."""
        key = (req["netfn"], req["cmd"])
        if key == (NETFN_APP, 0x38):
            answer = self.auth_caps(req)
        elif key == (NETFN_APP, 0x54):
            answer = self.cipher_suites(req)
        else:
            return self.drop("sessionless_command")
        self.count("commands", COMMANDS[key][0])
        return ipmi_response(req, *answer)

    def rmcpp(self, d, addr):
        p = parse_rmcpp(d)
        if p is None:
            return self.drop("bad_rmcpp")
        ptype, sid, seq, payload, end = p
        kind = ptype & 0x3F
        if kind == PT_OPEN_RQ:
            return self.open_session(payload, addr)
        if kind == PT_RAKP1:
            return self.rakp1(payload, addr)
        if kind == PT_RAKP3:
            return self.rakp3(payload, addr)
        if kind != PT_IPMI:
            return self.drop("payload_type")
        if sid == 0:
            if ptype & 0xC0:
                return self.drop("sessionless_signed")
            req = parse_ipmi_msg(payload)
            if req is None:
                return self.drop("bad_message")
            rsp = self.sessionless(req)
            if rsp is not None:
                self.send(rmcpp_packet(PT_IPMI, 0, 0, rsp), addr)
            return None
        self.in_session(d, addr, ptype, sid, seq, payload, end)

    # ---- session set-up ----
    def choose_suite(self, auth, integ, conf):
        """(suite, status) for a proposal; suite None when refused."""
        if self.a.pick_suite is not None:
            return self.a.pick_suite, ST_OK
        offered = [SUITES[s] for s in self.suites]
        for s in self.suites:
            if SUITES[s] == (auth, integ, conf):
                return s, ST_OK
        if auth not in [o[0] for o in offered]:
            return None, ST_BAD_AUTH_ALG
        if integ not in [o[1] for o in offered if o[0] == auth]:
            return None, ST_BAD_INTEGRITY_ALG
        if conf not in [o[2] for o in offered]:
            return None, ST_BAD_CONF_ALG
        return None, ST_NO_SUITE_MATCH

    def open_session(self, p, addr):
        self.stats["open_requests"] += 1
        if len(p) < 32:
            return self.drop("short_open_request")
        tag, priv, console_sid = p[0], p[1] & 0x0F, p[4:8]
        status = ST_OK
        if p[8] != 0 or p[16] != 1 or p[24] != 2:
            status = ST_ILLEGAL_PARAMETER
        elif priv > PRIV_ADMIN:
            status = ST_BAD_ROLE
        elif self.a.no_slots or not self.free_slot():
            status = ST_NO_RESOURCES
        suite = None
        if status == ST_OK:
            suite, status = self.choose_suite(p[12], p[20], p[28])
        if status != ST_OK:
            self.count("open_refused", "0x%02x" % status)
            self.trace("open session refused: status 0x%02x" % status)
            rsp = bytes([tag, status, 0, 0]) + console_sid
            return self.send(rmcpp_packet(PT_OPEN_RS, 0, 0, rsp), addr)
        s = self.reuse_opened(addr, console_sid, suite)
        if s is None:
            bmc_sid = self.new_session_id()
            s = Session(bmc_sid, console_sid, suite, addr, priv or PRIV_ADMIN)
            self.sessions[bmc_sid] = s
        self.trace("open session: suite %d, session 0x%08x"
                   % (suite, s.bmc_sid))
        algs = SUITES[suite]
        rsp = bytes([tag, ST_OK, s.open_priv, 0]) + console_sid + \
            struct.pack("<I", s.bmc_sid)
        for i, alg in enumerate(algs):
            rsp += bytes([i, 0, 0, 8, alg, 0, 0, 0])
        self.send(rmcpp_packet(PT_OPEN_RS, 0, 0, rsp), addr)

    def reuse_opened(self, addr, console_sid, suite):
        """A retransmitted Open Session Request gets the same session."""
        for s in self.sessions.values():
            if s.state == "opened" and s.addr == addr and \
                    s.console_sid == console_sid and s.suite == suite and \
                    s.rakp1 is None:
                return s
        return None

    def free_slot(self):
        self.expire()
        return len(self.sessions) < MAX_SESSIONS

    def expire(self):
        now = time.monotonic()
        for sid, s in list(self.sessions.items()):
            limit = IDLE_TIMEOUT if s.state == "active" else SETUP_TIMEOUT
            if now - s.touched > limit:
                del self.sessions[sid]
                self.stats["sessions_expired"] += 1

    def new_session_id(self):
        while True:
            sid = struct.unpack("<I", os.urandom(4))[0]
            if sid != 0 and sid not in self.sessions:
                return sid

    def rakp_fail(self, s, tag, status, group, ptype):
        """Refuse in RAKP 2 or 4 (tag, status, console id) and forget S."""
        self.count(group, "0x%02x" % status)
        self.trace("%s: status 0x%02x" % (group, status))
        self.sessions.pop(s.bmc_sid, None)
        rsp = bytes([tag, status, 0, 0]) + s.console_sid
        self.send(rmcpp_packet(ptype, 0, 0, rsp), s.addr)

    def rakp1(self, p, addr):
        self.stats["rakp1"] += 1
        if len(p) < 28:
            return self.drop("short_rakp1")
        tag = p[0]
        s = self.sessions.get(struct.unpack("<I", p[4:8])[0])
        if s is None or s.state == "active" or s.addr != addr:
            rsp = bytes([tag, ST_BAD_SESSION_ID, 0, 0]) + bytes(4)
            self.count("rakp2_refused", "0x%02x" % ST_BAD_SESSION_ID)
            return self.send(rmcpp_packet(PT_RAKP2, 0, 0, rsp), addr)
        if s.rakp1 == p:                   # a retransmission: same answer
            return self.send(s.rakp2, addr)
        s.touched = time.monotonic()
        role, ulen = p[24], p[27]
        uname = p[28:28 + ulen]
        status = ST_OK
        if ulen > 16 or len(uname) != ulen:
            status = ST_BAD_NAME_LENGTH
        elif not PRIV_USER <= role & 0x0F <= PRIV_ADMIN:
            status = ST_BAD_ROLE
        elif uname != self.user or (
                not role & 0x10 and role & 0x0F > self.priv_limit):
            if self.a.silent_unknown_user and uname != self.user:
                self.count("rakp2_refused", "silent")
                return None
            status = ST_UNAUTHORIZED_NAME
        if status != ST_OK:
            return self.rakp_fail(s, tag, status, "rakp2_refused", PT_RAKP2)
        s.rm, s.role, s.uname = p[8:24], role, uname
        s.rc = os.urandom(16)
        s.kuid = self.password
        s.max_priv = min(role & 0x0F, self.priv_limit, s.open_priv)
        s.priv = min(PRIV_USER, s.max_priv)
        rsp = bytes([tag, ST_OK, 0, 0]) + s.console_sid + s.rc + self.guid
        if s.auth != AUTH_NONE:
            rsp += hmac_of(s.kuid, s.console_sid + struct.pack(
                "<I", s.bmc_sid) + s.rm + s.rc + self.guid + bytes(
                [role, ulen]) + uname, AUTH_ALGS[s.auth][0])
        s.state, s.rakp1 = "rakp2", p
        s.rakp2 = rmcpp_packet(PT_RAKP2, 0, 0, rsp)
        self.send(s.rakp2, addr)

    def rakp3(self, p, addr):
        if len(p) < 8:
            return self.drop("short_rakp3")
        tag = p[0]
        s = self.sessions.get(struct.unpack("<I", p[4:8])[0])
        if s is not None and s.state == "active" and s.rakp3 == p:
            return self.send(s.rakp4, addr)   # RAKP 4 was lost
        if s is None or s.state != "rakp2" or s.addr != addr:
            rsp = bytes([tag, ST_BAD_SESSION_ID, 0, 0]) + bytes(4)
            self.count("rakp4_refused", "0x%02x" % ST_BAD_SESSION_ID)
            return self.send(rmcpp_packet(PT_RAKP4, 0, 0, rsp), addr)
        if p[1] != ST_OK:                # the console refused our RAKP 2
            self.stats["rakp3_error_status"] += 1
            self.trace("rakp 3 carries status 0x%02x" % p[1])
            del self.sessions[s.bmc_sid]
            return None
        rsp = bytes([tag, ST_OK, 0, 0]) + s.console_sid
        if s.auth != AUTH_NONE:
            hashfn, icv_len = AUTH_ALGS[s.auth]
            want = hmac_of(s.kuid, s.rc + s.console_sid + bytes(
                [s.role, len(s.uname)]) + s.uname, hashfn)
            if not hmac.compare_digest(want, p[8:]):
                return self.rakp_fail(s, tag, ST_BAD_ICV, "rakp4_refused",
                                      PT_RAKP4)
            s.derive_keys(self.kg)
            rsp += hmac_of(s.sik, s.rm + struct.pack("<I", s.bmc_sid) +
                           self.guid, hashfn)[:icv_len]
        s.state, s.rakp3 = "active", p
        s.touched = time.monotonic()
        s.rakp4 = rmcpp_packet(PT_RAKP4, 0, 0, rsp)
        self.stats["sessions_opened"] += 1
        self.stats["session_suites"].append(s.suite)
        self.trace("session 0x%08x active, suite %d" % (s.bmc_sid, s.suite))
        self.send(s.rakp4, addr)

    # ---- inside a session ----
    def in_session(self, d, addr, ptype, sid, seq, payload, end):
        s = self.sessions.get(sid)
        if s is None or s.state != "active":
            return self.drop("no_session")
        if s.addr != addr:
            return self.drop("other_address")
        if s.integ != INTEG_NONE:
            if not ptype & 0x40:
                return self.drop("unsigned")
            if not check_trailer(s, d, end):
                return self.drop("integrity")
        elif len(d) != end:
            return self.drop("trailer")
        if s.conf != CONF_NONE:
            if not ptype & 0x80:
                return self.drop("unencrypted")
            payload = decrypt_payload(s.k2, payload)
            if payload is None:
                return self.drop("decrypt")
        elif ptype & 0x80:
            return self.drop("encrypted")
        if not s.accept_seq(seq):
            return self.drop("sequence")
        req = parse_ipmi_msg(payload)
        if req is None:
            return self.drop("bad_message")
        s.touched = time.monotonic()
        answer = self.command(s, req)
        if answer is not None and answer[0] != 0:
            self.count("completion_codes", "0x%02x" % answer[0])
        if answer is not None:
            self.send(rmcpp_packet(PT_IPMI, s.console_id(), s.next_out_seq(),
                                   ipmi_response(req, *answer), s), addr)
        if s.state == "closed":
            del self.sessions[s.bmc_sid]

    def command(self, s, req):
        """(cc, data) to answer, or None to stay silent."""
        key = (req["netfn"], req["cmd"])
        name, least = COMMANDS.get(key, ("0x%02x/0x%02x" % key, PRIV_USER))
        self.count("commands", name)
        if key == (NETFN_CHASSIS, 0x02):
            return self.chassis_control(s, req)
        if key not in COMMANDS:
            return 0xC1, b""
        if s.priv < least:
            return 0xD4, b""
        handler = getattr(self, "cmd_" + name)
        return handler(s, req)

    def cmd_get_channel_auth_caps(self, s, req):
        return self.auth_caps(req)

    def cmd_get_channel_cipher_suites(self, s, req):
        return self.cipher_suites(req)

    def cmd_get_device_id(self, s, req):
        return 0, bytes([0x20, 0x01, 0x01, 0x00, 0x02, 0x80,
                         0x00, 0x00, 0x00, 0x00, 0x00])

    def cmd_set_session_privilege(self, s, req):
        want = req["data"][0] & 0x0F if req["data"] else 0
        if want == 0:
            return 0, bytes([s.priv])
        if want > s.max_priv:
            return 0x81, b""
        if want < PRIV_USER:
            return 0x80, b""
        s.priv = want
        return 0, bytes([s.priv])

    def cmd_close_session(self, s, req):
        if len(req["data"]) < 4:
            return 0xC7, b""
        sid = struct.unpack("<I", req["data"][:4])[0]
        target = self.sessions.get(sid)
        if target is None or target.state != "active":
            return 0x87, b""
        if target is not s and s.priv < PRIV_ADMIN:
            return 0x88, b""
        target.state = "closed"
        self.stats["sessions_closed"] += 1
        if target is not s:
            del self.sessions[sid]
        return 0, b""

    def cmd_get_chassis_status(self, s, req):
        state = 0x01 if self.power.is_on() else 0x00
        if self.a.power_fault:
            state |= 0x18                  # power fault, control fault
        return 0, bytes([state, 0x00, 0x00])

    def cmd_get_system_restart_cause(self, s, req):
        return 0, bytes([self.power.restart_cause, LAN_CHANNEL])

    def chassis_control(self, s, req):
        if not req["data"]:
            return 0xC7, b""
        ctl = req["data"][0] & 0x0F
        name = CONTROL_NAMES.get(ctl, "0x%02x" % req["data"][0])
        self.count("chassis_control", name)
        self.stats["chassis_control_list"].append(name)
        if s.priv < PRIV_OPERATOR:
            return 0xD4, b""
        if self.a.cc_control is not None:
            return self.a.cc_control, b""
        self.controls_seen += 1
        cc = 0
        if not self.a.stuck:
            cc = self.power.control(ctl)
            if cc == 0:
                self.count("chassis_control_executed", name)
        if self.a.drop_control_answer and self.controls_seen == 1:
            self.stats["chassis_control_unanswered"] += 1
            self.trace("chassis control %s carried out, not answered" % name)
            return None
        return cc, b""

    # ---- answers served in and outside a session: (cc, data) ----
    def auth_caps(self, req):
        """Get Channel Authentication Capabilities: no IPMI 1.5
        authentication type, non-null user names, K_g status, IPMI 2.0."""
        ext = bool(req["data"][:1]) and req["data"][0] & 0x80
        status = 0x04 | (0x20 if self.kg else 0)
        return 0, bytes([LAN_CHANNEL, 0x80 if ext else 0x00, status,
                         0x02 if ext else 0x00, 0, 0, 0, 0])

    def cipher_suites(self, req):
        """Get Channel Cipher Suites: 16 bytes of the records of the offered
        suites per list index (fewer in the last answer)."""
        if len(req["data"]) < 3:
            return 0xC7, b""
        records = b"".join(bytes([0xC0, n, a, 0x40 | i, 0x80 | c])
                           for n in self.suites
                           for a, i, c in [SUITES[n]])
        start = (req["data"][2] & 0x3F) * 16
        if start > len(records):
            return 0xC9, b""
        return 0, bytes([LAN_CHANNEL]) + records[start:start + 16]

    # ---- main loop ----
    def bind(self):
        info = socket.getaddrinfo(self.a.addr, self.a.port, 0,
                                  socket.SOCK_DGRAM)[0]
        self.sock = socket.socket(info[0], socket.SOCK_DGRAM)
        self.sock.bind(info[4])
        tmp = self.a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % self.sock.getsockname()[1])
        os.replace(tmp, self.a.port_file)

    def run(self):
        self.bind()
        end = time.monotonic() + self.a.lifetime
        running = [True]
        signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
        self.write_stats()
        while running[0] and time.monotonic() < end:
            timeout = min(0.5, max(0.0, end - time.monotonic()))
            if self.events:
                timeout = max(0.0, min(timeout,
                                       self.events[0][0] - time.monotonic()))
            try:
                ready, _, _ = select.select([self.sock], [], [], timeout)
            except InterruptedError:
                continue
            if ready:
                self.receive()
            self.run_due()
        self.write_stats()

    def receive(self):
        try:
            d, addr = self.sock.recvfrom(65535)
        except OSError:
            return
        self.stats["datagrams_received"] += 1
        try:
            self.handle(d, addr)
        except Exception:              # a bug here: keep serving, say so
            self.stats["internal_errors"] += 1
            traceback.print_exc()
        self.run_due(force_stats=True)

    def run_due(self, force_stats=False):
        """Run the events that are due; the stats are written before any
        answer leaves, so a client that has its answer can read them."""
        now = time.monotonic()
        out = []
        ran = False
        while self.events and self.events[0][0] <= now:
            _, _, fn, datagram = heapq.heappop(self.events)
            if fn is not None:
                fn()
                ran = True
            else:
                out.append(datagram)
        self.stats["datagrams_sent"] += len(out)
        if out or ran or force_stats:
            self.write_stats()
        for data, addr in out:
            try:
                self.sock.sendto(data, addr)
            except OSError:
                self.stats["send_errors"] += 1


def write_file(path, text):
    """Replace PATH by TEXT at once (readers never see half a file)."""
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def flatten(prefix, v):
    """(key, value) pairs of a JSON-like value, nested keys joined by "."."""
    if isinstance(v, dict) and v:
        for k in sorted(v):
            yield from flatten(prefix + "." + k if prefix else k, v[k])
    elif isinstance(v, dict):
        yield prefix, "{}"
    elif isinstance(v, list):
        yield prefix, ",".join(map(str, v))
    else:
        yield prefix, v


def parse_suites(text):
    out = []
    for word in text.split(","):
        n = int(word)
        if n not in SUITES:
            raise SystemExit("rmcpp_bmc.py: cipher suite %d is not served "
                             "(served: %s)" % (n, sorted(SUITES)))
        if n not in out:
            out.append(n)
    return out


def completion_code(text):
    cc = int(text, 16)
    if not 0 < cc <= 0xFF:
        raise argparse.ArgumentTypeError("a completion code is 01..ff (hex)")
    return cc


def main():
    ap = argparse.ArgumentParser(description="RMCP+ test BMC (loopback)")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--power-file", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--kg-file", default=None)
    ap.add_argument("--suites", default="3,17")
    ap.add_argument("--priv-limit", default="admin",
                    choices=sorted(PRIV_NAMES))
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--power", default=None, choices=("on", "off"),
                    help="initial power (default: keep the file's, else on)")
    ap.add_argument("--cycle-off", type=float, default=2.0)
    ap.add_argument("--stats-file", default=None)
    ap.add_argument("--stats-flat", default=None)
    ap.add_argument("--lifetime", type=float, default=600.0)
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--stuck", action="store_true")
    ap.add_argument("--pick-suite", type=int, default=None,
                    choices=sorted(SUITES))
    ap.add_argument("--drop-control-answer", action="store_true")
    ap.add_argument("--no-slots", action="store_true")
    ap.add_argument("--cc-control", type=completion_code, default=None)
    ap.add_argument("--power-fault", action="store_true")
    ap.add_argument("--silent-unknown-user", action="store_true")
    a = ap.parse_args()
    if len(a.user.encode()) > 16:
        ap.error("--user: at most 16 bytes")
    Bmc(a).run()


if __name__ == "__main__":
    main()
