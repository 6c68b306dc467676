#!/bin/sh
# tmpdir.sh - run one test (its command line in "$@") with a temporary
# directory of its own, removed when the test ends however it ends:
# TMPDIR points into it, and XDG_STATE_HOME (history, progress) is its
# state/ subdirectory, so that no test sees another's state or leaves any.
# The test starts with descriptors 0, 1 and 2 only, as from a terminal:
# whatever the harness, CI or the calling shell left open from 3 up is
# closed (tests/stdfds: a shell cannot close 10 and above), and a closed
# standard input reads /dev/null, so that the descriptor numbers in the
# golden transcripts (3 for the first socket, 10 for the eighth) hold
# however the suite was started.
d=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-test.XXXXXX") || exit 99
trap 'rm -rf "$d"' EXIT
trap 'exit 130' HUP INT TERM
mkdir "$d/state" || exit 99
TMPDIR=$d
XDG_STATE_HOME=$d/state
export TMPDIR XDG_STATE_HOME
(exec 9<&0) 2>/dev/null || exec </dev/null
"${top_builddir:?set by make check}/tests/stdfds" "$@"
exit $?
