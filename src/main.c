/*
 * main: runs the command that cli parsed, one pipeline, and turns what
 * happened into the exit status (cli.h names them):
 *
 *   0  success
 *   1  some input was rejected (the rest was processed)
 *   2  usage error
 *   3  I/O or system error (cannot read, cannot write, disk full)
 *   4  internal error
 *
 * The pipelines themselves live in their modules; this file only wires
 * them: plan → batch (read and check) → agg → export/report.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "diag.h"
#include "export.h"
#include "form.h"
#include "mem.h"
#include "outfile.h"
#include "pdf.h"
#include "period.h"
#include "plan.h"
#include "report.h"
#include "rows.h"
#include "template.h"
#include "xml.h"

/* A failed write: "PATH: reason" in a write-failed diagnostic. */
static void write_failed(diag_list *run, const char *path, int err)
{
    buf m;
    buf_init(&m, 0);
    buf_printf(&m, "%s: %s", path, strerror(err));
    diag_add(run, 0, DIAG_WRITE_FAILED, m.data);
    buf_release(&m);
}

/* The path in b, made relative to the working folder when it lies under
 * it, so that messages say "templates/submission-v1.xsd". */
static char *short_path(buf *b)
{
    char real[PATH_MAX], cwd[PATH_MAX];
    if (!realpath(b->data, real) || !getcwd(cwd, sizeof cwd))
        return buf_detach(b);
    size_t n = strlen(cwd);
    buf_release(b);
    if (strncmp(real, cwd, n) == 0 && real[n] == '/')
        return xstrdup(real + n + 1);
    return xstrdup(real);
}

/* The templates folder: the option, else beside the program
 * (build/baocao -> templates/), else the installed one. */
static char *templates_dir(const cli_options *o)
{
    if (o->templates)
        return xstrdup(o->templates);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* build/baocao and build/asan/baocao find the source tree's
             * templates/; an installed PREFIX/bin/baocao finds
             * PREFIX/share/baocao/templates wherever PREFIX is */
            static const char *const up[] = {"/..", "/../..", "/../share/baocao"};
            for (size_t i = 0; i < sizeof up / sizeof *up; i++) {
                buf b;
                buf_init(&b, 0);
                buf_printf(&b, "%s%s/templates", exe, up[i]);
                buf probe;
                buf_init(&probe, 0);
                buf_printf(&probe, "%s/submission-v1.xsd", b.data);
                int found = access(probe.data, R_OK) == 0;
                buf_release(&probe);
                if (found)
                    return short_path(&b);
                buf_release(&b);
            }
        }
    }
    return xstrdup(BAOCAO_DATADIR "/templates");
}

static xml_schema *load_schema(const char *dir, const char *name)
{
    buf path;
    buf_init(&path, 0);
    buf_printf(&path, "%s/%s", dir, name);
    diag_list d;
    diag_list_init(&d, path.data);
    xml_schema *s = xml_schema_load(path.data, &d);
    diag_print(&d, stderr, 0);
    diag_list_release(&d);
    buf_release(&path);
    return s;
}

/* Loads the plan; prints its diagnostics. NULL with *status set on failure. */
static plan *load_plan(const cli_options *o, const char *tdir, int *status)
{
    diag_list run;
    diag_list_init(&run, NULL);
    xml_schema *schema = load_schema(tdir, "plan-v1.xsd");
    plan *p = NULL;
    if (schema && access(o->plan, F_OK) != 0 && errno == ENOENT) {
        /* most often: baocao run from another folder, input/ being relative */
        diag_add(&run, 0, DIAG_PLAN_NOT_FOUND, o->plan);
        xml_schema_free(schema);
        *status = EXIT_IO;
    } else if (schema) {
        diag_list d;
        diag_list_init(&d, o->plan);
        int io = 0;
        p = plan_load(o->plan, schema, &o->limits, &d, &io);
        diag_print(&d, stderr, o->quiet);
        diag_list_release(&d);
        if (!p) {
            diag_add(&run, 0, DIAG_PLAN_INVALID, o->plan);
            *status = io ? EXIT_IO : EXIT_REJECTED;
        }
        xml_schema_free(schema);
    } else {
        *status = EXIT_IO;
    }
    diag_print(&run, stderr, 0);
    diag_list_release(&run);
    return p;
}

