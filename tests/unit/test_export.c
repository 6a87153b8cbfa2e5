/*
 * test_export: summary.csv, summary.xml and run-log.txt for one small run
 * built in memory, compared byte for byte where the whole output is small
 * enough to write out by hand, and read back where it is not.
 *
 * The run (2024-Q2 of a plan of two departments):
 *   bad.xml       rejected (an error in the file)
 *   da-q1.xml     DA 2024-Q1: AMT 1234567.5, DEN 100000000
 *   da-q2.xml     DA 2024-Q2: AMT 0.25, DEN 300, item GI-1
 *   db-q2-r1.xml  DB 2024-Q2 revision 1: AMT 1 (superseded)
 *   db-q2-r2.xml  DB 2024-Q2 revision 2: AMT 2, item GI-1 again; sent
 *                 20/06/2024, after the deadline 17/06/2024
 *   gone.xml      unreadable
 *   notes.txt     skipped
 * Figures for 2024-Q2: AMT = 0.25 + 2 = 2.25; DEN = 300; RAT = 100 × 2.25
 * / 300 = 0.75 %; cumulative AMT = 1234567.5 + 0.25 + 2 = 1234569.75, DEN
 * = 100000300, RAT = 123456975 / 100000300 = 1.2345660... → 1.23, which
 * lacks 2023 (no file): "rests on figures with some quarters missing"; CNT =
 * 1 (GI-1 counted once), 6 of 12 quarters: expected 50.0 %, percent 25.0,
 * projection 1 × 12 / 6 = 2; the same period a year earlier (2023-Q2) has
 * no report at all, so no count (not 0).
 */
#include "fixtures.h"

#include "agg.h"
#include "batch.h"
#include "buf.h"
#include "export.h"
#include "num.h"
#include "plan.h"
#include "submission.h"

static const char PLAN_XML[] =
    "<plan version=\"1\">\n"
    " <identity number=\"T/KH\" date=\"2023-01-02\" from-year=\"2023\" to-year=\"2025\">\n"
    "  <issuer>Issuer</issuer><province>Lạng Sơn</province><title>Test plan</title>\n"
    " </identity>\n"
    " <calendar cutoff-day=\"14\">\n"
    "  <report period=\"quarter\" due-days=\"3\"/><report period=\"year\" due-days=\"5\"/>\n"
    " </calendar>\n"
    " <units>\n"
    "  <unit code=\"DA\" kind=\"department\" from=\"2020-01-01\"><name>Sở A, \"Đông\"</name><short>A</short></unit>\n"
    "  <unit code=\"DB\" kind=\"department\" from=\"2020-01-01\"><name>Dept B</name><short>B</short></unit>\n"
    " </units>\n"
    " <measures>\n"
    "  <measure code=\"AMT\" kind=\"amount\" uom=\"u\" reporters=\"DA DB\"><name>Amount, total</name></measure>\n"
    "  <measure code=\"DEN\" kind=\"amount\" uom=\"u\" reporters=\"DA\"><name>Denominator</name></measure>\n"
    "  <measure code=\"ITM\" kind=\"items\" uom=\"n\" reporters=\"DA DB\"><name>Items</name></measure>\n"
    " </measures>\n"
    " <indicators>\n"
    "  <indicator code=\"RAT\" section=\"II.4\" compute=\"ratio\" comparator=\"ge\" target=\"1\" target-year=\"2025\" uom=\"%\"><name>Ratio &lt;A&amp;B&gt;, share</name><numerator measures=\"AMT\"/><denominator measures=\"DEN\"/><baseline year=\"2022\" value=\"0.85\" source=\"the 2022 budget\"/></indicator>\n"
    "  <indicator code=\"CNT\" section=\"II.8\" compute=\"count\" comparator=\"ge\" target=\"4\" target-year=\"2025\" uom=\"n\"><name>Count</name><numerator measures=\"ITM\"/><baseline year=\"2022\" value=\"0\" source=\"new in the plan\"/></indicator>\n"
    " </indicators>\n"
    " <tasks><group code=\"G\" title=\"Group\"><task code=\"T1\" lead=\"DA\" support=\"DB\"><text>Task</text></task></group></tasks>\n"
    "</plan>\n";

