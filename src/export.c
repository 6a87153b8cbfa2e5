/*
 * export: CSV, XML and the run log (see export.h). Each writer appends to
 * a buffer; the caller writes the buffer safely with outfile.
 */
#include "export.h"

#include <string.h>

#include "num.h"

static void csv_field(buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        buf_puts(b, s);
        return;
    }
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

static void csv_row(buf *b, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        csv_field(b, fields[i] ? fields[i] : "");
    }
    buf_puts(b, "\r\n");
}

/* Plain forms: "" when unknown. */
static const char *real_str(agg_real v, int decimals, char *out, size_t n)
{
    return agg_format(v, decimals, NUM_PLAIN, out, n);
}

/* What the CSV and XML say of an indicator beyond its figures. */
static void indicator_note(const plan_indicator *x, const agg_indicator *ai, buf *out)
{
    const char *parts[3] = {agg_note_text(ai->note),
                            ai->partial ? "rests on figures with some quarters missing" : "",
                            x->baseline_is_sample ? "sample baseline" : ""};
    for (size_t i = 0; i < 3; i++)
        if (*parts[i])
            buf_printf(out, "%s%s", out->len ? "; " : "", parts[i]);
    /* a level target over several years: percent and status are the last year's */
    if (ai->judged_year && x->compute != IND_GROWTH && ai->judged.known) {
        char v[48];
        buf_printf(out, "%spercent and status judged on %d: %s", out->len ? "; " : "",
                   ai->judged_year,
                   agg_format(ai->judged, agg_indicator_decimals(x), NUM_PLAIN, v, sizeof v));
    }
}

/* Why a unit's figure (u, and cu its cumulative one, may be NULL) is not
 * wholly in the province total, or "". */
static const char *uncounted_note(const agg_unit_figure *u, const agg_unit_figure *cu)
{
    if (u->counted)
        return u->in_successor || (cu && cu->in_successor)
                   ? "partly not counted: its successor's figure covers the same periods"
                   : "";
    if (u->fig.overflow)
        return agg_note_text(NOTE_OVERFLOW);
    return u->assigned ? "not counted: the unit's duties passed to its successor"
                       : "not counted: the unit does not report this measure";
}

static const char *fig_str(const agg_figure *f, char *out, size_t n)
{
    if (!f->known) {
        out[0] = '\0';
        return out;
    }
    return num_format(f->value, -1, NUM_PLAIN, out, n);
}

static void refs_str(const agg *a, const agg_ref *refs, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%s:%lu", i ? "; " : "", agg_file_path(a, (size_t)refs[i].file),
                   refs[i].line);
}

static const char *const csv_header[] = {
    "row", "code", "name", "unit_code", "unit_name", "period", "value", "cumulative",
    "same_period_last_year", "baseline", "baseline_year", "target", "comparator",
    "target_year", "uom", "percent_of_target", "expected_progress", "status", "status_vi",
    "projection", "rule", "note", "sources"};
#define NCOLS (sizeof csv_header / sizeof *csv_header)

void export_csv(const plan *p, const agg *a, const agg_report *r, buf *out)
{
    char per[16];
    period_code(&r->per, per, sizeof per);
    buf_puts(out, "\xEF\xBB\xBF");
    csv_row(out, csv_header, NCOLS);
    for (size_t k = 0; k < r->nindicators; k++) {
        const agg_indicator *ai = &r->indicators[k];
        const plan_indicator *x = &p->indicators[ai->indicator];
        int dec = agg_indicator_decimals(x);
        char v[48], c[48], y[48], b[48], by[16], t[48], pc[48], ex[48], pr[48];
        buf note;
        buf_init(&note, 0);
        indicator_note(x, ai, &note);
        snprintf(by, sizeof by, "%d", x->baseline_year);
        char ty[16];
        snprintf(ty, sizeof ty, "%d", x->target_year);
        const char *f[NCOLS] = {
            "indicator", x->code, x->name, "", "", per,
            real_str(ai->value, dec, v, sizeof v),
            real_str(ai->cumulative, dec, c, sizeof c),
            real_str(ai->year_ago, dec, y, sizeof y),
            real_str(ai->baseline, -1, b, sizeof b),
            x->has_baseline ? by : "",
            num_format(x->target, -1, NUM_PLAIN, t, sizeof t),
            plan_cmp_name(x->cmp), ty, x->uom,
            real_str(ai->percent, AGG_PERCENT_DECIMALS, pc, sizeof pc),
            real_str(ai->expected, AGG_PERCENT_DECIMALS, ex, sizeof ex),
            agg_status_name(ai->status), agg_status_vn(ai->status),
            real_str(ai->projection, dec, pr, sizeof pr),
            plan_compute_name(x->compute), note.data, ""};
        csv_row(out, f, NCOLS);
        buf_release(&note);
    }
    for (size_t m = 0; m < r->nmeasures; m++) {
        const agg_measure *am = &r->measures[m], *cm = &r->cumulative[m];
        const plan_measure *pm = &p->measures[m];
        for (size_t k = 0; k <= am->nunits; k++) {
            /* the units, then the province total */
            int total = k == am->nunits;
            const agg_figure *fig = total ? &am->total : &am->units[k].fig;
            int unit = total ? -1 : am->units[k].unit;
            const agg_unit_figure *cu = total ? NULL : agg_measure_unit(cm, unit);
            const agg_figure *cf = total ? &cm->total : cu ? &cu->fig : NULL;
            const char *why = total ? (fig->overflow ? agg_note_text(NOTE_OVERFLOW) : "")
                                    : uncounted_note(&am->units[k], cu);
            char v[48], c[48];
            buf src;
            buf_init(&src, 0);
            refs_str(a, fig->refs, fig->nrefs, &src);
            const char *f[NCOLS] = {
                "measure", pm->code, pm->name,
                total ? "ALL" : p->units[unit].code,
                total ? "Toàn tỉnh" : p->units[unit].name,
                per, fig_str(fig, v, sizeof v),
                cf ? fig_str(cf, c, sizeof c) : "",
                "", "", "", "", "", "", pm->uom, "", "", "", "", "",
                agg_rule_name(fig->rule),
                *why ? why : fig->partial ? "some quarters missing" : "", src.data};
            csv_row(out, f, NCOLS);
            buf_release(&src);
        }
    }
}

