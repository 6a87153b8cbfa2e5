/*
 * test_report: the words of the report, composed from the real plan and
 * quarterly template and a few submissions made in memory, read back from
 * the document (no fonts, no PDF).
 *
 * The run (2025-Q3, cut-off 15/6/2025 - 14/9/2025, sent on 16/9/2025):
 *   sct.xml     SCT: the difficulty "Cùng một khó khăn."
 *   syt.xml     SYT: the same words
 *   skhcn.xml   SKHCN: "Khó khăn riêng."
 * No figures and no task reports: every indicator has no data and every
 * task's lead has not reported.
 */
#include "fixtures.h"

#include "agg.h"
#include "batch.h"
#include "buf.h"
#include "doc.h"
#include "plan.h"
#include "report.h"
#include "submission.h"
#include "template.h"

static plan *P;
static tpl *T;

static int setup(void **state)
{
    (void)state;
    P = fx_real_plan();
    xml_schema *s = fx_schema("templates/report-template-v1.xsd");
    diag_list d;
    diag_list_init(&d, "templates/report-quarter.xml");
    int io = 0;
    T = s ? tpl_load("templates/report-quarter.xml", s, &xml_default_limits, &d, &io) : NULL;
    if (!T)
        fx_dump(&d);
    diag_list_release(&d);
    xml_schema_free(s);
    return P && T ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tpl_free(T);
    plan_free(P);
    return 0;
}

struct sub_spec {
    const char *path, *unit, *difficulty;
};

static const struct sub_spec RUN[] = {
    {"sct.xml", "SCT", "Cùng một khó khăn."},
    {"syt.xml", "SYT", "Cùng một khó khăn."},
    {"skhcn.xml", "SKHCN", "Khó khăn riêng."},
};

static void ignore(void *ctx, diag_list *d)
{
    (void)ctx;
    (void)d;
}

/* These runs have no conflicting revisions: no file is read again. */
static submission *no_reread(void *ctx, size_t file, const char *path)
{
    (void)path;
    (void)ctx;
    fail_msg("file %zu read again", file);
    return NULL;
}

struct world {
    agg *a;
    agg_report *r;
    doc *d;
};

static void world_build(struct world *w)
{
    w->a = agg_new(P);
    for (size_t i = 0; i < FX_COUNT(RUN); i++) {
        char xml[1024];
        snprintf(xml, sizeof xml,
                 "<submission version=\"1\" plan=\"53/KH-UBND\" unit=\"%s\" period=\"2025-Q3\" "
                 "revision=\"1\" sent=\"2025-09-16\">\n"
                 "<remarks><difficulty>%s</difficulty></remarks>\n</submission>\n",
                 RUN[i].unit, RUN[i].difficulty);
        batch_file f;
        memset(&f, 0, sizeof f);
        f.path = RUN[i].path;
        diag_list_init(&f.diags, f.path);
        enum xml_status st;
        xml_doc *x = xml_read_memory(xml, strlen(xml), f.path, "submission", NULL,
                                     &xml_default_limits, &f.diags, &st);
        f.sub = x ? submission_from_xml(xml_root(x), f.path, P, &f.diags) : NULL;
        if (!f.sub || f.diags.errors) {
            fx_dump(&f.diags);
            fail_msg("test submission %s was not accepted", f.path);
        }
        xml_doc_free(x);
        agg_add(w->a, &f);
        diag_list_release(&f.diags);
    }
    agg_resolve(w->a, no_reread, NULL, ignore, NULL);
    period per;
    assert_int_equal(period_parse("2025-Q3", &per), 0);
    w->r = agg_compute(w->a, &per);
    report_input in = {P, w->a, w->r, T, date_from_ymd(2025, 9, 20), "", NULL};
    w->d = report_compose(&in, NULL, ignore, NULL);
    assert_non_null(w->d);
}

static void world_free(struct world *w)
{
    doc_free(w->d);
    agg_report_free(w->r);
    agg_free(w->a);
}

/* The first paragraph from block `from` on whose text contains s, or -1. */
static long find_para(const doc *d, size_t from, const char *s)
{
    for (size_t i = from; i < d->nblocks; i++)
        if (d->blocks[i].kind == DOC_BLOCK_PARA && strstr(d->blocks[i].u.para.text, s))
            return (long)i;
    return -1;
}

static const char *short_of(const char *code)
{
    int u = plan_unit_find(P, code);
    assert_true(u >= 0);
    return P->units[u].short_name;
}

