#!/usr/bin/python3
"""The timing harness of `make bench` (called by tests/bench/run.sh).

    bench.py BUILD

Runs every case several times, interleaving a case's commands with those of
its reference so that drift in the machine's state hits both alike, and
prints one line per case: the median wall time (time.perf_counter around
each child), a throughput and the peak resident set size of the command and
its descendants, beside the reference measured in the same run and the aim.

Peak RSS: os.wait4 on a child of this script cannot give it, because at
exec the kernel keeps the forked address space's high-water mark, so every
child would show at least this script's own 10-20 MB (even /bin/true).
Each command therefore runs under tools/runrss.c, a small static program
that forks the command, takes ru_maxrss from its own wait4 and writes it to
a file; this script still waits for runrss with os.wait4 and times it with
perf_counter (runrss adds about 1 ms of wall time).

Timings are a report, not a test: nothing here fails on a slow figure. The
exit status is 1 only when a command itself failed (non-zero exit, missing
output), 2 on a usage error. The programs are copied into the run's
temporary folder first, so that a concurrent `make` relinking BUILD/ cannot
swap them mid-run; the copy of baocao is given --templates templates.

Generated data lives in BUILD/bench-data/ (ignored by git, as build/ is).
The volume sets are kept between runs when their stamp (hash of the
generator and of input/plan.xml, N, number of files) still matches, which
costs one directory walk; anything else is regenerated. Outputs of the
timed commands go to a temporary folder there, removed at the end.
"""
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = "/usr/bin/python3"
GEN = os.path.join("tests", "gen", "gen_samples.py")
REPORTLAB = os.path.join("tests", "bench", "table_reportlab.py")

VOLUMES = (1000, 10000, 100000)
RUNS = {1000: 5, 10000: 5, 100000: 3}
COPIES = (1, 10, 100)
REVISION = re.compile(rb'revision="([0-9]+)"')
TABLE_ROWS = ((800, 5), (8000, 3))

RUNRSS_SRC = os.path.join("tests", "bench", "tools", "runrss.c")
RUNRSS = None  # set by main(): BUILD/bench/runrss

failures = []


# ---- measuring --------------------------------------------------------------

class Result:
    def __init__(self, name):
        self.name = name
        self.times = []
        self.rss_kb = []
        self.failed = None

    @property
    def median(self):
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def rss_mb(self):
        return max(self.rss_kb) / 1024 if self.rss_kb else float("nan")


