/// @file
/// Readers for IMU recordings: gaitmap-style CSV (and its stride/event reference files), the Voisard
/// et al. healthy-gait set (Xsens text + JSON annotations), the MovingReality stroke CSV, and a
/// generic column-mapped CSV with declared units. Each returns a Session whose ImuRecordings hold
/// acceleration in m/s² and angular velocity in deg/s, with side and placement set.
///
/// Missing samples are never compressed away: when a file's time axis (or packet counter) skips
/// samples, the reader puts every row on the uniform grid of the recording and leaves the skipped
/// samples NaN (gaps; the pipelines bridge or flag them). Implemented in
/// src/io/{gaitmap_csv,voisard,movingreality,imu_csv}.cpp on top of io/csv.hpp.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/events.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/io/csv.hpp"

namespace secondheart::io {

/// Half-open range of samples [begin, end) on a recording's grid.
struct SampleRange {
  Index begin = 0;
  Index end = 0;
};

/// A session plus the annotations the file carries (reference events, walking and turning periods)
/// and what the reader had to repair.
struct ImuFileContents {
  Session session;
  /// One entry per annotated side; indices are samples of that side's recording in `session`.
  std::vector<GaitEvents> reference_events;
  std::vector<SampleRange> walks;  ///< annotated walking periods (samples)
  std::vector<SampleRange> turns;  ///< annotated turns (samples)
  /// Per IMU, in the order of session.imus: samples left NaN because the file skipped them.
  std::vector<Index> missing_samples;
  /// Per IMU, in the order of session.imus: rows dropped because they repeated a sample (packet counter).
  std::vector<Index> duplicate_rows;
};

// ---------------------------------------------------------------------------------------------
// gaitmap-style CSV (github.com/mad-lab-fau/gaitmap, example_data/): column 0 is the sample index
// (or time in s); either two header rows (`sensor`: left_sensor/right_sensor, `axis`: acc_x ... gyr_z)
// for both feet, or one header row (acc_x ... gyr_z, optional extra columns such as `index`) for
// a single foot. acc m/s², gyr deg/s.

struct GaitmapCsvOptions {
  /// Rate of a file whose index column counts samples. Unset = 204.8 Hz, the rate of gaitmap's
  /// healthy example (pass 102.4 for imu_sample_ic_stride.csv and the MS files). A file whose index
  /// is time in s gives its own rate; a set value must then agree within 1 %.
  std::optional<double> sampling_rate_hz;
  /// Side of a single-sensor file (one header row); ignored for two-sensor files.
  Side side = Side::Left;
  /// gaitmap's Foot Sensor Frame (FSF: x to the shoe tip, y left, z up, both feet) is the project's
  /// segment convention, so FSF files are read as AxesFrame::Segment (the foot pipeline still checks
  /// the mounting against gravity and the walking direction). Pass Sensor for *_not_rotated files.
  AxesFrame frame = AxesFrame::Segment;
};

/// Reads a gaitmap-style IMU CSV into a Session with one foot IMU per sensor column group.
/// Sensor names containing "left"/"right" set the side. The session name is the file stem.
/// @throws FormatError (file, line) on missing acc/gyr columns, non-numeric or non-finite cells,
/// ragged rows, a non-increasing index, an index off the sample grid, or no data.
Session read_gaitmap_csv(const std::string& path, const GaitmapCsvOptions& options = {});

/// One row of a gaitmap stride list: stride_borders_*.csv (s_id, foot, start, end[, gsd_id]) or
/// stride_events_sample.csv (also ic, tc, min_vel, pre_ic). All values are absolute sample indices;
/// absent events are −1.
struct GaitmapStride {
  Index stride_id = -1;
  Side side = Side::Left;
  Index start = -1;
  Index end = -1;  ///< exclusive
  Index ic = -1;
  Index fc = -1;  ///< gaitmap `tc` (terminal contact = toe-off)
  Index min_vel = -1;
  Index pre_ic = -1;
};

struct GaitmapStrideList {
  double sampling_rate_hz = 0.0;
  std::vector<GaitmapStride> strides;  ///< in file order

