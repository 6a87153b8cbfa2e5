/*
 * fuzz_template: libFuzzer target for a report template.
 *
 * xml_read_memory with templates/report-template-v1.xsd (compiled once),
 * tpl_from_xml on any tree that comes back (as tpl_load does), then
 * tpl_expand of every text of an accepted template with a value for every
 * placeholder, as the report module does. A text without '{' must come out
 * unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fuzz_common.h"
#include "template.h"

static xml_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init_xml();
    schema = fuzz_load_schema("templates/report-template-v1.xsd");
    return 0;
}

/* Every placeholder's value: a Vietnamese word plus the variable's name
 * in braces, which tpl_expand must not expand again. */
static const char *value(void *ctx, enum tpl_var v)
{
    static char out[64];
    (void)ctx;
    snprintf(out, sizeof out, "Quý IV {%s}", tpl_var_name(v));
    return out;
}

static void expand(const char *text)
{
    if (!text)
        return;
    buf out;
    buf_init(&out, 0);
    tpl_expand(text, value, NULL, &out);
    if (strlen(out.data) != out.len)
        abort();
    if (!strchr(text, '{') && strcmp(out.data, text) != 0)
        abort();
    buf_release(&out);
}

static void expand_section(const tpl_section *s)
{
    expand(s->title);
    expand(s->attached);
    for (size_t i = 0; i < s->nblocks; i++)
        expand(s->blocks[i].text);
}

static void expand_all(const tpl *t)
{
    const char *const fixed[] = {t->font, t->parent, t->issuer, t->number, t->nation,
                                 t->motto, t->place_date, t->title, t->subject,
                                 t->sample_notice, t->signer};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        expand(fixed[i]);
    for (size_t i = 0; i < t->nsections; i++)
        expand_section(&t->sections[i]);
    for (size_t i = 0; i < t->nappendices; i++)
        expand_section(&t->appendices[i]);
    for (size_t i = 0; i < t->nauthority; i++)
        expand(t->authority[i]);
    for (size_t i = 0; i < t->nrecipients; i++)
        expand(t->recipients[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = "fuzz/template.xml";
    diag_list d;
    diag_list_init(&d, path);
    enum xml_status st;
    xml_doc *doc = xml_read_memory((const char *)data, size, path, "template", schema,
                                   &xml_default_limits, &d, &st);
    if (doc) {
        tpl *t = tpl_from_xml(xml_root(doc), path, &d);
        if (t)
            expand_all(t);
        tpl_free(t);
        xml_doc_free(doc);
    }
    diag_list_release(&d);
    return 0;
}