def run_once(argv, res, log_dir):
    """Runs argv once from ROOT through runrss; adds its wall time and peak RSS to res."""
    errpath = os.path.join(log_dir, "stderr.txt")
    rsspath = os.path.join(log_dir, "maxrss.txt")
    with open(errpath, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([RUNRSS, rsspath] + argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err)
        _, status, _ = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    res.times.append(t1 - t0)
    try:
        with open(rsspath) as f:
            res.rss_kb.append(int(f.read()))  # kB; the command and its descendants
        os.unlink(rsspath)
    except (OSError, ValueError):
        pass
    if p.returncode != 0 and res.failed is None:
        with open(errpath, "rb") as f:
            tail = f.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        res.failed = "exit %d: %s" % (p.returncode, " | ".join(tail))
        failures.append("%s: %s" % (res.name, res.failed))


def measure(cmds, runs, log_dir):
    """cmds: list of (name, argv). Runs them round-robin `runs` times."""
    results = [Result(name) for name, _ in cmds]
    for _ in range(runs):
        for (_, argv), res in zip(cmds, results):
            run_once(argv, res, log_dir)
    return results


# ---- formatting -------------------------------------------------------------

def fmt_time(t):
    if t < 1:
        return "%.1f ms" % (t * 1000)
    return "%.2f s" % t


def yes(ok):
    return "met" if ok else "MISSED"


def status(res):
    return " FAILED (%s)" % res.failed if res.failed else ""


def line(text):
    print(text, flush=True)


# ---- data -------------------------------------------------------------------

def file_hash(path):
    h = hashlib.sha256()
    with open(os.path.join(ROOT, path), "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def xml_files(top):
    """(count, bytes) of the .xml files under top, plan.xml included."""
    n = size = 0
    for dirpath, _, names in os.walk(top):
        for name in names:
            if name.endswith(".xml"):
                n += 1
                size += os.stat(os.path.join(dirpath, name)).st_size
    return n, size


def volume_set(data, n):
    """DIR holding plan.xml and n submissions; regenerated unless its stamp matches."""
    d = os.path.join(data, "vol-%d" % n)
    stamp_path = os.path.join(d, ".stamp")
    want = "%s %s %d" % (file_hash(GEN), file_hash(os.path.join("input", "plan.xml")), n)
    count, size = xml_files(d) if os.path.isdir(d) else (0, 0)
    try:
        with open(stamp_path) as f:
            have = f.read().strip()
    except OSError:
        have = ""
    if have == "%s %d %d" % (want, count, size):
        return d, count - 1, size, False
    shutil.rmtree(d, ignore_errors=True)
    subprocess.run([PY, GEN, "--bench", str(n), "--out", d, "-q"], cwd=ROOT, check=True)
    count, size = xml_files(d)
    with open(stamp_path, "w") as f:
        f.write("%s %d %d\n" % (want, count, size))
    return d, count - 1, size, True


def copies_set(data, base, k):
    """DIR holding base's plan.xml and k folders c000.. each with a copy of
    every submission of base whose revision is raised by 2 a folder: k times
    the files, each a new revision of the same unit and period, so the
    latest copy wins and the aggregates are those of base."""
    d = os.path.join(data, "copies-%d" % k)
    stamp_path = os.path.join(d, ".stamp")
    with open(os.path.join(base, ".stamp")) as f:
        want = "%s %d new revisions" % (f.read().strip(), k)
    try:
        with open(stamp_path) as f:
            if f.read().strip() == want:
                return d
    except OSError:
        pass
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copy2(os.path.join(base, "plan.xml"), os.path.join(d, "plan.xml"))
    subs = os.path.join(base, "submissions")
    for c in range(k):
        for dirpath, _, names in os.walk(subs):
            to = os.path.join(d, "c%03d" % c, os.path.relpath(dirpath, subs))
            os.makedirs(to, exist_ok=True)
            for name in names:
                with open(os.path.join(dirpath, name), "rb") as f:
                    text = f.read()
                text = REVISION.sub(lambda m: b'revision="%d"' % (int(m.group(1)) + 2 * c),
                                    text, count=1)
                with open(os.path.join(to, name), "wb") as f:
                    f.write(text)
    with open(stamp_path, "w") as f:
        f.write(want + "\n")
    return d


def pdf_pages(path):
    try:
        out = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return 0
    for ln in out.splitlines():
        if ln.startswith("Pages:"):
            return int(ln.split()[1])
    return 0


# ---- the cases --------------------------------------------------------------

def case_quarter(baocao, tmp):
    out = os.path.join(tmp, "quarter")
    cmd = [baocao, "report", "--templates", "templates", "--period", "2025-Q4",
           "--date", "2025-12-20", "--output", out, "-q"]
    (r,) = measure([("quarter", cmd)], 5, tmp)
    nfiles, _ = xml_files(os.path.join(ROOT, "input", "submissions"))
    pages = pdf_pages(os.path.join(out, "2025-Q4", "report.pdf"))
    if not r.failed and pages == 0:
        r.failed = "no report.pdf"
        failures.append("quarter: no readable report.pdf")
    line("quarter   sample input/ -> 2025-Q4 PDF (%d files, %d pages)  %9s  %7.0f files/s"
         "  peak %6.1f MB   aim < 50 ms: %s, < 30 MB: %s%s"
         % (nfiles, pages, fmt_time(r.median), nfiles / r.median, r.rss_mb,
            yes(r.median < 0.050), yes(r.rss_mb < 30), status(r)))


def case_volume(baocao, data, tmp):
    rss = {}
    nsubs = {}
    for n in VOLUMES:
        d, nsub, size, fresh = volume_set(data, n)
        nsubs[n] = nsub
        out = os.path.join(tmp, "vol-%d" % n)
        plan = os.path.join(d, "plan.xml")
        report = [baocao, "report", "--templates", "templates", "--no-pdf",
                  "--period", "2023-2025", "--plan", plan, "--input", d, "--output", out, "-q"]
        validate = [baocao, "validate", "--templates", "templates", "--plan", plan, d, "-q"]
        ref = ["sh", "-c", "find \"$1\" -name '*.xml' | xargs xmllint --stream --noout",
               "sh", d]
        if n == 10000:
            cmds = [("xmllint", ref),
                    ("report -j 1", report[:2] + ["-j", "1"] + report[2:]),
                    ("report -j 2", report[:2] + ["-j", "2"] + report[2:]),
                    ("validate -j 1", validate[:2] + ["-j", "1"] + validate[2:]),
                    ("validate -j 2", validate[:2] + ["-j", "2"] + validate[2:])]
        else:
            cmds = [("xmllint", ref), ("report", report), ("validate", validate)]
        res = measure(cmds, RUNS[n], tmp)
        x = res[0]
        mb = size / 1e6
        by_name = {r.name: r for r in res}
        for r in res[1:]:
            ratio = r.median / x.median
            extra = ""
            if r.name.endswith(" -j 2"):
                one = by_name[r.name.replace("-j 2", "-j 1")]
                extra = "  -j 2 vs -j 1: %.2fx faster" % (one.median / r.median)
            if n != 10000:
                rss[r.name, n] = r.rss_mb
                first = rss.get((r.name, VOLUMES[0]))
                if n != VOLUMES[0] and first:
                    # what each file beyond the first set adds: here every
                    # file is a unit and period of its own, so the
                    # aggregates grow with the files (the resent case
                    # keeps them the same)
                    extra = "  RSS x%.1f for %dx the files, %.0f bytes a file more, aggregates included" % (
                        r.rss_mb / first, n // VOLUMES[0],
                        (r.rss_mb - first) * 1024 * 1024 / (nsub - nsubs[VOLUMES[0]]))
            line("volume  %6d files (%5.0f MB) %-13s %9s  %7.0f files/s %5.1f MB/s  peak %6.1f MB"
                 " | xmllint --stream %9s peak %5.1f MB | %.2fx xmllint (aim <= 2x: %s)%s%s%s"
                 % (nsub, mb, r.name, fmt_time(r.median), nsub / r.median, mb / r.median,
                    r.rss_mb, fmt_time(x.median), x.rss_mb, ratio, yes(ratio <= 2), extra,
                    " [data generated]" if fresh and r is res[1] else "",
                    status(r) + status(x)))


def case_copies(baocao, data, tmp):
    """The 1 000-file volume set sent 1, 10 and 100 times over (a new
    revision of every file in each copy): the files grow, the aggregates do
    not. What each file adds to the peak here is what the program keeps per
    file beyond the aggregates."""
    base, nbase, _, _ = volume_set(data, VOLUMES[0])
    first = prev = None
    for k in COPIES:
        d = copies_set(data, base, k)
        plan = os.path.join(d, "plan.xml")
        out = os.path.join(tmp, "copies-%d" % k)
        report = [baocao, "report", "--templates", "templates", "--no-pdf", "--period",
                  "2023-2025", "--plan", plan, "--input", d, "--output", out, "-q"]
        validate = [baocao, "validate", "--templates", "templates", "--plan", plan, d, "-q"]
        res = measure([("report", report), ("validate", validate)], 3, tmp)
        if first is None:
            first = prev = (k, res)
        for r, r1, rp in zip(res, first[1], prev[1]):
            extra = ""
            if k != COPIES[0]:
                # the first few thousand files fill buffers of a fixed size
                # (the rows kept in memory); the step from the previous set
                # shows what each file costs beyond them
                extra = "  %d bytes a file more than 1 copy" % round(
                    (r.rss_mb - r1.rss_mb) * 1024 * 1024 / (nbase * (k - COPIES[0])))
                if prev[0] != COPIES[0]:   # round(): no "-0" for a step within the noise
                    extra += ", %d more than %d copies" % (round(
                        (r.rss_mb - rp.rss_mb) * 1024 * 1024 / (nbase * (k - prev[0]))), prev[0])
                extra += " (aim: flat)"
            line("resent  %6d files (%3d x %d, the same aggregates) %-8s %9s  %7.0f files/s"
                 "  peak %6.1f MB%s%s"
                 % (nbase * k, k, nbase, r.name, fmt_time(r.median), nbase * k / r.median,
                    r.rss_mb, extra, status(r)))
        prev = (k, res)


def case_pages(table_bench, tmp):
    per_page = {}
    for rows, runs in TABLE_ROWS:
        ours = os.path.join(tmp, "table-%d.pdf" % rows)
        theirs = os.path.join(tmp, "table-%d-reportlab.pdf" % rows)
        b, r = measure([("baocao", [table_bench, str(rows), ours]),
                        ("reportlab", [PY, REPORTLAB, str(rows), theirs])], runs, tmp)
        pb, pr = pdf_pages(ours), pdf_pages(theirs)
        for res, pages in ((b, pb), (r, pr)):
            if pages == 0 and not res.failed:
                res.failed = "no readable PDF"
                failures.append("pages %d %s: no readable PDF" % (rows, res.name))
        pps_b = pb / b.median
        pps_r = pr / r.median
        speed = pps_b / pps_r if pps_r else float("nan")
        mem = b.rss_mb / r.rss_mb
        per_page[rows] = (b.median / max(pb, 1), r.median / max(pr, 1))
        extra = ""
        if rows != TABLE_ROWS[0][0]:
            first = per_page[TABLE_ROWS[0][0]]
            gb = per_page[rows][0] / first[0]
            gr = per_page[rows][1] / first[1]
            extra = ("  per-page time vs %d rows: baocao x%.2f (%s), ReportLab x%.2f"
                     % (TABLE_ROWS[0][0], gb, "linear" if gb <= 1.25 else "SUPERLINEAR", gr))
        line("pages   %5d rows: baocao %4d pages %9s %6.0f pages/s peak %6.1f MB"
             " | ReportLab %4d pages %9s %5.1f pages/s peak %6.1f MB"
             " | %.1fx the pages/s (aim >= 20x: %s), %.2fx the memory (aim < 1x: %s)%s%s%s"
             % (rows, pb, fmt_time(b.median), pps_b, b.rss_mb, pr, fmt_time(r.median),
                pps_r, r.rss_mb, speed, yes(speed >= 20), mem, yes(mem < 1), extra,
                status(b), status(r)))


def build_runrss(build):
    """Compiles tests/bench/tools/runrss.c (libc only, static when possible)."""
    out = os.path.join(build, "bench", "runrss")
    src = os.path.join(ROOT, RUNRSS_SRC)
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cc = os.environ.get("CC") or "cc"
    for extra in (["-static"], []):
        r = subprocess.run([cc, "-std=c11", "-O2", "-Wall", "-Wextra"] + extra +
                           ["-o", out, src], cwd=ROOT)
        if r.returncode == 0:
            return out
    raise SystemExit("bench: cannot compile %s" % RUNRSS_SRC)


def main():
    global RUNRSS
    if len(sys.argv) != 2:
        print("usage: bench.py BUILD", file=sys.stderr)
        return 2
    build = os.path.abspath(sys.argv[1])
    baocao = os.path.join(build, "baocao")
    table_bench = os.path.join(build, "bench", "table_bench")
    for prog in (baocao, table_bench):
        if not os.access(prog, os.X_OK):
            print("bench: %s is missing; run make bench" % prog, file=sys.stderr)
            return 2
    RUNRSS = build_runrss(build)
    data = os.path.join(build, "bench-data")
    os.makedirs(data, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="run-", dir=data)
    t0 = time.perf_counter()
    try:
        # Private copies: a concurrent `make` relinking BUILD/ must not change
        # (or hide) the programs in the middle of the run.
        for name in ("baocao", "table_bench"):
            shutil.copy2(baocao if name == "baocao" else table_bench, os.path.join(tmp, name))
        baocao = os.path.join(tmp, "baocao")
        table_bench = os.path.join(tmp, "table_bench")
        line("bench: median wall time, throughput, peak RSS (command and descendants);"
             " reference measured in the same run; %d cores, load average %.2f at start"
             % (os.cpu_count(), os.getloadavg()[0]))
        case_quarter(baocao, tmp)
        case_volume(baocao, data, tmp)
        case_copies(baocao, data, tmp)
        case_pages(table_bench, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = "; %d command(s) FAILED" % len(failures) if failures else ""
    line("bench: done in %.0f s%s" % (time.perf_counter() - t0, failed))
    for f in failures:
        print("bench: FAILED %s" % f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