/* ---- progress ---- */

/* A progress line on stderr for long batches, only when it is a terminal. */
struct progress {
    int on;
    size_t done, total;
};

static void progress_init(struct progress *pr, size_t total, int quiet)
{
    pr->on = !quiet && total >= 500 && isatty(STDERR_FILENO);
    pr->done = 0;
    pr->total = total;
}

static void progress_step(struct progress *pr)
{
    pr->done++;
    if (pr->on && (pr->done % 250 == 0 || pr->done == pr->total))
        fprintf(stderr, "\rbaocao: %zu/%zu files", pr->done, pr->total);
}

static void progress_end(struct progress *pr)
{
    if (pr->on)
        fputs("\r\033[K", stderr);
}

/* ---- reading a batch: shared by validate and report ---- */

struct run {
    const cli_options *o;
    const plan *p;
    const xml_schema *schema;
    agg *a;
    size_t io_errors;
    struct progress pr;
};

/* Prints each file's diagnostics as it comes, in order, and hands the file
 * to the collector, which settles revisions once all are in. */
static void run_consume(void *ctx, batch_file *f)
{
    struct run *rr = ctx;
    if (rr->pr.on && f->diags.n)
        progress_end(&rr->pr);
    diag_print(&f->diags, stderr, rr->o->quiet);
    progress_step(&rr->pr);
    if (f->io_error)
        rr->io_errors++;
    agg_add(rr->a, f);
}

/* Reads a file again for the collector (agg_resolve): its diagnostics were
 * printed the first time. */
static submission *run_reread(void *ctx, size_t file, const char *path)
{
    (void)file;
    const struct run *rr = ctx;
    diag_list d;
    diag_list_init(&d, path);
    int io_error = 0;
    submission *s = submission_read(path, rr->p, rr->schema, &rr->o->limits, &d, &io_error);
    diag_list_release(&d);
    return s;
}

static void run_emit(void *ctx, diag_list *d)
{
    const cli_options *o = ctx;
    diag_print(d, stderr, o->quiet);
}

/* Reads every listed file into a new collector and settles revisions; the
 * collector keeps figures for a report when `texts` (the period whose task
 * reports and remarks it quotes) is given, nothing more otherwise. The
 * collector keeps its own copies of the paths: l may be released after. */
static agg *run_batch(const cli_options *o, const plan *p, const xml_schema *schema,
                      batch_list *l, const period *texts, size_t *io_errors)
{
    struct run rr = {o, p, schema, agg_new(p), 0, {0, 0, 0}};
    if (texts)
        agg_keep_texts_for(rr.a, texts);
    else
        agg_settle_only(rr.a);
    progress_init(&rr.pr, l->n, o->quiet);
    batch_run(l, p, schema, &o->limits, o->jobs, run_consume, &rr);
    progress_end(&rr.pr);
    agg_resolve(rr.a, run_reread, &rr, run_emit, (void *)(uintptr_t)o);
    *io_errors = rr.io_errors;
    return rr.a;
}

/* Lists the files under paths (batch_collect); when none is an XML file
 * and every path could be read, says so (no-files) and returns 1. */
static int collect(batch_list *l, char *const *paths, size_t npaths, const char *plan_path,
                   diag_list *run, int *io_errors)
{
    batch_collect(l, paths, npaths, plan_path, run, io_errors);
    if (l->nxml)
        return 0;
    if (*io_errors)
        return 0;
    buf where;
    buf_init(&where, 0);
    for (size_t i = 0; i < npaths; i++)
        buf_printf(&where, "%s%s", i ? ", " : "", paths[i]);
    diag_add(run, 0, DIAG_NO_FILES, where.data);
    buf_release(&where);
    return 1;
}

/* ---- validate ---- */

