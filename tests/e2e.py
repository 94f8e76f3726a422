#!/usr/bin/env python3
"""Reference model for tests/e2e.sh, written apart from the C code.

  e2e.py verify OUT.json ARGS...   check the JSON allocinfo-top printed for
                                   ARGS (-r CAP, filters, -m, -N, -n, -o)
  e2e.py csv OUT.csv OUT.json      the CSV rows equal the JSON rows
  e2e.py samples CAP               print the number of complete samples
  e2e.py same A.json B.json [--rows]
                                   the same samples and rows (--rows: not
                                   the times and content ids)
  e2e.py diff OUT.json OLD NEW ARGS...
                                   check the JSON of --diff OLD NEW ARGS
  e2e.py metrics OUT.json OUT.om OUT.prom...
                                   the OpenMetrics stream (one exposition
                                   per sample) and the Prometheus text
                                   files (one per sample) parse, strictly,
                                   and hold the JSON's rows and totals
                                   (needs python3-prometheus-client)

Exit status 0 when the check holds; otherwise one line per problem.
"""
import argparse
import csv
import json
import os
import re
import sys

REC = re.compile(r"^\s*(-?\d+)\s+(\d+)\s+(\S+):(\d+)\s+(?:\[(\S+)\]\s+)?"
                 r"func:(\S+)((?:\s+\S+:\S*)*)\s*$")
ROW_KEYS = ["module", "function", "file", "line", "bytes", "calls", "dbytes",
            "dcalls", "rate", "growth", "avg", "accurate", "state"]
SAMPLE_KEYS = ["time", "source", "content_id", "tags", "shown", "bytes",
               "calls", "dbytes", "rows"]


def read_capture(path):
    """[(time, content_id, [rec])]; rec = dict.  Complete samples only."""
    samples = []
    text = open(path).read()
    # A plain dump: one sample, taken when the file was last written.
    cur = None if "\n@sample" in "\n" + text else \
        {"time": os.stat(path).st_mtime, "content_id": None, "want": None,
         "recs": []}
    if cur:
        samples.append(cur)
    lines = text.split("\n")
    # The last line without its newline: cut by a killed recorder.
    partial = lines.pop()
    cut_sep = partial and ("@sample".startswith(partial) or
                           partial.startswith("@sample"))
    for ln in lines:
        if ln.startswith("@sample"):
            toks = ln.split()
            kv = dict(t.split("=", 1) for t in toks[2:] if "=" in t)
            cur = {"time": float(toks[1]),
                   "content_id": int(kv["content_id"]) if "content_id" in kv
                   else None,
                   "want": int(kv["tags"]) if "tags" in kv else None,
                   "recs": []}
            samples.append(cur)
            continue
        m = REC.match(ln)
        if not m:
            continue
        extra = dict(t.split(":", 1) for t in m.group(7).split())
        cur["recs"].append({
            "bytes": int(m.group(1)), "calls": int(m.group(2)),
            "file": m.group(3), "line": int(m.group(4)),
            "module": m.group(5) or "", "function": m.group(6),
            "accurate": extra.get("accurate", "yes") != "no"})
    # A recorder killed mid-sample: a cut record line or too few tags.
    # A cut separator starts a sample that holds nothing yet.
    if samples and ((partial and not cut_sep) or
                    (samples[-1]["want"] is not None and
                     len(samples[-1]["recs"]) != samples[-1]["want"])):
        samples.pop()
    return samples


def parse_size(s):
    m = re.match(r"^(\d+)(?:\.(\d+))?([KMGT]?)(?:i?B)?$", s, re.I)
    shift = {"": 0, "K": 10, "M": 20, "G": 30, "T": 40}[m.group(3).upper()]
    v = int(m.group(1)) << shift
    if m.group(2):
        v += int(float("0." + m.group(2)) * (1 << shift))
    return v


def suffix(name):
    return name[-63:] if len(name.encode()) > 63 else name


