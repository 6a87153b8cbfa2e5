/*
 * test_template: report templates read from memory (tpl_from_xml), their
 * placeholder checks with the line of each problem, tpl_expand over the
 * whole vocabulary, and the three shipped templates loaded with their
 * schema.
 */
#include "fixtures.h"

#include "buf.h"
#include "submission.h"
#include "template.h"

#define TPL_XSD "templates/report-template-v1.xsd"

/* Every block kind, in a section and an appendix. Line numbers matter. */
static const char FULL[] =
    "<template version=\"1\">\n"                                                   /* 1 */
    "  <page top=\"22\" bottom=\"21\" left=\"33\" right=\"17\" font=\"Liberation Serif\"/>\n" /* 2 */
    "  <header>\n"                                                                  /* 3 */
    "    <parent>UBND TỈNH</parent>\n"                                              /* 4 */
    "    <issuer>SỞ KH&amp;CN</issuer>\n"                                           /* 5 */
    "    <number>Số: {number}/BC</number>\n"                                        /* 6 */
    "    <nation>NATION</nation>\n"                                                 /* 7 */
    "    <motto>Motto</motto>\n"                                                    /* 8 */
    "    <place-date>Lạng Sơn, {date}</place-date>\n"                               /* 9 */
    "  </header>\n"                                                                 /* 10 */
    "  <title>BÁO CÁO</title>\n"                                                    /* 11 */
    "  <subject>Report {period}</subject>\n"                                        /* 12 */
    "  <sample-notice>(sample)</sample-notice>\n"                                   /* 13 */
    "  <section>\n"                                                                 /* 14 */
    "    <p>From {from} to {to}.</p>\n"                                             /* 15 */
    "  </section>\n"                                                                /* 16 */
    "  <section title=\"I. {year}\">\n"                                             /* 17 */
    "    <heading>Heading</heading>\n"                                              /* 18 */
    "    <indicator-table/>\n"                                                      /* 19 */
    "    <progress-chart title=\"Progress {period_code}\"/>\n"                      /* 20 */
    "    <trend-chart title=\"Trend\"/>\n"                                          /* 21 */
    "    <task-table/>\n"                                                           /* 22 */
    "    <coverage-table/>\n"                                                       /* 23 */
    "    <remarks kind=\"difficulty\" none=\"No difficulty\"/>\n"                   /* 24 */
    "    <remarks kind=\"proposal\"/>\n"                                            /* 25 */
    "    <goals/>\n"                                                                /* 26 */
    "    <unit-figures/>\n"                                                         /* 27 */
    "    <items/>\n"                                                                /* 28 */
    "    <progress-chart/>\n"                                                       /* 29 */
    "  </section>\n"                                                                /* 30 */
    "  <signature>\n"                                                               /* 31 */
    "    <authority>KT. GIÁM ĐỐC</authority>\n"                                     /* 32 */
    "    <authority>PHÓ GIÁM ĐỐC</authority>\n"                                     /* 33 */
    "    <signer>Name</signer>\n"                                                   /* 34 */
    "  </signature>\n"                                                              /* 35 */
    "  <recipients>\n"                                                              /* 36 */
    "    <recipient>UBND tỉnh;</recipient>\n"                                       /* 37 */
    "    <recipient>Lưu: VT.</recipient>\n"                                         /* 38 */
    "  </recipients>\n"                                                             /* 39 */
    "  <appendix title=\"APPENDIX {plan_number}\" orientation=\"landscape\">\n"     /* 40 */
    "    <attached>(Kèm theo {number})</attached>\n"                                /* 41 */
    "    <unit-figures/>\n"                                                         /* 42 */
    "  </appendix>\n"                                                               /* 43 */
    "  <appendix title=\"B\">\n"                                                    /* 44 */
    "    <attached>(b)</attached>\n"                                                /* 45 */
    "    <items/>\n"                                                                /* 46 */
    "  </appendix>\n"                                                               /* 47 */
    "  <appendix title=\"C\" orientation=\"portrait\">\n"                           /* 48 */
    "    <attached>(c)</attached>\n"                                                /* 49 */
    "    <p>c</p>\n"                                                                /* 50 */
    "  </appendix>\n"                                                               /* 51 */
    "</template>\n";

