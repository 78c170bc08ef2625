/// @file
/// Readers for pressure-insole recordings: PhysioNet gaitpdb text, Moticon OpenGo text export, and a
/// generic column-mapped CSV. Each returns a Session with one InsoleRecording per side found, forces
/// in newtons and cell positions in the insole frame (origin at the heel end, x towards the toe,
/// y to the left of the foot, metres). Implemented in src/io/{gaitpdb,moticon,csv_insole}.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/recording.hpp"
#include "secondheart/io/csv.hpp"

namespace secondheart::io {

// ---------------------------------------------------------------------------------------------
// PhysioNet "Gait in Parkinson's Disease" (gaitpdb): 19 tab-separated columns, no header, 100 Hz:
// time (s), L1..L8, R1..R8 (N), total left, total right (N).

struct GaitpdbOptions {
  /// Foot length the cell positions are scaled to (m). The database gives positions in arbitrary
  /// units (Y from −800 at the heel sensor to +800 at the toe sensor); they are mapped to
  /// x = (Y + 1000) / 2000 · foot_length, i.e. heel sensor at 10 % and toe sensor at 90 % of the
  /// foot, and y = ±(X ∓ 500) / 2000 · foot_length (lateral cells outward).
  double foot_length_m = 0.26;
  /// Use the file's total columns (18, 19) as the device total; otherwise the cell sum.
  bool use_total_columns = true;
};

/// Cell positions (m, insole frame) of the 8 gaitpdb sensors of one foot (see GaitpdbOptions).
Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> gaitpdb_cell_positions(Side side, double foot_length_m);

/// Reads a gaitpdb file. The session name is the file stem (e.g. "GaCo01_01").
/// @throws FormatError (file, line) on a wrong column count, non-numeric field or non-uniform time.
Session read_gaitpdb(const std::string& path, const GaitpdbOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Moticon OpenGo text export: '#' header lines ("# Start time: ...", "# Sensor insoles: ...",
// "# Size: ..."), the last of which lists tab-separated channels ("time", "left pressure 1[N/cm²]" ...
// "left pressure 16[N/cm²]", "left total force[N]", "left center of pressure X[-0.5...+0.5]", ...).
// Rows where a side has no data leave its fields empty.

struct MoticonOptions {
  /// Area of each of the 16 cells (cm²) used to turn N/cm² into N. Empty = moticon_default_cell_areas_cm2().
  std::vector<double> cell_area_cm2;
  /// Foot length (m) the normalised cell positions are scaled to; 0 = from the "# Size:" header
  /// (moticon_foot_length_m), else 0.26 m.
  double foot_length_m = 0.0;
};

/// Nominal cell areas (cm²) of the 16-cell OpenGo insole, cells 1..16 (see src/io/moticon.cpp for the
/// layout and its source). They are approximate: pass the manufacturer's values when you have them.
std::vector<double> moticon_default_cell_areas_cm2();
/// Nominal cell centres of the 16-cell layout as fractions of insole length (x, from the heel) and
/// width (y, positive = medial for the left foot mirrored to "left of the foot"). (16, 2).
Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> moticon_cell_positions_normalised(Side side);
/// Approximate foot length (m) of an OpenGo insole size code (1..10; size 5 ≈ EU 40/41).
double moticon_foot_length_m(int size_code);

/// Reads an OpenGo text export. Pressure must be N/cm² (checked from the channel names); cell force
/// = pressure × area. The device's total force becomes `total_force_n`. Both sides share the time
/// axis of the file; rows where a side has no data are NaN in that side's recording (gaps).
/// @throws FormatError (file, line) on a missing header, a unit other than N/cm²/N, ragged rows or
/// non-numeric fields; InvalidArgument on cell areas of the wrong count.
Session read_moticon(const std::string& path, const MoticonOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Generic CSV with a declared column map.

/// Unit of the cell (and total) columns.
enum class InsoleUnit {
  Newton,
  Kilonewton,
  NewtonPerCm2,  ///< pressure: needs cell areas
  Kilopascal,    ///< pressure: needs cell areas
};

/// Column map of one foot.
struct InsoleColumns {
  std::vector<std::string> cells;  ///< one column per cell (at least one)
  std::string total;               ///< optional device total (same unit as a force; pressure units: N)
  /// (cells, 2) positions in m, insole frame; empty = all cells at mid-foot (x = foot_length / 2).
  Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> cell_position_m;
  std::vector<double> cell_area_cm2;  ///< required for pressure units, one per cell
};

struct InsoleCsvSpec {
  CsvOptions csv;
  std::string time_column;        ///< time in s; empty = use sampling_rate_hz
  double time_scale_to_s = 1.0;   ///< e.g. 0.001 when the time column is in ms
  double sampling_rate_hz = 0.0;  ///< used when time_column is empty
  InsoleUnit unit = InsoleUnit::Newton;
  std::optional<InsoleColumns> left;
  std::optional<InsoleColumns> right;
  double foot_length_m = 0.26;
};

/// Reads a CSV of insole data with the declared column map and unit; checks the result with
/// validate_insole (so newtons that are really N/cm² or kN are caught).
/// @throws FormatError (file, line) on malformed text; InvalidArgument on an unknown column, no side
/// declared, missing areas for a pressure unit, or values whose magnitude contradicts the unit.
Session read_insole_csv(const std::string& path, const InsoleCsvSpec& spec);

}  // namespace secondheart::io
