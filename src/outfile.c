/*
 * outfile: temporary file, checked writes, fsync, rename (see outfile.h).
 */
#include "outfile.h"

#include <errno.h>
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

/* Writes a synced temporary file beside path; its name in *tmp_out. */
static int stage(const char *path, const void *data, size_t len, char **tmp_out)
{
    buf tmp;
    buf_init(&tmp, 0);
    const char *slash = strrchr(path, '/');
    if (slash)
        buf_put(&tmp, path, (size_t)(slash - path + 1));
    buf_puts(&tmp, ".baocao-XXXXXX");
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        int err = errno;
        buf_release(&tmp);
        return err;
    }
    int err = outfile_write_fd(fd, data, len);
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && chmod(tmp.data, 0644) != 0)
        err = errno;
    if (err) {
        unlink(tmp.data);
        buf_release(&tmp);
        return err;
    }
    *tmp_out = buf_detach(&tmp);
    return 0;
}

void outfile_set_init(outfile_set *s)
{
    s->tmp = s->target = NULL;
    s->n = 0;
}

int outfile_set_add(outfile_set *s, const char *path, const void *data, size_t len)
{
    char *tmp = NULL;
    int err = stage(path, data, len, &tmp);
    if (err)
        return err;
    s->tmp = xgrow(s->tmp, s->n, sizeof *s->tmp);
    s->target = xgrow(s->target, s->n, sizeof *s->target);
    s->tmp[s->n] = tmp;
    s->target[s->n] = xstrdup(path);
    s->n++;
    return 0;
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
