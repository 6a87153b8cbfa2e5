/*
 * outfile: temporary file, checked writes, fsync, rename (see outfile.h).
 *
 * A staging file is named .baocao-XXXXXX (mkstemp) and is locked (flock)
 * by the run that made it from its creation until it is renamed or
 * removed. A run that dies on the way (killed, a power cut) cannot remove
 * it, but its lock dies with it: a later run that commits files into the
 * same folder removes the staging files nobody holds (outfile_sweep). The
 * lock, not the age of the file, tells a dead run's file from a live
 * one's, so two runs writing into one folder never remove each other's.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

int outfile_write_fd(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

#define STAGE_PREFIX ".baocao-"
#define STAGE_RANDOM 6 /* the XXXXXX of mkstemp */

/* Whether fd is the file that path names now. */
static int same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

int outfile_stage_open(outfile_stage *st, const char *path)
{
    st->fd = -1;
    st->tmp = NULL;
    st->err = 0;
    buf tmp;
    buf_init(&tmp, 0);
    const char *slash = strrchr(path, '/');
    if (slash)
        buf_put(&tmp, path, (size_t)(slash - path + 1));
    buf_puts(&tmp, STAGE_PREFIX "XXXXXX");
    for (int tries = 0; tries < 100; tries++) {
        memcpy(tmp.data + tmp.len - STAGE_RANDOM, "XXXXXX", STAGE_RANDOM);
        st->fd = mkstemp(tmp.data);
        if (st->fd < 0) {
            st->err = errno;
            buf_release(&tmp);
            return st->err;
        }
        /* Locked until renamed or removed, so that no sweep takes it. A
         * sweep that locked the new file first, in the instant after
         * mkstemp, may have removed it: then take another name. Where
         * the file system has no locks, sweeps cannot lock either, and
         * remove nothing. */
        if (flock(st->fd, LOCK_EX) != 0 || same_file(st->fd, tmp.data))
            break;
        close(st->fd);
        st->fd = -1;
    }
    if (st->fd < 0) {
        buf_release(&tmp);
        return st->err = EEXIST;
    }
    st->tmp = buf_detach(&tmp);
    return 0;
}

int outfile_stage_write(void *stage, const char *data, size_t len)
{
    outfile_stage *st = stage;
    if (!st->err)
        st->err = st->fd < 0 ? EBADF : outfile_write_fd(st->fd, data, len);
    return st->err ? -1 : 0;
}

/* Syncs and closes a staged file; 0 or the first errno value of its life.
 * *lock receives a duplicate of its descriptor, which keeps the lock (a
 * flock belongs to the open file, shared by duplicates). On error the
 * temporary file is removed, and *lock is -1. */
static int stage_finish(outfile_stage *st, int *lock)
{
    int err = st->err;
    *lock = -1;
    if (st->fd >= 0) {
        if (!err && (*lock = fcntl(st->fd, F_DUPFD_CLOEXEC, 0)) < 0)
            err = errno;
        if (!err && fsync(st->fd) != 0)
            err = errno;
        if (close(st->fd) != 0 && !err)
            err = errno;
        st->fd = -1;
    }
    if (!err && st->tmp && chmod(st->tmp, 0644) != 0)
        err = errno;
    if (err && st->tmp) {
        unlink(st->tmp);
        free(st->tmp);
        st->tmp = NULL;
    }
    if (err && *lock >= 0) {
        close(*lock);
        *lock = -1;
    }
    return err;
}

int outfile_set_add_staged(outfile_set *s, outfile_stage *st, const char *path)
{
    int lock;
    int err = stage_finish(st, &lock);
    if (err)
        return err;
    s->tmp = xgrow(s->tmp, s->n, sizeof *s->tmp);
    s->target = xgrow(s->target, s->n, sizeof *s->target);
    s->lock = xgrow(s->lock, s->n, sizeof *s->lock);
    s->tmp[s->n] = st->tmp;
    s->target[s->n] = xstrdup(path);
    s->lock[s->n] = lock;
    s->n++;
    st->tmp = NULL;
    return 0;
}

void outfile_set_init(outfile_set *s)
{
    s->tmp = s->target = NULL;
    s->lock = NULL;
    s->n = 0;
}

