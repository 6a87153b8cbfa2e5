/*
 * report: template + figures → document (see report.h).
 *
 * One function per kind of template block; each reads only the
 * aggregation's results and the plan, and adds doc blocks. Text from input
 * files goes through clean(), which applies the font check.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "num.h"
#include "period.h"
#include "text.h"

struct ctx {
    const report_input *in;
    doc *d;
    void (*emit)(void *, diag_list *);
    void *emit_ctx;
    char *vars[TPL_VAR__COUNT];
    int appendix_no;
    int template_errors;
    char **file_names;   /* per file that counts: its name as drawn (file_name) */
    char **unit_names;   /* per unit of the plan: its short name as drawn (unit_short) */
    buf own_lacked;      /* the characters of the program's own words already warned about */
};

/* ---- text ---- */

/* Whether some face of the report font lacks the character at s[0..len). */
static int lacked(const fonts_set *fs, const char *s, size_t len)
{
    for (int face = 0; face < FONTS_FACES; face++) {
        uint32_t cp;
        if (fonts_lacks(fs, face, s, len, &cp, NULL) != 0)
            return 1;
    }
    return 0;
}

/* clean(), with the characters already warned about in `seen`: warned
 * about once a call (clean) or once a report (own_words). */
static char *clean_seen(struct ctx *c, const char *s, const char *file, unsigned long line,
                        buf *seen)
{
    const fonts_set *fs = c->in->fonts;
    if (!fs)
        return xstrdup(s);
    buf out;
    buf_init(&out, 0);
    size_t n = strlen(s);
    diag_list d;
    int any = 0;
    for (size_t pos = 0; pos < n;) {
        size_t i = pos;
        int32_t cp = text_next(s, n, &i);
        if (cp < 0x80 || !lacked(fs, s + pos, i - pos)) {
            buf_put(&out, s + pos, i > pos ? i - pos : 1);
            pos = i > pos ? i : pos + 1;
            continue;
        }
        buf_putc(&out, '?');
        char what[32], key[40];
        snprintf(what, sizeof what, "U+%04X", (unsigned)cp);
        snprintf(key, sizeof key, "%s;", what);   /* U+1F60 is not in U+1F600; */
        if (!strstr(seen->data, key)) {
            buf_puts(seen, key);
            if (!any) {
                diag_list_init(&d, file);
                any = 1;
            }
            diag_add(&d, line, DIAG_GLYPH_MISSING, what, fs->family ? fs->family : "");
        }
        pos = i;
    }
    if (any) {
        c->emit(c->emit_ctx, &d);
        diag_list_release(&d);
    }
    return buf_detach(&out);
}

/* A copy of s in which every character that a face of the font lacks is
 * '?' (texts may be drawn in any face); each such character of the text is
 * reported once, against file:line. */
