#!/bin/sh
# Bytes the interactive screen writes to the terminal per refresh, in
# steady state at 80x24, measured with tmux pipe-pane.
# Usage: tests/bench/ui-bytes.sh [allocinfo-top] [seconds]
set -eu

BIN=${1:-./allocinfo-top}
SECS=${2:-10}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aitop-bytes.XXXXXX")
# The sockets live in $TMP, so that cleaning up removes them too.
export TMUX_TMPDIR="$TMP"
T="tmux -L aitop-bytes-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM

position() {
	$T capture-pane -p -t b | sed -n '1s/.*replay x[0-9.]* \([0-9]*\)\/.*/\1/p'
}

# $1: label; the rest: arguments.  Refreshes are counted by the replay
# position when there is one, else by the delay.
measure() {
	label=$1
	shift
	$T kill-server 2>/dev/null || true
	$T new-session -d -s b -x 80 -y 24 \
		"env TERM=screen-256color LANG=C.UTF-8 XDG_CONFIG_HOME=$TMP $BIN $*"
	$T set-option -t b status off >/dev/null
	sleep 3
	: >"$TMP/out"
	p0=$(position)
	$T pipe-pane -t b -o "cat >>$TMP/out"
	sleep "$SECS"
	$T pipe-pane -t b
	p1=$(position)
	sleep 0.2
	bytes=$(wc -c <"$TMP/out")
	if [ -n "$p0" ]; then
		n=$((p1 - p0))
	else
		n=$(echo "$SECS / $DELAY" | bc)
	fi
	echo "$label: $bytes bytes in $n refreshes: $((bytes / n)) bytes per refresh"
}

# 30 tags of which 5 change per sample, one sample every 0.5 s.
python3 - "$TMP/five.cap" <<'EOS'
import sys
out = []
for i in range(120):
    out.append("@sample %d.%d tags=30\n" % (1796371200 + i // 2, 5 * (i % 2)))
    for k in range(30):
        b = (30 - k) * 65536 + (i * 4096 if k % 6 == 0 else 0)
        out.append("%12d %8d kernel/f%d.c:%d func:fn_%02d \n" % (b, k + 1, k, k, k))
open(sys.argv[1], "w").write("".join(out))
EOS

DELAY=0.5
measure "replay, 30 tags of which 5 change" -r "$TMP/five.cap"
measure "replay, 30 tags all changing (tests/data/ui-leak.cap)" -r tests/data/ui-leak.cap
measure "text source, 3880 tags unchanged, -d $DELAY" -s text -F tests/data/allocinfo-6.12-defconfig.txt -d $DELAY