static plan *P;

static int setup(void **state)
{
    (void)state;
    P = fx_plan_from_string(PLAN_XML);
    return P ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plan_free(P);
    return 0;
}

/* A file of the run: a submission (unit set), or a file that is rejected,
 * unreadable or skipped. */
enum kind { SUB, REJECTED, UNREADABLE, SKIPPED };

struct file_spec {
    const char *path;
    enum kind kind;
    const char *unit, *period;
    int rev;
    const char *sent, *body;
};

static const struct file_spec RUN[] = {
    {"bad.xml", REJECTED, NULL, NULL, 0, NULL, NULL},
    {"da-q1.xml", SUB, "DA", "2024-Q1", 1, "2024-03-14",
     "<values><value measure=\"AMT\">1234567.5</value><value measure=\"DEN\">100000000</value></values>"},
    {"da-q2.xml", SUB, "DA", "2024-Q2", 1, "2024-06-14",
     "<values><value measure=\"AMT\">0.25</value><value measure=\"DEN\">300</value></values>\n"
     "<items><item measure=\"ITM\" id=\"GI-1\" date=\"2024-04-01\"><name>Na &amp; \"Me\"</name></item></items>"},
    {"db-q2-r1.xml", SUB, "DB", "2024-Q2", 1, "2024-06-10",
     "<values><value measure=\"AMT\">1</value></values>"},
    {"db-q2-r2.xml", SUB, "DB", "2024-Q2", 2, "2024-06-20",
     "<values><value measure=\"AMT\">2</value></values>\n\n"
     "<items><item measure=\"ITM\" id=\"GI-1\" date=\"2024-04-01\"><name>Other name</name></item></items>"},
    {"gone.xml", UNREADABLE, NULL, NULL, 0, NULL, NULL},
    {"notes.txt", SKIPPED, NULL, NULL, 0, NULL, NULL},
};

struct world {
    agg *a;
    agg_report *r;
};

static void ignore(void *ctx, diag_list *d)
{
    (void)ctx;
    (void)d;
}

static submission *make_sub(const struct file_spec *s)
{
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<submission version=\"1\" plan=\"T/KH\" unit=\"%s\" period=\"%s\" revision=\"%d\" "
             "sent=\"%s\">\n%s\n</submission>\n",
             s->unit, s->period, s->rev, s->sent, s->body);
    diag_list d;
    diag_list_init(&d, s->path);
    enum xml_status st;
    xml_doc *doc = xml_read_memory(xml, strlen(xml), s->path, "submission", NULL,
                                   &xml_default_limits, &d, &st);
    submission *sub = doc ? submission_from_xml(xml_root(doc), s->path, P, &d) : NULL;
    if (!sub || d.errors) {
        fx_dump(&d);
        fail_msg("test submission %s was not accepted", s->path);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    return sub;
}

struct run {
    const struct file_spec *files;
    size_t n;
};

/* agg_resolve's reader: the file as its spec says. */
static submission *reread(void *ctx, size_t file, const char *path)
{
    (void)path;
    const struct run *r = ctx;
    if (file >= r->n || r->files[file].kind != SUB)
        fail_msg("file %zu read again: not a submission of the run", file);
    return make_sub(&r->files[file]);
}

static void world_build(struct world *w, const struct file_spec *files, size_t n,
                        const char *per)
{
    struct run run = {files, n};
    w->a = agg_new(P);
    for (size_t i = 0; i < n; i++) {
        batch_file f;
        memset(&f, 0, sizeof f);
        f.path = files[i].path; /* static: outlives the collector */
        diag_list_init(&f.diags, f.path);
        switch (files[i].kind) {
        case SUB: f.sub = make_sub(&files[i]); break;
        case REJECTED: diag_add(&f.diags, 3, DIAG_NUM_INVALID, "x"); break;
        case UNREADABLE:
            f.io_error = 1;
            diag_add(&f.diags, 0, DIAG_READ_FAILED, "No such file or directory");
            break;
        case SKIPPED:
            f.skipped = 1;
            diag_add(&f.diags, 0, DIAG_NOT_XML_NAME);
            break;
        }
        agg_add(w->a, &f);
        diag_list_release(&f.diags);
    }
    agg_resolve(w->a, reread, &run, ignore, NULL);
    period p;
    if (period_parse(per, &p) != 0)
        fail_msg("bad period %s", per);
    w->r = agg_compute(w->a, &p);
}

