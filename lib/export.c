/* Export: the library's own program as free MPS or CPLEX LP, the data file of models/quartier.mod,
 * and the program's size. Other solvers and an independent formulation check quartier's answers. */
#include "model_futures.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the library's program ---- */

/* The library names rows by kind ("quota", "capacity"); MPS and LP files address rows by name, so
 * each gets its row number appended to be unique. */
static void unique_row_names(glp_prob *lp)
{
	int n = glp_get_num_rows(lp);
	for (int i = 1; i <= n; i++) {
		const char *base = glp_get_row_name(lp, i);
		char name[64];
		snprintf(name, sizeof name, "%.40s_%d", base ? base : "r", i);
		glp_set_row_name(lp, i, name);
	}
}

typedef struct {
	const qt_scenario *s;
	const char *path;
	qt_export_format fmt;
	qt_program_stats *stats;
	int solve_lp;
	qt_model m;
	qt_futures_model fm;
} program_job;

/* The job's programs freed; after QT_ESOLVER GLPK freed its environment, the problems with it. */
static void free_job(program_job *job, int rc)
{
	if (rc == QT_ESOLVER) {
		job->m.lp = job->fm.lp = NULL;
		for (int f = 0; job->fm.m && f < job->fm.F; f++)
			job->fm.m[f].lp = NULL;
	}
	qt_model_free(&job->m);
	qt_futures_model_free(&job->fm);
}

/* "PATH.tmp-PID": next to the target, so the rename stays on one file system. */
static char *temp_name(const char *path)
{
	return qt_asprintf("%s.tmp-%ld", path, (long)getpid());
}

static int write_program(void *ctx)
{
	program_job *job = ctx;
	int rc = job->s->n_future ? qt_futures_model_build(&job->fm, job->s) : qt_model_build(&job->m, job->s);
	if (rc)
		return rc;
	glp_prob *lp = job->s->n_future ? job->fm.lp : job->m.lp;
	unique_row_names(lp);
	glp_set_obj_name(lp, "total");
	char *tmp = temp_name(job->path);
	if (!tmp)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int err = job->fmt == QT_EXPORT_MPS ? glp_write_mps(lp, GLP_MPS_FILE, NULL, tmp) : glp_write_lp(lp, NULL, tmp);
	if (err) {
		unlink(tmp);
		free(tmp);
		return qt_set_error(QT_EIO, "cannot write %s", job->path);
	}
	if (rename(tmp, job->path) != 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return qt_set_error(QT_EIO, "cannot write %s: %s", job->path, strerror(e));
	}
	free(tmp);
	return 0;
}

int qt_export_program(const char *path, qt_export_format fmt, const qt_scenario *s)
{
	if (!path || !*path || !s || (fmt != QT_EXPORT_MPS && fmt != QT_EXPORT_LP))
		return qt_set_error(QT_EINVAL, "qt_export_program: bad arguments");
	program_job job = { .s = s, .path = path, .fmt = fmt };
	int rc = qt_glpk_guarded(write_program, &job, 0);
	free_job(&job, rc);
	return rc;
}

