/*
 * Unit tests of xml: the safe reader. A well-formed document becomes the
 * small tree (names, attributes, trimmed and collapsed NFC text, lines);
 * every hostile or broken input (DOCTYPE and entity tricks, gzip, UTF-16,
 * bad UTF-8, NUL, truncation, XInclude, oversized inputs) becomes one clear
 * diagnostic; line numbers stay right past 65535; schema errors keep the
 * tree and carry the element's line.
 */
#include "fixtures.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xml.h"

static xml_schema *sub_schema;

static int setup(void **state)
{
    (void)state;
    xml_init();
    sub_schema = fx_schema(FX_SUB_XSD);
    return sub_schema ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xml_schema_free(sub_schema);
    return 0;
}

/* Reads data[0..n) expecting rejection with exactly one diagnostic. */
static int expect_reject(const char *name, const char *data, size_t n, const char *root,
                         const xml_limits *lim, enum diag_id id, unsigned long line,
                         const char *needle)
{
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st = XML_OK;
    xml_doc *doc = xml_read_memory(data, n, "t.xml", root, NULL,
                                   lim ? lim : &xml_default_limits, &d, &st);
    int ok = 1;
    if (doc) {
        print_error("%s: a tree was returned\n", name);
        xml_doc_free(doc);
        ok = 0;
    }
    if (!fx_only(&d, id, line, needle)) {
        print_error("%s: wrong diagnostics\n", name);
        ok = 0;
    }
    if (st == XML_OK) {
        print_error("%s: status XML_OK\n", name);
        ok = 0;
    }
    diag_list_release(&d);
    return ok;
}

/* ---- the tree ---- */

static const char tree_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                          /* 1 */
    "<!-- a comment before the root -->\n"                                  /* 2 */
    "<root a=\"1\" b=\"  x  y \" c=\"A &amp; B &lt;C&gt; &#x1EC7;\">\n"     /* 3 */
    "  <child>  hello\n"                                                    /* 4 */
    "     \t world  </child>\n"                                             /* 5 */
    "  <child k=\"Vie\xCC\xA3\xCC\x82t\">Vie\xCC\xA3\xCC\x82t Nam</child>\n" /* 6 */
    "  <empty/>\n"                                                          /* 7 */
    "  <mixed>one <b>two</b>\n"                                             /* 8 */
    "    three<!-- c --> four</mixed>\n"                                     /* 9 */
    "  <cdata><![CDATA[ x < y && z ]]></cdata>\n"                           /* 10 */
    "  <ref>A &amp; B &#x1EC7; e&#x323;&#x302;</ref>\n"                     /* 11 */
    "  <?pi ignored?>\n"                                                    /* 12 */
    "  <child/>\n"                                                          /* 13 */
    "</root>\n";                                                            /* 14 */

static void test_tree(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st = XML_INVALID;
    xml_doc *doc = fx_read(tree_doc, "root", NULL, &d, &st);
    if (!doc || d.n)
        fx_dump(&d);
    REQUIRE(doc);
    assert_int_equal(d.n, 0);
    assert_int_equal(st, XML_OK);

    const xml_node *r = xml_root(doc);
    assert_string_equal(r->name, "root");
    assert_int_equal(r->line, 3);
    assert_null(r->parent);
    assert_string_equal(r->text, "");
    assert_int_equal(r->nattrs, 3);
    assert_string_equal(r->attrs[0].name, "a");
    assert_string_equal(r->attrs[1].name, "b");
    assert_string_equal(r->attrs[2].name, "c");
    assert_string_equal(xml_attr_get(r, "a"), "1");
    assert_string_equal(xml_attr_get(r, "b"), "x y"); /* trimmed and collapsed, like texts */
    assert_string_equal(xml_attr_get(r, "c"), "A & B <C> \xE1\xBB\x87");
    assert_null(xml_attr_get(r, "missing"));

    const xml_node *c1 = xml_child(r, "child");
    REQUIRE(c1);
    assert_int_equal(c1->line, 4);
    assert_ptr_equal(c1->parent, r);
    assert_string_equal(c1->text, "hello world"); /* trimmed, runs collapsed */
    assert_int_equal(c1->nattrs, 0);

    const xml_node *c2 = xml_next_same(c1);
    REQUIRE(c2);
    assert_int_equal(c2->line, 6);
    assert_string_equal(c2->text, "Vi\xE1\xBB\x87t Nam");          /* NFC */
    assert_string_equal(xml_attr_get(c2, "k"), "Vi\xE1\xBB\x87t"); /* NFC */

    const xml_node *e = xml_child(r, "empty");
    REQUIRE(e);
    assert_int_equal(e->line, 7);
    assert_string_equal(e->text, "");
    assert_null(e->first);
    assert_ptr_equal(c2->next, e);

    const xml_node *m = xml_child(r, "mixed");
    REQUIRE(m);
    assert_int_equal(m->line, 8);
    /* mixed content: only the first piece of text is kept (no baocao schema
     * allows mixed content; joining every piece was quadratic) */
    assert_string_equal(m->text, "one");
    REQUIRE(xml_child(m, "b"));
    assert_string_equal(xml_child(m, "b")->text, "two");
    assert_int_equal(xml_child(m, "b")->line, 8);

    assert_string_equal(xml_child(r, "cdata")->text, "x < y && z");
    assert_int_equal(xml_child(r, "cdata")->line, 10);
    /* character references, the decomposed one composed */
    assert_string_equal(xml_child(r, "ref")->text, "A & B \xE1\xBB\x87 \xE1\xBB\x87");

    const xml_node *c3 = xml_next_same(c2);
    REQUIRE(c3);
    assert_int_equal(c3->line, 13);
    assert_null(xml_next_same(c3));
    assert_ptr_equal(r->last, c3);
    assert_null(c3->next);

    /* the children in document order; no comment or PI nodes */
    static const char *const order[] = {"child", "child", "empty", "mixed",
                                        "cdata", "ref",   "child"};
    size_t k = 0;
    for (const xml_node *n = r->first; n; n = n->next, k++) {
        assert_true(k < FX_COUNT(order));
        assert_string_equal(n->name, order[k]);
    }
    assert_int_equal(k, FX_COUNT(order));
    assert_null(xml_child(r, "b")); /* only direct children */

    xml_doc_free(doc);
    xml_doc_free(NULL);
    assert_null(xml_root(NULL));
    diag_list_release(&d);
}