static int cmd_validate(const cli_options *o)
{
    int status = EXIT_OK;
    if (o->npaths == 0)
        return cli_usage_error(stderr, "validate needs at least one file or folder");
    char *tdir = templates_dir(o);
    plan *p = load_plan(o, tdir, &status);
    diag_list run;
    diag_list_init(&run, NULL);
    xml_schema *schema = p ? load_schema(tdir, "submission-v1.xsd") : NULL;
    free(tdir);
    if (!p || !schema) {
        diag_print(&run, stderr, 0);
        diag_list_release(&run);
        plan_free(p);
        return status != EXIT_OK ? status : EXIT_IO;
    }
    batch_list l;
    batch_list_init(&l);
    int io_errors = 0;
    collect(&l, o->paths, o->npaths, o->plan, &run, &io_errors);
    diag_print(&run, stderr, 0);
    /* revisions settled too: a conflict is a rejection, a late file a warning */
    size_t read_errors = 0;
    agg *a = run_batch(o, p, schema, &l, NULL, &read_errors);
    batch_list_release(&l);   /* the collector keeps its own copies of the paths */
    size_t nf = agg_nfiles(a), accepted, superseded, rejected, skipped;
    agg_count_fates(a, &accepted, &superseded, &rejected, &skipped);
    if (!o->quiet)   /* a superseded file is valid: accepted, for validate */
        fprintf(stderr, "baocao: %zu files read: %zu accepted, %zu rejected; %zu skipped\n",
                nf - skipped, accepted + superseded, rejected, skipped);
    if (read_errors || io_errors)
        status = EXIT_IO;
    else if (rejected || run.errors)
        status = EXIT_REJECTED;
    agg_free(a);
    diag_list_release(&run);
    xml_schema_free(schema);
    plan_free(p);
    return status;
}

/* ---- form ---- */

static int cmd_form(const cli_options *o)
{
    if (!o->unit || !o->period)
        return cli_usage_error(stderr, "form needs --unit CODE and --period PERIOD");
    if (o->npaths)
        return cli_usage_error(stderr, "form takes no file names; use --output FILE");
    period per;
    if (period_parse(o->period, &per) < 0 || per.kind == PERIOD_RANGE) {
        return cli_usage_error(stderr, "'%s' is not a period; write 2025-Q3, 2025-H1, 2025-9M or 2025",
                   o->period);
    }
    int status = EXIT_OK;
    char *tdir = templates_dir(o);
    plan *p = load_plan(o, tdir, &status);
    free(tdir);
    if (!p)
        return status;
    diag_list run;
    diag_list_init(&run, NULL);
    int unit = plan_unit_find(p, o->unit);
    period whole = plan_period(p);
    date_t from, to;
    period_window(&per, p->cutoff_day, &from, &to);
    if (unit < 0) {
        diag_add(&run, 0, DIAG_SUB_UNIT, o->unit);
        status = EXIT_USAGE;
    } else if (!period_within(&per, &whole)) {
        char a[16], b[16];
        diag_add(&run, 0, DIAG_SUB_PERIOD_OUTSIDE, period_code(&per, a, sizeof a),
                 period_code(&whole, b, sizeof b));
        status = EXIT_USAGE;
    } else if (!plan_unit_exists_during(p, unit, from, to)) {
        char a[16], life[64], x[16], y[16];
        const plan_unit *u = &p->units[unit];
        if (u->to == PLAN_DATE_OPEN)
            snprintf(life, sizeof life, "from %s", date_dmy(u->from, x, sizeof x));
        else
            snprintf(life, sizeof life, "%s - %s", date_dmy(u->from, x, sizeof x),
                     date_dmy(u->to, y, sizeof y));
        diag_add(&run, 0, DIAG_SUB_UNIT_INACTIVE, o->unit, period_code(&per, a, sizeof a), life);
        status = EXIT_USAGE;
    } else if (o->output) {
        /* made in memory, then put in place whole: a failed write leaves
         * a previous file as it was */
        char *data = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&data, &len);
        int err = !mem || form_write(p, unit, &per, mem) < 0 ? (errno ? errno : ENOMEM) : 0;
        if (mem && fclose(mem) != 0 && !err)
            err = errno ? errno : ENOMEM;
        if (!err)
            err = outfile_replace(o->output, data, len);
        free(data);
        if (err) {
            write_failed(&run, o->output, err);
            status = EXIT_IO;
        }
    } else {
        int failed = form_write(p, unit, &per, stdout) < 0 || fflush(stdout) != 0;
        if (failed) {
            write_failed(&run, "standard output", errno);
            status = EXIT_IO;
        }
    }
    diag_print(&run, stderr, 0);
    diag_list_release(&run);
    plan_free(p);
    return status;
}