static int measure_program(void *ctx)
{
	program_job *job = ctx;
	qt_program_stats *st = job->stats;
	double t0 = qt_clock_s();
	int rc = job->s->n_future ? qt_futures_model_build(&job->fm, job->s) : qt_model_build(&job->m, job->s);
	if (rc)
		return rc;
	st->build_s = qt_clock_s() - t0;
	glp_prob *lp = job->s->n_future ? job->fm.lp : job->m.lp;
	st->rows = glp_get_num_rows(lp);
	st->cols = glp_get_num_cols(lp);
	st->ints = glp_get_num_int(lp);
	st->nonzeros = glp_get_num_nz(lp);
	if (!job->solve_lp)
		return 0;
	if (st->cols >= QT_IPM_MIN_COLUMNS && !job->s->n_future) {
		/* As qt_solve: scaled, interior point, the bound from its duals. */
		double *val = malloc(((size_t)st->cols + 1) * sizeof *val);
		if (!val)
			return qt_set_error(QT_ENOMEM, "out of memory");
		glp_scale_prob(lp, GLP_SF_AUTO);
		t0 = qt_clock_s();
		rc = qt_relax_ipm(lp, val, 0);
		st->lp_objective = rc ? 0 : qt_dual_bound(&job->m, 1);
		st->lp_s = qt_clock_s() - t0;
		st->lp_interior = 1;
		free(val);
		return rc ? qt_set_error(QT_ESOLVER, "the LP relaxation did not solve (interior point)") : 0;
	}
	/* The LP relaxation as glp_intopt's root would first solve it: presolved, dual simplex. */
	glp_smcp p;
	glp_init_smcp(&p);
	p.msg_lev = GLP_MSG_OFF;
	p.presolve = GLP_ON;
	p.meth = GLP_DUALP;
	t0 = qt_clock_s();
	int ret = glp_simplex(lp, &p);
	st->lp_s = qt_clock_s() - t0;
	if (ret != 0 || glp_get_status(lp) != GLP_OPT)
		return qt_set_error(QT_ESOLVER, "the LP relaxation did not solve (glp_simplex %d)", ret);
	st->lp_objective = glp_get_obj_val(lp);
	return 0;
}

int qt_program_stats_get(qt_program_stats *out, const qt_scenario *s, int solve_lp)
{
	if (!out || !s)
		return qt_set_error(QT_EINVAL, "qt_program_stats_get: bad arguments");
	memset(out, 0, sizeof *out);
	out->lp_s = -1;
	program_job job = { .s = s, .stats = out, .solve_lp = solve_lp };
	int rc = qt_glpk_guarded(measure_program, &job, 0);
	free_job(&job, rc);
	return rc;
}

/* ---- the data file of models/quartier.mod ---- */

/* An id or name inside a '#' comment: one line, no control characters. */
static void comment_line(FILE *f, const char *lead, const char *text)
{
	fputs(lead, f);
	for (const unsigned char *c = (const unsigned char *)(text ? text : ""); *c; c++)
		fputc(*c < 0x20 || *c == 0x7f ? '?' : *c, f);
}

static void comment(FILE *f, const char *text) { comment_line(f, "  # ", text); }

/* A real number that reads back as the same double. */
static void num(FILE *f, double v)
{
	fprintf(f, " %.17g", v);
}

/* param NAME : 1 .. T := rows ... ; for a table indexed by (i, t). */
static void period_header(FILE *f, const char *name, int T)
{
	fprintf(f, "param %s :", name);
	for (int t = 1; t <= T; t++)
		fprintf(f, " %d", t);
	fputs(" :=\n", f);
}

static void write_periods(FILE *f, const qt_scenario *s)
{
	int T = s->T;
	fprintf(f, "param T := %d;\n", T);
	fputs("param size :=", f);
	for (int h = 0; h < QT_NCLASS; h++)
		fprintf(f, " %d %d", h + 1, qt_hs(s, h));
	fputs(";  # classes 1, 2, 3, 4, 5+\n", f);
	char label[8];
	fputs("param intake :=\n", f);
	for (int t = 1; t <= T; t++) {
		qt_scenario_period_label(s, t, label);
		fprintf(f, "  %d %d  # %s\n", t, s->arrivals[t], label);
	}
	fputs(";\n", f);
	fprintf(f, "param backlog0 := %d;\n", s->backlog0);
	fputs("param F0 :=", f);
	for (int h = 0; h < QT_NCLASS; h++)
		fprintf(f, " %d %d", h + 1, s->waiting0[h]);
	fputs(";\n", f);
	period_header(f, "entitled", T);
	for (int h = 0; h < QT_NCLASS; h++) {
		fprintf(f, "  %d", h + 1);
		for (int t = 1; t <= T; t++)
			fprintf(f, " %d", qt_entitled(s, h, t));
		fputc('\n', f);
	}
	fputs(";\n", f);
}

