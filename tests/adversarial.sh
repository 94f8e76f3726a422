#!/bin/sh
# The adversarial suite: allocinfo-top against what a box in trouble and a
# hostile user can hand it.  Recorders killed with -9 in a loop and
# restarted, a full disk, two recorders on one file, captures cut and
# glued, symbolic links, other users' and open files as root, FIFOs,
# devices, a capture truncated while it replays, huge numbers, odd lines
# and terminal escapes in names.  Parts that need root (other users' files,
# a small tmpfs) say so and use a fallback or are reported as not run.
# Usage: ALLOCINFO_TOP=./allocinfo-top tests/adversarial.sh
set -u

BIN=${ALLOCINFO_TOP:-./allocinfo-top}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/data
TINY=$DATA/e2e-tiny.cap
TMP=$(mktemp -d "${TMPDIR:-/tmp}/allocinfo-adv.XXXXXX")
MNT=
cleanup() {
	[ -z "$MNT" ] || umount "$MNT" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
# tmux sockets live in $TMP too.
export TMUX_TMPDIR="$TMP"
pass=0
fail=0
notrun=0
ROOT=false
[ "$(id -u)" = 0 ] && ROOT=true

# t NAME FUNCTION ARGS...: run one test; its output is shown on failure.
t() {
	name=$1
	shift
	if "$@" >"$TMP/log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
		sed 's/^/    /' "$TMP/log" | head -n 30
	fi
}

# not_run NAME WHY: a test this machine cannot run, said out loud.
not_run() {
	notrun=$((notrun + 1))
	echo "NOT RUN: $1: $2"
}

# Run the binary (at most 20 s): stdout to $TMP/out, stderr to $TMP/err.
run() {
	timeout 20 "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
}

lines() {
	wc -l <"$1" | tr -d ' '
}

# refused WORD ARGS...: exit 1 at once, one line on stderr with WORD.
refused() {
	want=$1
	shift
	run "$@"
	[ "$rc" = 1 ] || { echo "exit $rc, want 1"; cat "$TMP/err"; return 1; }
	[ "$(lines "$TMP/err")" = 1 ] ||
		{ echo "stderr is not one line:"; cat "$TMP/err"; return 1; }
	grep -qF -- "$want" "$TMP/err" ||
		{ echo "does not say '$want':"; cat "$TMP/err"; return 1; }
}

# samples FILE: the separator lines in a capture.
samples() {
	grep -c '^@sample' "$1"
}

# replays_whole CAPTURE TAGS: every sample replays, with TAGS tags each,
# and without a word on stderr.
replays_whole() {
	run -r "$1" -b -f json -N 1
	[ "$rc" = 0 ] || { echo "replay: exit $rc"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/err" ] || { echo "replay said:"; cat "$TMP/err"; return 1; }
	n=$(samples "$1")
	[ "$(lines "$TMP/out")" = "$n" ] ||
		{ echo "$(lines "$TMP/out") of $n samples replayed"; return 1; }
	python3 - "$TMP/out" "$2" <<'EOF' || return 1
import json, sys
for i, x in enumerate(open(sys.argv[1])):
    tags = json.loads(x)["tags"]
    assert tags == int(sys.argv[2]), "sample %d has %d tags" % (i, tags)
EOF
}

# A capture of big samples (about 1.2 MB each), so that a kill or a full
# disk lands inside a write: N samples of 20000 tags.
big_capture() {
	python3 - "$1" "$2" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for s in range(n):
        f.write("@sample %d.5 tags=20000\n" % (1800000000 + s))
        for i in range(20000):
            f.write("%12d %8d drivers/big/file%04d.c:%d [bigmod] func:f_%d \n"
                    % (4096 * (i + s), i + s, i % 1000, i, i))
EOF
}

[ -x "$BIN" ] || { echo "adversarial: no binary at $BIN"; exit 1; }
big_capture "$TMP/big.cap" 12

# --- lost evidence ---

# A recorder killed with -9 again and again, restarted on the same file
# each time: every sample in the file replays, none glued or cut.
kill_loop() {
	rec=$TMP/killed.cap
	rm -f "$rec"
	cuts=0
	made=0
	i=0
	while [ $i -lt 100 ]; do
		i=$((i + 1))
		"$BIN" -r "$TMP/big.cap" -b -f json -N 1 -w "$rec" \
			>/dev/null 2>"$TMP/rec.err" &
		pid=$!
		sleep "0.$(( (i * 37) % 9 + 1 ))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		grep -q 'cut short' "$TMP/rec.err" && cuts=$((cuts + 1))
		# Every fifth kill also leaves the file cut inside its last
		# sample, as a kill inside a write does: an ASan build spends
		# so long parsing that its kills rarely land in a write.
		size=$(stat -c %s "$rec" 2>/dev/null || echo 0)
		if [ $((i % 5)) = 0 ] && [ "$size" -gt 200000 ]; then
			truncate -s $((size - 1 - (i * 7919) % 100000)) "$rec"
			made=$((made + 1))
		fi
		[ $cuts -ge 3 ] && [ $i -ge 12 ] && break
	done
	# One more restart repairs what the last kill cut, and completes.
	run -r "$TMP/big.cap" -b -f json -N 1 -w "$rec" -n 2
	[ "$rc" = 0 ] || { echo "last recorder: exit $rc"; cat "$TMP/err"; return 1; }
	grep -q 'cut short' "$TMP/err" && cuts=$((cuts + 1))
	echo "$i kills, $made of them with the file cut after, $cuts cut samples repaired, $(samples "$rec") samples"
	[ $cuts -ge 1 ] && [ $cuts -ge $made ] ||
		{ echo "a cut sample was not repaired"; return 1; }
	replays_whole "$rec" 20000
}
t "recorder killed with -9 in a loop, restarted" kill_loop

# A disk that fills in the middle of a sample: the recorder stops with one
# line naming the file, the partial sample is taken back out, and a
# recorder restarted on the full disk does the same.
disk_full() {
	dir=$TMP/small
	mkdir -p "$dir"
	if $ROOT && mount -t tmpfs -o size=3m tmpfs "$dir" 2>/dev/null; then
		MNT=$dir
		for k in 1 2; do
			refused "No space left on device" -r "$TMP/big.cap" -b \
				-f json -N 1 -w "$dir/rec.cap" || return 1
		done
		kept=$(samples "$dir/rec.cap")
		echo "tmpfs of 3 MiB: $kept samples kept"
		replays_whole "$dir/rec.cap" 20000 || return 1
		umount "$dir"
		MNT=
		[ "$kept" -ge 1 ]
		return
	else
		# Without root: the file size limit fails the write the same
		# way (EFBIG instead of ENOSPC).
		echo "no tmpfs (not root): RLIMIT_FSIZE instead"
		for k in 1 2; do
			(trap '' XFSZ; ulimit -f 3000; refused "File too large" \
				-r "$TMP/big.cap" -b -f json -N 1 \
				-w "$dir/rec.cap") || return 1
		done
		replays_whole "$dir/rec.cap" 20000 || return 1
	fi
	[ "$(samples "$dir/rec.cap")" -ge 1 ]
}
t "disk full during a sample" disk_full

# Two recorders on one file: the second is refused while the first runs.
two_recorders() {
	rec=$TMP/two.cap
	cp "$DATA/allocinfo-6.12-tinyconfig.txt" "$TMP/live.txt"
	"$BIN" -F "$TMP/live.txt" -d 0.2 -b -f json -N 1 -w "$rec" \
		>/dev/null 2>&1 &
	pid=$!
	n=0
	while [ ! -s "$rec" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	refused "locked" -F "$TMP/live.txt" -b -n 1 -w "$rec"
	ok=$?
	kill "$pid"
	wait "$pid" 2>/dev/null
	[ $ok = 0 ] || return 1
	replays_whole "$rec" 759
}
t "two recorders on one file" two_recorders

# What an older recorder left: a sample cut inside a line with the next one
# glued onto it, and a short sample in the middle.  The reader names both
# lines in one notice and replays every complete sample.
glued() {
	cap=$TMP/glued.cap
	head -n 800 "$TINY" >"$cap"
	printf '      4096        1 mm/slub.c:24' >>"$cap"
	glue=$(( $(lines "$cap") + 1 ))
	cat "$TINY" >>"$cap"
	short=$(( $(lines "$cap") + 1 ))
	printf '@sample 1796371300 tags=3\n1 1 a.c:1 func:f \n' >>"$cap"
	cat "$TINY" >>"$cap"
	run -r "$cap" -b -f json -N 1
	[ "$rc" = 0 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	[ "$(lines "$TMP/err")" = 1 ] || { cat "$TMP/err"; return 1; }
	grep -q "glued.cap:[0-9]*: 2 samples are truncated.*$short" \
		"$TMP/err" || { cat "$TMP/err"; return 1; }
	first=$(sed -n 's/.*glued.cap:\([0-9]*\):.*/\1/p' "$TMP/err")
	[ "$first" -lt "$glue" ] || { echo "first cut at $first"; return 1; }
	want=$(( $(samples "$TINY") * 2 + 1 ))
	[ "$(lines "$TMP/out")" = "$want" ] ||
		{ echo "$(lines "$TMP/out") samples, want $want"; return 1; }
}
t "cut and glued samples in the middle" glued

# Whatever the recorder writes reads back: names with escapes, blanks and
# bytes above 0x7f, recorded and replayed, give the same rows.
round_trip() {
	run -r "$DATA/ui-escape.cap" -b -f json
	[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
	cp "$TMP/out" "$TMP/first.json"
	run -r "$DATA/ui-escape.cap" -b -f json -w "$TMP/esc.cap"
	run -r "$TMP/esc.cap" -b -f json
	[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
	cmp "$TMP/first.json" "$TMP/out"
}
t "recorder round trip over odd names" round_trip

# --- -w as root ---

SAFE=$TMP/safe
mkdir -p "$SAFE"
chmod 700 "$SAFE"
printf 'root only\n' >"$SAFE/secret"
chmod 600 "$SAFE/secret"

# The target of a refused -w is left as it was.
untouched() {
	[ "$(cat "$SAFE/secret")" = "root only" ] ||
		{ echo "the target was written"; return 1; }
}

symlink_sticky() {
	sticky=$TMP/sticky
	mkdir -p "$sticky"
	chmod 1777 "$sticky"
	ln -sf "$SAFE/secret" "$sticky/cap"
	if $ROOT; then
		chown -h nobody "$sticky/cap" 2>/dev/null
	fi
	refused "symbolic link" -r "$TINY" -b -n 1 -w "$sticky/cap" &&
		untouched || return 1
	# A dangling one is not created through either.
	ln -sf "$SAFE/new" "$sticky/dangling"
	refused "symbolic link" -r "$TINY" -b -n 1 -w "$sticky/dangling" &&
		[ ! -e "$SAFE/new" ]
}
t "-w: a symbolic link planted in a sticky directory" symlink_sticky

foreign_file() {
	f=$TMP/theirs.cap
	printf 'theirs\n' >"$f"
	chmod 600 "$f"
	chown nobody "$f"
	refused "owned by another user" -r "$TINY" -b -n 1 -w "$f" &&
		[ "$(cat "$f")" = theirs ]
}
if $ROOT; then
	t "-w: another user's file" foreign_file
else
	not_run "-w: another user's file" "needs root to give a file away"
fi

open_file() {
	f=$TMP/open.cap
	printf '' >"$f"
	for mode in 644 640 604 620 602 666; do
		chmod "$mode" "$f"
		refused "chmod 600" -r "$TINY" -b -n 1 -w "$f" || return 1
		[ ! -s "$f" ] || { echo "mode $mode: written"; return 1; }
	done
	chmod 600 "$f"
	run -r "$TINY" -b -n 1 -w "$f"
	[ "$rc" = 0 ] && [ -s "$f" ]
}
t "-w: a file group or others may read or write" open_file

hard_link() {
	ln -f "$SAFE/secret" "$TMP/hard.cap"
	refused "hard link" -r "$TINY" -b -n 1 -w "$TMP/hard.cap" && untouched
}
t "-w: a second name for a root-only file" hard_link

same_file() {
	cp "$TINY" "$TMP/same.cap"
	chmod 600 "$TMP/same.cap"
	sum=$(cksum <"$TMP/same.cap")
	(cd "$TMP" && refused "the file being read" -r ./same.cap -b \
		-w same.cap) || return 1
	ln -sf same.cap "$TMP/alias.cap"
	(cd "$TMP" && refused "the file being read" -r alias.cap -b \
		-w "$TMP/same.cap") || return 1
	(cd "$TMP" && refused "the file being read" \
		-F "$TMP/same.cap" -s text -b -n 1 -w ./same.cap) || return 1
	[ "$(cksum <"$TMP/same.cap")" = "$sum" ]
}
t "-w: the file being read, under another name" same_file

# --- inputs that are not files ---

fifos() {
	mkfifo "$TMP/fifo"
	refused "not a regular file" -r "$TMP/fifo" -b || return 1
	refused "not a regular file" -F "$TMP/fifo" -b -n 1 || return 1
	refused "not a regular file" -F "$TMP/fifo" -s text -b -n 1 || return 1
	refused "not a regular file" -F "$TMP/fifo" -s ioctl -b -n 1 || return 1
	refused "not a regular file" -r "$TINY" -b -n 1 -w "$TMP/fifo"
}
t "FIFOs without a peer: refused, never a hang" fifos

devices() {
	refused "not a regular file" -r /dev/zero -b || return 1
	refused "not a regular file" -F /dev/zero -b -n 1 || return 1
	refused "not a regular file" -F /dev/zero -s text -b -n 1 || return 1
	refused "not a regular file" -r /dev/urandom -b || return 1
	refused "not a regular file" -r "$TINY" -b -n 1 -w /dev/full || return 1
	refused "not a regular file" -r "$TMP" -b
}
t "/dev/zero and other devices: refused at once" devices

# The settings file of the screen as a FIFO, /dev/zero or a huge file:
# the screen still starts and ends (one sample), within the time limit.
config_files() {
	cfg=$TMP/cfg/allocinfo-top
	mkdir -p "$cfg"
	for kind in fifo zero huge; do
		rm -f "$cfg/config"
		case $kind in
		fifo) mkfifo "$cfg/config" ;;
		zero) ln -s /dev/zero "$cfg/config" ;;
		huge) head -c 2000000 /dev/zero | tr '\0' '#' >"$cfg/config" ;;
		esac
		XDG_CONFIG_HOME=$TMP/cfg TERM=xterm timeout 20 script -qec \
			"$BIN -r $TINY -n 1" /dev/null >"$TMP/screen" 2>&1 </dev/null
		rc=$?
		[ "$rc" = 0 ] || { echo "$kind: exit $rc"; return 1; }
	done
}
if command -v script >/dev/null; then
	t "settings file: FIFO, /dev/zero, huge" config_files
else
	not_run "settings file: FIFO, /dev/zero, huge" "no script(1)"
fi

# A capture cut short while it replays: an error naming the file, never
# SIGBUS.  In batch, over a big capture; on the screen, a paced replay.
shrink_batch() {
	big_capture "$TMP/s.cap" 40
	rm -f "$TMP/pipe"
	mkfifo "$TMP/pipe"
	# Every row of a sample is megabytes of JSON: the replay waits in
	# the first sample's output, past the index, until the pipe drains.
	"$BIN" -r "$TMP/s.cap" -b -f json >"$TMP/pipe" 2>"$TMP/err" &
	pid=$!
	exec 3<"$TMP/pipe"
	dd bs=1 count=1 <&3 >/dev/null 2>&1
	truncate -s 2000000 "$TMP/s.cap"
	cat <&3 >/dev/null
	exec 3<&-
	wait "$pid"
	rc=$?
	[ "$rc" = 1 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	grep -q "s.cap:.*shrank" "$TMP/err" || { cat "$TMP/err"; return 1; }
}
t "capture truncated during a batch replay" shrink_batch

shrink_screen() {
	python3 - "$TMP/p.cap" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    for s in range(30):
        f.write("@sample %d tags=2\n" % (1800000000 + s))
        f.write("  %d 1 a.c:1 func:f \n  1 1 b.c:2 func:g \n" % (4096 * s))
EOF
	(cd "$TMP" && TERM=xterm timeout -s INT 6 script -qec \
		"$BIN -r p.cap" /dev/null >"$TMP/screen" 2>&1 </dev/null) &
	pid=$!
	sleep 2.5
	truncate -s 100 "$TMP/p.cap"
	wait "$pid"
	rc=$?
	# Stopped by the time limit (SIGINT ends it as q does), not a fault.
	case $rc in 0|124|130) ;; *) echo "exit $rc"; return 1 ;; esac
	grep -q "shrank" "$TMP/screen" ||
		{ echo "no error on the screen"; return 1; }
}
if command -v script >/dev/null; then
	t "capture truncated while the screen replays it" shrink_screen
else
	not_run "capture truncated while the screen replays it" "no script(1)"
fi

# --- the cost of a replay ---

# The position of the replay on the screen of tmux session a: "x64 123/400".
replay_pos() {
	$TM capture-pane -p -t a 2>/dev/null |
		sed -n 's|.*replay x[0-9.]* \([0-9]*\)/400.*|\1|p' | head -n 1
}

# Wait (at most $2 tenths of a second) until replay_pos says $1.
wait_pos() {
	n=0
	while [ "$(replay_pos)" != "$1" ] && [ $n -lt "$2" ]; do
		sleep 0.1
		n=$((n + 1))
	done
	[ "$(replay_pos)" = "$1" ]
}

# Stepping back through a paused replay: 40 presses of [ on a capture of
# 400 samples of 1000 tags reach their sample within seconds (each press
# read the capture from its first sample on the loop thread: 15 to 25 s
# frozen).
step_back() {
	python3 - "$TMP/steps.cap" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    for s in range(400):
        f.write("@sample %d tags=1000\n" % (1800000000 + s))
        for i in range(1000):
            f.write("%12d %8d mm/file%03d.c:%d func:f_%d \n"
                    % (4096 * (i + s), i, i % 100, i, i))
EOF
	TM="tmux -L adv-$$ -f /dev/null"
	$TM new-session -d -s a -x 80 -y 24 \
		"env TERM=screen XDG_CONFIG_HOME=$TMP/none $BIN -r $TMP/steps.cap"
	# Paused at once, then forward to sample 200 a step at a time.
	n=0
	while [ -z "$(replay_pos)" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	$TM send-keys -t a Z
	sleep 0.5
	from=$(replay_pos)
	i=$from
	while [ "$i" -lt 200 ]; do
		$TM send-keys -t a ']'
		i=$((i + 1))
	done
	wait_pos 200 600 || {
		echo "at $(replay_pos), not 200"
		$TM kill-server
		return 1
	}
	start=$(date +%s.%N)
	i=0
	while [ $i -lt 40 ]; do
		$TM send-keys -t a '['
		i=$((i + 1))
	done
	wait_pos 160 300
	ok=$?
	took=$(python3 -c 'import sys, time; print("%.1f" % (time.time() - float(sys.argv[1])))' "$start")
	$TM capture-pane -p -t a | head -n 2
	$TM kill-server
	echo "from 200 to 160 in ${took}s"
	[ $ok = 0 ] &&
		python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= 8)' "$took"
}
if command -v tmux >/dev/null; then
	t "40 steps back in a 400-sample replay stay fast" step_back
else
	not_run "40 steps back in a 400-sample replay" "no tmux"
fi

# --- numbers and lines no kernel writes ---

huge_numbers() {
	cap=$TMP/huge.cap
	{
		echo "@sample 1800000000 tags=4"
		echo "9223372036854775807 18446744073709551615 a.c:1 func:a "
		echo "9223372036854775807 18446744073709551615 b.c:2 func:b "
		echo "0 0 c.c:3 func:c "
		echo "0 0 d.c:4 func:d "
		echo "@sample 1800000000.000001 tags=4"
		echo "-9223372036854775808 0 a.c:1 func:a "
		echo "9223372036854775807 18446744073709551615 b.c:2 func:b "
		echo "9223372036854775807 18446744073709551615 c.c:3 func:c "
		echo "0 0 d.c:4 func:d "
	} >"$cap"
	run -r "$cap" -b -f json
	[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
	python3 - "$TMP/out" <<'EOF' || return 1
import json, sys
a, b = [json.loads(x) for x in open(sys.argv[1])]
# Two 8 EiB tags: the total stops at the limit (it was -2).
assert a["bytes"] == 2**63 - 1, a["bytes"]
assert a["calls"] == 2**64 - 1, a["calls"]
# Exact where it fits: -2^63 + 2 (2^63 - 1) = 2^63 - 2.
assert b["bytes"] == 2**63 - 2, b["bytes"]
c = [r for r in b["rows"] if r["function"] == "c"][0]
assert c["dbytes"] == 2**63 - 1 and c["growth"] == 2**63 - 1, c
a1 = [r for r in b["rows"] if r["function"] == "a"][0]
assert a1["dbytes"] == -2**63 and a1["dcalls"] == -2**63, a1
EOF
	for args in "-f text" "-f text --bytes" "-f csv" "-o slope" \
		"-o rate" "-o avg -N 4611686018427387904" "-o -growth -N 1"; do
		# shellcheck disable=SC2086
		run -r "$cap" -b $args
		[ "$rc" = 0 ] || { echo "$args: exit $rc"; cat "$TMP/err"; return 1; }
	done
	printf '@sample 1e20\n1 1 a.c:1 func:f \n' >"$TMP/t.cap"
	refused "t.cap:1: time in separator out of range" -r "$TMP/t.cap" -b ||
		return 1
	printf '@sample 1 tags=1\n1 1 a.c:1 func:f \n@sample 253402300800\n' \
		>"$TMP/t.cap"
	refused "t.cap:3: time" -r "$TMP/t.cap" -b
}
t "huge numbers: saturated, no crash" huge_numbers

# pane_wait TMUX PATTERN FILE: capture the pane into FILE until it shows
# PATTERN, for at most 10 s (a loaded machine may take seconds to redraw).
pane_wait() {
	n=0
	while $1 capture-pane -p -t a >"$3" 2>/dev/null &&
		! grep -q "$2" "$3" && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}

# The screen with counts at the limits: a change of 8 EiB in a microsecond
# is +8.0E per second in the table and the detail, not a conversion out of
# range (which gave -8.0E).
huge_screen() {
	printf '%s\n' '@sample 1800000000 tags=2' '0 0 c.c:3 func:c ' \
		'5 1 d.c:4 func:d ' '@sample 1800000000.000001 tags=2' \
		'9223372036854775807 18446744073709551615 c.c:3 func:c ' \
		'5 1 d.c:4 func:d ' >"$TMP/hs.cap"
	TM="tmux -L adv-$$-h -f /dev/null"
	$TM new-session -d -s a -x 100 -y 24 \
		"env TERM=screen XDG_CONFIG_HOME=$TMP/none $BIN -r $TMP/hs.cap"
	# Both samples in: pausing before the second would show the first.
	pane_wait "$TM" ' 2/2' "$TMP/table"
	$TM send-keys -t a Z 1
	pane_wait "$TM" '^ *8\.0E *+8\.0E .*c\.c:3' "$TMP/table"
	$TM send-keys -t a Home Enter
	pane_wait "$TM" 'last interval +8\.0E, +8\.0E/s' "$TMP/detail"
	$TM kill-server
	grep -q '^ *8\.0E *+8\.0E .*c\.c:3' "$TMP/table" ||
		{ cat "$TMP/table"; return 1; }
	grep -q 'last interval +8\.0E, +8\.0E/s' "$TMP/detail" ||
		{ cat "$TMP/detail"; return 1; }
}
if command -v tmux >/dev/null; then
	t "huge numbers on the screen: per second and in the detail" huge_screen
else
	not_run "huge numbers on the screen" "no tmux"
fi

huge_options() {
	for args in "-n 99999999999999999999" "-d 1e-300" "-d 1e400" \
		"--window 1e400" "--window nan" "-d inf" "--min-bytes 8E" \
		"--max-bytes 99999999999999999999" "--line 18446744073709551616" \
		"-N 18446744073709551615"; do
		# shellcheck disable=SC2086
		run -r "$TINY" -b $args
		[ "$rc" = 2 ] || { echo "$args: exit $rc"; cat "$TMP/err"; return 1; }
		[ "$(lines "$TMP/err")" = 1 ] || { cat "$TMP/err"; return 1; }
	done
	run -r "$TINY" -b -N 4611686018427387904 -f json -n 1
	[ "$rc" = 0 ]
}
t "huge option values: usage errors or saturated" huge_options

odd_lines() {
	cap=$TMP/odd.cap
	{
		echo "# recorded on box 7, before the first sample"
		echo "--- a rule"
		echo
		echo "@sample 1800000000 tags=3"
		echo "allocinfo - version: 2.0"
		echo "--- x"
		echo "  # x"
		echo "	4096	1	tab.c:1	func:tabbed "
		printf '  8192 2 crlf.c:2 func:crlf \r\n'
		echo "  1 1 a.c:3 [m] func:f accurate:no "
		echo "@sample 1800000001 tags=3"
		echo "	4096	1	tab.c:1	func:tabbed "
		echo "  8192 2 crlf.c:2 func:crlf "
		echo "  2 1 a.c:3 [m] func:f accurate:no "
	} >"$cap"
	run -r "$cap" -b -f json
	[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/err" ] || { cat "$TMP/err"; return 1; }
	python3 - "$TMP/out" <<'EOF'
import json, sys
s = [json.loads(x) for x in open(sys.argv[1])]
assert len(s) == 2, len(s)
# No empty first sample: the first has every tag, none of them "new".
assert s[0]["tags"] == 3 and s[0]["bytes"] == 4096 + 8192 + 1, s[0]
assert all(r["state"] == "live" and r["dbytes"] == 0 for r in s[0]["rows"])
assert s[1]["dbytes"] == 1, s[1]
EOF
}
t "odd lines: comments, rules, tabs, CRLF" odd_lines

# No byte of a name reaches the terminal raw, in any format.
escapes() {
	for f in text json csv; do
		run -r "$DATA/ui-escape.cap" -b -f "$f"
		[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
		python3 - "$TMP/out" "$f" <<'EOF' || return 1
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if (b < 0x20 and b != 0x0a) or b >= 0x7f]
assert not bad, "%s: raw bytes %r" % (sys.argv[2], sorted(set(bad)))
EOF
	done
}
t "control bytes in names: escaped in text, JSON and CSV" escapes

# History is sized from the window and the samples' own times, not from -d:
# 300 samples 1 s apart, growing 1000 B/s for 150 s then flat.  The least
# squares slope over the 300 s window is 502.5 B/s whatever -d says.
window_times() {
	cap=$TMP/window.cap
	python3 - "$cap" <<'EOF' || return 1
import sys
with open(sys.argv[1], "w") as f:
    for i in range(300):
        f.write("@sample %d\n" % (1700000000 + i))
        f.write("  %d %d mm/x.c:1 func:grow\n" % (4096 + 1000 * min(i, 150),
                                                 1 + min(i, 150)))
        f.write("  8192 2 mm/y.c:2 func:flat\n")
EOF
	for d in 1 0.01 30; do
		run -r "$cap" -b -f csv -d "$d" --window 300 -o slope -N 1
		[ "$rc" = 0 ] || { cat "$TMP/err"; return 1; }
		tail -n 1 "$TMP/out" | grep -q ',502\.500,' ||
			{ echo "-d $d:"; tail -n 1 "$TMP/out"; return 1; }
	done
}
t "history sized from the window and sample times, not -d" window_times

echo "$pass passed, $fail failed, $notrun not run"
[ "$fail" = 0 ]
