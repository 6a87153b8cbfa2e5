/*
 * diag: every message the program can print, and the one printer.
 *
 * All messages are listed in DIAG_MESSAGES below, grouped by stage, each
 * with a short stable id (printed in brackets, so scripts and tests can
 * match on it), a severity and a format that says what is wrong and what to
 * do. Formats take only %s arguments, as many as the entry's nargs says
 * (a unit test checks the table). Modules add diagnostics to a diag_list;
 * only this module prints them; only main() turns the worst severity into
 * the exit status.
 *
 * Printed form, one per line on stderr:
 *     FILE:LINE: error: message [id]
 *     FILE: warning: message [id]          (no line: about the whole file)
 *     baocao: error: message [id]          (not about a file)
 *
 * An argument written quoted in its format ('%s', <%s>, {%s}, "%s") is a
 * value echoed from the input: at most DIAG_VALUE_MAX characters of it are
 * shown, then "…", so that the reason after it always shows, whatever the
 * file holds. Any other argument (a path, a reason) longer than
 * DIAG_TEXT_MAX characters keeps its start and its end around "…".
 * Control characters, in the file's name and in arguments, are escaped
 * (\n, \t, \x01, \u0085), so that a diagnostic is always one line.
 */
#ifndef BAOCAO_DIAG_H
#define BAOCAO_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* X(ENUM, "id", severity, nargs, "format") */
#define DIAG_MESSAGES(X) \
    /* reading any XML file */ \
    X(READ_FAILED, "read-failed", DIAG_ERROR, 1, "cannot read the file (%s); check that it exists and that you may read it") \
    X(TOO_LARGE, "too-large", DIAG_ERROR, 2, "the file is %s bytes, over the limit of %s; split it, or raise the limit with --max-file-size") \
    X(EMPTY_FILE, "empty-file", DIAG_ERROR, 0, "the file is empty; send the filled-in form again") \
    X(GZIP, "compressed", DIAG_ERROR, 0, "the file is gzip-compressed; decompress it (gunzip) and send the XML itself") \
    X(UTF16, "not-utf8-utf16", DIAG_ERROR, 1, "the file is in %s; save it again as UTF-8") \
    X(NOT_UTF8, "not-utf8", DIAG_ERROR, 1, "invalid UTF-8 at byte offset %s (a legacy encoding such as Windows-1258, TCVN3 or VNI?); save the file as UTF-8 (Unicode)") \
    X(NUL_CHAR, "nul-char", DIAG_ERROR, 1, "the file contains a NUL character (U+0000) at byte offset %s; remove it") \
    X(DOCTYPE, "doctype", DIAG_ERROR, 0, "the file has a DOCTYPE declaration, which baocao does not accept (it can hide entities that read other files); remove the <!DOCTYPE ...> line") \
    X(XML_SYNTAX, "xml-syntax", DIAG_ERROR, 1, "not well-formed XML: %s; fix the markup (an editor that checks XML helps)") \
    X(XML_AMP, "xml-bare-ampersand", DIAG_ERROR, 0, "a '&' not written as &amp; (in an XML file KH&CN is written KH&amp;CN); replace the & with &amp;") \
    X(XML_LT, "xml-bare-less-than", DIAG_ERROR, 0, "a '<' that does not open a tag (in an XML file '< 10' is written '&lt; 10'); replace the < with &lt;") \
    X(WRONG_ROOT, "wrong-root", DIAG_ERROR, 2, "the root element is <%s>, expected <%s>; is this the right kind of file?") \
    X(SCHEMA, "schema", DIAG_ERROR, 2, "%s; check the file against %s") \
    X(TOO_DEEP, "too-deep", DIAG_ERROR, 1, "elements are nested more than %s deep; this is not a baocao file") \
    X(TOO_MANY_NODES, "too-many-elements", DIAG_ERROR, 1, "the file has more than %s elements; split it, or raise the limit with --max-items") \
    X(TEXT_TOO_LONG, "text-too-long", DIAG_ERROR, 1, "a text is longer than %s bytes; shorten it, or raise the limit with --max-text") \
    /* numbers */ \
    X(NUM_VIETNAMESE, "number-vietnamese", DIAG_ERROR, 2, "'%s' is written with Vietnamese separators; write %s (dot for decimals, no grouping)") \
    X(NUM_COMMA_AMBIGUOUS, "number-comma-ambiguous", DIAG_ERROR, 3, "'%s' can be read two ways: write %s if the comma groups thousands, or %s if it marks decimals (dot for decimals, no grouping)") \
    X(NUM_DOT_AMBIGUOUS, "number-dot-ambiguous", DIAG_WARNING, 2, "'%s' is taken as a decimal (the dot marks decimals here); if the dot groups thousands, write %s") \
    X(NUM_INVALID, "number-invalid", DIAG_ERROR, 1, "'%s' is not a number; write the figure alone, without a unit or words, as a plain decimal such as 1234.5") \
    X(NUM_EMPTY, "number-empty", DIAG_ERROR, 1, "the figure for '%s' is empty; write it (0 when there was none), or leave out its <value> line when it is not known") \
    X(NUM_TOO_LARGE, "number-too-large", DIAG_ERROR, 1, "'%s' has too many digits (at most 12 before the point and 6 after it); check the figure and its unit") \
    X(NUM_NEGATIVE, "number-negative", DIAG_ERROR, 2, "'%s' is negative, but %s cannot be below zero; check the figure") \
    X(NUM_NOT_WHOLE, "number-not-whole", DIAG_ERROR, 2, "'%s' has decimals, but %s counts whole things; write a whole number (a dot never groups thousands here: 4343, not 4.343)") \
    X(BAD_REVISION, "bad-revision", DIAG_ERROR, 1, "revision '%s' is not a whole number from 1 to 999999; number the first file 1 and each correction one more") \
    X(BAD_DATE_DMY, "date-day-first", DIAG_ERROR, 3, "'%s' is written day first; write the date for %s as YYYY-MM-DD: %s") \
    X(BAD_DATE, "bad-date", DIAG_ERROR, 2, "'%s' is not a date for %s; write it as YYYY-MM-DD, without a time or time zone") \
    /* the plan file */ \
    X(PLAN_DUPLICATE, "plan-duplicate-code", DIAG_ERROR, 2, "%s code '%s' is defined twice; give each a different code") \
    X(PLAN_UNKNOWN_REF, "plan-unknown-code", DIAG_ERROR, 2, "unknown %s code '%s'; define it in the plan or correct the code") \
    X(PLAN_BAD_DATES, "plan-bad-dates", DIAG_ERROR, 1, "%s; correct the dates") \
    X(PLAN_BAD_INDICATOR, "plan-bad-indicator", DIAG_ERROR, 2, "indicator %s: %s") \
    X(PLAN_SUCCESSOR_LOOP, "plan-successor-loop", DIAG_ERROR, 1, "the successors of unit '%s' lead back to it; correct the successor attributes") \
    /* submissions against the plan */ \
    X(SUB_PLAN, "unknown-plan", DIAG_ERROR, 2, "the file is for plan '%s', but the plan read is '%s'; use the form of this plan (baocao form)") \
    X(SUB_UNIT, "unknown-unit", DIAG_ERROR, 1, "unknown unit code '%s'; use the code the plan gives your unit (baocao form --unit CODE)") \
    X(SUB_UNIT_NAME, "unit-name-not-code", DIAG_ERROR, 2, "the unit is given as '%s', not by its code; write unit=\"%s\"") \
    X(SUB_UNIT_INACTIVE, "unit-not-active", DIAG_ERROR, 3, "unit '%s' did not exist during %s (it existed %s); send it under the unit that took over, or correct the period") \
    X(SUB_PERIOD, "bad-period", DIAG_ERROR, 1, "'%s' is not a period; write 2025-Q3, 2025-H1, 2025-9M or 2025") \
    X(SUB_PERIOD_OUTSIDE, "period-outside-plan", DIAG_ERROR, 2, "period %s is outside the plan's years %s; correct the period") \
    X(SUB_MEASURE, "unknown-measure", DIAG_ERROR, 1, "unknown measure code '%s'; use the codes of the form (baocao form)") \
    X(SUB_MEASURE_NOT_REPORTED, "measure-not-assigned", DIAG_WARNING, 2, "unit '%s' does not report measure '%s' under the plan; the figure is listed but not added to the province total: check that it belongs to your unit") \
    X(SUB_MEASURE_TWICE, "measure-twice", DIAG_ERROR, 2, "measure '%s' is given twice (first on line %s); keep one value") \
    X(SUB_VALUE_FOR_ITEMS, "value-for-items", DIAG_ERROR, 1, "measure '%s' counts distinct results: list each one as an <item> instead of giving a number") \
    X(SUB_ITEM_FOR_VALUE, "item-for-value", DIAG_ERROR, 1, "measure '%s' is a figure, not a list of results: give it as a <value>") \
    X(SUB_ITEM_TWICE, "item-twice", DIAG_ERROR, 3, "item '%s' of measure '%s' is listed twice (first on line %s); list it once") \
    X(SUB_ITEM_DATE, "item-date-outside", DIAG_WARNING, 2, "item dated %s lies outside the period's window %s; check the date or the period") \
    X(SUB_TASK, "unknown-task", DIAG_ERROR, 1, "unknown task code '%s'; use the task codes of the form (baocao form)") \
    X(SUB_TASK_NOT_ASSIGNED, "task-not-assigned", DIAG_WARNING, 2, "unit '%s' neither leads nor supports task '%s'; check the task code") \
    X(SUB_TASK_TWICE, "task-twice", DIAG_ERROR, 2, "task '%s' is reported twice (first on line %s); merge the two reports") \
    X(SUB_CONFLICT, "revision-conflict", DIAG_ERROR, 2, "another file has the same unit, period and revision %s but different content (%s); both are set aside: send the corrected file as a new revision") \
    X(SUB_DUPLICATE, "duplicate-file", DIAG_WARNING, 1, "this file repeats %s (same unit, period, revision and content); it is counted once") \
    X(SUB_REVISION_DROPS, "revision-drops-figures", DIAG_WARNING, 2, "this revision leaves out %s, which the revision it replaces (%s) gave, so the report leaves them out too; a revision replaces the whole earlier file: copy into it the figures and task reports that did not change") \
    X(SUB_CHANGED, "file-changed", DIAG_ERROR, 0, "the file changed while baocao was reading the batch, so its figures are not used; run baocao again once nothing is writing into the input folder") \
    X(SUB_LATE, "late", DIAG_WARNING, 2, "sent on %s, after the deadline %s; the figures are used and the unit is listed as late") \
    X(SUB_SENT_BEFORE, "sent-before-period", DIAG_WARNING, 2, "the file says it was sent on %s, before period %s began; check the date") \
    /* report templates and the PDF */ \
    X(TPL_PLACEHOLDER, "template-placeholder", DIAG_ERROR, 1, "unknown placeholder {%s}; the placeholders are listed in templates/report-template-v1.xsd") \
    X(TPL_WIDTHS, "template-widths", DIAG_ERROR, 2, "widths=\"%s\" does not fit this table of %s columns: give one width a column, in millimetres or * for a share of the rest") \
    X(TPL_BRACE, "template-brace", DIAG_ERROR, 0, "a '{' without its '}'; write placeholders as {name}") \
    X(GLYPH_MISSING, "glyph-missing", DIAG_WARNING, 2, "the character %s is not in the report font %s; it is printed as '?': retype it, or use a font that has it") \
    X(FONT_NOT_FOUND, "font-not-found", DIAG_ERROR, 1, "the font '%s' of the template is not installed (for Times New Roman, Liberation Serif stands in: install the package fonts-liberation2)") \
    X(FONT_UNUSABLE, "font-unusable", DIAG_ERROR, 2, "the report font is the file %s, which cannot be embedded in a PDF (%s); only TrueType fonts (.ttf, .ttc) can: install the font's TrueType version, or remove this file so that Liberation Serif (package fonts-liberation2) stands in") \
    X(PDF_FAILED, "pdf-failed", DIAG_ERROR, 1, "cannot make the PDF: %s") \
    /* the command line and files */ \
    X(USAGE, "usage", DIAG_ERROR, 1, "%s; see baocao --help") \
    X(REPORT_EARLY, "report-date-early", DIAG_WARNING, 3, "the report is dated %s, before the data window of %s ends (%s), so its figures are not all in: check --period and --date") \
    X(SUM_OVERFLOW, "sum-overflow", DIAG_WARNING, 2, "the province's %s of %s passes the largest figure baocao can add up and is left blank; a figure is likely wrong (check its unit): summary.csv lists the files it comes from") \
    X(NO_FILES, "no-files", DIAG_ERROR, 1, "no .xml files found in %s; give the folder that holds the submissions") \
    X(NOT_XML_NAME, "not-xml-file", DIAG_WARNING, 0, "skipped: the name does not end in .xml") \
    X(PLAN_NOT_FOUND, "plan-not-found", DIAG_ERROR, 1, "there is no plan at %s; run baocao from the folder that holds input/plan.xml (the one make run was run in), or give --plan FILE and --input DIR") \
    X(PLAN_INVALID, "plan-invalid", DIAG_ERROR, 1, "the plan %s has errors (listed above); nothing can be checked against it until they are fixed") \
    X(WRITE_FAILED, "write-failed", DIAG_ERROR, 1, "cannot write the file (%s); check the disk space and that the folder is writable") \
    X(NO_TEMP_FILE, "no-temp-file", DIAG_WARNING, 2, "cannot make a temporary file in %s (%s); the run keeps what it holds for each file in memory instead: set TMPDIR to a folder where baocao may write") \
    X(DIAGS_CUT, "diagnostics-cut", DIAG_WARNING, 1, "%s more problems in this file are not shown; fix the ones above first") \
    X(INTERNAL, "internal", DIAG_ERROR, 1, "internal error: %s; please report this")