static void write_sites(FILE *f, const qt_scenario *s)
{
	fprintf(f, "\nparam nG := %d;\n", s->n_gu);
	if (s->n_gu == 0)
		return;
	fputs("param : places occupied open0 temporary avail_from avail_until vacate_by cp cf co cc :=\n", f);
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		fprintf(f, "  %d %d %d %d %d %d %d %d", g + 1, gu->places, gu->occupied, gu->open0 ? 1 : 0,
			gu->kind != QT_GU_PERMANENT, gu->avail_from, gu->avail_until, gu->vacate_by);
		num(f, gu->cost_place);
		num(f, gu->cost_fixed);
		num(f, gu->cost_open);
		num(f, gu->cost_close);
		comment(f, gu->id);
		fputc('\n', f);
	}
	fputs(";\n", f);
}

static void write_municipalities(FILE *f, const qt_scenario *s, const qt_quotas *q)
{
	int T = s->T;
	fprintf(f, "\nparam nM := %d;\n", s->n_muni);
	fputs("param : A0 ca area :=\n", f);
	for (int m = 0; m < s->n_muni; m++) {
		const qt_muni *mu = &s->muni[m];
		fprintf(f, "  %d %d", m + 1, mu->au_occupied);
		num(f, mu->au_cost);
		fprintf(f, " %d", mu->rent_area + 1);
		comment(f, mu->id);
		fputc('\n', f);
	}
	fputs(";\n", f);
	period_header(f, "au_places", T);
	for (int m = 0; m < s->n_muni; m++) {
		fprintf(f, "  %d", m + 1);
		for (int t = 1; t <= T; t++)
			fprintf(f, " %d", s->muni[m].au_places[t]);
		fputc('\n', f);
	}
	fputs(";\n", f);
	fputs("# cumulative AU quotas, computed by the library (MODEL.md, \"Quotas\")\n", f);
	period_header(f, "q", T);
	for (int m = 0; m < s->n_muni; m++) {
		fprintf(f, "  %d", m + 1);
		for (int t = 1; t <= T; t++)
			fprintf(f, " %ld", q->q[QT_IX(m, t, T)]);
		fputc('\n', f);
	}
	fputs(";\n", f);
	fputs("param exit_rate :=", f);
	num(f, s->exit_rate);
	fputs(";\n", f);
}

static void write_kombimodell(FILE *f, const qt_scenario *s)
{
	fprintf(f, "\nparam nK := %d;\n", s->n_kombi);
	if (s->n_kombi == 0)
		return;
	fputs("param : kmuni max_modules ppm lead earliest cm cv cg :=\n", f);
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		fprintf(f, "  %d %d %d %d %d %d", k + 1, km->muni + 1, km->max_modules, km->ppm, km->lead,
			km->earliest);
		num(f, km->cost_module);
		num(f, km->cost_conversion);
		num(f, km->cost_gu_place);
		comment(f, km->id);
		fputc('\n', f);
	}
	fputs(";\n", f);
}

static void write_offers(FILE *f, const qt_scenario *s)
{
	fprintf(f, "\nparam nA := %d;\n", s->n_area);
	if (s->n_area > 0) {
		fputs("param cap : 1 2 3 4 5 :=\n", f);
		for (int a = 0; a < s->n_area; a++) {
			fprintf(f, "  %d", a + 1);
			for (int h = 0; h < QT_NCLASS; h++) {
				if (s->cap[a][h] < 0)
					fputs(" .", f);
				else
					num(f, s->cap[a][h]);
			}
			comment(f, s->area_name[a]);
			fputc('\n', f);
		}
		fputs(";\n", f);
	}
	fputs("param cap_factor :=", f);
	num(f, s->cap_factor);
	fputs(";\n", f);
	fprintf(f, "param nO := %d;\n", s->n_offer);
	if (s->n_offer == 0)
		return;
	fputs("param : omuni operiod oclass units rent :=\n", f);
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		fprintf(f, "  %d %d %d %d %d", o + 1, of->muni + 1, of->period, of->hclass + 1, of->units);
		num(f, of->rent);
		comment(f, of->id);
		fputc('\n', f);
	}
	fputs(";\n", f);
}

