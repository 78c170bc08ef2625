#!/usr/bin/env python3
"""Writes tests/data/moticon_sample.txt: a small, realistic Moticon OpenGo text export.

Written by the secondheart authors from the published export layout (the OpenGo software's text
export as read by Moticon's own open-source reader, github.com/moticon-rego/moticon-opengo,
txt_export.py): '#' metadata lines, a '#'-prefixed tab-separated channel line with units in
brackets, tab-separated rows, empty fields where a side has no data. The walking data are synthetic
(no person was recorded), so the file is ours to license with the repository (MIT).

Ground truth used by the tests (50 Hz, samples on the file's time axis):
  left  IC at 0.60 + 1.10 k s, stance 0.66 s   (k = 0..6)
  right IC at 1.15 + 1.10 k s, stance 0.66 s   (k = 0..5)
  left data start at t = 0.30 s (rows before it have empty left fields).
Cell areas: secondheart.io moticon_default_cell_areas_cm2(); total force = sum(pressure x area),
rounded to 1 N as the export does. Pressure is quantised to 0.25 N/cm² like the device.

Run: python3 tests/data/make_moticon_sample.py > tests/data/moticon_sample.txt
"""

import math

FS = 50.0
DURATION = 8.0
AREAS = [8.5, 8.5, 8.0, 8.0, 7.5, 7.5, 7.0, 7.0, 7.0, 7.0, 6.5, 7.0, 7.0, 6.5, 6.5, 5.5]
GROUPS = {"heel": [0, 1, 2, 3], "mid": [4, 5, 6], "fore": [7, 8, 9, 10, 11, 12, 13], "toe": [14, 15]}
BODY_WEIGHT_N = 700.0
STRIDE, STANCE = 1.10, 0.66
LEFT_IC = [0.60 + STRIDE * k for k in range(7)]
RIGHT_IC = [1.15 + STRIDE * k for k in range(6)]


def stance_force(s):
    """Double-hump vertical force over stance fraction s in [0, 1] (N)."""
    valley = 1.0 - 0.30 * math.exp(-(((s - 0.5) / 0.15) ** 2))
    return 1.15 * BODY_WEIGHT_N * math.sin(math.pi * s) ** 0.6 * valley


def shares(s):
    heel = max(0.0, 1.0 - s / 0.55)
    fore = min(1.0, max(0.0, (s - 0.25) / 0.45))
    toe = max(0.0, (s - 0.6) / 0.4) * 0.6
    mid = 0.25
    total = heel + fore + toe + mid
    return {"heel": heel / total, "mid": mid / total, "fore": fore / total, "toe": toe / total}


def pressures(t, ics):
    p = [0.0] * 16
    for ic in ics:
        if ic <= t < ic + STANCE:
            s = (t - ic) / STANCE
            f = stance_force(s)
            for group, share in shares(s).items():
                cells = GROUPS[group]
                area = sum(AREAS[c] for c in cells)
                for c in cells:
                    p[c] = f * share / area
    # Small unloaded reading on a few cells (the device rarely reads exactly zero) + quantisation.
    return [round((v + (0.25 if c in (0, 4) else 0.0)) * 4) / 4 for c, v in enumerate(p)]


def side_fields(t, ics, side):
    p = pressures(t, ics)
    total = round(sum(pi * a for pi, a in zip(p, AREAS)))
    acc = [-0.19, 0.05, 0.97]
    gyr = [-2.4, -3.3, 2.4]
    cop = [0.0, 0.0] if total == 0 else [-0.05 if side == "left" else 0.05, -0.2]
    return [f"{v:.2f}" for v in p] + [f"{v:.6f}" for v in acc] + [f"{v:.6f}" for v in gyr] + [f"{total:.2f}"] + [
        f"{v:.6f}" for v in cop
    ]


def main():
    channels = ["time"]
    for side in ("left", "right"):
        channels += [f"{side} pressure {i}[N/cm²]" for i in range(1, 17)]
        channels += [f"{side} acceleration {a}[g]" for a in "XYZ"]
        channels += [f"{side} angular {a}[dps]" for a in "XYZ"]
        channels += [f"{side} total force[N]", f"{side} center of pressure X[-0.5...+0.5]",
                     f"{side} center of pressure Y[-0.5...+0.5]"]
    channels += ["right steps[]", "left steps[]"]
    print("# Start time: 25.11.2026 06:30:00.000")
    print("# Duration: 00:08.000")
    print("# Sensor insoles: Left SN0001, Right SN0002")
    print("# Size: 5")
    print("# Recording type: normal")
    print("# Name: secondheart_sample")
    print("# Notes: synthetic walk for reader tests")
    print("# Tag: normal")
    print("# " + "\t".join(channels))
    n = int(DURATION * FS)
    for i in range(n):
        t = i / FS
        left = side_fields(t, LEFT_IC, "left") if t >= 0.30 - 1e-9 else [""] * 25
        right = side_fields(t, RIGHT_IC, "right")
        steps_r = ""
        steps_l = ""
        for ic in RIGHT_IC:
            if abs(t - ic) < 0.5 / FS:
                steps_r = "21"
            if abs(t - (ic + STANCE)) < 0.5 / FS:
                steps_r = "25"
        for ic in LEFT_IC:
            if abs(t - ic) < 0.5 / FS:
                steps_l = "11"
            if abs(t - (ic + STANCE)) < 0.5 / FS:
                steps_l = "15"
        print("\t".join([f"{t:.2f}"] + left + right + [steps_r, steps_l]))


if __name__ == "__main__":
    main()