static char *clean(struct ctx *c, const char *s, const char *file, unsigned long line)
{
    buf seen;
    buf_init(&seen, 0);
    char *out = clean_seen(c, s, file, line, &seen);
    buf_release(&seen);
    return out;
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The name of input file i as the report draws it: its last component,
 * with what the font cannot draw (a tab, a character outside Vietnamese)
 * made '?' and warned about once. */
static const char *file_name(struct ctx *c, int i)
{
    const agg *a = c->in->a;
    /* the report names only files that count: every reference of the
     * figures, items, tasks and remarks is to one (agg.h, agg_ref) */
    int k = agg_counted_index(a, i);
    if (!c->file_names)
        c->file_names = xcalloc(agg_ncounted(a) ? agg_ncounted(a) : 1, sizeof *c->file_names);
    if (!c->file_names[k]) {
        const char *path = agg_file_path(a, (size_t)i);
        c->file_names[k] = clean(c, basename_of(path), path, 0);
    }
    return c->file_names[k];
}

/* The short name of unit u as the report draws it (see file_name). */
static const char *unit_short(struct ctx *c, int u)
{
    const plan *p = c->in->p;
    if (!c->unit_names)
        c->unit_names = xcalloc(p->nunits ? p->nunits : 1, sizeof *c->unit_names);
    if (!c->unit_names[u])
        c->unit_names[u] = clean(c, p->units[u].short_name, p->path, p->units[u].line);
    return c->unit_names[u];
}

/* The last check of the document: every text is checked again, and what
 * the texts from files, plan and template did not bring (the program's own
 * words: table headings, status words, legends) gets the same '?' and one
 * warning a character, not against a file. A font the program accepts
 * (Times New Roman, Liberation Serif) has every letter of them; a font
 * installed without its Vietnamese letters would otherwise stop the PDF. */
static char *own_words(void *ctx, const char *s)
{
    struct ctx *c = ctx;
    size_t n = strlen(s);
    for (size_t i = 0;;) {
        size_t at = i;
        int32_t cp = text_next(s, n, &i);
        if (cp < 0)
            return NULL;   /* every character drawable: the text stays */
        if (cp >= 0x80 && lacked(c->in->fonts, s + at, i - at))
            return clean_seen(c, s, NULL, 0, &c->own_lacked);
    }
}

static const char *var_value(void *ctx, enum tpl_var v)
{
    return ((struct ctx *)ctx)->vars[v];
}

/* A template text with its placeholders filled, checked, malloc'd. */
static char *expand(struct ctx *c, const char *text, unsigned long line)
{
    buf b;
    buf_init(&b, 0);
    tpl_expand(text, var_value, c, &b);
    char *s = clean(c, b.data, c->in->t->path, line);
    buf_release(&b);
    return s;
}

/* expand(), in capitals: the header's bodies are capitals by Decree 30
 * whatever the case of the plan's words ("UBND TỈNH {province}"). */
static char *expand_upper(struct ctx *c, const char *text, unsigned long line)
{
    char *s = expand(c, text, line);
    char *up = text_upper(s);
    free(s);
    return up;
}

static char *fmt_real(agg_real v, int decimals, char *out, size_t n)
{
    if (!v.known) {
        snprintf(out, n, "-");
        return out;
    }
    return agg_format(v, decimals, NUM_VIETNAMESE, out, n);
}

/* Why an indicator has no value, in the report's words. */
static const char *note_vn(enum agg_note n)
{
    switch (n) {
    case NOTE_NONE: return "";
    case NOTE_NO_FIGURES: return "chưa có đơn vị báo cáo số liệu";
    case NOTE_NO_REPORT: return "chưa có báo cáo của đơn vị thực hiện";
    case NOTE_DEN_ZERO: return "mẫu số bằng 0";
    case NOTE_NO_BASELINE: return "Kế hoạch không nêu số liệu gốc";
    case NOTE_BASELINE_ZERO: return "số liệu gốc bằng 0";
    case NOTE_NO_WHOLE_YEAR: return "chưa hết năm đầu tiên sau năm gốc";
    case NOTE_YEAR_ZERO: return "số liệu năm bằng 0";
    case NOTE_OVERFLOW: return "tổng vượt quá giới hạn tính toán, cần kiểm tra số liệu";
    case NOTE_NO_DENOMINATOR: return "chưa có đơn vị báo cáo số liệu của mẫu số";
    }
    return "";
}

/* Why a sum has no figure: it passed the largest one baocao holds. */
#define OVERFLOW_VN "Tổng vượt quá giới hạn tính toán, cần kiểm tra số liệu"

static char *fmt_fig(const agg_figure *f, char *out, size_t n)
{
    if (!f || !f->known) {
        snprintf(out, n, "-");
        return out;
    }
    return num_format(f->value, -1, NUM_VIETNAMESE, out, n);
}

static const char *chart_percent(double v, char *out, size_t n)
{
    char num[48];
    num_format_real(v, 0, NUM_VIETNAMESE, num, sizeof num);
    snprintf(out, n, "%s%%", num);
    return out;
}

static const char *cmp_sign(enum ind_cmp c)
{
    switch (c) {
    case CMP_GE: return "≥";
    case CMP_GT: return ">";
    case CMP_LE: return "≤";
    case CMP_LT: return "<";
    case CMP_EQ: return "=";
    }
    return "";
}

static const char *task_status_vn(enum task_status s)
{
    switch (s) {
    case TASK_NOT_STARTED: return "Chưa triển khai";
    case TASK_IN_PROGRESS: return "Đang triển khai";
    case TASK_DONE: return "Hoàn thành";
    case TASK_STOPPED: return "Dừng thực hiện";
    }
    return "";
}

/* ---- placeholders ---- */

static void set_var(struct ctx *c, enum tpl_var v, const char *s)
{
    free(c->vars[v]);
    c->vars[v] = xstrdup(s);
}

static void set_int(struct ctx *c, enum tpl_var v, size_t n)
{
    char s[32];
    snprintf(s, sizeof s, "%zu", n);
    set_var(c, v, s);
}

/* "2 chỉ tiêu đạt, 1 chỉ tiêu chưa đạt và 4 chỉ tiêu chưa có số liệu":
 * the counts that are not zero, each with its words, the last after "và".
 * n counts, words[k] for count[k]. */
static void counts_in_words(buf *out, const size_t *count, const char *const *words, size_t n)
{
    size_t left = 0;
    for (size_t k = 0; k < n; k++)
        left += count[k] != 0;
    for (size_t k = 0; k < n; k++) {
        if (count[k] == 0)
            continue;
        left--;
        buf_printf(out, "%zu %s%s", count[k], words[k], left > 1 ? ", " : left == 1 ? " và " : "");
    }
}

static void fill_vars(struct ctx *c)
{
    const report_input *in = c->in;
    const plan *p = in->p;
    const agg_report *r = in->r;
    char s[128], a[32], b[32];
    period_label(&r->per, s, sizeof s);
    set_var(c, TPL_VAR_PERIOD, s);
    set_var(c, TPL_VAR_PERIOD_CODE, period_code(&r->per, s, sizeof s));
    snprintf(s, sizeof s, "%d", period_year_of(&r->per));
    set_var(c, TPL_VAR_YEAR, s);
    date_t from, to;
    period_window(&r->per, p->cutoff_day, &from, &to);
    set_var(c, TPL_VAR_FROM, date_vn_short(from, a, sizeof a));
    set_var(c, TPL_VAR_TO, date_vn_short(to, a, sizeof a));
    set_var(c, TPL_VAR_DEADLINE, date_vn_short(r->due, a, sizeof a));
    set_var(c, TPL_VAR_DATE, date_vn_long(in->date, s, sizeof s));
    set_var(c, TPL_VAR_DATE_SHORT, date_vn_short(in->date, a, sizeof a));
    /* an unnumbered draft keeps room for the number, as offices do (no-break
     * spaces, which layout does not collapse) */
    set_var(c, TPL_VAR_NUMBER,
            in->number && *in->number ? in->number : "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0");
    set_var(c, TPL_VAR_PLAN_NUMBER, p->number);
    set_var(c, TPL_VAR_PLAN_DATE, date_vn_short(p->date, a, sizeof a));
    set_var(c, TPL_VAR_PLAN_TITLE, p->title);
    set_var(c, TPL_VAR_PLAN_ISSUER, p->issuer);
    set_var(c, TPL_VAR_PROVINCE, p->province);
    snprintf(a, sizeof a, "%d", p->from_year);
    snprintf(b, sizeof b, "%d", p->to_year);
    snprintf(s, sizeof s, "%s - %s", a, b);
    set_var(c, TPL_VAR_PLAN_YEARS, s);

    size_t on_time = 0, late = 0, missing = 0;
    for (size_t k = 0; k < r->ncoverage; k++) {
        switch (r->coverage[k].status) {
        case COV_ON_TIME:
        case COV_DERIVED: on_time++; break;
        case COV_LATE: late++; break;
        case COV_MISSING: missing++; break;
        }
    }
    set_int(c, TPL_VAR_UNITS_EXPECTED, r->ncoverage);
    set_int(c, TPL_VAR_UNITS_ON_TIME, on_time);
    set_int(c, TPL_VAR_UNITS_LATE, late);
    set_int(c, TPL_VAR_UNITS_MISSING, missing);
    static const char *const unit_words[3] = {
        "đơn vị gửi đúng hạn", "đơn vị gửi muộn", "đơn vị chưa gửi báo cáo"};
    const size_t units[3] = {on_time, late, missing};
    buf words;
    buf_init(&words, 0);
    counts_in_words(&words, units, unit_words, 3);
    set_var(c, TPL_VAR_UNITS_BY_STATUS, words.data);
    buf_clear(&words);

    /* indicators by status, in the order they are told */
    enum { MET, TRACK, BEHIND, NOT_MET, NO_DATA, NSTATUS };
    static const char *const ind_words[NSTATUS] = {
        "chỉ tiêu đã đạt hoặc vượt mục tiêu", "chỉ tiêu đúng tiến độ", "chỉ tiêu chậm tiến độ",
        "chỉ tiêu chưa đạt mục tiêu", "chỉ tiêu chưa có số liệu"};
    size_t ind[NSTATUS] = {0};
    for (size_t k = 0; k < r->nindicators; k++) {
        switch (r->indicators[k].status) {
        case STATUS_ACHIEVED:
        case STATUS_EXCEEDED: ind[MET]++; break;
        case STATUS_ON_TRACK: ind[TRACK]++; break;
        case STATUS_BEHIND: ind[BEHIND]++; break;
        case STATUS_NOT_ACHIEVED: ind[NOT_MET]++; break;
        case STATUS_NO_DATA: ind[NO_DATA]++; break;
        }
    }
    set_int(c, TPL_VAR_INDICATORS_TOTAL, r->nindicators);
    set_int(c, TPL_VAR_INDICATORS_MET, ind[MET]);
    set_int(c, TPL_VAR_INDICATORS_ON_TRACK, ind[TRACK]);
    set_int(c, TPL_VAR_INDICATORS_BEHIND, ind[BEHIND]);
    set_int(c, TPL_VAR_INDICATORS_NOT_ACHIEVED, ind[NOT_MET]);
    set_int(c, TPL_VAR_INDICATORS_NO_DATA, ind[NO_DATA]);
    counts_in_words(&words, ind, ind_words, NSTATUS);
    set_var(c, TPL_VAR_INDICATORS_BY_STATUS, words.data);
    buf_clear(&words);

    /* tasks by the lead's status: done, in progress, not started, stopped,
     * and those whose lead sent no report */
    static const char *const task_words[5] = {
        "nhiệm vụ đã hoàn thành", "nhiệm vụ đang triển khai", "nhiệm vụ chưa triển khai",
        "nhiệm vụ dừng thực hiện", "nhiệm vụ chưa có báo cáo của đơn vị chủ trì"};
    size_t tasks[5] = {0};
    for (size_t k = 0; k < r->ntasks; k++) {
        const agg_task *t = &r->tasks[k];
        if (!t->has_lead_report)
            tasks[4]++;
        else
            tasks[t->status == TASK_DONE ? 0 : t->status == TASK_IN_PROGRESS ? 1
                  : t->status == TASK_NOT_STARTED ? 2 : 3]++;
    }
    set_int(c, TPL_VAR_TASKS_TOTAL, r->ntasks);
    set_int(c, TPL_VAR_TASKS_DONE, tasks[0]);
    set_int(c, TPL_VAR_TASKS_IN_PROGRESS, tasks[1]);
    set_int(c, TPL_VAR_TASKS_NOT_REPORTED, tasks[4]);
    counts_in_words(&words, tasks, task_words, 5);
    set_var(c, TPL_VAR_TASKS_BY_STATUS, words.data);
    buf_release(&words);
    set_int(c, TPL_VAR_FILES_ACCEPTED, r->files_accepted);
    set_int(c, TPL_VAR_FILES_REJECTED, r->files_rejected);
}

/* ---- blocks ---- */

static void para(struct ctx *c, const char *text)
{
    doc_para_style st = doc_style_body();
    doc_add_para(c->d, text, &st);
}

static void heading(struct ctx *c, const char *text, int level)
{
    doc_para_style st = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_LEFT);
    st.first_indent_mm = 10;
    st.space_before_pt = 6;
    st.space_after_pt = 6;
    st.keep_with_next = 1;
    st.balanced = 1;
    if (level > 1)
        st.face = DOC_FACE_BOLD_ITALIC;
    doc_add_para(c->d, text, &st);
}

