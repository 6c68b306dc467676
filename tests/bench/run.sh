#!/bin/sh
# run.sh - make bench: sockrepl's start-up, replay speed, `state` cost and
# peak memory, each side by side with a baseline, printed in one run.
# Figures are measured, never asserted: the exit status is 0 unless a
# benchmark could not run at all.
#
# Commands compared are run interleaved (A B C A B C ...) after a warm-up
# run, and each gets its median, minimum and maximum (abtime.c).
#
# Environment: SOCKREPL (required), CYCLES, FLOOR and ABTIME (built
# tests/bench/{cycles,floor,abtime}; compiled here with $CC when absent),
# LISTENERS (for state-bench.sh), BENCH_RUNS (start-up runs, 21),
# BENCH_CYCLE_RUNS (replay runs, 11), BENCH_CYCLES (300), BENCH_COMMANDS
# (commands in the memory session, 1000), BENCH_NO_STATE=1 to skip the
# 20,000-listener state benchmark, BENCH_NO_GNU_TIME=1 to read VmHWM.

set -eu

SOCKREPL=${SOCKREPL:?set SOCKREPL to the sockrepl binary}
RUNS=${BENCH_RUNS:-21}
CRUNS=${BENCH_CYCLE_RUNS:-11}
NCYC=${BENCH_CYCLES:-300}
NCMD=${BENCH_COMMANDS:-1000}
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The helpers: built by make bench, else compiled here.
build() {
	eval "p=\${$1:-}"
	if [ -z "$p" ] || [ ! -x "$p" ]; then
		p=$tmp/$2
		"$CC" -O2 -o "$p" "$here/$2.c"
	fi
	eval "$1=\$p"
}
build CYCLES cycles
build FLOOR floor
build ABTIME abtime

# The real interpreter, not a wrapper in front of it (a pyenv shim is a
# shell script that costs more than Python itself): ask Python where it is.
PY=
if command -v python3 >/dev/null 2>&1; then
	PY=$(python3 -c 'import socket, sys; print(sys.executable)' \
		2>/dev/null) || PY=
	[ -x "$PY" ] || PY=
fi

# timed LABEL RUNS INPUT CMD... : one row "LABEL  median  min" (ms), and
# the median in microseconds left in $med for ratios.
timed() {
	label=$1 runs=$2 input=$3
	shift 3
	set -- $("$ABTIME" "$runs" 1 "$input" -- "$@")
	med=$1
	fails=
	[ "$4" -eq 0 ] || fails="  ($4 of $runs runs FAILED)"
	awk -v l="$label" -v m="$1" -v n="$2" -v f="$fails" 'BEGIN {
		printf "  %-44s %9.2f ms %9.2f ms%s\n", l, m / 1000, n / 1000, f }'
}

# ratio A B: A / B to one decimal.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "?";
		else printf "%.1f", a / b }'
}

header() {
	printf '\n%s\n  %-44s %12s %12s\n' "$1" "" median min
}

echo "sockrepl benchmark: $("$SOCKREPL" --version | head -n 1)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc 2>/dev/null || echo '?')" \
	"cores; $(uname -sr)"
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null |
	head -n 1)
[ -z "$model" ] || echo "cpu: $model"
[ -z "$PY" ] || echo "python: $PY ($("$PY" --version 2>&1)), the interpreter" \
	"itself (sys.executable), not a wrapper on the PATH"

# (a) Start-up to ready.
echo 'socket inet stream' >"$tmp/one.sr"
header "(a) start-up, $RUNS runs each"
timed "sockrepl --version" "$RUNS" - "$SOCKREPL" --version
m_ver=$med
timed "sockrepl one.sr (one socket command)" "$RUNS" - "$SOCKREPL" \
	"$tmp/one.sr"
m_one=$med
if [ -n "$PY" ]; then
	timed "python3 -c 'import socket'" "$RUNS" - "$PY" -c 'import socket'
	echo "  python3 / sockrepl --version: $(ratio "$med" "$m_ver")x;" \
		"python3 / one-line script: $(ratio "$med" "$m_one")x" \
		"(target >= 5x, sockrepl <= 10 ms)"
else
	echo "  python3: skipped (not installed)"
fi

