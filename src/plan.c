/*
 * plan: the plan model, built from its XML tree and checked (see plan.h).
 *
 * The schema has already checked the shape and the types, but a plan that
 * failed the schema still comes here so that all of its problems are listed
 * at once; every lookup below therefore tolerates missing attributes.
 * Codes are resolved to indexes once, so later stages never compare strings.
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static const char *const unit_kinds[] = {"department", "district", "commune", "other"};
static const char *const measure_kinds[] = {"amount", "stock", "items"};
static const char *const computes[] = {"sum", "ratio", "multiple", "growth", "count"};
static const char *const cmps[] = {"ge", "gt", "le", "lt", "eq"};

const char *plan_unit_kind_name(enum unit_kind k) { return unit_kinds[k]; }
const char *plan_measure_kind_name(enum measure_kind k) { return measure_kinds[k]; }
const char *plan_compute_name(enum ind_compute c) { return computes[c]; }
const char *plan_cmp_name(enum ind_cmp c) { return cmps[c]; }

static int lookup_word(const char *s, const char *const *words, int n, int dflt)
{
    if (!s)
        return dflt;
    for (int i = 0; i < n; i++)
        if (strcmp(s, words[i]) == 0)
            return i;
    return dflt;
}

static char *attr_dup(const xml_node *n, const char *name)
{
    const char *v = xml_attr_get(n, name);
    return xstrdup(v ? v : "");
}

static char *child_text(const xml_node *n, const char *name)
{
    const xml_node *c = xml_child(n, name);
    return xstrdup(c ? c->text : "");
}

static int attr_int(const xml_node *n, const char *name, int dflt)
{
    const char *v = xml_attr_get(n, name);
    if (!v || !*v)
        return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return *end || x < -1000000 || x > 1000000 ? dflt : (int)x;
}

static size_t count_children(const xml_node *n, const char *name)
{
    size_t k = 0;
    if (n)
        for (const xml_node *c = n->first; c; c = c->next)
            if (strcmp(c->name, name) == 0)
                k++;
    return k;
}

/* ---- code lookup through a sorted index ---- */

struct order_ctx {
    const void *base;
    size_t size; /* element size; the code is the first member */
};

static const char *code_at(const void *base, size_t size, int i)
{
    return *(char *const *)((const char *)base + size * (size_t)i);
}

static _Thread_local struct order_ctx sort_ctx;

static int by_code(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    int c = strcmp(code_at(sort_ctx.base, sort_ctx.size, x),
                   code_at(sort_ctx.base, sort_ctx.size, y));
    return c ? c : (x > y) - (x < y);
}

/* Builds the index and reports duplicates (what: "unit", "measure"...). */
static int *build_order(const void *base, size_t size, size_t n, const char *what,
                        const unsigned long *lines, diag_list *d)
{
    int *order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = (int)i;
    sort_ctx = (struct order_ctx){base, size};
    qsort(order, n, sizeof *order, by_code);
    for (size_t i = 1; i < n; i++) {
        const char *a = code_at(base, size, order[i - 1]);
        const char *b = code_at(base, size, order[i]);
        if (strcmp(a, b) == 0)
            diag_add(d, lines ? lines[order[i]] : 0, DIAG_PLAN_DUPLICATE, what, b);
    }
    return order;
}

