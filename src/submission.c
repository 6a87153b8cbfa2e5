/*
 * submission: the second layer of checks, a submission against its plan
 * (see submission.h).
 *
 * When this layer has something more specific to say about a value or an
 * attribute that the schema also rejected (a number written "1.234,5", a
 * period "2025-Q5"), it says it and drops the schema's generic message for
 * the same place, so that each problem is reported once, in the terms of
 * the person who must fix it.
 */
#include "submission.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

static const char *const statuses[] = {"not-started", "in-progress", "done", "stopped"};

const char *submission_status_name(enum task_status s)
{
    return statuses[s];
}

static char *dup_or_null(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

static char *dup_or_empty(const char *s)
{
    return xstrdup(s ? s : "");
}

/* FNV-1a, fed with every field that makes up the content. */
static void hash_str(uint64_t *h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        *h ^= *p;
        *h *= UINT64_C(1099511628211);
    }
    *h ^= 0xff;
    *h *= UINT64_C(1099511628211);
}

/* v's eight bytes, low first, then a separator as hash_str ends with. */
static void hash_int(uint64_t *h, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < 8; i++, u >>= 8) {
        *h ^= u & 0xff;
        *h *= UINT64_C(1099511628211);
    }
    *h ^= 0xff;
    *h *= UINT64_C(1099511628211);
}

static char *line_str(unsigned long line, char *out, size_t n)
{
    snprintf(out, n, "%lu", line);
    return out;
}

struct checker {
    const plan *p;
    submission *s;
    diag_list *d;
    date_t from, to;   /* the period's window */
    date_t duty_day;   /* the day the unit's duties are judged on */
    int period_ok;
    int unit_exists;   /* the unit exists on some day of the window */
};

/* A date attribute: YYYY-MM-DD; anything else (a time zone, a time) is an
 * error that replaces the schema's message. */
static int date_attr(struct checker *c, const xml_node *n, const char *name,
                     const char *quoted_name, date_t *out)
{
    const char *v = xml_attr_get(n, name);
    if (!v)
        return -1;
    if (date_parse(v, out) == 0)
        return 0;
    /* 31/12/2025, 31-12-2025, 31.12.2025, 5/9/2025: the way dates are written
     * by hand in Vietnam; the ISO form is suggested when it is a real date */
    int d, m, y, len = 0;
    char s1, s2, iso[16];
    date_t t;
    if (sscanf(v, "%2d%c%2d%c%4d%n", &d, &s1, &m, &s2, &y, &len) == 5 && v[len] == '\0' &&
        s1 == s2 && (s1 == '/' || s1 == '-' || s1 == '.') && y >= 1900 &&
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d) == 10 && date_parse(iso, &t) == 0)
        diag_add(c->d, n->line, DIAG_BAD_DATE_DMY, v, name, iso);
    else
        diag_add(c->d, n->line, DIAG_BAD_DATE, v, name);
    diag_drop(c->d, n->line, DIAG_SCHEMA, quoted_name);
    return -1;
}

/* The unit whose code, name or short name is s, in any case ("Sở Tài chính",
 * "stc"), or -1: what a unit writes when it does not know its code. */
static int unit_by_name(const plan *p, const char *s)
{
    char *want = text_upper(s);
    int found = -1;
    for (size_t u = 0; u < p->nunits && found < 0; u++) {
        const char *names[3] = {p->units[u].code, p->units[u].name, p->units[u].short_name};
        for (int k = 0; k < 3 && found < 0; k++) {
            if (!names[k])
                continue;
            char *have = text_upper(names[k]);
            if (strcmp(have, want) == 0)
                found = (int)u;
            free(have);
        }
    }
    free(want);
    return found;
}