static void test_bom_and_declared_encoding(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st;
    /* a UTF-8 BOM is fine; a wrong encoding declaration does not re-decode the bytes */
    const char *xml = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                      "<r>Vi\xE1\xBB\x87t</r>\n";
    xml_doc *doc = fx_read(xml, "r", NULL, &d, &st);
    if (!doc)
        fx_dump(&d);
    REQUIRE(doc);
    assert_int_equal(d.n, 0);
    assert_string_equal(xml_root(doc)->text, "Vi\xE1\xBB\x87t");
    xml_doc_free(doc);
    diag_list_release(&d);
}

/* ---- rejected inputs ---- */

static void test_wrong_root(void **state)
{
    (void)state;
    const char *xml = "<?xml version=\"1.0\"?>\n<plan version=\"1\"><x/></plan>\n";
    assert_true(expect_reject("wrong root", xml, strlen(xml), "submission", NULL,
                              DIAG_WRONG_ROOT, 2,
                              "the root element is <plan>, expected <submission>"));
}

/* Each: a DOCTYPE in some form. Nothing is expanded: no tree comes back. */
static const struct {
    const char *name;
    const char *xml;
    unsigned long line;
} doctypes[] = {
    {"internal subset with entity",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY e \"expanded\">]>\n<r>&e;</r>\n", 2},
    {"external SYSTEM entity",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n  <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
     "<r>&x;</r>\n",
     2},
    {"external DTD", "<!DOCTYPE r SYSTEM \"http://example.invalid/r.dtd\">\n<r/>\n", 1},
    {"parameter entities",
     "<?xml version=\"1.0\"?>\n\n<!DOCTYPE r [\n  <!ENTITY % p SYSTEM "
     "\"http://example.invalid/evil.dtd\">\n  %p;\n]>\n<r/>\n",
     3},
    {"billion laughs",
     "<?xml version=\"1.0\"?>\n"
     "<!DOCTYPE lolz [\n"
     " <!ENTITY lol \"lol\">\n"
     " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
     " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
     " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
     " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
     " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
     " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
     " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
     " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
     " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
     "]>\n<lolz>&lol9;</lolz>\n",
     2},
    {"after a BOM, a comment and a PI",
     "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<?pi x?>\n<!DOCTYPE r>\n<r/>\n", 4},
    {"DOCTYPE without subset", "<!DOCTYPE r><r/>", 1},
};

static void test_doctype_rejected(void **state)
{
    (void)state;
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(doctypes); i++) {
        const char *root = strstr(doctypes[i].xml, "lolz>") ? "lolz" : "r";
        if (!expect_reject(doctypes[i].name, doctypes[i].xml, strlen(doctypes[i].xml), root,
                           NULL, DIAG_DOCTYPE, doctypes[i].line, "DOCTYPE"))
            ROW_FAIL("doctype row: %s", doctypes[i].name);
    }
    ROWS_DONE();
}

