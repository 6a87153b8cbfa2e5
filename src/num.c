/*
 * num: exact decimals as scaled integers and their formatting (see num.h).
 */
#include "num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "1.234.567,5", "1.234" with a comma part, or "12,5": the Vietnamese way. */
static int vietnamese_form(const char *s, char *hint, size_t hintlen)
{
    const char *p = s;
    if (*p == '-')
        p++;
    const char *comma = strchr(p, ',');
    if (!comma && !strchr(p, '.'))
        return 0;
    /* integer part: digits grouped by dots in threes, or plain digits */
    const char *q = p;
    size_t group = 0, groups = 0;
    int ok = is_digit(*q);
    while (ok && *q && *q != ',') {
        if (is_digit(*q)) {
            group++;
        } else if (*q == '.') {
            if (group == 0 || group > 3 || (groups > 0 && group != 3))
                ok = 0;
            groups++;
            group = 0;
        } else {
            ok = 0;
        }
        q++;
    }
    if (!ok || (groups > 0 && group != 3))
        return 0;
    if (!comma && groups == 0)
        return 0;
    if (!comma && groups == 1)
        return 0; /* "1.234" is a plain decimal too: accepted as such */
    if (comma) {
        const char *f = comma + 1;
        if (!*f)
            return 0;
        for (; *f; f++)
            if (!is_digit(*f))
                return 0;
    }
    size_t k = 0;
    for (const char *c = s; *c && k + 1 < hintlen; c++) {
        if (*c == '.')
            continue;
        hint[k++] = *c == ',' ? '.' : *c;
    }
    hint[k] = '\0';
    return 1;
}

enum num_status num_parse(const char *s, num_t *out, char *hint, size_t hintlen)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    int64_t ip = 0, fp = 0;
    int idigits = 0, fdigits = 0;
    while (is_digit(*p)) {
        if (idigits < 12)
            ip = ip * 10 + (*p - '0');
        idigits++;
        p++;
    }
    if (*p == '.' && is_digit(p[1])) {
        p++;
        while (is_digit(*p)) {
            if (fdigits < NUM_DECIMALS)
                fp = fp * 10 + (*p - '0');
            fdigits++;
            p++;
        }
    }
    if (*p != '\0' || idigits == 0) {
        if (hint && vietnamese_form(s, hint, hintlen)) {
            const char *c = strchr(s, ',');
            if (c && !memchr(s, '.', (size_t)(c - s)) && strlen(c + 1) == 3)
                return NUM_COMMA_AMBIGUOUS;
            return NUM_VIETNAMESE_FORM;
        }
        return NUM_INVALID;
    }
    if (idigits > 12 || fdigits > NUM_DECIMALS)
        return NUM_TOO_LARGE;
    for (int i = fdigits; i < NUM_DECIMALS; i++)
        fp *= 10;
    int64_t v = ip * NUM_SCALE + fp;
    *out = neg ? -v : v;
    return NUM_OK;
}

int num_add(num_t a, num_t b, num_t *out)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return -1;
    *out = a + b;
    return 0;
}

num_t num_from_int(int64_t i)
{
    return i * NUM_SCALE;
}

long double num_to_real(num_t v)
{
    return (long double)v / (long double)NUM_SCALE;
}

/* Writes digits of an unsigned integer part with optional grouping. */
static void put_int(uint64_t ip, enum num_style style, char *out, size_t *k, size_t outlen)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)ip);
    for (int i = 0; i < n && *k + 1 < outlen; i++) {
        out[(*k)++] = digits[i];
        int left = n - i - 1;
        if (style == NUM_VIETNAMESE && left > 0 && left % 3 == 0 && *k + 1 < outlen)
            out[(*k)++] = '.';
    }
}

/* |value| = ip + fp / 10^decimals, already rounded. */
static char *put_parts(int neg, uint64_t ip, uint64_t fp, int decimals, int trim,
                       enum num_style style, char *out, size_t outlen)
{
    int fd = decimals;
    if (trim)
        while (fd > 0 && fp % 10 == 0) {
            fp /= 10;
            fd--;
        }
    size_t k = 0;
    if (neg && (ip || fp))
        out[k++] = '-';
    put_int(ip, style, out, &k, outlen);
    if (fd > 0) {
        char frac[24];
        snprintf(frac, sizeof frac, "%0*llu", fd, (unsigned long long)fp);
        if (k + 1 < outlen)
            out[k++] = style == NUM_VIETNAMESE ? ',' : '.';
        for (int i = 0; frac[i] && k + 1 < outlen; i++)
            out[k++] = frac[i];
    }
    out[k] = '\0';
    return out;
}