static tpl *read_tpl(const char *xml, const xml_schema *schema, diag_list *d)
{
    enum xml_status st;
    xml_doc *doc = fx_read(xml, "template", schema, d, &st);
    if (!doc)
        return NULL;
    tpl *t = tpl_from_xml(xml_root(doc), "mem.xml", d);
    xml_doc_free(doc);
    return t;
}

static void test_full_template(void **state)
{
    (void)state;
    xml_schema *schema = fx_schema(TPL_XSD);
    assert_non_null(schema);
    diag_list d;
    diag_list_init(&d, "mem.xml");
    tpl *t = read_tpl(FULL, schema, &d);
    if (d.n)
        fx_dump(&d);
    assert_int_equal(d.n, 0);
    assert_non_null(t);
    if (!t)
        return;
    assert_string_equal(t->path, "mem.xml");
    assert_true(t->top == 22 && t->bottom == 21 && t->left == 33 && t->right == 17);
    assert_string_equal(t->font, "Liberation Serif");
    assert_string_equal(t->parent, "UBND T\xE1\xBB\x88NH");
    assert_string_equal(t->issuer, "S\xE1\xBB\x9E KH&CN");
    assert_string_equal(t->number, "S\xE1\xBB\x91: {number}/BC");
    assert_string_equal(t->nation, "NATION");
    assert_string_equal(t->motto, "Motto");
    assert_string_equal(t->place_date, "L\xE1\xBA\xA1ng S\xC6\xA1n, {date}");
    assert_string_equal(t->subject, "Report {period}");
    assert_string_equal(t->sample_notice, "(sample)");

    assert_int_equal(t->nsections, 2);
    assert_null(t->sections[0].title);
    assert_int_equal(t->sections[0].line, 14);
    assert_int_equal(t->sections[0].nblocks, 1);
    assert_int_equal(t->sections[0].blocks[0].kind, TPL_P);
    assert_string_equal(t->sections[0].blocks[0].text, "From {from} to {to}.");
    assert_int_equal(t->sections[0].blocks[0].line, 15);

    const tpl_section *s = &t->sections[1];
    assert_string_equal(s->title, "I. {year}");
    assert_int_equal(s->line, 17);
    static const struct {
        enum tpl_block_kind kind;
        const char *text; /* NULL: none */
        unsigned long line;
    } want[] = {
        {TPL_HEADING, "Heading", 18},
        {TPL_INDICATOR_TABLE, NULL, 19},
        {TPL_PROGRESS_CHART, "Progress {period_code}", 20},
        {TPL_TREND_CHART, "Trend", 21},
        {TPL_TASK_TABLE, NULL, 22},
        {TPL_COVERAGE_TABLE, NULL, 23},
        {TPL_REMARKS, "No difficulty", 24},
        {TPL_REMARKS, NULL, 25},
        {TPL_GOALS, NULL, 26},
        {TPL_UNIT_FIGURES, NULL, 27},
        {TPL_ITEMS, NULL, 28},
        {TPL_PROGRESS_CHART, NULL, 29},
    };
    assert_int_equal(s->nblocks, FX_COUNT(want));
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want) && i < s->nblocks; i++) {
        const tpl_block *b = &s->blocks[i];
        if (b->kind != want[i].kind || b->line != want[i].line ||
            (want[i].text == NULL) != (b->text == NULL) ||
            (want[i].text && strcmp(want[i].text, b->text) != 0))
            ROW_FAIL("block %zu: expected kind %d line %lu text %s, got kind %d line %lu text %s",
                     i, want[i].kind, want[i].line, want[i].text ? want[i].text : "(none)",
                     b->kind, b->line, b->text ? b->text : "(none)");
    }
    ROWS_DONE();
    assert_int_equal(s->blocks[6].remark_kind, REMARK_DIFFICULTY);
    assert_int_equal(s->blocks[7].remark_kind, REMARK_PROPOSAL);

    assert_int_equal(t->nauthority, 2);
    assert_string_equal(t->authority[0], "KT. GI\xC3\x81M \xC4\x90\xE1\xBB\x90" "C");
    assert_string_equal(t->signer, "Name");
    assert_int_equal(t->nrecipients, 2);
    assert_string_equal(t->recipients[1], "L\xC6\xB0u: VT.");

    assert_int_equal(t->nappendices, 3);
    assert_string_equal(t->appendices[0].title, "APPENDIX {plan_number}");
    assert_string_equal(t->appendices[0].attached, "(K\xC3\xA8m theo {number})");
    assert_int_equal(t->appendices[0].orientation, TPL_LANDSCAPE);
    assert_int_equal(t->appendices[0].nblocks, 1);
    assert_int_equal(t->appendices[0].blocks[0].kind, TPL_UNIT_FIGURES);
    assert_int_equal(t->appendices[0].line, 40);
    assert_int_equal(t->appendices[1].orientation, TPL_AUTO);
    assert_int_equal(t->appendices[1].blocks[0].kind, TPL_ITEMS);
    assert_int_equal(t->appendices[2].orientation, TPL_PORTRAIT);
    assert_int_equal(t->sections[0].orientation, TPL_AUTO);
    tpl_free(t);
    diag_list_release(&d);
    xml_schema_free(schema);
}

