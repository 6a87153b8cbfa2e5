/*
 * test_outfile: staged files renamed together, written whole or piece by
 * piece, one file replaced on its own (outfile_replace: permissions and
 * links kept, devices written, never replaced), and what a failure leaves
 * behind (nothing new, the old files intact, no temporary file; a killed
 * run's temporary file removed by the next commit, a live run's kept).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "outfile.h"

static char dir[] = "/tmp/test_outfile.XXXXXX";

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/test_outfile.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *path_of(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b;
    buf_init(&b, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    return buf_detach(&b);
}

/* Files in dir whose name starts with ".baocao-" (temporary ones). */
static int temporaries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strncmp(e->d_name, ".baocao-", 8) == 0;
    closedir(d);
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_set_renamed_together(void **state)
{
    (void)state;
    write_file(path_of("a.txt"), "old a");
    outfile_set s;
    outfile_set_init(&s);
    assert_int_equal(outfile_set_add(&s, path_of("a.txt"), "new a", 5), 0);
    assert_int_equal(outfile_set_add(&s, path_of("b.txt"), "new b", 5), 0);
    /* staged, not yet in place */
    char *a = slurp(path_of("a.txt"));
    assert_string_equal(a, "old a");
    free(a);
    assert_null(slurp(path_of("b.txt")));
    assert_int_equal(temporaries(), 2);
    const char *failed = NULL;
    assert_int_equal(outfile_set_commit(&s, &failed), 0);
    a = slurp(path_of("a.txt"));
    char *b = slurp(path_of("b.txt"));
    assert_string_equal(a, "new a");
    assert_string_equal(b, "new b");
    free(a);
    free(b);
    struct stat st;
    assert_int_equal(stat(path_of("b.txt"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    outfile_set_release(&s);
    assert_int_equal(temporaries(), 0);
}

static void test_release_without_commit_leaves_old(void **state)
{
    (void)state;
    write_file(path_of("c.txt"), "old c");
    outfile_set s;
    outfile_set_init(&s);
    assert_int_equal(outfile_set_add(&s, path_of("c.txt"), "new c", 5), 0);
    outfile_set_release(&s);
    char *c = slurp(path_of("c.txt"));
    assert_string_equal(c, "old c");
    free(c);
    assert_int_equal(temporaries(), 0);
    /* a folder that does not exist: the errno, nothing staged */
    outfile_set_init(&s);
    assert_int_equal(outfile_set_add(&s, path_of("no/such/d.txt"), "x", 1), ENOENT);
    assert_int_equal(s.n, 0);
    outfile_set_release(&s);
}

static void test_stage_piece_by_piece(void **state)
{
    (void)state;
    outfile_set s;
    outfile_set_init(&s);
    outfile_stage st;
    assert_int_equal(outfile_stage_open(&st, path_of("log.txt")), 0);
    buf b, want;
    buf_init(&b, 0);
    buf_init(&want, 0);
    buf_spill_to(&b, outfile_stage_write, &st);
    for (int i = 0; i < 30000; i++) {
        buf_printf(&b, "tệp %d\n", i);
        buf_printf(&want, "tệp %d\n", i);
    }
    assert_int_equal(buf_flush(&b), 0);
    buf_release(&b);
    assert_int_equal(outfile_set_add_staged(&s, &st, path_of("log.txt")), 0);
    const char *failed = NULL;
    assert_int_equal(outfile_set_commit(&s, &failed), 0);
    char *got = slurp(path_of("log.txt"));
    assert_non_null(got);
    assert_string_equal(got, want.data);
    free(got);
    buf_release(&want);
    outfile_set_release(&s);
    assert_int_equal(temporaries(), 0);
}

static void test_stage_write_error(void **state)
{
    (void)state;
    write_file(path_of("e.txt"), "old e");
    outfile_set s;
    outfile_set_init(&s);
    outfile_stage st;
    assert_int_equal(outfile_stage_open(&st, path_of("e.txt")), 0);
    assert_int_equal(outfile_stage_write(&st, "abc", 3), 0);
    close(st.fd);   /* the next write fails, as on a lost disk */
    assert_int_equal(outfile_stage_write(&st, "def", 3), -1);
    assert_int_equal(outfile_stage_write(&st, "ghi", 3), -1);  /* first error kept */
    st.fd = -1;
    assert_int_equal(outfile_set_add_staged(&s, &st, path_of("e.txt")), EBADF);
    assert_int_equal(s.n, 0);
    assert_int_equal(temporaries(), 0);
    char *e = slurp(path_of("e.txt"));
    assert_string_equal(e, "old e");
    free(e);
    outfile_set_release(&s);
    /* a stage that could not be opened reports its error when added */
    assert_int_equal(outfile_stage_open(&st, path_of("no/such/f.txt")), ENOENT);
    assert_int_equal(outfile_stage_write(&st, "x", 1), -1);
    outfile_set_init(&s);
    assert_int_equal(outfile_set_add_staged(&s, &st, path_of("no/such/f.txt")), ENOENT);
    outfile_set_release(&s);
}

/* One file put in place of another: the permissions kept, a link kept. */
static void test_replace(void **state)
{
    (void)state;
    write_file(path_of("r.txt"), "old r");
    assert_int_equal(chmod(path_of("r.txt"), 0600), 0);
    assert_int_equal(outfile_replace(path_of("r.txt"), "new r", 5), 0);
    char *r = slurp(path_of("r.txt"));
    assert_string_equal(r, "new r");
    free(r);
    struct stat st;
    assert_int_equal(stat(path_of("r.txt"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* a new file */
    assert_int_equal(outfile_replace(path_of("n.txt"), "new n", 5), 0);
    assert_int_equal(stat(path_of("n.txt"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    /* through a link: the link stays, the file it names changes */
    assert_int_equal(symlink("r.txt", path_of("link.txt")), 0);
    assert_int_equal(outfile_replace(path_of("link.txt"), "via link", 8), 0);
    assert_int_equal(lstat(path_of("link.txt"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    r = slurp(path_of("r.txt"));
    assert_string_equal(r, "via link");
    free(r);
    assert_int_equal(temporaries(), 0);
    /* a missing folder */
    assert_int_equal(outfile_replace(path_of("no/such/r.txt"), "x", 1), ENOENT);
    assert_int_equal(temporaries(), 0);
}

/* A write that fails half-way (the file size limit, as a full disk would)
 * leaves the previous file whole and no temporary file. */
static void test_replace_failure_keeps_old(void **state)
{
    (void)state;
    char old[2048];
    memset(old, 'o', sizeof old - 1);
    old[sizeof old - 1] = '\0';
    write_file(path_of("f.xml"), old);
    char big[8192];
    memset(big, 'n', sizeof big);
    struct rlimit was, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
    small = was;
    small.rlim_cur = 1024;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);   /* EFBIG, not death */
    fflush(NULL);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int err = outfile_replace(path_of("f.xml"), big, sizeof big);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(err, EFBIG);
    char *f = slurp(path_of("f.xml"));
    assert_string_equal(f, old);
    free(f);
    assert_int_equal(temporaries(), 0);
}

/* What is not a regular file is written as it is, never replaced: a
 * device, or a link to one. */
static void test_replace_device(void **state)
{
    (void)state;
    struct stat st;
    assert_int_equal(outfile_replace("/dev/null", "x", 1), 0);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(symlink("/dev/full", path_of("full.xml")), 0);
    assert_int_equal(outfile_replace(path_of("full.xml"), "x", 1), ENOSPC);
    assert_int_equal(lstat(path_of("full.xml"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(temporaries(), 0);
}

static int exists(const char *name)
{
    struct stat st;
    return lstat(path_of(name), &st) == 0;
}

/* A child that stages a file and dies without a word, as a killed run
 * does; with hold, it first waits until told to die (the read end of
 * go), having said on ready that its file is staged. */
static void stage_and_die(const char *target, int ready, int go)
{
    outfile_stage st;
    if (outfile_stage_open(&st, target) != 0)
        _exit(1);
    outfile_stage_write(&st, "partial", 7);
    if (ready >= 0) {
        char c = 's';
        if (write(ready, &c, 1) != 1 || read(go, &c, 1) < 0)
            _exit(1);
    }
    raise(SIGKILL);
    _exit(1);
}

/* The staging file of a run that was killed is removed by the next
 * commit into the folder; that of a run still going is not. */
static void test_sweep_after_kill(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        stage_and_die(path_of("k.txt"), -1, -1);
    int wst;
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    assert_true(WIFSIGNALED(wst));
    assert_int_equal(temporaries(), 1);   /* the defect: left behind */

    /* a live run, holding its staging file */
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        close(go[1]);
        stage_and_die(path_of("live.txt"), ready[1], go[0]);
    }
    close(ready[1]);
    close(go[0]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(temporaries(), 2);

    outfile_set s;
    outfile_set_init(&s);
    assert_int_equal(outfile_set_add(&s, path_of("k.txt"), "whole", 5), 0);
    assert_int_equal(temporaries(), 3);
    const char *failed = NULL;
    assert_int_equal(outfile_set_commit(&s, &failed), 0);
    outfile_set_release(&s);
    assert_int_equal(temporaries(), 1);   /* the live run's */
    char *k = slurp(path_of("k.txt"));
    assert_string_equal(k, "whole");
    free(k);

    /* the live run dies too: the next sweep takes its file */
    assert_int_equal(write(go[1], "x", 1), 1);
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    close(ready[0]);
    close(go[1]);
    assert_int_equal(outfile_sweep(dir), 1);
    assert_int_equal(temporaries(), 0);
}

/* Only the names outfile_stage_open makes, only regular files, only
 * unheld ones. */
static void test_sweep_names(void **state)
{
    (void)state;
    static const char *const kept[] = {
        ".baocao-12345", ".baocao-1234567", ".baocao-ab_123", ".baocao-ab.123",
        "x.baocao-AbC123", ".baocao-", "baocao-AbC123", ".Baocao-AbC123",
    };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        write_file(path_of(kept[i]), "keep");
    write_file(path_of(".baocao-AbC123"), "stale");
    write_file(path_of(".baocao-000000"), "stale");
    assert_int_equal(mkdir(path_of(".baocao-Dir123"), 0755), 0);
    assert_int_equal(symlink("x.baocao-AbC123", path_of(".baocao-Lnk123")), 0);
    write_file(path_of(".baocao-Held12"), "held");
    int fd = open(path_of(".baocao-Held12"), O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_SH), 0);   /* another run's, say */
    /* this process's own staged file, before its commit */
    outfile_stage st;
    assert_int_equal(outfile_stage_open(&st, path_of("mine.txt")), 0);
    const char *mine = strrchr(st.tmp, '/') + 1;

    assert_int_equal(outfile_sweep(dir), 2);
    assert_false(exists(".baocao-AbC123"));
    assert_false(exists(".baocao-000000"));
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (!exists(kept[i]))
            fail_msg("%s was removed", kept[i]);
    assert_true(exists(".baocao-Dir123"));
    assert_true(exists(".baocao-Lnk123"));
    assert_true(exists(".baocao-Held12"));
    assert_true(exists(mine));
    close(fd);
    assert_int_equal(outfile_sweep(dir), 1);   /* released: now it goes */
    assert_false(exists(".baocao-Held12"));
    assert_true(exists(mine));

    outfile_set s;
    outfile_set_init(&s);
    assert_int_equal(outfile_set_add_staged(&s, &st, path_of("mine.txt")), 0);
    assert_int_equal(outfile_sweep(dir), 0);   /* staged and still locked */
    assert_int_equal(s.n, 1);
    assert_true(exists(strrchr(s.tmp[0], '/') + 1));
    outfile_set_release(&s);
    assert_false(exists("mine.txt"));
    assert_int_equal(outfile_sweep(path_of("no-such-folder")), 0);
}

static void test_mkdirs(void **state)
{
    (void)state;
    assert_int_equal(outfile_mkdirs(path_of("x/y/z")), 0);
    assert_int_equal(outfile_mkdirs(path_of("x/y/z")), 0);   /* again: fine */
    struct stat st;
    assert_int_equal(stat(path_of("x/y/z"), &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    write_file(path_of("plain"), "f");
    assert_int_not_equal(outfile_mkdirs(path_of("plain/sub")), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_renamed_together),
        cmocka_unit_test(test_release_without_commit_leaves_old),
        cmocka_unit_test(test_stage_piece_by_piece),
        cmocka_unit_test(test_stage_write_error),
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_replace_failure_keeps_old),
        cmocka_unit_test(test_replace_device),
        cmocka_unit_test(test_sweep_after_kill),
        cmocka_unit_test(test_sweep_names),
        cmocka_unit_test(test_mkdirs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