static void world_free(struct world *w)
{
    agg_report_free(w->r);
    agg_free(w->a);
}

static const export_info INFO = {"9.9", 19894}; /* 2024-06-20 */

/* Prints both texts line by line where they differ (CR shown as \r). */
static void show_diff(const char *want, const char *got)
{
    size_t line = 1;
    const char *a = want, *b = got;
    while (*a || *b) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
        if (la != lb || memcmp(a, b, la) != 0) {
            print_error("line %zu differs:\n  want: %.*s\n  got:  %.*s\n", line, (int)la, a,
                        (int)lb, b);
            return;
        }
        a += la + (ea ? 1 : 0);
        b += lb + (eb ? 1 : 0);
        line++;
    }
}

static void same_text(const char *want, const buf *got)
{
    if (strlen(want) != got->len || memcmp(want, got->data, got->len) != 0) {
        show_diff(want, got->data);
        fail_msg("output differs from the expected text");
    }
}

/* ---- CSV ---- */

#define CRLF "\r\n"
static const char CSV_EXPECTED[] =
    "\xEF\xBB\xBF"
    "row,code,name,unit_code,unit_name,period,value,cumulative,same_period_last_year,"
    "baseline,baseline_year,target,comparator,target_year,uom,percent_of_target,"
    "expected_progress,status,status_vi,projection,rule,note,sources" CRLF
    "indicator,RAT,\"Ratio <A&B>, share\",,,2024-Q2,0.75,1.23,,0.85,2022,1,ge,2025,%,75.0,,behind,"
    "Chậm tiến độ,,ratio,rests on figures with some quarters missing," CRLF
    "indicator,CNT,Count,,,2024-Q2,1,1,,0,2022,4,ge,2025,n,25.0,50.0,behind,"
    "Chậm tiến độ,2,count,," CRLF
    "measure,AMT,\"Amount, total\",DA,\"Sở A, \"\"Đông\"\"\",2024-Q2,0.25,1234567.75,,,,,,,u,"
    ",,,,,submitted,,da-q2.xml:2" CRLF
    "measure,AMT,\"Amount, total\",DB,Dept B,2024-Q2,2,2,,,,,,,u,,,,,,submitted,,"
    "db-q2-r2.xml:2" CRLF
    "measure,AMT,\"Amount, total\",ALL,Toàn tỉnh,2024-Q2,2.25,1234569.75,,,,,,,u,,,,,,sum,,"
    "da-q2.xml:2; db-q2-r2.xml:2" CRLF
    "measure,DEN,Denominator,DA,\"Sở A, \"\"Đông\"\"\",2024-Q2,300,100000300,,,,,,,u,,,,,,"
    "submitted,,da-q2.xml:2" CRLF
    "measure,DEN,Denominator,ALL,Toàn tỉnh,2024-Q2,300,100000300,,,,,,,u,,,,,,sum,,"
    "da-q2.xml:2" CRLF
    "measure,ITM,Items,ALL,Toàn tỉnh,2024-Q2,,,,,,,,,n,,,,,,none,," CRLF;

static void test_csv_whole(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, FX_COUNT(RUN), "2024-Q2");
    buf b;
    buf_init(&b, 0);
    export_csv(P, w.a, w.r, &b);
    same_text(CSV_EXPECTED, &b);
    buf_release(&b);
    world_free(&w);
}

/* Splits one CSV record (RFC 4180) into fields; returns the count. */
static size_t csv_fields(const char *line, size_t len, char fields[][256], size_t max)
{
    size_t n = 0, i = 0;
    while (n < max) {
        size_t k = 0;
        if (i < len && line[i] == '"') {
            i++;
            while (i < len) {
                if (line[i] == '"' && i + 1 < len && line[i + 1] == '"') {
                    fields[n][k++] = '"';
                    i += 2;
                } else if (line[i] == '"') {
                    i++;
                    break;
                } else {
                    fields[n][k++] = line[i++];
                }
            }
        } else {
            while (i < len && line[i] != ',')
                fields[n][k++] = line[i++];
        }
        fields[n++][k] = '\0';
        if (i >= len || line[i] != ',')
            break;
        i++;
    }
    return n;
}

