// The hour the pipeline benchmarks time: the synthetic walker at 100 Hz, 4.5 min walking and 30 s
// standing, twelve times, with the IMUs of one placement turned into their sensor frame so the
// alignment has work to do.
#pragma once

#include <Eigen/Core>

#include "secondheart/synth/walker.hpp"

namespace secondheart::bench {

/// The walker's session for the benchmark hour; IMUs at `placement` are mounted with `mount`
/// (sensor = mountᵀ · segment) and declared in the sensor frame.
inline Session hour_session(Placement placement, const Eigen::Matrix3d& mount) {
  synth::WalkerParams p;
  p.sampling_rate_hz = 100.0;
  p.schedule.clear();
  for (int k = 0; k < 12; ++k) {
    p.schedule.push_back({synth::ActivityKind::Walk, 270});
    p.schedule.push_back({synth::ActivityKind::Stand, 30});
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
