#!/usr/bin/env bash
# tests/man_params.sh - the manual page doc/ipmilan.7 against the plugin.
#
# Loads the built plugin through the LD_PRELOAD shim (run_stonith -t ipmilan
# -m) and checks that the PARAMETERS section of the manual page describes
# exactly the parameters of the metadata, in the same order, with the same
# aliases, defaults and required flags, so that the two cannot drift apart.
# Also checks that the page renders without a warning (groff -ww, and
# man --warnings when man-db is installed).
#
# Conventions of the page that this test relies on (see the comment at the
# top of doc/ipmilan.7): each parameter is a top-level ".TP" entry whose tag
# line is ".B name" or ".BR name ..." with aliases written "(alias x)" or
# "(aliases x, y)"; the entry states "Default: \fBvalue\fR.", "Default: none."
# or "Required." on a line of its own.
. "$(dirname "$0")/lib.sh"

# No simulated BMC is used here: only the stonith CLI is needed.
IPL_IPMI_SIM=${IPL_IPMI_SIM:-unused}
IPL_IPMITOOL=${IPL_IPMITOOL:-unused}
ipl_init

PAGE=$IPL_TESTS_SRCDIR/../doc/ipmilan.7
[ -f "$PAGE" ] || ipl_hard_error "$PAGE not found"
command -v python3 >/dev/null 2>&1 || ipl_skip "python3 is not installed"
command -v groff >/dev/null 2>&1 || ipl_skip "groff is not installed"

# --- the page renders without warnings -------------------------------------
ipl_man_renders "$PAGE"

# --- the metadata of the built plugin ---------------------------------------
run_stonith -t ipmilan -m
expect_rc 0 "-m"
cp "$ST_OUT" "$IPL_TMP/meta.xml"

# --- compare ---------------------------------------------------------------
# One line per finding: "ok: ..." or "FAIL: ...".
python3 - "$IPL_TMP/meta.xml" "$PAGE" >"$IPL_TMP/compare.out" 2>&1 <<'PY'
import re
import sys
import xml.etree.ElementTree as ET

meta_file, page_file = sys.argv[1], sys.argv[2]

# The metadata: name -> (default or None, required, aliases), in order.
root = ET.parse(meta_file).getroot()
meta = []
for p in root.iter("parameter"):
    content = p.find("content")
    default = content.get("default") if content is not None else None
    longdesc = p.findtext("longdesc") or ""
    m = re.search(r"Also accepted as ([^.]*)\.", longdesc)
    aliases = sorted(re.split(r",\s*|\s+or\s+", m.group(1))) if m else []
    meta.append((p.get("name"), default, p.get("required") == "1", aliases))

def plain(s):
    """A roff line without font escapes, quotes and escaped hyphens."""
    s = re.sub(r"\\f[BIRP]", "", s)
    s = s.replace("\\-", "-").replace("\\&", "").replace('"', "")
    return s

# The page's PARAMETERS section: top-level .TP entries (.RS/.RE nest).
lines = open(page_file, encoding="utf-8").read().split("\n")
try:
    start = lines.index(".SH PARAMETERS")
except ValueError:
    print("FAIL: the page has no .SH PARAMETERS")
    sys.exit(0)
entries = []            # [name, aliases, [body lines]]
depth = 0
i = start + 1
while i < len(lines) and not lines[i].startswith(".SH "):
    line = lines[i]
    if line.startswith(".RS"):
        depth += 1
    elif line.startswith(".RE"):
        depth -= 1
    elif line == ".TP" and depth == 0:
        tag = lines[i + 1]
        m = re.match(r"\.BR? (\S+)(.*)$", tag)
        if not m:
            print("FAIL: entry tag %r is not .B/.BR name" % tag)
        else:
            rest = plain(m.group(2))
            am = re.search(r"\(alias(?:es)? ([^)]*)\)", rest.replace(" )", ")"))
            aliases = sorted(a.strip() for a in re.split(r",\s*", am.group(1))) \
                if am else []
            entries.append([plain(m.group(1)), aliases, []])
        i += 2
        continue
    if entries and depth == 0:
        entries[-1][2].append(line)
    i += 1

meta_names = [m[0] for m in meta]
page_names = [e[0] for e in entries]
for n in meta_names:
    if n not in page_names:
        print("FAIL: parameter %s (metadata) is not in the page's PARAMETERS" % n)
for n in page_names:
    if n not in meta_names:
        print("FAIL: parameter %s (page) is not in the metadata" % n)
if meta_names == page_names:
    print("ok: the page describes the %d parameters of the metadata, in order"
          % len(meta_names))
elif sorted(meta_names) == sorted(page_names):
    print("FAIL: the page's order %s differs from the metadata's %s"
          % (page_names, meta_names))

page = {e[0]: e for e in entries}
for name, default, required, aliases in meta:
    if name not in page:
        continue
    _, page_aliases, body = page[name]
    if page_aliases == aliases:
        print("ok: %s: aliases %s" % (name, aliases or "none"))
    else:
        print("FAIL: %s: the page gives aliases %s, the metadata %s"
              % (name, page_aliases, aliases))
    defaults = [re.match(r"Default: (.*)\.$", l).group(1)
                for l in body if re.match(r"Default: .*\.$", l)]
    says_required = "Required." in body
    if default is not None:
        want = "\\fB%s\\fR" % default
        if defaults == [want]:
            print("ok: %s: default %s" % (name, default))
        else:
            print("FAIL: %s: the metadata's default is %s, the page says %s"
                  % (name, default, defaults or "nothing"))
    elif required:
        if says_required and not defaults:
            print("ok: %s: required" % name)
        else:
            print("FAIL: %s: required in the metadata, the page says %s"
                  % (name, defaults or "nothing"))
    else:
        if defaults == ["none"]:
            print("ok: %s: no default" % name)
        else:
            print("FAIL: %s: no default in the metadata, the page says %s"
                  % (name, defaults or "nothing"))
    if says_required != required:
        print("FAIL: %s: required=%d in the metadata, the page %s"
              % (name, required, "says Required" if says_required
                 else "does not say Required"))
PY
rc=$?
[ "$rc" -eq 0 ] || ipl_hard_error "the comparison script failed: $(cat "$IPL_TMP/compare.out")"
while IFS= read -r line; do
	case $line in
	"ok: "*) ok "${line#ok: }" ;;
	"FAIL: "*) fail "${line#FAIL: }" ;;
	*) fail "unexpected output: $line" ;;
	esac
done <"$IPL_TMP/compare.out"

ipl_finish
