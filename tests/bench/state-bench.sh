#!/bin/sh
# state-bench.sh - the cost of sockrepl's `state` for a 3-socket session,
# side by side with `ss -tan` and with `ss` filtered to one port in the
# kernel, while 20,000 unrelated TCP listeners exist on loopback, and
# again with 10,000 unrelated established connections added: `state`
# should not grow with what it does not show.
#
# usage: state-bench.sh [SOCKREPL]      (or SOCKREPL=... in the environment)
# Tunables: BENCH_LISTENERS (20000), BENCH_CONNS (10000), BENCH_STATES
# (`state` commands per sockrepl run, 500), BENCH_RUNS (7), LISTENERS and
# ABTIME (built helpers; compiled here with $CC when absent).
# Exit 77 (skipped) when sockrepl, ss or a C compiler is missing.

set -eu

SOCKREPL=${1:-${SOCKREPL:-}}
NLISTEN=${BENCH_LISTENERS:-20000}
NCONN=${BENCH_CONNS:-10000}
NSTATE=${BENCH_STATES:-500}
RUNS=${BENCH_RUNS:-7}
here=$(cd "$(dirname "$0")" && pwd)

skip() {
	echo "state-bench: skipped: $*" >&2
	exit 77
}

if [ -z "$SOCKREPL" ] || [ ! -x "$SOCKREPL" ]; then
	skip "no sockrepl binary (give its path as \$1 or \$SOCKREPL)"
fi
command -v ss >/dev/null 2>&1 || skip "no ss (iproute2)"
CC=${CC:-cc}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/state-bench.XXXXXX")
lpid=
# shellcheck disable=SC2317 # called by the trap
stop_helper() {
	if [ -n "$lpid" ]; then
		kill "$lpid" 2>/dev/null || :
		wait "$lpid" 2>/dev/null || :
		lpid=
	fi
}
cleanup() {
	stop_helper
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for h in LISTENERS:listeners ABTIME:abtime; do
	var=${h%%:*} src=${h#*:}
	eval "p=\${$var:-}"
	if [ -z "$p" ] || [ ! -x "$p" ]; then
		command -v "$CC" >/dev/null 2>&1 || skip "no C compiler ($CC)"
		p=$tmp/$src
		"$CC" -O2 -o "$p" "$here/$src.c"
	fi
	eval "$var=\$p"
done

# A session with three sockets: a listener, a client, the accepted end.
# One script stops there (the baseline), the other then asks for the
# state table NSTATE times; the difference is the cost of `state`.
cat >"$tmp/base.sr" <<'END'
lfd = socket inet stream
bind lfd 127.0.0.1 0
listen lfd 8
c = socket inet stream
connect c lfd
cfd = accept lfd
END
cp "$tmp/base.sr" "$tmp/state.sr"
i=0
while [ $i -lt "$NSTATE" ]; do
	echo state
	i=$((i + 1))
done >>"$tmp/state.sr"

# measure LISTENERS CONNS: start the helper, then interleaved runs; warn
# when fewer sockets could be made than asked for.
measure() {
	wantl=$1 wantc=$2
	"$LISTENERS" "$wantl" 600 "$wantc" >"$tmp/ready" &
	lpid=$!
	i=0
	while [ ! -s "$tmp/ready" ]; do
		i=$((i + 1))
		[ $i -le 600 ] || { echo "state-bench: helper not ready" >&2; exit 1; }
		kill -0 "$lpid" 2>/dev/null ||
			{ echo "state-bench: helper died" >&2; exit 1; }
		sleep 0.2
	done
	set -- $(cat "$tmp/ready")
	gotl=$2 gotc=$3
	[ "$gotl" -ge "$wantl" ] || echo "  WARNING: only $gotl of $wantl listeners could be made"
	[ "$gotc" -ge "$wantc" ] || echo "  WARNING: only $gotc of $wantc connections could be made"
	"$SOCKREPL" "$tmp/state.sr" >"$tmp/sample.out" 2>&1 || :
	if ! grep -q LISTEN "$tmp/sample.out" ||
		! grep -q ESTAB "$tmp/sample.out"; then
		echo "state-bench: sockrepl's state output lacks LISTEN/ESTABLISHED:" >&2
		head -n 40 "$tmp/sample.out" >&2
		exit 1
	fi
	# shellcheck disable=SC2046
	set -- $("$ABTIME" "$RUNS" 1 - -- "$SOCKREPL" "$tmp/base.sr" \
		-- "$SOCKREPL" "$tmp/state.sr" -- ss -tan \
		-- ss -tan 'sport = :1 or dport = :1')
	# medians: $1 base, $5 state, $9 ss -tan, $13 ss filtered
	per=$(awk -v b="$1" -v s="$5" -v n="$NSTATE" \
		'BEGIN { d = (s - b) / n; if (d < 1) d = 1; printf "%.1f", d }')
	printf '  %-34s %10s us\n' "sockrepl state (3 sockets)" "$per"
	printf '  %-34s %10s us   (%sx state)\n' "ss -tan" "$9" \
		"$(awk -v a="$9" -v b="$per" 'BEGIN { printf "%.1f", a / b }')"
	printf '  %-34s %10s us   (%sx state)\n' "ss -tan 'sport = :1 or dport = :1'" \
		"${13}" "$(awk -v a="${13}" -v b="$per" 'BEGIN { printf "%.1f", a / b }')"
	stop_helper
	: >"$tmp/ready"
}

echo "state-bench: medians of $RUNS interleaved runs, $NSTATE state calls per sockrepl run; $(nproc 2>/dev/null || echo '?') cores"
echo " $NLISTEN unrelated listeners:"
measure "$NLISTEN" 0
echo " $NLISTEN unrelated listeners and $NCONN established connections:"
measure "$NLISTEN" "$NCONN"
exit 0
