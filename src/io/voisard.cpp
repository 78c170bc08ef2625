// Voisard et al. healthy-gait set: Xsens text files + JSON annotations (io/imu_readers.hpp).
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "imu_common.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::io {
namespace {

using json = nlohmann::json;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// ".../GaitData/1-1_lf.txt" | ".../1-1.json" | ".../1-1" -> ".../1-1".
std::string trial_stem(const std::string& path) {
  for (const char* suffix : {".json", "_lf.txt", "_rf.txt", "_lb.txt"})
    if (ends_with(path, suffix)) return path.substr(0, path.size() - std::string(suffix).size());
  return path;
}

/// The upstream JSON writes unknown values as a bare NaN (not JSON): turn it into null outside strings.
std::string nan_to_null(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) out.push_back(text[++i]);
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (text.compare(i, 3, "NaN") == 0) {
      out += "null";
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::int64_t line_of_byte(const std::string& text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n');
}

std::optional<double> optional_number(const json& meta, const char* key) {
  auto it = meta.find(key);
  if (it == meta.end() || it->is_null() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  if (!std::isfinite(v) || v <= 0) return std::nullopt;
  return v;
}

/// [a, b] pairs of whole numbers under `key` (a list of pairs, or one pair when `single`).
std::vector<std::array<Index, 2>> pairs(const json& meta, const char* key, bool single, const std::string& file) {
  auto it = meta.find(key);
  if (it == meta.end()) throw FormatError(file, 0, std::string("missing key '") + key + "'");
  auto pair = [&](const json& p) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer())
      throw FormatError(file, 0, std::string("key '") + key + "': expected [start, end] sample numbers, got " + p.dump());
    const std::array<Index, 2> out{p[0].get<Index>(), p[1].get<Index>()};
    if (out[1] < out[0])
      throw FormatError(file, 0, std::string("key '") + key + "': expected start <= end, got " + p.dump());
    return out;
  };
  std::vector<std::array<Index, 2>> out;
  if (single) {
    out.push_back(pair(*it));
    return out;
  }
  if (!it->is_array()) throw FormatError(file, 0, std::string("key '") + key + "': expected a list of [TO, HS] pairs");
  for (const auto& p : *it) out.push_back(pair(p));
  return out;
}

/// One foot file: rate from line 1, packet counters unwrapped, repeated counters dropped.
struct FootFile {
  CsvTable table;
  double sampling_rate_hz = 0.0;
  std::vector<Index> counter;     ///< unwrapped counter of each kept row
  std::vector<std::size_t> rows;  ///< kept table rows
  Index duplicates = 0;
};

FootFile read_foot_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw FormatError(path, 0, "cannot open file");
  std::string first;
  if (!std::getline(in, first)) throw FormatError(path, 0, "empty file: expected 'Acquisition frequency: <rate> Hz'");
  in.close();
  strip_utf8_bom(first);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  const std::string key = "Acquisition frequency:";
  FootFile f;
  {
    const auto pos = first.find(key);
    if (pos == std::string::npos) throw FormatError(path, 1, "expected 'Acquisition frequency: <rate> Hz', got " + detail::excerpt(first, 80));
    std::size_t b = pos + key.size();
    while (b < first.size() && first[b] == ' ') ++b;
    const char* begin = first.data() + b;
    const char* end = first.data() + first.size();
    auto [ptr, ec] = std::from_chars(begin, end, f.sampling_rate_hz);
    std::string rest(ptr, end);
    while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
    if (ec != std::errc() || !std::isfinite(f.sampling_rate_hz) || f.sampling_rate_hz <= 0 || rest != "Hz")
      throw FormatError(path, 1, "expected 'Acquisition frequency: <rate> Hz' with a rate > 0, got " + detail::excerpt(first, 80));
  }
  CsvOptions csv;
  csv.delimiter = '\t';
  csv.comment = '\0';
  csv.skip_lines = 1;
  f.table = read_csv_table(path, csv);
  for (const char* c : {"PacketCounter", "Acc_X", "Acc_Y", "Acc_Z", "Gyr_X", "Gyr_Y", "Gyr_Z"})
    if (!f.table.has_column(c)) throw FormatError(path, 2, std::string("missing column '") + c + "'");
  const Index pc = f.table.column_index("PacketCounter");
  Index wrap = 0;
  double previous_raw = NaN;
  for (Index r = 0; r < f.table.rows(); ++r) {
    const auto line = f.table.lines[static_cast<std::size_t>(r)];
    const double raw = f.table.values(r, pc);
    if (!std::isfinite(raw) || raw < 0 || raw != std::round(raw) || raw > 1e12)
      throw FormatError(path, line, "PacketCounter: expected a whole number >= 0, got " + std::to_string(raw));
    // The MTw counter is 16 bit: a large backwards jump is a wrap, not disorder.
    if (std::isfinite(previous_raw) && raw < previous_raw && previous_raw - raw > 32768.0) wrap += 65536;
    previous_raw = raw;
    const Index c = static_cast<Index>(raw) + wrap;
    if (!f.counter.empty()) {
      if (c == f.counter.back()) {  // repeated packet: keep the first row
        ++f.duplicates;
        continue;
      }
      if (c < f.counter.back())
        throw FormatError(path, line,
                          "PacketCounter runs backwards: " + std::to_string(c) + " after " + std::to_string(f.counter.back()));
      imu_detail::guard_length(c - f.counter.front() + 1, f.table.rows(), path, line, "PacketCounter");
    }
    f.counter.push_back(c);
    f.rows.push_back(static_cast<std::size_t>(r));
  }
  return f;
}

}  // namespace

