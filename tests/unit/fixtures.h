/*
 * fixtures: helpers shared by the unit tests (tests/unit/test_*.c).
 *
 * Everything here is static inline, so each test program takes only what
 * it uses and the header needs no .c file. The helpers cover what several
 * suites repeat: reading XML from a string, looking diagnostics up by id,
 * building and removing temporary folders, and loading the real plan
 * (input/plan.xml) with its schema. Tests run from the repository root
 * (build/tests/test_x with cwd = the repo), so the paths are relative.
 *
 * Table-driven tests report every failing row (ROW_FAIL) and then fail once
 * at the end (ROWS_DONE), so one run shows all the rows that are wrong.
 */
#ifndef BAOCAO_TEST_FIXTURES_H
#define BAOCAO_TEST_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "plan.h"
#include "xml.h"

#define FX_PLAN_PATH "input/plan.xml"
#define FX_PLAN_XSD "templates/plan-v1.xsd"
#define FX_SUB_XSD "templates/submission-v1.xsd"

#define FX_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Table rows: report each bad row, fail once at the end. */
#define ROWS_BEGIN() int rows_failed_ = 0
#define ROW_FAIL(...)                                                                     \
    do {                                                                                  \
        print_error(__VA_ARGS__);                                                         \
        print_error("\n");                                                                \
        rows_failed_++;                                                                   \
    } while (0)
#define ROWS_DONE()                                                                       \
    do {                                                                                  \
        if (rows_failed_)                                                                 \
            fail_msg("%d table row(s) failed (listed above)", rows_failed_);              \
    } while (0)

/* Like assert_non_null, but the compiler knows that p is not NULL after it
 * (cmocka's _fail is not declared noreturn; -Wnull-dereference needs this). */
#define REQUIRE(p)                                                                        \
    do {                                                                                  \
        if (!(p)) {                                                                       \
            fail_msg("required: %s", #p);                                                 \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

/* ---- diagnostics ---- */

static inline void fx_dump(const diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        print_error("    diag %zu: line %lu [%s] %s\n", i, d->v[i].line,
                    diag_id_name(d->v[i].id), d->v[i].text);
}

static inline size_t fx_count_id(const diag_list *d, enum diag_id id)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].id == id)
            k++;
    return k;
}

/* The first entry with `id`, or NULL. */
static inline const diag_entry *fx_find(const diag_list *d, enum diag_id id)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].id == id)
            return &d->v[i];
    return NULL;
}

/* The first entry with `id` at `line`, or NULL. */
static inline const diag_entry *fx_find_at(const diag_list *d, enum diag_id id,
                                           unsigned long line)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].id == id && d->v[i].line == line)
            return &d->v[i];
    return NULL;
}

/*
 * Checks that d holds exactly one message, with this id, at this line, whose
 * text contains `needle` (NULL: any text). Prints the list and returns 0
 * otherwise, so that table tests can go on with the next row.
 */
static inline int fx_only(const diag_list *d, enum diag_id id, unsigned long line,
                          const char *needle)
{
    if (d->n == 1 && d->v[0].id == id && d->v[0].line == line &&
        (!needle || strstr(d->v[0].text, needle)))
        return 1;
    print_error("  expected exactly one [%s] at line %lu containing \"%s\", got %zu:\n",
                diag_id_name(id), line, needle ? needle : "", d->n);
    fx_dump(d);
    return 0;
}

/* ---- XML from strings ---- */

static inline xml_doc *fx_read(const char *xml, const char *root, const xml_schema *schema,
                               diag_list *d, enum xml_status *st)
{
    return xml_read_memory(xml, strlen(xml), "mem.xml", root, schema, &xml_default_limits, d,
                           st);
}

/* Compiles a schema (and sets libxml2 up first, as xml.h asks). */
static inline xml_schema *fx_schema(const char *path)
{
    xml_init();
    diag_list d;
    diag_list_init(&d, path);
    xml_schema *s = xml_schema_load(path, &d);
    if (!s || d.n)
        fx_dump(&d);
    diag_list_release(&d);
    return s;
}

/* ---- plans ---- */

/* The real plan, input/plan.xml, checked against its schema; NULL (with the
 * diagnostics printed) when it does not load. */