def kernel_match(a, r):
    if a.module is not None and suffix(r["module"]) != suffix(a.module):
        return False
    if a.function is not None and \
            suffix(r["function"]) != suffix(a.function):
        return False
    if a.file is not None and suffix(r["file"]) != suffix(a.file):
        return False
    if a.line is not None and r["line"] != int(a.line):
        return False
    if a.inaccurate is not None and \
            r["accurate"] == (a.inaccurate in ("yes", "1")):
        return False
    if a.min_bytes is not None and r["bytes"] < parse_size(a.min_bytes):
        return False
    if a.max_bytes is not None and r["bytes"] > parse_size(a.max_bytes):
        return False
    return True


def user_match(text, t):
    if not text:
        return True
    neg = text.startswith("!")
    if neg:
        text = text[1:]
    mod = "[%s] " % t["module"] if t["module"] else ""
    whole = "%s:%d %s%s" % (t["file"], t["line"], mod, t["function"])
    return (text in whole) != neg


def model(samples, a):
    """Yield, per sample, (sample, tags) as allocinfo-top should show."""
    tags = {}
    prev_time = None
    for k, s in enumerate(samples):
        recs = [r for r in s["recs"] if kernel_match(a, r)]
        dt = s["time"] - prev_time if prev_time is not None else 0.0
        seen = {}
        live = set()
        for r in recs:
            base = (r["module"], r["file"], r["line"], r["function"])
            n = seen.get(base, 0)
            seen[base] = n + 1
            key = base + (n,)
            t = tags.get(key)
            if t is None or t["state"] == "gone":
                news = k > 0
                t = dict(r)
                t["key"] = key
                t["state"] = "new" if news else "live"
                t["first"] = 0 if news else r["bytes"]
                t["dbytes"] = r["bytes"] if news else 0
                t["dcalls"] = r["calls"] if news else 0
                tags[key] = t
            else:
                t["state"] = "live"
                t["dbytes"] = r["bytes"] - t["bytes"]
                t["dcalls"] = r["calls"] - t["calls"]
            t.update(bytes=r["bytes"], calls=r["calls"],
                     accurate=r["accurate"])
            t["rate"] = t["dbytes"] / dt if dt > 0 else 0.0
            t["growth"] = t["bytes"] - t["first"]
            t["avg"] = t["bytes"] / t["calls"] if t["calls"] else 0.0
            live.add(key)
        for key in list(tags):
            t = tags[key]
            if key in live:
                continue
            if t["state"] == "gone":
                del tags[key]
                continue
            t.update(state="gone", dbytes=0, dcalls=0, rate=0.0)
        prev_time = s["time"]
        yield s, len(recs), [dict(t) for t in tags.values()]


def sort_rows(rows, spec):
    asc = spec.startswith("-")
    field = spec.lstrip("+-")

    def ident(t):
        return (t["module"].encode(), t["file"].encode(), t["line"],
                t["function"].encode(), t["key"][4])
    # Identity ascending breaks ties in both directions.
    rows.sort(key=ident)
    if field in ("module", "function", "file"):
        rows.sort(key=lambda t: t[field].encode(), reverse=not asc)
    else:
        rows.sort(key=lambda t: t[field], reverse=not asc)
    return rows


def close(a, b):
    return abs(a - b) <= max(1e-3, abs(b) * 1e-9) + 5e-4


def diff_model(old, new, a):
    """The comparison of the last samples of two captures."""
    pair = [read_capture(old)[-1], read_capture(new)[-1]]
    s, ntags, tags = list(model(pair, a))[-1]
    dt = pair[1]["time"] - pair[0]["time"]
    for t in tags:
        if t["state"] == "gone":
            t.update(dbytes=-t["bytes"], dcalls=-t["calls"], bytes=0,
                     calls=0, avg=0.0)
            t["growth"] = t["dbytes"]
            t["rate"] = t["dbytes"] / dt if dt > 0 else 0.0
    return [(s, ntags, tags)]


