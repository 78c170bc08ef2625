// IMU readers on hand-written files: layouts, units, gaps on the sample grid, and malformed input
// (FormatError with file and line, never a crash). Real recordings: test_imu_datasets.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "secondheart/io/imu_readers.hpp"

using namespace secondheart;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "secondheart_imuio";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string data_file(const std::string& name) {
  return (fs::path(SECONDHEART_SOURCE_DIR) / "tests" / "data" / "imu" / name).string();
}

/// Walking-like sample k of a foot IMU in m/s² and deg/s (gravity on z, 1 Hz swing on gyr y).
std::array<double, 6> sample(Index k, double fs) {
  const double t = static_cast<double>(k) / fs;
  const double s = std::sin(2 * M_PI * t);
  return {2.0 * s, 0.5, 9.81 + 4.0 * s, 10.0 * s, 300.0 * s, -20.0 * s};
}

/// Expects FormatError whose line is `line` and whose message contains `part`.
template <typename F>
void require_format_error(F&& f, std::int64_t line, const std::string& part) {
  try {
    f();
    FAIL("expected FormatError mentioning '" << part << "'");
  } catch (const FormatError& e) {
    INFO(e.what());
    CHECK(e.line() == line);
    CHECK(std::string(e.what()).find(part) != std::string::npos);
    CHECK(!e.file().empty());
  }
}

std::string gaitmap_two_sensor(Index n, double fs, const std::vector<Index>& skip = {}) {
  std::ostringstream out;
  out << "sensor,left_sensor,right_sensor,left_sensor,right_sensor,left_sensor,right_sensor,left_sensor,right_sensor,"
         "left_sensor,right_sensor,left_sensor,right_sensor\n";
  out << "axis,acc_x,acc_x,acc_y,acc_y,acc_z,acc_z,gyr_x,gyr_x,gyr_y,gyr_y,gyr_z,gyr_z\n";
  for (Index k = 0; k < n; ++k) {
    if (std::find(skip.begin(), skip.end(), k) != skip.end()) continue;
    const auto v = sample(k, fs);
    out << k;
    for (int a = 0; a < 6; ++a) out << "," << v[static_cast<std::size_t>(a)] << "," << -v[static_cast<std::size_t>(a)] + (a == 2 ? 2 * 9.81 + 8.0 * std::sin(2 * M_PI * static_cast<double>(k) / fs) : 0.0);
    out << "\n";
  }
  return out.str();
}

}  // namespace

TEST_CASE("gaitmap csv: two sensors, index in samples, declared rate, FSF read as segment frame") {
  const auto path = write_temp("two.csv", gaitmap_two_sensor(300, 100.0));
  io::GaitmapCsvOptions options;
  options.sampling_rate_hz = 100.0;
  const Session s = io::read_gaitmap_csv(path, options);
  REQUIRE(s.imus.size() == 2);
  const ImuRecording& left = s.imus[0];
  const ImuRecording& right = s.imus[1];
  CHECK(left.side == Side::Left);
  CHECK(right.side == Side::Right);
  CHECK(left.placement == Placement::Foot);
  CHECK(left.frame == AxesFrame::Segment);
  CHECK(left.sampling_rate_hz == 100.0);
  REQUIRE(left.size() == 300);
  const auto v = sample(37, 100.0);
  CHECK(left.acc_mps2(37, 0) == Approx(v[0]));
  CHECK(left.acc_mps2(37, 2) == Approx(v[2]));
  CHECK(left.gyr_dps(37, 1) == Approx(v[4]));
  CHECK(right.gyr_dps(37, 1) == Approx(-v[4]));
  CHECK(s.name == "two");
}

TEST_CASE("gaitmap csv: missing sample numbers become NaN rows, not compressed time") {
  const auto path = write_temp("gap.csv", gaitmap_two_sensor(300, 100.0, {100, 101, 102}));
  io::GaitmapCsvOptions options;
  options.sampling_rate_hz = 100.0;
  const Session s = io::read_gaitmap_csv(path, options);
  const ImuRecording& left = s.imus[0];
  REQUIRE(left.size() == 300);
  CHECK(std::isnan(left.acc_mps2(100, 0)));
  CHECK(std::isnan(left.gyr_dps(102, 2)));
  CHECK(left.gyr_dps(103, 1) == Approx(sample(103, 100.0)[4]));
}