/* Counts are told in words, the zeros left out. */
static void test_counts_in_words(void **state)
{
    (void)state;
    struct world w;
    world_build(&w);
    /* no figures: counts at 0 of their target are behind, the rest have no data */
    size_t behind = 0, nodata = 0;
    for (size_t k = 0; k < w.r->nindicators; k++) {
        behind += w.r->indicators[k].status == STATUS_BEHIND;
        nodata += w.r->indicators[k].status == STATUS_NO_DATA;
    }
    assert_true(behind > 0 && nodata > 0);
    assert_int_equal(behind + nodata, w.r->nindicators);
    char want[256];
    snprintf(want, sizeof want,
             "Đến hết quý III năm 2025, có %zu chỉ tiêu chậm tiến độ và %zu chỉ tiêu chưa có "
             "số liệu. ", behind, nodata);
    assert_true(find_para(w.d, 0, want) >= 0);
    snprintf(want, sizeof want, "có %zu nhiệm vụ chưa có báo cáo của đơn vị chủ trì.",
             w.r->ntasks);
    assert_true(find_para(w.d, 0, want) >= 0);
    size_t on_time = 0;
    for (size_t k = 0; k < w.r->ncoverage; k++)
        on_time += w.r->coverage[k].status == COV_ON_TIME;
    assert_int_equal(on_time, 3);
    snprintf(want, sizeof want, ": 3 đơn vị gửi đúng hạn và %zu đơn vị chưa gửi báo cáo.",
             w.r->ncoverage - 3);
    assert_true(find_para(w.d, 0, want) >= 0);
    /* no count of zero anywhere */
    for (size_t i = 0; i < w.d->nblocks; i++)
        if (w.d->blocks[i].kind == DOC_BLOCK_PARA) {
            const char *t = w.d->blocks[i].u.para.text;
            if (strstr(t, " 0 chỉ tiêu") || strstr(t, " 0 nhiệm vụ") || strstr(t, " 0 đơn vị"))
                fail_msg("a zero count in \"%s\"", t);
        }
    world_free(&w);
}

/* Units that sent the same remark are named together, in plan order, and
 * the groups come in the plan order of their first unit. */
static void test_remarks_grouped(void **state)
{
    (void)state;
    struct world w;
    world_build(&w);
    assert_true(plan_unit_find(P, "SKHCN") < plan_unit_find(P, "SCT"));
    assert_true(plan_unit_find(P, "SCT") < plan_unit_find(P, "SYT"));
    char same[256], own[256];
    snprintf(same, sizeof same, "- %s, %s: Cùng một khó khăn.", short_of("SCT"), short_of("SYT"));
    snprintf(own, sizeof own, "- %s: Khó khăn riêng.", short_of("SKHCN"));
    long a = find_para(w.d, 0, own), b = find_para(w.d, 0, same);
    assert_true(a >= 0);
    assert_true(b == a + 1);
    assert_int_equal(find_para(w.d, (size_t)b + 1, "Cùng một khó khăn."), -1); /* once */
    world_free(&w);
}

/* The units that ended: an opening kept with its list, one line a unit,
 * no brackets inside brackets, the last line closed by a full stop. */
static void test_units_that_ended(void **state)
{
    (void)state;
    struct world w;
    world_build(&w);
    long open = find_para(w.d, 0, "Các đơn vị đã kết thúc hoạt động");
    assert_true(open >= 0);
    assert_int_equal(w.d->blocks[open].u.para.st.keep_with_next, 1);
    char want[256];
    snprintf(want, sizeof want, "- %s (đến 28/02/2025); đơn vị kế thừa: %s;", short_of("SKHDT"),
             short_of("STC"));
    assert_true(find_para(w.d, (size_t)open, want) > open);
    size_t lines = 0;
    size_t i = (size_t)open + 1;
    for (; i < w.d->nblocks && w.d->blocks[i].kind == DOC_BLOCK_PARA &&
           strncmp(w.d->blocks[i].u.para.text, "- ", 2) == 0;
         i++) {
        const char *t = w.d->blocks[i].u.para.text;
        assert_null(strstr(t, "))"));
        size_t n = strlen(t);
        assert_true(n > 0 && (t[n - 1] == ';' || t[n - 1] == '.'));
        lines++;
    }
    assert_true(lines >= 2);
    const char *last = w.d->blocks[i - 1].u.para.text;
    assert_int_equal(last[strlen(last) - 1], '.');
    world_free(&w);
}

/* Headings are balanced; dates in figures follow Decree 30. */
static void test_headings_and_dates(void **state)
{
    (void)state;
    struct world w;
    world_build(&w);
    long h = find_para(w.d, 0, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU");
    assert_true(h >= 0);
    assert_int_equal(w.d->blocks[h].u.para.st.balanced, 1);
    assert_true(find_para(w.d, 0, "ngày 03/3/2023") >= 0);
    assert_true(find_para(w.d, 0, "từ ngày 15/6/2025 đến ngày 14/9/2025") >= 0);
    world_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_in_words),
        cmocka_unit_test(test_remarks_grouped),
        cmocka_unit_test(test_units_that_ended),
        cmocka_unit_test(test_headings_and_dates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