static int find(const void *base, size_t size, const int *order, size_t n, const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(code_at(base, size, order[mid]), code);
        if (c == 0)
            return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int plan_unit_find(const plan *p, const char *code)
{
    return find(p->units, sizeof *p->units, p->unit_order, p->nunits, code);
}

int plan_measure_find(const plan *p, const char *code)
{
    return find(p->measures, sizeof *p->measures, p->measure_order, p->nmeasures, code);
}

int plan_task_find(const plan *p, const char *code)
{
    return find(p->tasks, sizeof *p->tasks, p->task_order, p->ntasks, code);
}

/* Resolves a space-separated list of codes; unknown ones are diagnostics. */
static int *resolve_list(const plan *p, const char *list, int measures, size_t *count,
                         unsigned long line, diag_list *d)
{
    size_t cap = 4, n = 0;
    int *v = xmalloc(cap * sizeof *v);
    const char *s = list ? list : "";
    while (*s) {
        while (*s == ' ')
            s++;
        size_t len = strcspn(s, " ");
        if (!len)
            break;
        char *code = xstrndup(s, len);
        int idx = measures ? plan_measure_find(p, code) : plan_unit_find(p, code);
        if (idx < 0) {
            diag_add(d, line, DIAG_PLAN_UNKNOWN_REF, measures ? "measure" : "unit", code);
        } else {
            if (n == cap)
                v = xreallocarray(v, cap *= 2, sizeof *v);
            v[n++] = idx;
        }
        free(code);
        s += len;
    }
    *count = n;
    return v;
}

/* ---- reading ---- */

static void read_identity(plan *p, const xml_node *root, diag_list *d)
{
    const xml_node *id = xml_child(root, "identity");
    if (!id) {
        p->number = xstrdup("");
        p->issuer = xstrdup("");
        p->province = xstrdup("");
        p->signer = xstrdup("");
        p->title = xstrdup("");
        return;
    }
    p->number = attr_dup(id, "number");
    p->issuer = child_text(id, "issuer");
    p->province = child_text(id, "province");
    p->signer = child_text(id, "signer");
    p->title = child_text(id, "title");
    const char *date = xml_attr_get(id, "date");
    if (date && date_parse(date, &p->date) < 0)
        diag_add(d, id->line, DIAG_PLAN_BAD_DATES, "the plan's date is not a date (YYYY-MM-DD)");
    p->from_year = attr_int(id, "from-year", 0);
    p->to_year = attr_int(id, "to-year", 0);
    if (p->from_year < 1900 || p->to_year < p->from_year || p->to_year > 2999)
        diag_add(d, id->line, DIAG_PLAN_BAD_DATES,
                 "from-year and to-year must be years with from-year <= to-year");
}

static void read_calendar(plan *p, const xml_node *root, diag_list *d)
{
    for (int k = 0; k < PERIOD_RANGE; k++)
        p->due_days[k] = -1;
    const xml_node *cal = xml_child(root, "calendar");
    p->cutoff_day = cal ? attr_int(cal, "cutoff-day", 14) : 14;
    if (p->cutoff_day < 1 || p->cutoff_day > 27) {
        diag_add(d, cal ? cal->line : 0, DIAG_PLAN_BAD_DATES, "cutoff-day must be 1 to 27");
        diag_drop(d, cal ? cal->line : 0, DIAG_SCHEMA, "'cutoff-day'");
        p->cutoff_day = 14;
    }
    if (!cal)
        return;
    for (const xml_node *r = xml_child(cal, "report"); r; r = xml_next_same(r)) {
        const char *kind = xml_attr_get(r, "period");
        for (int k = 0; k < PERIOD_RANGE; k++)
            if (kind && strcmp(kind, period_kind_name((enum period_kind)k)) == 0)
                p->due_days[k] = attr_int(r, "due-days", 0);
    }
}

static void read_units(plan *p, const xml_node *root, diag_list *d)
{
    const xml_node *units = xml_child(root, "units");
    p->nunits = count_children(units, "unit");
    p->units = xcalloc(p->nunits ? p->nunits : 1, sizeof *p->units);
    unsigned long *lines = xcalloc(p->nunits ? p->nunits : 1, sizeof *lines);
    size_t i = 0;
    for (const xml_node *u = units ? xml_child(units, "unit") : NULL; u; u = xml_next_same(u)) {
        plan_unit *x = &p->units[i];
        x->code = attr_dup(u, "code");
        x->name = child_text(u, "name");
        x->short_name = child_text(u, "short");
        x->kind = (enum unit_kind)lookup_word(xml_attr_get(u, "kind"), unit_kinds, 4, UNIT_OTHER);
        x->line = lines[i] = u->line;
        x->successor = -1;
        x->from = INT32_MIN;
        x->to = PLAN_DATE_OPEN;
        const char *from = xml_attr_get(u, "from"), *to = xml_attr_get(u, "to");
        if ((from && date_parse(from, &x->from) < 0) || (to && date_parse(to, &x->to) < 0))
            diag_add(d, u->line, DIAG_PLAN_BAD_DATES, "a unit's from or to is not a date (YYYY-MM-DD)");
        else if (x->to < x->from)
            diag_add(d, u->line, DIAG_PLAN_BAD_DATES, "the unit ends before it begins");
        i++;
    }
    p->unit_order = build_order(p->units, sizeof *p->units, p->nunits, "unit", lines, d);
    free(lines);
    /* successors, once every code is known */
    i = 0;
    for (const xml_node *u = units ? xml_child(units, "unit") : NULL; u; u = xml_next_same(u)) {
        const char *s = xml_attr_get(u, "successor");
        if (s) {
            int idx = plan_unit_find(p, s);
            if (idx < 0)
                diag_add(d, u->line, DIAG_PLAN_UNKNOWN_REF, "successor unit", s);
            else if (p->units[i].to == PLAN_DATE_OPEN)
                diag_add(d, u->line, DIAG_PLAN_BAD_DATES,
                         "a unit with a successor needs an end date (to)");
            else
                p->units[i].successor = idx;
        }
        i++;
    }
    /* a chain of successors must end */
    for (size_t k = 0; k < p->nunits; k++) {
        int at = (int)k;
        for (size_t steps = 0; at >= 0; steps++) {
            if (steps > p->nunits) {
                diag_add(d, p->units[k].line, DIAG_PLAN_SUCCESSOR_LOOP, p->units[k].code);
                p->units[k].successor = -1;
                break;
            }
            at = p->units[at].successor;
        }
    }
}

static void read_measures(plan *p, const xml_node *root, diag_list *d)
{
    const xml_node *ms = xml_child(root, "measures");
    p->nmeasures = count_children(ms, "measure");
    p->measures = xcalloc(p->nmeasures ? p->nmeasures : 1, sizeof *p->measures);
    unsigned long *lines = xcalloc(p->nmeasures ? p->nmeasures : 1, sizeof *lines);
    size_t i = 0;
    for (const xml_node *m = ms ? xml_child(ms, "measure") : NULL; m; m = xml_next_same(m)) {
        plan_measure *x = &p->measures[i];
        x->code = attr_dup(m, "code");
        x->name = child_text(m, "name");
        x->uom = attr_dup(m, "uom");
        x->kind = (enum measure_kind)lookup_word(xml_attr_get(m, "kind"), measure_kinds, 3,
                                                 MEASURE_AMOUNT);
        const char *sg = xml_attr_get(m, "signed");
        x->is_signed = sg && (strcmp(sg, "true") == 0 || strcmp(sg, "1") == 0);
        const char *wh = xml_attr_get(m, "whole");
        x->is_whole = wh && (strcmp(wh, "true") == 0 || strcmp(wh, "1") == 0);
        x->reporters = resolve_list(p, xml_attr_get(m, "reporters"), 0, &x->nreporters,
                                    m->line, d);
        x->line = lines[i] = m->line;
        i++;
    }
    p->measure_order =
        build_order(p->measures, sizeof *p->measures, p->nmeasures, "measure", lines, d);
    free(lines);
}

static void read_goals(plan *p, const xml_node *root)
{
    const xml_node *gs = xml_child(root, "goals");
    p->ngoals = count_children(gs, "goal");
    p->goals = xcalloc(p->ngoals ? p->ngoals : 1, sizeof *p->goals);
    size_t i = 0;
    for (const xml_node *g = gs ? xml_child(gs, "goal") : NULL; g; g = xml_next_same(g), i++) {
        p->goals[i].section = attr_dup(g, "section");
        p->goals[i].text = xstrdup(g->text);
    }
}

static void check_indicator(const plan *p, const plan_indicator *x, diag_list *d)
{
    const char *why = NULL;
    int items = 0, others = 0;
    for (size_t k = 0; k < x->nnum; k++) {
        if (p->measures[x->num[k]].kind == MEASURE_ITEMS)
            items++;
        else
            others++;
    }
    for (size_t k = 0; k < x->nden; k++)
        if (p->measures[x->den[k]].kind == MEASURE_ITEMS)
            why = "a denominator cannot be an items measure; items are counted with compute=\"count\"";
    if (x->compute == IND_COUNT && others)
        why = "compute=\"count\" counts items: its numerator must name only items measures";
    else if (x->compute != IND_COUNT && items)
        why = "items measures can only be counted: use compute=\"count\"";
    else if (x->compute == IND_RATIO && x->nden == 0)
        why = "compute=\"ratio\" needs a <denominator>";
    else if (x->compute != IND_RATIO && x->nden > 0)
        why = "only compute=\"ratio\" takes a <denominator>";
    else if ((x->compute == IND_MULTIPLE || x->compute == IND_GROWTH) && !x->has_baseline)
        why = "compute=\"multiple\" and \"growth\" need a <baseline>";
    else if ((x->compute == IND_MULTIPLE || x->compute == IND_GROWTH) &&
             x->baseline_year >= x->target_year)
        why = "the baseline year of a multiple or growth target must come before its target-year";
    else if (x->has_baseline && x->baseline_known == 0 && x->baseline_source[0] == '\0')
        why = "a baseline that is not provided must say why in source";
    else if (x->target_year < p->from_year || x->target_year > p->to_year)
        why = "target-year lies outside the plan's years";
    if (why)
        diag_add(d, x->line, DIAG_PLAN_BAD_INDICATOR, x->code, why);
}

/*
 * Which targets mean something, by computation:
 *   sum, ratio, multiple  above zero (a total, a share or a multiple of at
 *                         most zero is met by doing nothing, or never);
 *   count                 a whole number above zero (items are counted);
 *   growth                above -100 (a yearly rate cannot fall further);
 *                         below zero (a fall of so much a year) only with
 *                         le or lt: "fall by at least that much"; with ge,
 *                         gt or eq a negative rate is not a target but a
 *                         tolerance, and its percent of target is
 *                         meaningless.
 */
static void check_target(const plan_indicator *x, diag_list *d)
{
    char why[128];
    why[0] = '\0';
    switch (x->compute) {
    case IND_SUM:
    case IND_RATIO:
    case IND_MULTIPLE:
        if (x->target <= 0)
            snprintf(why, sizeof why, "the target of compute=\"%s\" must be above zero",
                     computes[x->compute]);
        break;
    case IND_COUNT:
        if (x->target <= 0 || x->target % NUM_SCALE != 0)
            snprintf(why, sizeof why,
                     "the target of compute=\"count\" must be a whole number above zero");
        break;
    case IND_GROWTH:
        if (x->target <= -100 * NUM_SCALE)
            snprintf(why, sizeof why, "a growth target must be above -100 (%% a year)");
        else if (x->target < 0 && x->cmp != CMP_LE && x->cmp != CMP_LT)
            snprintf(why, sizeof why,
                     "a negative growth target (a fall) needs comparator=\"le\" or \"lt\"");
        break;
    }
    if (why[0])
        diag_add(d, x->line, DIAG_PLAN_BAD_INDICATOR, x->code, why);
}

static void read_indicators(plan *p, const xml_node *root, diag_list *d)
{
    const xml_node *is = xml_child(root, "indicators");
    p->nindicators = count_children(is, "indicator");
    p->indicators = xcalloc(p->nindicators ? p->nindicators : 1, sizeof *p->indicators);
    size_t i = 0;
    for (const xml_node *n = is ? xml_child(is, "indicator") : NULL; n; n = xml_next_same(n)) {
        plan_indicator *x = &p->indicators[i++];
        x->code = attr_dup(n, "code");
        x->section = attr_dup(n, "section");
        x->name = child_text(n, "name");
        x->uom = attr_dup(n, "uom");
        x->line = n->line;
        x->compute = (enum ind_compute)lookup_word(xml_attr_get(n, "compute"), computes, 5, IND_SUM);
        x->cmp = (enum ind_cmp)lookup_word(xml_attr_get(n, "comparator"), cmps, 5, CMP_GE);
        const char *t = xml_attr_get(n, "target");
        int target_ok = t && num_parse(t, &x->target, NULL, 0) == NUM_OK;
        if (!target_ok)
            diag_add(d, n->line, DIAG_PLAN_BAD_INDICATOR, x->code, "target is not a number");
        x->target_year = attr_int(n, "target-year", 0);
        const xml_node *num = xml_child(n, "numerator"), *den = xml_child(n, "denominator");
        x->num = resolve_list(p, num ? xml_attr_get(num, "measures") : NULL, 1, &x->nnum,
                              num ? num->line : n->line, d);
        x->den = resolve_list(p, den ? xml_attr_get(den, "measures") : NULL, 1, &x->nden,
                              den ? den->line : n->line, d);
        const xml_node *b = xml_child(n, "baseline");
        x->baseline_source = xstrdup("");
        if (b) {
            x->has_baseline = 1;
            x->baseline_year = attr_int(b, "year", 0);
            free(x->baseline_source);
            x->baseline_source = attr_dup(b, "source");
            const char *prov = xml_attr_get(b, "provided");
            int provided = !prov || strcmp(prov, "true") == 0 || strcmp(prov, "1") == 0;
            const char *v = xml_attr_get(b, "value");
            const xml_node *sample = xml_child(b, "sample");
            if (provided && v) {
                x->baseline_known = num_parse(v, &x->baseline_value, NULL, 0) == NUM_OK;
            } else if (provided) {
                diag_add(d, b->line, DIAG_PLAN_BAD_INDICATOR, x->code,
                         "a baseline needs a value, or provided=\"false\"");
            } else if (v) {
                diag_add(d, b->line, DIAG_PLAN_BAD_INDICATOR, x->code,
                         "a baseline with provided=\"false\" cannot have a value; put sample figures in <sample>");
            }
            if (sample && provided) {
                diag_add(d, sample->line, DIAG_PLAN_BAD_INDICATOR, x->code,
                         "<sample> is only for a baseline the plan does not provide");
            } else if (sample) {
                const char *sv = xml_attr_get(sample, "value");
                x->baseline_known = sv && num_parse(sv, &x->baseline_value, NULL, 0) == NUM_OK;
                x->baseline_is_sample = 1;
                x->baseline_note = attr_dup(sample, "note");
            }
        }
        check_indicator(p, x, d);
        if (target_ok)
            check_target(x, d);
    }
    unsigned long *lines = xcalloc(p->nindicators ? p->nindicators : 1, sizeof *lines);
    for (size_t k = 0; k < p->nindicators; k++)
        lines[k] = p->indicators[k].line;
    free(build_order(p->indicators, sizeof *p->indicators, p->nindicators, "indicator", lines, d));
    free(lines);
}

static void read_tasks(plan *p, const xml_node *root, diag_list *d)
{
    const xml_node *ts = xml_child(root, "tasks");
    p->ngroups = count_children(ts, "group");
    p->groups = xcalloc(p->ngroups ? p->ngroups : 1, sizeof *p->groups);
    size_t ntasks = 0, g = 0;
    for (const xml_node *n = ts ? xml_child(ts, "group") : NULL; n; n = xml_next_same(n))
        ntasks += count_children(n, "task");
    p->tasks = xcalloc(ntasks ? ntasks : 1, sizeof *p->tasks);
    unsigned long *lines = xcalloc(ntasks ? ntasks : 1, sizeof *lines);
    for (const xml_node *n = ts ? xml_child(ts, "group") : NULL; n; n = xml_next_same(n), g++) {
        p->groups[g].code = attr_dup(n, "code");
        p->groups[g].title = attr_dup(n, "title");
        for (const xml_node *t = xml_child(n, "task"); t; t = xml_next_same(t)) {
            plan_task *x = &p->tasks[p->ntasks];
            x->code = attr_dup(t, "code");
            x->text = child_text(t, "text");
            x->group = (int)g;
            x->line = lines[p->ntasks] = t->line;
            const char *lead = xml_attr_get(t, "lead");
            x->lead = lead ? plan_unit_find(p, lead) : -1;
            if (lead && x->lead < 0)
                diag_add(d, t->line, DIAG_PLAN_UNKNOWN_REF, "lead unit", lead);
            x->support = resolve_list(p, xml_attr_get(t, "support"), 0, &x->nsupport, t->line, d);
            p->ntasks++;
        }
    }
    p->task_order = build_order(p->tasks, sizeof *p->tasks, p->ntasks, "task", lines, d);
    free(lines);
}

/* The derived lookups of plan.h: predecessors and named duties. */
static void index_duties(plan *p)
{
    size_t n = p->nunits ? p->nunits : 1;
    p->pred_first = xmalloc(n * sizeof *p->pred_first);
    p->pred_next = xmalloc(n * sizeof *p->pred_next);
    for (size_t u = 0; u < p->nunits; u++)
        p->pred_first[u] = p->pred_next[u] = -1;
    for (size_t u = p->nunits; u-- > 0;) {
        int s = p->units[u].successor;
        if (s >= 0) {
            p->pred_next[u] = p->pred_first[s];
            p->pred_first[s] = (int)u;
        }
    }
    p->named_stride = (p->nmeasures + p->ntasks + 7) / 8;
    p->named = xcalloc(n * (p->named_stride ? p->named_stride : 1), 1);
    for (size_t m = 0; m < p->nmeasures; m++)
        for (size_t k = 0; k < p->measures[m].nreporters; k++)
            p->named[(size_t)p->measures[m].reporters[k] * p->named_stride + m / 8] |=
                (unsigned char)(1u << (m % 8));
    for (size_t t = 0; t < p->ntasks; t++) {
        size_t bit = p->nmeasures + t;
        for (size_t k = 0; k < p->tasks[t].nsupport; k++)
            p->named[(size_t)p->tasks[t].support[k] * p->named_stride + bit / 8] |=
                (unsigned char)(1u << (bit % 8));
    }
}

plan *plan_from_xml(const xml_node *root, const char *path, diag_list *d)
{
    size_t errors = d->errors;
    plan *p = xcalloc(1, sizeof *p);
    p->path = xstrdup(path);
    read_identity(p, root, d);
    read_calendar(p, root, d);
    read_units(p, root, d);
    read_measures(p, root, d);
    read_goals(p, root);
    read_indicators(p, root, d);
    read_tasks(p, root, d);
    diag_apply_drops(d);
    if (d->errors > errors) {
        plan_free(p);
        return NULL;
    }
    index_duties(p);
    return p;
}

plan *plan_load(const char *path, const xml_schema *schema, const xml_limits *lim,
                diag_list *d, int *io_error)
{
    enum xml_status st;
    xml_doc *doc = xml_read_file(path, "plan", schema, lim, d, &st);
    *io_error = st == XML_IO_ERROR;
    if (!doc)
        return NULL;
    plan *p = plan_from_xml(xml_root(doc), path, d);
    xml_doc_free(doc);
    if (p && st != XML_OK) {
        plan_free(p);
        return NULL;
    }
    return p;
}

void plan_free(plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nunits; i++) {
        free(p->units[i].code);
        free(p->units[i].name);
        free(p->units[i].short_name);
    }
    for (size_t i = 0; i < p->nmeasures; i++) {
        free(p->measures[i].code);
        free(p->measures[i].name);
        free(p->measures[i].uom);
        free(p->measures[i].reporters);
    }
    for (size_t i = 0; i < p->nindicators; i++) {
        plan_indicator *x = &p->indicators[i];
        free(x->code);
        free(x->section);
        free(x->name);
        free(x->uom);
        free(x->num);
        free(x->den);
        free(x->baseline_source);
        free(x->baseline_note);
    }
    for (size_t i = 0; i < p->ngoals; i++) {
        free(p->goals[i].section);
        free(p->goals[i].text);
    }
    for (size_t i = 0; i < p->ngroups; i++) {
        free(p->groups[i].code);
        free(p->groups[i].title);
    }
    for (size_t i = 0; i < p->ntasks; i++) {
        free(p->tasks[i].code);
        free(p->tasks[i].text);
        free(p->tasks[i].support);
    }
    free(p->units);
    free(p->measures);
    free(p->indicators);
    free(p->goals);
    free(p->groups);
    free(p->tasks);
    free(p->unit_order);
    free(p->pred_first);
    free(p->pred_next);
    free(p->named);
    free(p->measure_order);
    free(p->task_order);
    free(p->path);
    free(p->number);
    free(p->issuer);
    free(p->province);
    free(p->signer);
    free(p->title);
    free(p);
}