/* Margins are taken from 5 to 60 mm, both included, as the schema says;
 * anything else (outside, or not a number) leaves the default. */
static void test_page_margins_range(void **state)
{
    (void)state;
    static const struct {
        const char *top, *bottom, *left, *right;
        double want[4];
    } rows[] = {
        {"5", "60", "4.99", "60.01", {5, 60, 30, 15}},
        {"5.5", "59.5", "12mm", "", {5.5, 59.5, 30, 15}},
        {"4", "61", "0", "-20", {20, 20, 30, 15}},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "<template version=\"1\"><page top=\"%s\" bottom=\"%s\" left=\"%s\" "
                 "right=\"%s\" font=\"F\"/><section><p>x</p></section></template>",
                 rows[i].top, rows[i].bottom, rows[i].left, rows[i].right);
        diag_list d;
        diag_list_init(&d, "mem.xml");
        tpl *t = read_tpl(xml, NULL, &d);
        diag_list_release(&d);
        if (!t) {
            ROW_FAIL("row %zu: not read", i);
            continue;
        }
        double got[4] = {t->top, t->bottom, t->left, t->right};
        for (int k = 0; k < 4; k++)
            if (got[k] != rows[i].want[k])
                ROW_FAIL("row %zu, margin %d: %g, expected %g", i, k, got[k], rows[i].want[k]);
        tpl_free(t);
    }
    ROWS_DONE();
}

/* Without a page element the defaults of Decree 30 apply. */
static void test_page_defaults(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d, "mem.xml");
    tpl *t = read_tpl("<template version=\"1\"><section><p>x</p></section></template>", NULL, &d);
    assert_int_equal(d.n, 0);
    assert_non_null(t);
    if (!t)
        return;
    assert_true(t->top == 20 && t->bottom == 20 && t->left == 30 && t->right == 15);
    assert_string_equal(t->font, "Times New Roman");
    assert_string_equal(t->title, "");
    assert_int_equal(t->nsections, 1);
    assert_int_equal(t->nappendices, 0);
    assert_int_equal(t->nrecipients, 0);
    tpl_free(t);
    diag_list_release(&d);
}

