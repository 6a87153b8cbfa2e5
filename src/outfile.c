/*
 * outfile: temporary file, checked writes, fsync, rename (see outfile.h).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    buf_puts(&tmp, ".baocao-XXXXXX");
    st->fd = mkstemp(tmp.data);
    if (st->fd < 0) {
        st->err = errno;
        buf_release(&tmp);
        return st->err;
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
 * On error the temporary file is removed. */
static int stage_finish(outfile_stage *st)
{
    int err = st->err;
    if (st->fd >= 0) {
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
    return err;
}

int outfile_set_add_staged(outfile_set *s, outfile_stage *st, const char *path)
{
    int err = stage_finish(st);
    if (err)
        return err;
    s->tmp = xgrow(s->tmp, s->n, sizeof *s->tmp);
    s->target = xgrow(s->target, s->n, sizeof *s->target);
    s->tmp[s->n] = st->tmp;
    s->target[s->n] = xstrdup(path);
    s->n++;
    st->tmp = NULL;
    return 0;
}

void outfile_set_init(outfile_set *s)
{
    s->tmp = s->target = NULL;
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

int outfile_set_commit(outfile_set *s, const char **failed)
{
    for (size_t i = 0; i < s->n; i++) {
        if (rename(s->tmp[i], s->target[i]) != 0) {
            *failed = s->target[i];
            return errno;
        }
        free(s->tmp[i]);
        s->tmp[i] = NULL;
    }
    return 0;
}

void outfile_set_release(outfile_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->tmp[i]) {
            unlink(s->tmp[i]);
            free(s->tmp[i]);
        }
        free(s->target[i]);
    }
    free(s->tmp);
    free(s->target);
    outfile_set_init(s);
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