static void check_header(struct checker *c, const xml_node *root)
{
    const plan *p = c->p;
    submission *s = c->s;
    const char *planno = xml_attr_get(root, "plan");
    if (planno && strcmp(planno, p->number) != 0)
        diag_add(c->d, root->line, DIAG_SUB_PLAN, planno, p->number);

    const char *per = xml_attr_get(root, "period");
    if (per) {
        if (period_parse(per, &s->per) < 0 || s->per.kind == PERIOD_RANGE) {
            diag_add(c->d, root->line, DIAG_SUB_PERIOD, per);
            diag_drop(c->d, root->line, DIAG_SCHEMA, "'period'");
        } else {
            period whole = plan_period(p);
            char code[16], range[16];
            if (!period_within(&s->per, &whole))
                diag_add(c->d, root->line, DIAG_SUB_PERIOD_OUTSIDE,
                         period_code(&s->per, code, sizeof code),
                         period_code(&whole, range, sizeof range));
            else
                c->period_ok = 1;
            period_window(&s->per, p->cutoff_day, &c->from, &c->to);
        }
    }

    const char *unit = xml_attr_get(root, "unit");
    s->unit = unit ? plan_unit_find(p, unit) : -1;
    if (unit && s->unit < 0) {
        int named = unit_by_name(p, unit);
        if (named >= 0)
            diag_add(c->d, root->line, DIAG_SUB_UNIT_NAME, unit, p->units[named].code);
        else
            diag_add(c->d, root->line, DIAG_SUB_UNIT, unit);
        diag_drop(c->d, root->line, DIAG_SCHEMA, "'unit'");
    } else if (s->unit >= 0 && c->period_ok) {
        const plan_unit *u = &p->units[s->unit];
        c->unit_exists = plan_unit_exists_during(p, s->unit, c->from, c->to);
        if (!c->unit_exists) {
            char code[16], a[16], b[16], life[48];
            date_dmy(u->from, a, sizeof a);
            if (u->to == PLAN_DATE_OPEN)
                snprintf(life, sizeof life, "from %s", a);
            else
                snprintf(life, sizeof life, "%s - %s", a, date_dmy(u->to, b, sizeof b));
            diag_add(c->d, root->line, DIAG_SUB_UNIT_INACTIVE, unit,
                     period_code(&s->per, code, sizeof code), life);
        }
        c->duty_day = c->to < u->to ? c->to : u->to;
    }

    const char *rev = xml_attr_get(root, "revision");
    if (rev) {
        char *end;
        errno = 0;
        long r = strtol(rev, &end, 10);
        if (errno || *end || end == rev || r < 1 || r > 999999) {
            diag_add(c->d, root->line, DIAG_BAD_REVISION, rev);
            diag_drop(c->d, root->line, DIAG_SCHEMA, "'revision'");
        } else {
            s->revision = (int)r;
        }
    }
    if (date_attr(c, root, "sent", "'sent'", &s->sent) == 0 && c->period_ok && s->sent < c->from) {
        char a[16], code[16];
        diag_add(c->d, root->line, DIAG_SUB_SENT_BEFORE, date_dmy(s->sent, a, sizeof a),
                 period_code(&s->per, code, sizeof code));
    }
    const char *sample = xml_attr_get(root, "sample");
    s->sample = sample && (strcmp(sample, "true") == 0 || strcmp(sample, "1") == 0);

    const xml_node *r = xml_child(root, "responsible");
    s->resp_name = dup_or_empty(r ? xml_attr_get(r, "name") : NULL);
    s->resp_title = dup_or_empty(r ? xml_attr_get(r, "title") : NULL);
    s->resp_phone = dup_or_empty(r ? xml_attr_get(r, "phone") : NULL);
    s->resp_email = dup_or_empty(r ? xml_attr_get(r, "email") : NULL);
}

/* Whether the unit can be asked about its duties: a known unit, existing in
 * a good period (otherwise unit-not-active has said what is wrong). */
static int duties_known(const struct checker *c)
{
    return c->s->unit >= 0 && c->period_ok && c->unit_exists;
}


static int measure_of(struct checker *c, const xml_node *n)
{
    const char *code = xml_attr_get(n, "measure");
    if (!code)
        return -1;
    int m = plan_measure_find(c->p, code);
    if (m < 0) {
        diag_add(c->d, n->line, DIAG_SUB_MEASURE, code);
        return -1;
    }
    if (duties_known(c) && !plan_unit_reports(c->p, c->s->unit, m, c->duty_day))
        diag_add(c->d, n->line, DIAG_SUB_MEASURE_NOT_REPORTED, c->p->units[c->s->unit].code,
                 code);
    return m;
}