/* An italic note; keep: on the same page as the next paragraph. */
static void note_kept(struct ctx *c, const char *text, int keep)
{
    doc_para_style st = doc_style(DOC_FACE_ITALIC, 12, DOC_ALIGN_JUSTIFY);
    st.first_indent_mm = 10;
    st.space_after_pt = 3;
    st.keep_with_next = keep;
    doc_add_para(c->d, text, &st);
}

static void note(struct ctx *c, const char *text)
{
    note_kept(c, text, 0);
}

/* A table's columns: heading, width in mm (0: a share of the width left,
 * by weight), alignment, numbers right-aligned. */
struct column {
    const char *head;
    double width_mm, weight;
    doc_align align;
    int numeric;
};

/*
 * Starts a table with its header row. The template may set the widths
 * (widths="13 * 24 17"): one value a column, a number of millimetres or
 * '*' for a share of what is left. A list that does not fit the table is
 * a diagnostic against the template's line, and the table keeps its own
 * widths.
 */
static doc_table *new_table(struct ctx *c, const tpl_block *blk, double size_pt,
                            const struct column *cols, size_t n)
{
    doc_table *t = doc_add_table(c->d, n);
    t->size_pt = size_pt;
    double width[16], weight[16];
    size_t k = 0;
    int bad = 0;
    for (const char *w = blk && blk->widths ? blk->widths : ""; *w && !bad;) {
        while (*w == ' ')
            w++;
        if (!*w)
            break;
        size_t len = strcspn(w, " ");
        char *end = NULL;
        double mm = len == 1 && *w == '*' ? 0 : strtod(w, &end);
        if (k == n || (end && (end != w + len || mm <= 0 || mm > 400)))
            bad = 1;
        else {
            width[k] = mm;
            weight[k] = mm > 0 ? 0 : 1;
            k++;
        }
        w += len;
    }
    if (blk && blk->widths && (bad || k != n)) {
        char want[16];
        snprintf(want, sizeof want, "%zu", n);
        diag_list d;
        diag_list_init(&d, c->in->t->path);
        diag_add(&d, blk->line, DIAG_TPL_WIDTHS, blk->widths, want);
        c->emit(c->emit_ctx, &d);
        diag_list_release(&d);
        c->template_errors++;
        k = 0;
    }
    for (size_t i = 0; i < n; i++) {
        int given = k == n;
        doc_table_set_col(t, i, given ? width[i] : cols[i].width_mm,
                          given ? weight[i] : cols[i].weight, cols[i].align, cols[i].numeric);
    }
    doc_table_add_row(t, DOC_ROW_HEADER);
    for (size_t i = 0; i < n; i++)
        doc_table_add_cell(t, cols[i].head);
    return t;
}

/* "≥ 1,5 lần (2025)", as drawn; free() it. */
static char *target_text(struct ctx *c, const plan_indicator *x)
{
    char t[48];
    num_format(x->target, -1, NUM_VIETNAMESE, t, sizeof t);
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%s %s%s%s (%d)", cmp_sign(x->cmp), t, x->uom[0] == '%' ? "" : " ", x->uom,
               x->target_year);
    char *s = clean(c, b.data, c->in->p->path, x->line);
    buf_release(&b);
    return s;
}

