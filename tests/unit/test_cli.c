/*
 * test_cli: the command line parsed into options: defaults, the three
 * spellings of an option's value, the command and its paths, --help and
 * --version, and every usage error with its words and status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* One parse of the words in args (argv[0] is added), with what it printed;
 * the options point into argv, which lives as long as they do. */
struct parsed {
    cli_options o;
    int rc, status;
    char *out, *err;
    char *argv[32];
};

static void parse(struct parsed *p, const char *const *args)
{
    char **argv = p->argv;
    int argc = 0;
    argv[argc++] = strdup("baocao");
    for (; args[argc - 1]; argc++)
        argv[argc] = strdup(args[argc - 1]);
    argv[argc] = NULL;
    size_t nout, nerr;
    FILE *out = open_memstream(&p->out, &nout);
    FILE *err = open_memstream(&p->err, &nerr);
    assert_non_null(out);
    assert_non_null(err);
    p->status = -99;
    p->rc = cli_parse(argc, argv, &p->o, &p->status, out, err);
    fclose(out);
    fclose(err);
}

static void release(struct parsed *p)
{
    cli_options_release(&p->o);
    for (int i = 0; p->argv[i]; i++)
        free(p->argv[i]);
    free(p->out);
    free(p->err);
}

static void test_defaults(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, (const char *[]){"validate", "input/", NULL});
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.status, -99); /* left alone: the command sets it */
    assert_string_equal(p.o.command, "validate");
    assert_string_equal(p.o.plan, "input/plan.xml");
    assert_null(p.o.templates);
    assert_null(p.o.period);
    assert_int_equal(p.o.quiet, 0);
    assert_int_equal(p.o.no_pdf, 0);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    assert_int_equal(p.o.jobs, cores > 0 ? cores : 1);
    assert_int_equal(p.o.limits.max_bytes, xml_default_limits.max_bytes);
    assert_int_equal(p.o.limits.max_depth, xml_default_limits.max_depth);
    assert_int_equal(p.o.npaths, 1);
    assert_string_equal(p.o.paths[0], "input/");
    assert_string_equal(p.out, "");
    assert_string_equal(p.err, "");
    release(&p);
}

static void test_values_three_ways(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, (const char *[]){"report", "--period", "2025-Q3", "--plan=other.xml", "-j3",
                               "--number", "12", "-q", "--no-pdf", "--date=2025-10-01",
                               "--input", "in", "-o", "out", "--template", "t.xml",
                               "--templates", "tpl", "--max-depth", "256",
                               "--max-file-size=1000", "--max-text", "7", "--max-items", "9",
                               NULL});
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.o.command, "report");
    assert_string_equal(p.o.period, "2025-Q3");
    assert_string_equal(p.o.plan, "other.xml");
    assert_int_equal(p.o.jobs, 3);
    assert_string_equal(p.o.number, "12");
    assert_int_equal(p.o.quiet, 1);
    assert_int_equal(p.o.no_pdf, 1);
    assert_string_equal(p.o.date, "2025-10-01");
    assert_string_equal(p.o.input, "in");
    assert_string_equal(p.o.output, "out");
    assert_string_equal(p.o.template_file, "t.xml");
    assert_string_equal(p.o.templates, "tpl");
    assert_int_equal(p.o.limits.max_depth, 256);
    assert_int_equal(p.o.limits.max_bytes, 1000);
    assert_int_equal(p.o.limits.max_text, 7);
    assert_int_equal(p.o.limits.max_nodes, 9);
    assert_int_equal(p.o.npaths, 0);
    release(&p);

    parse(&p, (const char *[]){"form", "--jobs", "2", "--unit=STC", "--output=-", NULL});
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.o.jobs, 2);
    assert_string_equal(p.o.unit, "STC");
    assert_string_equal(p.o.output, "-");
    release(&p);
}

static void test_paths_after_command(void **state)
{
    (void)state;
    struct parsed p;
    /* "-" is a path (standard input's name), not an option */
    parse(&p, (const char *[]){"-q", "validate", "a.xml", "-", "--plan", "p.xml", "b", NULL});
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.o.command, "validate");
    assert_string_equal(p.o.plan, "p.xml");
    assert_int_equal(p.o.npaths, 3);
    assert_string_equal(p.o.paths[0], "a.xml");
    assert_string_equal(p.o.paths[1], "-");
    assert_string_equal(p.o.paths[2], "b");
    release(&p);
}