/* One bad text per row: where it is, the diagnostic and its line. */
static const struct {
    const char *name, *from, *to;
    enum diag_id id;
    unsigned long line;
    const char *needle;
} bad_cases[] = {
    {"unknown placeholder in a paragraph", "<p>From {from} to {to}.</p>",
     "<p>From {form} to {to}.</p>", DIAG_TPL_PLACEHOLDER, 15, "unknown placeholder {form}"},
    {"unknown placeholder in the subject", "<subject>Report {period}</subject>",
     "<subject>Report {Period}</subject>", DIAG_TPL_PLACEHOLDER, 12, "{Period}"},
    {"unknown placeholder in a section title", "<section title=\"I. {year}\">",
     "<section title=\"I. {years}\">", DIAG_TPL_PLACEHOLDER, 17, "{years}"},
    {"unknown placeholder in a chart title", "title=\"Progress {period_code}\"",
     "title=\"Progress {periodcode}\"", DIAG_TPL_PLACEHOLDER, 20, "{periodcode}"},
    {"unknown placeholder in remarks' none", "none=\"No difficulty\"",
     "none=\"No {difficulty}\"", DIAG_TPL_PLACEHOLDER, 24, "{difficulty}"},
    {"unknown placeholder in a heading", "<heading>Heading</heading>",
     "<heading>{}</heading>", DIAG_TPL_PLACEHOLDER, 18, "unknown placeholder {}"},
    {"unknown placeholder in an appendix's attached", "<attached>(Kèm theo {number})</attached>",
     "<attached>(Kèm theo {numero})</attached>", DIAG_TPL_PLACEHOLDER, 41, "{numero}"},
    {"unknown placeholder in an appendix title", "title=\"APPENDIX {plan_number}\"",
     "title=\"APPENDIX {plan}\"", DIAG_TPL_PLACEHOLDER, 40, "{plan}"},
    {"unknown placeholder in a recipient", "<recipient>Lưu: VT.</recipient>",
     "<recipient>Lưu: {unit}.</recipient>", DIAG_TPL_PLACEHOLDER, 38, "{unit}"},
    {"unknown placeholder in the signer", "<signer>Name</signer>",
     "<signer>{signer}</signer>", DIAG_TPL_PLACEHOLDER, 34, "{signer}"},
    {"unknown placeholder in the header", "<place-date>Lạng Sơn, {date}</place-date>",
     "<place-date>Lạng Sơn, {today}</place-date>", DIAG_TPL_PLACEHOLDER, 9, "{today}"},
    {"a '{' without '}' in a paragraph", "<p>From {from} to {to}.</p>",
     "<p>From {from} to {to.</p>", DIAG_TPL_BRACE, 15, "a '{' without its '}'"},
    {"a '{' without '}' in a title", "<title>BÁO CÁO</title>", "<title>BÁO {CÁO</title>",
     DIAG_TPL_BRACE, 11, "write placeholders as {name}"},
    {"a '{' without '}' in an attribute", "title=\"Trend\"", "title=\"Trend {\"",
     DIAG_TPL_BRACE, 21, NULL},
};

static void test_bad_placeholders(void **state)
{
    (void)state;
    xml_schema *schema = fx_schema(TPL_XSD);
    assert_non_null(schema);
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(bad_cases); i++) {
        if (!strstr(FULL, bad_cases[i].from))
            fail_msg("row %zu: '%s' is not in the template", i, bad_cases[i].from);
        char *xml = fx_replace(FULL, bad_cases[i].from, bad_cases[i].to);
        diag_list d;
        diag_list_init(&d, "mem.xml");
        tpl *t = read_tpl(xml, schema, &d);
        if (t || !fx_only(&d, bad_cases[i].id, bad_cases[i].line, bad_cases[i].needle))
            ROW_FAIL("row %zu (%s): expected no template and one [%s] at line %lu", i,
                     bad_cases[i].name, diag_id_name(bad_cases[i].id), bad_cases[i].line);
        tpl_free(t);
        diag_list_release(&d);
        free(xml);
    }
    ROWS_DONE();
    xml_schema_free(schema);
}