/* ---- report ---- */

/* The report date: --date, else SOURCE_DATE_EPOCH, else today; both
 * within the years 1900-2999 that date_parse accepts. */
static int report_date(const cli_options *o, date_t *out)
{
    if (o->date)
        return date_parse(o->date, out);
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch)
        return date_parse_epoch(epoch, out);
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *out = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

/* A province total that passed the largest figure is left blank in every
 * output: say so on the terminal too, once a measure. */
static void warn_overflow(const plan *p, const agg_report *r, diag_list *run)
{
    for (size_t m = 0; m < r->nmeasures; m++) {
        if (r->measures[m].total.overflow)
            diag_add(run, 0, DIAG_SUM_OVERFLOW, "total", p->measures[m].code);
        else if (r->cumulative[m].total.overflow)
            diag_add(run, 0, DIAG_SUM_OVERFLOW, "cumulative total", p->measures[m].code);
    }
}

/* Stages one output of the run; all are renamed into place together. */
static int stage_output(outfile_set *set, const char *dir, const char *name, const void *data,
                        size_t len, diag_list *run)
{
    buf path;
    buf_init(&path, 0);
    buf_printf(&path, "%s/%s", dir, name);
    int err = outfile_set_add(set, path.data, data, len);
    if (err) {
        write_failed(run, path.data, err);
    }
    buf_release(&path);
    return err;
}

typedef void (*exporter)(const plan *p, const agg *a, const agg_report *r,
                         const export_info *info, buf *out);

static void csv_export(const plan *p, const agg *a, const agg_report *r,
                       const export_info *info, buf *out)
{
    (void)info;
    export_csv(p, a, r, out);
}

/* Stages dir/name as `run` writes it, through a buffer that spills into
 * the file every 64 KB: the run log of 100 000 files is 12 MB. */
static int stage_export(outfile_set *set, const char *dir, const char *name, exporter run,
                        const plan *p, const agg *a, const agg_report *r,
                        const export_info *info, diag_list *diags)
{
    buf path;
    buf_init(&path, 0);
    buf_printf(&path, "%s/%s", dir, name);
    outfile_stage st;
    int err = outfile_stage_open(&st, path.data);
    if (!err) {
        buf b;
        buf_init(&b, 0);
        buf_spill_to(&b, outfile_stage_write, &st);
        run(p, a, r, info, &b);
        buf_flush(&b);
        buf_release(&b);
        err = outfile_set_add_staged(set, &st, path.data);
    }
    if (err)
        write_failed(diags, path.data, err);
    buf_release(&path);
    return err;
}

/* The template for the period: --template, else the shipped one for its kind. */
static char *template_path(const cli_options *o, const char *tdir, const period *per)
{
    if (o->template_file)
        return xstrdup(o->template_file);
    const char *name = per->kind == PERIOD_RANGE  ? "report-review.xml"
                       : per->kind == PERIOD_YEAR ? "report-year.xml"
                                                  : "report-quarter.xml";
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%s/%s", tdir, name);
    return buf_detach(&b);
}

static const char *pdf_reason(const pdf_error *e, char *out, size_t n)
{
    switch (e->status) {
    case PDF_ERR_IO:
        snprintf(out, n, "writing failed: %s", strerror(e->sys_errno ? e->sys_errno : EIO));
        break;
    case PDF_ERR_FONT_LOAD:
        snprintf(out, n, "a font file could not be loaded%s%s", e->sys_errno ? ": " : "",
                 e->sys_errno ? strerror(e->sys_errno) : "");
        break;
    case PDF_ERR_GLYPH:
        snprintf(out, n, "the font lacks character U+%04X", (unsigned)e->codepoint);
        break;
    default:
        snprintf(out, n, "libharu error 0x%04lX (detail %lu, status %d)", e->hpdf_code,
                 e->hpdf_detail, e->status);
        break;
    }
    return out;
}

/* Why the report font cannot be used: not installed, or found in a file
 * libharu cannot load (a CFF .otf, a damaged file), which is named. */
