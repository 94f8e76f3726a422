#!/bin/sh
# Every option that --help lists must be documented in the man page.
# Usage: tests/check-man.sh ./allocinfo-top allocinfo-top.1
set -eu
bin=$1
man=$2
page=$(mandoc -Tascii "$man" | col -b)
opts=$("$bin" --help | grep -oE '(^|[ ,])-(-[a-z][a-z-]*|[A-Za-z])' |
	sed 's/^[ ,]*//' | sort -u)
[ -n "$opts" ] || { echo "check-man: --help listed no options"; exit 1; }
pass=0
fail=0
for o in $opts; do
	if printf '%s\n' "$page" |
		grep -qE -- "(^|[^A-Za-z-])$o([^A-Za-z-]|\$)"; then
		pass=$((pass + 1))
	else
		echo "check-man: $o is in --help but not in $man"
		fail=$((fail + 1))
	fi
done
# The page renders the same under mandoc and man -l (groff): the JSON keys'
# quoted values come out whole in both.
for render in mandoc man; do
	if [ $render = mandoc ]; then
		out=$(mandoc -Tascii "$man" | col -b)
	else
		out=$(MANWIDTH=80 man -l "$man" 2>/dev/null | col -b)
	fi
	out=$(printf '%s\n' "$out" | tr -s ' \t\n' '   ')
	for want in 'module ("" for built-in),' \
		'state ("new", "gone" or "live").'; do
		if printf '%s\n' "$out" | grep -qF -- "$want"; then
			pass=$((pass + 1))
		else
			echo "check-man: $render does not render '$want'"
			fail=$((fail + 1))
		fi
	done
done
echo "check-man: $pass passed, $fail failed"
[ "$fail" = 0 ]
