#!/bin/sh
# compile-check.sh EXPECT FILE PATTERN CC [FLAG...]
# Compiles FILE (syntax only). EXPECT "ok": it must compile. EXPECT "fail": it
# must not, and the compiler's message must contain PATTERN.
expect=$1 file=$2 pattern=$3
shift 3
out=$("$@" -fsyntax-only -Werror=int-conversion "$file" 2>&1)
status=$?
if [ "$expect" = ok ]; then
  [ $status -eq 0 ] && exit 0
  echo "$file should compile but did not:"; echo "$out"; exit 1
fi
if [ $status -eq 0 ]; then
  echo "$file compiled, but must not"; exit 1
fi
if ! printf '%s\n' "$out" | grep -q -- "$pattern"; then
  echo "$file failed for another reason than '$pattern':"; echo "$out"; exit 1
fi
echo "$file refused as expected: $(printf '%s\n' "$out" | grep -m1 -- "$pattern")"
