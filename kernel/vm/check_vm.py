#!/usr/bin/env python3
"""Judge the output of kernel/vm/guest-check.sh (run in the VM).

usage: check_vm.py OUTPUT_FILE VM_STATUS [--m32] [--strict]
       check_vm.py --show NAME OUTPUT_FILE

Prints one line per check, a line "TIME ..." saying how long each step took
in the guest, and a last line "N passed, N failed, N skipped"; exits 1 when
anything failed.  With --strict (the kernel carries the series), a check
that skips fails: it says why, but it should have run.  --show prints the
output of one step (the JSON steps come packed in the file) and its status.
"""
import base64
import collections
import json
import re
import sys
import zlib


class Report:
    def __init__(self, strict=False):
        self.passed = self.failed = self.skipped = 0
        self.strict = strict

    def ok(self, name, why=""):
        self.passed += 1
        print(f"PASS {name}{': ' + why if why else ''}")

    def fail(self, name, why=""):
        self.failed += 1
        print(f"FAIL {name}{': ' + why if why else ''}")

    def skip(self, name, why=""):
        if self.strict:
            self.fail(name, f"skipped, but the kernel has the series: {why}")
            return
        self.skipped += 1
        print(f"SKIP {name}{': ' + why if why else ''}")

    def check(self, cond, name, why=""):
        (self.ok if cond else self.fail)(name, why)


def parse(path):
    """Results, framed command outputs (name -> (lines, rc)), variables and
    step times (name -> seconds)."""
    results, blocks, var, times = [], {}, {}, {}
    cur, lines, packed = None, [], False
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^@@END (\S+) rc=(\d+)$", line)
            if cur and m and m.group(1) == cur:
                blocks[cur] = (unpack(lines) if packed else lines,
                               int(m.group(2)))
                cur, lines = None, []
                continue
            if cur:
                lines.append(line)
                continue
            m = re.match(r"^@@BEGIN(64)? (\S+)$", line)
            if m:
                cur, lines, packed = m.group(2), [], bool(m.group(1))
                continue
            m = re.match(r"^@@RESULT (ok|fail|skip) (\S+) ?(.*)$", line)
            if m:
                results.append(m.groups())
                continue
            m = re.match(r"^@@VAR (\S+) ?(.*)$", line)
            if m:
                var[m.group(1)] = m.group(2)
                continue
            m = re.match(r"^@@TIME (\S+) ([0-9.]+) ([0-9.]+)$", line)
            if m:
                times[m.group(1)] = float(m.group(3)) - float(m.group(2))
    if cur:
        blocks[cur] = (unpack(lines) if packed else lines, None)
    return results, blocks, var, times


def unpack(lines):
    """The lines of a block the guest packed (@@BEGIN64: gzip | base64); a
    block cut short or damaged gives what could be read of it."""
    text = "".join(lines)
    try:
        data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(
            base64.b64decode(text[:len(text) - len(text) % 4]))
    except (ValueError, zlib.error) as e:
        return [f"(packed output unreadable: {e})"]
    return data.decode(errors="replace").splitlines()


def print_times(times):
    """Where the guest's time went: the steps, the filter runs summed (a
    timeout names its culprit)."""
    if not times:
        return
    runs = {k: v for k, v in times.items() if k.startswith("filter_")}
    parts = [f"{k} {v:.1f} s" for k, v in times.items()
             if not k.startswith("filter_")]
    if runs:
        slow = max(runs, key=runs.get)
        parts.append(f"{len(runs)} filter runs {sum(runs.values()):.1f} s "
                     f"(slowest {slow} {runs[slow]:.1f} s)")
    print("TIME " + ", ".join(parts))


def samples(lines):
    out = []
    for line in lines:
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def selftest(rep, blocks, name):
    """Every TAP test point of the selftest is one check."""
    if name not in blocks:
        rep.fail(name, "did not run (or its output is cut)")
        return "missing"
    lines, rc = blocks[name]
    if rc == 4:
        why = next((l for l in lines if "SKIP" in l), "skipped")
        rep.skip(name, why.strip())
        return "skip"
    seen = 0
    for line in lines:
        m = re.match(r"^(not ok|ok) (\d+) (?:- )?(.*)$", line)
        if not m:
            continue
        seen += 1
        text = f"{name} #{m.group(2)} {m.group(3)}"
        if m.group(1) == "ok" and "# SKIP" in m.group(3):
            rep.skip(text)
        else:
            rep.check(m.group(1) == "ok", text)
    plan = next((int(l[3:]) for l in lines if re.match(r"^1\.\.\d+$", l)), None)
    if plan is not None and seen != plan:
        rep.fail(f"{name} plan", f"{seen} test points of {plan}")
    rep.check(rc == 0, f"{name} exit status", f"{rc}")
    return "ran"


