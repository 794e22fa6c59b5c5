/* The words of the domain that every stage shares: household classes, GU kinds, quota methods,
 * penalty terms and period labels. The scenario reader, the reports, the generator and the run
 * database's schema all take them from here, so a new class or kind is added in one place. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *const qt_class_names[QT_NCLASS] = { "1", "2", "3", "4", "5+" };
/* As part of a name (a database column, a JSON key): "5+" is not a word there. */
const char *const qt_class_suffixes[QT_NCLASS] = { "1", "2", "3", "4", "5plus" };

const char *const qt_gu_kind_names[QT_NGU_KIND] = { "permanent", "provisional", "sports_hall" };

const char *const qt_method_names[QT_NMETHOD] = { "hare-niemeyer", "sainte-lague" };
const char *const qt_futures_objective_names[QT_NFUT_OBJECTIVE] = { "expected", "worst" };

const char *const qt_penalty_names[QT_NPEN] = { "unhoused",    "backlog",    "waiting", "provisional",
						"quota_under", "quota_over", "move" };
const double qt_penalty_defaults[QT_NPEN] = { 100000, 5000, 600, 1500, 300, 100, 0 };
const char *const qt_objective_names[QT_NOBJECTIVE] = { "public", "district" };
const char *const qt_payer_names[QT_NPAYER] = { "district", "municipalities", "land", "federal" };

int qt_period_parse(const char *label, int *year, int *q)
{
	if (!label || strlen(label) != 6 || label[4] != 'Q' || label[5] < '1' || label[5] > '4')
		return -1;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (label[i] < '0' || label[i] > '9')
			return -1;
		y = y * 10 + (label[i] - '0');
	}
	if (y < 1000)
		return -1;
	*year = y;
	*q = label[5] - '0';
	return 0;
}

long qt_quarter_of(const char *label)
{
	int year, q;
	return qt_period_parse(label, &year, &q) ? -1 : (long)year * 4 + q - 1;
}

void qt_period_label(int start_year, int start_q, int t, char buf[8])
{
	long i = (long)start_q - 1 + t - 1; /* quarters since Q1 of the start year */
	long years = i >= 0 ? i / 4 : -((3 - i) / 4);
	long year = start_year + years;
	int q = (int)(i - years * 4) + 1;
	if (year < 0 || year > 99999)
		year = 0; /* only for t far outside any horizon; keeps the label within buf */
	snprintf(buf, 8, "%04ldQ%c", year, (char)('0' + q));
}
