/*
 * outfile: writing the outputs of a run safely.
 *
 * The bytes of each file go to a temporary file in the target's folder,
 * with every write, fsync and close checked; only then is it renamed over
 * the target. A full disk or an unwritable folder is an error, never a
 * truncated file, and a previous file at the target stays intact. A
 * temporary file that a killed run left is removed by the next run that
 * writes into its folder (outfile_sweep).
 */
#ifndef BAOCAO_OUTFILE_H
#define BAOCAO_OUTFILE_H

#include <stddef.h>

/*
 * A set of files written together: each is staged into a temporary file
 * beside its target (fully written and synced), and only when every one
 * is staged are they all renamed into place. A failure on the way leaves
 * every previous file at its target as it was, and no temporary file.
 */
typedef struct outfile_set {
    char **tmp, **target;
    int *lock;   /* a descriptor of each staged file, holding its flock */
    size_t n;
} outfile_set;

void outfile_set_init(outfile_set *s);
/* Stages one file; 0 or an errno value. */
int outfile_set_add(outfile_set *s, const char *path, const void *data, size_t len);
/*
 * A file staged piece by piece, for an output too large to hold whole:
 * outfile_stage_open(), outfile_stage_write() as often as needed (the
 * first error is kept and later writes do nothing; it has the shape of a
 * buf_sink), then outfile_set_add_staged(), which reports that error or
 * its own and otherwise adds the file to the set.
 */
typedef struct outfile_stage {
    int fd;
    char *tmp;
    int err;
} outfile_stage;
/* 0 or an errno value; on error there is nothing to add or remove. */
int outfile_stage_open(outfile_stage *st, const char *path);
int outfile_stage_write(void *stage, const char *data, size_t len);
/* Syncs, closes and adds the file; 0 or an errno value (the temporary
 * file is then removed). */
int outfile_set_add_staged(outfile_set *s, outfile_stage *st, const char *path);

/* Renames every staged file into place; 0 or an errno value (*failed the
 * target that could not be renamed). Then sweeps (outfile_sweep) each
 * folder written into. */
int outfile_set_commit(outfile_set *s, const char **failed);
/* Removes whatever is still staged and frees the set. */
void outfile_set_release(outfile_set *s);

/*
 * Writes one file in place of path, as a set of one: staged beside it and
 * renamed over it, with the permissions of the file it replaces (0644 for
 * a new one). A symbolic link to a regular file stays a link, and the file
 * it points to is replaced. A path that exists but is not a regular file
 * (a device such as /dev/null or /dev/full, a pipe), or a link to nothing,
 * is written directly, as there is no content to keep and a rename would
 * put a file in the device's place. 0 or an errno value; on failure a
 * previous file at path is as it was, and no temporary file is left.
 */
int outfile_replace(const char *path, const void *data, size_t len);

/*
 * Removes from dir the staging files that runs which died left behind:
 * regular files named exactly as outfile_stage_open names them
 * (".baocao-" and six letters or digits) that no run holds locked (a
 * staging file is locked from its creation until it is renamed or
 * removed, and a lock ends with its process). Other files, and staging
 * files of runs still going, are left alone. Returns how many it removed;
 * what cannot be read or removed is passed over.
 */
size_t outfile_sweep(const char *dir);

/* Writes all of data to an open descriptor; 0 or an errno value. */
int outfile_write_fd(int fd, const void *data, size_t len);

/* Creates a folder and its parents (like mkdir -p); 0 or an errno value. */
int outfile_mkdirs(const char *path);

#endif
