/*
 * runrss: runs a command and writes its peak resident set size (kB).
 *
 *     runrss OUT-FILE COMMAND [ARG...]
 *
 * Why it exists: ru_maxrss of a process started by fork/vfork and exec is
 * never below the high-water mark of the process it was forked from (the
 * kernel carries the old address space's peak over at exec), so os.wait4
 * in the Python harness reports at least the harness's own 10-20 MB even
 * for /bin/true. This helper is a small static program: the command is
 * forked from it, and the ru_maxrss that wait4 returns here is the
 * command's own (the largest of it and its waited-for descendants).
 *
 * Writes "MAXRSS_KB\n" to OUT-FILE and exits with the command's status
 * (128 + signal when it was killed, 127 when it could not be run).
 * Built by tests/bench/bench.py (libc only), not by the Makefile.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: runrss OUT-FILE COMMAND [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("runrss: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("runrss: exec");
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("runrss: wait4");
        return 127;
    }
    FILE *f = fopen(argv[1], "w");
    if (!f || fprintf(f, "%ld\n", ru.ru_maxrss) < 0 || fclose(f) != 0) {
        perror("runrss: writing the result");
        return 127;
    }
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}
