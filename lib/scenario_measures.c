/*
 * The scenario's keys for the district's further measures (MODEL.md "Extensions"): a GU site's
 * living space and its handing over to the municipality, the living-space standard per period,
 * who pays, and the district's targets. Every key is optional; without them the scenario means
 * what it meant before.
 */
#include "scenario_measures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const TRANSFER_KEYS[] = { "earliest", "au_places", "cost" };
static const char *const FUNDING_KEYS[] = { "land_per_person", "land_per_vu_quarter", "to_municipality_per_person",
					    "kdu_federal_share", "objective" };
static const char *const TARGETS_KEYS[] = { "places" };

static const qt_range R_AREA = { 0, 1e9, true, false, "an area in m2 > 0", "at most 1e9 m2" };
static const qt_range R_STANDARD = { 0, 1e6, true, false, "m2 per place > 0", "at most 1e6 m2 per place" };
static const qt_range R_EURO = { 0, HUGE_VAL, false, false, "an amount in euro >= 0", NULL };
static const qt_range R_SHARE01 = { 0, 1, false, false, "a share in [0, 1]", NULL };

/* transfer.earliest must lie in the horizon: a handing over outside it could never happen. */
static void read_transfer_period(qt_reader *r, const cJSON *tr, qt_gu *g)
{
	qt_read_period p = qt_rd_field_period(r, tr, "earliest", true);
	if (!p.ok || r->T <= 0)
		return;
	if (p.t >= 1 && p.t <= r->T) {
		g->tr_earliest = p.t;
		return;
	}
	char at[8], first[8], last[8];
	qt_rd_label(r, p.t, at);
	qt_rd_label(r, 1, first);
	qt_rd_label(r, r->T, last);
	qt_rd_report_at(r, "earliest", "period %s is outside the horizon %s..%s: expected a period within it", at,
			first, last);
}

static void read_transfer(qt_reader *r, const cJSON *o, qt_gu *g)
{
	const cJSON *tr = qt_rd_member(r, o, "transfer", false);
	if (!tr)
		return;
	size_t mark = qt_rd_path_push_key(r, "transfer");
	if (qt_rd_schema_object(r, tr, TRANSFER_KEYS, QT_N_OF(TRANSFER_KEYS))) {
		g->tr_au_places = g->places;
		qt_rd_field_count(r, tr, "au_places", false, "places", &g->tr_au_places);
		qt_rd_field_real(r, tr, "cost", false, &R_EURO, &g->tr_cost);
		read_transfer_period(r, tr, g);
	}
	qt_rd_path_pop(r, mark);
}

void qt_rd_gu_measures(qt_reader *r, const cJSON *o, qt_gu *g, bool occupied_ok)
{
	qt_rd_field_real(r, o, "area_m2", false, &R_AREA, &g->area_m2);
	read_transfer(r, o, g);
	if (!occupied_ok || r->T <= 0 || !r->s->space_std)
		return;
	int cap = qt_gu_capacity(r->s, g, 1);
	char first[8];
	qt_rd_label(r, 1, first);
	if (g->occupied > cap)
		qt_rd_report_at(r, "occupied",
				"%s holds %d places in %s (%g m2 at %g m2 per place): expected at most %d persons, got %d",
				g->id ? g->id : "the site", cap, first, g->area_m2, r->s->space_std[1], cap,
				g->occupied);
}

void qt_rd_space_standard(qt_reader *r, const cJSON *root)
{
	if (!cJSON_GetObjectItemCaseSensitive(root, "space_standard_m2") || r->T <= 0)
		return;
	r->s->space_std = qt_rd_alloc(r, (size_t)r->T + 1, sizeof *r->s->space_std);
	if (r->s->space_std && !qt_rd_field_per_period_real(r, root, "space_standard_m2", &R_STANDARD,
							   r->s->space_std)) {
		free(r->s->space_std);
		r->s->space_std = NULL;
	}
}

void qt_rd_funding(qt_reader *r, const cJSON *root)
{
	const cJSON *f = qt_rd_member(r, root, "funding", false);
	if (!f)
		return;
	qt_funding *fu = &r->s->funding;
	size_t mark = qt_rd_path_push_key(r, "funding");
	if (qt_rd_schema_object(r, f, FUNDING_KEYS, QT_N_OF(FUNDING_KEYS))) {
		qt_rd_field_real(r, f, "land_per_person", false, &R_EURO, &fu->land_per_person);
		qt_rd_field_real(r, f, "land_per_vu_quarter", false, &R_EURO, &fu->land_per_vu_quarter);
		qt_rd_field_real(r, f, "to_municipality_per_person", false, &R_EURO, &fu->to_muni_per_person);
		qt_rd_field_real(r, f, "kdu_federal_share", false, &R_SHARE01, &fu->kdu_federal_share);
		int obj = QT_OBJ_PUBLIC;
		if (qt_rd_field_choice(r, f, "objective", false, qt_objective_names, QT_NOBJECTIVE, &obj))
			fu->objective = (qt_objective_kind)obj;
	}
	qt_rd_path_pop(r, mark);
}

void qt_rd_targets(qt_reader *r, const cJSON *root)
{
	const cJSON *tg = qt_rd_member(r, root, "targets", false);
	if (!tg)
		return;
	size_t mark = qt_rd_path_push_key(r, "targets");
	int places = 0;
	if (qt_rd_schema_object(r, tg, TARGETS_KEYS, QT_N_OF(TARGETS_KEYS)) &&
	    qt_rd_field_count(r, tg, "places", false, "places", &places))
		r->s->target_places = places;
	qt_rd_path_pop(r, mark);
}
