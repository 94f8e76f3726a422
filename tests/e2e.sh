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

# --- JSON against the reference model ---
t "json: all rows" json_ok "$TINY"
t "json: -N 5" json_ok "$TINY" -N 5
t "json: -N 1 -n 3" json_ok "$TINY" -N 1 -n 3
t "json: --once" json_ok "$TINY" --once
t "json: -n 2" json_ok "$TINY" -n 2
for key in bytes calls dbytes dcalls rate growth avg module function file; do
	t "json: -o $key" json_ok "$TINY" -o "$key" -N 40
	t "json: --sort=-$key" json_ok "$TINY" "--sort=-$key" -N 40
	t "json: --sort=+$key" json_ok "$TINY" "--sort=+$key" -N 40
done
t "json: -m slub" json_ok "$TINY" -m slub
t "json: -m across parts" json_ok "$TINY" -m "c:31 [allocmod] func"
t "json: -m !mm/" json_ok "$TINY" -m '!mm/'
t "json: -m no match" json_ok "$TINY" -m no_such_thing
t "json: --module allocmod" json_ok "$TINY" --module allocmod
t "json: --module ''" json_ok "$TINY" --module ''
t "json: --module long (trimmed)" json_ok "$TINY" \
	--module an_out_of_tree_module_with_a_name_much_longer_than_sixty_three_bytes
t "json: --module suffix" json_ok "$TINY" \
	--module t_of_tree_module_with_a_name_much_longer_than_sixty_three_bytes
t "json: --module prefix matches nothing" json_ok "$TINY" \
	--module an_out_of_tree_module_with_a_name_much_longer_than_sixty_thr
t "json: --function" json_ok "$TINY" --function alloc_slab_page
t "json: --file" json_ok "$TINY" --file mm/slub.c
t "json: --file --line" json_ok "$TINY" \
	--file samples/allocmod/allocmod.c --line 31
t "json: --line" json_ok "$TINY" --line 94
t "json: --inaccurate yes" json_ok "$TINY" --inaccurate yes
t "json: --inaccurate no" json_ok "$TINY" --inaccurate no
t "json: --min-bytes 4K" json_ok "$TINY" --min-bytes 4K
t "json: --max-bytes 0" json_ok "$TINY" --max-bytes 0
t "json: --min-bytes 1K --max-bytes 1.5M" json_ok "$TINY" \
	--min-bytes 1K --max-bytes 1.5M
t "json: --min-bytes 0 --max-bytes 0" json_ok "$TINY" \
	--min-bytes 0 --max-bytes 0
t "json: kernel filter and -m and -N" json_ok "$TINY" \
	--module '' --min-bytes 1 -m fs/ -N 7 --sort=-dbytes
t "json: defconfig duplicates" json_ok "$DEFC"
t "json: defconfig --file binfmt_elf" json_ok "$DEFC" --file fs/binfmt_elf.c
t "json: defconfig -N 25 -o dbytes" json_ok "$DEFC" -N 25 -o dbytes

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
