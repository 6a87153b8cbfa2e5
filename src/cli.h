/*
 * cli: the command line's words. Parses baocao's arguments into options,
 * prints usage errors, and names the exit statuses; main runs what they ask.
 */
#ifndef BAOCAO_CLI_H
#define BAOCAO_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "xml.h"

/* Set by the Makefile; these are the defaults of a build without it. */
#ifndef BAOCAO_VERSION
#define BAOCAO_VERSION "dev"
#endif
#ifndef BAOCAO_DATADIR
#define BAOCAO_DATADIR "/usr/local/share/baocao"
#endif

enum exit_status { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2, EXIT_IO = 3, EXIT_INTERNAL = 4 };

typedef struct cli_options {
    const char *command;        /* "validate", "form" or "report" */
    const char *plan;           /* default input/plan.xml */
    const char *templates;
    const char *unit;
    const char *period;
    const char *output;
    const char *input;
    const char *date;
    const char *number;
    const char *template_file;
    int no_pdf;
    int jobs;                   /* default: the number of cores */
    int quiet;
    xml_limits limits;
    char **paths;               /* the other arguments (argv's own strings) */
    size_t npaths;
} cli_options;

/* Fills o from argv. Returns 0 when there is a command to run; 1 when the
 * arguments asked for --help or --version, printed on out (*status 0);
 * -1 on a usage error, printed on err (*status EXIT_USAGE). Whatever it
 * returns, release o with cli_options_release. */
int cli_parse(int argc, char **argv, cli_options *o, int *status, FILE *out, FILE *err);
void cli_options_release(cli_options *o);

/* Prints "baocao: error: WHAT; see baocao --help [usage]" on err and
 * returns EXIT_USAGE. */
__attribute__((format(printf, 2, 3))) int cli_usage_error(FILE *err, const char *fmt, ...);

#endif
