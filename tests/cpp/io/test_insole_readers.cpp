// Insole readers: gaitpdb (real file when the data root is there, else a written snippet), Moticon
// OpenGo export (tests/data/moticon_sample.txt), generic CSV with column map and units.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "secondheart/io/csv.hpp"
#include "secondheart/io/insole_readers.hpp"
#include "support/data.hpp"

using namespace secondheart;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("secondheart_insole_" + name);
  std::ofstream(path) << text;
  return path.string();
}

std::string gaitpdb_row(double t, double cell_l, double cell_r) {
  std::string row = std::to_string(t);
  for (int i = 0; i < 8; ++i) row += "\t" + std::to_string(cell_l * (i + 1));
  for (int i = 0; i < 8; ++i) row += "\t" + std::to_string(cell_r * (i + 1));
  row += "\t" + std::to_string(cell_l * 36) + "\t" + std::to_string(cell_r * 36) + "\r\n";
  return row;
}

}  // namespace

TEST_CASE("csv: header, delimiter detection, missing values and errors with line numbers") {
  const auto path = write_temp("a.csv", "# comment\ntime;a;b\n0;1;2\n0.01;;4\n0.02;5;6\n");
  const io::CsvTable t = io::read_csv_table(path);
  REQUIRE(t.columns == std::vector<std::string>{"time", "a", "b"});
  REQUIRE(t.rows() == 3);
  CHECK(t.values(2, 1) == 5.0);
  CHECK(std::isnan(t.values(1, 1)));
  CHECK(t.lines == std::vector<std::int64_t>{3, 4, 5});
  CHECK_THROWS_AS(t.column("c"), InvalidArgument);

  const auto bad = write_temp("b.csv", "x,y\n1,2\n3,abc\n");
  try {
    io::read_csv_table(bad);
    FAIL("expected FormatError");
  } catch (const FormatError& e) {
    CHECK(e.line() == 3);
    CHECK(std::string(e.what()).find("abc") != std::string::npos);
  }
  const auto ragged = write_temp("c.csv", "x,y\n1,2\n3\n");
  CHECK_THROWS_AS(io::read_csv_table(ragged), FormatError);
  CHECK_THROWS_AS(io::read_csv_table("/nonexistent/file.csv"), FormatError);
}

TEST_CASE("gaitpdb: columns, rate, cell layout") {
  std::string text;
  for (int i = 0; i < 50; ++i) text += gaitpdb_row(i * 0.01, i < 25 ? 10.0 : 0.0, 5.0);
  const auto path = write_temp("GaXx01_01.txt", text);
  const Session s = io::read_gaitpdb(path);
  REQUIRE(s.insoles.size() == 2);
  CHECK(s.name == "secondheart_insole_GaXx01_01");
  const InsoleRecording& left = *s.insole(Side::Left);
  const InsoleRecording& right = *s.insole(Side::Right);
  CHECK(left.sampling_rate_hz == Approx(100.0));
  REQUIRE(left.cell_count() == 8);
  CHECK(left.cell_force_n(3, 7) == Approx(80.0));  // L8 = 8 × 10 N
  CHECK(right.cell_force_n(40, 0) == Approx(5.0));
  CHECK(left.total()[0] == Approx(360.0));
  // Heel sensor at 10 %, toe sensor at 90 % of the foot; lateral cells (2, 4, 6) outward.
  CHECK(left.cell_position_m(0, 0) == Approx(0.026));
  CHECK(left.cell_position_m(7, 0) == Approx(0.234));
  CHECK(left.cell_position_m(1, 1) > 0);   // L2 lateral = left of the left foot
  CHECK(right.cell_position_m(1, 1) < 0);  // R2 lateral = right of the right foot
  CHECK(left.cell_position_m(2, 1) == Approx(-right.cell_position_m(2, 1)));

  const auto bad = write_temp("bad_gaitpdb.txt", gaitpdb_row(0, 1, 1) + "0.01\t1\t2\r\n");
  try {
    io::read_gaitpdb(bad);
    FAIL("expected FormatError");
  } catch (const FormatError& e) {
    CHECK(e.line() == 2);
  }
  const auto short_file = write_temp("short_gaitpdb.txt", "0\t1\t2\t3\n");
  CHECK_THROWS_AS(io::read_gaitpdb(short_file), FormatError);
}

TEST_CASE("gaitpdb: a real Ga file", "[data]") {
  const fs::path path = test::dataset_path("physionet_gaitpdb/dev/GaCo01_01.txt");
  if (path.empty()) return;
  const Session s = io::read_gaitpdb(path.string());
  REQUIRE(s.insoles.size() == 2);
  CHECK(s.insoles[0].size() == 12119);
  // First row of the file: L1 = 199.1 N, total L = 662.2 N (columns 2 and 18).
  CHECK(s.insoles[0].cell_force_n(0, 0) == Approx(199.1));
  CHECK(s.insoles[0].total()[0] == Approx(662.2));
  CHECK(s.insoles[1].total()[0] == Approx(748.0));
}

