/*
 * Unit tests of batch: listing files under folders (sorted byte-wise,
 * recursive, dot-files left out, non-.xml names listed as skipped, the plan
 * file excluded, missing paths reported, entries that cannot be read
 * listed as unreadable), and reading them on several
 * threads with the results handed back in list order, identical whatever
 * the number of jobs.
 */
#include "fixtures.h"

#include "batch.h"
#include "buf.h"
#include "plan.h"
#include "submission.h"

static plan *P;
static xml_schema *SUB_XSD;

static int setup(void **state)
{
    (void)state;
    SUB_XSD = fx_schema(FX_SUB_XSD);
    P = fx_real_plan();
    return P && SUB_XSD ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plan_free(P);
    xml_schema_free(SUB_XSD);
    return 0;
}

/* "dir/name" in a malloc'd string, as batch_collect takes char *const *. */
static char *path_of(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s%s%s", dir, *name ? "/" : "", name);
    return p;
}

/* Entry i of the list (valid until the list is read again), and whether
 * it is skipped: read from the first entry on. */
static const char *list_path(batch_list *l, size_t i, int *skipped)
{
    size_t at = 0;
    unsigned char flag = 0;
    const char *path = NULL;
    for (size_t k = 0; k <= i; k++)
        path = names_get(&l->names, at, &flag, &at);
    if (skipped)
        *skipped = flag;
    return path;
}

static void check_list(batch_list *l, const char *dir, const char *const *names,
                       const int *skipped, size_t n)
{
    int ok = l->n == n;
    for (size_t i = 0; ok && i < n; i++) {
        char *want = path_of(dir, names[i]);
        int sk;
        ok = strcmp(list_path(l, i, &sk), want) == 0 && !!sk == skipped[i];
        free(want);
    }
    if (!ok) {
        print_error("  got %zu paths:\n", l->n);
        for (size_t i = 0; i < l->n; i++) {
            int sk;
            const char *path = list_path(l, i, &sk);
            print_error("    %s%s\n", path, sk ? " (skipped)" : "");
        }
        print_error("  want %zu:\n", n);
        for (size_t i = 0; i < n; i++)
            print_error("    %s/%s%s\n", dir, names[i], skipped[i] ? " (skipped)" : "");
        fail_msg("wrong list");
    }
}

static void make_tree(const char *root)
{
    fx_write_str(root, "b.xml", "<submission/>");
    fx_write_str(root, "a.xml", "<submission/>");
    fx_write_str(root, "A.xml", "<submission/>");
    fx_write_str(root, "notes.txt", "not a submission");
    fx_write_str(root, "report.xml.bak", "old");
    fx_write_str(root, ".hidden.xml", "<submission/>");
    fx_write_str(root, "plan.xml", "<plan/>");
    fx_write_str(root, "sub.xml", "<submission/>");
    fx_mkdir(root, ".dotdir");
    fx_write_str(root, ".dotdir/x.xml", "<submission/>");
    fx_mkdir(root, "sub");
    fx_write_str(root, "sub/c.xml", "<submission/>");
    fx_mkdir(root, "sub/deeper");
    fx_write_str(root, "sub/deeper/d.xml", "<submission/>");
    fx_write_str(root, "sub/deeper/.e.xml", "<submission/>");
    fx_mkdir(root, "empty");
}

/* Lists the files under dir into a new l, its problems into a new run;
 * returns the I/O problems counted. */
static int collect_dir(char *dir, batch_list *l, diag_list *run)
{
    char *paths[] = {dir};
    int io = 0;
    batch_list_init(l);
    diag_list_init(run, NULL);
    batch_collect(l, paths, 1, NULL, run, &io);
    return io;
}

