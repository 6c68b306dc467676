#!/bin/sh
# run-bench.sh - make bench, --run's section: the cost of following a
# program (ptrace + the seccomp filter) against the program alone.
# Measured, never asserted.
#
# Environment: SOCKREPL (required), SYSCALLS and ABTIME (built
# tests/bench/syscalls and abtime; compiled here with $CC when absent),
# BENCH_CYCLE_RUNS (interleaved runs of each, 5).

set -eu

SOCKREPL=${SOCKREPL:?set SOCKREPL to the sockrepl binary}
RUNS=${BENCH_CYCLE_RUNS:-5}
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-bench-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# make bench builds syscalls next to abtime.
[ -n "${SYSCALLS:-}" ] || [ -z "${ABTIME:-}" ] ||
	SYSCALLS=$(dirname "$ABTIME")/syscalls
build() {
	eval "p=\${$1:-}"
	if [ -z "$p" ] || [ ! -x "$p" ]; then
		p=$tmp/$2
		# shellcheck disable=SC2086 # CC may carry options
		$CC -O2 -o "$p" "$here/$2.c"
	fi
	eval "$1=\$p"
}
build SYSCALLS syscalls
build ABTIME abtime

# row LABEL N KIND: the program alone and under --run, interleaved, and
# the factor; the medians (microseconds) are left in $alone and $traced.
row() {
	set -- "$1" "$2" "$3" $("$ABTIME" "$RUNS" 1 - -- "$SYSCALLS" "$2" "$3" \
		-- "$SOCKREPL" --color=never --run "$SYSCALLS" "$2" "$3")
	alone=$4 traced=$8
	awk -v l="$1" -v a="$alone" -v r="$traced" -v f="$((${7} + ${11}))" 'BEGIN {
		x = (a > 0) ? r / a : 0
		s = (f > 0) ? "  (runs FAILED)" : ""
		printf "  %-34s %9.2f ms %9.2f ms %7.2fx%s\n", l, a / 1000,
			r / 1000, x, s }'
}

printf '\n(f) --run: following a program (median of %s runs)\n' "$RUNS"
printf '  %-34s %12s %12s %8s\n' "" alone "under --run" factor
row "a program making 1 call (start-up)" 1 getppid
a0=$alone t0=$traced
row "100,000 getppid() (not stopped)" 100000 getppid
awk -v a="$alone" -v t="$traced" -v a0="$a0" -v t0="$t0" 'BEGIN {
	d = a - a0
	if (d > 0)
		printf "  %-34s %35.2fx\n", "  the same, start-up taken out", (t - t0) / d }'
row "100,000 write() to /dev/null" 100000 write
row "10,000 socket calls (shown)" 10000 socket
exit 0
