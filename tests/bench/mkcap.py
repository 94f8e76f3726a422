#!/usr/bin/env python3
"""Write a capture of N samples built from one real /proc/allocinfo dump.

Every tenth tag grows by a page per sample, every seventh shrinks, so the
model and the sort have real work to do.  Usage: mkcap.py DUMP N OUT
"""
import re
import sys

dump, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
recs = []
for line in open(dump):
    m = re.match(r"\s*(-?\d+)\s+(\d+)\s+(.*?)\s*$", line)
    if m:
        recs.append((int(m.group(1)), int(m.group(2)), m.group(3)))
with open(out, "w") as f:
    for i in range(n):
        f.write("@sample %.3f tags=%d\n" % (1000 + 2 * i, len(recs)))
        for j, (b, c, rest) in enumerate(recs):
            if j % 10 == 0:
                b, c = b + 4096 * i, c + i
            elif j % 7 == 0:
                b = max(0, b - 64 * i)
            f.write("%12d %8d %s \n" % (b, c, rest))