static void test_collect(void **state)
{
    (void)state;
    char root[256];
    fx_mkdtemp(root);
    make_tree(root);
    char *paths[] = {root};
    char *exclude = path_of(root, "sub/../plan.xml"); /* another spelling of the same file */
    batch_list l;
    batch_list_init(&l);
    diag_list run;
    diag_list_init(&run, NULL);
    int io = 0;
    batch_collect(&l, paths, 1, exclude, &run, &io);
    static const char *const names[] = {"A.xml",     "a.xml",     "b.xml",
                                        "notes.txt", "report.xml.bak", "sub/c.xml",
                                        "sub/deeper/d.xml", "sub.xml"};
    static const int skipped[] = {0, 0, 0, 1, 1, 0, 0, 0};
    check_list(&l, root, names, skipped, FX_COUNT(names));
    assert_int_equal(io, 0);
    assert_int_equal(run.n, 0);
    batch_list_release(&l);
    assert_int_equal(l.n, 0);

    /* without an exclusion the plan file is listed, in its place */
    batch_list_init(&l);
    batch_collect(&l, paths, 1, NULL, &run, &io);
    assert_int_equal(l.n, FX_COUNT(names) + 1);
    char *plan_path = path_of(root, "plan.xml");
    assert_string_equal(list_path(&l, 4, NULL), plan_path);
    free(plan_path);
    batch_list_release(&l);

    /* a trailing slash does not double */
    char *slashed = path_of(root, "sub/");
    char *paths2[] = {slashed};
    batch_list_init(&l);
    batch_collect(&l, paths2, 1, exclude, &run, &io);
    static const char *const sub_names[] = {"sub/c.xml", "sub/deeper/d.xml"};
    static const int sub_skipped[] = {0, 0};
    check_list(&l, root, sub_names, sub_skipped, 2);
    batch_list_release(&l);
    free(slashed);

    fx_rm_rf(root);
    free(exclude);
    diag_list_release(&run);
}

static void test_collect_several_paths_and_missing(void **state)
{
    (void)state;
    char root[256];
    fx_mkdtemp(root);
    make_tree(root);
    char *sub = path_of(root, "sub");
    char *file = path_of(root, "b.xml");
    char *txt = path_of(root, "notes.txt");
    char *missing = path_of(root, "no-such-folder");
    char *empty = path_of(root, "empty");
    char *hidden = path_of(root, ".hidden.xml"); /* named explicitly: listed */
    char *paths[] = {sub, missing, file, txt, empty, hidden};
    batch_list l;
    batch_list_init(&l);
    diag_list run;
    diag_list_init(&run, NULL);
    int io = 0;
    batch_collect(&l, paths, FX_COUNT(paths), NULL, &run, &io);
    static const char *const names[] = {"sub/c.xml", "sub/deeper/d.xml", "b.xml", "notes.txt",
                                        ".hidden.xml"};
    static const int skipped[] = {0, 0, 0, 1, 0};
    check_list(&l, root, names, skipped, FX_COUNT(names));
    assert_int_equal(io, 1);
    if (!fx_only(&run, DIAG_READ_FAILED, 0, "no-such-folder: No such file or directory"))
        fail_msg("missing path: wrong diagnostics");
    batch_list_release(&l);
    diag_list_release(&run);
    fx_rm_rf(root);
    free(sub);
    free(file);
    free(txt);
    free(missing);
    free(empty);
    free(hidden);
}

/* ---- reading in parallel ---- */

static char *make_sub(const char *unit, const char *per, const char *sent, const char *body)
{
    buf b;
    buf_init(&b, 0);
    buf_printf(&b,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<submission version=\"1\" plan=\"53/KH-UBND\" unit=\"%s\" period=\"%s\" "
               "revision=\"1\" sent=\"%s\">\n"
               "  <responsible name=\"A\" title=\"B\"/>\n%s</submission>\n",
               unit, per, sent, body);
    return buf_detach(&b);
}

/* One record per consumed file, comparable across runs. */
struct rec {
    char *path;
    int accepted, skipped, io_error;
    unsigned long long hash;
    int unit;
    size_t nvalues;
    char *diags; /* "line:id line:id ..." */
};

struct run_ctx {
    struct rec *v;
    size_t n, cap;
    submission **kept; /* submissions taken over by the consumer */
    size_t nkept;
    int keep;
};

static void consume(void *ctx, batch_file *f)
{
    struct run_ctx *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        c->kept = realloc(c->kept, c->cap * sizeof *c->kept);
    }
    struct rec *r = &c->v[c->n++];
    r->path = strdup(f->path);
    r->accepted = f->sub != NULL;
    r->skipped = f->skipped;
    r->io_error = f->io_error;
    r->hash = f->sub ? (unsigned long long)f->sub->content_hash : 0;
    r->unit = f->sub ? f->sub->unit : -1;
    r->nvalues = f->sub ? f->sub->nvalues : 0;
    buf b;
    buf_init(&b, 0);
    for (size_t i = 0; i < f->diags.n; i++)
        buf_printf(&b, "%s%lu:%s", i ? " " : "", f->diags.v[i].line,
                   diag_id_name(f->diags.v[i].id));
    r->diags = buf_detach(&b);
    if (c->keep && f->sub) {
        c->kept[c->nkept++] = f->sub;
        f->sub = NULL; /* ours now */
    }
}

