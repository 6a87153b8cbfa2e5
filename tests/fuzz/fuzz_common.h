/*
 * fuzz_common: what the libFuzzer targets of tests/fuzz/ share.
 *
 * The targets run from the repository's root (tests/fuzz/run.sh cd's
 * there): schemas and fixtures are opened by paths relative to the current
 * folder, and a missing file stops the target at start-up with a message
 * instead of fuzzing with no schema.
 */
#ifndef BAOCAO_FUZZ_COMMON_H
#define BAOCAO_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "xml.h"

/* xml_init() (libxml2 set up once, its own printing silenced) is called
 * when the library has it; declared weak so that the targets also build
 * against a tree without it (libxml2 then initialises itself). */
#pragma weak xml_init
void xml_init(void);

static void fuzz_init_xml(void)
{
    if (xml_init)
        xml_init();
}

/* Compiles the schema at path (relative to the repository's root) or
 * stops the process: fuzzing without the schema would test nothing real. */
static xml_schema *fuzz_load_schema(const char *path)
{
    diag_list d;
    diag_list_init(&d, path);
    xml_schema *s = xml_schema_load(path, &d);
    if (!s) {
        diag_print(&d, stderr, 0);
        fprintf(stderr, "fuzz: cannot load %s; run the target from the repository's root\n",
                path);
        exit(1);
    }
    diag_list_release(&d);
    return s;
}

#endif
