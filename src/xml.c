/*
 * xml: safe reading of untrusted XML through libxml2's streaming reader
 * (see xml.h for the contract).
 *
 * The order of checks matters: the bytes are checked before libxml2 sees
 * them, so that a compressed, UTF-16 or UTF-32, legacy-encoded,
 * DOCTYPE-carrying or element-less file gets one clear message instead of
 * parser noise ("Document is empty", "Extra content at the end of the
 * document"), and so that entity
 * tricks (billion laughs, external entities) never reach the parser: a
 * DOCTYPE can only stand in the prolog, which is scanned here by hand.
 * The reader runs with XML_PARSE_NONET and without NOENT, DTDLOAD,
 * XINCLUDE or HUGE; the encoding is forced to UTF-8 whatever the
 * declaration says, since the bytes were checked as UTF-8.
 */
#include "xml.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>

#include "buf.h"
#include "arena.h"
#include "mem.h"
#include "text.h"

const xml_limits xml_default_limits = {
    .max_bytes = 8u << 20,   /* 8 MiB */
    .max_text = 1u << 20,    /* 1 MiB for one narrative */
    .max_nodes = 200000,
    .max_depth = 32,
};

/* ---- arena: every node and string of a document, freed at once ---- */

struct xml_doc {
    arena mem;
    xml_node *root;
};

void xml_doc_free(xml_doc *doc)
{
    if (!doc)
        return;
    arena_release(&doc->mem);
    free(doc);
}

const xml_node *xml_root(const xml_doc *doc)
{
    return doc ? doc->root : NULL;
}

const char *xml_attr_get(const xml_node *n, const char *name)
{
    for (size_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0)
            return n->attrs[i].value;
    return NULL;
}

const xml_node *xml_child(const xml_node *n, const char *name)
{
    for (const xml_node *c = n->first; c; c = c->next)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

const xml_node *xml_next_same(const xml_node *n)
{
    for (const xml_node *c = n->next; c; c = c->next)
        if (strcmp(c->name, n->name) == 0)
            return c;
    return NULL;
}

/* ---- opening a file ---- */

/* Why a file of this type cannot be read as XML, or NULL for a regular file. */
static const char *not_regular(mode_t mode)
{
    if (S_ISREG(mode))
        return NULL;
    if (S_ISDIR(mode))
        return "it is a folder";
    if (S_ISFIFO(mode))
        return "it is a named pipe, not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "it is a device, not a regular file";
    if (S_ISSOCK(mode))
        return "it is a socket, not a regular file";
    return "it is not a regular file";
}

/*
 * Opens a regular file for reading, its status in *sb; -1 with a
 * read-failed diagnostic otherwise. The open does not block: a named pipe
 * with no writer would hang a plain open, and a device such as /dev/zero
 * never ends. Only a regular file is read.
 */
static int open_regular(const char *path, struct stat *sb, diag_list *d)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        const char *why = NULL;
        if (err == ENXIO && stat(path, sb) == 0) /* a socket cannot be opened */
            why = not_regular(sb->st_mode);
        diag_add(d, 0, DIAG_READ_FAILED, why ? why : strerror(err));
        return -1;
    }
    const char *why = fstat(fd, sb) != 0 ? strerror(errno) : not_regular(sb->st_mode);
    if (why) {
        diag_add(d, 0, DIAG_READ_FAILED, why);
        close(fd);
        return -1;
    }
    return fd;   /* O_NONBLOCK stays: it changes nothing for a regular file */
}

/* ---- schemas ---- */

struct xml_schema {
    xmlSchemaPtr schema;
    char *path;
};

struct error_sink {
    diag_list *d;
    const char *schema_path;
    int errors;
};

static void message_text(const char *msg, buf *b)
{
    /* libxml2 messages end with a newline and sometimes a full stop. */
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
        n--;
    buf_put(b, msg, n);
}

static void schema_load_error(void *ctx, xmlErrorPtr e)
{
    struct error_sink *sink = ctx;
    buf b;
    buf_init(&b, 0);
    message_text(e->message ? e->message : "unknown error", &b);
    diag_add(sink->d, e->line > 0 ? (unsigned long)e->line : 0, DIAG_SCHEMA, b.data,
             "a fresh copy of baocao's templates folder: this schema is damaged");
    buf_release(&b);
    sink->errors++;
}

xml_schema *xml_schema_load(const char *path, diag_list *d)
{
    struct error_sink sink = {d, path, 0};
    struct stat sb;
    int probe = open_regular(path, &sb, d);
    if (probe < 0)
        return NULL;
    close(probe);
    xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(path);
    if (!pctx) {
        diag_add(d, 0, DIAG_READ_FAILED, strerror(errno ? errno : ENOENT));
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pctx, schema_load_error, &sink);
    xmlSchemaPtr schema = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    if (schema && sink.errors) {
        /* loaded despite what was printed (a warning, such as an import
         * skipped): a schema with a part missing is not one to trust */
        xmlSchemaFree(schema);
        schema = NULL;
    }
    if (!schema) {
        if (!sink.errors)
            diag_add(d, 0, DIAG_READ_FAILED, "not a usable XML schema");
        return NULL;
    }
    xml_schema *s = xmalloc(sizeof *s);
    s->schema = schema;
    s->path = xstrdup(path);
    return s;
}

