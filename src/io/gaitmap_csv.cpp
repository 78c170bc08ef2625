// gaitmap-style IMU CSV and stride lists (io/imu_readers.hpp).
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "imu_common.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::io {
namespace {

using imu_detail::SixColumns;

constexpr std::array<const char*, 6> axis_names = {"acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"};

int axis_of(const std::string& name) {
  for (std::size_t a = 0; a < axis_names.size(); ++a)
    if (name == axis_names[a]) return static_cast<int>(a);
  return -1;
}

std::optional<Side> side_of(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool left = lower.find("left") != std::string::npos;
  const bool right = lower.find("right") != std::string::npos;
  if (left == right) return std::nullopt;
  return left ? Side::Left : Side::Right;
}

struct SensorGroup {
  std::string name;
  Side side = Side::Left;
  SixColumns cols{-1, -1, -1, -1, -1, -1};
};

bool is_integral(const Series& v) {
  for (Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]) || v[i] != std::round(v[i])) return false;
  return true;
}

}  // namespace

Session read_gaitmap_csv(const std::string& path, const GaitmapCsvOptions& options) {
  if (options.sampling_rate_hz)
    SECONDHEART_CHECK(std::isfinite(*options.sampling_rate_hz) && *options.sampling_rate_hz > 0, path,
                      ": sampling_rate_hz: expected a finite rate > 0 Hz, got ", *options.sampling_rate_hz);
  std::ifstream in(path);
  if (!in) throw FormatError(path, 0, "cannot open file");
  std::string line1, line2;
  if (!std::getline(in, line1)) throw FormatError(path, 0, "empty file: expected a gaitmap header");
  strip_utf8_bom(line1);
  std::getline(in, line2);
  in.close();
  const std::vector<std::string> head1 = imu_detail::split_header(line1, ',');
  const std::vector<std::string> head2 = imu_detail::split_header(line2, ',');
  const bool single = std::any_of(head1.begin(), head1.end(), [](const std::string& h) { return axis_of(h) >= 0; });

  // Sensor groups: per column, the sensor it belongs to and its axis.
  std::vector<SensorGroup> groups;
  const std::vector<std::string>& axes = single ? head1 : head2;
  const std::int64_t axis_line = single ? 1 : 2;
  if (!single && head2.size() != head1.size())
    throw FormatError(path, 2,
                      "expected the axis header row to have as many fields as the sensor row (" +
                          std::to_string(head1.size()) + "), got " + std::to_string(head2.size()));
  for (std::size_t c = 1; c < axes.size(); ++c) {
    const int axis = axis_of(axes[c]);
    if (axis < 0) {
      if (single) continue;  // extra columns of a single-sensor file (e.g. `index`)
      throw FormatError(path, 2, "column " + std::to_string(c) + ": expected an axis acc_x..gyr_z, got " + detail::excerpt(axes[c]));
    }
    const std::string sensor = single ? std::string("sensor") : head1[c];
    auto it = std::find_if(groups.begin(), groups.end(), [&](const SensorGroup& g) { return g.name == sensor; });
    if (it == groups.end()) {
      groups.push_back({sensor, Side::Left, {-1, -1, -1, -1, -1, -1}});
      it = groups.end() - 1;
    }
    if (it->cols[static_cast<std::size_t>(axis)] >= 0)
      throw FormatError(path, axis_line, "sensor '" + sensor + "': column " + axes[c] + " appears twice");
    it->cols[static_cast<std::size_t>(axis)] = static_cast<Index>(c);
  }
  if (groups.empty())
    throw FormatError(path, axis_line, "expected columns acc_x, acc_y, acc_z, gyr_x, gyr_y, gyr_z, found none");
  for (auto& g : groups) {
    for (std::size_t a = 0; a < 6; ++a)
      if (g.cols[a] < 0)
        throw FormatError(path, axis_line, "sensor '" + g.name + "': missing column " + axis_names[a]);
    if (single) {
      g.side = options.side;
    } else if (auto side = side_of(g.name)) {
      g.side = *side;
    } else if (groups.size() == 1) {
      g.side = options.side;
    } else {
      throw FormatError(path, 1, "sensor '" + g.name + "': cannot tell the side (expected 'left' or 'right' in the name)");
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i)
    for (std::size_t j = i + 1; j < groups.size(); ++j)
      if (groups[i].side == groups[j].side)
        throw FormatError(path, 1, "sensors '" + groups[i].name + "' and '" + groups[j].name + "' are both on the " +
                                       std::string(to_string(groups[i].side)) + " foot");

  CsvOptions csv;
  csv.delimiter = ',';
  csv.comment = '\0';
  csv.header = true;
  csv.skip_lines = single ? 0 : 1;
  const CsvTable table = read_csv_table(path, csv);
  if (table.values.cols() != static_cast<Index>(axes.size()))
    throw FormatError(path, axis_line,
                      "expected " + std::to_string(axes.size()) + " columns, got " + std::to_string(table.values.cols()));

  // Column 0: sample numbers (rate from the options) or time in s (rate from the data).
  const Series index = table.values.col(0);
  imu_detail::GridPlacement grid;
  if (is_integral(index)) {
    grid = imu_detail::place_by_index(index, table.lines, path, "index column", options.sampling_rate_hz.value_or(204.8));
  } else {
    grid = imu_detail::place_by_time(index, table.lines, path, "time column");
    if (options.sampling_rate_hz && std::abs(grid.sampling_rate_hz - *options.sampling_rate_hz) > 0.01 * *options.sampling_rate_hz)
      throw FormatError(path, table.lines.front(),
                        "the time column gives " + std::to_string(grid.sampling_rate_hz) + " Hz, but " +
                            std::to_string(*options.sampling_rate_hz) + " Hz was declared");
  }

  Session session;
  session.name = imu_detail::stem(path);
  const auto rows = imu_detail::all_rows(table.rows());
  std::sort(groups.begin(), groups.end(), [](const SensorGroup& a, const SensorGroup& b) { return a.side < b.side; });
  for (const auto& g : groups) {
    ImuRecording rec = imu_detail::scatter_imu(table, g.cols, grid, rows, g.side, Placement::Foot, options.frame);
    imu_detail::validate_format_units(rec, {}, path);  // gaitmap: m/s² and deg/s
    session.imus.push_back(std::move(rec));
  }
  return session;
}

// ---------------------------------------------------------------------------------------------

std::vector<GaitEvents> GaitmapStrideList::events() const {
  std::vector<GaitEvents> out;
  for (Side side : {Side::Left, Side::Right}) {
    GaitEvents ev;
    ev.side = side;
    ev.sampling_rate_hz = sampling_rate_hz;
    bool any = false;
    for (const auto& s : strides) {
      if (s.side != side) continue;
      any = true;
      for (Index v : {s.pre_ic, s.ic})
        if (v >= 0) ev.ic.push_back(v);
      if (s.fc >= 0) ev.fc.push_back(s.fc);
      if (s.min_vel >= 0) ev.ms.push_back(s.min_vel);
    }
    if (!any) continue;
    for (auto* list : {&ev.ic, &ev.fc, &ev.ms}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    out.push_back(std::move(ev));
  }
  return out;
}

std::vector<GaitmapStride> GaitmapStrideList::of_side(Side side) const {
  std::vector<GaitmapStride> out;
  for (const auto& s : strides)
    if (s.side == side) out.push_back(s);
  return out;
}

GaitmapStrideList read_gaitmap_strides(const std::string& path, double sampling_rate_hz) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0, path,
                    ": sampling_rate_hz: expected a finite rate > 0 Hz, got ", sampling_rate_hz);
  std::ifstream in(path);
  if (!in) throw FormatError(path, 0, "cannot open file");
  // The `foot` column is text: map left/right to 0/1 line by line (line numbers unchanged), then
  // let the numeric table reader do the rest.
  std::ostringstream numeric;
  std::string raw;
  std::int64_t line_no = 0;
  std::ptrdiff_t foot_col = -1;
  while (std::getline(in, raw)) {
    ++line_no;
    if (line_no == 1) strip_utf8_bom(raw);
    std::vector<std::string> fields = imu_detail::split_header(raw, ',');
    if (foot_col < 0) {
      auto it = std::find(fields.begin(), fields.end(), "foot");
      if (it == fields.end()) throw FormatError(path, line_no, "expected a header with a 'foot' column");
      foot_col = it - fields.begin();
      numeric << raw << '\n';
      continue;
    }
    if (static_cast<std::ptrdiff_t>(fields.size()) > foot_col) {
      std::string& foot = fields[static_cast<std::size_t>(foot_col)];
      if (foot == "left")
        foot = "0";
      else if (foot == "right")
        foot = "1";
      else if (!foot.empty() || fields.size() > 1)
        throw FormatError(path, line_no, "column 'foot': expected 'left' or 'right', got " + detail::excerpt(foot));
    }
    for (std::size_t i = 0; i < fields.size(); ++i) numeric << (i ? "," : "") << fields[i];
    numeric << '\n';
  }
  if (line_no == 0) throw FormatError(path, 0, "empty file: expected a stride list");
  std::istringstream text(numeric.str());
  CsvOptions csv;
  csv.delimiter = ',';
  csv.comment = '\0';
  csv.allow_missing = true;
  const CsvTable table = parse_csv(text, path, csv);
  for (const char* required : {"s_id", "foot", "start", "end"})
    if (!table.has_column(required)) throw FormatError(path, 1, std::string("missing column '") + required + "'");

  GaitmapStrideList list;
  list.sampling_rate_hz = sampling_rate_hz;
  auto get = [&](Index r, const char* name, bool required) -> Index {
    if (!table.has_column(name)) return -1;
    const double v = table.values(r, table.column_index(name));
    if (std::isnan(v)) {
      if (required)
        throw FormatError(path, table.lines[static_cast<std::size_t>(r)], std::string("column '") + name + "': missing value");
      return -1;
    }
    if (!std::isfinite(v) || v != std::round(v) || std::abs(v) > 1e15)
      throw FormatError(path, table.lines[static_cast<std::size_t>(r)],
                        std::string("column '") + name + "': expected a whole sample number, got " + std::to_string(v));
    return static_cast<Index>(v);
  };
  for (Index r = 0; r < table.rows(); ++r) {
    GaitmapStride s;
    s.stride_id = get(r, "s_id", true);
    s.side = get(r, "foot", true) == 0 ? Side::Left : Side::Right;
    s.start = get(r, "start", true);
    s.end = get(r, "end", true);
    s.ic = get(r, "ic", false);
    s.fc = get(r, "tc", false);
    s.min_vel = get(r, "min_vel", false);
    s.pre_ic = get(r, "pre_ic", false);
    if (s.start < 0 || s.end <= s.start)
      throw FormatError(path, table.lines[static_cast<std::size_t>(r)],
                        "expected 0 <= start < end, got start " + std::to_string(s.start) + ", end " + std::to_string(s.end));
    list.strides.push_back(s);
  }
  return list;
}

}  // namespace secondheart::io