/* Every problem of a template is reported, each at its own line. */
static void test_all_problems_reported(void **state)
{
    (void)state;
    char *a = fx_replace(FULL, "{from}", "{begin}");
    char *b = fx_replace(a, "{plan_number}", "{plan_no}");
    char *c = fx_replace(b, "<motto>Motto</motto>", "<motto>Motto {</motto>");
    diag_list d;
    diag_list_init(&d, "mem.xml");
    tpl *t = read_tpl(c, NULL, &d);
    assert_null(t);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.errors, 3);
    assert_non_null(fx_find_at(&d, DIAG_TPL_PLACEHOLDER, 15));
    assert_non_null(fx_find_at(&d, DIAG_TPL_PLACEHOLDER, 40));
    assert_non_null(fx_find_at(&d, DIAG_TPL_BRACE, 8));
    tpl_free(t);
    diag_list_release(&d);
    free(a);
    free(b);
    free(c);
}

/* A paragraph wrapped over several lines (as editors do with the long
 * paragraphs of a report): the diagnostic names the line the misspelt
 * placeholder is on, not the line the paragraph starts on. */
static void test_placeholder_line_in_wrapped_text(void **state)
{
    (void)state;
    char *xml = fx_replace(FULL, "<p>From {from} to {to}.</p>",
                           "<p>From {from}\n      to {tu}.</p>"); /* {tu} on line 16 */
    diag_list d;
    diag_list_init(&d, "mem.xml");
    tpl *t = read_tpl(xml, NULL, &d);
    assert_null(t);
    if (!fx_only(&d, DIAG_TPL_PLACEHOLDER, 16, "{tu}"))
        fail_msg("expected the diagnostic on line 16, where {tu} is");
    tpl_free(t);
    diag_list_release(&d);
    free(xml);
}

/* ---- tpl_expand ---- */

static const char *value_of(void *ctx, enum tpl_var v)
{
    static char out[TPL_VAR__COUNT][32];
    (void)ctx;
    snprintf(out[v], sizeof out[v], "<%s=%d>", tpl_var_name(v), (int)v);
    return out[v];
}

static void test_expand_every_variable(void **state)
{
    (void)state;
    static const char *const names[] = {
        "period", "period_code", "year", "from", "to", "deadline", "date", "date_short",
        "number", "plan_number", "plan_date", "plan_title", "plan_issuer", "province",
        "plan_years", "units_expected", "units_on_time", "units_late", "units_missing",
        "units_by_status",
        "indicators_total", "indicators_met", "indicators_on_track", "indicators_behind",
        "indicators_no_data", "indicators_not_achieved", "indicators_by_status", "tasks_total",
        "tasks_done", "tasks_in_progress", "tasks_not_reported", "tasks_by_status",
        "files_accepted", "files_rejected"};
    assert_int_equal(TPL_VAR__COUNT, FX_COUNT(names));
    ROWS_BEGIN();
    buf all_in, all_want;
    buf_init(&all_in, 0);
    buf_init(&all_want, 0);
    for (int v = 0; v < TPL_VAR__COUNT; v++) {
        if (strcmp(tpl_var_name((enum tpl_var)v), names[v]) != 0)
            ROW_FAIL("variable %d is named %s, expected %s", v, tpl_var_name((enum tpl_var)v),
                     names[v]);
        char in[64], want[96];
        snprintf(in, sizeof in, "a {%s} b", names[v]);
        snprintf(want, sizeof want, "a <%s=%d> b", names[v], v);
        buf out;
        buf_init(&out, 0);
        tpl_expand(in, value_of, NULL, &out);
        if (strcmp(out.data, want) != 0)
            ROW_FAIL("{%s}: expanded to \"%s\", expected \"%s\"", names[v], out.data, want);
        buf_release(&out);
        buf_printf(&all_in, "{%s}", names[v]);
        buf_printf(&all_want, "<%s=%d>", names[v], v);
        /* each name is accepted by the reader too */
        char xml[256];
        snprintf(xml, sizeof xml, "<template version=\"1\"><section><p>{%s}</p></section></template>",
                 names[v]);
        diag_list d;
        diag_list_init(&d, "mem.xml");
        tpl *t = read_tpl(xml, NULL, &d);
        if (!t || d.n)
            ROW_FAIL("{%s} is rejected by tpl_from_xml", names[v]);
        tpl_free(t);
        diag_list_release(&d);
    }
    ROWS_DONE();
    /* all of them side by side, nothing in between */
    buf out;
    buf_init(&out, 0);
    tpl_expand(all_in.data, value_of, NULL, &out);
    assert_string_equal(out.data, all_want.data);
    buf_release(&out);
    buf_release(&all_in);
    buf_release(&all_want);
}

