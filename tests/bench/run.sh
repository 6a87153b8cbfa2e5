#!/bin/sh
# make bench: speed and memory figures of baocao, each beside a reference
# measured in the same run. A report, not a test: no figure fails the run;
# the exit status is non-zero only when a command itself fails.
#
#     sh tests/bench/run.sh BUILD      (make bench passes its build folder)
#
# Cases, one output line each (median wall time, throughput, peak RSS):
#   quarter  the sample input/ to the 2025-Q4 PDF (aim < 50 ms, < 30 MB);
#   volume   1 000, 10 000 and 100 000 generated submissions
#            (tests/gen/gen_samples.py --bench N), `report --no-pdf` and
#            `validate`, against `xmllint --stream --noout` over the same
#            files (aim within 2x, memory flat in the number of files);
#            10 000 also with -j 1 and -j 2;
#   resent   the 1 000-file set sent 1, 10 and 100 times over, each copy a
#            new revision of every file (so the aggregates stay those of
#            1 000 files): what a file costs beyond the aggregates
#            (aim: flat);
#   pages    build/bench/table_bench (tests/bench/table_bench.c: one table
#            of N rows x 5 columns through doc, layout and pdf_render) for
#            800 and 8 000 rows, against tests/bench/table_reportlab.py (the
#            same table with ReportLab); pages counted with pdfinfo (aim 20x
#            the pages per second with less memory; per-page time flat).
#
# The harness is tests/bench/bench.py (/usr/bin/python3: subprocess,
# time.perf_counter, os.wait4); peak RSS comes from tests/bench/tools/
# runrss.c (compiled by bench.py into BUILD/bench/), which forks each command
# and reads its ru_maxrss with wait4, since a child forked from Python
# inherits Python's high-water mark. Data goes to BUILD/bench-data/;
# the generated volume sets are kept while their stamp matches. The whole
# run takes about 3-4 minutes on 2 cores.
set -eu
build=${1:-build}
case $build in
    /*) ;;
    *) build=$PWD/$build ;;
esac
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 tests/bench/bench.py "$build"
