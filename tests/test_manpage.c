/* The manual page cli/quartier.1 is in step with the program: every option that `quartier --help`
 * or any `quartier COMMAND --help` lists on an option or usage line appears in the page, and every
 * option the page names is one some --help lists; every command of `quartier --help` has its own
 * section. */
#include "testutil.h"

#include <ctype.h>

enum { MAXOPT = 256 };

typedef struct {
	char name[MAXOPT][40];
	size_t n;
} optset;

static void add(optset *s, const char *p, size_t len)
{
	if (len >= sizeof s->name[0])
		return;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->name[i]) == len && !memcmp(s->name[i], p, len))
			return;
	assert_true(s->n < MAXOPT);
	memcpy(s->name[s->n], p, len);
	s->name[s->n++][len] = '\0';
}

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '-'; }

/* Every "-x" and "--name" in text that stands as a word of its own. */
static void scan(optset *s, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p != '-' || (p > text && word_char(p[-1])))
			continue;
		const char *q = p + (p[1] == '-' ? 2 : 1);
		if (!isalpha((unsigned char)*q))
			continue;
		if (p[1] != '-') { /* a short option: one letter, then not a word character */
			if (!word_char(q[1]))
				add(s, p, 2);
			continue;
		}
		const char *e = q;
		while (isalnum((unsigned char)*e) || *e == '-')
			e++;
		while (e[-1] == '-')
			e--;
		add(s, p, (size_t)(e - p));
		p = e - 1;
	}
}

/* The options of one --help text: its usage lines and the lines that start with an option. */
static void scan_help(optset *s, const char *help)
{
	char *copy = strdup(help), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *t = line;
		while (*t == ' ')
			t++;
		if (*t == '-' || !strncmp(t, "Usage:", 6) || !strncmp(t, "quartier ", 9))
			scan(s, t);
	}
	free(copy);
}

static int has(const optset *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return 1;
	return 0;
}

static void test_manpage_matches_help(void **state)
{
	(void)state;
	char *page = tu_slurp("cli/quartier.1", NULL);
	assert_non_null(page);
	for (char *p = page; (p = strstr(p, "\\-"));) /* roff's \- is a plain hyphen */
		memmove(p, p + 1, strlen(p));
	optset man = { .n = 0 }, help = { .n = 0 };
	scan(&man, page);
	tu_run_result r = tu_run("--help");
	assert_int_equal(r.status, 0);
	scan_help(&help, r.out);
	const char *at = strstr(r.out, "Commands:\n");
	assert_non_null(at);
	char cmd[64];
	int commands = 0;
	for (const char *line = strchr(at, '\n') + 1; sscanf(line, " %63[a-z-] ", cmd) == 1 && line[0] == ' ';
	     line = strchr(line, '\n') + 1) {
		tu_run_result c = tu_run("%s --help", cmd);
		assert_int_equal(c.status, 0);
		scan_help(&help, c.out);
		tu_run_free(&c);
		char section[96];
		snprintf(section, sizeof section, "\"quartier %s ", cmd); /* .SS "quartier CMD ..." */
		if (!strstr(page, section))
			fail_msg("the manual page has no section for quartier %s", cmd);
		commands++;
	}
	tu_run_free(&r);
	assert_true(commands >= 13);
	int bad = 0;
	for (size_t i = 0; i < help.n; i++)
		if (!has(&man, help.name[i])) {
			fprintf(stderr, "cli/quartier.1 lacks %s, which a --help lists\n", help.name[i]);
			bad++;
		}
	for (size_t i = 0; i < man.n; i++)
		if (!has(&help, man.name[i])) {
			fprintf(stderr, "cli/quartier.1 names %s, which no --help lists\n", man.name[i]);
			bad++;
		}
	free(page);
	assert_int_equal(bad, 0);
	assert_true(help.n > 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_manpage_matches_help) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