char *num_format(num_t v, int decimals, enum num_style style, char *out, size_t outlen)
{
    int trim = decimals < 0;
    if (decimals < 0 || decimals > NUM_DECIMALS)
        decimals = NUM_DECIMALS;
    int neg = v < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t div = 1;
    for (int i = decimals; i < NUM_DECIMALS; i++)
        div *= 10;
    /* the rounding rule: half away from zero */
    uint64_t r = mag / div + (mag % div >= (div + 1) / 2 && div > 1 ? 1 : 0);
    uint64_t pow10 = 1;
    for (int i = 0; i < decimals; i++)
        pow10 *= 10;
    return put_parts(neg, r / pow10, r % pow10, decimals, trim, style, out, outlen);
}

char *num_format_ratio(num_wide num, num_wide den, int decimals, enum num_style style, char *out,
                       size_t outlen)
{
    int trim = decimals < 0;
    if (decimals < 0 || decimals > NUM_DECIMALS)
        decimals = NUM_DECIMALS;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    int neg = num < 0;
    num_wide mag = neg ? -num : num;
    num_wide pow10 = 1;
    for (int i = 0; i < decimals; i++)
        pow10 *= 10;
    const num_wide limit = (num_wide)1 << 100;
    if (den == 0 || mag > limit / pow10)
        return num_format_real(den ? (long double)num / (long double)den : 0.0L / 0.0L,
                               trim ? -1 : decimals, style, out, outlen);
    num_wide scaled = mag * pow10;
    num_wide q = scaled / den, r = scaled % den;
    if (2 * r >= den) /* the rule: half away from zero */
        q++;
    if (q / pow10 > (num_wide)UINT64_MAX)
        return num_format_real((long double)num / (long double)den, trim ? -1 : decimals, style,
                               out, outlen);
    return put_parts(neg, (uint64_t)(q / pow10), (uint64_t)(q % pow10), decimals, trim, style, out,
                     outlen);
}

char *num_format_real(long double v, int decimals, enum num_style style, char *out,
                      size_t outlen)
{
    if (!isfinite(v)) {
        out[0] = '\0';
        return out;
    }
    int trim = decimals < 0;
    if (decimals < 0 || decimals > NUM_DECIMALS)
        decimals = NUM_DECIMALS;
    long double scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    long double a = fabsl(v);
    if (a >= 1.8e19L) {
        /* beyond 64-bit integers: the C library's decimal form, regrouped */
        char digits[128];
        snprintf(digits, sizeof digits, "%.*Lf", decimals, a);
        if (trim && strchr(digits, '.')) { /* as few decimals as needed, as below */
            size_t e = strlen(digits);
            while (digits[e - 1] == '0')
                e--;
            digits[digits[e - 1] == '.' ? e - 1 : e] = '\0';
        }
        char *dot = strchr(digits, '.');
        size_t k = 0, ilen = dot ? (size_t)(dot - digits) : strlen(digits);
        if (v < 0 && k + 1 < outlen)
            out[k++] = '-';
        for (size_t i = 0; i < ilen && k + 1 < outlen; i++) {
            out[k++] = digits[i];
            size_t left = ilen - i - 1;
            if (style == NUM_VIETNAMESE && left > 0 && left % 3 == 0 && k + 1 < outlen)
                out[k++] = '.';
        }
        for (const char *f = dot; f && *f && k + 1 < outlen; f++)
            out[k++] = *f == '.' ? (style == NUM_VIETNAMESE ? ',' : '.') : *f;
        out[k] = '\0';
        return out;
    }
    /* the rule, half away from zero, on the fraction of the magnitude */
    long double ip = floorl(a);
    long double fp = roundl((a - ip) * scale);
    if (fp >= scale) {
        ip += 1;
        fp = 0;
    }
    return put_parts(v < 0, (uint64_t)ip, (uint64_t)fp, decimals, trim, style, out, outlen);
}