static void indicator_table(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    static const struct column cols[] = {
        {"Mục", 13, 0, DOC_ALIGN_CENTER, 0},         {"Chỉ tiêu", 0, 1, DOC_ALIGN_LEFT, 0},
        {"Mục tiêu", 24, 0, DOC_ALIGN_CENTER, 0},    {"Kỳ báo cáo", 17, 0, DOC_ALIGN_RIGHT, 1},
        {"Lũy kế", 17, 0, DOC_ALIGN_RIGHT, 1},       {"Cùng kỳ năm trước", 17, 0, DOC_ALIGN_RIGHT, 1},
        {"% mục tiêu", 16, 0, DOC_ALIGN_RIGHT, 1},   {"Đánh giá", 24, 0, DOC_ALIGN_CENTER, 0},
    };
    doc_table *t = new_table(c, blk, 11, cols, sizeof cols / sizeof *cols);
    for (size_t k = 0; k < r->nindicators; k++) {
        const agg_indicator *ai = &r->indicators[k];
        const plan_indicator *x = &p->indicators[ai->indicator];
        int dec = agg_indicator_decimals(x);
        char v[48], cu[48], y[48], pc[48];
        char *tg = target_text(c, x);
        char *name = clean(c, x->name, p->path, x->line);
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell(t, x->code);
        doc_table_add_cell(t, name);
        doc_table_add_cell(t, tg);
        doc_table_add_cell(t, fmt_real(ai->value, dec, v, sizeof v));
        doc_table_add_cell(t, fmt_real(ai->cumulative, dec, cu, sizeof cu));
        doc_table_add_cell(t, fmt_real(ai->year_ago, dec, y, sizeof y));
        char pcs[64];
        fmt_real(ai->percent, AGG_PERCENT_DECIMALS, pc, sizeof pc);
        snprintf(pcs, sizeof pcs, "%s%s", pc, ai->percent.known ? "%" : "");
        doc_table_add_cell(t, pcs);
        doc_table_add_cell(t, agg_status_vn(ai->status));
        free(name);
        free(tg);
    }
    /* what the table's figures rest on, one note per indicator */
    for (size_t k = 0; k < r->nindicators; k++) {
        const agg_indicator *ai = &r->indicators[k];
        const plan_indicator *x = &p->indicators[ai->indicator];
        int dec = agg_indicator_decimals(x);
        buf b;
        buf_init(&b, 0);
        char v[48], e[48], pr[48], bl[48];
        buf_printf(&b, "%s: ", x->code);
        if (ai->status == STATUS_NO_DATA) {
            buf_printf(&b, "chưa có số liệu để đánh giá");
            if (ai->note != NOTE_NONE)
                buf_printf(&b, " (%s)", note_vn(ai->note));
            buf_putc(&b, '.');
        } else if (ai->accumulates) {
            buf_printf(&b, "lũy kế từ đầu Kế hoạch %s, đạt %s%% mục tiêu; tiến độ thời gian "
                           "đến hết kỳ là %s%%",
                       fmt_real(ai->cumulative, dec, v, sizeof v),
                       fmt_real(ai->percent, AGG_PERCENT_DECIMALS, pr, sizeof pr),
                       fmt_real(ai->expected, AGG_PERCENT_DECIMALS, e, sizeof e));
            if (ai->projection.known) {
                char pj[48];
                buf_printf(&b, "; ước tính đến năm %d (theo tốc độ bình quân hiện nay): %s",
                           x->target_year, fmt_real(ai->projection, dec, pj, sizeof pj));
            }
            buf_putc(&b, '.');
        } else {
            buf_printf(&b, "đánh giá theo giá trị %s", x->compute == IND_GROWTH
                                                          ? "tăng trưởng bình quân năm đến năm "
                                                          : "");
            if (ai->judged_year)
                buf_printf(&b, "%s%d", x->compute == IND_GROWTH ? "" : "năm ", ai->judged_year);
            else
                buf_puts(&b, "của kỳ báo cáo");
            const char *sep = x->uom[0] == '%' ? "" : " ";
            buf_printf(&b, ": %s%s%s", fmt_real(ai->judged, dec, v, sizeof v), sep, x->uom);
            /* a level target over several years: the table shows the whole
             * period's value beside the last year's percent */
            char pv[48];
            if (ai->judged_year && x->compute != IND_GROWTH && ai->value.known &&
                strcmp(fmt_real(ai->value, dec, pv, sizeof pv), v) != 0)
                buf_printf(&b, " (cột “Kỳ báo cáo” ghi giá trị chung của cả kỳ: %s%s%s)", pv,
                           sep, x->uom);
            buf_putc(&b, '.');
        }
        if (ai->partial)
            buf_puts(&b, " Số liệu chưa đầy đủ: một số đơn vị thiếu báo cáo một số kỳ "
                         "(xem Phụ lục).");
        if (x->has_baseline && (x->compute == IND_MULTIPLE || x->compute == IND_GROWTH)) {
            if (x->baseline_known)
                buf_printf(&b, " Số liệu gốc năm %d: %s%s.", x->baseline_year,
                           num_format(x->baseline_value, -1, NUM_VIETNAMESE, bl, sizeof bl),
                           x->baseline_is_sample ? " (số liệu mẫu; Kế hoạch không nêu số liệu này)"
                                                 : "");
            else
                buf_printf(&b, " Kế hoạch không nêu số liệu gốc năm %d.", x->baseline_year);
        }
        char *s = clean(c, b.data, p->path, x->line);
        note(c, s);
        free(s);
        buf_release(&b);
    }
}

static void progress_chart(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    char *title = blk->text ? expand(c, blk->text, blk->line) : NULL;
    doc_bar_chart *ch = doc_add_bar_chart(c->d, title ? title : "", chart_percent);
    free(title);
    for (size_t k = 0; k < r->nindicators; k++) {
        const agg_indicator *ai = &r->indicators[k];
        const plan_indicator *x = &p->indicators[ai->indicator];
        char label[64], pc[48], vl[96];
        snprintf(label, sizeof label, "%s", x->code);
        if (ai->percent.known)
            snprintf(vl, sizeof vl, "%s%% - %s",
                     fmt_real(ai->percent, AGG_PERCENT_DECIMALS, pc, sizeof pc),
                     agg_status_vn(ai->status));
        else
            snprintf(vl, sizeof vl, "%s", agg_status_vn(ai->status));
        doc_bar bar = {label,
                       ai->percent.known,
                       ai->percent.known ? (double)ai->percent.v : 0,
                       ai->expected.known,
                       ai->expected.known ? (double)ai->expected.v : 0,
                       vl,
                       ai->status >= STATUS_ACHIEVED ? 0.35 : 0.7};
        doc_bar_chart_add(ch, &bar);
    }
    doc_bar_chart_legend(ch, DOC_LEGEND_BOX, 0.35, "Đã đạt, vượt mục tiêu");
    doc_bar_chart_legend(ch, DOC_LEGEND_BOX, 0.7, "Chưa đạt mục tiêu");
    doc_bar_chart_legend(ch, DOC_LEGEND_MARKER, 0, "Tiến độ yêu cầu đến hết kỳ");
    doc_bar_chart_legend(ch, DOC_LEGEND_TARGET, 0, "Mục tiêu (100%)");
}