static void test_byte_level_rejects(void **state)
{
    (void)state;
    static const char gz[] = "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03";
    static const char utf16le[] = "\xFF\xFE<\0r\0/\0>\0";
    static const char utf16be[] = "\xFE\xFF\0<\0r\0/\0>";
    static const char utf16nobom[] = "<\0r\0/\0>\0";
    static const char utf32le[] = "\xFF\xFE\0\0<\0\0\0r\0\0\0/\0\0\0>\0\0\0";
    static const char utf32be[] = "\0\0\xFE\xFF\0\0\0<\0\0\0r\0\0\0/\0\0\0>";
    static const char utf32lenobom[] = "<\0\0\0r\0\0\0/\0\0\0>\0\0\0";
    static const char utf32benobom[] = "\0\0\0<\0\0\0r\0\0\0/\0\0\0>";
    static const char two_boms[] = "\xEF\xBB\xBF\xEF\xBB\xBF<r/>";
    static const char late_bom[] = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n\xEF\xBB\xBF<r/>";
    static const char only_comment[] = "<?xml version=\"1.0\"?>\n<!-- nothing -->\n";
    static const char blank[] = "\xEF\xBB\xBF \r\n\t\n";
    static const char bad_utf8[] = "<?xml version=\"1.0\"?>\n<r>\n  <a>caf\xE9</a>\n</r>\n";
    static const char nul[] = "<r>\n\n<a>x\0y</a></r>\n";
    ROWS_BEGIN();
    if (!expect_reject("gzip", gz, sizeof gz - 1, "r", NULL, DIAG_GZIP, 0, "gunzip"))
        ROW_FAIL("gzip");
    if (!expect_reject("utf-16le", utf16le, sizeof utf16le - 1, "r", NULL, DIAG_UTF16, 0,
                       "UTF-16"))
        ROW_FAIL("utf-16le");
    if (!expect_reject("utf-16be", utf16be, sizeof utf16be - 1, "r", NULL, DIAG_UTF16, 0,
                       "UTF-16"))
        ROW_FAIL("utf-16be");
    if (!expect_reject("utf-16 no BOM", utf16nobom, sizeof utf16nobom - 1, "r", NULL,
                       DIAG_UTF16, 0, "UTF-16"))
        ROW_FAIL("utf-16 without BOM");
    /* UTF-32 is named as such, not as UTF-16 (its little-endian BOM begins with UTF-16's) */
    if (!expect_reject("utf-32le", utf32le, sizeof utf32le - 1, "r", NULL, DIAG_UTF16, 0,
                       "the file is in UTF-32;"))
        ROW_FAIL("utf-32le");
    if (!expect_reject("utf-32be", utf32be, sizeof utf32be - 1, "r", NULL, DIAG_UTF16, 0,
                       "the file is in UTF-32;"))
        ROW_FAIL("utf-32be");
    if (!expect_reject("utf-32le no BOM", utf32lenobom, sizeof utf32lenobom - 1, "r", NULL,
                       DIAG_UTF16, 0, "the file is in UTF-32;"))
        ROW_FAIL("utf-32le without BOM");
    if (!expect_reject("utf-32be no BOM", utf32benobom, sizeof utf32benobom - 1, "r", NULL,
                       DIAG_UTF16, 0, "the file is in UTF-32;"))
        ROW_FAIL("utf-32be without BOM");
    /* libxml2 would say "Document is empty" and "Extra content at the end" */
    if (!expect_reject("two BOMs", two_boms, sizeof two_boms - 1, "r", NULL, DIAG_XML_SYNTAX, 1,
                       "starts with two byte-order marks"))
        ROW_FAIL("two BOMs");
    static const char spaces_bom[] = "   \xEF\xBB\xBF<r/>";   /* a BOM at 3, not a second */
    if (!expect_reject("three spaces, then a BOM", spaces_bom, sizeof spaces_bom - 1, "r", NULL,
                       DIAG_XML_SYNTAX, 1, "a byte-order mark (U+FEFF, an invisible character) "
                       "stands before <r>: delete it"))
        ROW_FAIL("three spaces, then a BOM");
    if (!expect_reject("a BOM after the declaration", late_bom, sizeof late_bom - 1, "r", NULL,
                       DIAG_XML_SYNTAX, 3, "a byte-order mark (U+FEFF, an invisible character) "
                       "stands before <r>: delete it"))
        ROW_FAIL("a BOM after the declaration");
    if (!expect_reject("only a comment", only_comment, sizeof only_comment - 1, "r", NULL,
                       DIAG_XML_SYNTAX, 0, "there is no <r> element, only comments or declarations"))
        ROW_FAIL("only a declaration and a comment");
    if (!expect_reject("only white space", blank, sizeof blank - 1, "r", NULL, DIAG_EMPTY_FILE, 0,
                       NULL))
        ROW_FAIL("only white space");
    /* the Latin-1 byte is at offset 34, on line 3 */
    if (!expect_reject("not utf-8", bad_utf8, sizeof bad_utf8 - 1, "r", NULL, DIAG_NOT_UTF8, 3,
                       "invalid UTF-8 at byte offset 34 "))
        ROW_FAIL("not UTF-8");
    if (!expect_reject("nul", nul, sizeof nul - 1, "r", NULL, DIAG_NUL_CHAR, 3,
                       "at byte offset 9;"))
        ROW_FAIL("NUL");
    if (!expect_reject("empty", "", 0, "r", NULL, DIAG_EMPTY_FILE, 0, NULL))
        ROW_FAIL("empty");
    ROWS_DONE();
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *name, *xml;
        unsigned long line;
    } rows[] = {
        {"truncated", "<?xml version=\"1.0\"?>\n<r>\n  <a>text</a>\n", 0},
        {"truncated in a tag", "<r>\n<a>text</a>\n<b x=\"", 0},
        {"mismatched end tag", "<r>\n<a>text</b>\n</r>\n", 2},
        {"undefined entity", "<r>\n\n<a>&nbsp;</a></r>", 3},
        {"two roots", "<r/>\n<r/>\n", 2},
        {"text after root", "<r/>\nabc\n", 2},
        {"unquoted attribute", "<r a=1/>", 1},
        {"only a declaration", "<?xml version=\"1.0\"?>\n", 0},
        {"only a comment", "<!-- nothing -->\n", 0},
        {"lone '<'", "<", 0},
        {"unterminated comment in the prolog", "<!-- never closed", 0},
        {"unterminated declaration", "<?xml version=\"1.0\"", 0},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        diag_list d;
        diag_list_init(&d, "t.xml");
        enum xml_status st = XML_OK;
        xml_doc *doc = fx_read(rows[i].xml, "r", NULL, &d, &st);
        if (doc) {
            ROW_FAIL("%s: a tree was returned", rows[i].name);
            xml_doc_free(doc);
        } else if (d.n == 0 || d.v[0].id != DIAG_XML_SYNTAX) {
            ROW_FAIL("%s: no xml-syntax diagnostic first", rows[i].name);
            fx_dump(&d);
        } else if (rows[i].line && d.v[0].line != rows[i].line) {
            ROW_FAIL("%s: line %lu, want %lu", rows[i].name, d.v[0].line, rows[i].line);
        } else if (st == XML_OK) {
            ROW_FAIL("%s: status XML_OK", rows[i].name);
        }
        diag_list_release(&d);
    }
    ROWS_DONE();
}

/*
 * data[0..n) need not be NUL-terminated: the reader must stay inside it.
 * The bytes are placed at the very end of a readable page, followed by a
 * page that cannot be read, so a read past the end faults (cmocka reports
 * the fault as a failed test) in any build, not only under ASan.
 */
static char *guarded_copy(const char *s, size_t n, void **map, size_t *maplen)
{
    long page = sysconf(_SC_PAGESIZE);
    REQUIRE(page > 0 && n <= (size_t)page);
    int fd = open("/dev/zero", O_RDWR);
    REQUIRE(fd >= 0);
    *maplen = 2 * (size_t)page;
    *map = mmap(NULL, *maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    REQUIRE(*map != MAP_FAILED);
    char *guard = (char *)*map + page;
    REQUIRE(mprotect(guard, (size_t)page, PROT_NONE) == 0);
    char *p = guard - n;
    memcpy(p, s, n);
    return p;
}

static void test_unterminated_buffer(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int ok;
    } rows[] = {
        {"<r>x</r>", 1},
        {"<?xml version=\"1.0\"?>\n<r><!-- c --><![CDATA[y]]><?pi?></r>", 1},
        {"<!-- never closed", 0},
        {"<?xml version=\"1.0\"", 0},
        {"<?xml version=\"1.0\"?><!-- c", 0},
        {"<r>x</r", 0},
    };
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        size_t n = strlen(rows[i].in), maplen;
        void *map;
        char *exact = guarded_copy(rows[i].in, n, &map, &maplen);
        diag_list d;
        diag_list_init(&d, "t.xml");
        enum xml_status st;
        xml_doc *doc = xml_read_memory(exact, n, "t.xml", "r", NULL, &xml_default_limits, &d,
                                       &st);
        int ok = rows[i].ok ? doc != NULL && d.n == 0
                            : doc == NULL && fx_find(&d, DIAG_XML_SYNTAX) != NULL;
        if (!ok)
            fx_dump(&d);
        xml_doc_free(doc);
        diag_list_release(&d);
        munmap(map, maplen);
        if (!ok)
            fail_msg("row %zu (%s): wrong result", i, rows[i].in);
    }
}

