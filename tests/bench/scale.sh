#!/bin/sh
# scale.sh - the cost of one command as a function of what the session
# already holds: for N held sockets (0, 10, 100, 1000 by default) the
# same K connect/accept/echo/close cycles are replayed after N sockets
# are set up, and the setup alone is replayed too; per command is their
# difference divided by the cycles' commands. Interleaved runs (abtime).
#
# usage: scale.sh        (SOCKREPL, ABTIME in the environment; CC to
# compile abtime.c when ABTIME is unset). BENCH_SCALE ("0 10 100 1000"),
# BENCH_SCALE_CYCLES (100), BENCH_SCALE_RUNS (7).

set -eu

SOCKREPL=${SOCKREPL:?set SOCKREPL to the sockrepl binary}
SIZES=${BENCH_SCALE:-0 10 100 1000}
K=${BENCH_SCALE_CYCLES:-100}
RUNS=${BENCH_SCALE_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ -z "${ABTIME:-}" ] || [ ! -x "$ABTIME" ]; then
	ABTIME=$tmp/abtime
	"${CC:-cc}" -O2 -o "$ABTIME" "$here/abtime.c"
fi

# setup N: a listener hl and N more sockets held open: half connected
# clients, half their accepted ends (the names move on; the sockets
# stay open). Set up without state lines, so that its own cost, which
# both scripts pay, varies less.
setup() {
	echo 'set state off'
	echo 'hl = socket inet stream'
	echo 'bind hl 127.0.0.1 0'
	echo 'listen hl 4096'
	echo 'lfd = socket inet stream'
	echo 'bind lfd 127.0.0.1 0'
	echo 'listen lfd 64'
	i=0
	while [ $i -lt "$1" ]; do
		echo 'hc = socket inet stream'
		echo 'connect hc hl'
		i=$((i + 2))
		[ $i -le "$1" ] && echo 'ha = accept hl'
	done
	echo 'set state on'
}

cycles() {
	i=0
	while [ $i -lt "$K" ]; do
		cat "$here/cycle.sr"
		i=$((i + 1))
	done
}

ncmd=$((K * 12))
printf '  %-14s %14s %14s %10s\n' "held sockets" "per command" "vs 0 held" \
	"spread"
base=
for n in $SIZES; do
	setup "$n" >"$tmp/setup.sr"
	{ cat "$tmp/setup.sr"; cycles; } >"$tmp/full.sr"
	if ! "$SOCKREPL" --check "$tmp/full.sr" >"$tmp/out" 2>&1; then
		echo "scale.sh: the script for $n held sockets fails:" >&2
		tail -n 5 "$tmp/out" >&2
		exit 1
	fi
	set -- $("$ABTIME" "$RUNS" 1 - -- "$SOCKREPL" "$tmp/full.sr" \
		-- "$SOCKREPL" "$tmp/setup.sr")
	# $1..$4 the full script, $5..$8 the setup alone.
	per=$(awk -v a="$1" -v b="$5" -v n="$ncmd" \
		'BEGIN { printf "%.1f", (a - b) / n }')
	spread=$(awk -v lo="$2" -v hi="$3" -v n="$ncmd" -v b="$5" \
		'BEGIN { printf "%.1f-%.1f", (lo - b) / n, (hi - b) / n }')
	[ -n "$base" ] || base=$per
	printf '  %-14s %11s us %13sx %10s\n' "$n" "$per" \
		"$(awk -v p="$per" -v b="$base" 'BEGIN { if (b > 0)
			printf "%.2f", p / b; else print "?" }')" "$spread"
done