# (b) Replaying full connect/accept/echo/close cycles: the same twelve
# calls in sockrepl, in C (cycles.c), in C with the netlink round trips
# that state lines cost (floor.c: the floor under sockrepl) and in Python.
{
	echo 'lfd = socket inet stream'
	echo 'bind lfd 127.0.0.1 0'
	echo 'listen lfd 64'
	i=0
	while [ $i -lt "$NCYC" ]; do
		cat "$here/cycle.sr"
		i=$((i + 1))
	done
	echo 'close lfd'
} >"$tmp/cycles.sr"
{ echo 'set state off'; cat "$tmp/cycles.sr"; } >"$tmp/cycles-nostate.sr"
cat >"$tmp/cycles.py" <<'EOF'
import socket, sys
n = int(sys.argv[1])
lfd = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lfd.bind(("127.0.0.1", 0))
lfd.listen(64)
addr = lfd.getsockname()
for i in range(n):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect(addr)
    cfd, peer = lfd.accept()
    assert c.send(b"hello\n") == 6
    assert cfd.recv(1024) == b"hello\n"
    assert cfd.send(b"hello\n") == 6
    assert c.recv(1024) == b"hello\n"
    c.shutdown(socket.SHUT_WR)
    assert cfd.recv(1024) == b""
    cfd.close()
    assert c.recv(1024) == b""
    c.close()
lfd.close()
EOF
ncmd=$(grep -c . "$tmp/cycles.sr")
if ! "$SOCKREPL" --check "$tmp/cycles.sr" >"$tmp/check.out" 2>&1; then
	echo "run.sh: the cycle script fails its own expectations:" >&2
	head -n 20 "$tmp/check.out" >&2
	exit 1
fi
printf '\n%s\n  %-44s %9s %9s %9s\n' \
	"(b) $NCYC connect/accept/echo/close cycles ($ncmd commands), $CRUNS interleaved runs each" \
	"" median min max
# row LABEL MEDIAN MIN MAX FAILED: one line, in ms.
row() {
	fails=
	[ "$5" -eq 0 ] || fails="  ($5 runs FAILED)"
	awk -v l="$1" -v m="$2" -v a="$3" -v b="$4" -v f="$fails" 'BEGIN {
		printf "  %-44s %6.2f ms %6.2f ms %6.2f ms%s\n", l, m / 1000,
			a / 1000, b / 1000, f }'
}
if [ -n "$PY" ]; then
	set -- $("$ABTIME" "$CRUNS" 1 - -- "$SOCKREPL" "$tmp/cycles.sr" \
		-- "$SOCKREPL" "$tmp/cycles-nostate.sr" \
		-- "$SOCKREPL" --check "$tmp/cycles.sr" \
		-- "$CYCLES" "$NCYC" -- "$FLOOR" "$NCYC" \
		-- "$PY" "$tmp/cycles.py" "$NCYC")
else
	set -- $("$ABTIME" "$CRUNS" 1 - -- "$SOCKREPL" "$tmp/cycles.sr" \
		-- "$SOCKREPL" "$tmp/cycles-nostate.sr" \
		-- "$SOCKREPL" --check "$tmp/cycles.sr" -- "$CYCLES" "$NCYC" \
		-- "$FLOOR" "$NCYC")
fi
row "sockrepl replay, state lines on" "$1" "$2" "$3" "$4"
m_sr=$1
row "sockrepl replay, set state off" "$5" "$6" "$7" "$8"
m_srq=$5
row "sockrepl --check (quiet, state on)" "$9" "${10}" "${11}" "${12}"
row "C, the same syscalls (cycles.c)" "${13}" "${14}" "${15}" "${16}"
m_c=${13}
row "C + one netlink round trip a call (floor.c)" "${17}" "${18}" "${19}" \
	"${20}"
m_fl=${17}
echo "  sockrepl (state on) / C: $(ratio "$m_sr" "$m_c")x (target <= 2.5x);" \
	"state off / C: $(ratio "$m_srq" "$m_c")x"
echo "  the floor / C: $(ratio "$m_fl" "$m_c")x; sockrepl (state on) / the" \
	"floor: $(ratio "$m_sr" "$m_fl")x; what sockrepl adds to the floor:" \
	"$(awk -v a="$m_sr" -v b="$m_fl" -v n="$ncmd" \
		'BEGIN { printf "%.1f", (a - b) / n }') us a command"
if [ -n "$PY" ]; then
	row "python3, the same calls" "${21}" "${22}" "${23}" "${24}"
	echo "  python3 / sockrepl (state on): $(ratio "${21}" "$m_sr")x" \
		"(target > 1x)"
else
	echo "  python3: skipped (not installed)"
fi
echo "  per command, sockrepl state on: $(awk -v m="$m_sr" -v n="$ncmd" \
	'BEGIN { printf "%.1f", m / n }') us"

# (b2) The cost of a command against what the session already holds.
echo
echo "(b2) per command against the sockets the session holds (tests/bench/scale.sh)"
SOCKREPL=$SOCKREPL ABTIME=$ABTIME sh "$here/scale.sh" ||
	echo "  scale.sh could not run"