static void test_help_and_version(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, (const char *[]){"report", "--bogus", "--help", NULL});
    /* an unknown option before --help is an error; --help first wins */
    assert_int_equal(p.rc, -1);
    release(&p);
    parse(&p, (const char *[]){"-h", "--bogus", NULL});
    assert_int_equal(p.rc, 1);
    assert_int_equal(p.status, EXIT_OK);
    assert_non_null(strstr(p.out, "usage: baocao COMMAND [OPTIONS]"));
    assert_non_null(strstr(p.out, "--max-depth N"));
    assert_string_equal(p.err, "");
    release(&p);
    parse(&p, (const char *[]){"--version", NULL});
    assert_int_equal(p.rc, 1);
    assert_int_equal(p.status, EXIT_OK);
    assert_string_equal(p.out, "baocao " BAOCAO_VERSION "\n");
    release(&p);
}

/* Each usage error: its message on err, nothing on out, status 2. */
static void test_usage_errors(void **state)
{
    (void)state;
    static const struct {
        const char *args[6];
        const char *err;
    } cases[] = {
        {{"report", "--period", NULL}, "baocao: error: option --period needs a value; see baocao --help [usage]\n"},
        {{"report", "-j", "0", NULL}, "baocao: error: -j needs a whole number from 1 to 256, not '0'; see baocao --help [usage]\n"},
        {{"report", "-j257", NULL}, "baocao: error: -j needs a whole number from 1 to 256, not '257'; see baocao --help [usage]\n"},
        {{"report", "--jobs=two", NULL}, "baocao: error: --jobs needs a whole number from 1 to 256, not 'two'; see baocao --help [usage]\n"},
        {{"validate", "--max-depth", "257", NULL}, "baocao: error: --max-depth needs a whole number from 1 to 256, not '257'; see baocao --help [usage]\n"},
        {{"validate", "--max-file-size", "-5", NULL}, "baocao: error: --max-file-size needs a positive whole number, not '-5'; see baocao --help [usage]\n"},
        {{"validate", "--max-text=0", NULL}, "baocao: error: --max-text needs a positive whole number, not '0'; see baocao --help [usage]\n"},
        {{"validate", "--max-items", "9x", NULL}, "baocao: error: --max-items needs a positive whole number, not '9x'; see baocao --help [usage]\n"},
        {{"validate", "--colour", "x", NULL}, "baocao: error: unknown option --colour; see baocao --help [usage]\n"},
        {{"validate", "-x1", NULL}, "baocao: error: unknown option -x1; see baocao --help [usage]\n"},
        {{"validate", "--a-very-long-option-name-that-no-one-would-ever-type-or-ever-need=1", NULL}, "baocao: error: unknown option --a-very-long-option-name-that-no-one-would-ever-type-or-ever-need; see baocao --help [usage]\n"},
        {{"publish", "input/", NULL}, "baocao: error: unknown command 'publish'; see baocao --help [usage]\n"},
        {{"report", "--number", "123/BC-SKHCN", NULL}, "baocao: error: --number takes the number alone, as in --number 123, not '123/BC-SKHCN': the template adds the rest (/BC-SKHCN); see baocao --help [usage]\n"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        struct parsed p;
        parse(&p, cases[k].args);
        assert_int_equal(p.rc, -1);
        assert_int_equal(p.status, EXIT_USAGE);
        assert_string_equal(p.err, cases[k].err);
        assert_string_equal(p.out, "");
        release(&p);
    }
}

static void test_no_command(void **state)
{
    (void)state;
    struct parsed p;
    parse(&p, (const char *[]){"-q", NULL});
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.status, EXIT_USAGE);
    assert_non_null(strstr(p.err, "usage: baocao COMMAND [OPTIONS]"));
    assert_string_equal(p.out, "");
    release(&p);
}

static void test_usage_error_words(void **state)
{
    (void)state;
    char *text;
    size_t n;
    FILE *err = open_memstream(&text, &n);
    assert_int_equal(cli_usage_error(err, "report needs --period %s", "PERIOD"), EXIT_USAGE);
    fclose(err);
    assert_string_equal(text, "baocao: error: report needs --period PERIOD; see baocao --help [usage]\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_values_three_ways),
        cmocka_unit_test(test_paths_after_command),
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_no_command),
        cmocka_unit_test(test_usage_error_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
