#!/bin/sh
# Run each libFuzzer harness for a bounded time: first over the inputs of
# crashes found before (tests/fuzz/regress/<name>/, each must pass), then
# fuzzing from seeds (tests/data, tests/fuzz/seeds/<name>/) with the
# dictionary.  Usage: run.sh BUILD_DIR SECONDS NAME...
set -eu
build=$1
secs=$2
shift 2
here=$(dirname "$0")
data=$here/../data
status=0
for name in "$@"; do
	bin=$build/fuzz_$name
	work=$build/corpus/$name
	seeds=$build/seeds/$name
	art=$build/artifacts/$name
	mkdir -p "$work" "$seeds" "$art"
	# Seeds from the real samples, cut to what a run can chew on.
	case $name in
	parse|capture)
		for f in "$data"/*.txt "$data"/*.cap; do
			head -c 16384 "$f" >"$seeds/$(basename "$f")"
		done
		;;
	esac
	if [ -d "$here/seeds/$name" ]; then
		cp "$here/seeds/$name"/* "$seeds/"
	fi
	if [ -d "$here/regress/$name" ] &&
	   [ -n "$(ls "$here/regress/$name")" ]; then
		echo "fuzz: $name: the regression inputs"
		"$bin" -runs=0 "$here/regress/$name"/* || status=1
	fi
	echo "fuzz: $name: ${secs}s"
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=16384 -dict="$here/allocinfo.dict" \
		-artifact_prefix="$art/" -print_final_stats=1 \
		"$work" "$seeds" >"$build/$name.log" 2>&1 || {
		status=1
		tail -n 40 "$build/$name.log"
		echo "fuzz: $name: FAILED; the input is in $art/"
	}
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' \
		"$build/$name.log" | sed "s/^/fuzz: $name: /"
done
exit $status