/* ---- XML ---- */

static void put_text(buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default: buf_putc(b, *s);
        }
    }
}

static void put_attr(buf *b, const char *name, const char *value)
{
    buf_printf(b, " %s=\"", name);
    put_text(b, value);
    buf_putc(b, '"');
}

static void xml_real(buf *b, const char *name, agg_real v, int decimals)
{
    if (!v.known)
        return;
    char s[64];
    buf_printf(b, "    <%s>%s</%s>\n", name, agg_format(v, decimals, NUM_PLAIN, s, sizeof s), name);
}

static void xml_sources(buf *b, const agg *a, const agg_ref *refs, size_t n, const char *indent)
{
    for (size_t i = 0; i < n; i++) {
        buf_printf(b, "%s<source", indent);
        put_attr(b, "file", agg_file_path(a, (size_t)refs[i].file));
        buf_printf(b, " line=\"%lu\"/>\n", refs[i].line);
    }
}

/* u and cu: the unit's figures for the period and cumulative (NULL for
 * the total; cu may be NULL). */
static void xml_figure(buf *b, const agg *a, const char *elem, const char *unit,
                       const agg_unit_figure *u, const agg_unit_figure *cu,
                       const agg_figure *f, const agg_figure *cum)
{
    char v[48];
    buf_printf(b, "    <%s", elem);
    if (unit)
        put_attr(b, "unit", unit);
    if (f->known)
        put_attr(b, "value", num_format(f->value, -1, NUM_PLAIN, v, sizeof v));
    if (cum && cum->known)
        put_attr(b, "cumulative", num_format(cum->value, -1, NUM_PLAIN, v, sizeof v));
    put_attr(b, "rule", agg_rule_name(f->rule));
    if (f->partial)
        put_attr(b, "partial", "true");
    if (u && !u->counted)
        put_attr(b, "counted", "false");
    if (u && u->in_successor)
        put_attr(b, "in-successor", "true");
    if (cu && cu->in_successor)
        put_attr(b, "cumulative-in-successor", "true");
    if (f->overflow)
        put_attr(b, "overflow", "true");
    buf_puts(b, ">\n");
    xml_sources(b, a, f->refs, f->nrefs, "      ");
    buf_printf(b, "    </%s>\n", elem);
}

