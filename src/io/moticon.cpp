// Moticon OpenGo text-export reader (io/insole_readers.hpp).
//
// Format (OpenGo software "text export", as documented by Moticon's open-source reader
// github.com/moticon-rego/moticon-opengo, txt_export.py, and its test exports): '#' lines
// "Start time", "Duration", "Sensor insoles", "Size", "Recording type", "Name", "Notes", "Tag",
// then '#' + tab-separated channel names with the unit in brackets, then tab-separated rows.
// Per side: "pressure 1..16[N/cm²]", "acceleration X/Y/Z[g]", "angular X/Y/Z[dps]", "total force[N]",
// "center of pressure X/Y[-0.5...+0.5]"; optional "steps[]" and event columns (a text column
// "<group> label[]" followed by "<group>[]"; labels are skipped). A side without data in a row leaves
// its fields empty.
//
// Cell geometry: Moticon states that the 16 sensors cover about 60 % of the insole area and scale
// with the insole size (moticon.com, "shoe-size independent foot pressure analysis"); it does not
// publish the per-cell areas in text. The areas and centres below are an approximate layout
// (4 heel, 3 midfoot, 7 metatarsal, 2 toe cells; ≈ 115 cm² in total for size 5, i.e. ~60 % of a
// ~190 cm² insole) — good enough for force timing, shares and CoP travel in % of foot length, not
// for absolute force. Users with the manufacturer's geometry pass it in MoticonOptions. The export's
// own "total force" (N) is kept as the device total, so F1/F2 do not depend on these areas.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "secondheart/core/validate.hpp"
#include "secondheart/io/insole_readers.hpp"

namespace secondheart::io {
namespace {

// Left foot; x = fraction of insole length from the heel, y = fraction of width, + = lateral (left).
constexpr double kCellX[16] = {0.06, 0.06, 0.16, 0.16, 0.33, 0.46, 0.46, 0.62, 0.64, 0.62, 0.58,
                               0.73, 0.75, 0.72, 0.89, 0.87};
constexpr double kCellY[16] = {-0.12, 0.15, -0.18, 0.20, 0.28, 0.30, -0.12, -0.28, -0.08, 0.12, 0.30,
                               -0.30, 0.00, 0.25, -0.24, 0.12};
constexpr double kCellAreaCm2[16] = {8.5, 8.5, 8.0, 8.0, 7.5, 7.5, 7.0, 7.0, 7.0, 7.0, 6.5,
                                     7.0, 7.0, 6.5, 6.5, 5.5};
constexpr double kWidthOverLength = 0.36;  // insole width / length, to turn y fractions into metres

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

struct Channel {
  std::string name;  // without unit
  std::string unit;  // text inside the brackets
};

Channel split_channel(const std::string& raw) {
  Channel ch;
  const auto open = raw.find('[');
  const auto close = raw.rfind(']');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    ch.name = trim(raw.substr(0, open));
    ch.unit = raw.substr(open + 1, close - open - 1);
  } else {
    ch.name = trim(raw);
  }
  return ch;
}

}  // namespace

std::vector<double> moticon_default_cell_areas_cm2() { return {std::begin(kCellAreaCm2), std::end(kCellAreaCm2)}; }

Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> moticon_cell_positions_normalised(Side side) {
  Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> pos(16, 2);
  for (int i = 0; i < 16; ++i) {
    pos(i, 0) = kCellX[i];
    pos(i, 1) = side == Side::Left ? kCellY[i] : -kCellY[i];
  }
  return pos;
}

double moticon_foot_length_m(int size_code) {
  SECONDHEART_CHECK(size_code >= 1 && size_code <= 10, "Moticon insole size: expected a code in 1..10, got ",
                    size_code);
  // Size 1 ≈ EU 34.5 and each size step ≈ 1.5 EU sizes; EU size ≈ 1.5 × foot length (cm) + 1.5.
  const double eu = 33.0 + 1.5 * size_code;
  return (eu - 1.5) / 1.5 / 100.0;
}

