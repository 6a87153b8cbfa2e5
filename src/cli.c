/*
 * cli: the command line's words (see cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "mem.h"

static const char usage_text[] =
    "usage: baocao COMMAND [OPTIONS]\n"
    "\n"
    "Checks the XML submissions of a province's departments and local governments\n"
    "against a plan, and renders the official report.\n"
    "\n"
    "Commands:\n"
    "  validate [--plan FILE] PATH...   check submission files or folders\n"
    "  form --unit CODE --period PERIOD [--plan FILE] [--output FILE]\n"
    "                                   write a blank submission to fill in\n"
    "  report --period PERIOD [--plan FILE] [--input DIR] [--output DIR]\n"
    "         [--date YYYY-MM-DD] [--number N] [--template FILE] [--no-pdf]\n"
    "                                   aggregate the submissions under DIR\n"
    "                                   (default input/) and write the report,\n"
    "                                   summary.csv, summary.xml and run-log.txt\n"
    "                                   into DIR/PERIOD (default output/PERIOD)\n"
    "\n"
    "Options:\n"
    "  --plan FILE          the plan (default: input/plan.xml)\n"
    "  --templates DIR      schemas and report templates (default: the templates\n"
    "                       folder of the source tree the program was built in,\n"
    "                       else " BAOCAO_DATADIR "/templates)\n"
    "  -o, --output PATH    where form and report write (see above)\n"
    "  -j, --jobs N         threads that read the files and compress the PDF\n"
    "                       (default: the number of cores)\n"
    "  -q, --quiet          print errors only\n"
    "  --max-file-size N    largest input file in bytes (default 8388608)\n"
    "  --max-text N         longest text in bytes (default 1048576)\n"
    "  --max-items N        most XML elements in one file (default 200000)\n"
    "  --max-depth N        deepest element nesting, 1 to 256 (default 32)\n"
    "  -h, --help           this text\n"
    "  --version            the version\n"
    "\n"
    "PERIOD is 2025-Q3 (quarter), 2025-H1 (first half), 2025-9M (nine months),\n"
    "2025 (year), or 2023-2025 (the whole plan, for reports).\n"
    "The report date is --date, else SOURCE_DATE_EPOCH, else today; the same\n"
    "inputs and date give the same files, byte for byte.\n"
    "--number is the document number alone (123; the template adds /BC-SKHCN);\n"
    "without it the number is left blank for the office to fill in.\n"
    "\n"
    "Examples:\n"
    "  baocao validate input/\n"
    "  baocao validate --plan input/plan.xml received/STC-2025-Q3-r1.xml\n"
    "  baocao form --unit STC --period 2025-Q4 > STC-2025-Q4.xml\n"
    "  baocao report --period 2025-Q3 --date 2025-09-20\n"
    "\n"
    "Diagnostics go to standard error, one per line:\n"
    "  FILE:LINE: error: what is wrong; what to do [id]\n"
    "\n"
    "Exit status: 0 success; 1 some input was rejected (the rest was processed);\n"
    "2 usage error; 3 I/O or system error (cannot read, cannot write, disk full);\n"
    "4 internal error.\n";

int cli_usage_error(FILE *err, const char *fmt, ...)
{
    buf m;
    buf_init(&m, 0);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    diag_list d;
    diag_list_init(&d, NULL);
    diag_add(&d, 0, DIAG_USAGE, m.data);
    diag_print(&d, err, 0);
    diag_list_release(&d);
    buf_release(&m);
    return EXIT_USAGE;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || end == s || v == 0 || s[0] == '-')
        return -1;
    *out = (size_t)v;
    return 0;
}

int cli_parse(int argc, char **argv, cli_options *o, int *status, FILE *out, FILE *err)
{
    memset(o, 0, sizeof *o);
    o->plan = "input/plan.xml";
    o->limits = xml_default_limits;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (int)cores : 1;
    o->paths = xmalloc((size_t)argc * sizeof *o->paths);
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        const char *val = NULL;
        char name[64];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, out);
            *status = EXIT_OK;
            return 1;
        }
        if (strcmp(a, "--version") == 0) {
            fprintf(out, "baocao %s\n", BAOCAO_VERSION);
            *status = EXIT_OK;
            return 1;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (strcmp(a, "--no-pdf") == 0) {
            o->no_pdf = 1;
            continue;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (!o->command)
                o->command = a;
            else
                o->paths[o->npaths++] = a;
            continue;
        }
        /* options taking a value: --name VALUE, --name=VALUE, -j N, -jN */
        const char *eq = strchr(a, '=');
        int attached = a[1] != '-' && a[2] != '\0';
        size_t len = attached ? 2 : eq ? (size_t)(eq - a) : strlen(a);
        if (len >= sizeof name) {
            *status = cli_usage_error(err, "unknown option %.*s", (int)len, a);
            return -1;
        }
        memcpy(name, a, len);
        name[len] = '\0';
        if (attached) {
            val = a + 2;
        } else if (eq) {
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            *status = cli_usage_error(err, "option %s needs a value", name);
            return -1;
        }
        size_t sz = 0;
        int bad = 0;
        if (strcmp(name, "--plan") == 0)
            o->plan = val;
        else if (strcmp(name, "--templates") == 0)
            o->templates = val;
        else if (strcmp(name, "--unit") == 0)
            o->unit = val;
        else if (strcmp(name, "--period") == 0)
            o->period = val;
        else if (strcmp(name, "--output") == 0 || strcmp(name, "-o") == 0)
            o->output = val;
        else if (strcmp(name, "--input") == 0)
            o->input = val;
        else if (strcmp(name, "--date") == 0)
            o->date = val;
        else if (strcmp(name, "--number") == 0) {
            /* the templates write "{number}/BC-..." themselves */
            if (strchr(val, '/')) {
                *status = cli_usage_error(err, "--number takes the number alone, as in --number 123, "
                                          "not '%s': the template adds the rest (/BC-SKHCN)", val);
                return -1;
            }
            o->number = val;
        }
        else if (strcmp(name, "--template") == 0)
            o->template_file = val;
        else if (strcmp(name, "-j") == 0 || strcmp(name, "--jobs") == 0) {
            if (parse_size(val, &sz) < 0 || sz > 256) {
                *status = cli_usage_error(err, "%s needs a whole number from 1 to 256, not '%s'", name, val);
                return -1;
            }
            o->jobs = (int)sz;
        } else if (strcmp(name, "--max-file-size") == 0)
            bad = parse_size(val, &o->limits.max_bytes) < 0;
        else if (strcmp(name, "--max-text") == 0)
            bad = parse_size(val, &o->limits.max_text) < 0;
        else if (strcmp(name, "--max-items") == 0)
            bad = parse_size(val, &o->limits.max_nodes) < 0;
        else if (strcmp(name, "--max-depth") == 0) {
            /* libxml2 itself stops at 256 levels (XML_PARSE_HUGE lifts it) */
            if (parse_size(val, &sz) < 0 || sz > 256) {
                *status = cli_usage_error(err, "%s needs a whole number from 1 to 256, not '%s'", name, val);
                return -1;
            }
            o->limits.max_depth = sz;
        } else {
            *status = cli_usage_error(err, "unknown option %s", attached ? a : name);
            return -1;
        }
        if (bad) {
            *status = cli_usage_error(err, "%s needs a positive whole number, not '%s'", name, val);
            return -1;
        }
    }
    if (!o->command) {
        fputs(usage_text, err);
        *status = EXIT_USAGE;
        return -1;
    }
    if (strcmp(o->command, "validate") != 0 && strcmp(o->command, "form") != 0 &&
        strcmp(o->command, "report") != 0) {
        *status = cli_usage_error(err, "unknown command '%s'", o->command);
        return -1;
    }
    return 0;
}

void cli_options_release(cli_options *o)
{
    free(o->paths);
    o->paths = NULL;
    o->npaths = 0;
}
