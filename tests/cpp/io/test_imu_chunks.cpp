// Block reading of the generic IMU CSV (io::ImuCsvChunkReader): the blocks of a file, concatenated,
// are the whole-file reader's recording (values, NaN gaps, units, rate, start) for any block size,
// and malformed rows after the probe are FormatErrors with the file and the right line.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "secondheart/io/imu_readers.hpp"

using namespace secondheart;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "secondheart_imuchunks";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

/// Walking-like sample k (m/s², deg/s) of foot `foot` (0, 1): gravity on z, a 1 Hz swing.
std::array<double, 6> sample(Index k, double fs, int foot) {
  const double s = std::sin(2 * M_PI * static_cast<double>(k) / fs + foot);
  return {2.0 * s, 0.5, 9.81 + 4.0 * s, 10.0 * s, 300.0 * s, -20.0 * s};
}

/// Two feet, time column in ms (rate 50 Hz), samples in `skip` left out (the grid keeps them NaN),
/// gyro in rad/s, acc in g; row k is file line k + 2.
std::string two_feet_csv(Index n, const std::vector<Index>& skip = {}) {
  std::ostringstream out;
  out.precision(17);
  out << "t_ms,lax,lay,laz,lgx,lgy,lgz,rax,ray,raz,rgx,rgy,rgz\n";
  for (Index k = 0; k < n; ++k) {
    if (std::find(skip.begin(), skip.end(), k) != skip.end()) continue;
    out << k * 20;
    for (int foot = 0; foot < 2; ++foot) {
      const auto v = sample(k, 50.0, foot);
      for (int a = 0; a < 3; ++a) out << "," << v[static_cast<std::size_t>(a)] / standard_gravity_mps2;
      for (int a = 3; a < 6; ++a) out << "," << v[static_cast<std::size_t>(a)] / rad_to_deg;
    }
    out << "\n";
  }
  return out.str();
}

io::ImuCsvSpec two_feet_spec() {
  io::ImuCsvSpec spec;
  spec.time_column = "t_ms";
  spec.time_scale_to_s = 0.001;
  spec.sensors.push_back({Side::Left, Placement::Foot, {"lax", "lay", "laz"}, {"lgx", "lgy", "lgz"}});
  spec.sensors.push_back({Side::Right, Placement::Foot, {"rax", "ray", "raz"}, {"rgx", "rgy", "rgz"}});
  spec.units.acc = AccUnit::StandardGravity;
  spec.units.gyro = GyroUnit::RadiansPerSecond;
  return spec;
}

/// Every block of `reader` (at most `max_rows` each) appended: one recording per sensor.
std::vector<ImuRecording> read_all(io::ImuCsvChunkReader& reader, Index max_rows) {
  std::vector<ImuRecording> out = reader.header().imus;
  Index expected_first = 0;
  for (;;) {
    const io::ImuChunk chunk = reader.next(max_rows);
    CHECK(chunk.first_sample == expected_first);
    CHECK(chunk.rows() <= max_rows);
    if (chunk.rows() == 0) break;
    expected_first += chunk.rows();
    for (std::size_t k = 0; k < out.size(); ++k) {
      REQUIRE(chunk.acc_mps2[k].rows() == chunk.rows());
      REQUIRE(chunk.gyr_dps[k].rows() == chunk.rows());
      const Index r0 = out[k].acc_mps2.rows();
      out[k].acc_mps2.conservativeResize(r0 + chunk.rows(), 3);
      out[k].gyr_dps.conservativeResize(r0 + chunk.rows(), 3);
      out[k].acc_mps2.bottomRows(chunk.rows()) = chunk.acc_mps2[k];
      out[k].gyr_dps.bottomRows(chunk.rows()) = chunk.gyr_dps[k];
    }
  }
  CHECK(reader.done());
  CHECK(reader.next(max_rows).rows() == 0);  // and again at the end
  return out;
}

/// Same shape and values, NaN where the other has NaN.
bool same_samples(const Vec3Series& a, const Vec3Series& b) {
  if (a.rows() != b.rows()) return false;
  for (Index i = 0; i < a.rows(); ++i)
    for (Index j = 0; j < 3; ++j)
      if (!(a(i, j) == b(i, j) || (std::isnan(a(i, j)) && std::isnan(b(i, j))))) return false;
  return true;
}

