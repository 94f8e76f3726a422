#!/usr/bin/env python3
"""Write the captures tests/e2e.sh replays, from the real dumps.

e2e-tiny.cap: five samples of the tinyconfig dump with bytes and calls
changed, a module loaded (with names longer than 63 bytes and an
accurate:no tag), unloaded and loaded again, a tag going below zero, and
one sample with only a time on its separator, as a shell loop writes it.

e2e-defconfig.cap: two samples of the defconfig dump in which every line
changes by its own amount, so the 14 duplicate keys must keep their own
deltas.

Usage: mkcap-e2e.py [DIR]   (default: the directory of this script)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else HERE
T0 = 1796371200.0
LONGMOD = "an_out_of_tree_module_with_a_name_much_longer_than_sixty_three_bytes"
LONGFILE = ("/home/builder/src/out-of-tree/" + LONGMOD + "/src/alloc.c")
MODULE = [
    # bytes, calls, file, line, module, function, accurate
    (20480, 5, "samples/allocmod/allocmod.c", 31, "allocmod",
     "allocmod_alloc_chunk", True),
    (8192, 1, "samples/allocmod/allocmod.c", 26, "allocmod",
     "allocmod_init_buf", True),
    (4096, 1, LONGFILE, 77, LONGMOD, "alloc_a_rather_long_named_buffer", True),
    (640, 10, "samples/allocmod/allocmod.c", 40, "allocmod",
     "allocmod_racy", False),
]


def load(name):
    recs = []
    for line in open(os.path.join(HERE, name)):
        m = re.match(r"\s*(-?\d+)\s+(\d+)\s+(.*?)\s*$", line)
        if m:
            recs.append([int(m.group(1)), int(m.group(2)), m.group(3)])
    return recs


def line(b, c, rest):
    return "%12d %8d %s \n" % (b, c, rest)


def modline(b, c, f, ln, mod, func, acc):
    return line(b, c, "%s:%d [%s] func:%s%s" %
                (f, ln, mod, func, "" if acc else " accurate:no"))


def tiny():
    base = load("allocinfo-6.12-tinyconfig.txt")
    plan = [
        # time offset, content id (None: shell-loop separator), module
        # loaded, module growth
        (0.0, 1, False, 0),
        (2.0, 2, True, 0),
        (4.5, None, True, 4096),
        (5.0, 3, False, 0),
        (7.25, 4, True, 0),
    ]
    out = []
    for k, (dt, cid, mod, grow) in enumerate(plan):
        recs = []
        for i, (b, c, rest) in enumerate(base):
            if k and i % 7 == 0:
                b += ((i * 37 + k * 101) % 5000) - 1000 * k
                c += k * (i % 3)
            if k and i % 11 == 0:
                b -= 512 * k
                c = max(0, c - k)
            recs.append(line(b, c, rest))
        if mod:
            for (b, c, f, ln, m, func, acc) in MODULE:
                recs.append(modline(b + grow * (c % 3), c, f, ln, m, func,
                                    acc))
        version = "2.0" if mod else "1.0"
        head = ["allocinfo - version: %s\n" % version,
                "#     <size>  <calls> <tag info>\n"]
        if cid is None:
            out.append("@sample %.6f\n" % (T0 + dt))
        else:
            out.append("@sample %.6f content_id=%d source=ioctl tags=%d\n" %
                       (T0 + dt, cid, len(recs)))
        out += head + recs
    with open(os.path.join(OUT, "e2e-tiny.cap"), "w") as f:
        f.write("".join(out))


def defconfig():
    base = load("allocinfo-6.12-defconfig.txt")
    out = []
    for k in range(2):
        out.append("@sample %.6f content_id=9 source=text tags=%d\n" %
                   (T0 + 3 * k, len(base)))
        for i, (b, c, rest) in enumerate(base):
            if k:
                b += (i + 1) * (-1 if i % 2 else 1)
                c += i % 4
            out.append(line(b, c, rest))
    with open(os.path.join(OUT, "e2e-defconfig.cap"), "w") as f:
        f.write("".join(out))


tiny()
defconfig()