TEST_CASE("gaitmap csv: single-sensor layout and index in seconds (rate from the data)") {
  std::ostringstream out;
  out.precision(12);
  out << ",index,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n";
  const double fs = 204.8;
  for (Index k = 0; k < 400; ++k) {
    const auto v = sample(k, fs);
    out << static_cast<double>(k) / fs << "," << 23000 + k;
    for (double x : v) out << "," << x;
    out << "\n";
  }
  const auto path = write_temp("single.csv", out.str());
  io::GaitmapCsvOptions options;
  options.side = Side::Right;
  const Session s = io::read_gaitmap_csv(path, options);
  REQUIRE(s.imus.size() == 1);
  CHECK(s.imus[0].side == Side::Right);
  CHECK(s.imus[0].sampling_rate_hz == Approx(204.8).epsilon(1e-9));
  options.sampling_rate_hz = 100.0;  // contradicts the time column
  require_format_error([&] { io::read_gaitmap_csv(path, options); }, 2, "declared");
}

TEST_CASE("gaitmap csv: malformed files name the file and line") {
  const std::string head =
      "sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor,left_sensor\n"
      "axis,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\n";
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m1.csv", head + "0,1,2,9.8,0,0,0\n1,1,2,abc,0,0,0\n")); },
                       4, "abc");
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m2.csv", head + "0,1,2,9.8,0,0,0\n1,1,2,9.8,0,0\n")); }, 4,
                       "fields");
  require_format_error(
      [&] { io::read_gaitmap_csv(write_temp("m3.csv", head + "0,1,2,9.8,0,0,0\n2,1,2,9.8,0,0,0\n1,1,2,9.8,0,0,0\n")); }, 5,
      "increasing");
  require_format_error(
      [&] {
        io::read_gaitmap_csv(write_temp("m4.csv", "sensor,left_sensor,left_sensor\naxis,acc_x,acc_y\n0,1,2\n"));
      },
      2, "acc_z");
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m5.csv", "")); }, 0, "empty");
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m6.csv", head)); }, 2, "no data");
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m7.csv", head + "0,1,2,9.8,0,inf,0\n1,1,2,9.8,0,0,0\n")); },
                       3, "finite");
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m8.csv", head + "0,1,2,1e300,0,0,0\n1,1,2,9.8,0,0,0\n")); },
                       3, "acceleration");
  require_format_error([&] { io::read_gaitmap_csv(write_temp("m9.csv", head + "0,1,2,9.8,0,0,0\n1e12,1,2,9.8,0,0,0\n")); },
                       4, "grid");
  require_format_error([&] { io::read_gaitmap_csv("/nonexistent/imu.csv"); }, 0, "cannot open");
}

TEST_CASE("gaitmap strides: events per side, tc is toe-off, errors with lines") {
  const auto path = write_temp("strides.csv",
                               "s_id,foot,start,end,ic,tc,min_vel,pre_ic\n"
                               "0,left,494.0,709.0,657.0,586.0,494.0,438.0\n"
                               "1,left,709.0,924.0,877.0,803.0,709.0,657.0\n"
                               "2,right,600.0,820.0,760.0,690.0,600.0,540.0\n");
  const io::GaitmapStrideList list = io::read_gaitmap_strides(path, 204.8);
  REQUIRE(list.strides.size() == 3);
  CHECK(list.strides[1].fc == 803);
  CHECK(list.strides[2].side == Side::Right);
  const auto events = list.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].side == Side::Left);
  CHECK(events[0].ic == std::vector<Index>{438, 657, 877});
  CHECK(events[0].fc == std::vector<Index>{586, 803});
  CHECK(events[0].ms == std::vector<Index>{494, 709});
  CHECK(events[1].ic == std::vector<Index>{540, 760});
  CHECK(events[0].sampling_rate_hz == 204.8);

  const auto borders = io::read_gaitmap_strides(write_temp("borders.csv", "s_id,foot,start,end,gsd_id\n0,left,364,584,1\n"));
  REQUIRE(borders.strides.size() == 1);
  CHECK(borders.strides[0].ic == -1);
  CHECK(borders.events()[0].ic.empty());

  require_format_error(
      [&] { io::read_gaitmap_strides(write_temp("s1.csv", "s_id,foot,start,end\n0,left,1,5\n1,middle,5,9\n")); }, 3,
      "left");
  require_format_error([&] { io::read_gaitmap_strides(write_temp("s2.csv", "s_id,foot,start,end\n0,left,9,5\n")); }, 2,
                       "start < end");
  require_format_error([&] { io::read_gaitmap_strides(write_temp("s3.csv", "s_id,foot,start,end\n0,left,1.5,5\n")); }, 2,
                       "whole");
  require_format_error([&] { io::read_gaitmap_strides(write_temp("s4.csv", "s_id,foot,start\n0,left,1\n")); }, 1, "end");
  CHECK_THROWS_AS(io::read_gaitmap_strides(path, 0.0), InvalidArgument);
}