static void check_values(struct checker *c, const xml_node *root)
{
    const xml_node *vs = xml_child(root, "values");
    if (!vs)
        return;
    size_t cap = 0;
    unsigned long *first_line = xcalloc(c->p->nmeasures ? c->p->nmeasures : 1, sizeof *first_line);
    for (const xml_node *v = xml_child(vs, "value"); v; v = xml_next_same(v)) {
        int m = measure_of(c, v);
        char hint[64], ln[24];
        num_t x = 0;
        enum num_status st = num_parse(v->text, &x, hint, sizeof hint);
        switch (st) {
        case NUM_OK:
            break;
        case NUM_VIETNAMESE_FORM:
            diag_add(c->d, v->line, DIAG_NUM_VIETNAMESE, v->text, hint);
            break;
        case NUM_COMMA_AMBIGUOUS: {
            char whole[64];
            size_t k = 0;
            for (const char *t = v->text; *t && k + 1 < sizeof whole; t++)
                if (*t != ',')
                    whole[k++] = *t;
            whole[k] = '\0';
            diag_add(c->d, v->line, DIAG_NUM_COMMA_AMBIGUOUS, v->text, whole, hint);
            break;
        }
        case NUM_INVALID:
            if (v->text[0] == '\0') { /* a line of the blank form left as it was */
                const char *code = xml_attr_get(v, "measure");
                diag_add(c->d, v->line, DIAG_NUM_EMPTY, code ? code : "");
            } else {
                diag_add(c->d, v->line, DIAG_NUM_INVALID, v->text);
            }
            break;
        case NUM_TOO_LARGE:
            diag_add(c->d, v->line, DIAG_NUM_TOO_LARGE, v->text);
            break;
        }
        if (st != NUM_OK)
            diag_drop(c->d, v->line, DIAG_SCHEMA, "Element 'value'");
        if (m < 0)
            continue;
        const plan_measure *pm = &c->p->measures[m];
        if (pm->kind == MEASURE_ITEMS) {
            diag_add(c->d, v->line, DIAG_SUB_VALUE_FOR_ITEMS, pm->code);
            continue;
        }
        if (first_line[m]) {
            diag_add(c->d, v->line, DIAG_SUB_MEASURE_TWICE, pm->code,
                     line_str(first_line[m], ln, sizeof ln));
            continue;
        }
        first_line[m] = v->line;
        if (st != NUM_OK)
            continue;
        if (x < 0 && !pm->is_signed) {
            char what[200];
            snprintf(what, sizeof what, "%s (%s)", pm->code, pm->uom);
            diag_add(c->d, v->line, DIAG_NUM_NEGATIVE, v->text, what);
            continue;
        }
        if (pm->is_whole && x % NUM_SCALE != 0) {
            char what[200];
            snprintf(what, sizeof what, "%s (%s)", pm->code, pm->uom);
            diag_add(c->d, v->line, DIAG_NUM_NOT_WHOLE, v->text, what);
            continue;
        }
        /* "19.077": 19 and a bit, or 19077 with a Vietnamese thousands dot
         * (for a whole measure, "15.000": 15 or 15000) */
        const char *digits = v->text + (v->text[0] == '-');
        size_t lead = strspn(digits, "0123456789");
        if (lead >= 1 && lead <= 3 && digits[lead] == '.' &&
            strspn(digits + lead + 1, "0123456789") == 3 && digits[lead + 4] == '\0') {
            char whole[16];
            snprintf(whole, sizeof whole, "%.*s%.*s%s", (int)(digits - v->text), v->text,
                     (int)lead, digits, digits + lead + 1);
            diag_add(c->d, v->line, DIAG_NUM_DOT_AMBIGUOUS, v->text, whole);
        }
        if (c->s->nvalues == cap) {
            cap = cap ? 2 * cap : 8;
            c->s->values = xreallocarray(c->s->values, cap, sizeof *c->s->values);
        }
        c->s->values[c->s->nvalues++] =
            (sub_value){m, x, dup_or_null(xml_attr_get(v, "note")), v->line};
    }
    free(first_line);
}

struct item_key {
    int measure;
    const char *id;
    unsigned long line;
};