void xml_schema_free(xml_schema *s)
{
    if (!s)
        return;
    xmlSchemaFree(s->schema);
    free(s->path);
    free(s);
}

const char *xml_schema_path(const xml_schema *s)
{
    return s->path;
}

/* ---- byte-level checks ---- */

/* The first `needle` in [p, end), or NULL: a bounded search, as strstr
 * would look at the whole rest of the file on each call (sanitizers'
 * strstr measures it first). */
static const char *find(const char *p, const char *end, const char *needle)
{
    size_t k = strlen(needle);
    while (p < end) {
        const char *q = memchr(p, needle[0], (size_t)(end - p));
        if (!q || (size_t)(end - q) < k)
            return NULL;
        if (memcmp(q, needle, k) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

static int starts_with(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(p, s, k) == 0;
}

/* What the prolog (before the root element) leads to. */
enum prolog {
    PROLOG_PARSER,   /* an element, or what the parser explains best */
    PROLOG_DOCTYPE,  /* a DOCTYPE declaration */
    PROLOG_BOM,      /* a byte-order mark after the first bytes */
    PROLOG_MARKUP,   /* the end: only declarations or comments, no element */
    PROLOG_BLANK,    /* the end: only white space (and a first BOM) */
};

#define BOM "\xEF\xBB\xBF"

/*
 * Walks the prolog: a byte-order mark at the start, white space, the XML
 * declaration, processing instructions and comments. *at is the offset of
 * what it stops at. Anything it does not know (an unclosed comment, text)
 * is left to the parser.
 */
static enum prolog prolog_scan(const char *p, size_t n, size_t *at)
{
    size_t i = starts_with(p, n, BOM) ? 3 : 0;
    int markup = 0;
    while (i < n) {
        char c = p[i];
        *at = i;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            i++;
        } else if (starts_with(p + i, n - i, "<?")) {
            const char *end = find(p + i, p + n, "?>");
            if (!end)
                return PROLOG_PARSER;
            i = (size_t)(end - p) + 2;
            markup = 1;
        } else if (starts_with(p + i, n - i, "<!--")) {
            const char *end = find(p + i + 4, p + n, "-->");
            if (!end)
                return PROLOG_PARSER;
            i = (size_t)(end - p) + 3;
            markup = 1;
        } else if (starts_with(p + i, n - i, "<!DOCTYPE")) {
            return PROLOG_DOCTYPE;
        } else if (starts_with(p + i, n - i, BOM)) {
            return PROLOG_BOM;
        } else {
            return PROLOG_PARSER;
        }
    }
    *at = n;
    return markup ? PROLOG_MARKUP : PROLOG_BLANK;
}

static unsigned long line_of_offset(const char *p, size_t off)
{
    unsigned long line = 1;
    for (size_t i = 0; i < off; i++)
        if (p[i] == '\n')
            line++;
    return line;
}

/*
 * The start of the first stretch of character data (text or a CDATA
 * section, outside comments and processing instructions) longer than max
 * bytes, or NULL. Text cannot hold a raw '<', so a stretch ends at the next
 * one. Checked before parsing because libxml2 would first build the whole
 * text node (10 MB and more), slowly.
 */
static const char *long_text(const char *p, size_t n, size_t max)
{
    const char *end = p + n, *q = p;
    while (q < end) {
        const char *lt = memchr(q, '<', (size_t)(end - q));
        const char *stop = lt ? lt : end;
        if ((size_t)(stop - q) > max)
            return q;
        if (!lt)
            return NULL;
        const char *close = NULL;
        if ((size_t)(end - lt) >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
            close = find(lt + 9, end, "]]>");
            if ((size_t)((close ? close : end) - (lt + 9)) > max)
                return lt;
            q = close ? close + 3 : end;
        } else if ((size_t)(end - lt) >= 4 && memcmp(lt, "<!--", 4) == 0) {
            close = find(lt + 4, end, "-->");
            q = close ? close + 3 : end;
        } else if ((size_t)(end - lt) >= 2 && lt[1] == '?') {
            close = find(lt + 2, end, "?>");
            q = close ? close + 2 : end;
        } else {
            /* a tag: its attribute values hold no '<' either */
            q = lt + 1;
            const char *gt = memchr(q, '>', (size_t)(end - q));
            const char *next = memchr(q, '<', (size_t)(end - q));
            if (gt && (!next || gt < next))
                q = gt + 1;
        }
    }
    return NULL;
}

/* Returns 0 when the bytes may go to the parser; root is the element expected. */
static int check_bytes(const char *p, size_t n, size_t max_text, const char *root, diag_list *d)
{
    char off[32];
    size_t bad;
    if (n == 0) {
        diag_add(d, 0, DIAG_EMPTY_FILE);
        return -1;
    }
    if (starts_with(p, n, "\x1F\x8B")) {
        diag_add(d, 0, DIAG_GZIP);
        return -1;
    }
    /* UTF-32 first: its little-endian BOM begins with UTF-16's (4 bytes
     * each, NULs included, so not starts_with) */
    if (n >= 4 && (memcmp(p, "\xFF\xFE\0\0", 4) == 0 || memcmp(p, "\0\0\xFE\xFF", 4) == 0 ||
                   memcmp(p, "<\0\0\0", 4) == 0 || memcmp(p, "\0\0\0<", 4) == 0)) {
        diag_add(d, 0, DIAG_UTF16, "UTF-32");
        return -1;
    }
    if (starts_with(p, n, "\xFF\xFE") || starts_with(p, n, "\xFE\xFF") ||
        (n >= 2 && (p[0] == 0 || p[1] == 0) && memchr(p, '<', 2))) {
        diag_add(d, 0, DIAG_UTF16, "UTF-16");
        return -1;
    }
    switch (text_check(p, n, &bad)) {
    case TEXT_OK:
        break;
    case TEXT_INVALID_UTF8:
        snprintf(off, sizeof off, "%zu", bad);
        diag_add(d, line_of_offset(p, bad), DIAG_NOT_UTF8, off);
        return -1;
    case TEXT_NUL:
        snprintf(off, sizeof off, "%zu", bad);
        diag_add(d, line_of_offset(p, bad), DIAG_NUL_CHAR, off);
        return -1;
    }
    size_t at = 0;
    buf why;
    switch (prolog_scan(p, n, &at)) {
    case PROLOG_PARSER:
        break;
    case PROLOG_DOCTYPE:
        diag_add(d, line_of_offset(p, at), DIAG_DOCTYPE);
        return -1;
    case PROLOG_BLANK: /* libxml2 would say "Extra content at the end" */
        diag_add(d, 0, DIAG_EMPTY_FILE);
        return -1;
    case PROLOG_MARKUP:
        buf_init(&why, 0);
        buf_printf(&why,
                   "there is no <%s> element, only comments or declarations "
                   "(is the content missing?)",
                   root);
        diag_add(d, 0, DIAG_XML_SYNTAX, why.data);
        buf_release(&why);
        return -1;
    case PROLOG_BOM: /* libxml2 would say "Document is empty" */
        buf_init(&why, 0);
        if (at == 3 && starts_with(p, n, BOM))
            buf_puts(&why, "the file starts with two byte-order marks (U+FEFF, an invisible "
                           "character): delete the second, or save the file as UTF-8 without BOM");
        else
            buf_printf(&why,
                       "a byte-order mark (U+FEFF, an invisible character) stands before <%s>: "
                       "delete it",
                       root);
        diag_add(d, line_of_offset(p, at), DIAG_XML_SYNTAX, why.data);
        buf_release(&why);
        return -1;
    }
    const char *lt = long_text(p, n, max_text);
    if (lt) {
        snprintf(off, sizeof off, "%zu", max_text);
        diag_add(d, line_of_offset(p, (size_t)(lt - p)), DIAG_TEXT_TOO_LONG, off);
        return -1;
    }
    return 0;
}

/* ---- the streaming reader ---- */

struct pending;

struct reader_state {
    unsigned long element_line; /* of the element being read */
    struct pending *pending;    /* schema errors, placed when the tree is built */
    size_t npending;
    size_t max_text, max_depth;
    xml_doc *doc;
    diag_list *d;
    const char *schema_path;
    int wrong_root;
    int syntax_errors;
    int schema_errors;
};

/*
 * Line numbers. libxml2 2.9 keeps a node's line in an unsigned short, and
 * for lines past 65535 its reader neither keeps the real line nor reports
 * the parser's position at the element (it reads ahead). So lines are
 * counted here: every element event is the next start tag in the bytes
 * (text cannot hold a raw '<'), found by skipping comments, CDATA sections,
 * processing instructions and end tags, in one pass over the file.
 */
struct line_cursor {
    const char *p, *end;
    unsigned long line;
};

static void count_lines(struct line_cursor *c, const char *to)
{
    const char *q = c->p;
    while ((q = memchr(q, '\n', (size_t)(to - q))) != NULL) {
        c->line++;
        q++;
    }
    c->p = to;
}

/* Skips past `close`, counting lines; to the end when missing. */
static void skip_past(struct line_cursor *c, const char *close)
{
    const char *q = find(c->p, c->end, close);
    count_lines(c, q ? q + strlen(close) : c->end);
}

/* The line of the next start tag, leaving the cursor after its '<'. */
static unsigned long next_start_tag(struct line_cursor *c)
{
    for (;;) {
        const char *lt = memchr(c->p, '<', (size_t)(c->end - c->p));
        if (!lt) {
            count_lines(c, c->end);
            return c->line;
        }
        count_lines(c, lt);
        if (strncmp(lt, "<!--", 4) == 0)
            skip_past(c, "-->");
        else if (strncmp(lt, "<![CDATA[", 9) == 0)
            skip_past(c, "]]>");
        else if (lt[1] == '?')
            skip_past(c, "?>");
        else if (lt[1] == '/' || lt[1] == '!')
            skip_past(c, ">");
        else {
            c->p = lt + 1;
            return c->line;
        }
    }
}

/*
 * Schema errors. The reader validates as the parser reads, which may run
 * ahead of the elements handed to the loop below, and libxml2 reports the
 * line where a check ran (an end tag, for a missing child or bad content).
 * So schema errors are kept with that line and the element's name, and
 * placed once the tree is built: at the start line of the last element of
 * that name starting at or before it.
 */
struct pending {
    unsigned long line;
    char *name;  /* local name, or NULL */
    char *text;
};

/*
 * What follows the value in the messages that quote it first (libxml2 2.9,
 * xmlSchemaFacetErr and xmlSchemaSimpleTypeErr): `then`, str2, `then2`,
 * str3, `end`, as many of the arguments as `args` says. The type a value
 * is not valid for is written in the format itself: lost with the rest.
 */
static const struct facet_words {
    int code, args;
    const char *then, *then2, *end;
} facet_words[] = {
    {XML_SCHEMAV_CVC_LENGTH_VALID, 2, "' has a length of '",
     "'; this differs from the allowed length of '", "'"},
    {XML_SCHEMAV_CVC_MINLENGTH_VALID, 2, "' has a length of '",
     "'; this underruns the allowed minimum length of '", "'"},
    {XML_SCHEMAV_CVC_MAXLENGTH_VALID, 2, "' has a length of '",
     "'; this exceeds the allowed maximum length of '", "'"},
    {XML_SCHEMAV_CVC_MININCLUSIVE_VALID, 1, "' is less than the minimum value allowed ('", NULL,
     "')"},
    {XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID, 1, "' is greater than the maximum value allowed ('",
     NULL, "')"},
    {XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID, 1, "' must be greater than '", NULL, "'"},
    {XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID, 1, "' must be less than '", NULL, "'"},
    {XML_SCHEMAV_CVC_TOTALDIGITS_VALID, 1, "' has more digits than are allowed ('", NULL, "')"},
    {XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID, 1, "' has more fractional digits than are allowed ('",
     NULL, "')"},
    {XML_SCHEMAV_CVC_PATTERN_VALID, 1, "' is not accepted by the pattern '", NULL, "'"},
    {XML_SCHEMAV_CVC_ENUMERATION_VALID, 1, "' is not an element of the set {", NULL, "}"},
    {XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1, 0, "' is not a valid value of its type", NULL, ""},
};

/*
 * libxml2's message for a diagnostic, with the values it quotes from the
 * file (e->str1..str3, the arguments of its format, and the element's
 * name) cut as diag cuts values, so that an item id of 5000 characters
 * does not make a line of 5000. A message that would pass 64000 bytes libxml2 cuts itself, after
 * 149, in the middle of the value and before the reason: for the facets
 * whose words are known the message is made again here from its
 * arguments, for others the cut is said.
 */
static void echo_message(const xmlError *e, buf *b)
{
    const char *msg = e->message ? e->message : "unknown error";
    /* the schema's messages name the element in their format, not as an
     * argument: "Element 'NAME'" (a name holds no quote) */
    const char *name = e->domain == XML_FROM_SCHEMASV ? strstr(msg, "Element '") : NULL;
    size_t name_len = 0;
    if (name) {
        name += strlen("Element '");
        name_len = strcspn(name, "'");
    }
    const char *arg[4] = {e->str1, e->str2, e->str3, name};
    size_t len[4];
    int longest = -1;
    for (int k = 0; k < 4; k++) {
        len[k] = k == 3 ? name_len : arg[k] ? strlen(arg[k]) : 0;
        if (len[k] > DIAG_VALUE_MAX && (longest < 0 || len[k] > len[longest]))
            longest = k;
    }
    if (longest < 0) {
        message_text(msg, b);
        return;
    }
    size_t n = strlen(msg);
    buf out;
    buf_init(&out, 0);
    if (n > 0 && msg[n - 1] == '\n') {   /* whole: cut each long value in it */
        for (size_t i = 0; i < n;) {
            int k = 0;
            while (k < 4 && !(len[k] > DIAG_VALUE_MAX && n - i >= len[k] &&
                              memcmp(msg + i, arg[k], len[k]) == 0))
                k++;
            if (k < 4) {
                diag_put_value(&out, arg[k], len[k]);
                i += len[k];
            } else {
                buf_putc(&out, msg[i++]);
            }
        }
        message_text(out.data, b);
        buf_release(&out);
        return;
    }
    /* cut by libxml2: the longest value runs to its end from some offset */
    const char *v = arg[longest];
    size_t at = 0;
    while (at < n && (n - at > len[longest] || memcmp(msg + at, v, n - at) != 0))
        at++;
    buf_put(&out, msg, at);
    if (at < n)
        diag_put_value(&out, v, len[longest]);
    const struct facet_words *w = NULL;
    for (size_t i = 0; i < sizeof facet_words / sizeof *facet_words; i++)
        if (facet_words[i].code == e->code)
            w = &facet_words[i];
    if (w && longest == 0 && at < n && (w->args < 1 || e->str2) && (w->args < 2 || e->str3)) {
        buf_puts(&out, w->then);
        if (w->args >= 1)
            buf_puts(&out, e->str2);
        if (w->args >= 2)
            buf_printf(&out, "%s%s", w->then2, e->str3);
        buf_puts(&out, w->end);
    } else {
        buf_printf(&out, " (libxml2 cut the rest of this message: the value is %zu bytes long)",
                   len[longest]);
    }
    message_text(out.data, b);
    buf_release(&out);
}

static void reader_error(void *ctx, xmlErrorPtr e)
{
    struct reader_state *st = ctx;
    if (st->wrong_root)
        return;
    unsigned long line = e->line > 0 ? (unsigned long)e->line : 0;
    buf b;
    buf_init(&b, 0);
    echo_message(e, &b);
    if (e->domain == XML_FROM_SCHEMASV) {
        const char *name = e->node ? (const char *)((xmlNodePtr)e->node)->name : NULL;
        const char *m = e->message ? strstr(e->message, "Element '") : NULL;
        char *copy = NULL;
        if (name) {
            copy = xstrdup(name);
        } else if (m) {
            m += strlen("Element '");
            const char *close = strchr(m, '}');
            const char *quote = strchr(m, '\'');
            if (close && quote && close < quote)
                m = close + 1; /* {namespace}local */
            copy = xstrndup(m, strcspn(m, "'"));
        }
        st->pending = xgrow(st->pending, st->npending, sizeof *st->pending);
        st->pending[st->npending++] = (struct pending){line, copy, buf_detach(&b)};
        st->schema_errors++;
    } else if (e->level >= XML_ERR_ERROR) {
        /* after the first, the parser's messages are its own confusion */
        if (st->syntax_errors == 0 && strstr(b.data, "huge text node")) {
            /* libxml2's own cap on a text (10 MB), below which ours applies */
            char max[32];
            snprintf(max, sizeof max, "%zu", st->max_text);
            diag_add(st->d, line, DIAG_TEXT_TOO_LONG, max);
        } else if (st->syntax_errors == 0 && strstr(b.data, "Excessive depth")) {
            /* libxml2's own cap (256 levels), which its reading ahead may
             * reach before ours does */
            char max[32];
            snprintf(max, sizeof max, "%zu", st->max_depth);
            diag_add(st->d, line, DIAG_TOO_DEEP, max);
        } else if (st->syntax_errors == 0 &&
                   (e->code == XML_ERR_ENTITYREF_SEMICOL_MISSING ||
                    (e->code == XML_ERR_NAME_REQUIRED && strstr(b.data, "EntityRef")))) {
            /* "KH&CN", typed as it is written everywhere else */
            diag_add(st->d, line, DIAG_XML_AMP);
        } else if (st->syntax_errors == 0 && strstr(b.data, "StartTag: invalid element name")) {
            diag_add(st->d, line, DIAG_XML_LT);
        } else if (st->syntax_errors == 0) {
            diag_add(st->d, line, DIAG_XML_SYNTAX, b.data);
        }
        st->syntax_errors++;
    }
    buf_release(&b);
}

static const char *local_name(const char *name)
{
    const char *colon = strchr(name, ':');
    return colon ? colon + 1 : name;
}

/* The elements of the tree in document order (their lines ascend). */
static void collect(const xml_node *n, const xml_node ***v, size_t *len, size_t *cap)
{
    for (; n; n = n->next) {
        if (*len == *cap) {
            *cap = *cap ? 2 * *cap : 256;
            *v = xreallocarray(*v, *cap, sizeof **v);
        }
        (*v)[(*len)++] = n;
        collect(n->first, v, len, cap);
    }
}

static void place_schema_errors(struct reader_state *st, const xml_node *root)
{
    if (st->npending == 0)
        return;
    const xml_node **v = NULL;
    size_t len = 0, cap = 0;
    collect(root, &v, &len, &cap);
    for (size_t i = 0; i < st->npending; i++) {
        struct pending *e = &st->pending[i];
        unsigned long line = e->line;
        if (e->name) {
            /* the last element of that name starting at or before the line */
            size_t lo = 0, hi = len;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (v[mid]->line <= e->line)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t k = lo; k-- > 0;)
                if (strcmp(local_name(v[k]->name), e->name) == 0) {
                    line = v[k]->line;
                    break;
                }
        }
        if (!st->wrong_root)
            diag_add(st->d, line, DIAG_SCHEMA, e->text, st->schema_path);
    }
    free(v);
}

static void free_pending(struct reader_state *st)
{
    for (size_t i = 0; i < st->npending; i++) {
        free(st->pending[i].name);
        free(st->pending[i].text);
    }
    free(st->pending);
}

/* XML's white space */
static const unsigned char blank[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};

/*
 * Text: trimmed, white-space runs made single spaces. Writes s[0..n) so
 * into out (room for n bytes; out may be s: the text only shrinks) and
 * returns its length. When `breaks` is given it receives, for every line
 * break of the raw text, the index of the word that follows it (spaces
 * survive NFC, words keep their indexes), so that a position in the text
 * can still be given its line.
 */
static size_t collapse(const char *s, size_t n, char *out, size_t **breaks, size_t *nbreaks)
{
    size_t len = 0, words = 0, cap = 0;
    int space = 0;
    for (size_t i = 0; i < n;) {
        if (!blank[(unsigned char)s[i]]) {
            if (space)
                out[len++] = ' ';
            space = 0;
            do
                out[len++] = s[i++];
            while (i < n && !blank[(unsigned char)s[i]]);
            continue;
        }
        if (s[i] == '\n' && breaks) {
            if (*nbreaks == cap) {
                cap = cap ? 2 * cap : 8;
                *breaks = xreallocarray(*breaks, cap, sizeof **breaks);
            }
            (*breaks)[(*nbreaks)++] = words + (space || len == 0 ? 0 : 1);
        }
        if (len > 0 && !space)
            words++;
        space = len > 0;
        i++;
    }
    return len;
}

/* The collapsed text out[0..len), in NFC, in the document's arena. */
static const char *finish_nfc(xml_doc *doc, const char *out, size_t len)
{
    if (len == 0)
        return "";
    if (text_is_nfc_fast(out, len))
        return arena_strndup(&doc->mem, out, len);
    char *nfc = text_nfc(out, len);
    const char *s = arena_strndup(&doc->mem, nfc, strlen(nfc));
    free(nfc);
    return s;
}

/* Text as collapse() makes it, then NFC; raw is collapsed in place. */
static const char *finish_text_lines(xml_doc *doc, buf *raw, size_t **breaks, size_t *nbreaks)
{
    return finish_nfc(doc, raw->data, collapse(raw->data, raw->len, raw->data, breaks, nbreaks));
}

unsigned long xml_text_line(const xml_node *n, size_t offset)
{
    size_t word = 0;
    for (size_t i = 0; i < offset && n->text[i]; i++)
        word += n->text[i] == ' ';
    unsigned long line = n->line;
    for (size_t i = 0; i < n->nbreaks && n->breaks[i] <= word; i++)
        line++;
    return line;
}

/* Gives node the text read so far. Only the first piece of text counts: no
 * schema of baocao mixes text with elements, and the schema reports such a
 * file; joining every piece would cost time and memory quadratic in the
 * pieces. */
static void flush_text(xml_doc *doc, xml_node *node, buf *raw)
{
    if (raw->len == 0)
        return;
    size_t i = 0;
    while (i < raw->len && blank[(unsigned char)raw->data[i]])
        i++;
    if (*node->text || i == raw->len) {   /* taken, or only the indentation */
        buf_clear(raw);
        return;
    }
    size_t *breaks = NULL, nbreaks = 0;
    const char *t = finish_text_lines(doc, raw, &breaks, &nbreaks);
    buf_clear(raw);
    if (*t) {
        node->text = t;
        if (nbreaks) {
            size_t *kept = arena_alloc(&doc->mem, nbreaks * sizeof *kept);
            memcpy(kept, breaks, nbreaks * sizeof *kept);
            node->breaks = kept;
            node->nbreaks = nbreaks;
        }
    }
    free(breaks);
}

/* The line of the reader's current node other than an element start. */
static unsigned long node_line(xmlTextReaderPtr r, const struct reader_state *st)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r);
    long l = n ? xmlGetLineNo(n) : -1;
    if (l > 0 && l < 65535)
        return (unsigned long)l;
    return st->element_line;
}

