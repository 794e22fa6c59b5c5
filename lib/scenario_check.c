/* Checks across the sections of a scenario: facts no single datum shows, which the model would
 * otherwise meet only as an infeasible program. */
#include "scenario_check.h"

#include <float.h>
#include <math.h>

/* Key columns are normalised by their total (MODEL.md, Quotas 1), so a weighted column needs one. */
void qt_scenario_check_key_totals(qt_reader *r)
{
	const qt_scenario *s = r->s;
	if (!r->keys_ok || !r->key_values_ok || s->n_muni == 0)
		return;
	for (int j = 0; j < s->n_key; j++) {
		double total = 0;
		for (int m = 0; m < s->n_muni; m++)
			total += s->muni[m].key[j];
		if (s->key_weight[j] > 0 && (total <= 0 || !isfinite(total))) {
			size_t mark = qt_rd_path_push_key(r, "quota");
			qt_rd_path_push_key(r, "key");
			char shown[48];
			qt_rd_clip(s->key_name[j], shown, sizeof shown);
			if (total <= 0)
				qt_rd_report_at(r, s->key_name[j],
						"expected a key column with a positive total, but '%s' is 0 in every "
						"municipality",
						shown);
			else /* the shares would all be 0 */
				qt_rd_report_at(r, s->key_name[j],
						"'%s' adds up to more than %.2g over the municipalities: expected smaller "
						"values",
						shown, DBL_MAX);
			qt_rd_path_pop(r, mark);
		}
	}
}

static long long sum_occupied(const qt_scenario *s)
{
	long long n = 0;
	for (int g = 0; g < s->n_gu; g++)
		n += s->gu[g].occupied;
	return n;
}

/* MODEL.md constraint 2: V[t] = V[t-1] + acc[t] - entitled persons must stay >= 0 even when every
 * assigned person is taken in at once; otherwise the data claim more entitled persons than were
 * ever in vU and no plan exists. */
bool qt_scenario_check_vu(qt_reader *r)
{
	const qt_scenario *s = r->s;
	long long in_gu = sum_occupied(s), waiting = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		waiting += (long long)s->hsize[h] * s->waiting0[h];
	long long v0 = in_gu - waiting;
	size_t mark = qt_rd_path_push_key(r, "households");
	if (v0 < 0) {
		qt_rd_report_at(r, "waiting",
				"waiting households hold %lld persons but only %lld persons are in GUs at start: "
				"expected at most the sum of the GU sites' occupied",
				waiting, in_gu);
		qt_rd_path_pop(r, mark);
		return false;
	}
	if (!s->n_future)
		qt_scenario_check_vu_of(r, s, "entitled", NULL);
	qt_rd_path_pop(r, mark);
	return true;
}

bool qt_scenario_check_vu_of(qt_reader *r, const qt_scenario *s, const char *key, const char *future)
{
	long long v0 = sum_occupied(s), entitled = 0, arrived = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		v0 -= (long long)s->hsize[h] * s->waiting0[h];
	for (int t = 1; t <= s->T; t++) {
		for (int h = 0; h < QT_NCLASS; h++)
			entitled += (long long)s->hsize[h] * qt_entitled(s, h, t);
		arrived += s->arrivals[t];
		long long most = v0 + s->backlog0 + arrived;
		if (entitled > most) {
			char at[8];
			qt_rd_label(r, t, at);
			qt_rd_report_at(r, key,
					"%s%s%sby %s, %lld persons become entitled to AU, but at most %lld can have been "
					"in vU (%lld at start + backlog %d + arrivals %lld): expected at most %lld",
					future ? "in future '" : "", future ? future : "", future ? "', " : "", at,
					entitled, most, v0, s->backlog0, arrived, most);
			return false;
		}
	}
	return true;
}

/* MODEL.md constraint 7: the stock a municipality holds at start shrinks only by the exit rate, so
 * it must fit its own AU places in every period even if nobody new is placed. */
void qt_scenario_check_au_stock(qt_reader *r)
{
	const qt_scenario *s = r->s;
	double keep = 1.0 - s->exit_rate;
	size_t mark = qt_rd_path_push_key(r, "municipalities");
	for (int m = 0; m < s->n_muni; m++) {
		const qt_muni *mu = &s->muni[m];
		double stock = mu->au_occupied;
		for (int t = 1; t <= s->T; t++) {
			stock *= keep;
			if (stock <= mu->au_places[t] + 1e-9)
				continue;
			char at[8];
			qt_rd_label(r, t, at);
			size_t mi = qt_rd_path_push_index(r, m);
			qt_rd_report_at(r, "au_occupied",
					"%d persons in AU at start are still %.1f in %s after the exit rate, more than "
					"the %d AU places then: expected at most what au_places holds",
					mu->au_occupied, stock, at, mu->au_places[t]);
			qt_rd_path_pop(r, mi);
			break;
		}
	}
	qt_rd_path_pop(r, mark);
}
