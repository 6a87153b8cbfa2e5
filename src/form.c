/*
 * form: the blank submission (see form.h). Texts from the plan go into XML
 * comments, where "--" is not allowed: it is written as "- -".
 */
#include "form.h"

#include <string.h>

#include "buf.h"

static void put_comment_text(buf *b, const char *s)
{
    for (; *s; s++) {
        if (s[0] == '-' && (s[1] == '-' || s[1] == '\0'))
            buf_puts(b, "- ");
        else
            buf_putc(b, *s);
    }
}

static void put_attr_text(buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default: buf_putc(b, *s);
        }
    }
}

int form_write(const plan *p, int unit, const period *per, FILE *out)
{
    const plan_unit *u = &p->units[unit];
    date_t from, to;
    period_window(per, p->cutoff_day, &from, &to);
    date_t day = to < u->to ? to : u->to;
    char code[16], label[64], a[16], b2[16];
    period_code(per, code, sizeof code);
    period_label(per, label, sizeof label);

    buf b;
    buf_init(&b, 0);
    buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  ");
    put_comment_text(&b, u->name);
    buf_printf(&b, ": báo cáo %s (số liệu từ %s đến %s)\n  theo ", label,
               date_dmy(from, a, sizeof a), date_dmy(to, b2, sizeof b2));
    put_comment_text(&b, p->number);
    buf_puts(&b, ".\n\n"
                 "  Điền: ngày gửi (sent, dạng YYYY-MM-DD), người chịu trách nhiệm, số liệu\n"
                 "  (số thập phân dùng dấu chấm, không dùng dấu phân cách hàng nghìn: 1234.5),\n"
                 "  kết quả cụ thể (item), tình trạng nhiệm vụ (not-started, in-progress, done,\n"
                 "  stopped) và nội dung. Kiểm tra: baocao validate TỆP.xml\n"
                 "  Fill in: sent date, responsible person, values (plain decimals, dot as\n"
                 "  decimal separator), items, task status and narrative.\n-->\n");
    buf_puts(&b, "<submission version=\"1\" plan=\"");
    put_attr_text(&b, p->number);
    buf_printf(&b, "\" unit=\"%s\" period=\"%s\" revision=\"1\" sent=\"\">\n", u->code, code);
    buf_puts(&b, "  <responsible name=\"\" title=\"\" phone=\"\" email=\"\"/>\n");

    int any_value = 0, any_item = 0;
    for (size_t m = 0; m < p->nmeasures; m++) {
        if (!plan_unit_reports(p, unit, (int)m, day))
            continue;
        if (p->measures[m].kind == MEASURE_ITEMS)
            any_item = 1;
        else
            any_value = 1;
    }
    if (any_value) {
        buf_puts(&b, "  <values>\n");
        for (size_t m = 0; m < p->nmeasures; m++) {
            const plan_measure *x = &p->measures[m];
            if (x->kind == MEASURE_ITEMS || !plan_unit_reports(p, unit, (int)m, day))
                continue;
            buf_puts(&b, "    <!-- ");
            put_comment_text(&b, x->name);
            buf_puts(&b, " (");
            put_comment_text(&b, x->uom);
            buf_printf(&b, "%s%s) -->\n",
                       x->kind == MEASURE_STOCK ? "; số có đến cuối kỳ" : "; số phát sinh trong kỳ",
                       x->is_whole ? "; số nguyên" : "");
            buf_printf(&b, "    <value measure=\"%s\"></value>\n", x->code);
        }
        buf_puts(&b, "  </values>\n");
    }
    if (any_item) {
        buf_puts(&b, "  <items>\n");
        for (size_t m = 0; m < p->nmeasures; m++) {
            const plan_measure *x = &p->measures[m];
            if (x->kind != MEASURE_ITEMS || !plan_unit_reports(p, unit, (int)m, day))
                continue;
            buf_puts(&b, "    <!-- ");
            put_comment_text(&b, x->name);
            buf_puts(&b, ": một <item> cho mỗi kết quả, ví dụ:\n    <item measure=\"");
            put_comment_text(&b, x->code);
            buf_puts(&b, "\" id=\"số văn bằng hoặc quyết định\" date=\"YYYY-MM-DD\">"
                         "<name>tên</name></item> -->\n");
        }
        buf_puts(&b, "  </items>\n");
    }
    int any_task = 0;
    for (size_t k = 0; k < p->ntasks; k++)
        any_task |= plan_task_role(p, unit, (int)k, day) != ROLE_NONE;
    if (any_task) {
        buf_puts(&b, "  <tasks>\n");
        for (size_t k = 0; k < p->ntasks; k++) {
            enum task_role role = plan_task_role(p, unit, (int)k, day);
            if (role == ROLE_NONE)
                continue;
            const plan_task *t = &p->tasks[k];
            buf_puts(&b, "    <!-- ");
            put_comment_text(&b, t->code);
            buf_printf(&b, " (%s): ", role == ROLE_LEAD ? "chủ trì" : "phối hợp");
            put_comment_text(&b, t->text);
            buf_puts(&b, " -->\n");
            buf_printf(&b, "    <task code=\"%s\" status=\"\"></task>\n", t->code);
        }
        buf_puts(&b, "  </tasks>\n");
    }
    buf_puts(&b, "  <remarks>\n"
                 "    <!-- khó khăn, vướng mắc (bỏ trống nếu không có) -->\n"
                 "    <difficulty></difficulty>\n"
                 "    <!-- đề xuất, kiến nghị (bỏ trống nếu không có) -->\n"
                 "    <proposal></proposal>\n"
                 "  </remarks>\n"
                 "</submission>\n");
    size_t len = b.len;
    size_t n = fwrite(b.data, 1, len, out);
    buf_release(&b);
    return n == len ? 0 : -1;
}
