/*
 * text: Unicode handling, the one module that uses utf8proc.
 *
 * Every string that enters baocao is checked here (valid UTF-8, no U+0000)
 * and composed to NFC, so that decomposed Vietnamese (base letter plus
 * combining marks, as some keyboard tools and macOS write it) matches the
 * plan's names and renders with the marks in place.
 */
#ifndef BAOCAO_TEXT_H
#define BAOCAO_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum text_status { TEXT_OK, TEXT_INVALID_UTF8, TEXT_NUL };

/* Checks s[0..n). On failure *bad_offset is the offset of the first bad byte. */
enum text_status text_check(const char *s, size_t n, size_t *bad_offset);

/* Whether the valid UTF-8 s[0..n) is surely NFC already (a fast check that
 * may say no for some NFC strings, never yes for others). */
int text_is_nfc_fast(const char *s, size_t n);

/* NFC form of the valid UTF-8 s[0..n); returns a malloc'd string (free it). */
char *text_nfc(const char *s, size_t n);

/* Appends s[0..n) to b with what cannot be printed as it is escaped, in
 * ASCII: \n, \r, \t, \xNN for the other control characters, DEL and
 * every byte that is not valid UTF-8, \u0080 to \u009f for the C1
 * controls (NEL, U+0085, ends a line for some tools). A backslash is left
 * as it is. For names from outside (file names): printed as they are they
 * would split a line, drive the terminal or break a UTF-8 output. */
void text_escape(buf *b, const char *s, size_t n);
/* A copy of s (malloc'd), escaped by text_escape: for file names written
 * into diagnostics, XML, CSV, tab-separated files and the PDF alike. */
char *text_escaped(const char *s);
/* Whether text_escaped(s) would leave s as it is. */
int text_printable(const char *s);

/* Upper-case form (for headings), NFC; malloc'd. */
char *text_upper(const char *s);

/* Decodes the code point at s[*i] and advances *i; -1 at the end or on bad bytes.
 * ASCII, most of any text, is decoded here, inline: text_next is called once
 * a character by every loop that measures, marks or escapes text. */
int32_t text_next_utf8(const char *s, size_t n, size_t *i);
static inline int32_t text_next(const char *s, size_t n, size_t *i)
{
    if (*i < n && (unsigned char)s[*i] < 0x80)
        return (unsigned char)s[(*i)++];
    return text_next_utf8(s, n, i);
}

#endif
