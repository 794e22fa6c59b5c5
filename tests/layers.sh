#!/bin/sh
# `make layers` (part of `make check`): data flows one way through lib/. From the objects' symbol
# tables (nm), file A depends on file B when A uses a function or datum B defines; the graph of
# these dependencies must have no cycle, so no two files (and no longer ring) call each other.
# Prints the graph's order, lowest files first, or the files of a cycle.
set -u
cd "$(dirname "$0")/.." || exit 1
dir=${1:-build/obj}
defs=$(mktemp)
uses=$(mktemp)
edges=$(mktemp)
# The objects of the sources there are now (a renamed file may leave an old object behind).
objects=$(for c in lib/*.c; do echo "$dir/$(basename "$c" .c).o"; done)
for o in $objects; do
	f=$(basename "$o" .o)
	nm --defined-only -g "$o" | awk -v f="$f" 'NF == 3 {print $3, f}'
done | sort >"$defs"
for o in $objects; do
	f=$(basename "$o" .o)
	nm -u "$o" | awk -v f="$f" '{print $NF, f}'
done | sort >"$uses"
# "user provider" per edge; tsort wants "before after", so the provider comes first.
join "$uses" "$defs" | awk '$2 != $3 {print $3, $2}' | sort -u >"$edges"
status=0
if ! order=$(tsort "$edges" 2>&1 >/dev/null) || [ -n "$order" ]; then
	echo "layers: the files of lib/ call each other in a cycle:"
	tsort "$edges" 2>&1 >/dev/null | sed -n 's/^tsort: \([a-z_0-9]*\)$/  \1/p'
	status=1
else
	echo "layers: $(wc -l <"$edges") dependencies between the files of lib/, no cycle; from the bottom:"
	tsort "$edges" | tr '\n' ' ' | fold -s -w 100 | sed 's/^/  /'
	echo
fi
rm -f "$defs" "$uses" "$edges"
exit "$status"
