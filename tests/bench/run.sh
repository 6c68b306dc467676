#!/bin/sh
# run.sh - make bench: sockrepl's start-up, replay speed, `state` cost and
# peak memory, each side by side with a baseline, printed in one run.
# Figures are measured, never asserted: the exit status is 0 unless a
# benchmark could not run at all.
#
# Environment: SOCKREPL (required), CYCLES and CYCLES_TIME (built
# tests/bench/cycles{,-time}; compiled here with $CC when absent),
# LISTENERS (for state-bench.sh), BENCH_RUNS (start-up runs, 21),
# BENCH_CYCLE_RUNS (replay runs, 5), BENCH_CYCLES (300), BENCH_COMMANDS
# (commands in the memory session, 1000), BENCH_NO_STATE=1 to skip the
# 20,000-listener state benchmark, BENCH_NO_GNU_TIME=1 to read VmHWM.

set -eu

SOCKREPL=${SOCKREPL:?set SOCKREPL to the sockrepl binary}
RUNS=${BENCH_RUNS:-21}
CRUNS=${BENCH_CYCLE_RUNS:-5}
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
build CYCLES_TIME cycles-time

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
	set -- $("$CYCLES_TIME" "$runs" "$input" "$@")
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
[ -z "$PY" ] || echo "python: $PY ($("$PY" --version 2>&1))"

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
# calls in sockrepl, in C (cycles.c) and in Python.
{
	echo 'lfd = socket inet stream'
	echo 'bind lfd 127.0.0.1 0'
	echo 'listen lfd 64'
	i=0
	while [ $i -lt "$NCYC" ]; do
		cat <<'EOF'
c = socket inet stream
connect c lfd => 0
cfd = accept lfd
send c "hello\n" => 6
recv cfd 1024 => "hello\n"
send cfd "hello\n" => 6
recv c 1024 => "hello\n"
shutdown c SHUT_WR => 0
recv cfd 1024 => 0
close cfd => 0
recv c 1024 => 0
close c => 0
EOF
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
header "(b) $NCYC connect/accept/echo/close cycles ($ncmd commands), $CRUNS runs each"
timed "sockrepl replay, state lines on" "$CRUNS" - "$SOCKREPL" \
	"$tmp/cycles.sr"
m_sr=$med
timed "sockrepl replay, set state off" "$CRUNS" - "$SOCKREPL" \
	"$tmp/cycles-nostate.sr"
m_srq=$med
timed "sockrepl --check (quiet, state on)" "$CRUNS" - "$SOCKREPL" \
	--check "$tmp/cycles.sr"
timed "C, the same syscalls (cycles.c)" "$CRUNS" - "$CYCLES" "$NCYC"
m_c=$med
echo "  sockrepl (state on) / C: $(ratio "$m_sr" "$m_c")x;" \
	"state off / C: $(ratio "$m_srq" "$m_c")x (target <= 1.5x)"
if [ -n "$PY" ]; then
	timed "python3, the same calls" "$CRUNS" - "$PY" "$tmp/cycles.py" \
		"$NCYC"
	echo "  python3 / sockrepl (state on): $(ratio "$med" "$m_sr")x" \
		"(target > 1x)"
else
	echo "  python3: skipped (not installed)"
fi
echo "  per command, sockrepl state on: $(awk -v m="$m_sr" -v n="$ncmd" \
	'BEGIN { printf "%.1f", m / n }') us"

# (c) `state` among 20,000 unrelated sockets, vs ss -tan.
echo
echo "(c) state with 20,000 unrelated listeners (tests/bench/state-bench.sh)"
if [ "${BENCH_NO_STATE:-0}" = 1 ]; then
	echo "  skipped (BENCH_NO_STATE=1)"
else
	st=0
	SOCKREPL=$SOCKREPL sh "$here/state-bench.sh" 2>&1 | sed 's/^/  /' ||
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
if [ $gnu_time = yes ]; then
	echo "  sockrepl --version:                         $(mib "$kb0")"
else
	echo "  sockrepl, empty session:                    $(mib "$kb0")"
fi
[ -z "$kbp" ] ||
	echo "  python3 -c 'import socket':                 $(mib "$kbp")"
sh "$here/run-bench.sh" || echo "(f) --run: could not run"
exit 0
