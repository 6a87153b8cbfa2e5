/*
 * names: strings in 64-byte rows (see names.h).
 */
#include "names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

enum { ROW = 64, HEAD = 5 };  /* a first row: 4 bytes of length, the flag */

void names_init(name_table *n, size_t mem)
{
    memset(n, 0, sizeof *n);
    n->r = rows_new(ROW, mem);
    rows_cursor_init(&n->c, n->r);
}

void names_release(name_table *n)
{
    rows_cursor_release(&n->c);
    rows_free(n->r);
    free(n->s);
    memset(n, 0, sizeof *n);
}

size_t names_add(name_table *n, const char *s, unsigned char flag)
{
    size_t len = strlen(s), at = rows_count(n->r);
    unsigned char row[ROW];
    uint32_t l32 = (uint32_t)len;
    memcpy(row, &l32, 4);
    row[4] = flag;
    size_t k = len < ROW - HEAD ? len : ROW - HEAD;
    memcpy(row + HEAD, s, k);
    memset(row + HEAD + k, 0, ROW - HEAD - k);
    rows_add(n->r, row);
    for (size_t done = k; done < len; done += k) {
        k = len - done < ROW ? len - done : ROW;
        memcpy(row, s + done, k);
        memset(row + k, 0, ROW - k);
        rows_add(n->r, row);
    }
    return at;
}

const char *names_get(name_table *n, size_t at, unsigned char *flag, size_t *next)
{
    const unsigned char *row = rows_cursor_get(&n->c, at);
    uint32_t len;
    memcpy(&len, row, 4);
    if (flag)
        *flag = row[4];
    if (len + 1 > n->cap) {
        n->cap = len + 1;
        n->s = xreallocarray(n->s, n->cap, 1);
    }
    size_t k = len < ROW - HEAD ? len : ROW - HEAD;
    memcpy(n->s, row + HEAD, k);
    size_t i = at + 1;
    for (size_t done = k; done < len; done += k, i++) {
        row = rows_cursor_get(&n->c, i);
        k = len - done < ROW ? len - done : ROW;
        memcpy(n->s + done, row, k);
    }
    n->s[len] = '\0';
    if (next)
        *next = i;
    return n->s;
}
