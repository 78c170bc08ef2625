// Generic column-mapped insole CSV reader (io/insole_readers.hpp).
#include <cmath>
#include <filesystem>

#include "secondheart/core/validate.hpp"
#include "secondheart/io/insole_readers.hpp"

namespace secondheart::io {
namespace {

const char* unit_name(InsoleUnit unit) {
  switch (unit) {
    case InsoleUnit::Newton: return "N";
    case InsoleUnit::Kilonewton: return "kN";
    case InsoleUnit::NewtonPerCm2: return "N/cm²";
    case InsoleUnit::Kilopascal: return "kPa";
  }
  return "?";
}

}  // namespace

Session read_insole_csv(const std::string& path, const InsoleCsvSpec& spec) {
  SECONDHEART_CHECK(spec.left || spec.right, path, ": expected a column map for the left and/or right insole, got none");
  SECONDHEART_CHECK(!spec.time_column.empty() || (std::isfinite(spec.sampling_rate_hz) && spec.sampling_rate_hz > 0),
                    path, ": expected a time column or sampling_rate_hz > 0, got neither");
  SECONDHEART_CHECK(std::isfinite(spec.time_scale_to_s) && spec.time_scale_to_s > 0, path,
                    ": time_scale_to_s: expected > 0, got ", spec.time_scale_to_s);
  const CsvTable table = read_csv_table(path, spec.csv);

  double fs = spec.sampling_rate_hz;
  double start = 0.0;
  if (!spec.time_column.empty()) {
    const Series time = table.column(spec.time_column) * spec.time_scale_to_s;
    try {
      fs = sampling_rate_from_time(time);
    } catch (const InvalidArgument& e) {
      throw FormatError(path, table.lines.front(), std::string("column '") + spec.time_column + "': " + e.what());
    }
    start = time[0];
  }

  const bool pressure = spec.unit == InsoleUnit::NewtonPerCm2 || spec.unit == InsoleUnit::Kilopascal;
  // N/cm² × cm² = N; kPa = 0.1 N/cm².
  const double pressure_to_n_per_cm2 = spec.unit == InsoleUnit::Kilopascal ? 0.1 : 1.0;
  const double force_scale = spec.unit == InsoleUnit::Kilonewton ? 1000.0 : 1.0;

  Session session;
  session.name = std::filesystem::path(path).stem().string();
  for (Side side : {Side::Left, Side::Right}) {
    const auto& map = side == Side::Left ? spec.left : spec.right;
    if (!map) continue;
    const std::string where = path + ": " + std::string(to_string(side)) + " insole";
    const auto n = static_cast<Index>(map->cells.size());
    SECONDHEART_CHECK(n > 0, where, ": expected at least one cell column, got none");
    if (pressure)
      SECONDHEART_CHECK(static_cast<Index>(map->cell_area_cm2.size()) == n, where, ": unit ", unit_name(spec.unit),
                        " needs one cell area (cm²) per cell column (", n, "), got ", map->cell_area_cm2.size());
    SECONDHEART_CHECK(map->cell_position_m.rows() == 0 || map->cell_position_m.rows() == n, where,
                      ": expected one cell position per cell column (", n, "), got ", map->cell_position_m.rows());
    InsoleRecording rec;
    rec.side = side;
    rec.sampling_rate_hz = fs;
    rec.start_time_s = start;
    rec.foot_length_m = spec.foot_length_m;
    rec.cell_force_n.resize(table.rows(), n);
    for (Index k = 0; k < n; ++k) {
      const Series col = table.column(map->cells[static_cast<std::size_t>(k)]);
      if (pressure) {
        const double area = map->cell_area_cm2[static_cast<std::size_t>(k)];
        SECONDHEART_CHECK(std::isfinite(area) && area > 0, where, ": cell area must be > 0 cm², got ", area);
        rec.cell_force_n.col(k) = col * (pressure_to_n_per_cm2 * area);
      } else {
        rec.cell_force_n.col(k) = col * force_scale;
      }
    }
    if (map->cell_position_m.rows() == n) {
      rec.cell_position_m = map->cell_position_m;
    } else {
      rec.cell_position_m.setZero(n, 2);
      rec.cell_position_m.col(0).setConstant(0.5 * spec.foot_length_m);
    }
    if (!map->total.empty()) rec.total_force_n = table.column(map->total) * (pressure ? 1.0 : force_scale);
    validate_insole(rec);  // magnitude check: InvalidArgument naming the likely unit
    session.insoles.push_back(std::move(rec));
  }
  return session;
}

}  // namespace secondheart::io