static void write_penalties(FILE *f, const qt_scenario *s)
{
	static const char *const names[QT_NPEN] = {
		[QT_PEN_UNHOUSED] = "P_unhoused",       [QT_PEN_BACKLOG] = "P_backlog",
		[QT_PEN_WAITING] = "P_waiting",         [QT_PEN_PROVISIONAL] = "P_provisional",
		[QT_PEN_QUOTA_UNDER] = "P_under",       [QT_PEN_QUOTA_OVER] = "P_over",
		[QT_PEN_MOVE] = "P_move",
	};
	fputc('\n', f);
	for (int i = 0; i < QT_NPEN; i++) {
		fprintf(f, "param %s :=", names[i]);
		num(f, s->penalty[i]);
		fputs(";\n", f);
	}
}

/* MODEL.md "Futures": probabilities, committed quarters, objective, and each future's arrivals,
 * entitled households and quotas (f = 1..nF, in the scenario's order). */
static int write_futures(FILE *f, const qt_scenario *s)
{
	int T = s->T;
	fprintf(f, "\nparam nF := %d;\nparam nC := %d;\nparam worst := %d;\nparam prob :=", s->n_future, s->commit_K,
		s->fut_objective == QT_FUTURES_WORST);
	for (int i = 0; i < s->n_future; i++) {
		fprintf(f, " %d", i + 1);
		num(f, s->future[i].probability);
	}
	fputs(";\n", f);
	fputs("param intake_f :=\n", f);
	for (int i = 0; i < s->n_future; i++) {
		comment_line(f, "# future ", s->future[i].id);
		fputc('\n', f);
		for (int t = 1; t <= T; t++)
			fprintf(f, "  %d %d %d\n", t, i + 1, s->future[i].arrivals[t]);
	}
	fputs(";\nparam entitled_f :=\n", f);
	for (int i = 0; i < s->n_future; i++) {
		qt_scenario view;
		qt_scenario_future_view(s, i, &view);
		for (int h = 0; h < QT_NCLASS; h++)
			for (int t = 1; t <= T; t++)
				fprintf(f, "  %d %d %d %d\n", h + 1, t, i + 1, qt_entitled(&view, h, t));
	}
	fputs(";\nparam q_f :=\n", f);
	for (int i = 0; i < s->n_future; i++) {
		qt_scenario view;
		qt_scenario_future_view(s, i, &view);
		qt_quotas q;
		int rc = qt_quotas_compute(&q, &view);
		if (rc)
			return rc;
		for (int m = 0; m < s->n_muni; m++)
			for (int t = 1; t <= T; t++)
				fprintf(f, "  %d %d %d %ld\n", m + 1, t, i + 1, q.q[QT_IX(m, t, T)]);
		qt_quotas_free(&q);
	}
	fputs(";\n", f);
	return 0;
}

/* The measures of MODEL.md "Extensions", written only where the scenario gives them: the model's
 * defaults stand for them otherwise, so a scenario without them gets the data it always got. */
