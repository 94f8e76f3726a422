#!/bin/sh
# allocinfo-top with the real Prometheus stack: the rules under promtool
# test rules; a node_exporter serving --textfile output, scraped and
# checked value by value against the capture; a Prometheus scraping that
# node_exporter every second, asked which callsite grows.  Servers listen
# on free 127.0.0.1 ports only and are stopped on exit.
# Usage: ALLOCINFO_TOP=./allocinfo-top tests/prom.sh
set -u

BIN=${ALLOCINFO_TOP:-./allocinfo-top}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
CAP=$TOP/kernel/vm/captures/vm-6.12-grow-saw.cap
RULES=$TOP/doc/prometheus/allocinfo.rules.yml
NODE_EXPORTER=${NODE_EXPORTER:-$(command -v prometheus-node-exporter ||
	command -v node_exporter)}
PROMETHEUS=${PROMETHEUS:-$(command -v prometheus)}
# Debian's python3, which has python3-prometheus-client.
OMPY=${OMPY:-/usr/bin/python3}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/allocinfo-prom.XXXXXX")
pids=
# Stop only the servers this script started.
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
pass=0
fail=0

t() {
	name=$1
	shift
	if "$@" >"$TMP/log" 2>&1; then
		pass=$((pass + 1))
		echo "ok: $name"
		grep '^answer:' "$TMP/log" | sed 's/^/    /'
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
		sed 's/^/    /' "$TMP/log" | tail -n 30
	fi
}

# A port nothing listens on now, on the loopback interface.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# get URL: the body, from 127.0.0.1 only.
get() {
	case $1 in
	http://127.0.0.1:*) curl -sf --max-time 5 --noproxy '*' "$1" ;;
	*) echo "not a loopback URL: $1" >&2; return 1 ;;
	esac
}

# wait_for URL SECS: until URL answers.
wait_for() {
	i=0
	while ! get "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -le $(($2 * 10)) ] || { echo "no answer from $1"; return 1; }
		sleep 0.1
	done
}

# start_node_exporter DIR: node_exporter with the textfile collector only.
start_node_exporter() {
	NE_PORT=$(free_port)
	"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NE_PORT" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$1" \
		>"$TMP/node_exporter.log" 2>&1 &
	pids="$pids $!"
	wait_for "http://127.0.0.1:$NE_PORT/metrics" 20 ||
		{ cat "$TMP/node_exporter.log"; return 1; }
}

for tool in "$BIN" promtool "$NODE_EXPORTER" "$PROMETHEUS" curl python3 \
	systemd-analyze; do
	command -v "$tool" >/dev/null ||
		{ echo "prom: $tool is missing: make deps"; exit 1; }
done

rules() {
	promtool check rules "$RULES" &&
		promtool test rules "$HERE/prometheus/allocinfo.rules.test.yml"
}
t "promtool test rules" rules

# node_exporter serves what --textfile wrote: every tag of the capture's
# last sample with its bytes, calls and accuracy, and no scrape error.
node_exporter_serves() {
	mkdir "$TMP/ne"
	start_node_exporter "$TMP/ne" || return 1
	"$BIN" -r "$CAP" --textfile "$TMP/ne" --speed 64 || return 1
	get "http://127.0.0.1:$NE_PORT/metrics" >"$TMP/scrape" || return 1
	$OMPY - "$TMP/scrape" "$CAP" "$HERE" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[3])
import e2e
from prometheus_client.parser import text_string_to_metric_families
fams = {f.name: f for f in
        text_string_to_metric_families(open(sys.argv[1]).read())}
last = e2e.read_capture(sys.argv[2])[-1]
want = {"allocinfo_bytes": {}, "allocinfo_calls": {},
        "allocinfo_accurate": {}}
seen = {}
for r in last["recs"]:
    base = (r["module"], r["function"], r["file"], str(r["line"]))
    n = seen.get(base, 0)
    seen[base] = n + 1
    key = base + (str(n),)
    want["allocinfo_bytes"][key] = r["bytes"]
    want["allocinfo_calls"][key] = r["calls"]
    want["allocinfo_accurate"][key] = 1 if r["accurate"] else 0
for name, rows in want.items():
    got = {}
    for s in fams[name].samples:
        lb = s.labels
        got[(lb["module"], lb["function"], lb["file"], lb["line"],
             lb["ordinal"])] = s.value
    assert got == rows, "%s: %d series, want %d" % (name, len(got),
                                                   len(rows))
err = fams["node_textfile_scrape_error"].samples[0].value
assert err == 0, "node_textfile_scrape_error %r" % err
grow = [s for s in fams["allocinfo_bytes"].samples
        if s.labels["function"] == "alloc_grow_chunk"]
print("answer: node_exporter serves %d allocinfo_bytes series; %s" %
      (len(fams["allocinfo_bytes"].samples),
       ", ".join("%s{module=%s} %d" % (s.name, s.labels["module"], s.value)
                 for s in grow)))
