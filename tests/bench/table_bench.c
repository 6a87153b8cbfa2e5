/*
 * table_bench: the page benchmark of `make bench`.
 *
 * Builds a document holding one appendix-like table (a bold title, then a
 * header row and N body rows of 5 columns: number, Vietnamese text that
 * wraps, unit, an amount and a percentage written the Vietnamese way),
 * renders it with the real report fonts through pdf_render() (fontconfig,
 * layout with the header row repeated on every page and page numbers,
 * libharu drawing, safe save) and exits. The run harness (bench.py) times
 * this process and counts the pages with pdfinfo.
 *
 * The rows come from a small linear congruential generator whose every step
 * is spelt out below; tests/bench/table_reportlab.py produces exactly the
 * same strings, so both programs lay out the same table.
 *
 *     table_bench N [OUT.pdf]
 *
 * Without OUT.pdf the file goes to a fresh temporary folder that is
 * removed afterwards. Exit status 0 on success, 2 on a usage error, 1 when
 * the PDF could not be made.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "pdf.h"

/* ---- the shared row generator (mirror of table_reportlab.py) ---------- */

static uint32_t rng_state = 20230303u;

/* 15 bits: state = state * 1103515245 + 12345 (mod 2^32), bits 16..30. */
static unsigned rng_next(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) & 0x7fffu;
}

static unsigned rng_below(unsigned n)
{
    return rng_next() % n;
}

static const char *const prefixes[] = {
    "Triển khai", "Hỗ trợ", "Xây dựng", "Ứng dụng", "Đánh giá", "Phát triển",
    "Nâng cao", "Chuyển giao", "Tổ chức", "Thẩm định",
};

static const char *const words[] = {
    "khoa học", "công nghệ", "đổi mới", "sáng tạo", "doanh nghiệp", "sở hữu",
    "trí tuệ", "nhãn hiệu", "chỉ dẫn", "địa lý", "hồi Lạng Sơn", "na Chi Lăng",
    "thạch đen", "Tràng Định", "quế Văn Quan", "hợp tác xã", "chuyển đổi số",
    "tiêu chuẩn", "đo lường", "chất lượng", "nhiệm vụ", "cấp tỉnh", "nông thôn",
    "miền núi", "mô hình", "sản xuất", "giống cây", "năng suất", "thị trường",
    "truy xuất", "nguồn gốc", "kết quả", "nghiên cứu", "thử nghiệm", "cơ sở",
    "dữ liệu", "nhân lực", "đào tạo", "ươm tạo", "khởi nghiệp",
};

static const char *const units[] = {
    "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường", "UBND xã Chi Lăng", "UBND phường Đông Kinh",
    "UBND xã Tràng Định", "Ban Quản lý Khu kinh tế", "Sở Y tế",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Digits of v with '.' between groups of three: 1234567 -> "1.234.567". */
static void put_grouped(buf *b, unsigned long long v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf_putc(b, '.');
        buf_putc(b, digits[i]);
    }
}

/* The five cells of body row i (from 1), in the generator's order. */
static void make_row(unsigned long i, buf cell[5])
{
    for (int k = 0; k < 5; k++)
        buf_clear(&cell[k]);
    buf_printf(&cell[0], "%lu", i);

    buf_puts(&cell[1], prefixes[rng_below(COUNT(prefixes))]);
    unsigned nw = 4 + rng_below(15);
    for (unsigned k = 0; k < nw; k++) {
        buf_putc(&cell[1], ' ');
        buf_puts(&cell[1], words[rng_below(COUNT(words))]);
    }

    buf_puts(&cell[2], units[rng_below(COUNT(units))]);

    /* an amount in tenths of a million dong, below 2^30 */
    unsigned long long tenths = (unsigned long long)rng_next() * 32768u + rng_next();
    put_grouped(&cell[3], tenths / 10);
    buf_printf(&cell[3], ",%llu", tenths % 10);

    unsigned pct = rng_below(2000); /* tenths of a percent */
    buf_printf(&cell[4], "%u,%u%%", pct / 10, pct % 10);
}

/* ---- the document -------------------------------------------------------- */

static doc *build(unsigned long nrows)
{
    doc *d = doc_new();
    doc_para_style st = doc_style(DOC_FACE_BOLD, 14, DOC_ALIGN_CENTER);
    st.space_after_pt = 6;
    doc_add_para(d, "PHỤ LỤC: SỐ LIỆU CHI TIẾT THEO ĐƠN VỊ BÁO CÁO", &st);

    doc_table *t = doc_add_table(d, 5);
    t->size_pt = 11;
    doc_table_set_col(t, 0, 12, 0, DOC_ALIGN_CENTER, 0);
    doc_table_set_col(t, 1, 0, 1, DOC_ALIGN_LEFT, 0); /* 67 mm on A4 portrait */
    doc_table_set_col(t, 2, 32, 0, DOC_ALIGN_LEFT, 0);
    doc_table_set_col(t, 3, 30, 0, DOC_ALIGN_RIGHT, 1);
    doc_table_set_col(t, 4, 24, 0, DOC_ALIGN_RIGHT, 1);

    static const char *const head[5] = {
        "STT", "Nội dung", "Đơn vị thực hiện", "Kinh phí (triệu đồng)",
        "Tỷ lệ hoàn thành",
    };
    doc_table_add_row(t, DOC_ROW_HEADER);
    for (int k = 0; k < 5; k++)
        doc_table_add_cell(t, head[k]);

    buf cell[5];
    for (int k = 0; k < 5; k++)
        buf_init(&cell[k], 0);
    for (unsigned long i = 1; i <= nrows; i++) {
        make_row(i, cell);
        doc_table_add_row(t, DOC_ROW_BODY);
        for (int k = 0; k < 5; k++)
            doc_table_add_cell(t, cell[k].data);
    }
    for (int k = 0; k < 5; k++)
        buf_release(&cell[k]);
    return d;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: table_bench N [OUT.pdf]\n");
        return 2;
    }
    char *end;
    errno = 0;
    unsigned long n = strtoul(argv[1], &end, 10);
    if (errno || *end || end == argv[1] || n == 0 || n > 10000000ul) {
        fprintf(stderr, "table_bench: N must be a number of rows from 1 to 10000000\n");
        return 2;
    }

    char tmpdir[] = "/tmp/table_bench.XXXXXX";
    char tmpfile[sizeof tmpdir + 16];
    const char *out = argc == 3 ? argv[2] : NULL;
    if (!out) {
        const char *tmp = mkdtemp(tmpdir);
        if (!tmp) {
            perror("table_bench: mkdtemp");
            return 1;
        }
        snprintf(tmpfile, sizeof tmpfile, "%s/table.pdf", tmp);
        out = tmpfile;
    }

    doc *d = build(n);
    pdf_options opt;
    pdf_options_init(&opt);
    opt.title = "table_bench";
    opt.creator = "baocao table_bench";
    opt.year = 2025;
    opt.month = 12;
    opt.day = 20;
    pdf_error err;
    int rc = pdf_render(d, &opt, out, &err);
    doc_free(d);
    if (rc != PDF_OK)
        fprintf(stderr, "table_bench: pdf_render failed: status %d, errno %d, detail %d, "
                "libharu 0x%lx/%lu\n", err.status, err.sys_errno, err.detail,
                err.hpdf_code, err.hpdf_detail);
    if (argc == 2) {
        unlink(tmpfile);
        rmdir(tmpdir);
    }
    return rc == PDF_OK ? 0 : 1;
}
