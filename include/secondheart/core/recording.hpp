/// @file
/// Recordings and sessions: what a reader produces and what the pipelines consume.
/// Units are fixed (DESIGN.md): s, m/s², deg/s, N, m. Readers convert; the core never guesses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/types.hpp"

namespace secondheart {

/// One 6-axis IMU on one segment, uniformly sampled.
struct ImuRecording {
  Side side = Side::Left;
  Placement placement = Placement::Foot;
  double sampling_rate_hz = 0.0;
  Vec3Series acc_mps2;  ///< specific force, gravity included (+9.81 on an axis pointing up)
  Vec3Series gyr_dps;   ///< angular velocity, right-hand rule
  AxesFrame frame = AxesFrame::Sensor;
  double start_time_s = 0.0;  ///< time of sample 0 on the session clock

  Index size() const { return acc_mps2.rows(); }
  double duration_s() const { return sampling_rate_hz > 0 ? size() / sampling_rate_hz : 0.0; }
};

/// One pressure insole (or force plate read as a one-cell insole), uniformly sampled.
/// Cell positions are in the insole frame: origin at the heel end, x towards the toe, y to the
/// left of the foot, in metres.
struct InsoleRecording {
  Side side = Side::Left;
  double sampling_rate_hz = 0.0;
  ChannelSeries cell_force_n;     ///< (samples, cells) vertical force per cell
  Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> cell_position_m;  ///< (cells, 2)
  double foot_length_m = 0.26;    ///< length the x coordinates refer to (CoP travel is % of it)
  Series total_force_n;           ///< optional: the device's own total; empty -> sum of cells
  double start_time_s = 0.0;

  Index size() const { return cell_force_n.rows(); }
  Index cell_count() const { return cell_force_n.cols(); }
  double duration_s() const { return sampling_rate_hz > 0 ? size() / sampling_rate_hz : 0.0; }
  /// Total vertical force: the device's total when given, else the sum of the cells.
  Series total() const {
    if (total_force_n.size() == cell_force_n.rows() && total_force_n.size() > 0) return total_force_n;
    return cell_force_n.rowwise().sum();
  }
};

/// What is known about the person; every field is optional.
struct SubjectInfo {
  std::optional<double> body_mass_kg;
  std::optional<double> height_m;
  std::optional<double> age_years;
};

/// Everything recorded at one time from one person: any mix of foot/shank IMUs and insoles.
struct Session {
  std::string name;
  std::vector<ImuRecording> imus;
  std::vector<InsoleRecording> insoles;
  SubjectInfo subject;

  /// The IMU at `placement` on `side`, or nullptr.
  const ImuRecording* imu(Placement placement, Side side) const {
    for (const auto& rec : imus)
      if (rec.placement == placement && rec.side == side) return &rec;
    return nullptr;
  }
  const InsoleRecording* insole(Side side) const {
    for (const auto& rec : insoles)
      if (rec.side == side) return &rec;
    return nullptr;
  }
};

}  // namespace secondheart