static void write_measures(FILE *f, const qt_scenario *s)
{
	if (s->space_std) {
		fputs("\nparam space_std :=", f);
		for (int t = 1; t <= s->T; t++) {
			fprintf(f, " %d", t);
			num(f, s->space_std[t]);
		}
		fputs(";\n", f);
	}
	int areas = 0;
	for (int g = 0; g < s->n_gu; g++)
		areas += s->gu[g].area_m2 > 0;
	if (areas) {
		fputs("param gu_area :=", f);
		for (int g = 0; g < s->n_gu; g++)
			if (s->gu[g].area_m2 > 0) {
				fprintf(f, " %d", g + 1);
				num(f, s->gu[g].area_m2);
			}
		fputs(";\n", f);
	}
	if (qt_scenario_has_transfers(s)) {
		fputs("param : tr_earliest tr_au ct gmuni :=\n", f);
		for (int g = 0; g < s->n_gu; g++)
			if (s->gu[g].tr_earliest > 0) {
				fprintf(f, "  %d %d %d", g + 1, s->gu[g].tr_earliest, s->gu[g].tr_au_places);
				num(f, s->gu[g].tr_cost);
				fprintf(f, " %d", s->gu[g].muni + 1);
				comment(f, s->gu[g].id);
				fputc('\n', f);
			}
		fputs(";\n", f);
	}
	const qt_funding *fu = &s->funding;
	if (fu->land_per_person || fu->land_per_vu_quarter || fu->to_muni_per_person || fu->kdu_federal_share ||
	    fu->objective != QT_OBJ_PUBLIC) {
		const char *const names[] = { "land_pp", "land_vu", "to_muni", "fed_share" };
		const double v[] = { fu->land_per_person, fu->land_per_vu_quarter, fu->to_muni_per_person,
				     fu->kdu_federal_share };
		for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
			fprintf(f, "param %s :=", names[i]);
			num(f, v[i]);
			fputs(";\n", f);
		}
		fprintf(f, "param district := %d;\n", fu->objective == QT_OBJ_DISTRICT);
	}
}

int qt_export_mathprog_data(FILE *f, const qt_scenario *s)
{
	if (!f || !s)
		return qt_set_error(QT_EINVAL, "qt_export_mathprog_data: bad arguments");
	qt_quotas q;
	int rc = qt_quotas_compute(&q, s);
	if (rc)
		return rc;
	fputs("# Data for models/quartier.mod, written by quartier " QT_VERSION ".\n", f);
	comment_line(f, "# Scenario: ", s->name);
	fputs("\n# Solve: glpsol -m quartier.mod -d quartier.dat -o solution.txt\ndata;\n\n", f);
	write_periods(f, s);
	write_sites(f, s);
	write_municipalities(f, s, &q);
	write_kombimodell(f, s);
	write_offers(f, s);
	write_penalties(f, s);
	write_measures(f, s);
	if (s->n_future)
		rc = write_futures(f, s);
	fputs("\nend;\n", f);
	qt_quotas_free(&q);
	if (rc)
		return rc;
	if (ferror(f))
		return qt_set_error(QT_EIO, "writing the MathProg data failed");
	return 0;
}

/* ---- files ---- */

static int write_data(FILE *f, const void *s) { return qt_export_mathprog_data(f, s); }

static int copy_file(FILE *out, const void *from)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return qt_set_error(QT_EIO, "cannot read %s: %s", (const char *)from, strerror(errno));
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	int rc = ferror(in) || ferror(out) ? qt_set_error(QT_EIO, "cannot copy %s", (const char *)from) : 0;
	fclose(in);
	return rc;
}

int qt_export_mathprog(const char *dir, const qt_scenario *s, const char *model)
{
	if (!dir || !*dir || !s)
		return qt_set_error(QT_EINVAL, "qt_export_mathprog: bad arguments");
	int rc = qt_ensure_dir(dir);
	char *dat = qt_asprintf("%s/quartier.dat", dir);
	char *mod = qt_asprintf("%s/quartier.mod", dir);
	if (!rc && (!dat || !mod))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = qt_write_atomic(dat, write_data, s);
	if (!rc && model)
		rc = qt_write_atomic(mod, copy_file, model);
	free(dat);
	free(mod);
	return rc;
}