/* The properties, one by one, so that a failure says which. */
static void test_csv_properties(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, FX_COUNT(RUN), "2024-Q2");
    buf b;
    buf_init(&b, 0);
    export_csv(P, w.a, w.r, &b);
    /* the byte-order mark, then the header */
    assert_true(b.len > 3);
    assert_memory_equal(b.data, "\xEF\xBB\xBF", 3);
    assert_memory_equal(b.data + 3, "row,code,name,", 14);
    /* CRLF everywhere, no bare LF or CR */
    size_t records = 0;
    for (size_t i = 0; i < b.len; i++) {
        if (b.data[i] == '\n') {
            assert_true(i > 0 && b.data[i - 1] == '\r');
            records++;
        }
        if (b.data[i] == '\r')
            assert_true(i + 1 < b.len && b.data[i + 1] == '\n');
    }
    assert_true(b.data[b.len - 1] == '\n');
    /* header + one row per indicator + per measure: units with a figure + ALL */
    size_t want = 1 + w.r->nindicators;
    for (size_t m = 0; m < w.r->nmeasures; m++)
        want += w.r->measures[m].nunits + 1;
    assert_int_equal(want, 1 + 2 + 3 + 2 + 1);
    assert_int_equal(records, want);
    /* every record has 23 fields and reads back */
    const char *p = b.data + 3;
    static char f[32][256];
    size_t row = 0, all = 0;
    while (*p) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e);
        if (!e)
            break;
        size_t n = csv_fields(p, (size_t)(e - p), f, 32);
        assert_int_equal(n, 23);
        if (row > 0 && strcmp(f[0], "measure") == 0 && strcmp(f[3], "DA") == 0)
            assert_string_equal(f[4], "S\xE1\xBB\x9F A, \"\xC4\x90\xC3\xB4ng\"");
        if (strcmp(f[3], "ALL") == 0)
            all++;
        if (strcmp(f[1], "AMT") == 0 && strcmp(f[3], "ALL") == 0) {
            assert_string_equal(f[6], "2.25");
            assert_string_equal(f[7], "1234569.75");
            assert_string_equal(f[20], "sum");
            assert_string_equal(f[22], "da-q2.xml:2; db-q2-r2.xml:2");
        }
        if (strcmp(f[1], "RAT") == 0) {
            assert_string_equal(f[2], "Ratio <A&B>, share");
            assert_string_equal(f[6], "0.75");
            assert_string_equal(f[15], "75.0");
            assert_string_equal(f[17], "behind");
        }
        p = e + 2;
        row++;
    }
    assert_int_equal(all, 3);
    /* machine numbers: no Vietnamese grouping or decimal comma */
    assert_null(strstr(b.data, "1.234.569"));
    assert_null(strstr(b.data, "2,25"));
    buf_release(&b);
    world_free(&w);
}

/* A partial figure says so in the note column. */
static void test_csv_partial_note(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, FX_COUNT(RUN), "2024-H1");
    buf b;
    buf_init(&b, 0);
    export_csv(P, w.a, w.r, &b);
    /* DB has 2024-Q2 only: its H1 is partial; DA has both quarters */
    assert_non_null(strstr(b.data, "measure,AMT,\"Amount, total\",DB,Dept B,2024-H1,2,2,,,,,,,u,"
                                   ",,,,,sum,some quarters missing,db-q2-r2.xml:2\r\n"));
    assert_non_null(strstr(b.data, "measure,AMT,\"Amount, total\",ALL,Toàn tỉnh,2024-H1,"
                                   "1234569.75,1234569.75,,,,,,,u,,,,,,sum,some quarters missing,"
                                   "da-q1.xml:2; da-q2.xml:2; db-q2-r2.xml:2\r\n"));
    buf_release(&b);
    world_free(&w);
}

/* Why an indicator has no value is said in the CSV's note column and in
 * the XML's <note>. */