void export_xml(const plan *p, const agg *a, const agg_report *r, const export_info *info,
                buf *out)
{
    char per[16], from[16], to[16], date[16], due[16];
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<summary version=\"1\"");
    put_attr(out, "plan", p->number);
    put_attr(out, "province", p->province);
    put_attr(out, "period", period_code(&r->per, per, sizeof per));
    date_t wf, wt;
    period_window(&r->per, p->cutoff_day, &wf, &wt);
    put_attr(out, "from", date_iso(wf, from, sizeof from));
    put_attr(out, "to", date_iso(wt, to, sizeof to));
    put_attr(out, "date", date_iso(info->date, date, sizeof date));
    put_attr(out, "sample", r->sample ? "true" : "false");
    put_attr(out, "generator", info->version);
    buf_puts(out, ">\n");
    buf_printf(out, "  <files total=\"%zu\" accepted=\"%zu\" superseded=\"%zu\" rejected=\"%zu\" "
                    "skipped=\"%zu\"/>\n",
               r->files_total, r->files_accepted, r->files_superseded, r->files_rejected,
               r->files_skipped);
    for (size_t k = 0; k < r->nindicators; k++) {
        const agg_indicator *ai = &r->indicators[k];
        const plan_indicator *x = &p->indicators[ai->indicator];
        int dec = agg_indicator_decimals(x);
        char t[48], ty[16];
        buf_puts(out, "  <indicator");
        put_attr(out, "code", x->code);
        put_attr(out, "section", x->section);
        put_attr(out, "compute", plan_compute_name(x->compute));
        put_attr(out, "comparator", plan_cmp_name(x->cmp));
        put_attr(out, "target", num_format(x->target, -1, NUM_PLAIN, t, sizeof t));
        snprintf(ty, sizeof ty, "%d", x->target_year);
        put_attr(out, "target-year", ty);
        put_attr(out, "uom", x->uom);
        put_attr(out, "status", agg_status_name(ai->status));
        put_attr(out, "accumulates", ai->accumulates ? "true" : "false");
        buf_puts(out, ">\n    <name>");
        put_text(out, x->name);
        buf_puts(out, "</name>\n");
        for (size_t i = 0; i < x->nnum; i++)
            buf_printf(out, "    <numerator measure=\"%s\"/>\n", p->measures[x->num[i]].code);
        for (size_t i = 0; i < x->nden; i++)
            buf_printf(out, "    <denominator measure=\"%s\"/>\n", p->measures[x->den[i]].code);
        xml_real(out, "value", ai->value, dec);
        xml_real(out, "cumulative", ai->cumulative, dec);
        xml_real(out, "same-period-last-year", ai->year_ago, dec);
        if (x->has_baseline) {
            char by[16], bv[48];
            snprintf(by, sizeof by, "%d", x->baseline_year);
            buf_puts(out, "    <baseline");
            put_attr(out, "year", by);
            if (x->baseline_known)
                put_attr(out, "value", num_format(x->baseline_value, -1, NUM_PLAIN, bv, sizeof bv));
            put_attr(out, "sample", x->baseline_is_sample ? "true" : "false");
            put_attr(out, "source", x->baseline_source);
            buf_puts(out, "/>\n");
        }
        if (ai->judged.known) {
            char jv[48], jy[16];
            buf_puts(out, "    <judged");
            if (ai->judged_year) {
                snprintf(jy, sizeof jy, "%d", ai->judged_year);
                put_attr(out, "year", jy);
            }
            buf_printf(out, ">%s</judged>\n",
                       agg_format(ai->judged, dec, NUM_PLAIN, jv, sizeof jv));
        }
        xml_real(out, "percent-of-target", ai->percent, AGG_PERCENT_DECIMALS);
        xml_real(out, "expected-progress", ai->expected, AGG_PERCENT_DECIMALS);
        xml_real(out, "projection", ai->projection, dec);
        buf note;
        buf_init(&note, 0);
        indicator_note(x, ai, &note);
        if (note.len) {
            buf_puts(out, "    <note>");
            put_text(out, note.data);
            buf_puts(out, "</note>\n");
        }
        buf_release(&note);
        buf_puts(out, "  </indicator>\n");
    }
    for (size_t m = 0; m < r->nmeasures; m++) {
        const agg_measure *am = &r->measures[m], *cm = &r->cumulative[m];
        const plan_measure *pm = &p->measures[m];
        buf_puts(out, "  <measure");
        put_attr(out, "code", pm->code);
        put_attr(out, "kind", plan_measure_kind_name(pm->kind));
        put_attr(out, "uom", pm->uom);
        buf_puts(out, ">\n    <name>");
        put_text(out, pm->name);
        buf_puts(out, "</name>\n");
        xml_figure(out, a, "total", NULL, NULL, NULL, &am->total, &cm->total);
        for (size_t k = 0; k < am->nunits; k++) {
            const agg_unit_figure *u = &am->units[k];
            const agg_unit_figure *c = agg_measure_unit(cm, u->unit);
            xml_figure(out, a, "by-unit", p->units[u->unit].code, u, c, &u->fig,
                       c ? &c->fig : NULL);
        }
        buf_puts(out, "  </measure>\n");
    }
    buf_printf(out, "  <coverage period=\"%s\"",
               period_code(&r->coverage_period, per, sizeof per));
    put_attr(out, "deadline", date_iso(r->due, due, sizeof due));
    buf_puts(out, ">\n");
    for (size_t k = 0; k < r->ncoverage; k++) {
        const agg_coverage *c = &r->coverage[k];
        buf_puts(out, "    <unit");
        put_attr(out, "code", p->units[c->unit].code);
        put_attr(out, "status", agg_coverage_name(c->status));
        if (c->file >= 0) {
            put_attr(out, "sent", date_iso(c->sent, date, sizeof date));
            put_attr(out, "file", agg_file_path(a, (size_t)c->file));
        }
        buf_puts(out, "/>\n");
    }
    buf_puts(out, "  </coverage>\n");
    for (size_t k = 0; k < r->nitems; k++) {
        const agg_item *it = &r->items[k];
        buf_puts(out, "  <item");
        put_attr(out, "measure", p->measures[it->measure].code);
        put_attr(out, "id", it->id);
        put_attr(out, "date", date_iso(it->date, date, sizeof date));
        put_attr(out, "in-period", it->in_period ? "true" : "false");
        buf_puts(out, ">\n    <name>");
        put_text(out, it->name);
        buf_puts(out, "</name>\n");
        for (size_t i = 0; i < it->nreports; i++) {
            buf_puts(out, "    <report");
            put_attr(out, "unit", p->units[it->reports[i].unit].code);
            put_attr(out, "file", agg_file_path(a, (size_t)it->reports[i].file));
            buf_printf(out, " line=\"%lu\"/>\n", it->reports[i].line);
        }
        buf_puts(out, "  </item>\n");
    }
    buf_puts(out, "</summary>\n");
}

