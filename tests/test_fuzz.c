/*
 * The fuzz harnesses (tests/fuzz) without libFuzzer: every seed and every earlier finding is run
 * through the same checks again, so that a fixed crash stays fixed in `make check` (and under
 * ASan/UBSan in its second pass). Also feeds the quota harness a fixed stream of pseudo-random
 * inputs. Run from the project root.
 */
#include "testutil.h"

#include <dirent.h>

#define QT_FUZZ_SCENARIO_IN
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "fuzz/fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_csv_one
#include "fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_xlsx_one
#include "fuzz/fuzz_xlsx.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_apportion_one
#include "fuzz/fuzz_apportion.c"
#undef LLVMFuzzerTestOneInput

typedef int (*harness)(const uint8_t *data, size_t size);

/* Runs every regular file of dir (whose name ends in suffix, if given) through h; returns how many. */
static int replay_dir(harness h, const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), k = suffix ? strlen(suffix) : 0;
		if (de->d_name[0] == '.' || (suffix && (len < k || strcmp(de->d_name + len - k, suffix) != 0)))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t size = 0;
		char *data = tu_slurp(path, &size);
		assert_non_null(data);
		h((const uint8_t *)data, size);
		free(data);
		n++;
	}
	closedir(d);
	return n;
}

static void test_scenario_seeds_and_findings(void **state)
{
	(void)state;
	assert_true(replay_dir(fuzz_scenario_one, "examples", ".json") >= 2);
	assert_true(replay_dir(fuzz_scenario_one, "tests/bad", ".json") >= 60);
	assert_true(replay_dir(fuzz_scenario_one, "tests/fuzz/seeds", NULL) >= 1);
	assert_true(replay_dir(fuzz_scenario_one, "tests/fuzz/regress/scenario", NULL) >= 1);
}

static void test_sheets_seeds_and_findings(void **state)
{
	(void)state;
	assert_true(replay_dir(fuzz_csv_one, "tests/fuzz/seeds-csv", NULL) >= 2);
	assert_true(replay_dir(fuzz_csv_one, "tests/fuzz/regress/csv", NULL) >= 1);
	assert_true(replay_dir(fuzz_xlsx_one, "tests/fuzz/seeds-xlsx", NULL) >= 2);
	assert_true(replay_dir(fuzz_xlsx_one, "tests/fuzz/regress/xlsx", NULL) >= 1);
	assert_true(replay_dir(fuzz_xlsx_one, "examples", ".xlsx") >= 1);
}

static void test_apportion_findings(void **state)
{
	(void)state;
	assert_true(replay_dir(fuzz_apportion_one, "tests/fuzz/regress/apportion", NULL) >= 1);
}

/* 20,000 inputs from a fixed linear congruential stream: the quota checks, every `make check`. */
static void test_apportion_stream(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15u;
	uint8_t buf[64];
	for (int i = 0; i < 20000; i++) {
		size_t len = 1 + (size_t)(i % (int)sizeof buf);
		for (size_t k = 0; k < len; k++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			buf[k] = (uint8_t)(x >> 56);
		}
		fuzz_apportion_one(buf, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_seeds_and_findings),
		cmocka_unit_test(test_sheets_seeds_and_findings),
		cmocka_unit_test(test_apportion_findings),
		cmocka_unit_test(test_apportion_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