/* ---- questions about units ---- */

period plan_period(const plan *p)
{
    return (period){PERIOD_RANGE, p->from_year * 4, p->to_year * 4 + 3};
}

date_t plan_deadline(const plan *p, const period *per, int *has_deadline)
{
    date_t from, to;
    period_window(per, p->cutoff_day, &from, &to);
    int days = per->kind < PERIOD_RANGE ? p->due_days[per->kind] : -1;
    if (has_deadline)
        *has_deadline = days >= 0;
    return to + (days > 0 ? days : 0);
}

int plan_unit_exists_during(const plan *p, int unit, date_t from, date_t to)
{
    const plan_unit *u = &p->units[unit];
    return u->from <= to && u->to >= from;
}

int plan_unit_exists_on(const plan *p, int unit, date_t t)
{
    return plan_unit_exists_during(p, unit, t, t);
}

int plan_holder(const plan *p, int unit, date_t t)
{
    int u = unit;
    for (size_t steps = 0; u >= 0 && steps <= p->nunits; steps++) {
        if (t <= p->units[u].to)
            return t >= p->units[u].from ? u : -1;
        u = p->units[u].successor;
    }
    return -1;
}

/* Whether a unit the plan names for duty k, v or one v succeeded at any
 * depth, is held by `unit` on day t: a named unit's duty is its holder's
 * (plan_holder), and only v and its predecessors can have `unit` as holder
 * when v is `unit`. Depth is bounded: successor chains end (read_units). */
