#!/bin/sh
# The Debian-inputs lint passes with ./dev's package list and, when a package is missing from it, fails naming the
# package and what used it: a CMake package (libqt6opengl6-dev) and a program and library the suite ran (file and
# its libmagic1, from a small trace with an interrupted call as strace -f writes it).
# Usage: debian_inputs.sh SOURCE_DIR BUILD_DIR
set -eu
lint="/usr/bin/python3 $1/.ci/debian-inputs"
trace=$(mktemp)
trap 'rm -f "$trace"' EXIT
cat >"$trace" <<'TRACE'
7 execve("/usr/bin/file", ["file", "-b", "x"], 0x7ffc /* 1 vars */) = 0
7 openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libmagic.so.1", O_RDONLY|O_CLOEXEC <unfinished ...>
8 execve("/usr/bin/missing-program", ["missing-program"], 0x7ffc /* 1 vars */) = -1 ENOENT (No such file or directory)
7 <... openat resumed>) = 3
TRACE
$lint "$2" "$trace"
if report=$($lint "$2" "$trace" --without libqt6opengl6-dev --without file --without libmagic1); then
    echo "the lint passed without libqt6opengl6-dev, file and libmagic1"
    exit 1
fi
echo "$report"
echo "$report" | grep -q '^debian-inputs: libqt6opengl6-dev is not among .*/Qt6OpenGLConfig.cmake (CMake package Qt6OpenGL)'
echo "$report" | grep -q '^debian-inputs: file is not among .* /usr/bin/file (run)$'
echo "$report" | grep -q '^debian-inputs: libmagic1 is not among .* /lib/x86_64-linux-gnu/libmagic.so.1 (loaded)$'
