// The hours the pipeline benchmarks time: the synthetic walker at 100 Hz, twelve 5-minute blocks,
// with the IMUs of one placement turned into their sensor frame so the alignment has work to do.
//  - walking hour: 4.5 min walking + 30 s standing per block (90 % walking, the worst case);
//  - day-like hour: 30 s walking + 30 s standing + 4 min sitting per block (10 % walking, closer to
//    a day of a person the library is for);
//  - a day (DESIGN.md's budget: 24 h of two feet in under 1 s): 8 sitting hours, then 16 day-like
//    hours (96 min of walking), built by repeating two generated hours.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <utility>
#include <vector>

#include "secondheart/synth/walker.hpp"

namespace secondheart::bench {

/// The walker's session for `schedule` at 100 Hz; IMUs at `placement` are mounted with `mount`
/// (sensor = mountᵀ · segment) and declared in the sensor frame.
inline Session mounted_walk(Placement placement, const Eigen::Matrix3d& mount, std::vector<synth::Bout> schedule) {
  synth::WalkerParams p;
  p.sampling_rate_hz = 100.0;
  p.schedule = std::move(schedule);
  synth::WalkResult w = synth::walk(p);
  for (auto& imu : w.session.imus)
    if (imu.placement == placement) {
      imu.acc_mps2 = imu.acc_mps2 * mount;
      imu.gyr_dps = imu.gyr_dps * mount;
      imu.frame = AxesFrame::Sensor;
    }
  return w.session;
}

/// A benchmark hour: twelve 5-minute blocks, walking or day-like (see above).
inline Session hour_session(Placement placement, const Eigen::Matrix3d& mount, bool day_like = false) {
  std::vector<synth::Bout> schedule;
  for (int k = 0; k < 12; ++k) {
    if (day_like) {
      schedule.push_back({synth::ActivityKind::Walk, 30});
      schedule.push_back({synth::ActivityKind::Stand, 30});
      schedule.push_back({synth::ActivityKind::Sit, 240});
    } else {
      schedule.push_back({synth::ActivityKind::Walk, 270});
      schedule.push_back({synth::ActivityKind::Stand, 30});
    }
  }
  return mounted_walk(placement, mount, std::move(schedule));
}

/// 24 h: `night_hours` of sitting, then day-like hours; the IMUs at `placement` only.
inline Session day_session(Placement placement, const Eigen::Matrix3d& mount, int night_hours = 8) {
  const Session active = hour_session(placement, mount, true);
  const Session sitting = mounted_walk(placement, mount, {{synth::ActivityKind::Sit, 3600}});
  Session day;
  for (const auto& imu : active.imus) {
    if (imu.placement != placement) continue;
    const ImuRecording& still = *sitting.imu(placement, imu.side);
    ImuRecording rec = imu;
    rec.acc_mps2.resize(night_hours * still.size() + (24 - night_hours) * imu.size(), 3);
    rec.gyr_dps.resize(rec.acc_mps2.rows(), 3);
    Index row = 0;
    for (int h = 0; h < 24; ++h) {
      const ImuRecording& hour = h < night_hours ? still : imu;
      rec.acc_mps2.middleRows(row, hour.size()) = hour.acc_mps2;
      rec.gyr_dps.middleRows(row, hour.size()) = hour.gyr_dps;
      row += hour.size();
    }
    day.imus.push_back(std::move(rec));
  }
  return day;
}

/// The foot mounting the foot benchmarks share (a sensor turned 23 deg about z and -34 deg about y).
inline Eigen::Matrix3d foot_mount() {
  return (Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-0.6, Eigen::Vector3d::UnitY()))
      .toRotationMatrix();
}

/// The benchmarks' day of two foot IMUs (day_session with foot_mount), generated once per process.
inline const Session& foot_day() {
  static const Session s = day_session(Placement::Foot, foot_mount());
  return s;
}

}  // namespace secondheart::bench