PYEOF
}
t "node_exporter serves --textfile output" node_exporter_serves

# The README's fleet section without systemd running: the unit passes
# systemd-analyze verify, and its own command (on a dump, not the kernel,
# into a test directory) feeds a node_exporter that the README's curl
# pipeline then finds the series in.
unit_and_readme() {
	bin=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
	mkdir "$TMP/unit"
	sed -e "s#/usr/local/bin/allocinfo-top#$bin#" \
		-e "s#/var/lib/prometheus/node-exporter#$TMP/unit#g" \
		"$TOP/doc/systemd/allocinfo-top.service" \
		>"$TMP/allocinfo-top.service"
	systemd-analyze verify --man=no "$TMP/allocinfo-top.service" \
		>"$TMP/verify" 2>&1
	[ "$?" = 0 ] && [ ! -s "$TMP/verify" ] ||
		{ cat "$TMP/verify"; return 1; }
	cmd=$(sed -n 's/^ExecStart=//p' "$TMP/allocinfo-top.service")
	[ -n "$cmd" ] || return 1
	# shellcheck disable=SC2086 # the unit's words, split as systemd does
	$cmd -F "$HERE/data/allocinfo-6.12-defconfig.txt" -n 2 -d 0.05 \
		2>"$TMP/unit.err" || { cat "$TMP/unit.err"; return 1; }
	n=$(grep -vc '^#' "$TMP/unit/allocinfo.prom")
	echo "answer: the unit's command on a defconfig dump: $n series"
	[ "$n" = 1603 ] || return 1
	start_node_exporter "$TMP/unit" || return 1
	sed -n '/^## Fleet/,/^## Capturing/p' "$TOP/README.md" |
		grep '^curl ' | sed "s#127.0.0.1:9100#127.0.0.1:$NE_PORT#" \
		>"$TMP/readme.sh"
	[ "$(wc -l <"$TMP/readme.sh")" = 1 ] || return 1
	sh "$TMP/readme.sh" >"$TMP/readme.out" || return 1
	cat "$TMP/readme.out"
	want=$("$BIN" -F "$HERE/data/allocinfo-6.12-defconfig.txt" --once \
		-f json --min-bytes 1 2>/dev/null | python3 -c \
		'import json, sys; print(json.load(sys.stdin)["bytes"])')
	# 532 of the dump's 3880 tags hold memory.
	grep -q '^allocinfo_tags 532$' "$TMP/readme.out" &&
		awk -v w="$want" '$1 == "allocinfo_total_bytes" && $2 + 0 == w + 0 \
			{ ok = 1 } END { exit !ok }' "$TMP/readme.out"
}
t "the systemd unit and the README's fleet section" unit_and_readme

# Prometheus scrapes node_exporter every second while the capture replays
# into the textfile; the growth query names the callsite that grows.
prometheus_answers() {
	mkdir "$TMP/pr" "$TMP/tsdb"
	start_node_exporter "$TMP/pr" || return 1
	PR_PORT=$(free_port)
	cat >"$TMP/prometheus.yml" <<EOF2
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $RULES
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NE_PORT']
EOF2
	"$PROMETHEUS" --config.file="$TMP/prometheus.yml" \
		--storage.tsdb.path="$TMP/tsdb" \
		--web.listen-address="127.0.0.1:$PR_PORT" \
		>"$TMP/prometheus.log" 2>&1 &
	pids="$pids $!"
	wait_for "http://127.0.0.1:$PR_PORT/-/ready" 60 ||
		{ tail -n 20 "$TMP/prometheus.log"; return 1; }
	# 64 samples a second apart, twice as fast: 32 seconds of a kernel.
	"$BIN" -r "$CAP" --textfile "$TMP/pr" --speed 2 || return 1
	sleep 3
	q='topk(1, allocinfo:bytes:deriv5m)'
	get "http://127.0.0.1:$PR_PORT/api/v1/query?query=$(python3 -c \
		'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' \
		"$q")" >"$TMP/answer.json" || return 1
	python3 - "$TMP/answer.json" "$q" <<'PYEOF'
import json, sys
a = json.load(open(sys.argv[1]))
assert a["status"] == "success", a
res = a["data"]["result"]
assert len(res) == 1, res
m = res[0]["metric"]
print("answer: %s -> %s (%s:%s, module %s) at %.0f B/s" %
      (sys.argv[2], m["function"], m["file"], m["line"], m["module"],
       float(res[0]["value"][1])))
assert (m["module"], m["function"], m["file"], m["line"]) == \
    ("alloc_grow2", "alloc_grow_chunk",
     "kernel/modules/alloc_grow2_main.c", "77"), m
assert float(res[0]["value"][1]) > 1024
PYEOF
}
t "Prometheus names the growing callsite" prometheus_answers

echo "prom: $pass passed, $fail failed"
[ "$fail" = 0 ]