static void test_indicator_note(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, FX_COUNT(RUN), "2023-Q2");
    buf b;
    buf_init(&b, 0);
    export_csv(P, w.a, w.r, &b);
    assert_non_null(strstr(b.data, ",ratio,no figures were reported,\r\n"));
    buf_release(&b);
    buf_init(&b, 0);
    export_xml(P, w.a, w.r, &INFO, &b);
    assert_non_null(strstr(b.data, "    <note>no figures were reported</note>\n"));
    buf_release(&b);
    world_free(&w);
}

/* ---- XML ---- */

static const xml_node *child_with(const xml_node *n, const char *name, const char *attr,
                                  const char *value)
{
    for (const xml_node *c = xml_child(n, name); c; c = xml_next_same(c)) {
        const char *v = xml_attr_get(c, attr);
        if (!attr || (v && strcmp(v, value) == 0))
            return c;
    }
    return NULL;
}

static const char *text_of(const xml_node *n, const char *child)
{
    const xml_node *c = n ? xml_child(n, child) : NULL;
    return c ? c->text : "(absent)";
}

static const char *attr_of(const xml_node *n, const char *attr)
{
    const char *v = n ? xml_attr_get(n, attr) : NULL;
    return v ? v : "(absent)";
}

static size_t count_children(const xml_node *n, const char *name)
{
    size_t k = 0;
    for (const xml_node *c = n ? xml_child(n, name) : NULL; c; c = xml_next_same(c))
        k++;
    return k;
}

