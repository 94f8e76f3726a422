#!/bin/sh
# What a refresh costs through each way of reading /proc/allocinfo, from one
# boot of the test kernel: CPU (user + system, so the kernel's own work
# counts) per sample, many samples in one process (tests/bench/allocinfo_bench.c)
# so that process start-up is left out, for the text file as cat reads it,
# the text file filtered as grep -F does, GET_AT/GET_NEXT and the batch
# ioctl, unfiltered and filtered on one source file.  Measured with the
# 10,000-callsite module loaded, then with a SCALE_BIG-callsite one (default
# 50,000).  The same reads by real cat and grep processes, start-up
# included, come last for reference.
#
# usage: tests/bench/vm.sh [samples]      (at least 2 s of CPU per case)
# Environment: SCALE_BIG, BENCH_FILE (default mm/slub.c), and what
# kernel/vm/run takes (VM_KERNEL for a development build).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-20}
big=${SCALE_BIG:-50000}
file=${BENCH_FILE:-mm/slub.c}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

obj=${VM_KERNEL:-$("$root/kernel/build" | tail -n 1)}
${CC:-gcc} -O2 -Wall -Wextra -static -I"$root/kernel/include/uapi" \
	-o "$tmp/allocinfo_bench" "$root/tests/bench/allocinfo_bench.c"
# The big module: alloc_scale with more callsites, built beside the guest
# files of this kernel.
bigdir=$(dirname "$obj")/guest/modules-$big
make -s -C "$root/kernel/modules" KDIR="$obj" OUT="$bigdir" SCALE_N="$big" >&2
cp "$bigdir/alloc_scale.ko" "$tmp/alloc_scale_big.ko"

VM_KERNEL=$obj "$root/kernel/vm/run" --timeout 3000 \
	--add "$tmp/allocinfo_bench" --add "$tmp/alloc_scale_big.ko" -- "
set -e
run() {
	echo \"tags \$1 \$(grep -c func: /proc/allocinfo)\"
	for m in text batchnames getnext batch; do
		allocinfo_bench \$m $n
	done
	for m in grep getnext batch; do
		allocinfo_bench \$m $n $file
	done
	# Real processes, start-up included.
	for c in 'cat /proc/allocinfo >/dev/null' \\
		'cat /proc/allocinfo | grep -F $file >/dev/null'; do
		echo \"proc \$1 \$c\"
		time sh -c \"i=0; while [ \\\$i -lt $n ]; do \$c; i=\\\$((i + 1)); done\" 2>&1
	done
}
insmod /modules/alloc_scale.ko
run 10k
rmmod alloc_scale
insmod /add/alloc_scale_big.ko
run big
rmmod alloc_scale
" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }

python3 - "$tmp/out" "$n" "$file" <<'PY'
import re
import sys

text = open(sys.argv[1]).read()
n, fname = int(sys.argv[2]), sys.argv[3]
runs, cur = {}, None
for line in text.splitlines():
    m = re.match(r"^tags (\S+) (\d+)$", line)
    if m:
        cur = m.group(1)
        runs[cur] = {"tags": int(m.group(2)), "rows": {}, "proc": {}}
        continue
    m = re.match(r"^(\w+) (\S+) tags=(\d+) samples=(\d+) cpu_ms=([\d.]+) "
                 r"user_ms=([\d.]+) sys_ms=([\d.]+)$", line)
    if m and cur:
        key = (m.group(1), m.group(2) != "-")
        runs[cur]["rows"][key] = tuple(float(x) for x in m.groups()[2:])
        continue
    m = re.match(r"^proc \S+ (.*)$", line)
    if m and cur:
        pcmd = m.group(1)
        runs[cur]["proc"][pcmd] = {}
        continue
    m = re.match(r"^(user|sys)\s+(\d+)m\s*([\d.]+)s", line)
    if m and cur and runs[cur]["proc"]:
        last = list(runs[cur]["proc"])[-1]
        runs[cur]["proc"][last][m.group(1)] = (int(m.group(2)) * 60 + float(m.group(3))) * 1e3 / n

names = {("text", False): "cat (read the text)",
         ("batchnames", False): "batch, names every time",
         ("getnext", False): "GET_AT + GET_NEXT",
         ("batch", False): "batch, counters",
         ("grep", True): "cat | grep -F " + fname,
         ("getnext", True): "GET_AT + GET_NEXT, --file",
         ("batch", True): "batch, counters, --file"}
ok = True
for label, r in runs.items():
    rows = r["rows"]
    print(f"\n{r['tags']} tags in the kernel ({label} module); CPU per sample, "
          f"in one process, at least {n} samples and 2 s")
    print(f"{'method':32} {'cpu ms':>9} {'user':>8} {'sys':>8} {'rows':>7} {'samples':>7}")
    for k, title in names.items():
        if k not in rows:
            print(f"{title:32} missing")
            continue
        tags, s, cpu, user, sys_ = rows[k]
        print(f"{title:32} {cpu:9.3f} {user:8.3f} {sys_:8.3f} {int(tags):7d} {int(s):7d}")
    cat = rows.get(("text", False), (0, 0, 0))[2]
    grep = rows.get(("grep", True), (0, 0, 0))[2]
    full = rows.get(("batch", False), (0, 0, 0))[2]
    filt = rows.get(("batch", True), (0, 0, 0))[2]
    if cat and full:
        print(f"batch full refresh / cat: {full / cat:.3f} (want <= 0.3)")
        ok &= label != "10k" or full / cat <= 0.3
    if grep and filt:
        print(f"batch --file / cat | grep: 1/{grep / filt:.0f} (want 1/50 or less)")
        ok &= label != "10k" or grep / filt >= 50
    for c, t in r["proc"].items():
        if "user" in t:
            print(f"real processes, start-up included: {c}: "
                  f"{t['user'] + t['sys']:.1f} ms per run ({t['user']:.1f} user, {t['sys']:.1f} sys)")
print("\n" + ("PASS" if ok else "FAIL") + ": the 10k targets")
sys.exit(0 if ok else 1)
PY
