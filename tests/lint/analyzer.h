/* Included (clang -include) before every file clang-tidy analyses, except the files that define
 * these functions. The static analyzer looks at one file at a time; this tells it what the two
 * error helpers defined elsewhere do: qt_set_error (lib/errors.c) returns the code it is given and
 * cli_fail_input (cli/common.c) returns EXIT_INPUT, neither ever 0. Without it every
 * `rc = qt_set_error(QT_ENOMEM, ...)` might be 0 to the analyzer, and it reports null
 * dereferences on paths that in fact return early with that code. */
#include "internal.h"
#define qt_set_error(code, ...) (qt_set_error((code), __VA_ARGS__), (code))
#ifdef QT_LINT_CLI
#include "cli.h"
#define cli_fail_input(...) (cli_fail_input(__VA_ARGS__), EXIT_INPUT)
#endif
