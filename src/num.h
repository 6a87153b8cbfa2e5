/*
 * num: exact decimal figures, and the one rounding rule.
 *
 * Figures from submissions are held as scaled integers (num_t, millionths),
 * so sums over units and periods are exact: 0.1 + 0.2 is 0.3. Inputs may have
 * at most 12 digits before the point and 6 after it (the schemas say the
 * same). Sums check for overflow.
 *
 * Values derived by division or roots (ratios, multiples, growth rates) are
 * long double computed from the exact sums. Either kind is rounded only when
 * it is displayed or written, by num_format, with one rule: round half away
 * from zero to the number of decimals asked for.
 */
#ifndef BAOCAO_NUM_H
#define BAOCAO_NUM_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t num_t;
/* Wide enough for products of sums: ratios are kept as num_wide fractions. */
__extension__ typedef __int128 num_wide;
#define NUM_SCALE INT64_C(1000000)
#define NUM_DECIMALS 6

enum num_status { NUM_OK, NUM_INVALID, NUM_VIETNAMESE_FORM, NUM_TOO_LARGE, NUM_COMMA_AMBIGUOUS };

/*
 * Parses a plain decimal ("1234.5", "-3", "0.000001"). On NUM_VIETNAMESE
 * ("1.234,5", "12,5") `hint` receives the plain form to suggest ("1234.5").
 * NUM_COMMA_AMBIGUOUS: one comma followed by exactly three digits and no
 * dot ("19,077"), a Vietnamese decimal comma or an English thousands one;
 * `hint` receives the decimal reading ("19.077"), the other is the text
 * without its comma.
 */
enum num_status num_parse(const char *s, num_t *out, char *hint, size_t hintlen);

/* a + b into *out; -1 on overflow. */
int num_add(num_t a, num_t b, num_t *out);

num_t num_from_int(int64_t i);
long double num_to_real(num_t v);

enum num_style {
    NUM_PLAIN,      /* machine form: 1234567.5 (CSV, XML) */
    NUM_VIETNAMESE, /* display form: 1.234.567,5 */
};

/*
 * Formats with exactly `decimals` decimals (0..6), rounding half away from
 * zero, or with as few as needed when decimals < 0 (trailing zeros dropped).
 * Writes into out (at least 48 bytes) and returns out.
 */
char *num_format(num_t v, int decimals, enum num_style style, char *out, size_t outlen);
/* The same rule for the exact fraction num/den (den != 0), with integer
 * arithmetic: 201/200 at 2 decimals is 1,01, where a binary 1.005 would
 * round down. Falls back to num_format_real past 64-bit results. */
char *num_format_ratio(num_wide num, num_wide den, int decimals, enum num_style style, char *out,
                       size_t outlen);
/* The same rule for a derived value; non-finite values give "". */
char *num_format_real(long double v, int decimals, enum num_style style, char *out,
                      size_t outlen);

#endif
