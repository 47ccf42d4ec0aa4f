#!/usr/bin/env bash
# tests/agent_man.sh - the manual page doc/fence_ipmi_native.8 against the
# built agent's metadata (fence_ipmi_native -o metadata): the PARAMETERS
# section describes exactly the metadata's parameters (those not marked
# deprecated), in the same order, each with the option of its getopt, its
# older spelling as "(alias x)" (the metadata's obsoletes), its default and
# its required flag; the ACTIONS section names the metadata's actions; and
# the page renders without a warning (groff -ww, man --warnings).
. "$(dirname "$0")/lib.sh"
IPL_IPMI_SIM=${IPL_IPMI_SIM:-unused}
IPL_IPMITOOL=${IPL_IPMITOOL:-unused}
IPL_STONITH=${IPL_STONITH:-unused}
ipl_init --no-plugin
. "$IPL_TESTS_SRCDIR/agent_lib.sh"
agent_find

PAGE=$IPL_TESTS_SRCDIR/../doc/fence_ipmi_native.8
[ -f "$PAGE" ] || ipl_hard_error "$PAGE not found"
command -v python3 >/dev/null 2>&1 || ipl_skip "python3 is not installed"
command -v groff >/dev/null 2>&1 || ipl_skip "groff is not installed"

ipl_man_renders "$PAGE" -t

run_agent -o metadata
expect_agent_rc 0 "-o metadata"
cp "$AG_OUT" "$IPL_TMP/meta.xml"

python3 - "$IPL_TMP/meta.xml" "$PAGE" >"$IPL_TMP/compare.out" 2>&1 <<'PY'
import re
import sys
import xml.etree.ElementTree as ET

meta_file, page_file = sys.argv[1], sys.argv[2]
root = ET.parse(meta_file).getroot()
meta = []
for p in root.iter("parameter"):
    if p.get("deprecated") == "1":
        continue
    opt = re.sub(r"=\[.*\]$", "", p.find("getopt").get("mixed"))
    meta.append((p.get("name"), opt, p.find("content").get("default"),
                 p.get("required") == "1", p.get("obsoletes")))
actions = [a.get("name") for a in root.iter("action")]

def plain(s):
    s = re.sub(r"\\f[BIRP]", "", s)
    return s.replace("\\-", "-").replace("\\&", "").replace('"', "")

lines = open(page_file, encoding="utf-8").read().split("\n")

def section(name):
    """The top-level .TP entries of a section: [(tag, rest, body)]."""
    try:
        i = lines.index(".SH " + name) + 1
    except ValueError:
        print("FAIL: the page has no .SH %s" % name)
        return []
    out, depth = [], 0
    while i < len(lines) and not lines[i].startswith(".SH "):
        l = lines[i]
        depth += l.startswith(".RS") - l.startswith(".RE")
        if l == ".TP" and depth == 0:
            m = re.match(r"\.BR? (\S+)(.*)$", lines[i + 1])
            if not m:
                print("FAIL: entry tag %r is not .B/.BR name" % lines[i + 1])
            else:
                out.append((plain(m.group(1)), plain(m.group(2)), []))
            i += 2
            continue
        if out and depth == 0:
            out[-1][2].append(l)
        i += 1
    return out

entries = section("PARAMETERS")
names = [e[0] for e in entries]
want = [m[0] for m in meta]
if names == want:
    print("ok: the page describes the %d parameters of the metadata, in order" % len(want))
else:
    print("FAIL: the page's parameters %s differ from the metadata's %s" % (names, want))
page = {e[0]: e for e in entries}
for name, opt, default, required, alias in meta:
    if name not in page:
        continue
    _, rest, body = page[name]
    if opt in rest:
        print("ok: %s: option %s" % (name, opt))
    else:
        print("FAIL: %s: the tag [%s] lacks the option %s" % (name, rest.strip(), opt))
    am = re.search(r"\(alias ([^)]*)\)", rest.replace(" )", ")"))
    got = am.group(1).strip() if am else None
    if got == alias:
        print("ok: %s: alias %s" % (name, alias or "none"))
    else:
        print("FAIL: %s: the page gives alias %s, the metadata %s" % (name, got, alias))
    defaults = [re.match(r"Default: (.*)\.$", l).group(1)
                for l in body if re.match(r"Default: .*\.$", l)]
    says_required = "Required." in body
    if required:
        ok = says_required and not defaults
    elif default is not None:
        ok = defaults == ["\\fB%s\\fR" % default] and not says_required
    else:
        ok = defaults == ["none"] and not says_required
    print("%s: %s: default %s, required %d; the page: %s%s" % (
        "ok" if ok else "FAIL", name, default, required, defaults,
        " Required." if says_required else ""))

acts = [e[0] for e in section("ACTIONS")]
if acts == actions:
    print("ok: the page's ACTIONS are the metadata's: %s" % " ".join(actions))
else:
    print("FAIL: the page's ACTIONS %s, the metadata's %s" % (acts, actions))
PY
rc=$?
[ "$rc" -eq 0 ] || ipl_hard_error "the comparison failed: $(cat "$IPL_TMP/compare.out")"
while IFS= read -r line; do
	case $line in
	"ok: "*) ok "${line#ok: }" ;;
	"FAIL: "*) fail "${line#FAIL: }" ;;
	*) fail "unexpected output: $line" ;;
	esac
done <"$IPL_TMP/compare.out"

ipl_finish
