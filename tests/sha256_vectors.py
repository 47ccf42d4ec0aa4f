#!/usr/bin/env python3
"""Expected RMCP+ cipher suite 17 values for tests/check_rmcpp_sha256.c.

Reads "name=hex" lines (the inputs) from the file named on the command
line and prints "name=hex" lines computed here with hashlib/hmac straight
from the IPMI 2.0 formulas, independently of the C code under test.

Inputs: sidm sidc (4 bytes, as numbers: big-endian hex), rm rc guid (16),
role (1), uname, password, kg (optional: absent means no K_g), tag (1),
hkey hdata (a plain HMAC-SHA256 check), and body0..bodyN (RMCP+ packets
without the 4-byte RMCP header, up to and including the payload).
"""
import hashlib
import hmac
import sys


def mac(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def le32(number):
    """A 4-byte big-endian number as the wire's little-endian bytes."""
    return int.from_bytes(number, "big").to_bytes(4, "little")


def pad20(secret):
    if len(secret) > 20:
        raise SystemExit("secret longer than 20 bytes")
    return secret + bytes(20 - len(secret))


def rakp(v):
    """Every RAKP value for the inputs v (dict of bytes)."""
    sidm, sidc = le32(v["sidm"]), le32(v["sidc"])
    rm, rc, guid, role = v["rm"], v["rc"], v["guid"], v["role"]
    uname = v["uname"]
    name = role + bytes([len(uname)]) + uname
    kuid = pad20(v["password"])
    kg = pad20(v["kg"]) if "kg" in v else kuid
    tag = v["tag"]
    out = {}
    out["rakp1"] = (tag + bytes(3) + sidc + rm + role + bytes(2)
                    + bytes([len(uname)]) + uname)
    out["rakp2_code"] = mac(kuid, sidm + sidc + rm + rc + guid + name)
    out["rakp2_msg"] = tag + bytes(3) + sidm + rc + guid + out["rakp2_code"]
    out["rakp3_code"] = mac(kuid, rc + sidm + name)
    out["rakp3_msg"] = tag + bytes(3) + sidc + out["rakp3_code"]
    sik = mac(kg, rm + rc + name)
    out["sik"] = sik
    out["k1"] = mac(sik, b"\x01" * 20)
    out["k2"] = mac(sik, b"\x02" * 20)
    out["rakp4_icv"] = mac(sik, rm + sidc + guid)[:16]
    out["rakp4_msg"] = tag + bytes(3) + sidm + out["rakp4_icv"]
    return out


def protect(k1, body):
    """RMCP header + body + FFh pad + pad length + 07h + AuthCode."""
    pad = (-(len(body) + 2)) % 4
    covered = body + b"\xff" * pad + bytes([pad, 0x07])
    return b"\x06\x00\xff\x07" + covered + mac(k1, covered)[:16]


def main():
    v = {}
    with open(sys.argv[1], encoding="ascii") as f:
        for line in f:
            line = line.strip()
            if line:
                name, _, value = line.partition("=")
                v[name] = bytes.fromhex(value)
    out = rakp(v)
    out["hmac"] = mac(v["hkey"], v["hdata"])
    i = 0
    while "body%d" % i in v:
        out["packet%d" % i] = protect(out["k1"], v["body%d" % i])
        i += 1
    for name, value in out.items():
        print("%s=%s" % (name, value.hex()))


if __name__ == "__main__":
    main()