static void font_failed(diag_list *run, const char *family, const pdf_error *e)
{
    fonts_set set;
    if (e->status != PDF_ERR_FONT_LOAD || e->detail < 0 || e->detail >= FONTS_FACES ||
        fonts_find(family, &set) != FONTS_OK) {
        diag_add(run, 0, DIAG_FONT_NOT_FOUND, family);
        return;
    }
    char why[96];
    if (e->sys_errno)
        snprintf(why, sizeof why, "%s", strerror(e->sys_errno));
    else
        snprintf(why, sizeof why, "libharu error 0x%04lX", e->hpdf_code);
    diag_add(run, 0, DIAG_FONT_UNUSABLE, set.path[e->detail], why);
    fonts_release(&set);
}

/*
 * What the PDF needs that does not depend on the submissions: the template
 * and the fonts. A thread of their own gets them ready while the files are
 * read, since looking the fonts up costs about 6 ms (fontconfig reads its
 * whole configuration). Their diagnostics are kept, and printed where they
 * always were: after those of the files.
 */
typedef struct pdf_inputs {
    const cli_options *o;
    char *schema_path, *tpath;
    diag_list schema_diags, tpl_diags;
    int schema_ok;
    tpl *t;
    int io;              /* the template could not be read */
    pdf_fonts *fonts;
    pdf_error font_err;  /* why fonts is NULL */
    pthread_t thread;
    int running;
} pdf_inputs;

static void *pdf_inputs_load(void *arg)
{
    pdf_inputs *in = arg;
    xml_schema *schema = xml_schema_load(in->schema_path, &in->schema_diags);
    in->schema_ok = schema != NULL;
    if (schema)
        in->t = tpl_load(in->tpath, schema, &in->o->limits, &in->tpl_diags, &in->io);
    xml_schema_free(schema);
    if (in->t)
        in->fonts = pdf_fonts_new(in->t->font, &in->font_err);
    return NULL;
}

static void pdf_inputs_start(pdf_inputs *in, const cli_options *o, const char *tdir,
                             const period *per)
{
    memset(in, 0, sizeof *in);
    in->o = o;
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%s/report-template-v1.xsd", tdir);
    in->schema_path = buf_detach(&b);
    in->tpath = template_path(o, tdir, per);
    diag_list_init(&in->schema_diags, in->schema_path);
    diag_list_init(&in->tpl_diags, in->tpath);
    if (pthread_create(&in->thread, NULL, pdf_inputs_load, in) == 0)
        in->running = 1;
    else
        pdf_inputs_load(in);   /* no thread to be had: load now */
}

static void pdf_inputs_wait(pdf_inputs *in)
{
    if (in->running)
        pthread_join(in->thread, NULL);
    in->running = 0;
}

static void pdf_inputs_release(pdf_inputs *in)
{
    pdf_inputs_wait(in);
    pdf_fonts_free(in->fonts);
    tpl_free(in->t);
    diag_list_release(&in->schema_diags);
    diag_list_release(&in->tpl_diags);
    free(in->schema_path);
    free(in->tpath);
}