static void trend_chart(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    size_t ncats = 0;
    for (size_t k = 0; k < r->nindicators; k++)
        if (r->indicators[k].accumulates && r->indicators[k].ntrend > ncats)
            ncats = r->indicators[k].ntrend;
    if (ncats == 0)
        return;
    char **cats = xcalloc(ncats, sizeof *cats);
    for (size_t q = 0; q < ncats; q++) {
        int quarter = p->from_year * 4 + (int)q;
        char s[16];
        snprintf(s, sizeof s, "Q%d/%d", period_quarter_of(quarter), period_year_of_quarter(quarter));
        cats[q] = xstrdup(s);
    }
    char *title = blk->text ? expand(c, blk->text, blk->line) : NULL;
    doc_line_chart *ch = doc_add_line_chart(c->d, title ? title : "", (const char *const *)cats,
                                            ncats, chart_percent);
    free(title);
    double *values = xcalloc(ncats, sizeof *values);
    unsigned char *present = xcalloc(ncats, 1);
    for (size_t k = 0; k < r->nindicators; k++) {
        const agg_indicator *ai = &r->indicators[k];
        const plan_indicator *x = &p->indicators[ai->indicator];
        if (!ai->accumulates || x->target == 0)
            continue;
        long double target = num_to_real(x->target);
        for (size_t q = 0; q < ncats; q++) {
            present[q] = q < ai->ntrend && ai->trend[q].known;
            values[q] = present[q] ? (double)(ai->trend[q].v / target * 100) : 0;
        }
        char name[64];
        snprintf(name, sizeof name, "%s", x->code);
        doc_line_chart_add_series(ch, name, values, present);
    }
    doc_line_chart_set_target(ch, 100, "Mục tiêu (100%)");
    free(values);
    free(present);
    for (size_t q = 0; q < ncats; q++)
        free(cats[q]);
    free(cats);
}

static void task_table(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    static const struct column cols[] = {
        {"Mục", 15, 0, DOC_ALIGN_CENTER, 0},
        {"Nhiệm vụ", 0, 1.1, DOC_ALIGN_LEFT, 0},
        {"Chủ trì", 24, 0, DOC_ALIGN_CENTER, 0},
        {"Tình trạng", 22, 0, DOC_ALIGN_CENTER, 0},
        {"Kết quả (theo báo cáo của đơn vị chủ trì)", 0, 1, DOC_ALIGN_LEFT, 0},
    };
    doc_table *t = new_table(c, blk, 10.5, cols, sizeof cols / sizeof *cols);
    int group = -1;
    for (size_t k = 0; k < r->ntasks; k++) {
        const agg_task *at = &r->tasks[k];
        const plan_task *x = &p->tasks[at->task];
        if (x->group != group) {
            group = x->group;
            buf g;
            buf_init(&g, 0);
            buf_printf(&g, "%s. %s", p->groups[group].code, p->groups[group].title);
            char *s = clean(c, g.data, p->path, x->line);
            doc_table_add_row(t, DOC_ROW_BODY);
            doc_table_add_cell_ex(t, s, DOC_FACE_BOLD, DOC_ALIGN_LEFT, 5);
            free(s);
            buf_release(&g);
        }
        char *text = clean(c, x->text, p->path, x->line);
        int holder = x->lead >= 0 ? plan_holder(p, x->lead, r->to) : -1;
        const char *lead = holder >= 0 ? unit_short(c, holder)
                           : x->lead >= 0 ? unit_short(c, x->lead)
                                          : "";
        const agg_task_report *lr = NULL;
        size_t supporters = 0;
        for (size_t i = 0; i < at->nreports; i++) {
            if (at->reports[i].role == ROLE_LEAD)
                lr = &at->reports[i];
            else
                supporters++;
        }
        buf res;
        buf_init(&res, 0);
        if (lr) {
            agg_file f = agg_file_at(c->in->a, (size_t)lr->ref.file);
            char *n = clean(c, lr->text, f.path, lr->ref.line);
            buf_puts(&res, n);
            free(n);
            /* the lead sent no report for the period itself: say which one speaks */
            if (!period_same_span(&f.per, &r->coverage_period)) {
                char label[64];
                buf_printf(&res, " (theo báo cáo %s)", period_label(&f.per, label, sizeof label));
            }
        }
        if (supporters)
            buf_printf(&res, "%s(%zu đơn vị phối hợp có báo cáo)", res.len ? " " : "", supporters);
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell(t, x->code);
        doc_table_add_cell(t, text);
        doc_table_add_cell(t, lead);
        doc_table_add_cell(t, lr ? task_status_vn(lr->status) : "Chưa báo cáo");
        doc_table_add_cell(t, res.data);
        buf_release(&res);
        free(text);
    }
}

static void coverage_table(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    static const struct column cols[] = {
        {"STT", 12, 0, DOC_ALIGN_CENTER, 0},
        {"Đơn vị", 0, 1, DOC_ALIGN_LEFT, 0},
        {"Tình trạng báo cáo", 40, 0, DOC_ALIGN_CENTER, 0},
        {"Ngày gửi", 28, 0, DOC_ALIGN_CENTER, 0},
    };
    doc_table *t = new_table(c, blk, 11, cols, sizeof cols / sizeof *cols);
    for (size_t k = 0; k < r->ncoverage; k++) {
        const agg_coverage *cv = &r->coverage[k];
        char no[24], sent[16];
        snprintf(no, sizeof no, "%zu", k + 1);
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell(t, no);
        char *name = clean(c, p->units[cv->unit].name, p->path, p->units[cv->unit].line);
        doc_table_add_cell(t, name);
        free(name);
        doc_table_add_cell_ex(t, agg_coverage_vn(cv->status),
                              cv->status == COV_MISSING ? DOC_FACE_BOLD : DOC_FACE_DEFAULT,
                              DOC_ALIGN_DEFAULT, 1);
        doc_table_add_cell(t, cv->file >= 0 ? date_vn_short(cv->sent, sent, sizeof sent) : "");
    }
    /* units that ended are not "missing": say where their duties went, one
     * line a unit (the successor's name may hold brackets of its own) */
    int *ended = xmalloc((p->nunits ? p->nunits : 1) * sizeof *ended);
    size_t nended = 0;
    for (size_t u = 0; u < p->nunits; u++) {
        const plan_unit *x = &p->units[u];
        if (x->to != PLAN_DATE_OPEN && x->to < r->to && x->to >= r->from - 366)
            ended[nended++] = (int)u;
    }
    if (nended)
        note_kept(c, "Các đơn vị đã kết thúc hoạt động, không phải báo cáo kỳ này "
                     "(nhiệm vụ và số liệu do đơn vị kế thừa báo cáo):", 1);
    for (size_t k = 0; k < nended; k++) {
        int u = ended[k], h = plan_holder(p, u, r->to);
        char end[16];
        buf b;
        buf_init(&b, 0);
        buf_printf(&b, "- %s (đến %s)", unit_short(c, u),
                   date_vn_short(p->units[u].to, end, sizeof end));
        if (h >= 0)
            buf_printf(&b, "; đơn vị kế thừa: %s", unit_short(c, h));
        buf_puts(&b, k + 1 == nended ? "." : ";");
        note(c, b.data);
        buf_release(&b);
    }
    free(ended);
}