/* ---- run log ---- */

struct runlog_line {
    const plan *p;
    const agg *a;
    buf *out;
};

/* A file's line of the run log. */
static void runlog_file(void *ctx, size_t i, const agg_file *f)
{
    (void)i;
    const struct runlog_line *c = ctx;
    buf *out = c->out;
    char per[16], date[16], due[16];
    buf_printf(out, "%s\t%s", agg_fate_name(f->fate), f->path);
    if (f->unit >= 0) {
        buf_printf(out, "\t%s\t%s\tr%d\t%s", c->p->units[f->unit].code,
                   period_code(&f->per, per, sizeof per), f->revision,
                   date_iso(f->sent, date, sizeof date));
    } else {
        buf_puts(out, "\t\t\t\t"); /* the detail stays in its column */
    }
    if (f->fate == FATE_SUPERSEDED && f->other >= 0)
        buf_printf(out, "\tsuperseded by %s", agg_file_path(c->a, (size_t)f->other));
    else if ((f->fate == FATE_DUPLICATE || f->fate == FATE_CONFLICT) && f->other >= 0)
        buf_printf(out, "\t%s %s", f->fate == FATE_DUPLICATE ? "same as" : "conflicts with",
                   agg_file_path(c->a, (size_t)f->other));
    if (f->late)
        buf_printf(out, "\tlate (deadline %s)", date_iso(f->due, due, sizeof due));
    if (f->errors || f->warnings) {
        buf_printf(out, "\t%u errors, %u warnings", f->errors, f->warnings);
        for (unsigned k = 0; k < f->nids; k++)
            buf_printf(out, "%s%s", k ? ", " : ": ", diag_id_name((enum diag_id)f->ids[k]));
    }
    buf_putc(out, '\n');
}

void export_runlog(const plan *p, const agg *a, const agg_report *r, const export_info *info,
                   buf *out)
{
    char per[16], from[16], to[16], due[16], date[16];
    date_t wf, wt;
    period_window(&r->per, p->cutoff_day, &wf, &wt);
    buf_printf(out, "baocao %s run log\n", info->version);
    buf_printf(out, "plan\t%s\t%s\n", p->number, p->path);
    buf_printf(out, "period\t%s\t%s - %s\n", period_code(&r->per, per, sizeof per),
               date_dmy(wf, from, sizeof from), date_dmy(wt, to, sizeof to));
    buf_printf(out, "report date\t%s\n", date_iso(info->date, date, sizeof date));
    buf_printf(out, "files\t%zu found\t%zu read\t%zu accepted\t%zu superseded\t%zu rejected"
                    "\t%zu skipped\n",
               r->files_total, r->files_total - r->files_skipped, r->files_accepted,
               r->files_superseded, r->files_rejected, r->files_skipped);
    buf_puts(out, "\n# every input file: fate, file, unit, period, revision, sent, detail\n");
    struct runlog_line ctx = {p, a, out};
    agg_each_file(a, runlog_file, &ctx);
    buf_printf(out, "\n# coverage of %s (deadline %s): status, unit, name, sent, file\n",
               period_code(&r->coverage_period, per, sizeof per),
               date_dmy(r->due, due, sizeof due));
    for (size_t k = 0; k < r->ncoverage; k++) {
        const agg_coverage *c = &r->coverage[k];
        buf_printf(out, "%s\t%s\t%s", agg_coverage_name(c->status), p->units[c->unit].code,
                   p->units[c->unit].name);
        if (c->file >= 0)
            buf_printf(out, "\t%s\t%s", date_iso(c->sent, date, sizeof date),
                       agg_file_path(a, (size_t)c->file));
        buf_putc(out, '\n');
    }
}