def tail(name):
    """The 63-byte suffix rule: what the ioctl carries of a longer name."""
    return name[-63:] if isinstance(name, str) else name


def key(row):
    """A tag's identity, names as the ioctl gives them (the text source has
    the full names)."""
    return (tail(row.get("module")), tail(row.get("function")),
            tail(row.get("file")), row.get("line"))


def check_grow(rep, blocks, var):
    if "top_grow" not in blocks:
        rep.fail("top_grow", "did not run")
        return
    lines, rc = blocks["top_grow"]
    s = samples(lines)
    if rc != 0 or len(s) != 5:
        rep.fail("top_grow", f"exit {rc}, {len(s)} samples of 5: {lines[-3:]}")
        return
    missing = [k for k in ("time", "source", "content_id", "tags", "shown", "bytes",
                           "calls", "dbytes", "rows") if k not in s[0]]
    rowkeys = ("module", "function", "file", "line", "bytes", "calls", "dbytes",
               "dcalls", "rate", "growth", "avg", "accurate", "state")
    for smp in s:
        for row in smp.get("rows", [])[:3]:
            missing += [k for k in rowkeys if k not in row]
    rep.check(not missing, "top_grow json keys", f"missing {sorted(set(missing))}" if missing else
              f"source {s[0].get('source')}")
    before, after = int(var.get("grow_before", 0)), int(var.get("grow_after", 0))
    size = int(var.get("grow_size", 1))
    firsts, grow = [], []
    for smp in s:
        rows = smp.get("rows", [])
        firsts.append(key(rows[0])[:2] if rows else None)
        g = [r for r in rows if r.get("module") == "alloc_grow"
             and r.get("function") == "alloc_grow_chunk"]
        grow.append(g[0] if g else None)
    # The first sample has no deltas, and the second one carries the tool's
    # own start-up (its page faults: several MiB of folio_prealloc), so the
    # ranking is judged from the third sample on.
    rep.check(all(f == ("alloc_grow", "alloc_grow_chunk") for f in firsts[2:]),
              "top_grow ranks the growing callsite first by dbytes",
              f"first rows {firsts}")
    if None in grow:
        rep.fail("top_grow growth", "the alloc_grow row is missing from a sample")
        return
    b = [r["bytes"] for r in grow]
    bad = [x for x in b if not (before <= x <= after) or x % size]
    rep.check(not bad, "top_grow bytes match the module",
              f"tool {b}, module live_bytes {before}..{after}")
    d = [r["dbytes"] for r in grow[1:]]
    want = [b[i + 1] - b[i] for i in range(len(b) - 1)]
    rep.check(d == want and all(x > 0 for x in d), "top_grow dbytes are the growth",
              f"dbytes {d}, differences {want}")
    rep.check(grow[-1].get("growth") == b[-1] - b[0], "top_grow growth since the first sample",
              f"growth {grow[-1].get('growth')}, bytes {b[0]} -> {b[-1]}")


def row_ok(row, filt):
    """Does a row satisfy the filter (as given on the command line)?"""
    words = filt.split()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}

    def size(v):
        return int(v[:-1]) * mult[v[-1]] if v[-1] in mult else int(v)

    for opt, val in zip(words[::2], words[1::2]):
        if opt == "--module" and tail(row["module"]) != tail(val):
            return False
        if opt == "--function" and tail(row["function"]) != tail(val):
            return False
        if opt == "--file" and tail(row["file"]) != tail(val):
            return False
        if opt == "--line" and row["line"] != int(val):
            return False
        if opt == "--inaccurate" and bool(row["accurate"]) != (val == "no"):
            return False
        if opt == "--min-bytes" and row["bytes"] < size(val):
            return False
        if opt == "--max-bytes" and row["bytes"] > size(val):
            return False
    return True