static void test_expand_edges(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } rows[] = {
        {"", ""},
        {"no placeholders", "no placeholders"},
        {"{year}", "<year=2>"},
        {"{year}{year}", "<year=2><year=2>"},
        {"x {unknown} y", "x {unknown} y"},          /* unknown: copied as it is */
        {"{} {year}", "{} <year=2>"},
        {"open { only", "open { only"},              /* no '}': copied */
        {"{year} and {", "<year=2> and {"},
        {"close } only {year}", "close } only <year=2>"},
        {"{Year}", "{Year}"},                        /* names are case-sensitive */
        {"Lạng Sơn, {date}.", "Lạng Sơn, <date=6>."},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        buf out;
        buf_init(&out, 0);
        tpl_expand(rows[i].in, value_of, NULL, &out);
        if (strcmp(out.data, rows[i].want) != 0)
            ROW_FAIL("\"%s\": got \"%s\", expected \"%s\"", rows[i].in, out.data, rows[i].want);
        buf_release(&out);
    }
    ROWS_DONE();
}

/* ---- the shipped templates ---- */

static void test_shipped_templates(void **state)
{
    (void)state;
    static const char *const paths[] = {"templates/report-quarter.xml",
                                        "templates/report-year.xml",
                                        "templates/report-review.xml"};
    xml_schema *schema = fx_schema(TPL_XSD);
    assert_non_null(schema);
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(paths); i++) {
        diag_list d;
        diag_list_init(&d, paths[i]);
        int io = 0;
        tpl *t = tpl_load(paths[i], schema, &xml_default_limits, &d, &io);
        if (!t || d.n || io) {
            fx_dump(&d);
            ROW_FAIL("%s does not load cleanly", paths[i]);
        } else {
            /* the official layout: the header of Decree 30, a signature,
             * recipients ending with the archive line, some sections */
            if (!t->nsections || !t->nauthority || !t->nrecipients || !*t->parent ||
                !*t->issuer || !*t->title || !*t->subject || !*t->signer)
                ROW_FAIL("%s lacks a part of the official layout", paths[i]);
            if (t->nrecipients && strncmp(t->recipients[t->nrecipients - 1], "L\xC6\xB0u", 4) != 0)
                ROW_FAIL("%s: the last recipient is \"%s\", not the archive (Lưu)", paths[i],
                         t->recipients[t->nrecipients - 1]);
            if (strcmp(t->title, "B\xC3\x81O C\xC3\x81O") != 0)
                ROW_FAIL("%s: the title is \"%s\"", paths[i], t->title);
        }
        tpl_free(t);
        diag_list_release(&d);
    }
    ROWS_DONE();
    xml_schema_free(schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_template),
        cmocka_unit_test(test_page_defaults),
        cmocka_unit_test(test_page_margins_range),
        cmocka_unit_test(test_bad_placeholders),
        cmocka_unit_test(test_all_problems_reported),
        cmocka_unit_test(test_placeholder_line_in_wrapped_text),
        cmocka_unit_test(test_expand_every_variable),
        cmocka_unit_test(test_expand_edges),
        cmocka_unit_test(test_shipped_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