/* A minimal valid submission (for the plan 53/KH-UBND). */
#define SUB_HEAD                                                                           \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                         \
    "<submission version=\"1\" plan=\"53/KH-UBND\" unit=\"SKHCN\" period=\"2025-Q3\" "     \
    "revision=\"1\" sent=\"2025-09-15\">\n"                                                \
    "  <responsible name=\"A\" title=\"B\"/>\n"

static void test_xinclude_not_processed(void **state)
{
    (void)state;
    const char *xml = SUB_HEAD
        "  <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" "
        "parse=\"text\"/>\n" /* line 4 */
        "</submission>\n";
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st = XML_OK;
    xml_doc *doc = fx_read(xml, "submission", sub_schema, &d, &st);
    if (!doc)
        fx_dump(&d);
    REQUIRE(doc);
    assert_int_equal(st, XML_INVALID);
    const diag_entry *e = fx_find(&d, DIAG_SCHEMA);
    if (!e || e->line != 4)
        fx_dump(&d);
    REQUIRE(e);
    assert_int_equal(e->line, 4);
    REQUIRE(strstr(e->text, "include"));
    REQUIRE(strstr(e->text, FX_SUB_XSD));
    /* the element is in the tree as it was, with nothing read from the file */
    const xml_node *inc = xml_root(doc)->last;
    REQUIRE(inc);
    assert_string_equal(inc->name, "xi:include");
    assert_string_equal(xml_attr_get(inc, "href"), "/etc/passwd");
    assert_string_equal(inc->text, "");
    assert_null(inc->first);
    for (size_t i = 0; i < d.n; i++)
        assert_null(strstr(d.v[i].text, "root:"));
    xml_doc_free(doc);
    diag_list_release(&d);

    /* without a schema: an ordinary unknown element, still not processed */
    diag_list_init(&d, "t.xml");
    doc = fx_read(xml, "submission", NULL, &d, &st);
    REQUIRE(doc);
    assert_int_equal(d.n, 0);
    assert_string_equal(xml_root(doc)->last->name, "xi:include");
    assert_string_equal(xml_root(doc)->last->text, "");
    xml_doc_free(doc);
    diag_list_release(&d);
}

/* ---- schema ---- */

static void test_schema_valid_and_invalid(void **state)
{
    (void)state;
    assert_string_equal(xml_schema_path(sub_schema), FX_SUB_XSD);
    const char *good = SUB_HEAD
        "  <values>\n"
        "    <value measure=\"DN_KHCN\">13</value>\n"
        "  </values>\n"
        "</submission>\n";
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st = XML_INVALID;
    xml_doc *doc = fx_read(good, "submission", sub_schema, &d, &st);
    if (d.n)
        fx_dump(&d);
    REQUIRE(doc);
    assert_int_equal(st, XML_OK);
    assert_int_equal(d.n, 0);
    xml_doc_free(doc);
    diag_list_release(&d);

    const char *bad = SUB_HEAD
        "  <values>\n"                                    /* 4 */
        "    <value measure=\"DN_KHCN\">13</value>\n"     /* 5 */
        "    <value measure=\"DN_KNST\">mười</value>\n"  /* 6 */
        "    <value>7</value>\n"                          /* 7: no measure */
        "  </values>\n"
        "</submission>\n";
    diag_list_init(&d, "t.xml");
    st = XML_OK;
    doc = fx_read(bad, "submission", sub_schema, &d, &st);
    REQUIRE(doc); /* the tree comes back, for the next layer of checks */
    assert_int_equal(st, XML_INVALID);
    const diag_entry *e6 = fx_find_at(&d, DIAG_SCHEMA, 6);
    const diag_entry *e7 = fx_find_at(&d, DIAG_SCHEMA, 7);
    if (!e6 || !e7 || d.n != 2)
        fx_dump(&d);
    REQUIRE(e6);
    REQUIRE(strstr(e6->text, "Element 'value'"));
    REQUIRE(strstr(e6->text, "mười"));
    REQUIRE(e7);
    REQUIRE(strstr(e7->text, "measure"));
    assert_int_equal(d.n, 2);
    assert_int_equal(d.errors, 2);
    /* the tree holds all of it */
    const xml_node *vs = xml_child(xml_root(doc), "values");
    REQUIRE(vs);
    const xml_node *v = xml_child(vs, "value");
    assert_string_equal(v->text, "13");
    v = xml_next_same(v);
    assert_string_equal(v->text, "mười");
    assert_int_equal(v->line, 6);
    xml_doc_free(doc);
    diag_list_release(&d);
}

/* A submission whose item id, unit code or value text is `len` times 'X'. */
static char *long_value_doc(const char *where, size_t len)
{
    char *x = malloc(len + 1);
    memset(x, 'X', len);
    x[len] = '\0';
    buf b;
    buf_init(&b, 0);
    if (strcmp(where, "id") == 0)
        buf_printf(&b, SUB_HEAD "  <items><item measure=\"CDDL\" id=\"%s\" date=\"2025-07-01\">"
                                "<name>n</name></item></items>\n</submission>\n", x);
    else if (strcmp(where, "unit") == 0)
        buf_printf(&b, "<submission version=\"1\" plan=\"53/KH-UBND\" unit=\"%s\" "
                       "period=\"2025-Q3\" revision=\"1\" sent=\"2025-09-15\">\n"
                       "  <responsible name=\"A\" title=\"B\"/>\n</submission>\n", x);
    else
        buf_printf(&b, SUB_HEAD "  <values><value measure=\"DN_KHCN\">%s</value></values>\n"
                                "</submission>\n", x);
    free(x);
    return buf_detach(&b);
}

/*
 * A value quoted in a schema message is cut after DIAG_VALUE_MAX
 * characters, and the reason after it shows, whatever its length: past
 * 64000 bytes libxml2 cuts its own message in the middle of the value,
 * and the message is made again from its parts. 5000 and 1 000 000
 * characters give the same message but for the length it states.
 */