  /// Reference events per side (left first, sides without strides omitted): IC = the union of
  /// `pre_ic` and `ic`, FC = `tc`, MS = `min_vel`, each sorted and unique.
  std::vector<GaitEvents> events() const;
  /// Strides of one side, in file order.
  std::vector<GaitmapStride> of_side(Side side) const;
};

/// Reads a gaitmap stride list (borders or events) at `sampling_rate_hz` (the rate of its IMU file).
/// @throws FormatError (file, line) on a missing s_id/foot/start/end column, a foot other than
/// left/right, non-integer sample values or end ≤ start; InvalidArgument on a bad rate.
GaitmapStrideList read_gaitmap_strides(const std::string& path, double sampling_rate_hz = 204.8);

// ---------------------------------------------------------------------------------------------
// Voisard et al. (IPOL 2023) healthy-subject set: `S-T_lf.txt`, `S-T_rf.txt` (line 1
// "Acquisition frequency: 100 Hz", then a tab-separated table PacketCounter, Acc_X..Z (m/s²),
// Gyr_X..Z (rad/s), Mag_X..Z) and `S-T.json` (Age, Height cm, Weight kg, TrialBoundaries,
// UTurnBoundaries, LeftFootEvents/RightFootEvents = swings [TO, HS] as packet counters).

/// Reads one Voisard trial. `path` is the trial's JSON, one of its `_lf/_rf/_lb.txt` files, or the
/// stem `.../GaitData/S-T`. Returns the two foot IMUs (frame Sensor; gyro converted from rad/s,
/// declared), subject age/height/mass when given (NaN in the JSON = unknown), the annotated swings
/// as reference events (FC = TO, IC = HS), the walk (TrialBoundaries) and the U-turn as ranges.
///
/// Sample i of both recordings is packet counter (first packet of the trial + i), so the reference
/// indices are the annotated counters minus that origin (0 in the published files). Dropped packets
/// become NaN samples (counted in missing_samples); a repeated counter keeps its first row (counted
/// in duplicate_rows); a 16-bit counter wrap is unwrapped. The lower-back sensor is not read.
/// @throws FormatError (file, line) on a missing file, a bad first line, missing columns, non-numeric
/// cells, a counter that runs backwards, or invalid JSON.
ImuFileContents read_voisard(const std::string& path);

// ---------------------------------------------------------------------------------------------
// MovingReality stroke treadmill CSV (Ensink et al. 2024, converted: see its SOURCE.md): time_s,
// then <left|right>_<foot|shank>_acc_{x,y,z}_mps2 and _gyr_{x,y,z}_dps. NaN = missing sample.

/// Reads a MovingReality CSV into a Session with the foot and shank IMUs present (frame Sensor).
/// The file has no participant data: pass `subject` (e.g. from the dataset's SOURCE.md table).
/// @throws FormatError (file, line) on no IMU column group, an incomplete group, non-numeric cells,
/// or a non-increasing / off-grid time column.
Session read_movingreality(const std::string& path, const SubjectInfo& subject = {});

// ---------------------------------------------------------------------------------------------
// Generic CSV with a declared column map.

/// Columns of one IMU.
struct ImuColumns {
  Side side = Side::Left;
  Placement placement = Placement::Foot;
  std::array<std::string, 3> acc;  ///< x, y, z
  std::array<std::string, 3> gyr;  ///< x, y, z
};

struct ImuCsvSpec {
  CsvOptions csv;                 ///< delimiter ('\0' = detect), comment, header, skip_lines
  std::string time_column;        ///< time; empty = use sampling_rate_hz
  double time_scale_to_s = 1.0;   ///< e.g. 0.001 when the time column is in ms
  double sampling_rate_hz = 0.0;  ///< required without a time column
  std::vector<ImuColumns> sensors;
  /// Units the caller vouches for (converted); unset ones are checked against m/s² and deg/s and a
  /// recording that looks like g or rad/s is rejected naming the likely unit (core/validate.hpp).
  DeclaredUnits units;
  AxesFrame frame = AxesFrame::Sensor;
  SubjectInfo subject;
  std::string name;  ///< session name; empty = file stem
};

/// Reads IMU data with the declared column map. With a time column, rows are placed on the uniform
/// grid of its median step (skipped samples become NaN).
/// @throws FormatError (file, line) on malformed text, a non-increasing or irregular time column, or
/// non-finite values; InvalidArgument on an unknown column, no sensor declared, two sensors at the
/// same side and placement, or values whose magnitude contradicts the (undeclared) unit.
Session read_imu_csv(const std::string& path, const ImuCsvSpec& spec);

/// A block of consecutive samples of an IMU CSV on the recording's uniform grid.
struct ImuChunk {
  Index first_sample = 0;            ///< grid index of the block's first row (0 = the file's first sample)
  std::vector<Vec3Series> acc_mps2;  ///< per sensor of the spec, in its order: (rows, 3), m/s²
  std::vector<Vec3Series> gyr_dps;   ///< per sensor: (rows, 3), deg/s
  Index rows() const { return acc_mps2.empty() ? 0 : acc_mps2.front().rows(); }
};

/// Reads a generic IMU CSV (the ImuCsvSpec of read_imu_csv) in blocks, so that a day-long file is
/// never held whole: memory is one block plus a probe of the first rows.
///
/// The first `probe_rows` rows are read by read_imu_csv's own steps (grid placement by the time
/// column, value checks, unit conversion and unit check), so a file of at most `probe_rows` rows gives
/// exactly read_imu_csv's samples. The probe fixes the sampling rate (from the time column, or the
/// declared rate) and the unit check; later rows are checked one by one with the same rules and
/// messages (file and line): a finite, increasing time whose step is a whole number of sampling
/// periods (skipped samples become NaN rows), finite values within range, declared units converted.
/// What the whole-file reader checks over all rows and this reader checks over the probe only: the
/// uniformity of the time axis (each row within half a period of the grid) and the units.
class ImuCsvChunkReader {
 public:
  static constexpr Index default_probe_rows = 8192;