static int by_item_key(const void *a, const void *b)
{
    const struct item_key *x = a, *y = b;
    if (x->measure != y->measure)
        return x->measure - y->measure;
    int k = strcmp(x->id, y->id);
    if (k)
        return k;
    return (x->line > y->line) - (x->line < y->line);
}

static void check_items(struct checker *c, const xml_node *root)
{
    const xml_node *is = xml_child(root, "items");
    if (!is)
        return;
    size_t cap = 0;
    for (const xml_node *it = xml_child(is, "item"); it; it = xml_next_same(it)) {
        int m = measure_of(c, it);
        const char *id = xml_attr_get(it, "id");
        date_t t = 0;
        int date_ok = date_attr(c, it, "date", "'date'", &t) == 0;
        if (m < 0 || !id || !*id)
            continue;
        if (c->p->measures[m].kind != MEASURE_ITEMS) {
            diag_add(c->d, it->line, DIAG_SUB_ITEM_FOR_VALUE, c->p->measures[m].code);
            continue;
        }
        if (date_ok && c->period_ok && (t < c->from || t > c->to)) {
            char a[16], b[16], win[40];
            snprintf(win, sizeof win, "%s - %s", date_dmy(c->from, a, sizeof a),
                     date_dmy(c->to, b, sizeof b));
            char when[16];
            diag_add(c->d, it->line, DIAG_SUB_ITEM_DATE, date_dmy(t, when, sizeof when), win);
        }
        const xml_node *name = xml_child(it, "name"), *note = xml_child(it, "note");
        if (c->s->nitems == cap) {
            cap = cap ? 2 * cap : 8;
            c->s->items = xreallocarray(c->s->items, cap, sizeof *c->s->items);
        }
        c->s->items[c->s->nitems++] = (sub_item){
            m, xstrdup(id), dup_or_empty(name ? name->text : NULL),
            dup_or_null(note ? note->text : NULL), t, it->line};
    }
    /* duplicates within the file: sort keys, compare neighbours */
    size_t n = c->s->nitems;
    struct item_key *keys = xmalloc((n ? n : 1) * sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = (struct item_key){c->s->items[i].measure, c->s->items[i].id,
                                    c->s->items[i].line};
    qsort(keys, n, sizeof *keys, by_item_key);
    for (size_t i = 1; i < n; i++) {
        if (keys[i].measure == keys[i - 1].measure && strcmp(keys[i].id, keys[i - 1].id) == 0) {
            size_t first = i - 1;
            while (first > 0 && keys[first - 1].measure == keys[i].measure &&
                   strcmp(keys[first - 1].id, keys[i].id) == 0)
                first--;
            char ln[24];
            diag_add(c->d, keys[i].line, DIAG_SUB_ITEM_TWICE, keys[i].id,
                     c->p->measures[keys[i].measure].code,
                     line_str(keys[first].line, ln, sizeof ln));
        }
    }
    free(keys);
}

static void check_tasks(struct checker *c, const xml_node *root)
{
    const xml_node *ts = xml_child(root, "tasks");
    if (!ts)
        return;
    size_t cap = 0;
    unsigned long *first_line = xcalloc(c->p->ntasks ? c->p->ntasks : 1, sizeof *first_line);
    for (const xml_node *t = xml_child(ts, "task"); t; t = xml_next_same(t)) {
        const char *code = xml_attr_get(t, "code");
        if (!code)
            continue;
        int k = plan_task_find(c->p, code);
        if (k < 0) {
            diag_add(c->d, t->line, DIAG_SUB_TASK, code);
            continue;
        }
        char ln[24];
        if (first_line[k]) {
            diag_add(c->d, t->line, DIAG_SUB_TASK_TWICE, code,
                     line_str(first_line[k], ln, sizeof ln));
            continue;
        }
        first_line[k] = t->line;
        if (duties_known(c) && plan_task_role(c->p, c->s->unit, k, c->duty_day) == ROLE_NONE)
            diag_add(c->d, t->line, DIAG_SUB_TASK_NOT_ASSIGNED, c->p->units[c->s->unit].code,
                     code);
        const char *st = xml_attr_get(t, "status");
        enum task_status status = TASK_NOT_STARTED;
        for (int i = 0; i < 4; i++)
            if (st && strcmp(st, statuses[i]) == 0)
                status = (enum task_status)i;
        if (c->s->ntasks == cap) {
            cap = cap ? 2 * cap : 8;
            c->s->tasks = xreallocarray(c->s->tasks, cap, sizeof *c->s->tasks);
        }
        c->s->tasks[c->s->ntasks++] = (sub_task){k, status, xstrdup(t->text), t->line};
    }
    free(first_line);
}

static void read_remarks(struct checker *c, const xml_node *root)
{
    const xml_node *rs = xml_child(root, "remarks");
    if (!rs)
        return;
    size_t cap = 0;
    for (const xml_node *r = rs->first; r; r = r->next) {
        enum remark_kind kind;
        if (strcmp(r->name, "difficulty") == 0)
            kind = REMARK_DIFFICULTY;
        else if (strcmp(r->name, "proposal") == 0)
            kind = REMARK_PROPOSAL;
        else
            continue;
        if (!*r->text)
            continue;
        if (c->s->nremarks == cap) {
            cap = cap ? 2 * cap : 4;
            c->s->remarks = xreallocarray(c->s->remarks, cap, sizeof *c->s->remarks);
        }
        c->s->remarks[c->s->nremarks++] = (sub_remark){kind, xstrdup(r->text), r->line};
    }
}

static void compute_hash(submission *s)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < s->nvalues; i++) {
        hash_int(&h, s->values[i].measure);
        hash_int(&h, s->values[i].value);
        hash_str(&h, s->values[i].note);
    }
    for (size_t i = 0; i < s->nitems; i++) {
        hash_int(&h, s->items[i].measure);
        hash_str(&h, s->items[i].id);
        hash_str(&h, s->items[i].name);
        hash_str(&h, s->items[i].note);
        hash_int(&h, s->items[i].date);
    }
    for (size_t i = 0; i < s->ntasks; i++) {
        hash_int(&h, s->tasks[i].task);
        hash_int(&h, s->tasks[i].status);
        hash_str(&h, s->tasks[i].text);
    }
    for (size_t i = 0; i < s->nremarks; i++) {
        hash_int(&h, s->remarks[i].kind);
        hash_str(&h, s->remarks[i].text);
    }
    s->content_hash = h;
}