static void test_long_values_cut(void **state)
{
    (void)state;
    static const struct {
        const char *where, *reason;
        int same; /* whether 5000 and 1 000 000 give the same words */
    } rows[] = {
        {"id", "this exceeds the allowed maximum length of '100'", 1},
        {"unit", "' is not accepted by the pattern '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,39}'", 1},
        /* the type's name, written in libxml2's format, is lost past 64000 bytes */
        {"text", "' is not a valid value of ", 0},
    };
    static const size_t lens[] = {5000, 1000000};
    char shown[DIAG_VALUE_MAX + 8];
    memset(shown, 'X', DIAG_VALUE_MAX);
    strcpy(shown + DIAG_VALUE_MAX, "\xE2\x80\xA6'"); /* X...X…' */
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        char *texts[2] = {NULL, NULL};
        for (size_t k = 0; k < 2; k++) {
            char *xml = long_value_doc(rows[i].where, lens[k]);
            diag_list d;
            diag_list_init(&d, "t.xml");
            enum xml_status st;
            xml_doc *doc = fx_read(xml, "submission", sub_schema, &d, &st);
            xml_doc_free(doc);
            free(xml);
            const diag_entry *e = d.n ? &d.v[0] : NULL;
            if (!e || e->id != DIAG_SCHEMA) {
                ROW_FAIL("%s, %zu: no schema diagnostic first", rows[i].where, lens[k]);
                fx_dump(&d);
            } else if (strlen(e->text) > 400 || !strstr(e->text, shown) ||
                       !strstr(e->text, rows[i].reason)) {
                ROW_FAIL("%s, %zu: %zu bytes, %.400s", rows[i].where, lens[k], strlen(e->text),
                         e->text);
            } else {
                texts[k] = strdup(e->text);
            }
            diag_list_release(&d);
        }
        if (texts[0] && texts[1] && rows[i].same) {
            /* the same words but for a length of '5000' or '1000000' */
            buf a;
            buf_init(&a, 0);
            for (const char *p = texts[1]; *p; p++)
                if (strncmp(p, "1000000", 7) == 0) {
                    buf_puts(&a, "5000");
                    p += 6;
                } else {
                    buf_putc(&a, *p);
                }
            if (strcmp(a.data, texts[0]) != 0)
                ROW_FAIL("%s: 5000 and 1000000 differ:\n  %s\n  %s", rows[i].where, texts[0],
                         texts[1]);
            buf_release(&a);
        }
        free(texts[0]);
        free(texts[1]);
    }
    ROWS_DONE();

    /* names in a syntax error are cut as well */
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, "<r>\n<");
    for (int k = 0; k < 5000; k++)
        buf_putc(&b, 'A');
    buf_puts(&b, "></B></r>\n");
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st;
    assert_null(fx_read(b.data, "r", NULL, &d, &st));
    REQUIRE(d.n >= 1);
    assert_int_equal(d.v[0].id, DIAG_XML_SYNTAX);
    if (strlen(d.v[0].text) > 200 || !strstr(d.v[0].text, "\xE2\x80\xA6 line 2 and B"))
        fail_msg("%zu bytes: %.300s", strlen(d.v[0].text), d.v[0].text);
    diag_list_release(&d);
    buf_release(&b);
}

static void test_schema_load_failures(void **state)
{
    (void)state;
    diag_list d;
    diag_list_init(&d, NULL);
    xml_schema *s = xml_schema_load("templates/no-such-schema.xsd", &d);
    assert_null(s);
    /* one error: cannot read it (or libxml2's words, naming the file) */
    assert_int_equal(d.n, 1);
    assert_int_equal(d.errors, 1);
    if (d.v[0].id == DIAG_READ_FAILED)
        REQUIRE(strstr(d.v[0].text, "No such file or directory"));
    else if (d.v[0].id == DIAG_SCHEMA)
        REQUIRE(strstr(d.v[0].text, "no-such-schema.xsd"));
    else
        fail_msg("unexpected [%s]", diag_id_name(d.v[0].id));
    diag_list_release(&d);

    /* a file that is XML but not a schema */
    diag_list_init(&d, NULL);
    s = xml_schema_load("input/plan.xml", &d);
    assert_null(s);
    assert_true(d.errors >= 1);
    diag_list_release(&d);
    xml_schema_free(NULL);
}

/* ---- limits ---- */

static void test_limits(void **state)
{
    (void)state;
    xml_limits lim = xml_default_limits;
    ROWS_BEGIN();

    /* elements: the root counts */
    lim.max_nodes = 3;
    const char *three = "<r>\n<a/>\n<b/>\n</r>";
    const char *four = "<r>\n<a/>\n<b/>\n<c/>\n</r>";
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st;
    xml_doc *doc =
        xml_read_memory(three, strlen(three), "t.xml", "r", NULL, &lim, &d, &st);
    if (!doc || d.n)
        ROW_FAIL("3 elements with max_nodes 3 rejected");
    xml_doc_free(doc);
    diag_list_release(&d);
    if (!expect_reject("max_nodes", four, strlen(four), "r", &lim, DIAG_TOO_MANY_NODES, 4,
                       "more than 3 elements"))
        ROW_FAIL("max_nodes");
    lim = xml_default_limits;

    /* depth */
    lim.max_depth = 2;
    const char *two = "<r><a><!-- --></a><b/></r>";
    const char *deep = "<r>\n <a>\n  <b/>\n </a>\n</r>";
    diag_list_init(&d, "t.xml");
    doc = xml_read_memory(two, strlen(two), "t.xml", "r", NULL, &lim, &d, &st);
    if (!doc || d.n)
        ROW_FAIL("depth 2 with max_depth 2 rejected");
    xml_doc_free(doc);
    diag_list_release(&d);
    if (!expect_reject("max_depth", deep, strlen(deep), "r", &lim, DIAG_TOO_DEEP, 3,
                       "more than 2 deep"))
        ROW_FAIL("max_depth");
    lim = xml_default_limits;

    /* text and attribute values */
    lim.max_text = 10;
    const char *ten = "<r><a x=\"0123456789\">0123456789</a></r>";
    const char *long_text = "<r>\n<a>01234567890</a></r>";
    const char *long_attr = "<r>\n\n<a x=\"01234567890\"/></r>";
    diag_list_init(&d, "t.xml");
    doc = xml_read_memory(ten, strlen(ten), "t.xml", "r", NULL, &lim, &d, &st);
    if (!doc || d.n) {
        ROW_FAIL("10-byte text with max_text 10 rejected");
        fx_dump(&d);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    if (!expect_reject("max_text (text)", long_text, strlen(long_text), "r", &lim,
                       DIAG_TEXT_TOO_LONG, 2, "longer than 10 bytes"))
        ROW_FAIL("max_text for a text");
    if (!expect_reject("max_text (attribute)", long_attr, strlen(long_attr), "r", &lim,
                       DIAG_TEXT_TOO_LONG, 3, "longer than 10 bytes"))
        ROW_FAIL("max_text for an attribute");
    ROWS_DONE();
}

/* Pathological nesting with the default limits: a quick, clean rejection. */
static void test_deep_nesting_default_limits(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 100000; i++)
        buf_puts(&b, "<a>");
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st;
    xml_doc *doc = xml_read_memory(b.data, b.len, "t.xml", "a", NULL, &xml_default_limits,
                                   &d, &st);
    assert_null(doc);
    assert_true(d.n >= 1);
    assert_int_equal(d.v[0].id, DIAG_TOO_DEEP);
    REQUIRE(strstr(d.v[0].text, "more than 32 deep"));
    diag_list_release(&d);
    buf_release(&b);
}

