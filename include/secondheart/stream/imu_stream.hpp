/// @file
/// ImuWindowStream: what the foot and shank IMU streams share: push(acc, gyr) chunks into the
/// window, and the window as a one-IMU session for the sensor's batch pipeline.
#pragma once

#include <string>

#include "secondheart/core/recording.hpp"
#include "secondheart/stream/window_stream.hpp"

namespace secondheart::stream {

/// A window stream of one 6-axis IMU (columns acc x y z, gyr x y z).
class ImuWindowStream : public WindowStream {
 public:
  /// Takes a chunk: acc (n, 3) m/s², gyr (n, 3) deg/s; optional timestamps (n) s on any clock.
  /// @throws InvalidArgument on mismatched shapes, after close(), or bad timestamps (see StreamParams).
  StreamUpdate push(const Eigen::Ref<const Vec3Series>& acc_mps2, const Eigen::Ref<const Vec3Series>& gyr_dps,
                    const Series* timestamps_s = nullptr) {
    SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), to_string(placement_),
                      " IMU stream: expected as many acc as gyro samples, got ", acc_mps2.rows(), " and ",
                      gyr_dps.rows());
    SECONDHEART_CHECK(!timestamps_s || timestamps_s->size() == acc_mps2.rows(), to_string(placement_),
                      " IMU stream: expected one timestamp per sample (", acc_mps2.rows(), "), got ",
                      timestamps_s ? timestamps_s->size() : 0);
    return ingest(acc_mps2.rows(), timestamps_s ? timestamps_s->data() : nullptr, [&](Index i, double* row) {
      for (int k = 0; k < 3; ++k) row[k] = acc_mps2(i, k), row[3 + k] = gyr_dps(i, k);
    });
  }

 protected:
  ImuWindowStream(double sampling_rate_hz, Side side, Placement placement, const StreamParams& params, AxesFrame frame)
      : WindowStream(sampling_rate_hz, side, 6, params,
                     std::string(to_string(side)) + " " + std::string(to_string(placement)) + " IMU stream"),
        placement_(placement),
        frame_(frame) {}

  /// The window as a session holding this one IMU, for the batch pipeline.
  Session window_session(const ChannelSeries& window) const {
    Session session;
    ImuRecording& rec = session.imus.emplace_back();
    rec.side = side();
    rec.placement = placement_;
    rec.sampling_rate_hz = sampling_rate_hz();
    rec.frame = frame_;
    rec.acc_mps2 = window.leftCols(3);
    rec.gyr_dps = window.rightCols(3);
    return session;
  }

 private:
  Placement placement_;
  AxesFrame frame_;
};

}  // namespace secondheart::stream