Session read_moticon(const std::string& path, const MoticonOptions& options) {
  std::vector<double> areas = options.cell_area_cm2.empty() ? moticon_default_cell_areas_cm2() : options.cell_area_cm2;
  SECONDHEART_CHECK(areas.size() == 16, "cell_area_cm2: expected 16 areas (one per OpenGo cell), got ", areas.size());
  for (double a : areas)
    SECONDHEART_CHECK(std::isfinite(a) && a > 0 && a < 50, "cell_area_cm2: expected areas in (0, 50) cm², got ", a);

  std::ifstream file(path);
  if (!file) throw FormatError(path, 0, "cannot open file");
  std::stringstream buffer;
  buffer << file.rdbuf();
  std::string content = buffer.str();
  strip_utf8_bom(content);

  // Header: metadata lines "# Key: value"; the channel line is the last '#' line containing tabs.
  std::istringstream lines(content);
  std::string line;
  std::int64_t line_no = 0, channel_line = 0;
  std::vector<std::string> raw_channels;
  std::map<std::string, std::string> meta;
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] != '#') break;
    std::string body = line.substr(1);
    if (body.find('\t') != std::string::npos) {
      raw_channels.clear();
      std::string field;
      std::istringstream fields(body);
      while (std::getline(fields, field, '\t')) raw_channels.push_back(trim(field));
      channel_line = line_no;
    } else if (auto colon = body.find(':'); colon != std::string::npos) {
      meta[trim(body.substr(0, colon))] = trim(body.substr(colon + 1));
    }
  }
  if (raw_channels.empty() || raw_channels.front() != "time")
    throw FormatError(path, channel_line ? channel_line : line_no,
                      "not an OpenGo text export: expected a '# time<TAB>...' channel line");

  CsvOptions csv;
  csv.delimiter = '\t';
  csv.header = false;
  csv.comment = '#';
  // Manually set events are exported as a text column "<group> label[]" followed by its value
  // column "<group>[]": the label column is free text.
  const auto bare = [](const std::string& name) { return trim(name.substr(0, name.find('['))); };
  for (std::size_t c = 0; c + 1 < raw_channels.size(); ++c)
    if (bare(raw_channels[c]) == bare(raw_channels[c + 1]) + " label") csv.skip_columns.push_back(static_cast<Index>(c));
  std::istringstream data_stream(content);
  CsvTable table = parse_csv(data_stream, path, csv);
  if (table.values.cols() != static_cast<Index>(raw_channels.size()))
    throw FormatError(path, table.lines.front(),
                      "expected " + std::to_string(raw_channels.size()) + " fields (one per channel), got " +
                          std::to_string(table.values.cols()));

  std::vector<Channel> channels;
  for (const auto& raw : raw_channels) channels.push_back(split_channel(raw));
  for (Index i = 1; i < table.rows(); ++i)
    if (!(table.values(i, 0) > table.values(i - 1, 0)))
      throw FormatError(path, table.lines[static_cast<std::size_t>(i)],
                        "channel 'time': expected increasing time, got " + std::to_string(table.values(i, 0)) +
                            " s after " + std::to_string(table.values(i - 1, 0)) + " s");
  double fs = 0;
  try {
    fs = sampling_rate_from_time(table.values.col(0));
  } catch (const InvalidArgument& e) {
    throw FormatError(path, table.lines.front(), e.what());
  }

  double foot_length = options.foot_length_m;
  if (foot_length <= 0) {
    foot_length = 0.26;
    if (auto it = meta.find("Size"); it != meta.end()) {
      try {
        foot_length = moticon_foot_length_m(std::stoi(it->second));
      } catch (const std::exception&) {
        throw FormatError(path, 0, "header 'Size': expected an insole size code 1..10, got " + detail::excerpt(it->second));
      }
    }
  }

  Session session;
  // The name is free text from the file: made printable (valid UTF-8, one line) like every message.
  session.name = meta.count("Name") ? detail::printable(meta["Name"]) : std::filesystem::path(path).stem().string();
  for (Side side : {Side::Left, Side::Right}) {
    const std::string prefix = std::string(to_string(side)) + " ";
    std::vector<Index> pressure_cols(16, -1);
    Index total_col = -1;
    for (std::size_t c = 0; c < channels.size(); ++c) {
      const Channel& ch = channels[c];
      if (ch.name.rfind(prefix, 0) != 0) continue;
      const std::string what = ch.name.substr(prefix.size());
      if (what.rfind("pressure ", 0) == 0) {
        int cell = 0;
        try {
          cell = std::stoi(what.substr(9));
        } catch (const std::exception&) {
          throw FormatError(path, channel_line, "channel '" + raw_channels[c] + "': expected 'pressure <1..16>'");
        }
        if (cell < 1 || cell > 16)
          throw FormatError(path, channel_line, "channel '" + raw_channels[c] + "': cell number outside 1..16");
        if (ch.unit != "N/cm²" && ch.unit != "N/cm2")
          throw FormatError(path, channel_line,
                            "channel '" + raw_channels[c] + "': expected pressure in N/cm², got " + detail::excerpt(ch.unit));
        pressure_cols[static_cast<std::size_t>(cell - 1)] = static_cast<Index>(c);
      } else if (what == "total force") {
        if (ch.unit != "N")
          throw FormatError(path, channel_line,
                            "channel '" + raw_channels[c] + "': expected total force in N, got " + detail::excerpt(ch.unit));
        total_col = static_cast<Index>(c);
      }
    }
    const auto found = std::count_if(pressure_cols.begin(), pressure_cols.end(), [](Index i) { return i >= 0; });
    if (found == 0) continue;  // side not recorded
    if (found != 16)
      throw FormatError(path, channel_line,
                        std::string(to_string(side)) + " insole: expected 16 pressure channels, got " +
                            std::to_string(found));
    InsoleRecording rec;
    rec.side = side;
    rec.sampling_rate_hz = fs;
    rec.start_time_s = table.values(0, 0);
    rec.foot_length_m = foot_length;
    rec.cell_force_n.resize(table.rows(), 16);
    for (int k = 0; k < 16; ++k)
      rec.cell_force_n.col(k) = table.values.col(pressure_cols[static_cast<std::size_t>(k)]) * areas[static_cast<std::size_t>(k)];
    rec.cell_position_m = moticon_cell_positions_normalised(side);
    rec.cell_position_m.col(0) *= foot_length;
    rec.cell_position_m.col(1) *= foot_length * kWidthOverLength;
    if (total_col >= 0) rec.total_force_n = table.values.col(total_col);
    try {
      validate_insole(rec);
    } catch (const InvalidArgument& e) {
      throw FormatError(path, 0, e.what());
    }
    session.insoles.push_back(std::move(rec));
  }
  if (session.insoles.empty())
    throw FormatError(path, channel_line, "no 'left pressure N' or 'right pressure N' channels");
  return session;
}

}  // namespace secondheart::io
