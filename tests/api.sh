#!/bin/sh
# `make api` (part of `make check`): the shared library exports exactly the functions quartier.h
# declares with QT_API, and the command-line tool reaches the library only through that header.
set -u
cd "$(dirname "$0")/.." || exit 1
so=${1:-build/libquartier.so}
status=0
declared=$(mktemp)
exported=$(mktemp)
# Each QT_API declaration names its function right before the first '('.
tr '\n' ' ' <include/quartier.h | sed 's/;/;\n/g' | grep 'QT_API' |
	sed -n 's/.*[ *]\(qt_[a-z0-9_]*\)(.*/\1/p' | sort -u >"$declared"
nm -D --defined-only "$so" | awk '$2 ~ /^[TtWw]$/ {print $3}' | sort -u >"$exported"
extra=$(comm -13 "$declared" "$exported")
missing=$(comm -23 "$declared" "$exported")
if [ -n "$extra" ]; then
	echo "api: $so exports functions quartier.h does not declare with QT_API:"; echo "$extra"; status=1
fi
if [ -n "$missing" ]; then
	echo "api: quartier.h declares functions $so does not export:"; echo "$missing"; status=1
fi
other=$(nm -D --defined-only "$so" | awk '$2 !~ /^[TtWw]$/ {print $3}' | grep -v '^_' )
if [ -n "$other" ]; then
	echo "api: $so exports data symbols:"; echo "$other"; status=1
fi
past=$(grep -n '#include "' cli/*.c cli/*.h | grep -v '"cli.h"\|"quartier.h"')
if [ -n "$past" ]; then
	echo "api: cli/ includes headers other than quartier.h and its own cli.h:"; echo "$past"; status=1
fi
n=$(wc -l <"$declared")
rm -f "$declared" "$exported"
[ "$status" = 0 ] && echo "api: $n functions exported, each declared QT_API in quartier.h; cli/ uses only quartier.h"
exit "$status"
