/*
 * export: the machine-readable outputs of a report run.
 *
 *   summary.csv  UTF-8 with a byte-order mark (so Excel and LibreOffice
 *                show Vietnamese correctly): one row per indicator, then one
 *                per measure and unit, and a province total per measure;
 *   summary.xml  the same with everything a level above needs to combine
 *                this report with others' (templates/summary-v1.xsd);
 *   run-log.txt  every input file with its fate, and the coverage list.
 *
 * Figures are written in the plain machine form (dot decimals, no
 * grouping), rounded by num_format's one rule to the same decimals the PDF
 * shows; measure figures are exact. Every figure lists its sources as
 * FILE:LINE.
 */
#ifndef BAOCAO_EXPORT_H
#define BAOCAO_EXPORT_H

#include "agg.h"
#include "buf.h"
#include "plan.h"

typedef struct export_info {
    const char *version;    /* baocao's */
    date_t date;            /* the report date */
} export_info;

void export_csv(const plan *p, const agg *a, const agg_report *r, buf *out);
void export_xml(const plan *p, const agg *a, const agg_report *r, const export_info *info,
                buf *out);
void export_runlog(const plan *p, const agg *a, const agg_report *r, const export_info *info,
                   buf *out);

#endif