static void test_xml_reads_back(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, FX_COUNT(RUN), "2024-Q2");
    buf b;
    buf_init(&b, 0);
    export_xml(P, w.a, w.r, &INFO, &b);
    assert_memory_equal(b.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39);

    /* well-formed, and valid against templates/summary-v1.xsd */
    xml_schema *schema = fx_schema("templates/summary-v1.xsd");
    assert_non_null(schema);
    diag_list d;
    diag_list_init(&d, "summary.xml");
    enum xml_status st;
    xml_doc *doc = xml_read_memory(b.data, b.len, "summary.xml", "summary", schema,
                                   &xml_default_limits, &d, &st);
    if (!doc || d.n)
        fx_dump(&d);
    assert_non_null(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(st, XML_OK);
    const xml_node *root = doc ? xml_root(doc) : NULL;
    assert_non_null(root);
    if (!root)
        return;

    assert_string_equal(attr_of(root, "plan"), "T/KH");
    assert_string_equal(attr_of(root, "province"), "L\xE1\xBA\xA1ng S\xC6\xA1n");
    assert_string_equal(attr_of(root, "period"), "2024-Q2");
    assert_string_equal(attr_of(root, "from"), "2024-03-15");
    assert_string_equal(attr_of(root, "to"), "2024-06-14");
    assert_string_equal(attr_of(root, "date"), "2024-06-20");
    assert_string_equal(attr_of(root, "sample"), "false");
    assert_string_equal(attr_of(root, "generator"), "9.9");

    const xml_node *files = xml_child(root, "files");
    assert_string_equal(attr_of(files, "total"), "7");
    assert_string_equal(attr_of(files, "accepted"), "3");
    assert_string_equal(attr_of(files, "superseded"), "1");
    assert_string_equal(attr_of(files, "rejected"), "2");
    assert_string_equal(attr_of(files, "skipped"), "1");

    const xml_node *rat = child_with(root, "indicator", "code", "RAT");
    assert_non_null(rat);
    assert_string_equal(text_of(rat, "name"), "Ratio <A&B>, share");
    assert_string_equal(attr_of(rat, "status"), "behind");
    assert_string_equal(attr_of(rat, "accumulates"), "false");
    assert_string_equal(attr_of(rat, "target"), "1");
    assert_string_equal(text_of(rat, "value"), "0.75");
    assert_string_equal(text_of(rat, "cumulative"), "1.23");
    assert_string_equal(text_of(rat, "judged"), "0.75");
    assert_string_equal(text_of(rat, "percent-of-target"), "75.0");
    assert_null(xml_child(rat, "same-period-last-year"));
    assert_null(xml_child(rat, "expected-progress"));
    assert_string_equal(attr_of(xml_child(rat, "numerator"), "measure"), "AMT");
    assert_string_equal(attr_of(xml_child(rat, "denominator"), "measure"), "DEN");
    /* a baseline with decimals keeps them */
    assert_string_equal(attr_of(xml_child(rat, "baseline"), "value"), "0.85");

    const xml_node *cnt = child_with(root, "indicator", "code", "CNT");
    assert_string_equal(text_of(cnt, "value"), "1");
    /* nobody sent a report for 2023-Q2: no count, rather than 0 */
    assert_null(xml_child(cnt, "same-period-last-year"));
    assert_string_equal(text_of(cnt, "expected-progress"), "50.0");
    assert_string_equal(text_of(cnt, "percent-of-target"), "25.0");
    assert_string_equal(text_of(cnt, "projection"), "2");
    assert_string_equal(attr_of(xml_child(cnt, "baseline"), "year"), "2022");
    assert_string_equal(attr_of(xml_child(cnt, "baseline"), "value"), "0");
    assert_string_equal(attr_of(xml_child(cnt, "baseline"), "source"), "new in the plan");

    const xml_node *amt = child_with(root, "measure", "code", "AMT");
    assert_string_equal(attr_of(amt, "kind"), "amount");
    assert_string_equal(text_of(amt, "name"), "Amount, total");
    const xml_node *tot = amt ? xml_child(amt, "total") : NULL;
    assert_string_equal(attr_of(tot, "value"), "2.25");
    assert_string_equal(attr_of(tot, "cumulative"), "1234569.75");
    assert_string_equal(attr_of(tot, "rule"), "sum");
    assert_null(xml_attr_get(tot, "partial"));
    assert_int_equal(count_children(tot, "source"), 2);
    const xml_node *src = tot ? xml_child(tot, "source") : NULL;
    assert_string_equal(attr_of(src, "file"), "da-q2.xml");
    assert_string_equal(attr_of(src, "line"), "2");
    assert_int_equal(count_children(amt, "by-unit"), 2);
    const xml_node *db = child_with(amt, "by-unit", "unit", "DB");
    assert_string_equal(attr_of(db, "value"), "2");
    assert_string_equal(attr_of(db, "rule"), "submitted");
    assert_string_equal(attr_of(xml_child(db, "source"), "file"), "db-q2-r2.xml");

    const xml_node *cov = xml_child(root, "coverage");
    assert_string_equal(attr_of(cov, "period"), "2024-Q2");
    assert_string_equal(attr_of(cov, "deadline"), "2024-06-17");
    assert_int_equal(count_children(cov, "unit"), 2);
    const xml_node *cdb = child_with(cov, "unit", "code", "DB");
    assert_string_equal(attr_of(cdb, "status"), "late");
    assert_string_equal(attr_of(cdb, "sent"), "2024-06-20");
    assert_string_equal(attr_of(cdb, "file"), "db-q2-r2.xml");

    assert_int_equal(count_children(root, "item"), 1);
    const xml_node *it = xml_child(root, "item");
    assert_string_equal(attr_of(it, "id"), "GI-1");
    assert_string_equal(attr_of(it, "measure"), "ITM");
    assert_string_equal(attr_of(it, "in-period"), "true");
    assert_string_equal(text_of(it, "name"), "Na & \"Me\"");
    assert_int_equal(count_children(it, "report"), 2);
    const xml_node *r2 = it ? xml_child(it, "report") : NULL;
    r2 = r2 ? r2->next : NULL;
    assert_string_equal(attr_of(r2, "unit"), "DB");
    assert_string_equal(attr_of(r2, "file"), "db-q2-r2.xml");
    assert_string_equal(attr_of(r2, "line"), "4");

    xml_doc_free(doc);
    diag_list_release(&d);
    xml_schema_free(schema);
    buf_release(&b);
    world_free(&w);
}

/* With nothing to report the XML is still valid (no figures, every unit
 * missing). */