static void run_release(struct run_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        free(c->v[i].diags);
    }
    for (size_t i = 0; i < c->nkept; i++)
        submission_free(c->kept[i]);
    free(c->v);
    free(c->kept);
    memset(c, 0, sizeof *c);
}

static void same_runs(const struct run_ctx *a, const struct run_ctx *b, int jobs)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const struct rec *x = &a->v[i], *y = &b->v[i];
        if (strcmp(x->path, y->path) || x->accepted != y->accepted || x->hash != y->hash ||
            x->skipped != y->skipped || x->io_error != y->io_error || x->unit != y->unit ||
            x->nvalues != y->nvalues || strcmp(x->diags, y->diags))
            fail_msg("jobs %d differs from jobs 1 at file %zu: %s [%s] vs %s [%s]", jobs, i,
                     y->path, y->diags, x->path, x->diags);
    }
}

/* ~50 files: good ones of many units and periods, and bad ones of each kind. */
static size_t make_batch(const char *dir)
{
    static const struct {
        const char *unit, *per, *sent, *body;
    } good[] = {
        {"SKHCN", "2025-Q3", "2025-09-15", "  <values><value measure=\"DN_KHCN\">13</value></values>\n"},
        {"SKHCN", "2025-Q2", "2025-06-15", "  <values><value measure=\"DN_KHCN\">12</value></values>\n"},
        {"STC", "2025-Q1", "2025-03-15", "  <values><value measure=\"DN_TONG\">4120</value></values>\n"},
        {"SKHDT", "2024", "2024-12-16", "  <values><value measure=\"DN_TONG\">4100</value></values>\n"},
        {"UBND_TD", "2024-Q2", "2024-06-15", "  <values><value measure=\"MH_UD\">2</value></values>\n"},
        {"XA_TD", "2025-Q3", "2025-09-15", "  <values><value measure=\"MH_UD\">1</value></values>\n"},
        {"SYT", "2025-9M", "2025-09-15", "  <tasks><task code=\"III.1.6\" status=\"done\">x</task></tasks>\n"},
        {"SKHCN", "2023-H1", "2023-06-15", "  <values><value measure=\"DON_NH\">1</value></values>\n"},
    };
    static const struct {
        const char *unit, *per, *sent, *body;
    } bad[] = {
        {"SXYZ", "2025-Q3", "2025-09-15", ""},
        {"UBND_TD", "2025-Q4", "2025-12-15", ""},
        {"SKHCN", "2025-Q3", "2025-09-15", "  <values><value measure=\"DN_KHCN\">1.234,5</value></values>\n"},
        {"SKHCN", "2026-Q1", "2026-03-15", ""},
    };
    char name[64];
    size_t n = 0;
    for (int rep = 0; rep < 4; rep++) {
        for (size_t i = 0; i < FX_COUNT(good); i++) {
            char *x = make_sub(good[i].unit, good[i].per, good[i].sent, good[i].body);
            snprintf(name, sizeof name, "%s-%s-r%d.xml", good[i].unit, good[i].per, rep + 1);
            fx_write_str(dir, name, x);
            free(x);
            n++;
        }
        for (size_t i = 0; i < FX_COUNT(bad); i++) {
            char *x = make_sub(bad[i].unit, bad[i].per, bad[i].sent, bad[i].body);
            snprintf(name, sizeof name, "bad-%zu-r%d.xml", i, rep + 1);
            fx_write_str(dir, name, x);
            free(x);
            n++;
        }
    }
    fx_write_str(dir, "zz-malformed.xml", "<submission><values>");
    fx_write_str(dir, "zz-doctype.xml", "<!DOCTYPE submission [<!ENTITY e \"x\">]><submission/>");
    fx_write_str(dir, "zz-empty.xml", "");
    fx_write_str(dir, "zz-root.xml", "<plan version=\"1\"/>");
    fx_write(dir, "zz-gzip.xml", "\x1F\x8B\x08\x00", 4);
    fx_write_str(dir, "zz-latin1.xml", "<submission>caf\xE9</submission>");
    fx_write_str(dir, "notes.txt", "not a submission");
    fx_mkdir(dir, "folder.xml"); /* a folder with an .xml name: walked, empty */
    return n + 7;
}

