#!/bin/sh
# state-bench.sh - time sockrepl's `state` for a 3-socket session against
# `ss -tan`, both while 20,000 unrelated TCP listeners exist on loopback.
#
# usage: state-bench.sh [SOCKREPL]      (or SOCKREPL=... in the environment)
# Tunables: BENCH_LISTENERS (20000), BENCH_STATES (`state` commands per
# sockrepl run, 500), BENCH_RUNS (7), LISTENERS (a built listeners.c;
# compiled here with $CC when absent), BENCH_TARGET (10: the ratio the
# issue asks for), BENCH_STRICT=1 (exit 1 when the target is missed).
# Exit 77 (skipped) when sockrepl, ss or a C compiler is missing.

set -eu

SOCKREPL=${1:-${SOCKREPL:-}}
NLISTEN=${BENCH_LISTENERS:-20000}
NSTATE=${BENCH_STATES:-500}
RUNS=${BENCH_RUNS:-7}
TARGET=${BENCH_TARGET:-10}
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
LISTENERS=${LISTENERS:-}
if [ -z "$LISTENERS" ] || [ ! -x "$LISTENERS" ]; then
	command -v "$CC" >/dev/null 2>&1 || skip "no C compiler ($CC)"
	LISTENERS=
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/state-bench.XXXXXX")
lpid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$lpid" ]; then
		kill "$lpid" 2>/dev/null || :
		wait "$lpid" 2>/dev/null || :
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Microseconds since the epoch (GNU date).
now_us() {
	echo $(($(date +%s%N) / 1000))
}

# The median of the numbers on standard input.
median() {
	sort -n | awk '{ v[NR] = $1 }
		END { if (NR == 0) print 0;
		      else if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# 1. The unrelated sockets, held by a helper that exits by itself after
# ten minutes even if this script is killed without its trap.
if [ -z "$LISTENERS" ]; then
	LISTENERS=$tmp/listeners
	"$CC" -O2 -o "$LISTENERS" "$here/listeners.c"
fi
"$LISTENERS" "$NLISTEN" 600 >"$tmp/ready" &
lpid=$!
i=0
while [ ! -s "$tmp/ready" ]; do
	i=$((i + 1))
	[ $i -le 600 ] || { echo "state-bench: listeners not ready" >&2; exit 1; }
	kill -0 "$lpid" 2>/dev/null ||
		{ echo "state-bench: listener helper died" >&2; exit 1; }
	sleep 0.2
done
got=$(awk '{ print $2 }' "$tmp/ready")

# 2. A session with three sockets: a listener, a client, the accepted
# end. One script stops there (the baseline), the other then asks for
# the state table NSTATE times; the difference is the cost of `state`.
cat >"$tmp/base.sr" <<'EOF'
lfd = socket inet stream
bind lfd 127.0.0.1 0
listen lfd 8
c = socket inet stream
connect c lfd
cfd = accept lfd
EOF
cp "$tmp/base.sr" "$tmp/state.sr"
i=0
while [ $i -lt "$NSTATE" ]; do
	echo state
	i=$((i + 1))
done >>"$tmp/state.sr"

# A sanity run: the table must show the session's sockets.
"$SOCKREPL" "$tmp/state.sr" >"$tmp/sample.out" 2>&1 || :
if ! grep -q LISTEN "$tmp/sample.out" ||
	! grep -q ESTAB "$tmp/sample.out"; then
	echo "state-bench: sockrepl's state output lacks LISTEN/ESTABLISHED:" >&2
	head -n 40 "$tmp/sample.out" >&2
	exit 1
fi

# 3. Interleaved runs, so that both see the same machine.
: >"$tmp/t_state"
: >"$tmp/t_ss"
r=0
while [ $r -lt "$RUNS" ]; do
	t0=$(now_us)
	"$SOCKREPL" "$tmp/base.sr" >/dev/null 2>&1 || :
	t1=$(now_us)
	"$SOCKREPL" "$tmp/state.sr" >/dev/null 2>&1 || :
	t2=$(now_us)
	ss -tan >/dev/null
	t3=$(now_us)
	awk -v b=$((t1 - t0)) -v s=$((t2 - t1)) -v n="$NSTATE" \
		'BEGIN { d = (s - b) / n; if (d < 1) d = 1; printf "%.1f\n", d }' \
		>>"$tmp/t_state"
	echo $((t3 - t2)) >>"$tmp/t_ss"
	r=$((r + 1))
done

m_state=$(median <"$tmp/t_state")
m_ss=$(median <"$tmp/t_ss")
ratio=$(awk -v a="$m_ss" -v b="$m_state" 'BEGIN { printf "%.1f", a / b }')
cores=$(nproc 2>/dev/null || echo '?')

echo "state-bench: $got unrelated TCP listeners on loopback, $cores cores"
echo "  sockrepl state (3 sockets): median ${m_state} us per call" \
	"($NSTATE calls per run, $RUNS runs)"
echo "  ss -tan:                    median ${m_ss} us per call ($RUNS runs)"
echo "  ratio: ss -tan / state = ${ratio}x (target >= ${TARGET}x)"
if awk -v r="$ratio" -v t="$TARGET" 'BEGIN { exit !(r >= t) }'; then
	echo "  target met"
else
	echo "  target MISSED"
	[ "${BENCH_STRICT:-0}" = 1 ] && exit 1
fi
exit 0
