#!/bin/sh
# End-to-end tests of the allocinfo-top binary on capture files: its JSON
# against a reference model (tests/e2e.py), CSV, usage errors, runtime
# errors, recording and replaying, and a recorder killed mid-run.
# Usage: ALLOCINFO_TOP=./allocinfo-top tests/e2e.sh
set -u

BIN=${ALLOCINFO_TOP:-./allocinfo-top}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/data
PY="python3 $HERE/e2e.py"
TINY=$DATA/e2e-tiny.cap
DEFC=$DATA/e2e-defconfig.cap
TMP=$(mktemp -d "${TMPDIR:-/tmp}/allocinfo-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0

# t NAME FUNCTION ARGS...: run one test; its output is shown on failure.
t() {
	name=$1
	shift
	if "$@" >"$TMP/log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
		sed 's/^/    /' "$TMP/log" | head -n 20
	fi
}

# Run the binary: stdout to $TMP/out, stderr to $TMP/err, status in $rc.
run() {
	"$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

lines() {
	wc -l <"$1" | tr -d ' '
}

# json_ok CAPTURE ARGS...: the JSON for ARGS is what the model says.
json_ok() {
	cap=$1
	shift
	run -r "$cap" -b -f json "$@"
	[ "$rc" = 0 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/err" ] || grep -q 'longer than 63 bytes' "$TMP/err" ||
		{ echo "stderr:"; cat "$TMP/err"; return 1; }
	$PY verify "$TMP/out" -r "$cap" "$@"
}

# metrics_ok CAPTURE ARGS...: the metrics for ARGS, in both dialects,
# parse strictly, hold what the JSON holds, and pass promtool check metrics
# (one exposition per sample: promtool checks a single one).
metrics_ok() {
	cap=$1
	shift
	run -r "$cap" -b -f json "$@"
	[ "$rc" = 0 ] || { echo "json: exit $rc"; return 1; }
	cp "$TMP/out" "$TMP/m.json"
	run -r "$cap" -b -f prometheus "$@"
	[ "$rc" = 0 ] || { echo "prometheus: exit $rc"; return 1; }
	rm -f "$TMP"/m.prom.*
	awk -v d="$TMP/m.prom." '/^# HELP allocinfo_bytes /{n++}
		{f = d sprintf("%03d", n); print > f}' "$TMP/out"
	for f in "$TMP"/m.prom.*; do
		[ -e "$f" ] || continue
		promtool check metrics <"$f" ||
			{ echo "promtool check metrics: $f"; return 1; }
	done
	run -r "$cap" -b -f openmetrics "$@"
	[ "$rc" = 0 ] || { echo "openmetrics: exit $rc"; return 1; }
	$OMPY "$HERE/e2e.py" metrics "$TMP/m.json" "$TMP/out" \
		$(ls "$TMP"/m.prom.* 2>/dev/null)
}

# filters_ok CAPTURE ARGS...: json_ok and metrics_ok.
filters_ok() {
	json_ok "$@" && metrics_ok "$@"
}

# usage NAME ARGS...: exit 2, one line on stderr naming NAME, no output.
usage() {
	want=$1
	shift
	run "$@"
	[ "$rc" = 2 ] || { echo "exit $rc, want 2"; cat "$TMP/err"; return 1; }
	[ "$(lines "$TMP/err")" = 1 ] ||
		{ echo "stderr is not one line:"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/out" ] || { echo "stdout:"; cat "$TMP/out"; return 1; }
	# The option by its name: "--delay", or "-d" but not "--d".
	grep -Eq -- "(^|[^-])$want([^a-z-]|\$)" "$TMP/err" ||
		{ echo "does not name $want:"; cat "$TMP/err"; return 1; }
}

# runtime WORD ARGS...: exit 1, one line on stderr containing WORD.
runtime() {
	want=$1
	shift
	run "$@"
	[ "$rc" = 1 ] || { echo "exit $rc, want 1"; cat "$TMP/err"; return 1; }
	[ "$(lines "$TMP/err")" = 1 ] ||
		{ echo "stderr is not one line:"; cat "$TMP/err"; return 1; }
	grep -qF -- "$want" "$TMP/err" ||
		{ echo "does not say $want:"; cat "$TMP/err"; return 1; }
}

[ -x "$BIN" ] || { echo "e2e: no binary at $BIN"; exit 1; }
# The metrics checks need promtool and the reference OpenMetrics parser.
OMPY=${OMPY:-/usr/bin/python3}
command -v promtool >/dev/null &&
	$OMPY -c 'import prometheus_client.openmetrics.parser' 2>/dev/null ||
	{ echo "e2e: no promtool or python3-prometheus-client: make deps"; exit 1; }

# --- JSON against the reference model ---
t "json: all rows" filters_ok "$TINY"
t "json: -N 5" filters_ok "$TINY" -N 5
t "json: -N 1 -n 3" filters_ok "$TINY" -N 1 -n 3
t "json: --once" filters_ok "$TINY" --once
t "json: -n 2" filters_ok "$TINY" -n 2
for key in bytes calls dbytes dcalls rate growth avg module function file; do
	t "json: -o $key" json_ok "$TINY" -o "$key" -N 40
	t "json: --sort=-$key" json_ok "$TINY" "--sort=-$key" -N 40
	t "json: --sort=+$key" json_ok "$TINY" "--sort=+$key" -N 40
done
t "json: -m slub" filters_ok "$TINY" -m slub
t "json: -m across parts" filters_ok "$TINY" -m "c:31 [allocmod] func"
t "json: -m !mm/" filters_ok "$TINY" -m '!mm/'
t "json: -m no match" filters_ok "$TINY" -m no_such_thing
t "json: --module allocmod" filters_ok "$TINY" --module allocmod
t "json: --module ''" filters_ok "$TINY" --module ''
t "json: --module long (trimmed)" filters_ok "$TINY" \
	--module an_out_of_tree_module_with_a_name_much_longer_than_sixty_three_bytes
t "json: --module suffix" filters_ok "$TINY" \
	--module t_of_tree_module_with_a_name_much_longer_than_sixty_three_bytes
t "json: --module prefix matches nothing" filters_ok "$TINY" \
	--module an_out_of_tree_module_with_a_name_much_longer_than_sixty_thr
t "json: --function" filters_ok "$TINY" --function alloc_slab_page
t "json: --file" filters_ok "$TINY" --file mm/slub.c
t "json: --file --line" filters_ok "$TINY" \
	--file samples/allocmod/allocmod.c --line 31
t "json: --line" filters_ok "$TINY" --line 94
t "json: --inaccurate yes" filters_ok "$TINY" --inaccurate yes
t "json: --inaccurate no" filters_ok "$TINY" --inaccurate no
t "json: --min-bytes 4K" filters_ok "$TINY" --min-bytes 4K
t "json: --max-bytes 0" filters_ok "$TINY" --max-bytes 0
t "json: --min-bytes 1K --max-bytes 1.5M" filters_ok "$TINY" \
	--min-bytes 1K --max-bytes 1.5M
t "json: --min-bytes 0 --max-bytes 0" filters_ok "$TINY" \
	--min-bytes 0 --max-bytes 0
t "json: kernel filter and -m and -N" filters_ok "$TINY" \
	--module '' --min-bytes 1 -m fs/ -N 7 --sort=-dbytes
t "json: defconfig duplicates" filters_ok "$DEFC"
t "json: defconfig --file binfmt_elf" filters_ok "$DEFC" --file fs/binfmt_elf.c
t "json: defconfig -N 25 -o dbytes" filters_ok "$DEFC" -N 25 -o dbytes

# Not vacuous: the captures hold what the model is checked on.
facts() {
	run -r "$TINY" -b -f json
	python3 - "$TMP/out" <<'PYEOF'
import json, sys
s = [json.loads(x) for x in open(sys.argv[1])]
states = [sorted(r["state"] for r in x["rows"] if r["state"] != "live")
          for x in s]
assert states == [[], ["new"] * 4, [], ["gone"] * 4, ["new"] * 4], states
assert s[0]["tags"] == 759 and s[1]["tags"] == 763, [x["tags"] for x in s]
assert s[3]["shown"] == 763 and s[3]["tags"] == 759
assert any(r["bytes"] < 0 for r in s[2]["rows"])
assert any(r["dbytes"] < 0 for r in s[2]["rows"])
assert any(not r["accurate"] for r in s[1]["rows"])
assert max(len(r["module"]) for r in s[1]["rows"]) > 63
assert s[2]["content_id"] is None and s[3]["content_id"] == 3
assert s[0]["source"] == "capture"
PYEOF
}
t "json: the tiny capture's facts" facts

dups() {
	run -r "$DEFC" -b -f json
	python3 - "$TMP/out" <<'PYEOF'
import json, sys
s = [json.loads(x) for x in open(sys.argv[1])]
assert [x["tags"] for x in s] == [3880, 3880]
rows = [r for r in s[1]["rows"]
        if (r["file"], r["line"]) == ("fs/binfmt_elf.c", 1671)]
assert len(rows) == 2 and rows[0]["dbytes"] != rows[1]["dbytes"], rows
assert all(r["state"] == "live" for r in s[1]["rows"])
assert sorted(abs(r["dbytes"]) for r in s[1]["rows"]) == list(range(1, 3881))
PYEOF
}
t "json: defconfig duplicates keep their own deltas" dups

# --- metrics: names that are terminal escapes, quotes, backslashes ---
t "metrics: escape sequences in names" metrics_ok "$DATA/ui-escape.cap"
hostile_metrics() {
	printf '@sample 1 tags=3\n 4096 1 a\\b.c:1 func:q"uote\n 8 1 caf\303\251.c:2 [m\377] func:f\n 1 1 c.c:3 func:bell\007\n' >"$TMP/hostile.cap"
	metrics_ok "$TMP/hostile.cap" || return 1
	run -r "$TMP/hostile.cap" -b -f openmetrics
	grep -qF 'file="a\\b.c",line="1"' "$TMP/out" &&
		grep -qF 'function="q\"uote"' "$TMP/out" &&
		grep -qF 'module="m\\xff",function="f",file="caf\\xc3\\xa9.c"' "$TMP/out" &&
		grep -qF 'function="bell\\x07"' "$TMP/out" &&
		! LC_ALL=C grep -q '[^ -~]' "$TMP/out"
}
t "metrics: quotes, backslashes and high bytes escaped" hostile_metrics

# --- --diff OLD NEW ---
# diff_ok OLD NEW ARGS...: the JSON of the comparison is what the model says.
diff_ok() {
	old=$1
	new=$2
	shift 2
	run --diff "$old" "$new" -f json "$@"
	[ "$rc" = 0 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/err" ] || { echo "stderr:"; cat "$TMP/err"; return 1; }
	$PY diff "$TMP/out" "$old" "$new" "$@"
}
TINYDUMP=$DATA/allocinfo-6.12-tinyconfig.txt
DEFDUMP=$DATA/allocinfo-6.12-defconfig.txt
awk '/^@sample/ && n++ {exit} {print}' "$DEFC" >"$TMP/defc-first.cap"
awk '/^@sample/ && n++ {exit} {print}' "$TINY" >"$TMP/tiny-first.cap"
t "diff: two dumps" diff_ok "$TINYDUMP" "$DEFDUMP"
t "diff: two dumps, -o dbytes -N 10" diff_ok "$TINYDUMP" "$DEFDUMP" -o dbytes -N 10
t "diff: two dumps, --sort=-dcalls" diff_ok "$TINYDUMP" "$DEFDUMP" --sort=-dcalls
t "diff: two dumps, -o growth" diff_ok "$DEFDUMP" "$TINYDUMP" -o growth -N 50
t "diff: a dump against itself" diff_ok "$DEFDUMP" "$DEFDUMP"
t "diff: capture's last sample" diff_ok "$TMP/tiny-first.cap" "$TINY"
t "diff: --module allocmod" diff_ok "$TMP/tiny-first.cap" "$TINY" --module allocmod
t "diff: -m and --min-bytes" diff_ok "$TINYDUMP" "$DEFDUMP" -m fs/ --min-bytes 1K
t "diff: twins" diff_ok "$TMP/defc-first.cap" "$DEFC"
diff_facts() {
	run --diff "$TMP/tiny-first.cap" "$TINY" -f json
	python3 - "$TMP/out" <<'PYEOF' || return 1
import json, sys
s = [json.loads(x) for x in open(sys.argv[1])]
assert len(s) == 1 and s[0]["source"] == "diff"
rows = s[0]["rows"]
assert sorted(r["state"] for r in rows if r["state"] != "live") == \
    ["new"] * 4, rows
PYEOF
	run --diff "$DEFDUMP" "$TINYDUMP" -f json
	python3 - "$TMP/out" <<'PYEOF'
import json, sys
s = json.loads(open(sys.argv[1]).read())
gone = [r for r in s["rows"] if r["state"] == "gone"]
assert len(gone) > 3000 and all(r["bytes"] == 0 and r["dbytes"] <= 0
                                for r in gone)
assert any(r["dbytes"] < 0 for r in gone)
PYEOF
}
t "diff: appeared and vanished tags" diff_facts
diff_twins() {
	run --diff "$TMP/defc-first.cap" "$DEFC" -f json --file fs/binfmt_elf.c
	python3 - "$TMP/out" <<'PYEOF'
import json, sys
s = json.loads(open(sys.argv[1]).read())
rows = [r for r in s["rows"] if r["line"] == 1671]
assert len(rows) == 2 and rows[0]["dbytes"] != rows[1]["dbytes"], rows
assert all(r["state"] == "live" for r in rows)
PYEOF
}
t "diff: twins keep their own deltas" diff_twins
diff_formats() {
	run --diff "$TINYDUMP" "$DEFDUMP" -f csv -o dbytes -N 20
	[ "$rc" = 0 ] || return 1
	cp "$TMP/out" "$TMP/diff.csv"
	run --diff "$TINYDUMP" "$DEFDUMP" -f json -o dbytes -N 20
	$PY csv "$TMP/diff.csv" "$TMP/out" || return 1
	run --diff "$TINYDUMP" "$DEFDUMP" -o dbytes -N 20
	[ "$rc" = 0 ] && [ "$(lines "$TMP/out")" = 22 ] &&
		head -n 1 "$TMP/out" | grep -q 'source: diff  tags: 3880 shown: 3883' ||
		{ head -n 3 "$TMP/out"; return 1; }
	run --diff "$TINYDUMP" "$DEFDUMP" -f prometheus -o dbytes -N 20
	promtool check metrics <"$TMP/out" || return 1
	grep -q '^allocinfo_diff_tags{change="vanished"} 3$' "$TMP/out" ||
		return 1
	[ "$(grep -c '^allocinfo_diff_bytes{' "$TMP/out")" = 20 ] || return 1
	run --diff "$TINYDUMP" "$DEFDUMP" -f openmetrics -o dbytes -N 20
	$OMPY - "$TMP/out" <<'PYEOF'
import sys
from prometheus_client.openmetrics.parser import \
    text_string_to_metric_families as parse
f = {m.name: m for m in parse(open(sys.argv[1]).read())}
rows = [s.value for s in f["allocinfo_diff_bytes"].samples]
assert len(rows) == 20 and rows == sorted(rows, reverse=True), rows
assert f["allocinfo_diff_bytes"].unit == "bytes"
total = f["allocinfo_diff_total_bytes"].samples[0].value
assert total == 10003792, total
PYEOF
}
t "diff: text, csv, prometheus and openmetrics" diff_formats

# --- --textfile DIR ---
# The file is the last sample's exposition, mode 0644 whatever the umask,
# with no temporary file left behind.
textfile_ok() {
	d=$TMP/tf
	rm -rf "$d"
	mkdir "$d"
	(umask 077; exec "$BIN" -r "$TINY" --textfile "$d" --speed 64 -m alloc \
		>"$TMP/out" 2>"$TMP/err")
	rc=$?
	[ "$rc" = 0 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] || return 1
	[ "$(ls -A "$d")" = allocinfo.prom ] || { ls -A "$d"; return 1; }
	[ "$(stat -c %a "$d/allocinfo.prom")" = 644 ] || return 1
	promtool check metrics <"$d/allocinfo.prom" || return 1
	run -r "$TINY" -b -f prometheus -m alloc
	awk '/^# HELP allocinfo_bytes /{n++} n == 5' "$TMP/out" >"$TMP/last.prom"
	cmp "$TMP/last.prom" "$d/allocinfo.prom"
}
t "textfile: the last sample, mode 0644" textfile_ok
# A reader never sees part of a file: every copy taken while the writer
# replaces it ends with the last family and holds every row it counts.  The
# replay lasts about four seconds, so that even a loaded machine (the
# sanitized run) copies the file ten times while it is being replaced.
textfile_atomic() {
	d=$TMP/tfa
	mkdir -p "$d"
	"$BIN" -r "$HERE/../kernel/vm/captures/vm-6.12-grow-saw.cap" \
		--textfile "$d" --speed 16 2>"$TMP/err" &
	pid=$!
	reads=0
	while kill -0 "$pid" 2>/dev/null; do
		cp "$d/allocinfo.prom" "$TMP/copy" 2>/dev/null || continue
		reads=$((reads + 1))
		tail -n 1 "$TMP/copy" | grep -q '^allocinfo_content_changes_total ' ||
			{ echo "torn after $reads reads"; kill "$pid"; return 1; }
		n=$(grep -c '^allocinfo_bytes{' "$TMP/copy")
		grep -q "^allocinfo_exported_tags $n\$" "$TMP/copy" ||
			{ echo "$n rows"; kill "$pid"; return 1; }
	done
	wait "$pid" || return 1
	echo "$reads reads"
	[ "$reads" -ge 10 ] && [ "$(ls -A "$d")" = allocinfo.prom ]
}
t "textfile: replaced whole, never torn" textfile_atomic
textfile_dir() {
	mkdir -p "$TMP/real"
	ln -sfn "$TMP/real" "$TMP/link"
	runtime "symbolic link" -r "$TINY" --textfile "$TMP/link" --speed 64 ||
		return 1
	grep -q -- "--textfile $TMP/link" "$TMP/err" || return 1
	runtime "$TMP/none" -r "$TINY" --textfile "$TMP/none" --speed 64 ||
		return 1
	: >"$TMP/plain"
	runtime "Not a directory" -r "$TINY" --textfile "$TMP/plain" ||
		return 1
	# A directory someone else owns: / as a user, a chowned one as root.
	if [ "$(id -u)" = 0 ]; then
		mkdir -p "$TMP/theirs"
		chown 65534 "$TMP/theirs"
		other=$TMP/theirs
	else
		other=/
	fi
	runtime "not owned by this user" -r "$TINY" --textfile "$other" &&
		[ ! -e "$other/allocinfo.prom" ]
}
t "textfile: a symlink, a file, a missing or foreign directory" textfile_dir

# --- CSV ---
csv_ok() {
	run -r "$TINY" -b -f csv "$@"
	[ "$rc" = 0 ] || return 1
	cp "$TMP/out" "$TMP/csv"
	run -r "$TINY" -b -f json "$@"
	$PY csv "$TMP/csv" "$TMP/out"
}
t "csv: header and rows" csv_ok
t "csv: -N 3 --module allocmod" csv_ok -N 3 --module allocmod
t "csv: quoting" csv_ok -m allocmod

# --- text ---
text_ok() {
	run -r "$TINY" --once -f text "$@"
	[ "$rc" = 0 ] || return 1
	head -n 1 "$TMP/out" | grep -q '^allocinfo-top - .*source: capture.*tags: 759' &&
		[ "$(lines "$TMP/out")" = $((759 + 2)) ]
}
t "text: --once" text_ok
t "text: --bytes" text_ok --bytes
once_is_n1() {
	run -r "$TINY" --once -f json
	cp "$TMP/out" "$TMP/once"
	run -r "$TINY" -b -n 1 -f json
	cmp "$TMP/once" "$TMP/out" && [ "$(lines "$TMP/out")" = 1 ]
}
t "--once is -b -n 1" once_is_n1

# --- usage errors: exit 2, one line naming the option ---
t "usage: -d 0" usage --delay -d 0
t "usage: -d x" usage --delay -d x
t "usage: --delay=-1" usage --delay --delay=-1
t "usage: -d missing" usage --delay -d
t "usage: -bd missing" usage --delay -bd
t "usage: --delay missing" usage --delay --delay
t "usage: -n 0" usage --iterations -n 0
t "usage: -n x" usage --iterations -n x
t "usage: -o nope" usage --sort -o nope
t "usage: -N 0" usage --lines -N 0
t "usage: -N x" usage --lines -N x
t "usage: -f xml" usage --format -f xml
t "usage: -s nope" usage --source -s nope
t "usage: --line x" usage --line --line x
t "usage: --inaccurate maybe" usage --inaccurate --inaccurate maybe
t "usage: --min-bytes lots" usage --min-bytes --min-bytes lots
t "usage: --max-bytes 1X" usage --max-bytes --max-bytes 1X
t "usage: --min-bytes 9E" usage --min-bytes --min-bytes 9E
t "usage: min > max" usage --min-bytes --min-bytes 2K --max-bytes 1K
t "usage: --module with a space" usage --module --module 'a b'
t "usage: --function with a space" usage --function --function 'a b'
t "usage: --file with a space" usage --file --file 'a b'
t "usage: --window 0" usage --window --window 0
t "usage: unknown long option" usage --nope --nope
t "usage: unknown short option" usage -x -x
t "usage: stray argument" usage stray -b stray
t "usage: -r and -w the same file" usage --record -r "$TMP/x" -w "$TMP/x"
t "usage: --diff one file" usage --diff --diff "$TMP/x"
t "usage: --diff three files" usage "'$TMP/z'" --diff "$TMP/x" "$TMP/y" "$TMP/z"
t "usage: --diff and --replay" usage --diff --diff "$TMP/x" "$TMP/y" -r "$TMP/x"
t "usage: --textfile missing" usage --textfile --textfile
t "usage: --speed 100" usage --speed --speed 100

# --- runtime errors: exit 1, one line naming the file ---
t "runtime: -r missing file" runtime "$TMP/missing.cap" -r "$TMP/missing.cap" -b
bad_capture() {
	cp "$TINY" "$TMP/bad.cap"
	# Break line 2000 (in the third sample).
	sed -i '2000s/func:/fnc:/' "$TMP/bad.cap"
	runtime "$TMP/bad.cap:2000:" -r "$TMP/bad.cap" -b -f json || return 1
	# The samples before it were printed.
	[ "$(lines "$TMP/out")" = 2 ]
}
t "runtime: malformed capture names file:line" bad_capture
bad_separator() {
	printf '@sample 1 tags=1\n1 1 a.c:1 func:f \n@sample soon\n' >"$TMP/sep.cap"
	runtime "$TMP/sep.cap:3:" -r "$TMP/sep.cap" -b -f json
}
t "runtime: bad separator names file:line" bad_separator
t "runtime: -F missing" runtime "$TMP/nope" -F "$TMP/nope" -b --once
t "runtime: --diff OLD missing" runtime "$TMP/old-missing" \
	--diff "$TMP/old-missing" "$TINY"
t "runtime: --diff NEW missing" runtime "$TMP/new-missing" \
	--diff "$TINY" "$TMP/new-missing"
t "runtime: -s ioctl on a plain file" runtime "no allocinfo ioctl" \
	-s ioctl -F "$DATA/allocinfo-6.12-tinyconfig.txt" -b --once
t "runtime: -w into a missing directory" runtime "$TMP/no/dir.cap" \
	-r "$TINY" -b -f json -w "$TMP/no/dir.cap"

# --- a truncated last sample is dropped, the rest replayed ---
truncated() {
	head -c -25 "$TINY" >"$TMP/cut.cap"
	run -r "$TMP/cut.cap" -b -f json
	[ "$rc" = 0 ] || return 1
	grep -q "cut.cap:.*truncated" "$TMP/err" &&
		[ "$(lines "$TMP/err")" = 1 ] &&
		[ "$(lines "$TMP/out")" = 4 ] &&
		$PY verify "$TMP/out" -r "$TMP/cut.cap"
}
t "truncated last sample" truncated
truncated_separator() {
	cp "$TINY" "$TMP/cutsep.cap"
	printf '@sample 1796371210.5 content_id=5 sou' >>"$TMP/cutsep.cap"
	run -r "$TMP/cutsep.cap" -b -f json
	[ "$rc" = 0 ] || return 1
	grep -q "cutsep.cap:.*truncated" "$TMP/err" &&
		[ "$(lines "$TMP/out")" = 5 ] &&
		$PY verify "$TMP/out" -r "$TMP/cutsep.cap"
}
t "truncated separator: every complete sample kept" truncated_separator

# --- the text source through -F (no ioctl on a plain file) ---
text_source() {
	run -F "$DATA/allocinfo-6.12-tinyconfig.txt" -b -n 2 -d 0.05 -f json \
		--module '' --min-bytes 1
	[ "$rc" = 0 ] || return 1
	grep -q "as text" "$TMP/err" || return 1
	grep -q '"source":"text"' "$TMP/out" || return 1
	head -n 1 "$TMP/out" >"$TMP/text.json"
	# The same rows as the capture of the same dump, same filter.
	run -r "$DATA/allocinfo-6.12-tinyconfig.txt" --once -f json \
		--module '' --min-bytes 1
	$PY same "$TMP/text.json" "$TMP/out" --rows
}
t "text source: same rows as the capture" text_source

# --- recording: -w while replaying, then replay the recording ---
record_replay() {
	rec=$TMP/rec.cap
	run -r "$TINY" -b -f json -w "$rec"
	[ "$rc" = 0 ] || return 1
	cp "$TMP/out" "$TMP/first.json"
	[ "$(stat -c %a "$rec")" = 600 ] || { echo "mode"; return 1; }
	run -r "$rec" -b -f json
	[ "$rc" = 0 ] || return 1
	$PY same "$TMP/first.json" "$TMP/out" || return 1
	# Recording again appends.
	run -r "$TINY" -b -f json -w "$rec" -n 2
	[ "$($PY samples "$rec")" = 7 ]
}
t "record and replay give the same rows" record_replay
record_filtered() {
	rec=$TMP/recf.cap
	run -r "$DEFC" -b -f json -w "$rec" --file fs/binfmt_elf.c -N 3
	cp "$TMP/out" "$TMP/first.json"
	run -r "$rec" -b -f json -N 3
	$PY same "$TMP/first.json" "$TMP/out"
}
t "record with a filter and replay" record_filtered

# --- a recorder killed mid-run keeps every complete sample ---
killed() {
	live=$TMP/live.txt
	rec=$TMP/killed.cap
	cp "$DATA/allocinfo-6.12-tinyconfig.txt" "$live"
	"$BIN" -F "$live" -d 0.05 -w "$rec" -b -f json >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	n=$($PY samples "$rec")
	[ "$n" -ge 2 ] || { echo "$n samples"; return 1; }
	run -r "$rec" -b -f json
	[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
	[ "$(lines "$TMP/out")" = "$n" ] || return 1
	python3 -c '
import json, sys
for x in open(sys.argv[1]):
    assert json.loads(x)["tags"] == 759
' "$TMP/out" || return 1
	$PY verify "$TMP/out" -r "$rec" || return 1
	# Cut inside the last sample: it is dropped, with a notice.
	size=$(stat -c %s "$rec")
	head -c $((size - 300)) "$rec" >"$TMP/killed-cut.cap"
	run -r "$TMP/killed-cut.cap" -b -f json
	[ "$rc" = 0 ] && [ "$(lines "$TMP/out")" = $((n - 1)) ] &&
		grep -q "killed-cut.cap:.*truncated" "$TMP/err"
}
t "killed recorder: complete samples replay" killed

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