def verify(out, argv, diff=None):
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("-r", "--replay")
    p.add_argument("-b", "--batch", action="store_true")
    p.add_argument("-f", "--format")
    p.add_argument("-N", "--lines", type=int)
    p.add_argument("-n", "--iterations", type=int)
    p.add_argument("--once", action="store_true")
    p.add_argument("-o", "--sort", default="bytes")
    p.add_argument("-m", "--match")
    for opt in ("module", "function", "file", "line", "inaccurate",
                "min-bytes", "max-bytes"):
        p.add_argument("--" + opt)
    a = p.parse_args(argv)
    if a.once:
        a.iterations = 1
    got = [json.loads(x) for x in open(out)]
    if diff:
        want = diff_model(diff[0], diff[1], a)
    else:
        want = list(model(read_capture(a.replay), a))
    if a.iterations:
        want = want[:a.iterations]
    errs = []
    if len(got) != len(want):
        errs.append("%d samples, want %d" % (len(got), len(want)))
    for k, (g, (s, ntags, tags)) in enumerate(zip(got, want)):
        where = "sample %d" % k
        for key in SAMPLE_KEYS:
            if key not in g:
                errs.append("%s: no key %s" % (where, key))
        shown = sort_rows([t for t in tags if user_match(a.match, t)],
                          a.sort)
        live = [t for t in shown if t["state"] != "gone"]
        # A gone tag's delta is 0 in a sample and its loss in a diff.
        exp = {"time": s["time"], "source": "diff" if diff else "capture",
               "content_id": s["content_id"], "tags": ntags,
               "shown": len(shown),
               "bytes": sum(t["bytes"] for t in live),
               "calls": sum(t["calls"] for t in live),
               "dbytes": sum(t["dbytes"] for t in shown)}
        for key, v in exp.items():
            ok = close(g.get(key), v) if key == "time" else \
                g.get(key) == v
            if not ok:
                errs.append("%s: %s is %r, want %r" %
                            (where, key, g.get(key), v))
        rows = shown[:a.lines] if a.lines else shown
        if len(g.get("rows", [])) != len(rows):
            errs.append("%s: %d rows, want %d" %
                        (where, len(g.get("rows", [])), len(rows)))
        for i, (gr, t) in enumerate(zip(g.get("rows", []), rows)):
            for key in ROW_KEYS:
                v = t[key]
                ok = close(gr.get(key), v) if key in ("rate", "avg") else \
                    gr.get(key) == v
                if not ok:
                    errs.append("%s row %d (%s:%d %s): %s is %r, want %r" %
                                (where, i, t["file"], t["line"],
                                 t["function"], key, gr.get(key), v))
        if len(errs) > 20:
            break
    for e in errs[:20]:
        print(e)
    return 1 if errs else 0


def csv_vs_json(csvfile, jsonfile):
    header = ("time,source,content_id,module,function,file,line,bytes,"
              "calls,dbytes,dcalls,rate,growth,avg,slope,accurate,state")
    lines = open(csvfile).read().splitlines()
    errs = []
    if not lines or lines[0] != header:
        errs.append("header %r" % (lines[0] if lines else None))
    got = list(csv.DictReader(lines))
    want = []
    for g in (json.loads(x) for x in open(jsonfile)):
        for r in g["rows"]:
            want.append((g, r))
    if len(got) != len(want):
        errs.append("%d csv rows, want %d" % (len(got), len(want)))
    for i, (c, (g, r)) in enumerate(zip(got, want)):
        cid = "" if g["content_id"] is None else str(g["content_id"])
        if not close(float(c["time"]), g["time"]) or \
                c["source"] != g["source"] or c["content_id"] != cid:
            errs.append("row %d: sample fields %r" % (i, c))
        for key in ROW_KEYS:
            v = r[key]
            cv = c[key]
            if isinstance(v, bool):
                ok = cv == ("true" if v else "false")
            elif isinstance(v, float):
                ok = close(float(cv), v)
            elif isinstance(v, int):
                ok = int(cv) == v
            else:
                ok = cv == v
            if not ok:
                errs.append("row %d: %s is %r, want %r" % (i, key, cv, v))
        if len(errs) > 20:
            break
    for e in errs[:20]:
        print(e)
    return 1 if errs else 0


def same(a, b, rows_only=False):
    ga = [json.loads(x) for x in open(a)]
    gb = [json.loads(x) for x in open(b)]
    if len(ga) != len(gb):
        print("%d samples vs %d" % (len(ga), len(gb)))
        return 1
    keys = ["tags", "shown", "bytes", "calls", "dbytes", "rows"]
    if not rows_only:
        keys += ["time", "content_id"]
    for k, (x, y) in enumerate(zip(ga, gb)):
        for key in keys:
            if x[key] != y[key]:
                print("sample %d: %s differs" % (k, key))
                return 1
    return 0


