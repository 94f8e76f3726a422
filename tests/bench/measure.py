#!/usr/bin/env python3
"""Measurements for tests/bench/run.sh.

  measure.py cg DIR FROM TO -- CMD...
      Instructions per sample: CMD under callgrind, with a profile dumped
      at every model_ingest(), so dump k holds what one whole cycle cost
      (printing or drawing sample k-1, reading sample k); prints the mean
      of dumps FROM..TO, the steady state.  When CMD is screen.py, only
      the screen's main thread is counted (callgrind dumps the thread that
      reaches model_ingest()): a capture's index thread scans the rest of
      the file meanwhile, and the samples are read on libuv's pool.
  measure.py cpu N -- CMD...
      CMD N times (stdout to /dev/null); prints the least CPU time (user
      and system, ms) and the largest peak RSS (KiB).
  measure.py rounds N A1... -- A2... -- B1... -- B2...
      Two steps measured side by side N times: in each round, the CPU
      time of A2 less that of A1, then of B2 less that of B1, one right
      after the other, so that both meet the same machine.  Prints the
      median A step and the median B step (ms), and the median of the N
      per-round ratios B/A: a machine that is busier in one round than in
      another slows both of its steps, and the ratio keeps still.
  measure.py peer N BIN FILE
      CPU time of `BIN -F FILE -s text --once -N 20` and of
      `sort -g FILE | tail | numfmt --to=iec`, run in turn N times each;
      prints the median of each (ms) and the median of the N pairs'
      ratios.
  measure.py rss -- CMD...
      CMD once; prints its peak RSS (KiB) as /usr/bin/time reports it (a
      child forked from Python would count Python's pages until exec).
"""
import glob
import os
import subprocess
import sys
import tempfile


def cpu_of(cmd):
    null = open(os.devnull, "wb")
    pid = os.fork()
    if pid == 0:
        os.dup2(null.fileno(), 1)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    if status:
        sys.exit("measure.py: %s: exit status %d" % (" ".join(cmd), status))
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def median(v):
    return sorted(v)[len(v) // 2]


def split(args):
    i = args.index("--")
    return args[:i], args[i + 1:]


def cmd_cg(args):
    (d, first, last), cmd = split(args)
    first, last = int(first), int(last)
    out = os.path.join(d, "cg.out")
    for f in glob.glob(out + "*"):
        os.unlink(f)
    vg = ["valgrind", "--tool=callgrind", "--dump-before=model_ingest",
          "--callgrind-out-file=" + out]
    with open(os.devnull, "wb") as null, open(os.path.join(d, "cg.err"),
                                              "wb") as err:
        if cmd[0].endswith("screen.py"):
            i = cmd.index("--")
            vg.append("--separate-threads=yes")
            cmd = cmd[:i + 1] + vg + cmd[i + 1:]
            subprocess.run(cmd, stdout=null, stderr=err, check=True)
            suffix = "-01"
        else:
            subprocess.run(vg + cmd, stdout=null, stderr=err, check=True)
            suffix = ""
    costs = []
    for k in range(first, last + 1):
        with open("%s.%d%s" % (out, k, suffix)) as f:
            for line in f:
                if line.startswith("summary:"):
                    costs.append(int(line.split()[1]))
    print(sum(costs) // len(costs))


def cmd_cpu(args):
    (n,), cmd = split(args)
    best, rss = None, 0
    for _ in range(int(n)):
        c, r = cpu_of(cmd)
        best = c if best is None else min(best, c)
        rss = max(rss, r)
    print("%.3f %d" % (best * 1000, rss))


def cmd_rounds(args):
    n = int(args[0])
    a1, rest = split(args[1:])
    a2, rest = split(rest)
    b1, b2 = split(rest)
    sa, sb, ratio = [], [], []
    for _ in range(n):
        da = cpu_of(a2)[0] - cpu_of(a1)[0]
        db = cpu_of(b2)[0] - cpu_of(b1)[0]
        if da <= 0:
            sys.exit("measure.py: %s took no longer than %s" %
                     (" ".join(a2), " ".join(a1)))
        sa.append(da)
        sb.append(db)
        ratio.append(db / da)
    print("%.3f %.3f %.4f" % (median(sa) * 1000, median(sb) * 1000,
                              median(ratio)))


def cmd_peer(args):
    n, binary, path = int(args[0]), args[1], args[2]
    ours = [binary, "-F", path, "-s", "text", "--once", "-N", "20"]
    peer = ["sh", "-c", 'sort -g "$1" | tail | numfmt --to=iec', "sh", path]
    a, b, ratio = [], [], []
    for _ in range(n):
        a.append(cpu_of(ours)[0])
        b.append(cpu_of(peer)[0])
        ratio.append(a[-1] / b[-1])
    print("%.3f %.3f %.2f" % (median(a) * 1000, median(b) * 1000,
                              median(ratio)))


def cmd_rss(args):
    _, cmd = split(args)
    with tempfile.NamedTemporaryFile() as f:
        cpu_of(["/usr/bin/time", "-f", "%M", "-o", f.name] + cmd)
        print(int(f.read().split()[-1]))


def main():
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    cmds = {"cg": cmd_cg, "cpu": cmd_cpu, "peer": cmd_peer, "rss": cmd_rss,
            "rounds": cmd_rounds}
    cmds[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
