#!/bin/sh
# What the kernel-side filter saves: CPU time (user + system, so the kernel's
# own formatting counts) of allocinfo-top reading the test kernel through
# the ioctl and through the text file, with the 10,000-callsite module
# loaded, for the same filters.  Both sources are measured in one guest boot
# and the ratio is printed.  Usage: tests/bench/vm.sh [samples]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

make -s -C "$root" allocinfo-top.static >/dev/null 2>&1
"$root/kernel/vm/run" -- "
insmod /modules/alloc_scale.ko
echo tags \$(grep -c func: /proc/allocinfo)
for f in none 'module alloc_scale' 'module \"\"' 'function do_initcalls' 'min-bytes 1M'; do
	for s in text ioctl; do
		case \$f in
		none) args= ;;
		*) set -- \$f; args=\"--\$1 \$2\" ;;
		esac
		echo \"case \$s \$f\"
		eval time allocinfo-top -b -n $n -d 0.01 -f csv -s \$s \$args > /tmp/o 2> /tmp/t
		echo rows \$(wc -l < /tmp/o)
		cat /tmp/t
	done
done
" > "$out" 2>&1 || { cat "$out"; exit 1; }

python3 - "$out" "$n" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
n = int(sys.argv[2])
m = re.search(r"^tags (\d+)", text, re.M)
print("tags in the kernel: %s; %d samples per run" % (m.group(1) if m else "?", n))
cases = {}
cur = None
for line in text.splitlines():
    c = re.match(r"case (\w+) (.*)", line)
    if c:
        cur = (c.group(2), c.group(1))
        cases[cur] = {}
        continue
    r = re.match(r"rows (\d+)", line)
    if r and cur:
        cases[cur]["rows"] = int(r.group(1)) - 1
    t = re.match(r"(user|sys)\s+(\d+)m\s*([\d.]+)s", line)
    if t and cur:
        cases[cur][t.group(1)] = int(t.group(2)) * 60 + float(t.group(3))
print("%-24s %12s %12s %8s %8s" % ("filter", "text ms/smp", "ioctl ms/smp", "ratio", "rows"))
for f in dict.fromkeys(k[0] for k in cases):
    t, i = cases.get((f, "text"), {}), cases.get((f, "ioctl"), {})
    if "user" not in t or "user" not in i:
        print("%-24s incomplete" % f)
        continue
    tc = (t["user"] + t["sys"]) * 1000 / n
    ic = (i["user"] + i["sys"]) * 1000 / n
    print("%-24s %12.2f %12.2f %8.1f %8s" % (f, tc, ic, tc / ic if ic else float("inf"),
          "%d/%d" % (t.get("rows", -1) // n, i.get("rows", -1) // n)))
PY
