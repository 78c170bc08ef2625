/// @file
/// FootImuStream: the foot-IMU pipeline (pipeline/foot_imu.hpp) on a stream of samples of one foot.
#pragma once

#include <string>
#include <utility>

#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/window_stream.hpp"

namespace secondheart::stream {

/// Streams one foot IMU: push(acc, gyr) chunks of any size, get the strides that became final.
/// Each window runs analyze_foot_imus on that foot alone (lean: no per-sample series kept), so a
/// stride's row equals the batch row of the same foot analysed alone; the double-support columns,
/// which need the other foot, are NaN as in a one-foot batch.
class FootImuStream : public WindowStream {
 public:
  FootImuStream(double sampling_rate_hz, Side side, pipeline::FootImuPipelineParams pipeline = {},
                const StreamParams& params = {}, AxesFrame frame = AxesFrame::Sensor)
      : WindowStream(sampling_rate_hz, side, 6, params, std::string(to_string(side)) + " foot IMU stream"),
        pipeline_(std::move(pipeline)),
        frame_(frame) {
    pipeline_.keep_segment_signals = false;
    pipeline_.metrics.keep_trajectories = false;
  }

  /// Takes a chunk: acc (n, 3) m/s², gyr (n, 3) deg/s; optional timestamps (n) s on any clock.
  /// @throws InvalidArgument on mismatched shapes, after close(), or bad timestamps (see StreamParams).
  StreamUpdate push(const Eigen::Ref<const Vec3Series>& acc_mps2, const Eigen::Ref<const Vec3Series>& gyr_dps,
                    const Series* timestamps_s = nullptr) {
    SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "foot IMU stream: expected as many acc as gyro samples, got ",
                      acc_mps2.rows(), " and ", gyr_dps.rows());
    SECONDHEART_CHECK(!timestamps_s || timestamps_s->size() == acc_mps2.rows(),
                      "foot IMU stream: expected one timestamp per sample (", acc_mps2.rows(), "), got ",
                      timestamps_s ? timestamps_s->size() : 0);
    return ingest(acc_mps2.rows(), timestamps_s ? timestamps_s->data() : nullptr, [&](Index i, double* row) {
      for (int k = 0; k < 3; ++k) row[k] = acc_mps2(i, k), row[3 + k] = gyr_dps(i, k);
    });
  }

 protected:
  PipelineResult analyze_window(const ChannelSeries& window) const override {
    Session session;
    ImuRecording& rec = session.imus.emplace_back();
    rec.side = side();
    rec.placement = Placement::Foot;
    rec.sampling_rate_hz = sampling_rate_hz();
    rec.frame = frame_;
    rec.acc_mps2 = window.leftCols(3);
    rec.gyr_dps = window.rightCols(3);
    return pipeline::analyze_foot_imus(session, pipeline_);
  }

 private:
  pipeline::FootImuPipelineParams pipeline_;
  AxesFrame frame_;
};

}  // namespace secondheart::stream
