#!/bin/sh
# End-to-end tests of the interactive screen: the real binary in a tmux
# pane of 80x24, driven by send-keys and read back by capture-pane.
# Usage: tests/tmux.sh [path to allocinfo-top]   (ALLOCINFO_TOP also works)
set -u

BIN=${1:-${ALLOCINFO_TOP:-./allocinfo-top}}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
DATA=tests/data
LEAK=$DATA/ui-leak.cap
EVIL=$DATA/ui-escape.cap
BIG=$DATA/allocinfo-6.12-defconfig.txt
TMP=$(mktemp -d "${TMPDIR:-/tmp}/aitop-tmux.XXXXXX")
# The sockets live in $TMP, so that cleaning up removes them too.
export TMUX_TMPDIR="$TMP"
RUN=0
T="tmux -L aitop-test-$$-$RUN -f /dev/null"
PASS=0
FAIL=0
# How long to wait for text before failing, in tenths of a second.
WAIT=${TMUX_TEST_WAIT:-100}

cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

command -v tmux >/dev/null || { echo "tmux.sh: tmux is not installed (make deps)"; exit 1; }

ok() {
	PASS=$((PASS + 1))
	echo "ok $PASS+$FAIL - $1"
}

not_ok() {
	FAIL=$((FAIL + 1))
	echo "not ok $PASS+$FAIL - $1"
	echo "# screen:"
	screen | sed 's/^/#   /'
}

