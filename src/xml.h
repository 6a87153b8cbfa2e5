/*
 * xml: safe reading of untrusted XML, the one module that uses libxml2.
 *
 * A file is read into memory with a size cap, checked (not gzip, not UTF-16
 * or UTF-32, valid UTF-8 without U+0000, no DOCTYPE, an element after the
 * prolog and no stray byte-order mark before it), then parsed as a stream
 * (xmlTextReader: no network, no entity loading, no XInclude) and validated
 * against a precompiled XSD while it streams. What comes out is the
 * project's own small tree (xml_node), with every string NFC-normalised and
 * every text trimmed and its runs of white space made single spaces; all of
 * a document lives in one arena, freed at once. libxml2's own tree is never
 * built, which keeps memory near the size of the content.
 *
 * Errors become diagnostics on the caller's diag_list, with line numbers
 * correct past 65535.
 */
#ifndef BAOCAO_XML_H
#define BAOCAO_XML_H

#include <stddef.h>

#include "diag.h"

typedef struct xml_attr {
    const char *name;
    const char *value;
} xml_attr;

typedef struct xml_node {
    const char *name;
    unsigned long line;
    const char *text;        /* its first piece of direct text, trimmed, NFC;
                                "" when none */
    xml_attr *attrs;
    size_t nattrs;
    struct xml_node *parent, *first, *last, *next;
    const size_t *breaks;    /* for xml_text_line: words that began a line */
    size_t nbreaks;
} xml_node;

/* The line of byte `offset` of n->text (texts are collapsed to one line). */
unsigned long xml_text_line(const xml_node *n, size_t offset);

typedef struct xml_doc xml_doc;
typedef struct xml_schema xml_schema;

typedef struct xml_limits {
    size_t max_bytes;  /* file size */
    size_t max_text;   /* one text or attribute value, in bytes */
    size_t max_nodes;  /* elements in one file */
    size_t max_depth;  /* element nesting */
} xml_limits;

/* The defaults documented in the README. */
extern const xml_limits xml_default_limits;

/* Call once before any thread reads: sets libxml2 up and stops it from
 * printing on its own (every problem becomes a diagnostic). */
void xml_init(void);

/* Compiles an XSD once; NULL with diagnostics on failure. Free with
 * xml_schema_free. A schema may be shared by threads reading in parallel. */
xml_schema *xml_schema_load(const char *path, diag_list *d);
void xml_schema_free(xml_schema *s);
const char *xml_schema_path(const xml_schema *s);

/* Which reading errors the caller may turn into an exit status 3 (I/O). */
enum xml_status { XML_OK, XML_INVALID, XML_IO_ERROR };

/*
 * Reads `path` (or data[0..n) named `path` in diagnostics) whose root must be
 * `root`. Returns the tree, or NULL when nothing usable could be read; in
 * both cases diagnostics explain. A tree is returned also when only the
 * schema check failed, so that callers can report more than the first
 * problem; *status says which. Free with xml_doc_free. Only a regular
 * file is read: a folder, named pipe, device or socket is refused at once
 * (read-failed, XML_IO_ERROR), never waited on; xml_schema_load likewise.
 */
xml_doc *xml_read_file(const char *path, const char *root, const xml_schema *schema,
                       const xml_limits *lim, diag_list *d, enum xml_status *status);
xml_doc *xml_read_memory(const char *data, size_t n, const char *path, const char *root,
                         const xml_schema *schema, const xml_limits *lim, diag_list *d,
                         enum xml_status *status);
void xml_doc_free(xml_doc *doc);

const xml_node *xml_root(const xml_doc *doc);

/* The value of attribute `name`, or NULL when absent. */
const char *xml_attr_get(const xml_node *n, const char *name);
/* The first child named `name`, or NULL. */
const xml_node *xml_child(const xml_node *n, const char *name);
/* The next sibling after `n` with the same name, or NULL. */
const xml_node *xml_next_same(const xml_node *n);

#endif