static void test_xml_empty_run_valid(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, 0, "2023-2025");
    buf b;
    buf_init(&b, 0);
    export_xml(P, w.a, w.r, &INFO, &b);
    xml_schema *schema = fx_schema("templates/summary-v1.xsd");
    assert_non_null(schema);
    diag_list d;
    diag_list_init(&d, "summary.xml");
    enum xml_status st;
    xml_doc *doc = xml_read_memory(b.data, b.len, "summary.xml", "summary", schema,
                                   &xml_default_limits, &d, &st);
    if (d.n)
        fx_dump(&d);
    assert_non_null(doc);
    assert_int_equal(st, XML_OK);
    assert_non_null(strstr(b.data, "<files total=\"0\" accepted=\"0\" superseded=\"0\" "
                                   "rejected=\"0\" skipped=\"0\"/>"));
    assert_non_null(strstr(b.data, "status=\"no-data\""));
    xml_doc_free(doc);
    diag_list_release(&d);
    xml_schema_free(schema);
    buf_release(&b);
    world_free(&w);
}

/* A ratio too large for num_format_real (100 × 999999999999 / 0.000001 =
 * 1e20 %) must not leave an empty <value/>: summary.xml stays valid. */
static void test_xml_huge_ratio_valid(void **state)
{
    (void)state;
    static const struct file_spec run[] = {
        {"da.xml", SUB, "DA", "2024-Q1", 1, "2024-03-14",
         "<values><value measure=\"AMT\">999999999999</value>"
         "<value measure=\"DEN\">0.000001</value></values>"},
    };
    struct world w;
    world_build(&w, run, FX_COUNT(run), "2024-Q1");
    buf b;
    buf_init(&b, 0);
    export_xml(P, w.a, w.r, &INFO, &b);
    xml_schema *schema = fx_schema("templates/summary-v1.xsd");
    assert_non_null(schema);
    diag_list d;
    diag_list_init(&d, "summary.xml");
    enum xml_status st;
    xml_doc *doc = xml_read_memory(b.data, b.len, "summary.xml", "summary", schema,
                                   &xml_default_limits, &d, &st);
    if (d.n)
        fx_dump(&d);
    assert_int_equal(d.n, 0);
    assert_int_equal(st, XML_OK);
    assert_null(strstr(b.data, "<value></value>"));
    xml_doc_free(doc);
    diag_list_release(&d);
    xml_schema_free(schema);
    buf_release(&b);
    world_free(&w);
}

/* ---- run log ---- */

static const char RUNLOG_EXPECTED[] =
    "baocao 9.9 run log\n"
    "plan\tT/KH\tplan.xml\n"
    "period\t2024-Q2\t15/03/2024 - 14/06/2024\n"
    "report date\t2024-06-20\n"
    "files\t7 found\t6 read\t3 accepted\t1 superseded\t2 rejected\t1 skipped\n"
    "\n"
    "# every input file: fate, file, unit, period, revision, sent, detail\n"
    "rejected\tbad.xml\t\t\t\t\t1 errors, 0 warnings: number-invalid\n"
    "accepted\tda-q1.xml\tDA\t2024-Q1\tr1\t2024-03-14\n"
    "accepted\tda-q2.xml\tDA\t2024-Q2\tr1\t2024-06-14\n"
    "superseded\tdb-q2-r1.xml\tDB\t2024-Q2\tr1\t2024-06-10\tsuperseded by db-q2-r2.xml\n"
    "accepted\tdb-q2-r2.xml\tDB\t2024-Q2\tr2\t2024-06-20\tlate (deadline 2024-06-17)\t"
    "0 errors, 1 warnings: late\n"
    "unreadable\tgone.xml\t\t\t\t\t1 errors, 0 warnings: read-failed\n"
    "skipped\tnotes.txt\t\t\t\t\t0 errors, 1 warnings: not-xml-file\n"
    "\n"
    "# coverage of 2024-Q2 (deadline 17/06/2024): status, unit, name, sent, file\n"
    "on-time\tDA\tSở A, \"Đông\"\t2024-06-14\tda-q2.xml\n"
    "late\tDB\tDept B\t2024-06-20\tdb-q2-r2.xml\n";

static void test_runlog_whole(void **state)
{
    (void)state;
    struct world w;
    world_build(&w, RUN, FX_COUNT(RUN), "2024-Q2");
    buf b;
    buf_init(&b, 0);
    export_runlog(P, w.a, w.r, &INFO, &b);
    same_text(RUNLOG_EXPECTED, &b);
    buf_release(&b);
    world_free(&w);
}

