#!/bin/sh
# The in-VM suite, run by kernel/vm/check inside the guest (busybox sh).
# It prints results and raw material for the host, which judges the JSON:
#   @@RESULT ok|fail|skip NAME [reason]
#   @@BEGIN NAME ... @@END NAME rc=N     (the output of one command)
#   @@BEGIN64 NAME ... @@END NAME rc=N   (the same, gzip -1 | base64)
#   @@VAR NAME VALUE                      (a value the host needs)
#   @@TIME NAME START END                 (when a step began and ended, in
#                                          seconds of the guest's uptime)
# usage: guest-check.sh [--m32]
set -u
m32=
[ "${1:-}" = --m32 ] && m32=1
M=/modules
P=/sys/module

result() {
	echo "@@RESULT $*"
}

# The guest's uptime in seconds, without a fork: steps are timed by it.
uptime_s() {
	read -r up _ </proc/uptime
	echo "$up"
}

# capture NAME COMMAND...: run a command, framing and timing its output.
capture() {
	name=$1
	shift
	read -r cap_t0 _ </proc/uptime
	echo "@@BEGIN $name"
	"$@"
	rc=$?
	echo "@@END $name rc=$rc"
	echo "@@TIME $name $cap_t0 $(uptime_s)"
	return $rc
}

param() {
	cat "$P/$1/parameters/$2" 2>/dev/null || echo 0
}

# capture_z NAME COMMAND...: capture, the output packed with gzip -1 and
# base64.  The serial port is the guest's only way out and a slow one: under
# the debug kernel each byte crosses the tty layer with KASAN and lockdep
# watching, about 36 KB/s (a 200 KB JSON sample of 940 tags took 5.6 s, the
# same packed to 22 KB took 0.3 s).  The JSON runs are most of the bytes.
capture_z() {
	name=$1
	shift
	read -r cap_t0 _ </proc/uptime
	"$@" >/tmp/capture.out 2>&1
	rc=$?
	echo "@@BEGIN64 $name"
	gzip -1c /tmp/capture.out | base64
	echo "@@END $name rc=$rc"
	echo "@@TIME $name $cap_t0 $(uptime_s)"
	return $rc
}

# The text file's line for a function of a module: "bytes calls file:line".
text_tag() {
	awk -v m="[$1]" -v f="func:$2" '$4 == m && $5 == f { print $1, $2, $3; exit }' /proc/allocinfo
}

echo "# guest: $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
echo "@@TIME boot 0 $(uptime_s)"
if [ ! -r /proc/allocinfo ]; then
	result fail proc_allocinfo "no /proc/allocinfo"
	exit 1
fi
result ok proc_allocinfo "$(grep -c . /proc/allocinfo) lines, $(head -n 1 /proc/allocinfo)"

# Modules: each loads, shows its tags in the text file, and unloads.
t0=$(uptime_s)
for mod in alloc_grow alloc_long alloc_scale alloc_odd alloc_none; do
	if ! insmod "$M/$mod.ko"; then
		result fail "module_$mod" "insmod failed"
		continue
	fi
	n=$(grep -c "\[$mod\]" /proc/allocinfo)
	want=1
	[ $mod = alloc_long ] && want=3
	[ $mod = alloc_odd ] && want=2
	[ $mod = alloc_none ] && want=0
	[ $mod = alloc_scale ] && want=$(param alloc_scale callsites)
	if [ "$n" -ge "$want" ]; then
		result ok "module_$mod" "$n tags (want >= $want)"
	else
		result fail "module_$mod" "$n tags, want >= $want"
	fi
	rmmod "$mod" || result fail "module_${mod}_rmmod" "rmmod failed"
	n=$(grep -c "\[$mod\]" /proc/allocinfo)
	[ "$n" -eq 0 ] || result fail "module_${mod}_gone" "$n tags left after rmmod"
done

# Growth seen in the text file equals what alloc_grow says it holds.
insmod $M/alloc_grow.ko size=16384 interval_ms=50
sleep 1
a=$(param alloc_grow live_bytes)
t=$(text_tag alloc_grow alloc_grow_chunk)
b=$(param alloc_grow live_bytes)
tb=${t%% *}
if [ -n "$t" ] && [ "$tb" -ge "$a" ] && [ "$tb" -le "$b" ] && [ "$a" -gt 0 ]; then
	result ok grow_text "text $tb bytes, module $a..$b"
else
	result fail grow_text "text '$t', module live_bytes $a..$b"
fi
rmmod alloc_grow

# The sawtooth: allocation churns, live bytes stay bounded.
insmod $M/alloc_grow.ko mode=saw size=16384 interval_ms=20 saw_chunks=8
sleep 2
tot=$(param alloc_grow total_bytes)
t=$(text_tag alloc_grow alloc_grow_chunk)
tb=${t%% *}
if [ -n "$t" ] && [ "$tb" -le $((8 * 16384)) ] && [ "$tot" -gt $((16 * 16384)) ]; then
	result ok saw_text "text $tb bytes live, $tot allocated in all"
else
	result fail saw_text "text '$t', total_bytes $tot"
fi
rmmod alloc_grow
echo "@@TIME modules $t0 $(uptime_s)"

