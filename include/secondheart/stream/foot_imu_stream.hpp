/// @file
/// FootImuStream: the foot-IMU pipeline (pipeline/foot_imu.hpp) on a stream of samples of one foot.
#pragma once

#include <utility>

#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/imu_stream.hpp"

namespace secondheart::stream {

/// Streams one foot IMU: push(acc, gyr) chunks of any size, get the strides that became final.
/// Each window runs analyze_foot_imus on that foot alone (lean: no per-sample series kept), so a
/// stride's row equals the batch row of the same foot analysed alone; the double-support columns,
/// which need the other foot, are NaN as in a one-foot batch.
class FootImuStream : public ImuWindowStream {
 public:
  FootImuStream(double sampling_rate_hz, Side side, pipeline::FootImuPipelineParams pipeline = {},
                const StreamParams& params = {}, AxesFrame frame = AxesFrame::Sensor)
      : ImuWindowStream(sampling_rate_hz, side, Placement::Foot, params, frame), pipeline_(std::move(pipeline)) {
    pipeline_.keep_segment_signals = false;
    pipeline_.metrics.keep_trajectories = false;
  }

 protected:
  PipelineResult analyze_window(const ChannelSeries& window) const override {
    return pipeline::analyze_foot_imus(window_session(window), pipeline_);
  }

 private:
  pipeline::FootImuPipelineParams pipeline_;
};

}  // namespace secondheart::stream
