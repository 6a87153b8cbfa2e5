#!/bin/sh
# `make run`: renders, from input/ into output/, the latest quarter found in
# the submissions, the year of that quarter and the end-of-plan review.
# A plan whose units report only by year (no quarterly submissions) gets
# the latest year found and the review.
# The report date is today unless SOURCE_DATE_EPOCH is set.
set -u
BAOCAO=${1:-build/baocao}
latest=$(grep -rhoE 'period="[0-9]{4}-Q[1-4]"' input/submissions 2>/dev/null \
         | sed 's/period="\(.*\)"/\1/' | sort | tail -n 1)
if [ -n "$latest" ]; then
    year=${latest%-Q*}
else
    year=$(grep -rhoE 'period="[0-9]{4}"' input/submissions 2>/dev/null \
           | sed 's/period="\(.*\)"/\1/' | sort | tail -n 1)
fi
if [ -z "$year" ]; then
    echo "run: no quarterly or yearly submissions under input/submissions" >&2
    exit 1
fi
from=$(sed -n 's/.*from-year="\([0-9]*\)".*/\1/p' input/plan.xml | head -n 1)
to=$(sed -n 's/.*to-year="\([0-9]*\)".*/\1/p' input/plan.xml | head -n 1)
status=0
for period in $latest "$year" "$from-$to"; do
    echo "== baocao report --period $period"
    "$BAOCAO" report --period "$period" || status=$?
done
echo "Reports are in output/:"
ls -1 output/*/report.pdf 2>/dev/null
exit $status
