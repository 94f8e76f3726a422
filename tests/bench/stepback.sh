#!/bin/sh
# The cost of one step back through a paused replay at the start and at
# the end of a long capture: with the checkpoints the sampler keeps, and
# without any (every step back then reads from the first sample, as it
# did before them).  Instructions from callgrind (one dump per step back,
# see stepback.c), CPU times and their ratio from one run each; then the
# checkpoints' memory and the screen's peak RSS replaying the capture.
# Usage: tests/bench/stepback.sh [build/default/stepback] [./allocinfo-top]
# TAGS and SAMPLES (default 10000 and 600) size the synthetic capture.
set -eu
harness=${1:-build/default/stepback}
bin=${2:-./allocinfo-top}
tags=${TAGS:-10000}
samples=${SAMPLES:-600}
here=$(cd "$(dirname "$0")" && pwd)
dump=$here/../data/allocinfo-6.12-defconfig.txt
dir=$(mktemp -d "${TMPDIR:-/tmp}/aitop-stepback.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
# The harness reads the whole capture first, so that both steps find the
# checkpoints as a replay that went to the end leaves them.  Multiples of
# 64: each step back lands just before a checkpoint at any spacing up to
# 64, the most samples to read again.
early=64
late=$(((samples - 1) / 64 * 64))
window=300

python3 "$here/mkcap.py" "$dump" "$tags" "$samples" "$dir/cap"
echo "capture: $tags tags x $samples samples, 1 s apart, window $window s;" \
	"read to the end, then a step back from sample $early and from $late"
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# $1: the harness's output; $2: the position; $3: the field.
field() {
	sed -n "s/^pos=$2 .*$3=\([0-9.]*\).*/\1/p" "$1"
}

# Instructions of the dump that callgrind took at "$2" ("back at N",
# "forward to N"), run $1.
instr() {
	f=$(grep -l "^desc: Trigger: Client Request: $2\$" "$dir/$1".* |
	    head -n 1)
	sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$f" | head -n 1
}

for run in ckpt none; do
	every=
	[ $run = none ] && every="--every 0"
	# shellcheck disable=SC2086
	"$harness" $every "$dir/cap" $window $samples $early $late \
		> "$dir/$run.out"
	# shellcheck disable=SC2086
	valgrind --tool=callgrind --callgrind-out-file="$dir/cg-$run" \
		"$harness" $every "$dir/cap" $window $samples $early $late \
		> /dev/null 2> "$dir/cg-$run.log"
	a=$(instr "cg-$run" "back at $early")
	b=$(instr "cg-$run" "back at $late")
	eval "fwd_$run=\$(instr cg-$run \"forward to $samples\")"
	ta=$(field "$dir/$run.out" $early back_cpu_ms)
	tb=$(field "$dir/$run.out" $late back_cpu_ms)
	label="with checkpoints"
	[ $run = none ] && label="without checkpoints (from the first sample)"
	echo
	echo "$label:"
	printf '  %-34s %14s instructions %9s ms CPU\n' \
		"step back at sample $early" "$a" "$ta"
	printf '  %-34s %14s instructions %9s ms CPU\n' \
		"step back at sample $late" "$b" "$tb"
	printf '  %-34s %14s                 %9s\n' "end / start" \
		"$(awk "BEGIN { printf \"%.2f\", $b / $a }")" \
		"$(awk "BEGIN { printf \"%.2f\", $tb / $ta }")"
done

echo
echo "reading forward from the first sample to the last:" \
	"$fwd_ckpt instructions with checkpoints, $fwd_none without" \
	"($(awk "BEGIN { printf \"%+.1f%%\", ($fwd_ckpt / $fwd_none - 1) * 100 }"))"
echo
echo "checkpoints kept (copies, spacing in samples, KiB with the names):"
sed 's/^/  /' "$dir/ckpt.out"

# The screen replaying the whole capture at x64, as tests/bench/run.sh.
top=$(cat "$dir/cap.top")
python3 "$here/screen.py" --frame "$top" --keys "++++++" -- \
	/usr/bin/time -f %M -o "$dir/rss" "$bin" -r "$dir/cap" -d 1 \
	-n "$samples" > /dev/null
echo
echo "peak RSS, screen replay of the capture at x64:" \
	"$(awk "BEGIN { printf \"%.1f\", $(tail -n 1 "$dir/rss") / 1024 }") MiB"