TEST_CASE("movingreality: sensor groups, NaN samples stay NaN, subject passed through") {
  std::ostringstream out;
  out << "time_s";
  for (const char* s : {"left_foot", "right_foot", "right_shank"})
    for (const char* c : {"acc_x_mps2", "acc_y_mps2", "acc_z_mps2", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps"})
      out << "," << s << "_" << c;
  out << "\n";
  for (Index k = 0; k < 200; ++k) {
    out << static_cast<double>(k) / 100.0;
    const auto v = sample(k, 100.0);
    for (int s = 0; s < 3; ++s)
      for (double x : v) out << "," << (k == 50 && s == 2 ? std::string("NaN") : std::to_string(x));
    out << "\n";
  }
  SubjectInfo subject;
  subject.body_mass_kg = 68.0;
  const Session s = io::read_movingreality(write_temp("pp99_1Reg.csv", out.str()), subject);
  REQUIRE(s.imus.size() == 3);
  CHECK(s.name == "pp99_1Reg");
  CHECK(s.subject.body_mass_kg == 68.0);
  const ImuRecording* shank = s.imu(Placement::Shank, Side::Right);
  REQUIRE(shank != nullptr);
  CHECK(s.imu(Placement::Shank, Side::Left) == nullptr);
  CHECK(shank->sampling_rate_hz == 100.0);
  CHECK(std::isnan(shank->gyr_dps(50, 1)));
  CHECK(shank->gyr_dps(51, 1) == Approx(sample(51, 100.0)[4]).margin(1e-4));
  CHECK(s.imu(Placement::Foot, Side::Left)->frame == AxesFrame::Sensor);

  require_format_error([&] { io::read_movingreality(write_temp("mr1.csv", "time_s,left_foot_acc_x_mps2\n0,1\n0.01,1\n")); },
                       1, "left_foot_acc_y_mps2");
  require_format_error([&] { io::read_movingreality(write_temp("mr2.csv", "time_s,x\n0,1\n0.01,1\n")); }, 1, "found none");
}

TEST_CASE("generic imu csv: column map, declared units converted, time gaps, delimiter detection") {
  std::ostringstream out;
  out << "t_ms;ax;ay;az;gx;gy;gz\n";
  for (Index k = 0; k < 500; ++k) {
    if (k == 200) continue;  // one dropped sample
    const auto v = sample(k, 50.0);
    out << k * 20;
    for (int a = 0; a < 3; ++a) out << ";" << v[static_cast<std::size_t>(a)] / standard_gravity_mps2;  // g
    for (int a = 3; a < 6; ++a) out << ";" << v[static_cast<std::size_t>(a)] / rad_to_deg;             // rad/s
    out << "\n";
  }
  const auto path = write_temp("generic.csv", out.str());
  io::ImuCsvSpec spec;
  spec.time_column = "t_ms";
  spec.time_scale_to_s = 0.001;
  spec.sensors.push_back({Side::Right, Placement::Shank, {"ax", "ay", "az"}, {"gx", "gy", "gz"}});
  spec.units.acc = AccUnit::StandardGravity;
  spec.units.gyro = GyroUnit::RadiansPerSecond;
  const Session s = io::read_imu_csv(path, spec);
  REQUIRE(s.imus.size() == 1);
  const ImuRecording& rec = s.imus[0];
  CHECK(rec.side == Side::Right);
  CHECK(rec.placement == Placement::Shank);
  CHECK(rec.sampling_rate_hz == 50.0);
  REQUIRE(rec.size() == 500);
  CHECK(std::isnan(rec.acc_mps2(200, 2)));
  CHECK(rec.acc_mps2(201, 2) == Approx(sample(201, 50.0)[2]).epsilon(1e-5));
  CHECK(rec.gyr_dps(201, 1) == Approx(sample(201, 50.0)[4]).epsilon(1e-5));

  // The same file without declared units: the checks name the likely unit.
  spec.units = {};
  try {
    io::read_imu_csv(path, spec);
    FAIL("expected InvalidArgument");
  } catch (const InvalidArgument& e) {
    CHECK(std::string(e.what()).find("looks like g") != std::string::npos);
    CHECK(std::string(e.what()).find("generic.csv") != std::string::npos);
  }
  spec.units.acc = AccUnit::StandardGravity;
  try {
    io::read_imu_csv(path, spec);
    FAIL("expected InvalidArgument");
  } catch (const InvalidArgument& e) {
    CHECK(std::string(e.what()).find("rad/s") != std::string::npos);
  }

  // Unknown column, no sensor, no rate, duplicate placement: InvalidArgument.
  io::ImuCsvSpec bad = spec;
  bad.sensors[0].gyr[2] = "gq";
  CHECK_THROWS_AS(io::read_imu_csv(path, bad), InvalidArgument);
  bad = spec;
  bad.sensors.clear();
  CHECK_THROWS_AS(io::read_imu_csv(path, bad), InvalidArgument);
  bad = spec;
  bad.time_column.clear();
  CHECK_THROWS_AS(io::read_imu_csv(path, bad), InvalidArgument);
  bad = spec;
  bad.sensors.push_back(spec.sensors[0]);
  CHECK_THROWS_AS(io::read_imu_csv(path, bad), InvalidArgument);
}

TEST_CASE("generic imu csv: fixed rate without time, whitespace delimiter, bad time axes") {
  io::ImuCsvSpec spec;
  spec.sampling_rate_hz = 100.0;
  spec.sensors.push_back({Side::Left, Placement::Foot, {"ax", "ay", "az"}, {"gx", "gy", "gz"}});
  std::ostringstream out;
  out << "ax ay az gx gy gz\n";
  for (Index k = 0; k < 300; ++k) {
    const auto v = sample(k, 100.0);
    for (double x : v) out << x << "   ";
    out << "\n";
  }
  const Session s = io::read_imu_csv(write_temp("ws.txt", out.str()), spec);
  REQUIRE(s.imus[0].size() == 300);
  CHECK(s.imus[0].gyr_dps(25, 1) == Approx(300.0).margin(1e-3));

  io::ImuCsvSpec timed = spec;
  timed.sampling_rate_hz = 0.0;
  timed.time_column = "t";
  const std::string head = "t,ax,ay,az,gx,gy,gz\n";
  const std::string row = ",0,0,9.81,0,0,0\n";
  require_format_error([&] { io::read_imu_csv(write_temp("t1.csv", head + "0" + row + "0.01" + row + "0.01" + row), timed); },
                       4, "increasing");
  require_format_error(
      [&] { io::read_imu_csv(write_temp("t2.csv", head + "0" + row + "0.01" + row + "0.02" + row + "0.0351" + row + "0.04" + row), timed); },
      5, "grid");
  require_format_error([&] { io::read_imu_csv(write_temp("t3.csv", head + "0" + row + "nan" + row), timed); }, 3, "finite");
  require_format_error([&] { io::read_imu_csv(write_temp("t4.csv", head + "0" + row), timed); }, 2, "at least 2");
}

TEST_CASE("checked-in edge-case files") {
  // tests/data/imu: hand-written files (see the README there).
  require_format_error([&] { io::read_gaitmap_csv(data_file("gaitmap_truncated.csv")); }, 6, "fields");
  require_format_error([&] { io::read_gaitmap_csv(data_file("gaitmap_text_cell.csv")); }, 5, "n/a?");
  require_format_error([&] { io::read_voisard(data_file("voisard_backwards")); }, 6, "backwards");
  require_format_error([&] { io::read_voisard(data_file("voisard_badjson.json")); }, 3, "invalid JSON");
  // Found by the voisard_json fuzz harness: a number beyond a double used to escape as nlohmann's out_of_range.
  require_format_error([&] { io::read_voisard(data_file("voisard_fuzz_number_overflow.json")); }, 0,
                       "expected numbers within the range of a double");

  // A valid mini trial: one dropped packet (NaN), one repeated counter (first row kept), gyro in rad/s.
  const io::ImuFileContents trial = io::read_voisard(data_file("voisard_mini_lf.txt"));
  REQUIRE(trial.session.imus.size() == 2);
  const ImuRecording& left = trial.session.imus[0];
  CHECK(trial.session.name == "voisard_mini");
  CHECK(left.sampling_rate_hz == 100.0);
  REQUIRE(left.size() == 8);  // packets 0..7, packet 4 dropped
  CHECK(std::isnan(left.acc_mps2(4, 0)));
  CHECK(left.acc_mps2(3, 0) == Approx(5.0));  // the first of the two rows with counter 3
  CHECK(left.gyr_dps(5, 1) == Approx(1.0 * rad_to_deg));
  CHECK(trial.missing_samples == std::vector<Index>{1, 0});
  CHECK(trial.duplicate_rows == std::vector<Index>{1, 0});
  CHECK(trial.session.subject.age_years == 49.0);
  CHECK(trial.session.subject.height_m == Approx(1.75));
  CHECK_FALSE(trial.session.subject.body_mass_kg.has_value());  // NaN in the JSON
  REQUIRE(trial.reference_events.size() == 2);
  CHECK(trial.reference_events[0].fc == std::vector<Index>{1, 5});
  CHECK(trial.reference_events[0].ic == std::vector<Index>{3, 7});
  REQUIRE(trial.walks.size() == 1);
  CHECK(trial.walks[0].begin == 0);
  CHECK(trial.walks[0].end == 8);
  CHECK(trial.turns[0].begin == 4);
}

TEST_CASE("fuzz: truncated files and random bytes never crash, only FormatError") {
  const std::string good = gaitmap_two_sensor(40, 100.0);
  std::mt19937 rng(7);
  int format_errors = 0, parsed = 0;
  for (std::size_t cut = 0; cut < good.size(); cut += 97) {
    const auto path = write_temp("cut.csv", good.substr(0, cut));
    try {
      io::GaitmapCsvOptions o;
      o.sampling_rate_hz = 100.0;
      io::read_gaitmap_csv(path, o);
      ++parsed;
    } catch (const FormatError&) {
      ++format_errors;
    }
  }
  CHECK(format_errors > 0);
  CHECK(parsed > 0);  // a file cut after a complete row is still a valid, shorter recording
  for (int trial = 0; trial < 60; ++trial) {
    std::string bytes(static_cast<std::size_t>(rng() % 2000), '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 256);
    if (trial % 3 == 0) bytes = good.substr(0, 300) + bytes;  // a valid header, then garbage
    const auto path = write_temp("garbage.bin", bytes);
    CHECK_THROWS_AS(io::read_gaitmap_csv(path), FormatError);
    CHECK_THROWS_AS(io::read_movingreality(path), FormatError);
    CHECK_THROWS_AS(io::read_gaitmap_strides(path), FormatError);
    io::ImuCsvSpec spec;
    spec.sampling_rate_hz = 100.0;
    spec.sensors.push_back({Side::Left, Placement::Foot, {"a", "b", "c"}, {"d", "e", "f"}});
    CHECK_THROWS(io::read_imu_csv(path, spec));  // FormatError, or InvalidArgument for unknown columns
  }
}
