#!/usr/bin/env python3
"""Synthetic allocinfo samples built from one real /proc/allocinfo dump.

  mkcap.py DUMP TAGS SAMPLES OUT        a capture: SAMPLES samples, 1 s apart
  mkcap.py DUMP TAGS 1 OUT --plain      one sample as /proc/allocinfo prints it

TAGS callsites are the dump's, repeated under other file names (c1/..., c2/...)
when TAGS is larger than the dump.  A fixed quarter of them (every fourth)
changes in every sample, by a few objects of its own size up or down, as the
busy slabs of a real kernel do; the rest never change.  The values are a
deterministic function of the arguments.  OUT.top gets the function of the
tag with the most bytes in the first sample (the first row on the screen).
"""
import re
import sys

REC = re.compile(r"^\s*(-?\d+)\s+(\d+)\s+(\S.*)$")


def load(dump, ntags):
    base = []
    for line in open(dump):
        m = REC.match(line)
        if m:
            base.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    tags = []
    for j in range(ntags):
        b, c, rest = base[j % len(base)]
        copy = j // len(base)
        if copy:
            rest = "c%d/%s" % (copy, rest)
        tags.append([b, c, (rest + "\n").encode()])
    return tags


class Gen:
    def __init__(self, tags):
        self.tags = tags
        self.lines = [b"%12d %8d %s" % (b, c, r) for b, c, r in tags]
        self.seed = 12345
        self.i = 0

    def rand(self):
        self.seed = (self.seed * 1103515245 + 12345) & 0x7fffffff
        return self.seed >> 8

    def step(self):
        """Move to the next sample: every fourth tag changes."""
        self.i += 1
        for j in range(0, len(self.tags), 4):
            t = self.tags[j]
            size = 64 << (j % 7)
            k = self.rand() % 9 - 3
            if k >= 0:
                k += 1
            if t[0] + k * size < 0:
                k = -k
            t[0] += k * size
            t[1] = max(0, t[1] + k)
            self.lines[j] = b"%12d %8d %s" % (t[0], t[1], t[2])

    def body(self):
        return b"".join(self.lines)


HEADER = b"allocinfo - version: 1.0\n#     <size>  <calls> <tag info>\n"


def main():
    dump, ntags, nsamples, out = sys.argv[1:5]
    ntags, nsamples = int(ntags), int(nsamples)
    opts = sys.argv[5:]
    gen = Gen(load(dump, ntags))
    top = max(gen.tags, key=lambda t: t[0])[2].decode()
    m = re.search(r"func:(\S+)", top)
    with open(out + ".top", "w") as f:
        f.write(m.group(1) if m else "")
    with open(out, "wb") as f:
        if "--plain" in opts:
            f.write(HEADER + gen.body())
            return
        for i in range(nsamples):
            if i:
                gen.step()
            f.write(b"@sample %.3f tags=%d\n" % (1700000000 + i, ntags))
            f.write(gen.body())


if __name__ == "__main__":
    main()
