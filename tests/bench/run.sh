#!/bin/sh
# Benchmarks of the core, as instruction counts (callgrind: repeatable on
# a busy machine) and wall time.  Usage: tests/bench/run.sh ./allocinfo-top
set -eu
bin=${1:-./allocinfo-top}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(dirname "$0")
dump=$here/../data/allocinfo-6.12-defconfig.txt
tags=$(grep -cE '^ *-?[0-9]' "$dump")

python3 "$here/mkcap.py" "$dump" 60 "$dir/cap"
echo "capture: 60 samples of $tags tags ($(du -k "$dir/cap" | cut -f1) KiB)"

# Wall time of a batch run over the whole capture.
start=$(date +%s.%N)
"$bin" -r "$dir/cap" -b -f json > /dev/null
end=$(date +%s.%N)
echo "batch json over 60 samples: $(echo "$end - $start" | bc) s wall"

instr() {
	valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$@" \
		> /dev/null 2> "$dir/cg.err"
	sed -n 's/^summary: //p' "$dir/cg.out"
}

# Instructions per sample: 60 samples minus 1 sample isolates the per-sample
# cost from start-up.
one=$(instr "$bin" -r "$dir/cap" -b -n 1 -N 10)
all=$(instr "$bin" -r "$dir/cap" -b -N 10)
echo "instructions: 1 sample $one, 60 samples $all," \
	"per sample $(( (all - one) / 59 )), per tag per sample $(( (all - one) / 59 / tags ))"

# Top-N selection against a full sort of every tag, same run otherwise.
top=$(instr "$bin" -r "$dir/cap" -b -o dbytes -N 10 -f csv)
full=$(instr "$bin" -r "$dir/cap" -b -o dbytes -f csv --match /)
echo "instructions: -N 10 $top, all rows $full"

# The text source: one read of the dump, parse only, against the whole run.
text=$(instr "$bin" -F "$dump" -s text --once -N 1)
echo "instructions: one text read+parse+model of $tags tags: $text"