# (c) `state` among 20,000 unrelated listeners (and 10,000 connections),
# vs ss -tan and a port-filtered ss.
echo
echo "(c) state among unrelated sockets (tests/bench/state-bench.sh)"
if [ "${BENCH_NO_STATE:-0}" = 1 ]; then
	echo "  skipped (BENCH_NO_STATE=1)"
else
	st=0
	SOCKREPL=$SOCKREPL ABTIME=$ABTIME sh "$here/state-bench.sh" 2>&1 |
		sed 's/^/  /' ||
		st=$?
	[ "$st" -eq 0 ] || echo "  state-bench.sh exited $st"
fi

# (d) Peak memory of a session after NCMD commands: cycles, plus the
# shell's own commands (help, set), until NCMD lines.
{
	echo 'lfd = socket inet stream'
	echo 'bind lfd 127.0.0.1 0'
	echo 'listen lfd 64'
	sed -n '4,15p' "$tmp/cycles.sr" >"$tmp/block"
	n=3
	while [ $((n + 15)) -le "$NCMD" ]; do
		cat "$tmp/block"
		echo 'help'
		echo 'help connect'
		echo 'set c on'
		n=$((n + 15))
	done
	while [ $n -lt "$NCMD" ]; do
		echo 'help'
		n=$((n + 1))
	done
} >"$tmp/mem.sr"
echo
echo "(d) peak memory (maximum resident set size)"
# Peak RSS in KiB of a command, from GNU time.
rss_of() {
	/usr/bin/time -v "$@" </dev/null 2>&1 >/dev/null |
		sed -n 's/.*Maximum resident set size (kbytes): //p'
}
# Without GNU time: replay SCRIPT, whose end binds a marker socket and
# sleeps; read VmHWM while it sleeps (bounded wait), then stop it.
hwm_of() {
	{ cat "$1"; echo 'mark = socket unix dgram'
	  echo "bind mark $tmp/mark"; echo 'sleep 60000'; } >"$tmp/hwm.sr"
	rm -f "$tmp/mark"
	"$SOCKREPL" "$tmp/hwm.sr" </dev/null >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ ! -S "$tmp/mark" ] && [ $i -lt 600 ] &&
		kill -0 "$pid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status"
	kill "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
}
gnu_time=no
[ -x /usr/bin/time ] && [ "${BENCH_NO_GNU_TIME:-0}" != 1 ] && gnu_time=yes
if [ $gnu_time = yes ]; then
	src="/usr/bin/time -v"
	kb=$(rss_of "$SOCKREPL" "$tmp/mem.sr")
	# The same commands typed at the interactive shell (Readline, its
	# history): script(1) gives it a terminal; the peak of script and
	# sockrepl, which is sockrepl's.
	kbi=
	if command -v script >/dev/null 2>&1; then
		{ cat "$tmp/mem.sr"; echo quit; } >"$tmp/typed"
		kbi=$(XDG_STATE_HOME=$tmp/typed-state \
			/usr/bin/time -v script -qec "$SOCKREPL --color=never" \
			/dev/null <"$tmp/typed" 2>&1 >/dev/null |
			sed -n 's/.*Maximum resident set size (kbytes): //p')
	fi
	kb0=$(rss_of "$SOCKREPL" --version)
	kbp=
	[ -z "$PY" ] || kbp=$(rss_of "$PY" -c 'import socket')
else
	src="VmHWM from /proc"
	kb=$(hwm_of "$tmp/mem.sr")
	: >"$tmp/empty.sr"
	kb0=$(hwm_of "$tmp/empty.sr")
	kbp=
fi
mib() {
	awk -v k="$1" 'BEGIN { printf "%6.2f MiB", k / 1024 }'
}
echo "  (measured with $src)"
echo "  sockrepl after $(grep -c . "$tmp/mem.sr") replayed commands:   $(mib "$kb")  (target < 8 MiB)"
[ -z "${kbi:-}" ] ||
	echo "  the same $(grep -c . "$tmp/mem.sr") commands typed (Readline): $(mib "$kbi")  (target < 4 MiB)"
if [ $gnu_time = yes ]; then
	echo "  sockrepl --version:                         $(mib "$kb0")"
else
	echo "  sockrepl, empty session:                    $(mib "$kb0")"
fi
[ -z "$kbp" ] ||
	echo "  python3 -c 'import socket':                 $(mib "$kbp")"
SOCKREPL=$SOCKREPL ABTIME=$ABTIME sh "$here/run-bench.sh" ||
	echo "(f) --run: could not run"
exit 0