static void test_read_file_limits(void **state)
{
    (void)state;
    char dir[256], path[1024];
    fx_mkdtemp(dir);
    /* exactly 100 bytes */
    char doc100[101];
    memset(doc100, ' ', 100);
    memcpy(doc100, "<r>", 3);
    memcpy(doc100 + 100 - 4, "</r>", 4);
    doc100[100] = '\0';
    fx_write(dir, "100.xml", doc100, 100);
    char doc101[102];
    memcpy(doc101, doc100, 100);
    doc101[100] = '\n';
    doc101[101] = '\0';
    fx_write(dir, "101.xml", doc101, 101);
    fx_mkdir(dir, "folder.xml");

    xml_limits lim = xml_default_limits;
    lim.max_bytes = 100;
    diag_list d;
    enum xml_status st;

    diag_list_init(&d, "100.xml");
    fx_join(path, sizeof path, dir, "100.xml");
    xml_doc *doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    if (!doc)
        fx_dump(&d);
    REQUIRE(doc);
    assert_int_equal(st, XML_OK);
    xml_doc_free(doc);
    diag_list_release(&d);

    diag_list_init(&d, "101.xml");
    fx_join(path, sizeof path, dir, "101.xml");
    doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    assert_null(doc);
    assert_true(fx_only(&d, DIAG_TOO_LARGE, 0, "the file is 101 bytes, over the limit of 100;"));
    assert_int_equal(st, XML_INVALID);
    diag_list_release(&d);

    /* a cap above the first read chunk (64 KiB) */
    lim.max_bytes = 70000;
    buf big;
    buf_init(&big, 0);
    buf_puts(&big, "<r>");
    while (big.len < 70001 - 4)
        buf_putc(&big, ' ');
    buf_puts(&big, "</r>");
    assert_int_equal(big.len, 70001);
    fx_write(dir, "big.xml", big.data, big.len);
    diag_list_init(&d, "big.xml");
    fx_join(path, sizeof path, dir, "big.xml");
    doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    assert_null(doc);
    assert_true(fx_only(&d, DIAG_TOO_LARGE, 0, "70001 bytes, over the limit of 70000"));
    diag_list_release(&d);
    lim.max_bytes = 70001;
    diag_list_init(&d, "big.xml");
    doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    REQUIRE(doc);
    assert_int_equal(d.n, 0);
    xml_doc_free(doc);
    diag_list_release(&d);
    buf_release(&big);

    /* missing file and folder: READ_FAILED, I/O status */
    diag_list_init(&d, "missing.xml");
    fx_join(path, sizeof path, dir, "missing.xml");
    doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    assert_null(doc);
    assert_true(fx_only(&d, DIAG_READ_FAILED, 0, "No such file or directory"));
    assert_int_equal(st, XML_IO_ERROR);
    diag_list_release(&d);

    diag_list_init(&d, "folder.xml");
    fx_join(path, sizeof path, dir, "folder.xml");
    doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    assert_null(doc);
    assert_true(fx_only(&d, DIAG_READ_FAILED, 0, "folder"));
    assert_int_equal(st, XML_IO_ERROR);
    diag_list_release(&d);

    /* gzip on disk is not silently decompressed */
    static const char gz[] = "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03\x01\x00";
    fx_write(dir, "gz.xml", gz, sizeof gz - 1);
    diag_list_init(&d, "gz.xml");
    fx_join(path, sizeof path, dir, "gz.xml");
    doc = xml_read_file(path, "r", NULL, &lim, &d, &st);
    assert_null(doc);
    assert_true(fx_only(&d, DIAG_GZIP, 0, NULL));
    diag_list_release(&d);

    fx_rm_rf(dir);
}

/*
 * Only regular files are read. A named pipe without a writer would block
 * the open and a device may never end: both are refused at once, as an I/O
 * problem. The alarm turns a hang into a failed test.
 */
static void test_read_file_not_regular(void **state)
{
    (void)state;
    char dir[256], path[1024];
    fx_mkdtemp(dir);
    fx_join(path, sizeof path, dir, "pipe.xml");
    REQUIRE(mkfifo(path, 0600) == 0);
    alarm(20);
    static const struct {
        const char *path, *why;
    } rows[] = {
        {NULL, "cannot read the file (it is a named pipe, not a regular file)"},
        {"/dev/null", "cannot read the file (it is a device, not a regular file)"},
        {"/dev/zero", "cannot read the file (it is a device, not a regular file)"},
    };
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(rows); i++) {
        const char *p = rows[i].path ? rows[i].path : path;
        diag_list d;
        diag_list_init(&d, p);
        enum xml_status st = XML_OK;
        xml_doc *doc = xml_read_file(p, "r", NULL, &xml_default_limits, &d, &st);
        if (doc) {
            ROW_FAIL("%s: a tree was returned", p);
            xml_doc_free(doc);
        } else if (!fx_only(&d, DIAG_READ_FAILED, 0, rows[i].why)) {
            ROW_FAIL("%s: wrong diagnostics", p);
            fx_dump(&d);
        } else if (st != XML_IO_ERROR) {
            ROW_FAIL("%s: status %d, want XML_IO_ERROR", p, (int)st);
        }
        diag_list_release(&d);
        /* a schema is read the same way */
        diag_list_init(&d, p);
        xml_schema *s = xml_schema_load(p, &d);
        if (s) {
            ROW_FAIL("%s: loaded as a schema", p);
            xml_schema_free(s);
        } else if (!fx_only(&d, DIAG_READ_FAILED, 0, rows[i].why)) {
            ROW_FAIL("%s: schema: wrong diagnostics", p);
            fx_dump(&d);
        }
        diag_list_release(&d);
    }
    alarm(0);
    ROWS_DONE();
    fx_rm_rf(dir);
}