def stable_tags(blocks, n):
    """Tags with the same bytes in the four unfiltered reads around filter n
    (a set of keys; every key when the reads are missing)."""
    seen = None
    for name in ("all_text_a", "all_ioctl_a", "all_text_b", "all_ioctl_b"):
        lines, rc = blocks.get(f"filter_{n}_{name}", ([], None))
        s = samples(lines)
        if rc != 0 or len(s) != 1:
            return _Everything()
        counts = collections.Counter(key(r) for r in s[0]["rows"])
        cur = {key(r): r["bytes"] for r in s[0]["rows"] if counts[key(r)] == 1}
        seen = cur if seen is None else {k: v for k, v in seen.items()
                                         if cur.get(k) == v}
    return set(seen or ())


class _Everything:
    def __contains__(self, item):
        return True


def check_filters(rep, blocks, var, ioctl_ok, kind="ioctl"):
    """The binary source `kind` (ioctl or batch) against the text source."""
    n = 1
    while f"filter_{n}" in var:
        filt = var[f"filter_{n}"]
        name = f"top_filter {filt}" if kind == "ioctl" else f"top_filter_{kind} {filt}"
        runs = {}
        srcs_run = ["text", "ioctl", "ioctl2"]
        if f"filter_{n}_text2" in blocks:
            srcs_run += ["text2", "ioctl3"]
        for src in srcs_run:
            run = src.replace("ioctl", kind)
            lines, rc = blocks.get(f"filter_{n}_{run}", ([], None))
            s = samples(lines)
            runs[src] = (s[0] if len(s) == 1 and rc == 0 else None, rc, lines)
        n += 1
        if runs["text"][0] is None:
            rep.fail(name, f"--source text failed (exit {runs['text'][1]}): {runs['text'][2][-2:]}")
            continue
        if runs["ioctl"][0] is None or runs["ioctl2"][0] is None:
            if not ioctl_ok:
                rep.skip(name, f"the kernel has no allocinfo {kind} ioctl")
            else:
                rep.fail(name, f"--source {kind} failed: {runs['ioctl'][2][-2:]}")
            continue
        if any(v[0] is None for v in runs.values()):
            rep.fail(name, "a repeated run failed")
            continue
        sets = {k: collections.Counter(key(r) for r in v[0]["rows"]) for k, v in runs.items()}
        texts = [v for k, v in sets.items() if k.startswith("text")]
        ioctls = [v for k, v in sets.items() if k.startswith("ioctl")]
        # A tag counts against the tool only when every text run and every
        # ioctl run disagree about it: a run that saw a transient is noise.
        extra = [k for k in sets["text"] if all(k in t for t in texts)
                 and not any(k in i for i in ioctls)]
        lost = [k for k in sets["ioctl"] if all(k in i for i in ioctls)
                and not any(k in t for t in texts)]
        if "-bytes" in filt:
            # Counters move between two reads, and each source's own reading
            # allocates (the text file's seq_file buffers, the tool's own
            # memory): judge only the tags whose bytes were the same in the
            # unfiltered reads of both sources before and after.
            stable = stable_tags(blocks, n - 1)
            extra = [k for k in extra if k in stable]
            lost = [k for k in lost if k in stable]
            if kind == "batch":
                # The batch's own kernel buffers (lib/alloc_tag.c) are
                # live while it reads, and only then.
                extra = [k for k in extra if k[2] != "lib/alloc_tag.c"]
                lost = [k for k in lost if k[2] != "lib/alloc_tag.c"]
        wrong = [key(r) for v in runs.values() for r in v[0]["rows"] if not row_ok(r, filt)]
        srcs = (runs["ioctl"][0].get("source"), runs["text"][0].get("source"))
        probs = []
        if extra:
            probs.append(f"only text has {extra[:3]}")
        if lost:
            probs.append(f"only {kind} has {lost[:3]}")
        if wrong:
            probs.append(f"rows outside the filter {wrong[:3]}")
        if srcs != (kind, "text"):
            probs.append(f"sources reported {srcs}")
        if "--module alloc_long" == filt and len(sets["text"]) != 3:
            probs.append(f"{len(sets['text'])} alloc_long tags, want 3")
        # Filters that the test modules guarantee matches for.
        need = {"--inaccurate yes": ("alloc_odd", "alloc_odd_inaccurate"),
                "--module alloc_odd --max-bytes 0": ("alloc_odd", "alloc_odd_negative"),
                "--module alloc_long": ("alloc_long", None),
                "--module alloc_grow": ("alloc_grow", "alloc_grow_chunk")}.get(filt)
        for k, v in runs.items():
            if need and not any(r.get("module") == need[0] and
                                need[1] in (None, r.get("function"))
                                for r in v[0]["rows"]):
                probs.append(f"{k} has no {need[0]} {need[1] or ''} row")
        if filt == "--module alloc_odd --min-bytes 0" and any(
                r.get("function") == "alloc_odd_negative"
                for v in runs.values() for r in v[0]["rows"]):
            probs.append("the negative tag passed --min-bytes 0")
        rep.check(not probs, name, "; ".join(probs) or
                  f"{sum(sets['text'].values())} tags from both sources")


