/*
 * text: UTF-8 checks, NFC and case mapping through utf8proc (see text.h).
 *
 * ASCII needs no composition, so text_nfc copies pure-ASCII strings without
 * calling utf8proc: most XML names and numbers take that path.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "mem.h"

enum text_status text_check(const char *s, size_t n, size_t *bad_offset)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            if (p[i] == 0) {
                *bad_offset = i;
                return TEXT_NUL;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len < 0) {
            *bad_offset = i;
            return TEXT_INVALID_UTF8;
        }
        i += (size_t)len;
    }
    return TEXT_OK;
}

/*
 * Whether a valid UTF-8 string is surely in NFC already, without utf8proc:
 * true when every code point lies where no character changes under NFC and
 * none combines with the one before: below U+0300 (Latin letters with
 * their marks composed), U+1E00-U+1EFF (the composed Vietnamese letters)
 * and the common punctuation of U+2010-U+205E. Anything else (a combining
 * mark, a singleton such as U+212B) goes through utf8proc.
 */
int text_is_nfc_fast(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        if (c < 0xE0) {
            cp = (c & 0x1Fu) << 6 | (p[i + 1] & 0x3Fu);
            i += 2;
        } else if (c < 0xF0) {
            cp = (c & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
            i += 3;
        } else {
            return 0;
        }
        if (cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x205E))
            continue;
        return 0;
    }
    return 1;
}

char *text_nfc(const char *s, size_t n)
{
    if (text_is_nfc_fast(s, n))
        return xstrndup(s, n);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) {
        /* Callers check first; an invalid string here is kept as it was. */
        return xstrndup(s, n);
    }
    return (char *)out;
}

/* The length of the character at s[i] when it prints as it is (valid
 * UTF-8, not a C0 or C1 control character, not DEL), else 0. */
static size_t printable_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    size_t j = i;
    int32_t cp = text_next(s, n, &j);
    if (c < 0x20 || c == 0x7F || cp < 0 || (cp >= 0x80 && cp <= 0x9F))
        return 0;
    return j - i;
}

int text_printable(const char *s)
{
    size_t n = strlen(s), len;
    for (size_t i = 0; i < n; i += len)
        if ((len = printable_at(s, n, i)) == 0)
            return 0;
    return 1;
}

void text_escape(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len = printable_at(s, n, i);
        if (len) {
            buf_put(b, s + i, len);
            i += len;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        size_t j = i;
        int32_t cp = text_next(s, n, &j);
        if (cp >= 0x80 && cp <= 0x9F) {
            buf_printf(b, "\\u%04x", (unsigned)cp);
            i = j;
            continue;
        }
        if (c == '\n')
            buf_puts(b, "\\n");
        else if (c == '\r')
            buf_puts(b, "\\r");
        else if (c == '\t')
            buf_puts(b, "\\t");
        else
            buf_printf(b, "\\x%02x", c);
        i++;
    }
}

char *text_escaped(const char *s)
{
    buf b;
    buf_init(&b, 0);
    text_escape(&b, s, strlen(s));
    return buf_detach(&b);
}

char *text_upper(const char *s)
{
    size_t n = strlen(s), i = 0;
    buf b;
    buf_init(&b, 0);
    for (;;) {
        int32_t cp = text_next(s, n, &i);
        if (cp < 0)
            break;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t len = utf8proc_encode_char(utf8proc_toupper(cp), enc);
        buf_put(&b, enc, (size_t)len);
    }
    char *up = buf_detach(&b);
    char *nfc = text_nfc(up, strlen(up));
    free(up);
    return nfc;
}

/* text_next's other characters (and the end): what utf8proc says. */
int32_t text_next_utf8(const char *s, size_t n, size_t *i)
{
    if (*i >= n)
        return -1;
    utf8proc_int32_t cp;
    utf8proc_ssize_t len =
        utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
    if (len <= 0)
        return -1;
    *i += (size_t)len;
    return cp;
}
