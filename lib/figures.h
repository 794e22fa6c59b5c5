/* The figures every report, the run database and the what-if commands show of a plan: district
 * totals per period, placements per municipality, the state of a GU site, the key figures
 * (qt_plan_kpis in quartier.h). One definition each; no report computes its own. Not installed. */
#ifndef QT_FIGURES_H
#define QT_FIGURES_H

#include "internal.h"

/* District totals of one period (persons unless said). All fields are long (report_json.c reads them
 * by offset). */
typedef struct {
	long intake;            /* arrivals assigned by the state */
	long accepted;          /* acc */
	long backlog;           /* bl */
	long in_vu;             /* V */
	long waiting_persons;   /* Fehlbeleger: sum_h s_h F */
	long unhoused;          /* U */
	long gu_places_open;    /* places of open GU sites + places of Kombimodell modules used as GU */
	long gu_persons;        /* sum x + sum y */
	long au_placed_persons; /* placed into AU in the period, all municipalities and sources */
	long munis_under_quota; /* municipalities with under > 0 */
} qt_period_totals;
void qt_period_totals_get(qt_period_totals *out, const qt_scenario *s, const qt_plan *p, int t);

/* Persons one municipality received in a period by source (qt_plan_placed) and cumulatively. */
typedef struct {
	long own, kombi, offers, cumulative;
} qt_placed;
/* AU places municipality m has received by period t from GU sites handed over to it. */
long qt_transfer_places(const qt_scenario *s, const qt_plan *p, int m, int t);
/* Fills out[0..T] for municipality m; out[0] is all zero. */
void qt_placed_series(qt_placed *out, const qt_scenario *s, const qt_plan *p, int m);

typedef enum { QT_GU_CLOSED = 0, QT_GU_OPEN, QT_GU_OPENS, QT_GU_CLOSES, QT_GU_HANDED_OVER } qt_gu_state;
/* State of GU g in period t (1..T): opened in t, closed in t, handed over to its municipality in t,
 * open, or closed. */
qt_gu_state qt_gu_state_at(const qt_plan *p, int g, int t);

/* Figures over a plan's whole horizon that qt_plan_kpis leaves out; persons unless said. */
typedef struct {
	long waiting_peak;          /* most Fehlbeleger persons in one quarter */
	long au_placed;             /* placed into AU over the horizon */
	long under_quota_end;       /* persons under quota after the last quarter, all municipalities */
	long munis_under_quota_end; /* municipalities under quota after the last quarter */
	long gu_opened, gu_closed;  /* GU sites opened, closed (events) */
	long modules_ordered;       /* Kombimodell modules ordered in the plan */
	long modules_converted_end; /* modules used as AU after the last quarter */
} qt_plan_totals;
void qt_plan_totals_get(qt_plan_totals *out, const qt_scenario *s, const qt_plan *p);

/* Modules of n kept Kombimodell orders. */
long qt_kept_modules(const qt_kept_order *kept, size_t n);

/* Kombimodell site k in period t: modules ordered in t, usable in t (delivered after the lead time,
 * counted since the first period), used as GU, converted to AU. */
typedef struct {
	long ordered, usable, gu, converted;
} qt_kombi_modules;
void qt_kombi_modules_get(qt_kombi_modules *out, const qt_scenario *s, const qt_plan *p, int k, int t);
/* The same summed over every Kombimodell site; and the persons placed into AU in period t by source
 * (qt_placed; cumulative over periods 1..t), summed over every municipality. */
void qt_kombi_district(qt_kombi_modules *out, const qt_scenario *s, const qt_plan *p, int t);
void qt_placed_district(qt_placed *out, const qt_scenario *s, const qt_plan *p, int t);

#endif
