/*
 * fuzz_plan: libFuzzer target for a plan file.
 *
 * xml_read_memory with the plan schema (templates/plan-v1.xsd, compiled
 * once), then plan_from_xml on any tree that comes back (plan_load does the
 * same, and drops the plan afterwards when the schema check failed). A plan
 * that is accepted is then asked what every report asks of it: each unit's
 * holder (the successor chain) and whether it is expected for the whole
 * plan period, and each code looked up again by name; a successor loop that
 * the checks missed shows up as a timeout.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "period.h"
#include "plan.h"

static xml_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init_xml();
    schema = fuzz_load_schema("templates/plan-v1.xsd");
    return 0;
}

static void exercise(const plan *p)
{
    period whole = plan_period(p);
    for (size_t u = 0; u < p->nunits; u++) {
        (void)plan_holder(p, (int)u, p->units[u].from);
        if (p->units[u].to != PLAN_DATE_OPEN)
            (void)plan_holder(p, (int)u, p->units[u].to + 1);
        (void)plan_unit_expected(p, (int)u, &whole);
        if (plan_unit_find(p, p->units[u].code) < 0)
            abort(); /* a unit that cannot be found by its own code */
    }
    for (size_t m = 0; m < p->nmeasures; m++)
        if (plan_measure_find(p, p->measures[m].code) < 0)
            abort();
    for (size_t t = 0; t < p->ntasks; t++)
        if (plan_task_find(p, p->tasks[t].code) < 0)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = "fuzz/plan.xml";
    diag_list d;
    diag_list_init(&d, path);
    enum xml_status st;
    xml_doc *doc = xml_read_memory((const char *)data, size, path, "plan", schema,
                                   &xml_default_limits, &d, &st);
    if (doc) {
        plan *p = plan_from_xml(xml_root(doc), path, &d);
        if (p && st == XML_OK)
            exercise(p);
        plan_free(p);
        xml_doc_free(doc);
    }
    diag_list_release(&d);
    return 0;
}