/* Composes and writes the PDF; returns an exit status. */
static int write_pdf(const cli_options *o, pdf_inputs *pin, outfile_set *set,
                     const char *dir, const plan *p, const agg *a, const agg_report *rep,
                     date_t date, diag_list *run)
{
    pdf_inputs_wait(pin);
    diag_print(&pin->schema_diags, stderr, 0);
    if (!pin->schema_ok)
        return EXIT_IO;
    diag_print(&pin->tpl_diags, stderr, o->quiet);
    tpl *t = pin->t;
    if (!t)
        return pin->io ? EXIT_IO : EXIT_REJECTED;

    int status = EXIT_OK;
    pdf_error pe;
    pdf_fonts *fonts = pin->fonts;
    if (!fonts) {
        font_failed(run, t->font, &pin->font_err);
        return EXIT_IO;
    }
    report_input in = {p, a, rep, t, date, o->number ? o->number : "", pdf_fonts_set(fonts)};
    report_meta meta = {0};
    doc *dc = report_compose(&in, &meta, run_emit, (void *)(uintptr_t)o);
    if (!dc)
        return EXIT_REJECTED;

    pdf_options opt;
    pdf_options_init(&opt);
    opt.jobs = o->jobs;
    opt.page.margin_top_mm = t->top;
    opt.page.margin_bottom_mm = t->bottom;
    opt.page.margin_left_mm = t->left;
    opt.page.margin_right_mm = t->right;
    opt.font_family = t->font;
    opt.title = meta.title;
    opt.author = meta.author;
    opt.subject = meta.subject;
    opt.keywords = meta.keywords;
    opt.creator = "baocao " BAOCAO_VERSION;
    date_to_ymd(date, &opt.year, &opt.month, &opt.day);

    layout_metrics m;
    pdf_fonts_metrics(fonts, &m);
    layout_result *lr = NULL;
    unsigned char *bytes = NULL;
    size_t len = 0;
    char why[160];
    pdf_drawing *dr = pdf_draw_begin(fonts, &opt);
    int laid = layout_run_each(dc, &opt.page, &m, pdf_draw_page, dr, &lr);
    int drawn = pdf_draw_end(dr, lr, &bytes, &len, &pe);
    if (laid != LAYOUT_OK) {
        diag_add(run, 0, DIAG_PDF_FAILED, "the page margins leave no room for text");
        status = EXIT_REJECTED;
    } else if (drawn != PDF_OK) {
        diag_add(run, 0, DIAG_PDF_FAILED, pdf_reason(&pe, why, sizeof why));
        status = EXIT_INTERNAL;
    } else if (stage_output(set, dir, "report.pdf", bytes, len, run) != 0) {
        status = EXIT_IO;
    }
    free(bytes);
    layout_free(lr);
    doc_free(dc);
    report_meta_release(&meta);
    return status;
}