TEST_CASE("moticon: OpenGo text export sample") {
  const std::string path = std::string(SECONDHEART_SOURCE_DIR) + "/tests/data/moticon_sample.txt";
  const Session s = io::read_moticon(path);
  REQUIRE(s.insoles.size() == 2);
  CHECK(s.name == "secondheart_sample");
  const InsoleRecording& left = *s.insole(Side::Left);
  CHECK(left.sampling_rate_hz == Approx(50.0));
  REQUIRE(left.cell_count() == 16);
  CHECK(left.foot_length_m == Approx(io::moticon_foot_length_m(5)));
  CHECK(left.foot_length_m > 0.24);
  CHECK(left.foot_length_m < 0.28);
  // Left data start at 0.30 s: rows 0..14 are gaps.
  CHECK(std::isnan(left.cell_force_n(14, 0)));
  CHECK(std::isfinite(left.cell_force_n(15, 0)));
  // Row t = 0.80 s (index 40): left pressure 1 = 11.50 N/cm² × 8.5 cm².
  CHECK(left.cell_force_n(40, 0) == Approx(11.5 * 8.5));
  CHECK(left.total_force_n[40] == Approx(675.0));
  // The export's total is the area-weighted pressure sum (to the 0.25 N/cm² quantisation).
  CHECK(left.cell_force_n.row(40).sum() == Approx(675.0).margin(1.0));
  const auto areas = io::moticon_default_cell_areas_cm2();
  CHECK(areas.size() == 16);
  io::MoticonOptions wrong;
  wrong.cell_area_cm2 = {1.0, 2.0};
  CHECK_THROWS_AS(io::read_moticon(path, wrong), InvalidArgument);
}

TEST_CASE("moticon: wrong unit and missing header are format errors") {
  std::string text = "# Name: x\n# time\tleft pressure 1[kPa]\tleft total force[N]\n0.00\t1\t2\n0.01\t1\t2\n";
  CHECK_THROWS_AS(io::read_moticon(write_temp("m1.txt", text)), FormatError);
  CHECK_THROWS_AS(io::read_moticon(write_temp("m2.txt", "0.00\t1\t2\n")), FormatError);
}

TEST_CASE("insole csv: column map, pressure units and unit sanity") {
  std::string text = "t_ms,h,f,tot\n";
  for (int i = 0; i < 200; ++i) {
    const bool loaded = (i / 50) % 2 == 0;
    text += std::to_string(i * 10) + "," + (loaded ? "30" : "0") + "," + (loaded ? "20" : "0") + "," +
            (loaded ? "500" : "0") + "\n";
  }
  const auto path = write_temp("c.csv", text);
  io::InsoleCsvSpec spec;
  spec.time_column = "t_ms";
  spec.time_scale_to_s = 0.001;
  spec.unit = io::InsoleUnit::NewtonPerCm2;
  io::InsoleColumns cols;
  cols.cells = {"h", "f"};
  cols.total = "tot";
  cols.cell_area_cm2 = {10.0, 12.0};
  spec.left = cols;
  const Session s = io::read_insole_csv(path, spec);
  REQUIRE(s.insoles.size() == 1);
  const InsoleRecording& rec = s.insoles[0];
  CHECK(rec.sampling_rate_hz == Approx(100.0));
  CHECK(rec.cell_force_n(0, 0) == Approx(300.0));  // 30 N/cm² × 10 cm²
  CHECK(rec.cell_force_n(0, 1) == Approx(240.0));
  CHECK(rec.total()[0] == Approx(500.0));

  // kPa: 300 kPa = 30 N/cm².
  spec.unit = io::InsoleUnit::Kilopascal;
  spec.left->cells = {"tot", "h"};
  CHECK(io::read_insole_csv(path, spec).insoles[0].cell_force_n(0, 0) == Approx(500.0 * 0.1 * 10.0));
  // Pressure without areas.
  spec.left->cell_area_cm2.clear();
  CHECK_THROWS_AS(io::read_insole_csv(path, spec), InvalidArgument);
  // Declared newtons, but the values are kN-sized: caught by the magnitude check.
  spec.unit = io::InsoleUnit::Newton;
  spec.left->cells = {"h"};
  spec.left->total.clear();
  std::string small = "t,h\n";
  for (int i = 0; i < 100; ++i) small += std::to_string(i * 0.01) + "," + ((i / 25) % 2 ? "0.4" : "0.0") + "\n";
  CHECK_THROWS_AS(io::read_insole_csv(write_temp("d.csv", small), [&] {
                    auto sp = spec;
                    sp.time_column = "t";
                    sp.time_scale_to_s = 1.0;
                    return sp;
                  }()),
                  InvalidArgument);
  // Unknown column.
  spec.left->cells = {"nope"};
  CHECK_THROWS_AS(io::read_insole_csv(path, spec), InvalidArgument);
}

TEST_CASE("moticon: event label columns are free text") {
  std::string header = "# Name: ev\n# time";
  for (int i = 1; i <= 16; ++i) header += "\tleft pressure " + std::to_string(i) + "[N/cm²]";
  header += "\tleft total force[N]\tMy Events label[]\tMy Events[]\n";
  std::string text = header;
  for (int r = 0; r < 200; ++r) {
    const bool loaded = (r / 40) % 2 == 0;
    text += std::to_string(r * 0.01);
    for (int i = 0; i < 16; ++i) text += loaded ? "\t5.00" : "\t0.00";
    text += loaded ? "\t560" : "\t0";
    text += r == 50 ? "\tstart walk\t1\n" : "\t\t\n";
  }
  const fs::path path = fs::temp_directory_path() / "secondheart_insole_moticon_events.txt";
  std::ofstream(path) << text;
  const Session s = io::read_moticon(path.string());
  REQUIRE(s.insoles.size() == 1);
  CHECK(s.insoles[0].total_force_n[0] == Approx(560.0));
  CHECK(s.insoles[0].cell_force_n(0, 0) == Approx(5.0 * io::moticon_default_cell_areas_cm2()[0]));
}
