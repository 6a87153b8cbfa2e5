/*
 * fuzz_submission: libFuzzer target for a submission file.
 *
 * The bytes go through the same two layers as `baocao validate`:
 * xml_read_memory with the submission schema (templates/submission-v1.xsd),
 * then, whenever a tree comes back (also when only the schema check
 * failed, as submission_read does), submission_from_xml against the real
 * plan (input/plan.xml). Schema and plan are read once, in
 * LLVMFuzzerInitialize; everything made from the input is freed, so
 * LeakSanitizer sees any leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "plan.h"
#include "submission.h"

static xml_schema *schema;
static plan *the_plan;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init_xml();
    schema = fuzz_load_schema("templates/submission-v1.xsd");
    xml_schema *plan_schema = fuzz_load_schema("templates/plan-v1.xsd");
    diag_list d;
    diag_list_init(&d, "input/plan.xml");
    int io = 0;
    the_plan = plan_load("input/plan.xml", plan_schema, &xml_default_limits, &d, &io);
    if (!the_plan) {
        diag_print(&d, stderr, 0);
        fprintf(stderr, "fuzz_submission: cannot read input/plan.xml; run from the "
                "repository's root\n");
        exit(1);
    }
    diag_list_release(&d);
    xml_schema_free(plan_schema);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = "fuzz/submission.xml";
    diag_list d;
    diag_list_init(&d, path);
    enum xml_status st;
    xml_doc *doc = xml_read_memory((const char *)data, size, path, "submission", schema,
                                   &xml_default_limits, &d, &st);
    if (doc) {
        submission *s = submission_from_xml(xml_root(doc), path, the_plan, &d);
        submission_free(s);
        xml_doc_free(doc);
    }
    diag_list_release(&d);
    return 0;
}