template <typename F>
void require_format_error(F&& f, std::int64_t line, const std::string& part) {
  try {
    f();
    FAIL("expected FormatError mentioning '" << part << "'");
  } catch (const FormatError& e) {
    INFO(e.what());
    CHECK(e.line() == line);
    CHECK(std::string(e.what()).find(part) != std::string::npos);
    CHECK(e.file().find("secondheart_imuchunks") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("imu csv blocks: concatenated, they are the whole-file recording for any block size") {
  // 3000 samples with dropped ones inside the probe (100) and after it (1500, 2000-2009: a gap
  // longer than some blocks), units declared (g, rad/s) and converted.
  std::vector<Index> skip = {100, 1500};
  for (Index k = 2000; k < 2010; ++k) skip.push_back(k);
  const auto path = write_temp("two_feet.csv", two_feet_csv(3000, skip));
  const auto spec = two_feet_spec();
  const Session whole = io::read_imu_csv(path, spec);
  REQUIRE(whole.imus.size() == 2);
  REQUIRE(whole.imus[0].size() == 3000);
  CHECK(std::isnan(whole.imus[1].acc_mps2(2005, 0)));
  // Hand check of one value: sample 7 of the right foot, acc z, read in g and converted.
  CHECK(whole.imus[1].acc_mps2(7, 2) == Approx(sample(7, 50.0, 1)[2]).epsilon(1e-12));

  for (const Index block : {Index{1}, Index{7}, Index{4096}, Index{3000}, Index{100000}}) {
    for (const Index probe : {Index{2}, Index{500}, io::ImuCsvChunkReader::default_probe_rows}) {
      INFO("block " << block << ", probe " << probe);
      io::ImuCsvChunkReader reader(path, spec, probe);
      CHECK(reader.sampling_rate_hz() == 50.0);
      REQUIRE(reader.header().imus.size() == 2);
      CHECK(reader.header().name == "two_feet");
      CHECK(reader.header().imus[0].size() == 0);
      const std::vector<ImuRecording> parts = read_all(reader, block);
      for (std::size_t k = 0; k < 2; ++k) {
        CHECK(parts[k].side == whole.imus[k].side);
        CHECK(parts[k].placement == whole.imus[k].placement);
        CHECK(parts[k].sampling_rate_hz == whole.imus[k].sampling_rate_hz);
        CHECK(parts[k].start_time_s == whole.imus[k].start_time_s);
        CHECK(same_samples(parts[k].acc_mps2, whole.imus[k].acc_mps2));
        CHECK(same_samples(parts[k].gyr_dps, whole.imus[k].gyr_dps));
      }
      CHECK(reader.samples_read() == 3000);
      CHECK(reader.missing_samples() == static_cast<Index>(skip.size()));
    }
  }
}

TEST_CASE("imu csv blocks: a fixed rate without a time column, last block at the end of the file") {
  io::ImuCsvSpec spec;
  spec.sampling_rate_hz = 100.0;
  spec.sensors.push_back({Side::Right, Placement::Shank, {"ax", "ay", "az"}, {"gx", "gy", "gz"}});
  std::ostringstream out;
  out << "ax ay az gx gy gz\n";
  for (Index k = 0; k < 4096 * 2; ++k) {  // a whole number of 4096-row blocks: the last one ends at EOF
    for (double x : sample(k, 100.0, 0)) out << x << " ";
    out << "\n";
  }
  const auto path = write_temp("fixed.txt", out.str());
  const Session whole = io::read_imu_csv(path, spec);
  io::ImuCsvChunkReader reader(path, spec, 1000);
  CHECK(!reader.done());
  CHECK(reader.next(4096).rows() == 4096);
  const io::ImuChunk last = reader.next(4096);
  CHECK(last.first_sample == 4096);
  CHECK(last.rows() == 4096);
  CHECK(same_samples(last.gyr_dps.front(), whole.imus[0].gyr_dps.bottomRows(4096)));
  CHECK(reader.done());
  CHECK(reader.next(1).rows() == 0);
  CHECK_THROWS_AS(reader.next(0), InvalidArgument);
}

TEST_CASE("imu csv blocks: malformed rows after the probe name the file and line") {
  const auto spec = two_feet_spec();
  const std::string text = two_feet_csv(600);
  // Line of row k is k + 2 (header on line 1). Replace row 400 (line 402) with bad rows.
  auto with_row = [&](Index k, const std::string& row) {
    std::istringstream in(text);
    std::ostringstream out;
    std::string line;
    for (Index n = 1; std::getline(in, line); ++n) out << (n == k + 2 ? row : line) << "\n";
    return out.str();
  };
  const std::string good = [&] {
    std::istringstream in(text);
    std::string line;
    for (Index n = 1; n <= 402 && std::getline(in, line); ++n) {
    }
    return line;
  }();
  const std::string tail = good.substr(good.find(','));
  auto read_through = [&](const std::string& name, const std::string& file_text) {
    return [&spec, name, file_text] {
      io::ImuCsvChunkReader reader(write_temp(name, file_text), spec, 100);
      while (reader.next(7).rows() > 0) {
      }
    };
  };
  require_format_error(read_through("text.csv", with_row(400, "8000" + tail.substr(0, tail.size() - 3) + "abc")), 402,
                       "expected a number");
  require_format_error(read_through("ragged.csv", with_row(400, "8000,1,2")), 402, "fields");
  require_format_error(read_through("back.csv", with_row(400, "7000" + tail)), 402, "increasing");
  require_format_error(read_through("half.csv", with_row(400, "8010" + tail)), 402, "whole number of sampling periods");
  require_format_error(read_through("inf.csv", with_row(400, "8000,inf" + tail.substr(tail.find(',', 1)))), 402,
                       "column 'lax'");
  require_format_error(read_through("nantime.csv", with_row(400, "nan" + tail)), 402, "finite time");
  // The whole-file reader gives the same lines.
  require_format_error([&] { io::read_imu_csv(write_temp("text2.csv", with_row(400, "8000,1,2")), spec); }, 402, "fields");
  // A gap of NaN samples is filled; a time far beyond the rows read is a corrupt axis, not a gap.
  require_format_error(read_through("far.csv", with_row(400, "1e9" + tail)), 402, "corrupt");
  // A file without a data row, and an unknown column: as the whole-file reader.
  require_format_error([&] { io::ImuCsvChunkReader(write_temp("empty.csv", "t_ms,lax\n"), spec); }, 1, "no data rows");
  io::ImuCsvSpec unknown = spec;
  unknown.sensors[0].acc[0] = "nope";
  CHECK_THROWS_AS(io::ImuCsvChunkReader(write_temp("ok.csv", text), unknown), InvalidArgument);
}

TEST_CASE("csv row reader: rows one by one as parse_csv reads them") {
  const std::string text = "\xEF\xBB\xBF# comment\na;b;c\n1;2;3\n\n4;NaN;6;\n# more\n7;8;9\r\n";
  std::istringstream in(text);
  io::CsvRowReader reader(in, "mem.csv");
  CHECK(reader.columns() == std::vector<std::string>{"a", "b", "c"});
  std::vector<double> row;
  REQUIRE(reader.next_row(row));
  CHECK(reader.row_line() == 3);
  REQUIRE(reader.next_row(row));
  CHECK(reader.row_line() == 5);
  REQUIRE(reader.next_row(row));
  CHECK(reader.row_line() == 7);
  CHECK(!reader.next_row(row));
  REQUIRE(row.size() == 9);
  CHECK(row[0] == 1.0);
  CHECK(std::isnan(row[4]));
  CHECK(row[8] == 9.0);
  std::istringstream again(text);
  const io::CsvTable table = io::parse_csv(again, "mem.csv");
  CHECK(table.lines == std::vector<std::int64_t>{3, 5, 7});
  CHECK(table.values(2, 1) == 8.0);
  CHECK(reader.column_index("c") == 2);
  CHECK_THROWS_AS(reader.column_index("d"), InvalidArgument);
}

TEST_CASE("imu csv blocks: a MovingReality file through its spec equals read_movingreality") {
  std::ostringstream out;
  out.precision(17);
  out << "time_s,left_foot_acc_x_mps2,left_foot_acc_y_mps2,left_foot_acc_z_mps2,left_foot_gyr_x_dps,left_foot_gyr_y_dps,"
         "left_foot_gyr_z_dps,right_shank_acc_x_mps2,right_shank_acc_y_mps2,right_shank_acc_z_mps2,right_shank_gyr_x_dps,"
         "right_shank_gyr_y_dps,right_shank_gyr_z_dps\n";
  for (Index k = 0; k < 700; ++k) {
    out << static_cast<double>(k) / 100.0;
    for (int foot = 0; foot < 2; ++foot)
      for (double x : sample(k, 100.0, foot)) out << "," << (k == 350 && foot == 0 ? NaN : x);
    out << "\n";
  }
  const auto path = write_temp("pp01.csv", out.str());
  const Session whole = io::read_movingreality(path);
  const io::ImuCsvSpec spec = io::movingreality_spec(path);
  REQUIRE(spec.sensors.size() == 2);
  CHECK(spec.sensors[1].placement == Placement::Shank);
  CHECK(spec.sensors[1].gyr[2] == "right_shank_gyr_z_dps");
  io::ImuCsvChunkReader reader(path, spec, 100);
  CHECK(reader.header().name == "pp01");
  const std::vector<ImuRecording> parts = read_all(reader, 64);
  REQUIRE(parts.size() == whole.imus.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    CHECK(parts[k].sampling_rate_hz == whole.imus[k].sampling_rate_hz);
    CHECK(same_samples(parts[k].acc_mps2, whole.imus[k].acc_mps2));
    CHECK(same_samples(parts[k].gyr_dps, whole.imus[k].gyr_dps));
  }
  CHECK(std::isnan(parts[0].acc_mps2(350, 1)));
  require_format_error([&] { io::movingreality_spec(write_temp("mr.csv", "time_s,x\n0,1\n")); }, 1, "found none");
}
