#!/bin/sh
# valgrind.sh - make check-valgrind: replay every test script (but the
# fail-*.sr ones, which are meant to fail) and every lesson with
# sockrepl --check under valgrind, and the hostile lines of bad-input.txt
# through standard input; any memory error or definite/indirect leak fails.
# A replay that stops early without a memory error (an expectation failed:
# make check's business) is listed as PART, and fails only with
# VALGRIND_STRICT=1.
#
# usage: valgrind.sh   (SOCKREPL and top_srcdir in the environment;
# VALGRIND to use another command, e.g. "valgrind --track-origins=yes")

: "${SOCKREPL:?set SOCKREPL to the sockrepl binary}"
: "${top_srcdir:?set top_srcdir to the source tree}"
VALGRIND=${VALGRIND:-valgrind}

if ! command -v "${VALGRIND%% *}" >/dev/null 2>&1; then
	echo "check-valgrind: skipped: no ${VALGRIND%% *}" >&2
	exit 77
fi

# Descriptors 0-2 only, as tests/tmpdir.sh gives every test (make
# check-valgrind runs this through tests/stdfds, which closes 3 and up):
# a descriptor the caller left open would shift the learner's socket
# numbers that the scripts expect (=> 3).
(exec 9<&0) 2>/dev/null || exec </dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-vg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
XDG_STATE_HOME=$tmp/state
LANG=C.UTF-8
export XDG_STATE_HOME LANG
unset LC_ALL LC_MESSAGES LANGUAGE

pass=0
fail=0
part=0
# vg NAME INPUT ARG...: run sockrepl ARG... under valgrind with INPUT on
# standard input; a failure prints valgrind's report.
vg() {
	name=$1 input=$2
	shift 2
	# valgrind reports on stderr, mixed with sockrepl's messages: a
	# --log-file would take descriptor 3 from the learner's sockets.
	# shellcheck disable=SC2086 # VALGRIND may carry options
	$VALGRIND -q --leak-check=full --error-exitcode=99 \
		--errors-for-leak-kinds=definite,indirect \
		"$SOCKREPL" "$@" <"$input" >"$tmp/out" 2>"$tmp/vg.log"
	st=$?
	if [ "$st" -eq 99 ] || grep -q '^==[0-9]*== ' "$tmp/vg.log"; then
		fail=$((fail + 1))
		echo "FAIL: $name (valgrind)"
		grep '^==[0-9]*== ' "$tmp/vg.log" | sed 's/^/    /'
	elif [ "$st" -ne 0 ] && [ "$st" -ne "${want_status:-0}" ]; then
		# Not a memory error: make check reports it. The replay stopped
		# early, so say where, and fail only with VALGRIND_STRICT=1.
		part=$((part + 1))
		echo "PART: $name (exit $st, no valgrind errors; stopped at:" \
			"$(grep -m 1 ':[0-9]*: ' "$tmp/vg.log" |
				sed "s|^$top_srcdir/||" | cut -c 1-90))"
		[ "${VALGRIND_STRICT:-0}" = 1 ] && fail=$((fail + 1))
	else
		pass=$((pass + 1))
		echo "PASS: $name"
	fi
}

for f in "$top_srcdir"/tests/scripts/*.sr "$top_srcdir"/lessons/[0-9]*.md \
	"$top_srcdir"/lessons/zh_CN/[0-9]*.md; do
	[ -f "$f" ] || continue
	case ${f##*/} in fail-*) continue ;; esac
	vg "${f#"$top_srcdir"/}" /dev/null --check "$f"
done
# Hostile input keeps the shell going with an error per line: exit 1.
want_status=1 vg tests/scripts/bad-input.txt \
	"$top_srcdir/tests/scripts/bad-input.txt" -
echo "check-valgrind: $pass clean, $part clean but stopped early," \
	"$fail failed"
[ "$fail" -eq 0 ]
