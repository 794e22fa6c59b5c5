#!/bin/sh
# `make lint`: cppcheck and clang-tidy over lib/ and cli/, for `make check`.
#
# cppcheck runs its warning, performance and portability checks. clang-tidy runs the checks of
# tests/lint/clang-tidy.yaml (which says why each check left out is left out), one file at a time
# with tests/lint/analyzer.h (which tells the analyzer what the error helpers of other files
# return). Findings listed in tests/lint/suppressions, each with its reason, are not counted.
# Exit status 1 if anything else is found.
set -u
cd "$(dirname "$0")/.." || exit 1
CJSON=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
MINIZIP=$(pkg-config --cflags minizip 2>/dev/null || echo -I/usr/include/minizip)
status=0

echo "== cppcheck (lib, cli)"
cppcheck --quiet --std=c11 --enable=warning,performance,portability --inline-suppr --error-exitcode=1 \
	-D__GNUC__ -Iinclude -Ilib -Icli lib cli || status=1

echo "== clang-tidy (lib, cli)"
found=$(mktemp)
for f in lib/*.c cli/*.c; do
	case $f in
	lib/errors.c) hint= ;;
	cli/common.c) hint="-include tests/lint/analyzer.h" ;;
	cli/*) hint="-include tests/lint/analyzer.h -DQT_LINT_CLI" ;;
	*) hint="-include tests/lint/analyzer.h" ;;
	esac
	# shellcheck disable=SC2086 # the flags are separate words
	clang-tidy --quiet --config-file=tests/lint/clang-tidy.yaml "$f" -- -std=c11 \
		-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Ilib -Icli $CJSON $MINIZIP $hint 2>/dev/null |
		grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): ' >>"$found"
done

# A finding is "PATH:LINE:COL: warning: TEXT [CHECK]"; it is suppressed when an entry names its
# file and check and the source line contains the entry's fragment.
kept=0
suppressed=0
used=$(mktemp)
while IFS= read -r finding; do
	loc=${finding%%: *}
	path=${loc%%:*}
	path=${path#"$PWD/"}
	rest=${loc#*:}
	line=${rest%%:*}
	check=$(printf '%s\n' "$finding" | sed -n 's/.*\[\([^]]*\)\]$/\1/p')
	source=$(sed -n "${line}p" "$path" 2>/dev/null)
	hit=$(grep -v '^#' tests/lint/suppressions | while read -r file chk fragment; do
		[ -n "$file" ] && [ "$file" = "$path" ] && [ "$chk" = "$check" ] &&
			case $source in *"$fragment"*) echo "$file $chk $fragment"; break ;; esac
	done)
	if [ -n "$hit" ]; then
		echo "$hit" >>"$used"
		suppressed=$((suppressed + 1))
	else
		echo "$finding"
		kept=$((kept + 1))
	fi
done <"$found"
# An entry nothing matches any more is stale: say so, so that it is removed.
grep -v '^#' tests/lint/suppressions | grep . | while IFS= read -r entry; do
	grep -qxF "$entry" "$used" || echo "note: tests/lint/suppressions: no longer needed: $entry"
done
rm -f "$found" "$used"
echo "clang-tidy: $kept finding(s), $suppressed suppressed (tests/lint/suppressions)"
[ "$kept" -eq 0 ] || status=1
exit "$status"