int outfile_set_add(outfile_set *s, const char *path, const void *data, size_t len)
{
    outfile_stage st;
    int err = outfile_stage_open(&st, path);
    if (err)
        return err;
    outfile_stage_write(&st, data, len);
    return outfile_set_add_staged(s, &st, path);
}

/* The folder of a staging path ("dir/.baocao-XXXXXX" -> "dir"), or "." */
static char *folder_of(const char *tmp)
{
    const char *slash = strrchr(tmp, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == tmp)
        return xstrdup("/");
    return xstrndup(tmp, (size_t)(slash - tmp));
}

int outfile_set_commit(outfile_set *s, const char **failed)
{
    for (size_t i = 0; i < s->n; i++) {
        if (rename(s->tmp[i], s->target[i]) != 0) {
            *failed = s->target[i];
            return errno;
        }
        if (s->lock[i] >= 0)
            close(s->lock[i]);
        s->lock[i] = -1;
    }
    /* every file in place: clear what dead runs left in these folders */
    for (size_t i = 0; i < s->n; i++) {
        char *dir = folder_of(s->tmp[i]);
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++) {
            char *other = folder_of(s->tmp[k]);
            seen = strcmp(dir, other) == 0;
            free(other);
        }
        if (!seen)
            outfile_sweep(dir);
        free(dir);
    }
    for (size_t i = 0; i < s->n; i++) {
        free(s->tmp[i]);
        s->tmp[i] = NULL;
    }
    return 0;
}

void outfile_set_release(outfile_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->tmp[i]) {
            unlink(s->tmp[i]);   /* before its lock goes, so no sweep races it */
            free(s->tmp[i]);
        }
        if (s->lock[i] >= 0)
            close(s->lock[i]);
        free(s->target[i]);
    }
    free(s->tmp);
    free(s->target);
    free(s->lock);
    outfile_set_init(s);
}

/* Whether name is one that outfile_stage_open makes: the prefix and then
 * exactly the six letters or digits of mkstemp. */
static int is_stage_name(const char *name)
{
    size_t n = strlen(STAGE_PREFIX);
    if (strncmp(name, STAGE_PREFIX, n) != 0 || strlen(name + n) != STAGE_RANDOM)
        return 0;
    for (const char *c = name + n; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
            return 0;
    return 1;
}

size_t outfile_sweep(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int dfd = dirfd(d);
    size_t removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_stage_name(e->d_name))
            continue;
        int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat a, b;
        /* unheld, and still the file of that name (not renamed and made
         * anew since it was opened) */
        if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &a) == 0 && S_ISREG(a.st_mode) &&
            fstatat(dfd, e->d_name, &b, AT_SYMLINK_NOFOLLOW) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino && unlinkat(dfd, e->d_name, 0) == 0)
            removed++;
        close(fd);
    }
    closedir(d);
    return removed;
}

/* Opens, truncates and writes path itself: for what is not a regular file. */
static int write_in_place(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return errno;
    int err = outfile_write_fd(fd, data, len);
    if (close(fd) != 0 && !err)
        err = errno;
    return err;
}

int outfile_replace(const char *path, const void *data, size_t len)
{
    struct stat st, lst;
    int exists = stat(path, &st) == 0;
    int link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    if ((exists && !S_ISREG(st.st_mode)) || (link && !exists))
        return write_in_place(path, data, len);
    /* through a link, the file it names is the one replaced */
    char *target = link ? realpath(path, NULL) : xstrdup(path);
    if (!target)
        return errno;
    outfile_set s;
    outfile_set_init(&s);
    int err = outfile_set_add(&s, target, data, len);
    if (!err && exists && chmod(s.tmp[0], st.st_mode & 07777) != 0)
        err = errno;
    const char *failed;
    if (!err)
        err = outfile_set_commit(&s, &failed);
    outfile_set_release(&s);
    free(target);
    return err;
}

int outfile_mkdirs(const char *path)
{
    char *p = xstrdup(path);
    int err = 0;
    for (char *s = p + 1; !err; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            err = errno;
        else {
            struct stat sb;
            if (stat(p, &sb) != 0)
                err = errno;
            else if (!S_ISDIR(sb.st_mode))
                err = ENOTDIR;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return err;
}