static inline plan *fx_real_plan(void)
{
    xml_schema *ps = fx_schema(FX_PLAN_XSD);
    if (!ps)
        return NULL;
    diag_list d;
    diag_list_init(&d, FX_PLAN_PATH);
    int io = 0;
    plan *p = plan_load(FX_PLAN_PATH, ps, &xml_default_limits, &d, &io);
    if (!p)
        fx_dump(&d);
    diag_list_release(&d);
    xml_schema_free(ps);
    return p;
}

/* A plan from a string, without a schema; NULL (diagnostics printed) when
 * it has any diagnostic. */
static inline plan *fx_plan_from_string(const char *xml)
{
    diag_list d;
    diag_list_init(&d, "plan.xml");
    enum xml_status st;
    plan *p = NULL;
    xml_doc *doc = fx_read(xml, "plan", NULL, &d, &st);
    if (doc)
        p = plan_from_xml(xml_root(doc), "plan.xml", &d);
    if (p && d.n) {
        plan_free(p);
        p = NULL;
    }
    if (!p)
        fx_dump(&d);
    xml_doc_free(doc);
    diag_list_release(&d);
    return p;
}

/* A malloc'd copy of s with every `from` replaced by `to`. */
static inline char *fx_replace(const char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), count = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + nf, from))
        count++;
    size_t len = strlen(s) + count * nt + 1;
    char *out = malloc(len), *o = out;
    const char *p = s, *q;
    while ((q = strstr(p, from)) != NULL) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, nt);
        o += nt;
        p = q + nf;
    }
    strcpy(o, p);
    return out;
}

/* ---- temporary folders ---- */

/* Creates a fresh folder under $TMPDIR (or /tmp); out must hold 256 bytes. */
static inline void fx_mkdtemp(char *out)
{
    const char *tmp = getenv("TMPDIR");
    int k = snprintf(out, 256, "%s/baocao-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (k < 0 || k >= 256 || !mkdtemp(out))
        fail_msg("mkdtemp: %s", strerror(errno));
}

static inline void fx_join(char *out, size_t n, const char *dir, const char *name)
{
    int k = snprintf(out, n, "%s/%s", dir, name);
    if (k < 0 || (size_t)k >= n)
        fail_msg("path too long: %s/%s", dir, name);
}

static inline void fx_write(const char *dir, const char *name, const char *data, size_t len)
{
    char path[1024];
    fx_join(path, sizeof path, dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("fopen %s: %s", path, strerror(errno));
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
        fail_msg("write %s failed", path);
}

static inline void fx_write_str(const char *dir, const char *name, const char *data)
{
    fx_write(dir, name, data, strlen(data));
}

static inline void fx_mkdir(const char *dir, const char *name)
{
    char path[1024];
    fx_join(path, sizeof path, dir, name);
    if (mkdir(path, 0700) != 0)
        fail_msg("mkdir %s: %s", path, strerror(errno));
}

/* rm -rf, for the folders the tests made. */
static inline void fx_rm_rf(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *dir = opendir(path);
        if (dir) {
            struct dirent *e;
            while ((e = readdir(dir)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char child[1024];
                fx_join(child, sizeof child, path, e->d_name);
                fx_rm_rf(child);
            }
            closedir(dir);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---- a function run in a child, its stderr captured ---- */

/* Removes the lines a sanitizer adds ("==PID==WARNING: ...") from s. */
static inline void fx_drop_sanitizer_lines(char *s)
{
    char *out = s;
    for (const char *line = s; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
        if (strncmp(line, "==", 2) != 0) {
            memmove(out, line, n);
            out += n;
        }
        line += n;
    }
    *out = '\0';
}

/* Runs fn in a child with stderr captured; returns its wait status. */
static inline int fx_in_child(void (*fn)(void), char *err, size_t errn)
{
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    fflush(NULL);   /* or the child's exit() writes our buffers again */
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        if (dup2(fd[1], STDERR_FILENO) < 0)
            _exit(99);
        close(fd[1]);
        alarm(10);
        fn();
        _exit(0);   /* fn returned: the failure was not noticed */
    }
    close(fd[1]);
    size_t len = 0;
    for (;;) {
        ssize_t k = read(fd[0], err + len, errn - 1 - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        len += (size_t)k;
        if (len == errn - 1)
            break;
    }
    err[len] = '\0';
    close(fd[0]);
    fx_drop_sanitizer_lines(err);
    int st;
    REQUIRE(waitpid(pid, &st, 0) == pid);
    return st;
}

#endif