/* Reads one element's attributes into the node. */
static int read_attributes(xmlTextReaderPtr r, xml_doc *doc, xml_node *node,
                           const xml_limits *lim, diag_list *d)
{
    int count = xmlTextReaderAttributeCount(r);
    if (count <= 0)
        return 0;
    node->attrs = arena_alloc(&doc->mem, (size_t)count * sizeof *node->attrs);
    while (xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *name = (const char *)xmlTextReaderConstName(r);
        const char *value = (const char *)xmlTextReaderConstValue(r);
        if (!value)
            value = "";
        if (strlen(value) > lim->max_text) {
            char max[32];
            snprintf(max, sizeof max, "%zu", lim->max_text);
            diag_add(d, node->line, DIAG_TEXT_TOO_LONG, max);
            return -1;
        }
        if ((size_t)count <= node->nattrs)
            break;
        xml_attr *a = &node->attrs[node->nattrs++];
        a->name = arena_strndup(&doc->mem, name, strlen(name));
        size_t n = strlen(value);
        char *out = arena_bytes(&doc->mem, n + 1);
        size_t len = collapse(value, n, out, NULL, NULL);
        out[len] = 0;
        a->value = text_is_nfc_fast(out, len) ? out : finish_nfc(doc, out, len);
    }
    xmlTextReaderMoveToElement(r);
    return 0;
}

