/*
 * form: writes the blank submission a unit fills in for a period.
 *
 * The form lists, with their names in comments, the measures the unit
 * reports and the tasks it leads or supports on the last day of the
 * period's window (duties of units it succeeded included). Values, task
 * statuses and the sending date are left empty: the form is valid against
 * templates/submission-v1.xsd once they are filled in.
 */
#ifndef BAOCAO_FORM_H
#define BAOCAO_FORM_H

#include <stdio.h>

#include "period.h"
#include "plan.h"

/* Returns 0, or -1 when writing failed (errno set). */
int form_write(const plan *p, int unit, const period *per, FILE *out);

#endif
