#!/usr/bin/python3
"""The README's benchmark chart: regprobe against skopeo and the curl floor, from the numbers of one bench run.

    chart.py data WORKDIR OUT.json RUN-TEXT   the chart's numbers, from a bench work dir's hyperfine JSON
    chart.py svg IN.json OUT.svg              the chart (gnuplot's SVG terminal), from those numbers

scripts/bench runs both after a full run (docs/bench.json, docs/bench.svg); `scripts/bench --chart` redraws the SVG
from docs/bench.json without measuring anything.
"""

import json
import os
import subprocess
import sys
import tempfile

# (bench row, the row whose skopeo runs stand for it, label): token auth + TLS, as against a real registry.
ROWS = [
    ("single-token", "single-token", "1 image\\n(one cold process)"),
    ("n100-token", "n100-token", "100 images\\n(20 repositories)"),
    ("n500-token", "n500-token", "500 images\\n(20 repositories)"),
    ("n500deep-token", "n500-token", "500 images, --deep\\n(skopeo: manifests only)"),
]
SERIES = [
    ("regprobe", "regprobe (one process)", "#1f6feb"),
    ("skopeo8", "skopeo inspect --raw (a process per image, 8 at a time)", "#d1242f"),
    ("curl", "curl floor (one process, fewest requests)", "#8c959f"),
]
SINGLE_SKOPEO = "skopeo"  # one image: skopeo's single process (no ×8 for one image)


def median(workdir, row, tool):
    path = os.path.join(workdir, "hf-%s-%s.json" % (row, tool))
    if not os.path.exists(path):
        return None
    return json.load(open(path, encoding="utf-8"))["results"][0]["median"]


def cmd_data(workdir, out, run_text):
    rows = []
    for row, alt_row, label in ROWS:
        values = {}
        for tool, _, _ in SERIES:
            source_tool = SINGLE_SKOPEO if tool == "skopeo8" and row == "single-token" else tool
            value = median(workdir, alt_row if tool.startswith("skopeo") else row, source_tool)
            if value is None:
                sys.exit("chart.py: %s has no %s measurement for %s" % (workdir, source_tool, row))
            values[tool] = value
        rows.append({"row": row, "label": label, "seconds": values})
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"run": run_text, "rows": rows}, f, indent=1, sort_keys=True)
        f.write("\n")


def fmt(seconds):
    return "%.0f ms" % (seconds * 1000) if seconds < 1 else "%.2f s" % seconds


def cmd_svg(data_path, out):
    data = json.load(open(data_path, encoding="utf-8"))
    rows = data["rows"]
    width = 0.26
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "bars.dat")
        with open(dat, "w", encoding="utf-8") as f:
            for s, (tool, _, _) in enumerate(SERIES):
                for i, row in enumerate(rows):
                    x = i + (s - 1) * width
                    v = row["seconds"][tool]
                    f.write('%f %.6f "%s"\n' % (x, v, fmt(v)))
                f.write("\n\n")
        lo = min(r["seconds"][t] for r in rows for t, _, _ in SERIES)
        hi = max(r["seconds"][t] for r in rows for t, _, _ in SERIES)
        xtics = ", ".join('"%s" %d' % (r["label"], i) for i, r in enumerate(rows))
        plots = []
        for s, (tool, title, color) in enumerate(SERIES):
            plots.append("'%s' index %d using 1:2 with boxes lc rgb '%s' title '%s'" % (dat, s, color, title))
            plots.append("'%s' index %d using 1:2:3 with labels offset 0,0.7 font ',10' notitle" % (dat, s))
        script = """
set terminal svg size 860,430 dynamic font 'sans,12' background rgb 'white'
set output '%(out)s'
set title "Will these images pull? Wall time against a registry with token auth over TLS (lower is better)\\n{/*0.8 %(run)s}"
set logscale y
set yrange [%(ymin)f:%(ymax)f]
set ylabel 'seconds (log scale)'
set format y '%%g'
set xrange [-0.6:%(xmax)f]
set xtics (%(xtics)s) scale 0 font ',11'
set boxwidth %(width)f absolute
set style fill solid 0.9 border -1
set grid ytics lc rgb '#d0d7de'
set border 3
set bmargin 4
set tics nomirror
set key top left reverse Left font ',11'
plot %(plots)s
""" % {
            "out": out.replace("'", ""),
            "run": data["run"].replace('"', "'"),
            "ymin": lo / 2,
            "ymax": hi * 6,
            "xmax": len(rows) - 0.4,
            "xtics": xtics,
            "width": width * 0.95,
            "plots": ", ".join(plots),
        }
        subprocess.run(["gnuplot"], input=script, text=True, check=True)


def main():
    a = sys.argv[1:]
    if len(a) == 4 and a[0] == "data":
        cmd_data(a[1], a[2], a[3])
    elif len(a) == 3 and a[0] == "svg":
        cmd_svg(a[1], a[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