/* ---- lines past 65535 ---- */

#define FAR_LINES 70000 /* newlines before the interesting element: it is on line 70001 */

static char *far_doc(const char *head, const char *tail)
{
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, head);
    /* head ends on line 1 or more; pad so that tail starts on line FAR_LINES + 1 */
    size_t lines = 1;
    for (size_t i = 0; i < b.len; i++)
        lines += b.data[i] == '\n';
    while (lines < FAR_LINES + 1) {
        buf_putc(&b, '\n');
        lines++;
    }
    buf_puts(&b, tail);
    return buf_detach(&b);
}

static void test_big_line_numbers_tree(void **state)
{
    (void)state;
    char *xml = far_doc("<r>",
                        "<x a=\"1\"/>\n"             /* 70001 */
                        "<y>text</y>\n"              /* 70002 */
                        "<z>\n  <w/>\n</z>\n"        /* 70003, w 70004 */
                        "<v/><u>t</u>\n"             /* 70006 */
                        "</r>\n");
    diag_list d;
    diag_list_init(&d, "far.xml");
    enum xml_status st;
    xml_doc *doc = fx_read(xml, "r", NULL, &d, &st);
    REQUIRE(doc);
    const xml_node *r = xml_root(doc);
    static const struct {
        const char *name;
        unsigned long line;
    } want[] = {{"x", 70001}, {"y", 70002}, {"z", 70003}, {"v", 70006}, {"u", 70006}};
    ROWS_BEGIN();
    for (size_t i = 0; i < FX_COUNT(want); i++) {
        const xml_node *n = xml_child(r, want[i].name);
        if (!n)
            ROW_FAIL("<%s> missing", want[i].name);
        else if (n->line != want[i].line)
            ROW_FAIL("<%s> on line %lu, want %lu", want[i].name, n->line, want[i].line);
    }
    const xml_node *w = xml_child(xml_child(r, "z"), "w");
    if (!w || w->line != 70004)
        ROW_FAIL("<w> on line %lu, want 70004", w ? w->line : 0);
    ROWS_DONE();
    xml_doc_free(doc);
    diag_list_release(&d);
    free(xml);
}

