/*
 * batch: listing and parallel reading of submission files (see batch.h).
 *
 * Ordering: result slots form a ring of WINDOW entries. A job may start
 * file i only when i < consumed + WINDOW, so at most WINDOW results wait
 * for the consumer. The calling thread is one of the jobs: it hands the
 * results to the consumer in file order and, while the next one is not
 * ready, reads files itself; it sleeps only when there is nothing left to
 * take and the file it needs is being read by a worker, which wakes it
 * when that file is done. One mutex and two condition variables guard the
 * counters.
 *
 * Listing: a folder's entries that readdir() says are regular files are
 * listed without a stat() each (the one system call per file that
 * `find` also spares); only one named like the plan is looked at, to leave
 * the plan out. An entry that cannot be looked at or listed is listed all
 * the same, in its place, with its reason kept in a short list of its own.
 */
#define _DEFAULT_SOURCE /* d_type, DT_REG */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "mem.h"

#define WINDOW 256

/* Rows of the list's names kept in memory (64 bytes each). */
#define NAMES_IN_MEMORY 4096

void batch_list_init(batch_list *l)
{
    memset(l, 0, sizeof *l);
    names_init(&l->names, NAMES_IN_MEMORY);
    arena_init(&l->whys, 4096);
}

void batch_list_release(batch_list *l)
{
    names_release(&l->names);
    free(l->unreadable);
    arena_release(&l->whys);
    memset(l, 0, sizeof *l);
}

static void add(batch_list *l, const char *path, int skipped)
{
    names_add(&l->names, path, (unsigned char)skipped);
    l->n++;
    l->nxml += !skipped;
}

/* Lists an entry that cannot be read, with the reason batch_run gives. */
static void add_unreadable(batch_list *l, const char *path, const char *why)
{
    add(l, path, 0);
    if (l->nunreadable == l->capunreadable) {
        l->capunreadable = l->capunreadable ? 2 * l->capunreadable : 8;
        l->unreadable = xreallocarray(l->unreadable, l->capunreadable, sizeof *l->unreadable);
    }
    l->unreadable[l->nunreadable++] =
        (batch_unreadable){l->n - 1, arena_strndup(&l->whys, why, strlen(why))};
}

/* The reason entry i cannot be read, or NULL when it is to be read. */
static const char *unreadable_why(const batch_list *l, size_t i)
{
    size_t lo = 0, hi = l->nunreadable;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->unreadable[mid].i < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->nunreadable && l->unreadable[lo].i == i ? l->unreadable[lo].why : NULL;
}

/* Whether the name ends in .xml, in any case (.XML from old systems). */
static int xml_name(const char *s)
{
    size_t n = strlen(s);
    return n >= 4 && s[n - 4] == '.' && strchr("xX", s[n - 3]) && strchr("mM", s[n - 2]) &&
           strchr("lL", s[n - 1]);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

struct exclude {
    int set;
    dev_t dev;
    ino_t ino;
    const char *base;  /* the plan's file name, without its folder */
};

/* Folders already walked, so that links making a loop are walked once: an
 * open-addressing set of (device, inode), at most half full. */
struct seen {
    struct dir_id {
        dev_t dev;
        ino_t ino;
        int used;
    } *slot;
    size_t n, cap;   /* cap: 0 or a power of two */
};

static size_t seen_slot(const struct seen *s, dev_t dev, ino_t ino)
{
    size_t h = ((size_t)ino * 0x9E3779B97F4A7C15u) ^ (size_t)dev;
    size_t i = h & (s->cap - 1);
    while (s->slot[i].used && (s->slot[i].dev != dev || s->slot[i].ino != ino))
        i = (i + 1) & (s->cap - 1);
    return i;
}

static int seen_before(struct seen *s, const struct stat *sb)
{
    if (2 * (s->n + 1) > s->cap) {
        struct seen bigger = {xcalloc(s->cap ? 2 * s->cap : 64, sizeof *s->slot), s->n,
                              s->cap ? 2 * s->cap : 64};
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i].used)
                bigger.slot[seen_slot(&bigger, s->slot[i].dev, s->slot[i].ino)] = s->slot[i];
        free(s->slot);
        *s = bigger;
    }
    size_t i = seen_slot(s, sb->st_dev, sb->st_ino);
    if (s->slot[i].used)
        return 1;
    s->slot[i] = (struct dir_id){sb->st_dev, sb->st_ino, 1};
    s->n++;
    return 0;
}

