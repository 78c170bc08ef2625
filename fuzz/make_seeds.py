#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/<harness>/ (docs/hardening.md; sources and licences in
fuzz/corpus/README.md). Each seed is a few KB: text excerpts for the readers, and for the pipelines
the sample encoding of fuzz/harness.hpp (rate code, option bytes, then int16 little-endian samples).

Only MIT / ODC-By data and files written for this project are used: never the AGPL/GPL sets
(voisard_healthy_imu, nonan_gaitprint). Run from the repository root:
    python3 fuzz/make_seeds.py   [data root: $SECONDHEART_DATA, default ../shared/data]
"""
import csv
import json
import os
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SECONDHEART_DATA", ROOT.parent / "shared" / "data"))
CORPUS = ROOT / "fuzz" / "corpus"
BUNDLED = ROOT / "python" / "secondheart" / "data"

# fuzz/harness.hpp: full scales of the 16-bit samples and the rate codes of sampling_rate_from.
ACC, GYR, FORCE = 160.0, 2000.0, 2000.0
RATE_CODE = {100.0: 0, 102.4: 1, 204.8: 2, 50.0: 3}
SEPARATOR = "\n--8<--\n"  # fuzz::voisard_separator


def write(harness, name, content):
    folder = CORPUS / harness
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode() if isinstance(content, str) else content
    (folder / name).write_bytes(data)
    print(f"{harness}/{name}: {len(data)} bytes")


def head(path, lines):
    with open(path, newline="") as f:
        return "".join(next(f) for _ in range(lines))


def int16(value, full_scale):
    raw = round(value / full_scale * 32768.0)
    return max(-32765, min(32765, raw))  # clear of the NaN/inf/huge codes


def samples(rows):
    """rows: lists of (value, full_scale) -> int16 little-endian bytes."""
    return b"".join(struct.pack("<h", int16(v, s)) for row in rows for v, s in row)


def imu6(values):
    return [(v, ACC) for v in values[:3]] + [(v, GYR) for v in values[3:]]


def gaitmap_feet(first, count, step):
    """gaitmap imu_sample.csv (FSF, 204.8 Hz) rows first.. every `step`: (left six, right six)."""
    with open(DATA / "gaitmap_example" / "imu_sample.csv", newline="") as f:
        rows = list(csv.reader(f))[2:]
    out = []
    for r in rows[first : first + count * step : step]:
        v = [float(x) for x in r[1:]]
        out.append((v[0::2], v[1::2]))  # columns alternate left, right per axis
    return out


def movingreality(first, count, step):
    """MovingReality pp07 excerpt (100 Hz): dict column -> values."""
    with open(BUNDLED / "movingreality_pp07_1Reg_first45s.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[first : first + count * step : step]


def mr_six(row, side, segment):
    return [float(row[f"{side}_{segment}_{k}_{a}_{u}"]) for k, u in (("acc", "mps2"), ("gyr", "dps")) for a in "xyz"]


def gaitpdb_rows(count):
    with open(BUNDLED / "gaitpdb_GaCo05_01_first40s.txt") as f:
        return [[float(x) for x in line.split()] for _, line in zip(range(count), f)]


def readers():
    gaitpdb_file = BUNDLED / "gaitpdb_GaCo05_01_first40s.txt"
    write("gaitpdb", "GaCo05_01_first30rows.txt", head(gaitpdb_file, 30))
    write("moticon", "moticon_sample_head.txt", head(ROOT / "tests" / "data" / "moticon_sample.txt", 16))
    gaitmap = DATA / "gaitmap_example"
    write("gaitmap_csv", "imu_sample_head.csv", head(gaitmap / "imu_sample.csv", 14))
    write("gaitmap_csv", "imu_sample_ic_stride_head.csv", head(gaitmap / "imu_sample_ic_stride.csv", 14))
    write("gaitmap_csv", "gaitmap_truncated.csv", (ROOT / "tests" / "data" / "imu" / "gaitmap_truncated.csv").read_text())
    write("gaitmap_strides", "stride_events_head.csv", head(gaitmap / "stride_events_sample.csv", 8))
    write("gaitmap_strides", "stride_borders_head.csv", head(gaitmap / "stride_borders_sample.csv", 8))
    imu = ROOT / "tests" / "data" / "imu"  # hand-written Voisard-format files (tests/data/imu/README.md)
    for trial in ("voisard_mini", "voisard_backwards"):
        parts = [(imu / f"{trial}{suffix}").read_text() for suffix in (".json", "_lf.txt", "_rf.txt")]
        write("voisard", f"{trial}.txt", SEPARATOR.join(parts))
    write("voisard_json", "voisard_mini.json", (imu / "voisard_mini.json").read_text())
    write("movingreality", "pp07_1Reg_head.csv", head(BUNDLED / "movingreality_pp07_1Reg_first45s.csv", 10))
    # Generic IMU CSV (harness columns time, ax..gz): the left foot of the gaitmap sample, time in s.
    lines = ["time,ax,ay,az,gx,gy,gz"]
    for i, (left, _) in enumerate(gaitmap_feet(400, 24, 1)):
        lines.append(",".join([f"{i / 204.8:.6f}"] + [f"{v:.4f}" for v in left]))
    write("imu_csv", "gaitmap_left_foot.csv", "\n".join(lines) + "\n")
    write("csv", "gaitmap_left_foot.csv", "\n".join(lines[:12]) + "\n")
    write("csv", "semicolon_decimal_comma.csv", "# comment\nt;a;b\n0;1,5;2\n0.01;NaN;\n")
    # Generic insole CSV (harness columns time, l1..l4, r1..r4): gaitpdb cells 1-4 of each foot.
    lines = ["time,l1,l2,l3,l4,r1,r2,r3,r4"]
    for r in gaitpdb_rows(24):
        lines.append(",".join(f"{v:g}" for v in [r[0]] + r[1:5] + r[9:13]))
    write("insole_csv", "gaitpdb_cells_1_to_4.csv", "\n".join(lines) + "\n")
    write("norms", "force_plate_test_norms.json", (ROOT / "tests" / "data" / "norms" / "force_plate_test_norms.json").read_text())
    norms = json.loads((ROOT / "norms" / "push_off_norms.json").read_text())
    norms["features"] = [f for f in norms["features"] if f["source"] == "foot_imu"][:3]
    kept = {f["name"] for f in norms["features"]}
    norms["correlations"] = [c for c in norms["correlations"] if set(c["features"]) <= kept][:1]
    write("norms", "push_off_norms_three_features.json", json.dumps(norms, separators=(",", ":")))


def pipelines():
    # foot_imu byte 1: bit 0 left, 1 right, 2 segment frame, 3 keep_segment_signals.
    feet = gaitmap_feet(400, 420, 2)  # 4.1 s at 102.4 Hz from just before the first stride
    write("foot_imu", "gaitmap_left_102Hz.bin", bytes([RATE_CODE[102.4], 0b1101]) + samples(imu6(l) for l, _ in feet))
    both = feet[:310]
    write("foot_imu", "gaitmap_both_102Hz.bin",
          bytes([RATE_CODE[102.4], 0b1111]) + samples(imu6(l) + imu6(r) for l, r in both))
    # ankle byte 1: bits 0-3 foot L, foot R, shank L, shank R.
    mr = movingreality(500, 400, 1)
    write("ankle", "movingreality_left_shank_100Hz.bin",
          bytes([RATE_CODE[100.0], 0b0100]) + samples(imu6(mr_six(r, "left", "shank")) for r in mr))
    mr50 = movingreality(500, 200, 2)
    write("ankle", "movingreality_left_foot_shank_50Hz.bin",
          bytes([RATE_CODE[50.0], 0b0101]) + samples(imu6(mr_six(r, "left", "foot")) + imu6(mr_six(r, "left", "shank")) for r in mr50))
    # insole byte 1: bit 0 left, 1 right, bits 2-4 cells - 1, bit 5 totals. gaitpdb: L1..L8 R1..R8 totals.
    pdb = gaitpdb_rows(400)
    write("insole", "gaitpdb_left_8cells.bin",
          bytes([RATE_CODE[100.0], 0b1 | (7 << 2)]) + samples([(v, FORCE) for v in r[1:9]] for r in pdb))
    write("insole", "gaitpdb_totals_both.bin",
          bytes([RATE_CODE[100.0], 0b11]) + samples([(r[17], FORCE), (r[18], FORCE)] for r in pdb))
    # analyze byte 1: bits 0-3 IMUs, 4-5 insoles, 6 segment frame; byte 2: options (0 = defaults).
    write("analyze", "gaitmap_left_foot.bin", bytes([RATE_CODE[102.4], 0b1000001, 0]) + samples(imu6(l) for l, _ in feet))
    write("analyze", "gaitpdb_totals_both.bin",
          bytes([RATE_CODE[100.0], 0b110000, 0]) + samples([(r[17], FORCE), (r[18], FORCE)] for r in pdb))
    write("analyze", "movingreality_left_foot_shank_50Hz.bin",
          bytes([RATE_CODE[50.0], 0b0101, 0]) + samples(imu6(mr_six(r, "left", "foot")) + imu6(mr_six(r, "left", "shank")) for r in mr50))


if __name__ == "__main__":
    readers()
    pipelines()