static void run_batch(batch_list *l, int jobs, struct run_ctx *c)
{
    memset(c, 0, sizeof *c);
    batch_run(l, P, SUB_XSD, &xml_default_limits, jobs, consume, c);
}

static void test_run_same_whatever_jobs(void **state)
{
    (void)state;
    char dir[256];
    fx_mkdtemp(dir);
    size_t n = make_batch(dir);
    batch_list l;
    diag_list run;
    int io = collect_dir(dir, &l, &run);
    assert_int_equal(l.n, n);
    assert_int_equal(io, 0);

    struct run_ctx one;
    run_batch(&l, 1, &one);
    /* consumed in list order, each file once */
    assert_int_equal(one.n, l.n);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(one.v[i].path, list_path(&l, i, NULL));

    size_t accepted = 0, skipped = 0;
    for (size_t i = 0; i < one.n; i++) {
        const struct rec *r = &one.v[i];
        const char *base = strrchr(r->path, '/') + 1;
        accepted += r->accepted;
        skipped += r->skipped;
        int want = strncmp(base, "bad-", 4) != 0 && strncmp(base, "zz-", 3) != 0 &&
                   strcmp(base, "notes.txt") != 0;
        if (r->accepted != want)
            fail_msg("%s: %s, diagnostics [%s]", base, r->accepted ? "accepted" : "rejected",
                     r->diags);
        if (r->accepted && strcmp(r->diags, "") != 0)
            fail_msg("%s: accepted with diagnostics [%s]", base, r->diags);
        if (!r->accepted && !r->skipped && strcmp(r->diags, "") == 0)
            fail_msg("%s: rejected without a diagnostic", base);
    }
    assert_int_equal(accepted, 32);
    assert_int_equal(skipped, 1);
    /* a few files by name */
    for (size_t i = 0; i < one.n; i++) {
        const char *base = strrchr(one.v[i].path, '/') + 1;
        if (strcmp(base, "notes.txt") == 0)
            assert_string_equal(one.v[i].diags, "0:not-xml-file");
        else if (strcmp(base, "zz-doctype.xml") == 0)
            assert_string_equal(one.v[i].diags, "1:doctype");
        else if (strcmp(base, "zz-gzip.xml") == 0)
            assert_string_equal(one.v[i].diags, "0:compressed");
        else if (strcmp(base, "zz-empty.xml") == 0)
            assert_string_equal(one.v[i].diags, "0:empty-file");
        else if (strcmp(base, "bad-2-r1.xml") == 0)
            assert_string_equal(one.v[i].diags, "4:number-vietnamese");
        else if (strcmp(base, "bad-1-r3.xml") == 0)
            assert_string_equal(one.v[i].diags, "2:unit-not-active");
    }

    static const int jobs[] = {2, 4, 8, 200};
    for (size_t k = 0; k < FX_COUNT(jobs); k++) {
        for (int again = 0; again < 3; again++) {
            struct run_ctx many;
            run_batch(&l, jobs[k], &many);
            same_runs(&one, &many, jobs[k]);
            run_release(&many);
        }
    }
    run_release(&one);
    batch_list_release(&l);
    diag_list_release(&run);
    fx_rm_rf(dir);
}