def check_content_id(rep, blocks, ioctl_ok, block="top_content_id"):
    if block not in blocks:
        rep.fail(block, "did not run")
        return
    lines, rc = blocks[block]
    if not ioctl_ok:
        rep.skip(block, "the kernel has no allocinfo ioctls")
        return
    s = samples(lines)
    if rc != 0 or len(s) < 10:
        rep.fail(block, f"exit {rc}, {len(s)} samples: {lines[-3:]}")
        return
    ids = [x.get("content_id") for x in s]
    changes = sum(1 for a, b in zip(ids, ids[1:]) if a != b)
    rep.check(None not in ids and changes >= 2, f"{block} changes on insmod/rmmod",
              f"{changes} changes in {len(s)} samples")
    # One content id, one set of tags: the tag count and the presence of
    # alloc_grow2 (live or new rows) must agree within each content id.
    seen = {}
    bad = []
    for x in s:
        loaded = any(r.get("module") == "alloc_grow2" and r.get("state") != "gone"
                     for r in x.get("rows", []))
        sig = (x.get("tags"), loaded)
        if seen.setdefault(x.get("content_id"), sig) != sig:
            bad.append((x.get("content_id"), sig, seen[x.get("content_id")]))
    sigs = {v for v in seen.values()}
    rep.check(not bad and len(sigs) >= 2, f"{block} no sample mixes two content ids",
              f"{len(seen)} content ids, mismatches {bad[:3]}")


def show(name, path):
    blocks = parse(path)[1]
    if name not in blocks:
        print(f"check_vm.py: no step {name} in {path}", file=sys.stderr)
        return 2
    lines, rc = blocks[name]
    print("\n".join(lines))
    print(f"(rc={rc})", file=sys.stderr)
    return 0


def main():
    if sys.argv[1:2] == ["--show"] and len(sys.argv) == 4:
        return show(sys.argv[2], sys.argv[3])
    path, status = sys.argv[1], int(sys.argv[2])
    m32 = "--m32" in sys.argv[3:]
    rep = Report(strict="--strict" in sys.argv[3:])
    results, blocks, var, times = parse(path)
    rep.check(status == 0, "vm run", f"guest exit status {status}" +
              (" (kernel splat, timeout or crash)" if status >= 124 else ""))
    for res, name, why in results:
        {"ok": rep.ok, "fail": rep.fail, "skip": rep.skip}[res](name, why)
    st = selftest(rep, blocks, "selftest")
    if m32:
        selftest(rep, blocks, "selftest32")
    bt = selftest(rep, blocks, "batchtest")
    if m32:
        selftest(rep, blocks, "batchtest32")
    ioctl_ok = st == "ran"
    if any(name == "allocinfo_top" for _, name, _ in results):
        pass  # no tool in the guest: reported as skipped above
    else:
        check_grow(rep, blocks, var)
        check_filters(rep, blocks, var, ioctl_ok)
        check_filters(rep, blocks, var, bt == "ran", "batch")
        check_content_id(rep, blocks, ioctl_ok)
        check_content_id(rep, blocks, bt == "ran", "top_content_id_batch")
    print_times(times)
    print(f"{rep.passed} passed, {rep.failed} failed, {rep.skipped} skipped")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