def label_text(name):
    """A name as allocinfo-top writes it in a label value, unescaped."""
    return "".join("\\x%02x" % ord(c)
                   if (ord(c) < 0x20 and c != "\n") or ord(c) >= 0x7f
                   else c for c in name)


def metric_rows(samples, name):
    """{(module, function, file, line): sorted [value]} of one family."""
    rows = {}
    for smp in samples:
        if smp.name != name:
            continue
        lb = smp.labels
        key = (lb["module"], lb["function"], lb["file"], int(lb["line"]))
        rows.setdefault(key, []).append((int(lb["ordinal"]), smp.value))
    return {k: sorted(v for _, v in sorted(v)) for k, v in rows.items()}


def metrics(jsonfile, omfile, promfiles):
    from prometheus_client.openmetrics.parser import \
        text_string_to_metric_families as om_parse
    from prometheus_client.parser import \
        text_string_to_metric_families as prom_parse
    got = [json.loads(x) for x in open(jsonfile)]
    text = open(omfile).read()
    expos = [e + "# EOF\n" for e in text.split("# EOF\n")[:-1]]
    errs = []
    if text.split("# EOF\n")[-1]:
        errs.append("text after the last # EOF")
    if len(expos) != len(got) or len(promfiles) != len(got):
        errs.append("%d expositions, %d text files, want %d" %
                    (len(expos), len(promfiles), len(got)))
    for k, (g, om, pf) in enumerate(zip(got, expos, promfiles)):
        where = "sample %d" % k
        live = [r for r in g["rows"] if r["state"] != "gone"]
        want = {}
        for key in ("bytes", "calls", "accurate"):
            rows = {}
            for r in live:
                ident = (label_text(r["module"]), label_text(r["function"]),
                         label_text(r["file"]), r["line"])
                rows.setdefault(ident, []).append(float(r[key]))
            want["allocinfo_" + key] = {i: sorted(v)
                                        for i, v in rows.items()}
        scalars = {"allocinfo_total_bytes": g["bytes"],
                   "allocinfo_total_calls": g["calls"],
                   "allocinfo_tags": g["tags"],
                   "allocinfo_exported_tags": len(live)}
        for dialect, parse, body in (("openmetrics", om_parse, om),
                                     ("prometheus", prom_parse,
                                      open(pf).read())):
            try:
                samples = [x for f in parse(body) for x in f.samples]
            except Exception as e:
                errs.append("%s %s: does not parse: %s" %
                            (where, dialect, e))
                continue
            for name, rows in want.items():
                if metric_rows(samples, name) != rows:
                    errs.append("%s %s: %s differs from the JSON" %
                                (where, dialect, name))
            for name, v in scalars.items():
                have = [x.value for x in samples if x.name == name]
                if have != [v]:
                    errs.append("%s %s: %s is %r, want %r" %
                                (where, dialect, name, have, v))
            names = set(x.name for x in samples)
            if "allocinfo_content_changes_total" not in names or \
                    "allocinfo_source_info" not in names:
                errs.append("%s %s: no counter or source" % (where, dialect))
    for e in errs[:20]:
        print(e)
    return 1 if errs else 0


def main():
    cmd = sys.argv[1]
    if cmd == "verify":
        return verify(sys.argv[2], sys.argv[3:])
    if cmd == "csv":
        return csv_vs_json(sys.argv[2], sys.argv[3])
    if cmd == "diff":
        return verify(sys.argv[2], sys.argv[5:], diff=sys.argv[3:5])
    if cmd == "metrics":
        return metrics(sys.argv[2], sys.argv[3], sys.argv[4:])
    if cmd == "samples":
        print(len(read_capture(sys.argv[2])))
        return 0
    if cmd == "same":
        return same(sys.argv[2], sys.argv[3], "--rows" in sys.argv[4:])
    print("unknown command " + cmd)
    return 2


if __name__ == "__main__":
    sys.exit(main())
