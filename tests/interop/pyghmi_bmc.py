#!/usr/bin/env python3
"""tests/interop/pyghmi_bmc.py - pyghmi's own BMC (pyghmi.ipmi.bmc.Bmc, the
class VirtualBMC runs) on a loopback port, with a power state kept in a
file, for the interoperability tests (tests/interop_pyghmi.sh).

    pyghmi_bmc.py --port-file F --power-file P --user NAME
                  --password-file W [--addr 127.0.0.1] [--cycle-off S]
                  [--stats-file J] [--lifetime S]

The protocol is pyghmi's (RMCP+ cipher suite 3 only, no IPMI 1.5); this
file adds only what a server's power does: "on" or "off" in --power-file
(read at every use), a power cycle that turns it off at once and on after
--cycle-off seconds (default 1), a hard reset that leaves it on, and D5h
(not while off) for a cycle or reset of a node that is off.  The stats file
(JSON, rewritten after every chassis request) counts them: power_state
(Get Chassis Status), off, on, cycle, reset, diag, soft, refused (D5h).
The password file's first line is the password; it is never printed.
Ends after --lifetime seconds or on SIGTERM.  Exit 3: no python3-pyghmi.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time

try:
    import pyghmi.ipmi.bmc as bmc
    import pyghmi.ipmi.private.session as ipmisession
except ImportError:
    sys.stderr.write("pyghmi_bmc.py: python3-pyghmi is not installed\n")
    sys.exit(3)

CC_NOT_NOW = 0xD5  # "cannot execute in this state" (the node is off)


class FileBmc(bmc.Bmc):
    """pyghmi's BMC whose chassis is a power file."""

    def __init__(self, a, authdata):
        super().__init__(authdata, port=a.port, address=a.addr)
        # pyghmi files its sessions under self.port: the bound one, also
        # when the system chose it (--port 0).
        self.port = self.serversocket.getsockname()[1]
        self.a = a
        self.lock = threading.Lock()
        self.stats = {k: 0 for k in ("power_state", "off", "on", "cycle",
                                     "reset", "diag", "soft", "refused")}
        self.write_stats()

    def write_stats(self):
        if not self.a.stats_file:
            return
        tmp = self.a.stats_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.stats, f)
        os.replace(tmp, self.a.stats_file)

    def count(self, key):
        self.stats[key] += 1
        self.write_stats()

    def read(self):
        try:
            with open(self.a.power_file) as f:
                return f.read().strip() == "on"
        except OSError:
            return True

    def write(self, on):
        tmp = self.a.power_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("on\n" if on else "off\n")
        os.replace(tmp, self.a.power_file)

    def get_power_state(self):
        self.count("power_state")
        return "on" if self.read() else "off"

    def power_off(self):
        self.count("off")
        self.write(False)

    def power_on(self):
        self.count("on")
        self.write(True)

    def power_shutdown(self):
        self.count("soft")
        self.write(False)

    def when_on(self, key):
        """Count key; D5h when the node is off (nothing is done then)."""
        self.count(key)
        if not self.read():
            self.count("refused")
            return CC_NOT_NOW
        return None

    def power_cycle(self):
        cc = self.when_on("cycle")
        if cc is None:
            self.write(False)
            threading.Timer(self.a.cycle_off, self.write, (True,)).start()
        return cc

    def power_reset(self):
        return self.when_on("reset")

    def pulse_diag(self):
        return self.when_on("diag")


def main():
    ap = argparse.ArgumentParser(description="pyghmi BMC (loopback)")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--power-file", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cycle-off", type=float, default=1.0)
    ap.add_argument("--stats-file", default=None)
    ap.add_argument("--lifetime", type=float, default=300.0)
    a = ap.parse_args()
    if not (a.addr.startswith("127.") or a.addr == "::1"):
        sys.exit("pyghmi_bmc.py: loopback only")
    with open(a.password_file) as f:
        password = f.readline().rstrip("\n")
    if not os.path.exists(a.power_file):
        with open(a.power_file, "w") as f:
            f.write("on\n")
    server = FileBmc(a, {a.user: password})
    port = server.port
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.replace(a.port_file + ".tmp", a.port_file)
    end = time.monotonic() + a.lifetime
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while time.monotonic() < end:
        ipmisession.Session.wait_for_rsp(timeout=0.5)


if __name__ == "__main__":
    main()
