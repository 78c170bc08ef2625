// The hours the pipeline benchmarks time: the synthetic walker at 100 Hz, twelve 5-minute blocks,
// with the IMUs of one placement turned into their sensor frame so the alignment has work to do.
//  - walking hour: 4.5 min walking + 30 s standing per block (90 % walking, the worst case);
//  - day-like hour: 30 s walking + 30 s standing + 4 min sitting per block (10 % walking, closer to
//    a day of a person the library is for).
#pragma once

#include <Eigen/Core>

#include "secondheart/synth/walker.hpp"

namespace secondheart::bench {

/// The walker's session for a benchmark hour; IMUs at `placement` are mounted with `mount`
/// (sensor = mountᵀ · segment) and declared in the sensor frame.
inline Session hour_session(Placement placement, const Eigen::Matrix3d& mount, bool day_like = false) {
  synth::WalkerParams p;
  p.sampling_rate_hz = 100.0;
  p.schedule.clear();
  for (int k = 0; k < 12; ++k) {
    if (day_like) {
      p.schedule.push_back({synth::ActivityKind::Walk, 30});
      p.schedule.push_back({synth::ActivityKind::Stand, 30});
      p.schedule.push_back({synth::ActivityKind::Sit, 240});
    } else {
      p.schedule.push_back({synth::ActivityKind::Walk, 270});
      p.schedule.push_back({synth::ActivityKind::Stand, 30});
    }
  }
  synth::WalkResult w = synth::walk(p);
  for (auto& imu : w.session.imus)
    if (imu.placement == placement) {
      imu.acc_mps2 = imu.acc_mps2 * mount;
      imu.gyr_dps = imu.gyr_dps * mount;
      imu.frame = AxesFrame::Sensor;
    }
  return w.session;
}

}  // namespace secondheart::bench
