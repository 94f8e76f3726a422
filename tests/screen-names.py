#!/usr/bin/env python3
"""Check the names on a captured screen against a capture's names.

Usage: screen-names.py CAPTURE [MIN_CUTS] < screen

Every MODULE and FUNCTION cell of the table must be a whole name of the
capture, or a name's head ending in the cut mark; every FILE:LINE cell a
whole "file:line", or its tail after the mark.  At least MIN_CUTS cells
(default 0) must be cut, so that the check cannot pass on an empty table.
"""
import re
import sys

MARK = "\u2026"
cap, min_cuts = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
funcs, mods, places = set(), set(), set()
rec = re.compile(r"\s*-?\d+\s+\d+\s+(\S+):(\d+)\s+(?:\[(\S+)\]\s+)?func:(\S+)")
for line in open(cap, errors="replace"):
    m = rec.match(line)
    if m:
        places.add(m.group(1) + ":" + m.group(2))
        mods.add(m.group(3) or "")
        funcs.add(m.group(4))

lines = sys.stdin.read().split("\n")
head = next((i for i, l in enumerate(lines) if "FUNCTION" in l and "FILE:LINE" in l), None)
if head is None:
    sys.exit("screen-names: no table heading on the screen")
h = lines[head]
fn, fl = h.index("FUNCTION"), h.index("FILE:LINE")
md = h.index("MODULE") if "MODULE" in h else None
bad, cuts, rows = [], 0, 0


def ok_head(cell, names):
    global cuts
    if cell in names:
        return True
    if cell.endswith(MARK) and any(n.startswith(cell[:-1]) for n in names):
        cuts += 1
        return True
    return False


for row in lines[head + 1:]:
    if row.startswith("F1Help") or not row.strip():
        continue
    rows += 1
    func = row[fn:fl].strip()
    place = row[fl:].strip()
    mod = row[md:fn].strip() if md is not None else ""
    if not ok_head(func, funcs):
        bad.append("function %r" % func)
    if mod and not ok_head(mod, mods):
        bad.append("module %r" % mod)
    if place not in places:
        if place.startswith(MARK) and any(p.endswith(place[1:]) for p in places):
            cuts += 1
        else:
            bad.append("file:line %r" % place)
if not rows:
    sys.exit("screen-names: no rows on the screen")
if bad:
    sys.exit("screen-names: cut without a mark, or unknown: " + ", ".join(bad))
if cuts < min_cuts:
    sys.exit("screen-names: %d cut names, expected at least %d" % (cuts, min_cuts))
print("screen-names: %d rows, %d cut names, each marked" % (rows, cuts))