/* The consumer may keep a submission; more files than the result window. */
static void test_run_keep_and_many_files(void **state)
{
    (void)state;
    char dir[256];
    fx_mkdtemp(dir);
    char name[64];
    const size_t n = 600;
    for (size_t i = 0; i < n; i++) {
        char value[32];
        snprintf(value, sizeof value, "%zu", i);
        buf body;
        buf_init(&body, 0);
        buf_printf(&body, "  <values><value measure=\"DN_KHCN\">%s</value></values>\n", value);
        char *x = make_sub(i % 7 == 3 ? "NOPE" : "SKHCN", "2025-Q3", "2025-09-15", body.data);
        snprintf(name, sizeof name, "f%04zu.xml", i);
        fx_write_str(dir, name, x);
        free(x);
        buf_release(&body);
    }
    batch_list l;
    diag_list run;
    assert_int_equal(collect_dir(dir, &l, &run), 0);
    assert_int_equal(l.n, n);
    /* again, with the list's names on disk but for 8 rows */
    batch_list spilled;
    batch_list_init(&spilled);
    names_release(&spilled.names);
    names_init(&spilled.names, 8);
    char *paths[] = {dir};
    int io = 0;
    batch_collect(&spilled, paths, 1, NULL, &run, &io);
    assert_int_equal(spilled.n, n);
    assert_true(rows_spilled(spilled.names.r));

    struct run_ctx one, eight, disk;
    run_batch(&l, 1, &one);
    run_batch(&spilled, 8, &disk);
    same_runs(&one, &disk, 8);
    run_release(&disk);
    batch_list_release(&spilled);
    memset(&eight, 0, sizeof eight);
    eight.keep = 1;
    batch_run(&l, P, SUB_XSD, &xml_default_limits, 8, consume, &eight);
    same_runs(&one, &eight, 8);
    /* the kept submissions are intact, in order, with their own values */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 7 == 3)
            continue;
        REQUIRE(k < eight.nkept);
        submission *s = eight.kept[k++];
        assert_int_equal(s->nvalues, 1);
        assert_true(s->values[0].value == num_from_int((int64_t)i));
    }
    assert_int_equal(k, eight.nkept);
    run_release(&one);
    run_release(&eight);

    /* an empty list: nothing consumed, no hang */
    batch_list empty;
    batch_list_init(&empty);
    struct run_ctx none;
    run_batch(&empty, 4, &none);
    assert_int_equal(none.n, 0);
    run_release(&none);
    batch_list_release(&empty);

    batch_list_release(&l);
    diag_list_release(&run);
    fx_rm_rf(dir);
}

/* Links that lead back up the tree are walked once: every file is listed
 * once, under the first path that reaches it. 100 folders also make the
 * set of folders walked grow past its first size. */
static void test_collect_link_loops(void **state)
{
    (void)state;
    char root[256];
    fx_mkdtemp(root);
    fx_mkdir(root, "a");
    fx_write_str(root, "a/x.xml", "<submission/>");
    char *target = path_of(root, "");
    char *link = path_of(root, "a/up");
    assert_int_equal(symlink(target, link), 0);   /* a/up -> the root */
    free(link);
    link = path_of(root, "a/self");
    char *a = path_of(root, "a");
    assert_int_equal(symlink(a, link), 0);        /* a/self -> a */
    free(link);
    free(a);
    free(target);
    char name[32];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "d%03d", i);
        fx_mkdir(root, name);
    }
    fx_write_str(root, "d099/y.xml", "<submission/>");
    batch_list l;
    diag_list run;
    int io = collect_dir(root, &l, &run);
    static const char *const names[] = {"a/x.xml", "d099/y.xml"};
    static const int skipped[] = {0, 0};
    check_list(&l, root, names, skipped, FX_COUNT(names));
    assert_int_equal(io, 0);
    assert_int_equal(run.n, 0);
    batch_list_release(&l);
    diag_list_release(&run);
    fx_rm_rf(root);
}

/* Reads the list with jobs 1, 2 and 4 into *one (jobs 1), checking that the
 * others give the same records. */
static void run_all_jobs(batch_list *l, struct run_ctx *one)
{
    run_batch(l, 1, one);
    static const int jobs[] = {2, 4};
    for (size_t k = 0; k < FX_COUNT(jobs); k++) {
        struct run_ctx many;
        run_batch(l, jobs[k], &many);
        same_runs(one, &many, jobs[k]);
        run_release(&many);
    }
}

/* Whether record r is an unreadable entry whose one diagnostic says `why`. */
static int unreadable_with(const batch_list *l, size_t i, const struct rec *r, const char *why)
{
    if (!r->io_error || r->accepted || r->skipped || strcmp(r->diags, "0:read-failed") != 0)
        return 0;
    for (size_t k = 0; k < l->nunreadable; k++)
        if (l->unreadable[k].i == i)
            return strstr(l->unreadable[k].why, why) != NULL;
    return 0;
}

/* Folders nested deeper than batch lists are listed, once, as an unreadable
 * entry in their place; the files above them are still listed. */