#define DIAG_ENUM_(e, id, sev, nargs, fmt) DIAG_##e,
enum diag_id { DIAG_MESSAGES(DIAG_ENUM_) DIAG__COUNT };
#undef DIAG_ENUM_

/* Characters of an echoed value shown; of any other argument. */
#define DIAG_VALUE_MAX 80
#define DIAG_TEXT_MAX 1000

struct buf;
struct diag_drop_req;

typedef struct diag_entry {
    enum diag_id id;
    unsigned long line; /* 0: about the whole file */
    size_t seq;         /* order of addition, for a stable sort */
    char *text;         /* the formatted message */
} diag_entry;

/* The diagnostics of one file (or of the run, with file NULL). */
typedef struct diag_list {
    char *file;         /* owned copy; NULL for "baocao" */
    diag_entry *v;
    size_t n, cap;
    enum diag_severity worst; /* DIAG_NOTE while empty */
    size_t errors, warnings;
    struct diag_drop_req *drops; /* pending diag_drop marks */
    size_t ndrops;
} diag_list;

void diag_list_init(diag_list *l, const char *file);
void diag_list_release(diag_list *l);

/* Adds message `id`, formatted with its nargs string arguments. */
void diag_add(diag_list *l, unsigned long line, enum diag_id id, ...);

/* Appends s[0..n) to b as a value echoed from the input is shown: its first
 * DIAG_VALUE_MAX characters, then "…" when there are more. For a module
 * that passes on a message holding such a value (libxml2's, in xml.c). */
void diag_put_value(struct buf *b, const char *s, size_t n);

/* Marks for removal the messages `id` at `line` whose text contains
 * `needle` (a static string): a specific message added for the same
 * problem makes them redundant. The marks take effect, all in one pass, at
 * diag_apply_drops, which diag_print also calls. The error and warning
 * counts are those after the drops once applied. */
void diag_drop(diag_list *l, unsigned long line, enum diag_id id, const char *needle);
void diag_apply_drops(diag_list *l);

/* At most this many messages are printed for one file. */
#define DIAG_MAX_PRINTED 100

/* Sorts by line (stable) and prints; warnings are skipped when quiet. After
 * DIAG_MAX_PRINTED messages, one line says how many more there are. */
void diag_print(diag_list *l, FILE *out, int quiet);

/* The table, for tests and documentation. */
const char *diag_id_name(enum diag_id id);
enum diag_severity diag_id_severity(enum diag_id id);
int diag_id_nargs(enum diag_id id);
const char *diag_id_format(enum diag_id id);

#endif
