#!/usr/bin/env python3
"""Plots bench/scale_bench.sh's scale.tsv as an SVG: latency (ms) against documents, both axes
logarithmic, one line per measure. Standard library only.

    bench/plot_scale.py SCALE_TSV OUT_SVG
"""
import csv
import math
import sys

SERIES = [  # column, label, colour, dashed
    ("top100_p50", "top 100 ids, p50", "#1f77b4", False),
    ("top100_p99", "top 100 ids, p99", "#1f77b4", True),
    ("page10_p50", "10 hits + snippets, p50", "#d62728", False),
    ("page10_p99", "10 hits + snippets, p99", "#d62728", True),
]
WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 200, 30, 50


def decades(lo, hi):
    """Powers of ten covering [lo, hi]."""
    return [10.0 ** e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        sys.exit("plot_scale.py: no rows in " + sys.argv[1])
    docs = [float(r["docs"]) for r in rows]
    values = [float(r[c]) for r in rows for c, *_ in SERIES]
    xs, ys = decades(min(docs), max(docs)), decades(min(values), max(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        lo, hi = math.log10(xs[0]), math.log10(xs[-1])
        return LEFT + (math.log10(x) - lo) / (hi - lo) * plot_w

    def py(y):
        lo, hi = math.log10(ys[0]), math.log10(ys[-1])
        return TOP + plot_h - (math.log10(y) - lo) / (hi - lo) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']
    for x in xs:
        out.append(f'<line x1="{px(x):.1f}" y1="{TOP}" x2="{px(x):.1f}" y2="{TOP + plot_h}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                   f'{int(x):,}</text>')
    for y in ys:
        out.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + plot_w}" y2="{py(y):.1f}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
               'documents</text>')
    out.append(f'<text x="16" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {TOP + plot_h / 2:.1f})">ms per search</text>')
    for i, (column, label, colour, dashed) in enumerate(SERIES):
        points = " ".join(f"{px(float(r['docs'])):.1f},{py(float(r[column])):.1f}" for r in rows)
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        for r in rows:
            out.append(f'<circle cx="{px(float(r["docs"])):.1f}" cy="{py(float(r[column])):.1f}" '
                       f'r="3" fill="{colour}"/>')
        ly = TOP + 10 + 20 * i
        lx = LEFT + plot_w + 15
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 25}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{lx + 32}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
