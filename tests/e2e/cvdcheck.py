#!/usr/bin/env python3
"""Ratings' colours stay apart for readers with colour-blindness.

Usage: cvdcheck.py TEMPLATE MIN_DELTA_E
Simulates protanopia, deuteranopia and tritanopia (Machado, Oliveira and
Fernandes 2009, severity 1) on the template's rating colours and checks that
every pair stays at least MIN_DELTA_E apart (CIE76 in CIELAB, D65), as seen
normally too. Prints the pairs that do not and exits 1.
"""
import itertools
import json
import sys

MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868],
                   [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968],
                     [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779],
                   [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}
RATINGS = ["completed", "green", "amber", "red", "grey", "not_started",
           "cancelled"]


def to_linear(c):
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def to_srgb(c):
    c = min(max(c, 0.0), 1.0)
    return 255.0 * (12.92 * c if c <= 0.0031308 else
                    1.055 * c ** (1 / 2.4) - 0.055)


def simulate(rgb, kind):
    if kind == "normal":
        return rgb
    lin = [to_linear(c) for c in rgb]
    m = MACHADO[kind]
    return [to_srgb(sum(m[r][k] * lin[k] for k in range(3)))
            for r in range(3)]


def lab(rgb):
    r, g, b = [to_linear(c) for c in rgb]
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def main():
    palette = json.load(open(sys.argv[1], encoding="utf-8"))["palette"]
    least = float(sys.argv[2])
    bad = 0
    for kind in ["normal"] + list(MACHADO):
        seen = {}
        for name in RATINGS:
            h = palette[name].lstrip("#")
            rgb = [float(int(h[i:i + 2], 16)) for i in (0, 2, 4)]
            seen[name] = lab(simulate(rgb, kind))
        for a, b in itertools.combinations(RATINGS, 2):
            d = sum((p - q) ** 2 for p, q in zip(seen[a], seen[b])) ** 0.5
            if d < least:
                print(f"{kind}: {a} and {b} only {d:.1f} apart")
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