#define MAX_DEPTH 16

/* A path given that does not exist: "PATH: why" to `run`, counted in *io_errors. */
static void walk_failed(diag_list *run, int *io_errors, const char *path, const char *why)
{
    buf msg;
    buf_init(&msg, 0);
    buf_printf(&msg, "%s: %s", path, why);
    diag_add(run, 0, DIAG_READ_FAILED, msg.data);
    buf_release(&msg);
    (*io_errors)++;
}

static void walk(batch_list *l, const char *path, const struct exclude *ex, struct seen *seen,
                 diag_list *run, int *io_errors, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int err = errno;
        if (depth == 0) {
            walk_failed(run, io_errors, path, strerror(err));
        } else if (err == ENOENT && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
            add_unreadable(l, path, "it is a symbolic link whose target does not exist");
        } else {
            add_unreadable(l, path, strerror(err));
        }
        return;
    }
    if (ex->set && sb.st_dev == ex->dev && sb.st_ino == ex->ino)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        add(l, path, !xml_name(path));
        return;
    }
    if (seen_before(seen, &sb))
        return; /* a link back to a folder already walked */
    if (depth > MAX_DEPTH) {
        char why[48];
        snprintf(why, sizeof why, "folders nested deeper than %d", MAX_DEPTH);
        add_unreadable(l, path, why);
        return;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        buf why;
        buf_init(&why, 0);
        buf_printf(&why, "the folder cannot be listed: %s", strerror(errno));
        add_unreadable(l, path, why.data);
        buf_release(&why);
        return;
    }
    size_t n = 0, cap = 16;
    char **names = xmalloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap)
            names = xreallocarray(names, cap *= 2, sizeof *names);
        /* one byte before the name says whether it is a plain file */
        size_t len = strlen(e->d_name);
        char *entry = xmalloc(len + 2);
        entry[0] = e->d_type == DT_REG && !(ex->set && strcmp(e->d_name, ex->base) == 0);
        memcpy(entry + 1, e->d_name, len + 1);
        names[n++] = entry;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, by_name);
    size_t plen = strlen(path);
    int slash = plen > 0 && path[plen - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        buf child;
        buf_init(&child, 0);
        buf_printf(&child, "%s%s%s", path, slash ? "" : "/", names[i] + 1);
        if (names[i][0])
            add(l, child.data, !xml_name(child.data));
        else
            walk(l, child.data, ex, seen, run, io_errors, depth + 1);
        buf_release(&child);
        free(names[i]);
    }
    free(names);
}

void batch_collect(batch_list *l, char *const *paths, size_t npaths, const char *exclude,
                   diag_list *run, int *io_errors)
{
    struct exclude ex = {0, 0, 0, NULL};
    struct stat sb;
    if (exclude && stat(exclude, &sb) == 0) {
        const char *slash = strrchr(exclude, '/');
        ex = (struct exclude){1, sb.st_dev, sb.st_ino, slash ? slash + 1 : exclude};
    }
    struct seen seen = {NULL, 0, 0};
    for (size_t i = 0; i < npaths; i++)
        walk(l, paths[i], &ex, &seen, run, io_errors, 0);
    free(seen.slot);
}

/* ---- parallel reading ---- */

struct shared {
    batch_list *l;
    const plan *p;
    const xml_schema *schema;
    const xml_limits *lim;
    batch_file slots[WINDOW];
    int done[WINDOW];
    size_t next;      /* next file a worker will take */
    size_t at;        /* where its name is in l->names */
    char *paths[WINDOW]; /* the paths of the files taken, until consumed */
    size_t consumed;  /* files handed to the consumer */
    pthread_mutex_t mu;
    pthread_cond_t work_room; /* a slot was freed */
    pthread_cond_t result;    /* a file was finished */
};