static int named_held(const plan *p, int v, int unit, size_t k, date_t t)
{
    if ((p->named[(size_t)v * p->named_stride + k / 8] >> (k % 8) & 1) &&
        plan_holder(p, v, t) == unit)
        return 1;
    for (int w = p->pred_first[v]; w >= 0; w = p->pred_next[w])
        if (named_held(p, w, unit, k, t))
            return 1;
    return 0;
}

int plan_unit_reports(const plan *p, int unit, int m, date_t t)
{
    return unit >= 0 && named_held(p, unit, unit, (size_t)m, t);
}

enum task_role plan_task_role(const plan *p, int unit, int task, date_t t)
{
    const plan_task *x = &p->tasks[task];
    if (x->lead >= 0 && plan_holder(p, x->lead, t) == unit)
        return ROLE_LEAD;
    if (unit >= 0 && named_held(p, unit, unit, p->nmeasures + (size_t)task, t))
        return ROLE_SUPPORT;
    return ROLE_NONE;
}

int plan_unit_has_duties(const plan *p, int unit, date_t t)
{
    for (size_t m = 0; m < p->nmeasures; m++)
        if (plan_unit_reports(p, unit, (int)m, t))
            return 1;
    for (size_t k = 0; k < p->ntasks; k++)
        if (plan_task_role(p, unit, (int)k, t) != ROLE_NONE)
            return 1;
    return 0;
}

int plan_unit_expected(const plan *p, int unit, const period *per)
{
    date_t from, to;
    period_window(per, p->cutoff_day, &from, &to);
    return plan_unit_exists_on(p, unit, to) && plan_unit_has_duties(p, unit, to);
}