submission *submission_from_xml(const xml_node *root, const char *path, const plan *p,
                                diag_list *d)
{
    submission *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->line = root->line;
    s->unit = -1;
    struct checker c = {p, s, d, 0, 0, 0, 0, 0};
    check_header(&c, root);
    check_values(&c, root);
    check_items(&c, root);
    check_tasks(&c, root);
    read_remarks(&c, root);
    compute_hash(s);
    /* d is the file's own list: any error in it rejects the file */
    diag_apply_drops(d);
    if (d->errors > 0 || s->unit < 0 || !c.period_ok) {
        submission_free(s);
        return NULL;
    }
    return s;
}

submission *submission_read(const char *path, const plan *p, const xml_schema *schema,
                            const xml_limits *lim, diag_list *d, int *io_error)
{
    enum xml_status st;
    xml_doc *doc = xml_read_file(path, "submission", schema, lim, d, &st);
    *io_error = st == XML_IO_ERROR;
    if (!doc)
        return NULL;
    submission *s = submission_from_xml(xml_root(doc), path, p, d);
    xml_doc_free(doc);
    return s;
}

void submission_drop_figures(submission *s)
{
    for (size_t i = 0; i < s->nvalues; i++)
        free(s->values[i].note);
    for (size_t i = 0; i < s->nitems; i++) {
        free(s->items[i].id);
        free(s->items[i].name);
        free(s->items[i].note);
    }
    free(s->values);
    free(s->items);
    s->values = NULL;
    s->items = NULL;
    s->nvalues = s->nitems = 0;
}

void submission_free(submission *s)
{
    if (!s)
        return;
    submission_drop_figures(s);
    for (size_t i = 0; i < s->ntasks; i++)
        free(s->tasks[i].text);
    for (size_t i = 0; i < s->nremarks; i++)
        free(s->remarks[i].text);
    free(s->tasks);
    free(s->remarks);
    free(s->path);
    free(s->resp_name);
    free(s->resp_title);
    free(s->resp_phone);
    free(s->resp_email);
    free(s);
}