static void test_collect_too_deep(void **state)
{
    (void)state;
    char root[256];
    fx_mkdtemp(root);
    char rel[512] = "", deep[512] = "";
    for (int i = 0; i < 18; i++) {
        strcat(rel, i ? "/d" : "d");
        fx_mkdir(root, rel);
        if (i == 16)
            strcpy(deep, rel); /* 17 folders down: one past the limit */
    }
    fx_write_str(root, "d/top.xml", "<submission/>");
    batch_list l;
    diag_list run;
    int io = collect_dir(root, &l, &run);
    const char *names[] = {deep, "d/top.xml"};
    static const int skipped[] = {0, 0};
    check_list(&l, root, names, skipped, FX_COUNT(names));
    assert_int_equal(io, 0);
    assert_int_equal(run.n, 0);
    struct run_ctx one;
    run_all_jobs(&l, &one);
    assert_int_equal(one.n, 2);
    if (!unreadable_with(&l, 0, &one.v[0], "folders nested deeper than 16"))
        fail_msg("the deep folder: [%s]", one.v[0].diags);
    assert_int_equal(one.v[1].io_error, 0);
    run_release(&one);
    batch_list_release(&l);
    diag_list_release(&run);
    fx_rm_rf(root);
}

/*
 * Entries that cannot be read are listed in their sorted place and read
 * back as unreadable, the same whatever the number of jobs: a link to
 * nothing (named .xml or not), a loop of links, a folder that cannot be
 * listed (when not root, whom permissions do not stop).
 */
static void test_collect_unreadable_entries(void **state)
{
    (void)state;
    char root[256];
    fx_mkdtemp(root);
    char *good = make_sub("STC", "2025-Q3", "2025-09-15", "");
    fx_write_str(root, "a-good.xml", good);
    fx_mkdir(root, "sub");
    fx_write_str(root, "sub/c.xml", good);
    free(good);
    char *link = path_of(root, "b-dangling.xml");
    assert_int_equal(symlink("nowhere.xml", link), 0);
    free(link);
    link = path_of(root, "d-dangling.txt");
    assert_int_equal(symlink("nowhere", link), 0);
    free(link);
    link = path_of(root, "c-loop.xml");
    assert_int_equal(symlink("c-loop.xml", link), 0);
    free(link);
    int locked = geteuid() != 0;
    if (locked) {
        fx_mkdir(root, "e-locked");
        fx_write_str(root, "e-locked/x.xml", "<submission/>");
        char *p = path_of(root, "e-locked");
        assert_int_equal(chmod(p, 0), 0);
        free(p);
    }
    batch_list l;
    diag_list run;
    int io = collect_dir(root, &l, &run);
    const char *names[] = {"a-good.xml", "b-dangling.xml", "c-loop.xml", "d-dangling.txt",
                           locked ? "e-locked" : "sub/c.xml", "sub/c.xml"};
    static const int skipped[] = {0, 0, 0, 0, 0, 0};
    check_list(&l, root, names, skipped, FX_COUNT(names) - !locked);
    assert_int_equal(io, 0);
    assert_int_equal(run.n, 0);
    assert_int_equal(l.nunreadable, 3 + locked);

    struct run_ctx one;
    run_all_jobs(&l, &one);
    REQUIRE(one.n == l.n);
    assert_true(one.v[0].accepted);
    if (!unreadable_with(&l, 1, &one.v[1], "symbolic link whose target does not exist"))
        fail_msg("dangling .xml link: [%s]", one.v[1].diags);
    if (!unreadable_with(&l, 2, &one.v[2], strerror(ELOOP)))
        fail_msg("link loop: [%s]", one.v[2].diags);
    if (!unreadable_with(&l, 3, &one.v[3], "symbolic link whose target does not exist"))
        fail_msg("dangling .txt link: [%s]", one.v[3].diags);
    if (locked && !unreadable_with(&l, 4, &one.v[4], "the folder cannot be listed"))
        fail_msg("locked folder: [%s]", one.v[4].diags);
    assert_true(one.v[l.n - 1].accepted);
    run_release(&one);
    batch_list_release(&l);
    assert_null(l.unreadable);
    diag_list_release(&run);
    if (locked) {
        char *p = path_of(root, "e-locked");
        chmod(p, 0700);
        free(p);
    }
    fx_rm_rf(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collect),
        cmocka_unit_test(test_collect_link_loops),
        cmocka_unit_test(test_collect_too_deep),
        cmocka_unit_test(test_collect_unreadable_entries),
        cmocka_unit_test(test_collect_several_paths_and_missing),
        cmocka_unit_test(test_run_same_whatever_jobs),
        cmocka_unit_test(test_run_keep_and_many_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