static void test_big_line_numbers_errors(void **state)
{
    (void)state;
    ROWS_BEGIN();
    diag_list d;
    enum xml_status st;
    xml_doc *doc;

    /* a syntax error */
    char *syntax = far_doc("<r>", "<x></y>\n</r>\n");
    diag_list_init(&d, "far.xml");
    doc = fx_read(syntax, "r", NULL, &d, &st);
    if (doc || d.n == 0 || d.v[0].id != DIAG_XML_SYNTAX || d.v[0].line != 70001) {
        ROW_FAIL("syntax error: want [xml-syntax] at 70001");
        fx_dump(&d);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    free(syntax);

    /* invalid UTF-8 */
    char *utf = far_doc("<r>", "<x>caf\xE9</x>\n</r>\n");
    diag_list_init(&d, "far.xml");
    doc = fx_read(utf, "r", NULL, &d, &st);
    if (doc || !fx_only(&d, DIAG_NOT_UTF8, 70001, NULL))
        ROW_FAIL("invalid UTF-8: want [not-utf8] at 70001");
    xml_doc_free(doc);
    diag_list_release(&d);
    free(utf);

    /* schema errors: on an element with text, and on an empty element */
    char *schema = far_doc(SUB_HEAD "  <values>",
                           "    <value measure=\"DN_KHCN\">abc</value>\n" /* 70001 */
                           "  </values>\n"
                           "  <tasks>\n"
                           "    <task code=\"III.1.1\"/>\n" /* 70004: no status */
                           "  </tasks>\n"
                           "</submission>\n");
    diag_list_init(&d, "far.xml");
    doc = fx_read(schema, "submission", sub_schema, &d, &st);
    if (!doc)
        ROW_FAIL("schema: no tree");
    if (!fx_find_at(&d, DIAG_SCHEMA, 70001) || !fx_find_at(&d, DIAG_SCHEMA, 70004) ||
        d.n != 2) {
        ROW_FAIL("schema errors: want [schema] at 70001 and at 70004");
        fx_dump(&d);
    }
    if (doc) {
        const xml_node *v = xml_child(xml_child(xml_root(doc), "values"), "value");
        const xml_node *t = xml_child(xml_child(xml_root(doc), "tasks"), "task");
        if (!v || v->line != 70001)
            ROW_FAIL("<value> on line %lu, want 70001", v ? v->line : 0);
        if (!t || t->line != 70004)
            ROW_FAIL("<task> on line %lu, want 70004", t ? t->line : 0);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    free(schema);

    /* the limits' diagnostics */
    xml_limits lim = xml_default_limits;
    lim.max_depth = 2;
    char *deep = far_doc("<r><a>", "<b/></a></r>");
    if (!expect_reject("far max_depth", deep, strlen(deep), "r", &lim, DIAG_TOO_DEEP, 70001,
                       NULL))
        ROW_FAIL("max_depth: want [too-deep] at 70001");
    free(deep);
    ROWS_DONE();
}

/* Markup that can hide a '<' or a newline from a naive line count: comments,
 * CDATA, processing instructions, start tags spread over lines, attribute
 * values holding '>' and newlines. The same document is read as it is and
 * pushed past line 65535; every element keeps its start tag's line. */
static void test_line_numbers_tricky_markup(void **state)
{
    (void)state;
    static const char doc_body[] =
        "<a/>\n"                                              /* +0 */
        "<!-- a comment with <b> and\n a newline -->\n"       /* +1, +2 */
        "<c><![CDATA[ <d>\n</d> ]]></c>\n"                    /* +3, +4 */
        "<?pi with < and\n newline?>\n"                        /* +5, +6 */
        "<e\n  x=\"1 > 0\n\"\n  y=\"&lt;\"/>\n"                  /* +7..+10 */
        "<f>text &lt;g&gt; &#60;h&#62;</f>\n"                 /* +11 */
        "<i><j/><k\n/></i><l/>\n"                              /* +12, +13 */
        "<m>]]&gt; -- ?&gt;</m>\n";                            /* +14 */
    static const struct {
        const char *path; /* child of the root, or "i/j" */
        unsigned long offset;
    } want[] = {{"a", 0}, {"c", 3}, {"e", 7}, {"f", 11}, {"i", 12},
                {"i/j", 12}, {"i/k", 12}, {"l", 13}, {"m", 14}};
    ROWS_BEGIN();
    for (int far = 0; far <= 1; far++) {
        char *xml = far ? far_doc("<r>", doc_body) : NULL;
        if (!far) {
            buf b;
            buf_init(&b, 0);
            buf_puts(&b, "<r>\n");
            buf_puts(&b, doc_body);
            buf_puts(&b, "</r>\n");
            xml = buf_detach(&b);
        } else {
            size_t n = strlen(xml);
            xml = realloc(xml, n + 8);
            strcpy(xml + n, "</r>\n");
        }
        unsigned long base = far ? FAR_LINES + 1 : 2;
        diag_list d;
        diag_list_init(&d, "t.xml");
        enum xml_status st;
        xml_doc *doc = fx_read(xml, "r", NULL, &d, &st);
        if (!doc) {
            fx_dump(&d);
            ROW_FAIL("far=%d: not read", far);
            free(xml);
            diag_list_release(&d);
            continue;
        }
        const xml_node *r = xml_root(doc);
        for (size_t i = 0; i < FX_COUNT(want); i++) {
            const xml_node *n;
            if (strchr(want[i].path, '/'))
                n = xml_child(xml_child(r, "i"), want[i].path + 2);
            else
                n = xml_child(r, want[i].path);
            if (!n)
                ROW_FAIL("far=%d: <%s> missing", far, want[i].path);
            else if (n->line != base + want[i].offset)
                ROW_FAIL("far=%d: <%s> on line %lu, want %lu", far, want[i].path, n->line,
                         base + want[i].offset);
        }
        if (strcmp(xml_child(r, "c")->text, "<d> </d>") != 0)
            ROW_FAIL("far=%d: CDATA text \"%s\"", far, xml_child(r, "c")->text);
        /* the newline becomes a space (XML), then trimmed like texts */
        if (strcmp(xml_attr_get(xml_child(r, "e"), "x"), "1 > 0") != 0)
            ROW_FAIL("far=%d: attribute x = \"%s\"", far, xml_attr_get(xml_child(r, "e"), "x"));
        xml_doc_free(doc);
        diag_list_release(&d);
        free(xml);
    }
    ROWS_DONE();
}

/* Errors that the schema finds only at an element's end (a missing child,
 * bad simple content) still belong to the element: its start line. */
static void test_schema_error_at_element_line(void **state)
{
    (void)state;
    const char *xml = SUB_HEAD
        "  <values>\n"
        "    <value measure=\"DN_KHCN\">\n"           /* 5 */
        "      abc\n"
        "    </value>\n"                               /* 7 */
        "  </values>\n"
        "  <items>\n"
        "    <item measure=\"CDDL\" id=\"1\" date=\"2025-07-01\">\n" /* 10 */
        "      <!-- no <name> -->\n"
        "    </item>\n"                                /* 12 */
        "  </items>\n"
        "</submission>\n";
    diag_list d;
    diag_list_init(&d, "t.xml");
    enum xml_status st;
    xml_doc *doc = fx_read(xml, "submission", sub_schema, &d, &st);
    REQUIRE(doc);
    int ok = d.n == 2 && fx_find_at(&d, DIAG_SCHEMA, 5) && fx_find_at(&d, DIAG_SCHEMA, 10);
    if (!ok) {
        print_error("  want [schema] at 5 (<value> content) and 10 (<item> without <name>)\n");
        fx_dump(&d);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    assert_true(ok);
}

/* Schema errors past 65535 that libxml2 raises on various nodes. */
static void test_big_line_numbers_schema_kinds(void **state)
{
    (void)state;
    char *xml = far_doc(SUB_HEAD "  <items>",
                        "    <item measure=\"CDDL\" id=\"1\" date=\"2025-07-01\">\n" /* 70001 */
                        "      <!-- no <name> -->\n"
                        "    </item>\n"
                        "    <item measure=\"CDDL\" id=\"2\" date=\"2025-07-01\">\n" /* 70004 */
                        "      <note>n</note>\n"                                 /* 70005 */
                        "    </item>\n"
                        "    <bogus/>\n"                                          /* 70007 */
                        "  </items>\n"
                        "</submission>\n");
    diag_list d;
    diag_list_init(&d, "far.xml");
    enum xml_status st;
    xml_doc *doc = fx_read(xml, "submission", sub_schema, &d, &st);
    REQUIRE(doc);
    int ok = d.n == 3 && fx_find_at(&d, DIAG_SCHEMA, 70001) && fx_find_at(&d, DIAG_SCHEMA, 70005) &&
             fx_find_at(&d, DIAG_SCHEMA, 70007);
    if (!ok) {
        print_error("  want [schema] at 70001 (missing <name>), 70005 (<note> first), 70007 "
                    "(<bogus>)\n");
        fx_dump(&d);
    }
    xml_doc_free(doc);
    diag_list_release(&d);
    free(xml);
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_bom_and_declared_encoding),
        cmocka_unit_test(test_wrong_root),
        cmocka_unit_test(test_doctype_rejected),
        cmocka_unit_test(test_byte_level_rejects),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_xinclude_not_processed),
        cmocka_unit_test(test_schema_valid_and_invalid),
        cmocka_unit_test(test_schema_load_failures),
        cmocka_unit_test(test_long_values_cut),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_deep_nesting_default_limits),
        cmocka_unit_test(test_read_file_limits),
        cmocka_unit_test(test_read_file_not_regular),
        cmocka_unit_test(test_big_line_numbers_tree),
        cmocka_unit_test(test_big_line_numbers_errors),
        cmocka_unit_test(test_line_numbers_tricky_markup),
        cmocka_unit_test(test_schema_error_at_element_line),
        cmocka_unit_test(test_big_line_numbers_schema_kinds),
        cmocka_unit_test(test_unterminated_buffer), /* last: under ASan it aborts */
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