  /// @throws as read_imu_csv for the spec and the probe rows.
  ImuCsvChunkReader(const std::string& path, const ImuCsvSpec& spec, Index probe_rows = default_probe_rows);
  ImuCsvChunkReader(ImuCsvChunkReader&&) noexcept;
  ImuCsvChunkReader& operator=(ImuCsvChunkReader&&) noexcept;
  ~ImuCsvChunkReader();

  double sampling_rate_hz() const;
  /// The session read_imu_csv would return, with recordings that hold no samples yet (side, placement,
  /// rate, frame and start time of each sensor; name and subject).
  const Session& header() const;
  /// The next at most `max_rows` samples (> 0); a block of 0 rows at the end of the file.
  /// @throws FormatError (file, line) on a malformed row; InvalidArgument on max_rows <= 0.
  ImuChunk next(Index max_rows);
  /// True when next() has nothing more to return.
  bool done();
  /// Grid samples returned so far.
  Index samples_read() const;
  /// Grid samples left NaN because the file skipped them, among the samples placed so far (the
  /// probe's are placed at construction).
  Index missing_samples() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The generic-CSV spec of a MovingReality-style file (its column groups, read from the header), for
/// ImuCsvChunkReader. Undeclared units: a file that contradicts m/s² and deg/s is an InvalidArgument
/// there (read_movingreality makes it a FormatError).
/// @throws FormatError as read_movingreality on the header.
ImuCsvSpec movingreality_spec(const std::string& path, const SubjectInfo& subject = {});

}  // namespace secondheart::io