/* Reads data[0..n), which must be followed by a NUL byte. */
static xml_doc *read_terminated(const char *data, size_t n, const char *path, const char *root,
                                const xml_schema *schema, const xml_limits *lim, diag_list *d,
                                enum xml_status *status)
{
    *status = XML_INVALID;
    if (check_bytes(data, n, lim->max_text, root, d) < 0)
        return NULL;

    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC |
               XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
    xmlTextReaderPtr r = xmlReaderForMemory(data, (int)n, path, "UTF-8", opts);
    if (!r) {
        diag_add(d, 0, DIAG_INTERNAL, "cannot create an XML reader");
        *status = XML_IO_ERROR;
        return NULL;
    }
    xml_doc *doc = xcalloc(1, sizeof *doc);
    arena_init(&doc->mem, 16 * 1024);   /* a submission is a few KB */
    struct reader_state st = {1,      NULL, 0, lim->max_text, lim->max_depth,
                              doc,    d,    schema ? schema->path : "", 0, 0, 0};
    struct line_cursor lc = {data, data + n, 1};
    /* Errors: the reader's handler gets the schema's; once a schema is
     * attached the parser's own go to the thread's structured handler
     * (libxml2 keeps it per thread), so both point here for this read. */
    xmlTextReaderSetStructuredErrorHandler(r, reader_error, &st);
    xmlSetStructuredErrorFunc(&st, reader_error);
    if (schema && xmlTextReaderSetSchema(r, schema->schema) != 0) {
        diag_add(d, 0, DIAG_INTERNAL, "cannot attach the XML schema");
        xmlFreeTextReader(r);
        xml_doc_free(doc);
        *status = XML_IO_ERROR;
        return NULL;
    }