check() {
	if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

screen() {
	$T capture-pane -p -t t 2>/dev/null
}

# Line n (from 1) of the screen.
line() {
	screen | sed -n "${1}p"
}

# The first table row (line 7: five header lines, the column headings).
first_row() {
	line 7
}

# Evaluate the expression $1 every 0.1 s until it holds, $WAIT times at most.
poll() {
	_n=0
	while [ $_n -lt "$WAIT" ]; do
		eval "$1" && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# Wait until the screen contains the fixed string $1.
wait_for() {
	_want=$1
	poll 'screen | grep -qF -- "$_want"'
}

# Wait until the first row contains $1.
wait_row() {
	_want=$1
	poll 'first_row | grep -qF -- "$_want"'
}

# Wait until the first line is no longer $1.
changed_from() {
	_was=$1
	poll '[ "$(line 1)" != "$_was" ]'
}

# A read already on its way may still land: wait for the frame to settle.
settle() {
	i=0
	prev=$(screen)
	while [ $i -lt 50 ]; do
		sleep 0.3
		cur=$(screen)
		[ "$cur" = "$prev" ] && return 0
		prev=$cur
		i=$((i + 1))
	done
	return 1
}

# Wait until a file exists.
wait_file() {
	_file=$1
	poll '[ -s "$_file" ]'
}

# Start the program in a fresh 80x24 pane.  The pane's shell records the
# terminal settings before and after, the program's pid and its exit
# status.  Extra environment goes in $ENV_EXTRA.
start() {
	$T kill-server 2>/dev/null
	# A fresh server each time: a dying one may still hold the old socket.
	RUN=$((RUN + 1))
	T="tmux -L aitop-test-$$-$RUN -f /dev/null"
	rm -f "$TMP/before" "$TMP/after" "$TMP/pid" "$TMP/status"
	cat >"$TMP/run.sh" <<EOS
ulimit -c 0
stty -a >"$TMP/before"
sh -c 'echo \$\$ >"$TMP/pid"; exec env TERM=screen-256color LANG=C.UTF-8 LC_ALL= XDG_CONFIG_HOME="$TMP/cfg" ${ENV_EXTRA:-} "$BIN" "\$@"' sh "\$@"
echo \$? >"$TMP/status.tmp"
stty -a >"$TMP/after"
mv "$TMP/status.tmp" "$TMP/status"
exec sleep 600
EOS
	$T new-session -d -s t -x 80 -y 24 sh "$TMP/run.sh" "$@"
	$T set-option -t t status off >/dev/null
	$T resize-window -t t -x 80 -y 24 2>/dev/null
	wait_file "$TMP/pid"
}

# Wait for the program to end; prints its exit status.
wait_exit() {
	wait_file "$TMP/status" && cat "$TMP/status"
}

keys() {
	$T send-keys -t t "$@"
}

# Pause a replay and go to sample $1 with [ and ].
goto_sample() {
	keys Z
	wait_for PAUSED || return 1
	step_to "$1"
}

# In a paused replay, go to sample $1 with [ and ], one at a time.
step_to() {
	i=0
	while [ $i -lt 400 ]; do
		cur=$(line 1 | sed -n 's/.*replay x[0-9.]* \([0-9]*\)\/.*/\1/p')
		[ -n "$cur" ] || { sleep 0.1; i=$((i + 1)); continue; }
		[ "$cur" -eq "$1" ] && return 0
		if [ "$cur" -gt "$1" ]; then keys '['; else keys ']'; fi
		want=$cur
		j=0
		while [ $j -lt 50 ]; do
			now=$(line 1 | sed -n 's/.*replay x[0-9.]* \([0-9]*\)\/.*/\1/p')
			[ -n "$now" ] && [ "$now" != "$want" ] && break
			sleep 0.05
			j=$((j + 1))
		done
		i=$((i + 1))
	done
	return 1
}

stty_same() {
	wait_file "$TMP/after" && cmp -s "$TMP/before" "$TMP/after"
}

# --- The header and the first row, on a real defconfig dump. ---
start -r "$BIG"
TAGS=$(grep -c '^ *[0-9]' "$BIG")
TOP=$(sort -n -k1,1 "$BIG" | tail -1 | sed 's/.*func:\([^ ]*\).*/\1/' | cut -c1-10)
check "header shows the capture source" 'wait_for "Source capture $BIG"'
check "header counts the tags ($TAGS)" 'wait_for "Tags $TAGS shown / $TAGS"'
check "first row is the largest tag ($TOP)" 'wait_row "$TOP"'
keys q
check "q exits 0" '[ "$(wait_exit)" = 0 ]'
check "q leaves stty -a as it was" 'stty_same'

# --- Sorting, on the leak capture paused at sample 5. ---
start -r "$LEAK"
check "replay starts" 'wait_for "replay x1"'
check "pause and step to sample 5" 'goto_sample 5'
check "M: bytes first" 'keys M; wait_row big_table'
check "R: reversed, smallest first" 'keys R; wait_row helper_00'
check "R again: largest first" 'keys R; wait_row big_table'
check "D: delta bytes first" 'keys D; wait_row leaky_alloc'
check "L: the steady leak first" 'keys L; wait_row leaky_alloc && wait_for "Sort slope"'
check "R on slope: the shrinker first" 'keys R; wait_row ext4_fill'
check "< moves the sort left (growth)" 'keys R M ">" ">"; wait_for "Sort growth"'
check "> then < comes back to dbytes" 'keys "<"; wait_for "Sort dbytes" && wait_row leaky_alloc'
check "F6 chooser sorts by calls" 'keys M F6; wait_for "Sort by" && keys Down Enter; wait_for "Sort calls" && wait_row ext4_fill'
check "o chooser, Esc keeps the sort" 'keys o; wait_for "Sort by" && keys Escape; sleep 0.2; wait_for "Sort calls"'

# --- Stepping through a paused replay. ---
check "] steps forward" 'keys "]"; wait_for "replay x1 6/240"'
check "[ steps back" 'keys "["; wait_for "replay x1 5/240"'

# --- The kernel filter form. ---
keys f
check "f opens the form" 'wait_for "[ ] module"'
keys l e a k m o d Enter
check "the header shows the applied mask" 'wait_for "Kernel filter module=leakmod"'
check "only the module's tag is left" 'wait_for "Tags 1 shown / 1 passed / 30" && wait_row leaky_alloc'
keys f Down Down Down x y z Enter
check "an invalid line shows an error" 'wait_for "invalid line '"'"'xyz'"'"'"'
check "the form stays open" 'wait_for "[x] line"'
check "the old filter stays in force" 'line 4 | grep -qF "Kernel filter module=leakmod (mask 0x1, in userspace)"'
keys Escape
check "= clears every filter" 'keys =; wait_for "Kernel filter none" && wait_for "Tags 30 shown / 30"'
check "m pins the selected tag's module" 'keys Home; sleep 0.2; keys L; wait_row leaky_alloc && keys m; wait_for "Kernel filter module=leakmod"'
keys =
check "min > max is refused" 'keys f Down Down Down Down Down 9 M Down 1 K Enter; wait_for "min-bytes is larger than max-bytes"'
keys Escape

# --- Userspace filter, search, detail, group view. ---
check "\\ filters as it is typed" 'keys "\\" x f s; wait_for "Tags 1 shown / 30" && wait_row xfs_buf_al'
check "Esc clears the userspace filter" 'keys Escape; wait_for "Tags 30 shown / 30"'
check "! negates the userspace filter" 'keys F4 "!" h e l p e r Enter; wait_for "Tags 6 shown / 30"'
keys =
check "/ finds a tag and Enter shows its detail" 'keys / n f _ c t Enter; sleep 0.2; keys Enter; wait_for "function      nf_ct_alloc" && wait_for "inaccurate counters"'
check "the detail has a history graph" 'wait_for "history       " && wait_for "samples, 3.0M .. 3.0M"'
check "Esc goes back to the table" 'keys Escape; wait_for "FUNCTION"'
check "t groups by module" 'keys t; wait_for "group view: module" && wait_for "leakmod  (1 tag)"'
check "Right expands a group" 'keys M Home Right; sleep 0.3; screen | grep -c "helper_" | grep -qv "^0$"'
check "m on a module group pins it" 'keys Home Left; sleep 0.2; keys Down; sleep 0.2; keys m; wait_for "Kernel filter module=ext4" && wait_for "Tags 1 shown / 1 passed"'
keys =
check "t t t back to tags" 'keys t t t; wait_for "group view: none"'
check "help lists the keys" 'keys h; wait_for "F1 h ?" && wait_for "show this help"'
check "help scrolls to its last key" 'keys End; wait_for "keep the sort"'
check "any key leaves the help" 'keys x; wait_for "FUNCTION"'

# --- Pause freezes, unpause moves on. ---
keys Z
check "unpaused" 'sleep 0.3; ! line 1 | grep -qF PAUSED'
keys Z
check "Z pauses" 'wait_for PAUSED'
settle
A=$(screen)
sleep 1.5
B=$(screen)
check "the paused frame does not change" '[ "$A" = "$B" ]'
keys Z
PA=$(echo "$A" | sed -n '1s/.*replay x[0-9.]* \([0-9]*\)\/.*/\1/p')
moved_on() {
	poll 'p=$(line 1 | sed -n "s/.*replay x[0-9.]* \([0-9]*\)\/.*/\1/p");
		[ -n "$p" ] && [ "$p" -gt "$PA" ] && [ "$(screen)" != "$A" ]'
}
check "unpausing moves on" 'moved_on'
check "+ doubles the replay speed" 'keys +; wait_for "replay x2"'
check "- halves it" 'keys -; wait_for "replay x1 "'

# --- Resizing. ---
$T resize-window -t t -x 60 -y 15
check "60x15 still shows the table" 'wait_for "Tags 30" && wait_for "FUNCTION" && ! screen | grep -q "too small"'
$T resize-window -t t -x 20 -y 5
check "20x5 says too small" 'wait_for "too small"'
$T resize-window -t t -x 80 -y 24
check "80x24 again draws the whole screen" 'wait_for "Tags 30" && wait_for "F10Quit" && ! screen | grep -q "too small"'
check "the screen is 24 lines of at most 80 columns" '[ "$(screen | wc -l)" -eq 24 ] && [ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le 80 ]'

# --- W saves the settings; the command line wins over them. ---
keys L W
check "W saves the config" 'wait_for "saved $TMP/cfg/allocinfo-top/config" && grep -qx "sort = slope" "$TMP/cfg/allocinfo-top/config"'
keys q
check "q after resizing leaves stty -a as it was" '[ "$(wait_exit)" = 0 ] && stty_same'
start -r "$LEAK"
check "the saved sort is read at start" 'wait_for "Sort slope"'
keys q
wait_exit >/dev/null
start -r "$LEAK" -o calls
check "the command line wins over the config" 'wait_for "Sort calls"'
keys q
wait_exit >/dev/null
rm -rf "$TMP/cfg"

# --- SIGTERM, SIGHUP and SIGINT restore the terminal. ---
for sig in TERM HUP INT; do
	start -r "$LEAK"
	wait_for "replay x1" >/dev/null
	kill -s $sig "$(cat "$TMP/pid")"
	st=$(wait_exit)
	check "SIG$sig exits (status $st)" '[ -n "$st" ] && [ "$st" -gt 128 ]'
	check "SIG$sig leaves stty -a as it was" 'stty_same'
done

# --- SIGSEGV, SIGABRT and SIGQUIT restore the terminal, then kill. ---
for sig in SEGV:139 ABRT:134 QUIT:131; do
	start -r "$LEAK"
	wait_for "replay x1" >/dev/null
	kill -s "${sig%:*}" "$(cat "$TMP/pid")"
	st=$(wait_exit)
	check "SIG${sig%:*} kills it (status $st)" '[ "$st" = "${sig#*:}" ]'
	check "SIG${sig%:*} leaves stty -a as it was" 'stty_same'
done

# --- Stepping back shows what reading forward showed. ---
# A module loads at sample 22 of this capture; the checkpoints a step back
# starts from are every 16 samples.
VM=kernel/vm/captures/vm-6.12-grow-saw.cap
# The screen but the cost of the last refresh, which varies, and the
# bottom line, where messages come and go.
snap() {
	screen | sed -e '$d' -e 's/Cost [^)]*)//'
}
same_as() {
	_want=$1
	poll '[ "$(snap)" = "$_want" ]'
}
start -r "$VM"
check "pause and step forward to sample 22, where a module loads" 'goto_sample 22 && keys D && wait_for "Sort dbytes" && S22=$(snap) && [ -n "$S22" ]'
check "step forward to sample 47, sorted by slope" 'step_to 47 && keys L && wait_for "Sort slope" && S47=$(snap) && [ -n "$S47" ]'
check "step forward to the last sample" 'step_to 64'
check "[ back to sample 47 shows what reading forward showed" 'step_to 47 && same_as "$S47"'
check "[ back to 22: the new module, deltas and trends as forward" 'keys D && wait_for "Sort dbytes" && step_to 22 && same_as "$S22"'
keys q
wait_exit >/dev/null

# --- Names with escape sequences are shown escaped. ---
$T kill-server 2>/dev/null
start -r "$EVIL"
check "escape sequences are shown escaped" 'wait_for "evil\x1b[2J\x1b]"'
check "a file name is escaped too (w: full names)" 'keys w; wait_for "evil/\x1b[31mred.c:2" && keys w'
check "the detail shows the whole escaped name" 'keys End Enter; wait_for "function      evil\x1b[2J\x1b]2;PWNED\x07title"'
check "the pane title did not change" '! $T display-message -p -t t "#{pane_title}" | grep -q PWNED'
check "the screen was not cleared" 'wait_for "Tags 2 shown / 2"'
check "q in the detail pane returns to the table" 'keys q; wait_for FUNCTION && ! screen | grep -q "^ Detail"'
keys q
check "q exits 0 after the escape test" '[ "$(wait_exit)" = 0 ] && stty_same'

# --- A live text source: delay, sample now, pause; colours. ---
TINY=$DATA/allocinfo-6.12-tinyconfig.txt
start -s text -F "$TINY" -d 30
check "a live source says its delay" 'wait_for "every 30s" && wait_for "Source text $TINY"'
check "d opens empty and sets the delay" 'keys d 0 . 5 Enter; wait_for "every 0.5s"'
check "a bad delay is refused" 'keys s C-u x Enter; wait_for "delay: expected seconds" && wait_for "every 0.5s"'
check "the live screen shows colour" '$T capture-pane -e -p -t t | grep -q "$(printf "\033")\[[0-9;]*3[0-7]m"'
check "1 shows deltas per second" 'keys 1; wait_for "B/s"'
check "Z pauses a live source" 'keys Z; wait_for PAUSED'
check "Space samples now (while paused too)" 'keys Space; sleep 0.5; wait_for "Tags "'
check "Ctrl-L redraws" 'keys C-l; sleep 0.3; wait_for "F10Quit"'
check "F10 quits" 'keys F10; [ "$(wait_exit)" = 0 ] && stty_same'
start -F "$TINY"
check "a kernel without the ioctl is one calm header word" 'wait_for "Source text $TINY" && sleep 0.5 && ! screen | grep -q "no allocinfo ioctl"'
keys q
wait_exit >/dev/null
start -C -s text -F "$TINY"
check "-C draws no colour" 'wait_for "Tags " && ! $T capture-pane -e -p -t t | grep -q "$(printf "\033")\[[0-9;]*3[0-7]m"'
keys q
wait_exit >/dev/null
ENV_EXTRA="NO_COLOR=1" start -s text -F "$TINY"
check "NO_COLOR draws no colour" 'wait_for "Tags " && ! $T capture-pane -e -p -t t | grep -q "$(printf "\033")\[[0-9;]*3[0-7]m"'
keys q
wait_exit >/dev/null
ENV_EXTRA="LANG=C LC_ALL=C" start -r "$LEAK"
check "ASCII sparklines without UTF-8" 'wait_for "dBYTES" && wait_row "_____" && ! screen | grep -q "$(printf "\342\226")"'
keys q
wait_exit >/dev/null

# --- The selection keeps its place; F makes it follow its tag. ---
# The selected tag is $1: Enter shows its detail.
selected_is() {
	keys Enter
	wait_for "function      $1" || return 1
	keys Escape
	wait_for FUNCTION
}
start -C -r "$LEAK"
check "the first row starts selected" 'wait_for "replay x1" && selected_is big_table_alloc'
check "search selects a tag" 'keys / l e a k y Enter; selected_is leaky_alloc'
check "F: the header says FOLLOW" 'keys F; wait_for FOLLOW'
check "the selection follows its tag through a filter" 'keys "\\" l e a k Enter; wait_for "Tags 1 shown" && wait_row leaky && selected_is leaky_alloc'
check "and back when the filter goes" 'keys "\\" C-u Enter; wait_for "Tags 30 shown" && selected_is leaky_alloc && ! first_row | grep -q leaky'
P0=$(line 1)
check "the selection stays across refreshes" 'changed_from "$P0" && selected_is leaky_alloc'
keys q
wait_exit >/dev/null

# --- The incident screen at 80x24: position, history, names, context. ---
GROW=kernel/vm/captures/vm-6.12-grow-saw.cap
ORIGIN=$DATA/ui-origin.cap
# The text of column $2 (a heading) on screen line $1, up to heading $3.
cell() {
	screen | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
h = next(l for l in lines if "FUNCTION" in l and "FILE:LINE" in l)
row = lines[int(sys.argv[1]) - 1]
print(row[h.index(sys.argv[2]):h.index(sys.argv[3])].strip())' "$@"
}
# The detail pane of the selected tag shows function $1 (a head, when cut).
detail_is() {
	keys Enter
	wait_for "function      ${1%…}" || return 1
	keys Escape
	wait_for FUNCTION
}
start -C -r "$GROW" -o slope
check "the first frame selects the top row" 'wait_for "replay x1" && keys Z && wait_for PAUSED && F1=$(cell 7 FUNCTION FILE:LINE) && [ -n "$F1" ] && detail_is "$F1"'
check "the screen counts the rows below it" 'wait_for "↓8"'
keys Z + + + +
check "a full replay with -o slope ends" 'WAIT=300 wait_for "64/64 end"'
check "the growing module's row is on screen" 'screen | sed -n "7,23p" | grep -q "alloc_grow_chunk" && line 6 | grep -q "LEAK/s"'
check "its row is the top one, selected" 'cell 7 FUNCTION FILE:LINE | grep -q "^alloc_grow_chunk" && detail_is alloc_grow_chunk'
check "PgDn shows rows above the screen" 'keys NPage; wait_for "↑"'
$T resize-window -t t -x 60 -y 15
$T resize-window -t t -x 80 -y 24
check "a resize shows the top of the order" 'wait_for "F10Quit" && cell 7 FUNCTION FILE:LINE | grep -q "^alloc_grow_chunk" && ! line 5 | grep -q "↑"'
keys q
wait_exit >/dev/null

# GROWTH and history of a built-in tag across a kernel-filter round trip.
growth_of() {
	keys / "$1" Enter
	wait_for FUNCTION >/dev/null
	keys Enter
	wait_for "function      $1" >/dev/null || return 1
	G=$(screen | sed -n "s/.*growth \([^ ]*\) since.*/\1/p")
	H=$(screen | sed -n "s/.*history *\([0-9]*\) samples.*/\1/p")
	keys Escape
	wait_for FUNCTION >/dev/null
	[ -n "$G" ] && [ -n "$H" ]
}
start -C -r "$LEAK"
check "the replay pauses at sample 20" 'goto_sample 20'
check "spiky_alloc has grown" 'growth_of spiky_alloc && [ "$G" = "+64K" ] && G0=$G && H0=$H'
check "m filters to the leaking module" 'keys / l e a k y Enter m; wait_for "Kernel filter module=leakmod" && wait_for "Tags 1 shown"'
check "= clears it" 'keys =; wait_for "Kernel filter none" && wait_for "Tags 30 shown"'
check "spiky_alloc keeps its GROWTH and history" 'growth_of spiky_alloc && [ "$G" = "$G0" ] && [ "$H" -ge "$H0" ]'
check "a built-in tag is back with its history" 'growth_of helper_00 && [ "$H" -ge 19 ]'
check "rapid ] step one sample each" 'keys "]" "]" "]" "]"; wait_for "replay x1 24/240"'
check "an emptied field in the form is off" 'keys f && wait_for "[ ] module      _" && keys l e a k && wait_for "[x] module      leak_" && keys BSpace BSpace BSpace BSpace && wait_for "[ ] module      _" && keys Enter && wait_for "kernel filter: none" && wait_for "Tags 30 shown"'
check "messages clear by themselves" 'keys / z z z z Enter; wait_for "not found" && WAIT=100 poll "! screen | grep -q \"not found\""'
keys q
wait_exit >/dev/null

# Names: whole up to 24 characters at 80 columns, every cut marked.
start -r "$ORIGIN"
check "a replay shows the capture's host and release" 'wait_for "db-7 6.12.9" && ! line 1 | grep -qF "$(uname -r)"'
check "the header puts the total against MemTotal" 'wait_for "Bytes 22M (0) of 16G MemTotal, 0.1%"'
check "the header shows the kernel's own memory" 'wait_for "Slab 684M (0)  VmallocUsed 15M (0)  PageTables 4.5M (0)"'
check "its deltas move with the samples" 'wait_for "Slab 684M (+8.0K)" && wait_for "PageTables 4.5M (+4.0K)"'
check "a 19-character function is whole" 'wait_for "__filemap_get_folio " && wait_for "alloc_task_struct_node "'
check "every cut name is marked" 'screen | python3 tests/screen-names.py "$ORIGIN" 3'
check "w shows full names" 'keys w; wait_for "a_module_name_that_is_long a_function_name_longer"'
check "Right scrolls them" 'keys Right Right Right Right Right Right; wait_for "_than_any_column_can_hold drivers/a/very/long/path" && keys Right Right Right; wait_for "/source_file_name.c:1234"'
check "Left scrolls them back" 'keys Left Left Left Left Left Left Left Left Left; wait_for "  a_module_name_that_is_long"'
check "w again cuts them" 'keys w; wait_for "a_function_name_longer_tha…"'
check "e shows exact bytes" 'keys e; poll "line 3 | grep -qE \"Bytes [0-9]{8} \\(\"" && keys e; wait_for "Bytes 22M"'
check "T shares the trend scale, and says so" 'wait_for "Trend row" && keys T; wait_for "Trend shared"'
check "b marks the growth baseline" 'keys b && wait_for "Growth since" && wait_for "GROWTH counts from now" && keys B && wait_for "GROWTH counts from first seen" && ! screen | grep -q "Growth since"'
check "help lines wrap, whole, at 80 columns" 'keys h; wait_for "in the group view, expand or" && screen | grep -qx " *collapse" && keys x'
keys q
check "q quits from the table" '[ "$(wait_exit)" = 0 ]'
start -r "$BIG"
check "0 hides the tags with nothing, and counts them" 'wait_for "Tags 3880" && keys 0; wait_for "zero hidden)" && ! screen | grep -q "Tags 3880 shown"'
check "every cut name is marked on a real kernel" 'screen | python3 tests/screen-names.py "$BIG"'
keys q
wait_exit >/dev/null

# --- Ctrl-Z and fg in a job-control shell. ---
if command -v bash >/dev/null; then
	$T kill-server 2>/dev/null
	RUN=$((RUN + 1))
	T="tmux -L aitop-test-$$-$RUN -f /dev/null"
	$T new-session -d -s t -x 80 -y 24 "env PS1='$ ' bash --norc --noprofile -i"
	$T set-option -t t status off >/dev/null
	keys "stty -a >$TMP/before; env TERM=screen-256color LANG=C.UTF-8 XDG_CONFIG_HOME=$TMP/cfg $BIN -r $LEAK" Enter
	check "started from a shell" 'wait_for "replay x1"'
	keys C-z
	check "Ctrl-Z gives the shell back" 'wait_for "Stopped"'
	# One line, so nothing is typed while the program still reads keys;
	# the marker is quoted so that the echoed line itself does not match.
	keys "stty -a >$TMP/stopped; fg; stty -a >$TMP/after; echo STTY-\"\"DONE" Enter
	check "fg brings the screen back" 'sleep 0.5; wait_for "Source capture"'
	keys q
	check "the terminal is as it was, stopped and after" 'wait_for STTY-DONE && cmp -s "$TMP/before" "$TMP/stopped" && stty_same'
fi

# --- A monochrome terminal. ---
ENV_EXTRA="TERM=vt100" start -r "$LEAK"
check "vt100 shows the screen" 'wait_for "Tags 30 shown" && wait_for "F10Quit"'
check "Space on an empty field asks for a value" 'keys f; wait_for "[ ] module" && keys Space; wait_for "module is empty: type a value"'
check "Space in the form switches a field" 'keys x && wait_for "[x] module      x_" && keys Space && wait_for "[ ] module      x_" && keys Space && wait_for "[x] module      x_" && keys Escape'
keys q
check "vt100: q exits 0 and restores the terminal" '[ "$(wait_exit)" = 0 ] && stty_same'

# --- A terminal that cannot do it. ---
ENV_EXTRA="TERM=dumb" start -r "$LEAK"
check "TERM=dumb fails with status 1" '[ "$(wait_exit)" = 1 ]'
check "TERM=dumb suggests -b" 'wait_for "TERM=dumb cannot show the interactive screen; use -b"'
ENV_EXTRA="TERM=no-such-terminal" start -r "$LEAK"
check "no terminfo fails with status 1" '[ "$(wait_exit)" = 1 ]'
check "no terminfo suggests -b" 'wait_for "no terminfo entry for TERM=no-such-terminal; use -b"'

echo "tmux: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
