#!/bin/sh
# tmpdir.sh - run one test (its command line in "$@") with a temporary
# directory of its own, removed when the test ends however it ends:
# TMPDIR points into it, and XDG_STATE_HOME (history, progress) is its
# state/ subdirectory, so that no test sees another's state or leaves any.
# The test starts with descriptors 0, 1 and 2 only, as from a terminal:
# whatever the harness or CI left open at 3-9 is closed, and a closed
# standard input reads /dev/null, so that the learner's first socket is
# 3 (the golden transcripts show it) however the suite was started.
d=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-test.XXXXXX") || exit 99
trap 'rm -rf "$d"' EXIT
trap 'exit 130' HUP INT TERM
mkdir "$d/state" || exit 99
TMPDIR=$d
XDG_STATE_HOME=$d/state
export TMPDIR XDG_STATE_HOME
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
(exec 9<&0) 2>/dev/null || exec </dev/null
"$@"
exit $?
