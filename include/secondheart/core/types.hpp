/// @file
/// Small vocabulary types shared by every stage: sides, placements, units, array aliases.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <string_view>

namespace secondheart {

/// Sample index into a recording (half-open ranges [begin, end) everywhere).
using Index = std::int64_t;

/// One value per sample.
using Series = Eigen::VectorXd;
/// Three axes per sample, row-major so a NumPy (n, 3) array maps without a copy.
using Vec3Series = Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>;
/// Several channels per sample (e.g. insole cells), row-major: (samples, channels).
using ChannelSeries = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double standard_gravity_mps2 = 9.80665;
inline constexpr double rad_to_deg = 57.295779513082320876798;

enum class Side { Left, Right };
/// Where an IMU is worn.
enum class Placement { Foot, Shank };
/// Axes of an IMU recording: as the sensor wrote them, or already rotated into the segment frame
/// (x forward, y left, z up; see DESIGN.md "Conventions").
enum class AxesFrame { Sensor, Segment };

enum class GyroUnit { DegreesPerSecond, RadiansPerSecond };
enum class AccUnit { MetresPerSecond2, StandardGravity };

constexpr std::string_view to_string(Side side) { return side == Side::Left ? "left" : "right"; }
constexpr std::string_view to_string(Placement placement) {
  return placement == Placement::Foot ? "foot" : "shank";
}
constexpr Side other(Side side) { return side == Side::Left ? Side::Right : Side::Left; }

}  // namespace secondheart