ImuFileContents read_voisard(const std::string& path) {
  const std::string stem = trial_stem(path);
  const std::string json_path = stem + ".json";

  std::ifstream jin(json_path);
  if (!jin) throw FormatError(json_path, 0, "cannot open the trial's metadata file");
  std::stringstream buffer;
  buffer << jin.rdbuf();
  const std::string text = nan_to_null(buffer.str());
  json meta;
  try {
    meta = json::parse(text);
  } catch (const json::parse_error& e) {
    throw FormatError(json_path, line_of_byte(text, e.byte > 0 ? e.byte - 1 : 0), std::string("invalid JSON: ") + e.what());
  } catch (const json::exception& e) {  // a number beyond a double (2e400): nlohmann's out_of_range
    throw FormatError(json_path, 0, std::string("invalid JSON: expected numbers within the range of a double, got ") + e.what());
  }
  if (!meta.is_object()) throw FormatError(json_path, 1, "expected a JSON object");

  ImuFileContents out;
  out.session.name = imu_detail::stem(stem);
  out.session.subject.age_years = optional_number(meta, "Age");
  if (auto h = optional_number(meta, "Height")) out.session.subject.height_m = *h / 100.0;  // cm
  out.session.subject.body_mass_kg = optional_number(meta, "Weight");

  std::array<FootFile, 2> feet{read_foot_file(stem + "_lf.txt"), read_foot_file(stem + "_rf.txt")};
  if (feet[0].sampling_rate_hz != feet[1].sampling_rate_hz)
    throw FormatError(stem + "_rf.txt", 1,
                      "acquisition frequency " + std::to_string(feet[1].sampling_rate_hz) + " Hz differs from the left foot's " +
                          std::to_string(feet[0].sampling_rate_hz) + " Hz");
  for (const auto& f : feet)
    if (f.counter.empty()) throw FormatError(f.table.file, 0, "no data rows");
  // Sample 0 of both recordings is the first packet of the trial (0 in the published files).
  const Index origin = std::min(feet[0].counter.front(), feet[1].counter.front());
  const double fs = feet[0].sampling_rate_hz;

  for (std::size_t k = 0; k < 2; ++k) {
    FootFile& f = feet[k];
    imu_detail::GridPlacement grid;
    grid.sampling_rate_hz = fs;
    grid.start_s = static_cast<double>(origin) / fs;
    for (Index c : f.counter) grid.offset.push_back(c - origin);
    grid.length = grid.offset.back() + 1;
    const CsvTable& t = f.table;
    const imu_detail::SixColumns cols{t.column_index("Acc_X"), t.column_index("Acc_Y"), t.column_index("Acc_Z"),
                                      t.column_index("Gyr_X"), t.column_index("Gyr_Y"), t.column_index("Gyr_Z")};
    ImuRecording rec = imu_detail::scatter_imu(t, cols, grid, f.rows, k == 0 ? Side::Left : Side::Right,
                                               Placement::Foot, AxesFrame::Sensor);
    // Acc m/s², gyro rad/s (SOURCE.md, checked on the data): both declared, so converted, not guessed.
    imu_detail::validate_format_units(rec, DeclaredUnits{AccUnit::MetresPerSecond2, GyroUnit::RadiansPerSecond}, t.file);
    out.missing_samples.push_back(grid.missing());
    out.duplicate_rows.push_back(f.duplicates);
    out.session.imus.push_back(std::move(rec));
  }

  const char* keys[2] = {"LeftFootEvents", "RightFootEvents"};
  for (std::size_t k = 0; k < 2; ++k) {
    GaitEvents ev;
    ev.side = k == 0 ? Side::Left : Side::Right;
    ev.sampling_rate_hz = fs;
    for (const auto& swing : pairs(meta, keys[k], false, json_path)) {
      ev.fc.push_back(swing[0] - origin);  // swing = [TO, HS]
      ev.ic.push_back(swing[1] - origin);
    }
    std::sort(ev.fc.begin(), ev.fc.end());
    std::sort(ev.ic.begin(), ev.ic.end());
    out.reference_events.push_back(std::move(ev));
  }
  const auto walk = pairs(meta, "TrialBoundaries", true, json_path).front();
  out.walks.push_back({walk[0] - origin, walk[1] - origin + 1});
  if (meta.contains("UTurnBoundaries")) {
    const auto turn = pairs(meta, "UTurnBoundaries", true, json_path).front();
    out.turns.push_back({turn[0] - origin, turn[1] - origin + 1});
  }
  return out;
}

}  // namespace secondheart::io