/* Reads file i, whose path and skipped flag `take` set in f. */
static void process(struct shared *sh, size_t i, batch_file *f)
{
    f->sub = NULL;
    f->io_error = 0;
    diag_list_init(&f->diags, f->path);
    if (f->skipped) {
        diag_add(&f->diags, 0, DIAG_NOT_XML_NAME);
        return;
    }
    const char *why = unreadable_why(sh->l, i);
    if (why) {
        diag_add(&f->diags, 0, DIAG_READ_FAILED, why);
        f->io_error = 1;
        return;
    }
    f->sub = submission_read(f->path, sh->p, sh->schema, sh->lim, &f->diags, &f->io_error);
}

/* Takes the next file to read, if the window allows, with its path and
 * skipped flag; under the mutex. */
static int take(struct shared *sh, size_t *i, batch_file *f)
{
    if (sh->next >= sh->l->n || sh->next >= sh->consumed + WINDOW)
        return 0;
    *i = sh->next++;
    unsigned char skipped;
    f->path = sh->paths[*i % WINDOW] = xstrdup(names_get(&sh->l->names, sh->at, &skipped, &sh->at));
    f->skipped = skipped;
    return 1;
}

/* Reads file i, taken into f, and stores its result; called and returns
 * under the mutex. */
static void read_one(struct shared *sh, size_t i, batch_file f)
{
    pthread_mutex_unlock(&sh->mu);
    process(sh, i, &f);
    pthread_mutex_lock(&sh->mu);
    sh->slots[i % WINDOW] = f;
    sh->done[i % WINDOW] = 1;
    if (i == sh->consumed)   /* the file the consumer waits for */
        pthread_cond_signal(&sh->result);
}

static void *worker(void *arg)
{
    struct shared *sh = arg;
    pthread_mutex_lock(&sh->mu);
    for (;;) {
        size_t i;
        batch_file f;
        if (take(sh, &i, &f))
            read_one(sh, i, f);
        else if (sh->next >= sh->l->n)
            break;   /* nothing left to take */
        else
            pthread_cond_wait(&sh->work_room, &sh->mu);
    }
    pthread_mutex_unlock(&sh->mu);
    return NULL;
}

void batch_run(batch_list *l, const plan *p, const xml_schema *schema,
               const xml_limits *lim, int jobs, batch_consumer consume, void *ctx)
{
    static struct shared zero;
    struct shared *sh = xmalloc(sizeof *sh);
    *sh = zero;
    sh->l = l;
    sh->p = p;
    sh->schema = schema;
    sh->lim = lim;
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > l->n)
        jobs = l->n ? (int)l->n : 1;

    pthread_mutex_init(&sh->mu, NULL);
    pthread_cond_init(&sh->work_room, NULL);
    pthread_cond_init(&sh->result, NULL);
    /* jobs - 1 workers; the calling thread is the last job */
    pthread_t *threads = xmalloc((size_t)jobs * sizeof *threads);
    int started = 0;
    for (int t = 0; t < jobs - 1; t++)
        if (pthread_create(&threads[t], NULL, worker, sh) == 0)
            started++;
        else
            break;
    pthread_mutex_lock(&sh->mu);
    while (sh->consumed < l->n) {
        size_t slot = sh->consumed % WINDOW, i;
        batch_file f;
        if (sh->done[slot]) {
            f = sh->slots[slot];
            pthread_mutex_unlock(&sh->mu);
            consume(ctx, &f);
            submission_free(f.sub);
            diag_list_release(&f.diags);
            free(sh->paths[slot]);
            pthread_mutex_lock(&sh->mu);
            sh->done[slot] = 0;
            sh->consumed++;
            pthread_cond_broadcast(&sh->work_room);
        } else if (take(sh, &i, &f)) {
            read_one(sh, i, f);
        } else {
            pthread_cond_wait(&sh->result, &sh->mu);
        }
    }
    pthread_mutex_unlock(&sh->mu);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    pthread_mutex_destroy(&sh->mu);
    pthread_cond_destroy(&sh->work_room);
    pthread_cond_destroy(&sh->result);
    free(sh);
}