/* What a block says when it has nothing to list (its none="..."), if any. */
static void none_text(struct ctx *c, const tpl_block *blk)
{
    if (!blk->text)
        return;
    char *s = expand(c, blk->text, blk->line);
    para(c, s);
    free(s);
}

/* The remarks of one kind, grouped: units that sent the same words are
 * named together, "- Sở Công Thương, Sở Y tế: ...". Groups come in the
 * plan's order of their first unit, units within a group likewise. */
struct remark_ref {
    const agg_remark *rm;
    size_t k;            /* its place in the report's list: ties keep it */
    size_t group;        /* the first member of its group, after grouping */
};

static int by_text_unit(const void *x, const void *y)
{
    const struct remark_ref *a = x, *b = y;
    int c = strcmp(a->rm->text, b->rm->text);
    if (c)
        return c;
    if (a->rm->unit != b->rm->unit)
        return a->rm->unit - b->rm->unit;
    return (a->k > b->k) - (a->k < b->k);
}

static int by_group_unit(const void *x, const void *y)
{
    const struct remark_ref *a = x, *b = y;
    if (a->group != b->group)
        return (a->group > b->group) - (a->group < b->group);
    if (a->rm->unit != b->rm->unit)
        return a->rm->unit - b->rm->unit;
    return (a->k > b->k) - (a->k < b->k);
}

static void remarks(struct ctx *c, const tpl_block *blk)
{
    const agg_report *r = c->in->r;
    struct remark_ref *v = xcalloc(r->nremarks ? r->nremarks : 1, sizeof *v);
    size_t n = 0;
    for (size_t k = 0; k < r->nremarks; k++)
        if ((int)r->remarks[k].kind == blk->remark_kind)
            v[n++] = (struct remark_ref){&r->remarks[k], k, 0};
    /* group equal texts; a group is known by its first unit in plan order
     * (then first place), so sorting by it puts the groups in that order */
    qsort(v, n, sizeof *v, by_text_unit);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, first = v[i].k;
        while (j < n && strcmp(v[j].rm->text, v[i].rm->text) == 0) {
            if (v[j].rm->unit == v[i].rm->unit && v[j].k < first)
                first = v[j].k;
            j++;
        }
        for (size_t m = i; m < j; m++)
            v[m].group = (size_t)v[i].rm->unit * r->nremarks + first;
        i = j;
    }
    qsort(v, n, sizeof *v, by_group_unit);
    for (size_t i = 0; i < n;) {
        buf b;
        buf_init(&b, 0);
        buf_puts(&b, "- ");
        size_t j = i;
        for (; j < n && v[j].group == v[i].group; j++)
            if (j == i || v[j].rm->unit != v[j - 1].rm->unit)
                buf_printf(&b, "%s%s", j > i ? ", " : "", unit_short(c, v[j].rm->unit));
        const agg_remark *rm = v[i].rm;
        char *text = clean(c, rm->text, agg_file_path(c->in->a, (size_t)rm->ref.file),
                           rm->ref.line);
        buf_printf(&b, ": %s", text);
        para(c, b.data);
        buf_release(&b);
        free(text);
        i = j;
    }
    free(v);
    if (n == 0)
        none_text(c, blk);
}

static void goals(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    if (p->ngoals == 0)   /* the plan has no goals section */
        none_text(c, blk);
    for (size_t k = 0; k < p->ngoals; k++) {
        buf b;
        buf_init(&b, 0);
        buf_printf(&b, "%s. %s", p->goals[k].section, p->goals[k].text);
        char *s = clean(c, b.data, p->path, 0);
        para(c, s);
        free(s);
        buf_release(&b);
    }
}

static void refs_text(struct ctx *c, const agg_figure *f, buf *out)
{
    size_t shown = f->nrefs < 4 ? f->nrefs : 4;
    for (size_t i = 0; i < shown; i++)
        buf_printf(out, "%s%s:%lu", i ? ", " : "", file_name(c, f->refs[i].file),
                   f->refs[i].line);
    if (f->nrefs > shown)
        buf_printf(out, " và %zu tệp khác", f->nrefs - shown);
}