# unload_left WHO: a selftest that died (killed, aborted) may leave its
# modules loaded; ten thousand tags of alloc_scale would then slow every
# later step tenfold.  Its failure is reported with its own output.
unload_left() {
	for mod in alloc_scale alloc_odd alloc_long alloc_grow2 alloc_none; do
		if [ -d "$P/$mod" ]; then
			echo "# guest: $mod left loaded after $1: unloading it"
			rmmod "$mod"
		fi
	done
}

# The conformance selftests: the one-tag ioctls, then the batch.
capture selftest alloc_tag_test -m $M
unload_left selftest
if [ -n "$m32" ]; then
	capture selftest32 alloc_tag_test32 -m $M
	unload_left selftest32
fi
capture batchtest alloc_tag_batch_test -m $M
unload_left batchtest
if [ -n "$m32" ]; then
	capture batchtest32 alloc_tag_batch_test32 -m $M
	unload_left batchtest32
fi

# allocinfo-top against the live kernel; the host checks the JSON.
if ! command -v allocinfo-top >/dev/null; then
	result skip allocinfo_top "no allocinfo-top in the guest"
	exit 0
fi
capture top_version allocinfo-top --version

# 1. A growing callsite ranks first by dbytes, and its growth is what the
#    module allocated.  About 1 MiB/s: well above the tool's own start-up.
insmod $M/alloc_grow.ko size=16384 interval_ms=50 per_tick=4
sleep 1
echo "@@VAR grow_before $(param alloc_grow live_bytes)"
capture_z top_grow allocinfo-top -b -n 5 -d 0.5 -o dbytes -f json
echo "@@VAR grow_after $(param alloc_grow live_bytes)"
echo "@@VAR grow_size 16384"
rmmod alloc_grow

# 2. --source ioctl, --source batch and --source text agree for every filter
#    field.  Each filter runs ioctl, text, ioctl (and batch, text, batch): a
#    tag counts against the tool only when both binary runs disagree with the
#    text run.  alloc_odd brings an inaccurate tag and one of negative bytes.
insmod $M/alloc_long.ko
insmod $M/alloc_odd.ko
insmod $M/alloc_grow.ko size=4096 interval_ms=1000
sleep 1
gl=$(awk '$4 == "[alloc_grow]" && $5 == "func:alloc_grow_chunk" { print $3; exit }' /proc/allocinfo)
gfile=${gl%:*}
gline=${gl##*:}
lfile=$(awk '$4 == "[alloc_long]" { f = $3; sub(/:[0-9]+$/, "", f); print f; exit }' /proc/allocinfo)
echo "@@VAR grow_file $gfile"
echo "@@VAR long_file $lfile"
t0=$(uptime_s)
n=0
for filt in "--module alloc_long" "--module alloc_grow" \
	"--function alloc_grow_chunk" \
	"--function alloc_long_fn_with_an_identifier_far_longer_than_sixty_three_bytes_so_only_its_tail_is_reported" \
	"--file $gfile" "--file $lfile" "--line $gline" \
	"--inaccurate no" "--inaccurate yes" \
	"--min-bytes 16K" "--max-bytes 4K" "--min-bytes 4096 --max-bytes 4096" \
	"--module alloc_long --min-bytes 1 --max-bytes 8K --inaccurate no" \
	"--module alloc_odd --max-bytes 0" "--module alloc_odd --min-bytes 0"; do
	n=$((n + 1))
	echo "@@VAR filter_$n $filt"
	# Size filters depend on counters: unfiltered reads of both sources
	# before and after tell the host which tags held still.
	case $filt in
	*-bytes*) all="text ioctl" more="text2 ioctl3 batch3" ;;
	*) all='' more='' ;;
	esac
	for src in $all; do
		capture_z "filter_${n}_all_${src}_a" allocinfo-top --once -f json -s "$src"
	done
	for src in ioctl text ioctl2 batch batch2 $more; do
		# shellcheck disable=SC2086 # $filt is a list of words
		capture_z "filter_${n}_$src" allocinfo-top --once -f json \
			-s "${src%[23]}" $filt
	done
	for src in $all; do
		capture_z "filter_${n}_all_${src}_b" allocinfo-top --once -f json -s "$src"
	done
done
echo "@@TIME filters $t0 $(uptime_s)"
rmmod alloc_grow
rmmod alloc_odd
rmmod alloc_long

# 3. A module loaded and unloaded while sampling: content_id changes, and no
#    sample mixes two content ids; through both binary sources.
for src in ioctl batch; do
	name=top_content_id
	[ $src = batch ] && name=top_content_id_batch
	t0=$(uptime_s)
	allocinfo-top -b -n 24 -d 0.25 -f json -s $src >/tmp/cid.json 2>/tmp/cid.err &
	pid=$!
	i=0
	while [ $i -lt 5 ]; do
		sleep 0.4
		insmod $M/alloc_grow2.ko
		sleep 0.4
		rmmod alloc_grow2
		i=$((i + 1))
	done
	wait $pid
	rc=$?
	echo "@@BEGIN64 $name"
	cat /tmp/cid.json /tmp/cid.err | gzip -1c | base64
	echo "@@END $name rc=$rc"
	echo "@@TIME $name $t0 $(uptime_s)"
done
exit 0
