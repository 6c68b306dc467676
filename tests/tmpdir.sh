#!/bin/sh
# tmpdir.sh - run one test (its command line in "$@") with a temporary
# directory of its own, removed when the test ends however it ends:
# TMPDIR points into it, and XDG_STATE_HOME (history, progress) is its
# state/ subdirectory, so that no test sees another's state or leaves any.
d=$(mktemp -d "${TMPDIR:-/tmp}/sockrepl-test.XXXXXX") || exit 99
trap 'rm -rf "$d"' EXIT
trap 'exit 130' HUP INT TERM
mkdir "$d/state" || exit 99
TMPDIR=$d
XDG_STATE_HOME=$d/state
export TMPDIR XDG_STATE_HOME
"$@"
exit $?