static void unit_figures(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    static const struct column cols[] = {
        {"STT", 12, 0, DOC_ALIGN_CENTER, 0},
        {"Đơn vị báo cáo", 70, 0, DOC_ALIGN_LEFT, 0},
        {"Kỳ báo cáo", 30, 0, DOC_ALIGN_RIGHT, 1},
        {"Lũy kế từ đầu Kế hoạch", 30, 0, DOC_ALIGN_RIGHT, 1},
        {"Cách tính", 32, 0, DOC_ALIGN_CENTER, 0},
        {"Nguồn (tệp:dòng)", 70, 0, DOC_ALIGN_LEFT, 0},
    };
    doc_table *t = new_table(c, blk, 10.5, cols, sizeof cols / sizeof *cols);
    static const char *const rule_vn[] = {"", "Số báo cáo", "Cộng các kỳ", "Số mới nhất"};
    size_t no = 0;
    for (size_t m = 0; m < r->nmeasures; m++) {
        const plan_measure *pm = &p->measures[m];
        if (pm->kind == MEASURE_ITEMS)
            continue;
        const agg_measure *am = &r->measures[m], *cm = &r->cumulative[m];
        buf g;
        buf_init(&g, 0);
        buf_printf(&g, "%s (%s)", pm->name, pm->uom);
        char *s = clean(c, g.data, p->path, pm->line);
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell_ex(t, s, DOC_FACE_BOLD, DOC_ALIGN_LEFT, 6);
        free(s);
        buf_release(&g);
        /* every unit with a figure in the period or earlier in the plan */
        for (size_t u = 0; u < p->nunits; u++) {
            const agg_unit_figure *f = agg_measure_unit(am, (int)u), *cf = agg_measure_unit(cm, (int)u);
            if (!f && !cf)
                continue;
            char v[48], cv[48], num[24];
            snprintf(num, sizeof num, "%zu", ++no);
            buf src;
            buf_init(&src, 0);
            if (f)
                refs_text(c, &f->fig, &src);
            char *name = clean(c, p->units[u].name, p->path, p->units[u].line);
            doc_table_add_row(t, DOC_ROW_BODY);
            doc_table_add_cell(t, num);
            doc_table_add_cell(t, name);
            doc_table_add_cell(t, fmt_fig(f ? &f->fig : NULL, v, sizeof v));
            doc_table_add_cell(t, fmt_fig(cf ? &cf->fig : NULL, cv, sizeof cv));
            buf rule;
            buf_init(&rule, 0);
            if (f && f->fig.overflow)
                buf_puts(&rule, OVERFLOW_VN);
            else if (f && !f->counted)
                buf_puts(&rule, f->assigned ? "Không cộng: đơn vị kế thừa đã báo cáo"
                                            : "Không cộng: không thuộc nhiệm vụ của đơn vị");
            else if (f) {
                buf_puts(&rule, rule_vn[f->fig.rule]);
                if (f->fig.partial)
                    buf_puts(&rule, " (thiếu kỳ)");
            }
            if (cf && cf->fig.overflow && !(f && f->fig.overflow))
                buf_printf(&rule, "%sLũy kế: %s", rule.len ? "; " : "", OVERFLOW_VN);
            if ((f && f->counted && f->in_successor) || (cf && cf->in_successor))
                buf_puts(&rule, rule.len ? "; phần trùng kỳ đã gồm trong số của đơn vị kế thừa"
                                         : "Phần trùng kỳ đã gồm trong số của đơn vị kế thừa");
            doc_table_add_cell(t, rule.data);
            doc_table_add_cell(t, src.data);
            buf_release(&rule);
            buf_release(&src);
            free(name);
        }
        char v[48], cv[48];
        doc_table_add_row(t, DOC_ROW_TOTAL);
        doc_table_add_cell(t, "");
        doc_table_add_cell(t, "Toàn tỉnh");
        doc_table_add_cell(t, fmt_fig(&am->total, v, sizeof v));
        doc_table_add_cell(t, fmt_fig(&cm->total, cv, sizeof cv));
        doc_table_add_cell(t, pm->kind == MEASURE_STOCK ? "Số mới nhất của mỗi đơn vị"
                                                          : "Cộng các đơn vị");
        doc_table_add_cell(t, am->total.overflow || cm->total.overflow ? OVERFLOW_VN
                              : am->total.partial ? "Có đơn vị thiếu số liệu một số kỳ"
                                                  : "");
    }
}

static void items_table(struct ctx *c, const tpl_block *blk)
{
    const plan *p = c->in->p;
    const agg_report *r = c->in->r;
    static const struct column cols[] = {
        {"STT", 12, 0, DOC_ALIGN_CENTER, 0},
        {"Số văn bằng, quyết định", 38, 0, DOC_ALIGN_LEFT, 0},
        {"Tên", 70, 0, DOC_ALIGN_LEFT, 0},
        {"Ngày", 24, 0, DOC_ALIGN_CENTER, 0},
        {"Đơn vị báo cáo", 40, 0, DOC_ALIGN_LEFT, 0},
        {"Nguồn (tệp:dòng)", 60, 0, DOC_ALIGN_LEFT, 0},
    };
    doc_table *t = new_table(c, blk, 10.5, cols, sizeof cols / sizeof *cols);
    size_t no = 0;
    for (size_t m = 0; m < p->nmeasures; m++) {
        if (p->measures[m].kind != MEASURE_ITEMS)
            continue;
        size_t count = 0;
        for (size_t k = 0; k < r->nitems; k++)
            count += r->items[k].measure == (int)m;
        buf g;
        buf_init(&g, 0);
        buf_printf(&g, "%s: %zu", p->measures[m].name, count);
        char *s = clean(c, g.data, p->path, p->measures[m].line);
        doc_table_add_row(t, DOC_ROW_BODY);
        doc_table_add_cell_ex(t, s, DOC_FACE_BOLD, DOC_ALIGN_LEFT, 6);
        free(s);
        buf_release(&g);
        for (size_t k = 0; k < r->nitems; k++) {
            const agg_item *it = &r->items[k];
            if (it->measure != (int)m)
                continue;
            char num[24], date[16];
            snprintf(num, sizeof num, "%zu", ++no);
            const agg_item_report *first = &it->reports[0];
            const char *path = agg_file_path(c->in->a, (size_t)first->file);
            char *id = clean(c, it->id, path, first->line);
            char *name = clean(c, it->name, path, first->line);
            buf units, src;
            buf_init(&units, 0);
            buf_init(&src, 0);
            for (size_t i = 0; i < it->nreports; i++) {
                buf_printf(&units, "%s%s", i ? "; " : "", unit_short(c, it->reports[i].unit));
                buf_printf(&src, "%s%s:%lu", i ? "; " : "", file_name(c, it->reports[i].file),
                           it->reports[i].line);
            }
            if (it->nreports > 1)
                buf_printf(&units, " (báo cáo trùng %zu lần, tính 1)", it->nreports);
            doc_table_add_row(t, DOC_ROW_BODY);
            doc_table_add_cell(t, num);
            doc_table_add_cell(t, id);
            doc_table_add_cell(t, name);
            doc_table_add_cell(t, date_vn_short(it->date, date, sizeof date));
            doc_table_add_cell(t, units.data);
            doc_table_add_cell(t, src.data);
            buf_release(&units);
            buf_release(&src);
            free(id);
            free(name);
        }
    }
}

static void blocks(struct ctx *c, const tpl_section *s)
{
    for (size_t i = 0; i < s->nblocks; i++) {
        const tpl_block *b = &s->blocks[i];
        switch (b->kind) {
        case TPL_P: {
            char *t = expand(c, b->text, b->line);
            para(c, t);
            free(t);
            break;
        }
        case TPL_HEADING: {
            char *t = expand(c, b->text, b->line);
            heading(c, t, 2);
            free(t);
            break;
        }
        case TPL_INDICATOR_TABLE: indicator_table(c, b); break;
        case TPL_PROGRESS_CHART: progress_chart(c, b); break;
        case TPL_TREND_CHART: trend_chart(c, b); break;
        case TPL_TASK_TABLE: task_table(c, b); break;
        case TPL_COVERAGE_TABLE: coverage_table(c, b); break;
        case TPL_REMARKS: remarks(c, b); break;
        case TPL_GOALS: goals(c, b); break;
        case TPL_UNIT_FIGURES: unit_figures(c, b); break;
        case TPL_ITEMS: items_table(c, b); break;
        }
    }
}