    xml_node *cur = NULL;
    buf text;
    buf_init(&text, lim->max_text);
    size_t nodes = 0, depth = 0;
    int failed = 0, ret;
    char num[32];
    while (!failed && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        switch (type) {
        case XML_READER_TYPE_DOCUMENT_TYPE:
            diag_add(d, node_line(r, &st), DIAG_DOCTYPE);
            failed = 1;
            break;
        case XML_READER_TYPE_ELEMENT: {
            const char *name = (const char *)xmlTextReaderConstName(r);
            unsigned long line = st.element_line = next_start_tag(&lc);
            if (!cur && doc->root) {
                failed = 1; /* a second root: libxml2 reports it */
                break;
            }
            if (!cur && strcmp(name, root) != 0) {
                diag_add(d, line, DIAG_WRONG_ROOT, name, root);
                st.wrong_root = 1;
                failed = 1;
                break;
            }
            if (++nodes > lim->max_nodes) {
                snprintf(num, sizeof num, "%zu", lim->max_nodes);
                diag_add(d, line, DIAG_TOO_MANY_NODES, num);
                failed = 1;
                break;
            }
            if (depth + 1 > lim->max_depth) {
                snprintf(num, sizeof num, "%zu", lim->max_depth);
                diag_add(d, line, DIAG_TOO_DEEP, num);
                failed = 1;
                break;
            }
            if (cur)
                flush_text(doc, cur, &text);
            buf_clear(&text);
            xml_node *node = arena_alloc(&doc->mem, sizeof *node);
            memset(node, 0, sizeof *node);
            node->name = arena_strndup(&doc->mem, name, strlen(name));
            node->line = line;
            node->text = "";
            node->parent = cur;
            if (cur) {
                if (cur->last)
                    cur->last->next = node;
                else
                    cur->first = node;
                cur->last = node;
            } else {
                doc->root = node;
            }
            if (read_attributes(r, doc, node, lim, d) < 0) {
                failed = 1;
                break;
            }
            if (xmlTextReaderIsEmptyElement(r)) {
                /* no END_ELEMENT event follows */
            } else {
                cur = node;
                depth++;
            }
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            if (cur) {
                flush_text(doc, cur, &text);
                cur = cur->parent;
                depth--;
            }
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        case XML_READER_TYPE_WHITESPACE: {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (v && buf_puts(&text, v) < 0) {
                snprintf(num, sizeof num, "%zu", lim->max_text);
                diag_add(d, node_line(r, &st), DIAG_TEXT_TOO_LONG, num);
                failed = 1;
            }
            break;
        }
        case XML_READER_TYPE_ENTITY_REFERENCE:
            diag_add(d, node_line(r, &st), DIAG_XML_SYNTAX, "an entity reference; remove it");
            failed = 1;
            break;
        default:
            break;
        }
    }
    buf_release(&text);
    if (!failed && ret < 0 && st.syntax_errors == 0)
        diag_add(d, (unsigned long)xmlTextReaderGetParserLineNumber(r), DIAG_XML_SYNTAX,
                 "the document ends too early or is malformed");
    int invalid = failed || ret < 0 || st.syntax_errors > 0;
    if (!invalid && schema && !xmlTextReaderIsValid(r) && st.schema_errors == 0)
        diag_add(d, 0, DIAG_SCHEMA, "the file does not match the schema", st.schema_path);
    int schema_bad = schema && (st.schema_errors > 0 || !xmlTextReaderIsValid(r));
    xmlFreeTextReader(r);
    xmlSetStructuredErrorFunc(NULL, NULL);
    place_schema_errors(&st, doc->root);
    free_pending(&st);

    if (invalid || !doc->root) {
        if (!invalid)
            diag_add(d, 0, DIAG_XML_SYNTAX, "no root element");
        xml_doc_free(doc);
        return NULL;
    }
    *status = schema_bad ? XML_INVALID : XML_OK;
    return doc;
}

xml_doc *xml_read_file(const char *path, const char *root, const xml_schema *schema,
                       const xml_limits *lim, diag_list *d, enum xml_status *status)
{
    *status = XML_IO_ERROR;
    struct stat sb;
    int fd = open_regular(path, &sb, d);
    if (fd < 0)
        return NULL;
    /* Read up to one byte past the cap, so "too large" needs no trust in
     * the size fstat gave (a file may grow while it is read); that size
     * only makes the first buffer right. */
    size_t cap = lim->max_bytes, len = 0;
    size_t size = sb.st_size > 0 && (unsigned long long)sb.st_size < cap
                      ? (size_t)sb.st_size + 1
                      : 65536;
    char *data = xmalloc(size + 1);
    for (;;) {
        if (len == size) {
            if (size > cap)
                break;
            size *= 2;
            data = xreallocarray(data, size + 1, 1);
        }
        ssize_t got = read(fd, data + len, size - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            diag_add(d, 0, DIAG_READ_FAILED, strerror(errno));
            close(fd);
            free(data);
            return NULL;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    close(fd);
    if (len > cap) {
        char have[32], max[32];
        if (sb.st_size >= 0 && (unsigned long long)sb.st_size > cap)
            snprintf(have, sizeof have, "%lld", (long long)sb.st_size);
        else
            snprintf(have, sizeof have, "more than %zu", cap);
        snprintf(max, sizeof max, "%zu", cap);
        diag_add(d, 0, DIAG_TOO_LARGE, have, max);
        free(data);
        *status = XML_INVALID;
        return NULL;
    }
    data[len] = '\0';
    xml_doc *doc = read_terminated(data, len, path, root, schema, lim, d, status);
    free(data);
    return doc;
}

xml_doc *xml_read_memory(const char *data, size_t n, const char *path, const char *root,
                         const xml_schema *schema, const xml_limits *lim, diag_list *d,
                         enum xml_status *status)
{
    if (n > lim->max_bytes) {
        char have[32], max[32];
        snprintf(have, sizeof have, "%zu", n);
        snprintf(max, sizeof max, "%zu", lim->max_bytes);
        diag_add(d, 0, DIAG_TOO_LARGE, have, max);
        *status = XML_INVALID;
        return NULL;
    }
    char *copy = xmalloc(n + 1); /* the checks below rely on a final NUL */
    memcpy(copy, data, n);
    copy[n] = '\0';
    xml_doc *doc = read_terminated(copy, n, path, root, schema, lim, d, status);
    free(copy);
    return doc;
}

/* libxml2 prints some problems itself (a schema file it cannot open);
 * baocao reports them as diagnostics instead. */
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

void xml_init(void)
{
    xmlInitParser();
    /* libxml2 2.9 builds its tables of XSD built-in types on the first
     * schema parsed, with no lock: two schemas parsed at once on two
     * threads (report's template thread) would both build them, and leak
     * one. Built here, once, before any thread. */
    xmlSchemaInitTypes();
    xmlSetGenericErrorFunc(NULL, silent);
}