static int cmd_report(const cli_options *o)
{
    if (!o->period)
        return cli_usage_error(stderr, "report needs --period PERIOD");
    if (o->npaths)
        return cli_usage_error(stderr, "report takes no file names; use --input DIR");
    period per;
    if (period_parse(o->period, &per) < 0) {
        return cli_usage_error(stderr, "'%s' is not a period; write 2025-Q3, 2025-H1, 2025-9M, 2025 or 2023-2025",
                   o->period);
    }
    date_t date;
    if (report_date(o, &date) < 0)
        return cli_usage_error(stderr, "the report date must be YYYY-MM-DD (--date) or seconds since 1970 "
                           "(SOURCE_DATE_EPOCH)");
    int status = EXIT_OK;
    char *tdir = templates_dir(o);
    pdf_inputs pin;
    if (!o->no_pdf)
        pdf_inputs_start(&pin, o, tdir, &per);
    plan *p = load_plan(o, tdir, &status);
    diag_list run;
    diag_list_init(&run, NULL);
    xml_schema *schema = p ? load_schema(tdir, "submission-v1.xsd") : NULL;
    period whole = p ? plan_period(p) : per;
    if (p && !period_within(&per, &whole)) {
        char a[16], b[16];
        diag_add(&run, 0, DIAG_SUB_PERIOD_OUTSIDE, period_code(&per, a, sizeof a),
                 period_code(&whole, b, sizeof b));
        status = EXIT_USAGE;
    }
    if (p && status != EXIT_USAGE) {
        /* a report about a period that has not ended: most often the wrong
         * --period (2025-Q4 for 2025-Q3) or a mistyped --date */
        date_t from, to;
        period_window(&per, p->cutoff_day, &from, &to);
        if (date <= to) {
            char d1[16], d2[16], pc[16];
            diag_add(&run, 0, DIAG_REPORT_EARLY, date_dmy(date, d1, sizeof d1),
                     period_code(&per, pc, sizeof pc), date_dmy(to, d2, sizeof d2));
        }
    }
    if (!p || !schema || status == EXIT_USAGE) {
        diag_print(&run, stderr, 0);
        diag_list_release(&run);
        xml_schema_free(schema);
        plan_free(p);
        free(tdir);
        if (!o->no_pdf)
            pdf_inputs_release(&pin);
        return status != EXIT_OK ? status : EXIT_IO;
    }

    const char *input = o->input ? o->input : "input";
    char *inputs[1] = {(char *)(uintptr_t)input};
    batch_list l;
    batch_list_init(&l);
    int io_errors = 0;
    int no_files = collect(&l, inputs, 1, o->plan, &run, &io_errors);
    /* a mistyped --input, or an empty folder, must not replace the report
     * of an earlier run with one in which every unit is missing */
    int write = !no_files && !io_errors;
    diag_print(&run, stderr, o->quiet);
    diag_list_release(&run);
    diag_list_init(&run, NULL);

    period texts = agg_coverage_period(&per);
    size_t read_errors = 0;
    agg *a = run_batch(o, p, schema, &l, &texts, &read_errors);
    batch_list_release(&l);
    agg_report *rep = agg_compute(a, &per);
    warn_overflow(p, rep, &run);

    char code[16];
    period_code(&per, code, sizeof code);
    outfile_set set;
    outfile_set_init(&set);
    buf dir;
    buf_init(&dir, 0);
    buf_printf(&dir, "%s/%s", o->output ? o->output : "output", code);
    int err = write ? outfile_mkdirs(dir.data) : 0;
    if (err) {
        write_failed(&run, dir.data, err);
    } else if (write) {   /* else nothing to write: the previous outputs stay */
        export_info info = {BAOCAO_VERSION, date};
        err = stage_export(&set, dir.data, "summary.csv", csv_export, p, a, rep, &info, &run);
        if (!err)
            err = stage_export(&set, dir.data, "summary.xml", export_xml, p, a, rep, &info, &run);
        if (!err)
            err = stage_export(&set, dir.data, "run-log.txt", export_runlog, p, a, rep, &info,
                               &run);
    }
    int pdf_exit = EXIT_OK;
    if (write && !err && !o->no_pdf)
        pdf_exit = write_pdf(o, &pin, &set, dir.data, p, a, rep, date, &run);
    if (!o->no_pdf)
        pdf_inputs_release(&pin);
    free(tdir);
    /* all or nothing: the previous outputs stay until every new one is ready */
    if (write && !err && pdf_exit == EXIT_OK) {
        const char *failed = NULL;
        err = outfile_set_commit(&set, &failed);
        if (err) {
            write_failed(&run, failed, err);
        } else if (o->no_pdf) {
            /* a report.pdf of an earlier run would contradict the new figures */
            buf old;
            buf_init(&old, 0);
            buf_printf(&old, "%s/report.pdf", dir.data);
            if (unlink(old.data) != 0 && errno != ENOENT) {
                err = errno;
                write_failed(&run, old.data, err);
            }
            buf_release(&old);
        }
    }
    outfile_set_release(&set);
    diag_print(&run, stderr, 0);
    if (!o->quiet)
        fprintf(stderr,
                "baocao: %zu files read: %zu accepted, %zu superseded, %zu rejected; "
                "%zu skipped; %s %s\n",
                rep->files_total - rep->files_skipped, rep->files_accepted,
                rep->files_superseded, rep->files_rejected, rep->files_skipped,
                !write || err || pdf_exit != EXIT_OK ? "nothing written to" : "output in",
                dir.data);
    if (err || read_errors || io_errors)
        status = EXIT_IO;
    else if (pdf_exit != EXIT_OK)
        status = pdf_exit;
    else if (rep->files_rejected || run.errors || no_files)
        status = EXIT_REJECTED;
    buf_release(&dir);
    agg_report_free(rep);
    agg_free(a);
    diag_list_release(&run);
    xml_schema_free(schema);
    plan_free(p);
    return status;
}

int main(int argc, char **argv)
{
    cli_options o;
    int status = EXIT_OK;
    xml_init();
    if (cli_parse(argc, argv, &o, &status, stdout, stderr) == 0) {
        if (o.quiet)
            rows_quiet();
        if (strcmp(o.command, "validate") == 0)
            status = cmd_validate(&o);
        else if (strcmp(o.command, "form") == 0)
            status = cmd_form(&o);
        else
            status = cmd_report(&o);
    }
    cli_options_release(&o);
    if ((fflush(stdout) != 0 || ferror(stdout)) && status != EXIT_IO) {
        diag_list d;
        diag_list_init(&d, NULL);
        write_failed(&d, "standard output", errno ? errno : EIO);
        diag_print(&d, stderr, 0);
        diag_list_release(&d);
        status = EXIT_IO;
    }
    return status;
}