static const char *roman(int n)
{
    static const char *const r[] = {"I",   "II",   "III", "IV", "V",    "VI",  "VII",
                                    "VIII", "IX",  "X",   "XI", "XII",  "XIII", "XIV",
                                    "XV",  "XVI",  "XVII", "XVIII", "XIX", "XX"};
    return n >= 1 && n <= 20 ? r[n - 1] : "?";
}

static void appendix(struct ctx *c, const tpl_section *s)
{
    doc_orient o = s->orientation == TPL_PORTRAIT    ? DOC_ORIENT_PORTRAIT
                   : s->orientation == TPL_LANDSCAPE ? DOC_ORIENT_LANDSCAPE
                                                     : DOC_ORIENT_AUTO;
    c->appendix_no++;
    char *title = expand(c, s->title, s->line);
    char head[32];
    snprintf(head, sizeof head, "Phụ lục %s", roman(c->appendix_no));
    buf bm;
    buf_init(&bm, 0);
    buf_printf(&bm, "%s. %s", head, title);
    doc_add_section(c->d, o);
    doc_add_bookmark(c->d, 1, bm.data);
    doc_para_style st = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    doc_add_para(c->d, head, &st);
    st.space_before_pt = 3;
    doc_add_para(c->d, title, &st);
    if (s->attached) {
        char *att = expand(c, s->attached, s->line);
        doc_para_style it = doc_style(DOC_FACE_ITALIC, 13, DOC_ALIGN_CENTER);
        it.space_after_pt = 6;
        doc_add_para(c->d, att, &it);
        free(att);
    }
    blocks(c, s);
    buf_release(&bm);
    free(title);
}

doc *report_compose(const report_input *in, report_meta *meta,
                    void (*emit)(void *ctx, diag_list *d), void *emit_ctx)
{
    const tpl *t = in->t;
    struct ctx c = {in, doc_new(), emit, emit_ctx, {0}, 0, 0, NULL, NULL, {0}};
    buf_init(&c.own_lacked, 0);
    fill_vars(&c);

    char *parent = expand_upper(&c, t->parent, 0), *issuer = expand_upper(&c, t->issuer, 0);
    char *number = expand(&c, t->number, 0), *nation = expand(&c, t->nation, 0);
    char *motto = expand(&c, t->motto, 0), *place = expand(&c, t->place_date, 0);
    doc_header h = {parent, issuer, number, nation, motto, place};
    doc_add_header(c.d, &h);

    char *title = expand(&c, t->title, 0), *subject = expand(&c, t->subject, 0);
    doc_para_style st = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    st.space_before_pt = 18;
    doc_add_para(c.d, title, &st);
    st.space_before_pt = 0;
    st.left_indent_mm = 10;
    st.right_indent_mm = 10;
    doc_add_para(c.d, subject, &st);
    doc_add_rule(c.d, 40, DOC_ALIGN_CENTER, 0.5, 6, 6);
    if (in->r->sample) {
        char *s = expand(&c, t->sample_notice, 0);
        doc_para_style ns = doc_style(DOC_FACE_ITALIC, 13, DOC_ALIGN_CENTER);
        ns.space_after_pt = 6;
        doc_add_para(c.d, s, &ns);
        free(s);
    }

    for (size_t i = 0; i < t->nsections; i++) {
        const tpl_section *s = &t->sections[i];
        if (s->title) {
            char *ht = expand(&c, s->title, s->line);
            doc_add_bookmark(c.d, 1, ht);
            heading(&c, ht, 1);
            free(ht);
        }
        blocks(&c, s);
    }

    char **auth = xcalloc(t->nauthority ? t->nauthority : 1, sizeof *auth);
    for (size_t i = 0; i < t->nauthority; i++)
        auth[i] = expand(&c, t->authority[i], 0);
    char **rec = xcalloc(t->nrecipients ? t->nrecipients : 1, sizeof *rec);
    for (size_t i = 0; i < t->nrecipients; i++) {
        char *x = expand(&c, t->recipients[i], 0);
        buf b;
        buf_init(&b, 0);
        buf_printf(&b, "- %s", x);
        rec[i] = buf_detach(&b);
        free(x);
    }
    char *signer = expand(&c, t->signer, 0);
    doc_signature sig = {(const char *const *)auth, t->nauthority, signer, 0, "Nơi nhận:",
                         (const char *const *)rec, t->nrecipients};
    doc_add_signature(c.d, &sig);

    for (size_t i = 0; i < t->nappendices; i++)
        appendix(&c, &t->appendices[i]);

    if (meta) {
        buf b;
        buf_init(&b, 0);
        buf_printf(&b, "%s %s", title, subject);
        meta->title = buf_detach(&b);
        meta->author = xstrdup(issuer);
        meta->subject = xstrdup(subject);
        char per[16];
        buf_printf(&b, "%s; %s; %s", in->p->number, period_code(&in->r->per, per, sizeof per),
                   in->p->province);
        meta->keywords = buf_detach(&b);
    }

    for (size_t i = 0; i < t->nauthority; i++)
        free(auth[i]);
    for (size_t i = 0; i < t->nrecipients; i++)
        free(rec[i]);
    free(auth);
    free(rec);
    free(signer);
    free(parent);
    free(issuer);
    free(number);
    free(nation);
    free(motto);
    free(place);
    free(title);
    free(subject);
    if (in->fonts && !c.template_errors)
        doc_map_texts(c.d, own_words, &c);
    buf_release(&c.own_lacked);
    for (int v = 0; v < TPL_VAR__COUNT; v++)
        free(c.vars[v]);
    if (c.unit_names) {
        for (size_t u = 0; u < in->p->nunits; u++)
            free(c.unit_names[u]);
        free(c.unit_names);
    }
    if (c.file_names) {
        for (size_t i = 0; i < agg_ncounted(in->a); i++)
            free(c.file_names[i]);
        free(c.file_names);
    }
    if (c.template_errors) {
        doc_free(c.d);
        if (meta)
            report_meta_release(meta);
        return NULL;
    }
    return c.d;
}

void report_meta_release(report_meta *m)
{
    free(m->title);
    free(m->author);
    free(m->subject);
    free(m->keywords);
    memset(m, 0, sizeof *m);
}
