/*
 * batch: find the submission files under the paths given, read and check
 * them on several threads, and hand each result back in a fixed order.
 *
 * Files are listed first (folders walked recursively, names sorted
 * byte-wise), so the order, and so every output, is the same whatever the
 * number of threads. The list keeps the paths in rows that go to a
 * temporary file beyond a few thousand (names.h), so that memory does not
 * grow with the number of files (but for one folder's names while they
 * are sorted). Workers take the next file from a shared counter; the
 * calling thread receives the results strictly in list order through the
 * `consume` callback, which may keep or free each submission. Only a small
 * window of finished-but-unconsumed results is held, so memory does not
 * grow with the number of files.
 */
#ifndef BAOCAO_BATCH_H
#define BAOCAO_BATCH_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "names.h"
#include "plan.h"
#include "submission.h"
#include "xml.h"

typedef struct batch_file {
    const char *path;     /* valid until consume returns (a copy of the list's) */
    diag_list diags;      /* this file's diagnostics */
    submission *sub;      /* NULL when rejected or skipped; consume may take it */
    int io_error;         /* could not be read at all */
    int skipped;          /* not a .xml name: listed with a warning, not read */
} batch_file;

/* An entry found but not readable: batch_run reports it as read-failed. */
typedef struct batch_unreadable {
    size_t i;                /* its index in the list */
    const char *why;         /* in `whys` */
} batch_unreadable;

typedef struct batch_list {
    name_table names;        /* every path, in order, flagged 1 when skipped:
                                on disk beyond a few thousand rows (names.h) */
    size_t n;                /* entries */
    size_t nxml;             /* of them, not skipped */
    arena whys;              /* the reasons of `unreadable` */
    batch_unreadable *unreadable; /* ascending i; few, so kept apart */
    size_t nunreadable, capunreadable;
} batch_list;

/*
 * Lists the files under `paths` (files or folders). `exclude` (may be NULL)
 * is a file to leave out, such as the plan lying in the same folder (found
 * by its name, then its device and inode, so through any spelling of its
 * folder or a link to it; a second hard link under another name is
 * listed). Files
 * and folders whose names begin with "." are not listed.
 *
 * Every entry found is listed, readable or not, so that the counts and the
 * run log account for it: an entry that cannot be looked at (a link to
 * nothing, a loop of links) and a folder that cannot be listed (no
 * permission, nested deeper than the limit) take their place in the order
 * as one entry each, which batch_run hands back as unreadable (io_error,
 * with a read-failed diagnostic saying why). Only a path given in `paths`
 * that does not exist is not listed: it goes to `run` and counts in
 * *io_errors.
 */
void batch_list_init(batch_list *l);
void batch_collect(batch_list *l, char *const *paths, size_t npaths, const char *exclude,
                   diag_list *run, int *io_errors);
void batch_list_release(batch_list *l);

typedef void (*batch_consumer)(void *ctx, batch_file *f);

/* Reads every listed file with `jobs` threads; calls consume(ctx, f) for
 * each in list order on the calling thread. After consume returns, the
 * file's path and diagnostics and any submission left in f->sub are
 * freed. */
void batch_run(batch_list *l, const plan *p, const xml_schema *schema,
               const xml_limits *lim, int jobs, batch_consumer consume, void *ctx);

#endif