/* Every file once, and the counts add up, also with duplicates and
 * conflicts. */
static void test_runlog_counts_add_up(void **state)
{
    (void)state;
    static const struct file_spec run[] = {
        {"a.xml", SUB, "DA", "2024-Q1", 1, "2024-03-14", "<values><value measure=\"AMT\">1</value></values>"},
        {"a-copy.xml", SUB, "DA", "2024-Q1", 1, "2024-03-14", "<values><value measure=\"AMT\">1</value></values>"},
        {"b1.xml", SUB, "DB", "2024-Q1", 2, "2024-03-14", "<values><value measure=\"AMT\">1</value></values>"},
        {"b2.xml", SUB, "DB", "2024-Q1", 2, "2024-03-14", "<values><value measure=\"AMT\">2</value></values>"},
        {"b0.xml", SUB, "DB", "2024-Q1", 1, "2024-03-14", "<values><value measure=\"AMT\">3</value></values>"},
        {"x.txt", SKIPPED, NULL, NULL, 0, NULL, NULL},
    };
    struct world w;
    world_build(&w, run, FX_COUNT(run), "2024-Q1");
    buf b;
    buf_init(&b, 0);
    export_runlog(P, w.a, w.r, &INFO, &b);
    assert_non_null(
        strstr(b.data, "files\t6 found\t5 read\t2 accepted\t1 superseded\t2 rejected\t1 skipped\n"));
    assert_int_equal(w.r->files_total, w.r->files_accepted + w.r->files_superseded +
                                           w.r->files_rejected + w.r->files_skipped);
    assert_non_null(strstr(b.data, "\naccepted\ta-copy.xml\tDA\t2024-Q1\tr1\t2024-03-14\n"));
    assert_non_null(strstr(b.data, "\nduplicate\ta.xml\tDA\t2024-Q1\tr1\t2024-03-14\tsame as a-copy.xml\t0 errors, 1 warnings: duplicate-file\n"));
    assert_non_null(strstr(b.data, "\nconflict\tb1.xml\tDB\t2024-Q1\tr2\t2024-03-14\tconflicts with b2.xml\t1 errors, 0 warnings: revision-conflict\n"));
    assert_non_null(strstr(b.data, "\nconflict\tb2.xml\tDB\t2024-Q1\tr2\t2024-03-14\tconflicts with b1.xml\t1 errors, 0 warnings: revision-conflict\n"));
    assert_non_null(strstr(b.data, "\naccepted\tb0.xml\tDB\t2024-Q1\tr1\t2024-03-14\n"));
    assert_non_null(strstr(b.data, "\nskipped\tx.txt\t\t\t\t\t0 errors, 1 warnings: not-xml-file\n"));
    /* each file on exactly one line of the file list */
    for (size_t i = 0; i < FX_COUNT(run); i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "\t%s", run[i].path);
        size_t k = 0;
        for (const char *p = strstr(b.data, needle); p; p = strstr(p + 1, needle))
            if (p[strlen(needle)] == '\t' || p[strlen(needle)] == '\n')
                k++;
        /* the files kept are named again in the coverage list; names after
         * "same as" or "conflicts with" follow a space, not a tab */
        size_t want = strcmp(run[i].path, "a-copy.xml") == 0 || strcmp(run[i].path, "b0.xml") == 0
                          ? 2
                          : 1;
        if (k != want)
            fail_msg("%s appears %zu times, expected %zu:\n%s", run[i].path, k, want, b.data);
    }
    buf_release(&b);
    world_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_whole),
        cmocka_unit_test(test_csv_properties),
        cmocka_unit_test(test_csv_partial_note),
        cmocka_unit_test(test_indicator_note),
        cmocka_unit_test(test_xml_reads_back),
        cmocka_unit_test(test_xml_empty_run_valid),
        cmocka_unit_test(test_xml_huge_ratio_valid),
        cmocka_unit_test(test_runlog_whole),
        cmocka_unit_test(test_runlog_counts_add_up),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
