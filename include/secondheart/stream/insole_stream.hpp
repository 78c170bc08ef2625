/// @file
/// InsoleStream: the insole pipeline (pipeline/insole.hpp) on a stream of samples of one insole.
#pragma once

#include <string>
#include <utility>

#include "secondheart/pipeline/insole.hpp"
#include "secondheart/stream/window_stream.hpp"

namespace secondheart::stream {

/// Streams one pressure insole: push(cell forces) chunks of any size, get the strides that became final.
/// Each window runs analyze_insoles on that insole alone (double support, which needs both feet, is
/// NaN as in a one-insole batch).
class InsoleStream : public WindowStream {
 public:
  /// `cell_position_m` (cells, 2) and `foot_length_m` as in InsoleRecording.
  InsoleStream(double sampling_rate_hz, Side side, Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> cell_position_m,
               double foot_length_m = 0.26, pipeline::InsolePipelineParams pipeline = {},
               const StreamParams& params = {})
      : WindowStream(sampling_rate_hz, side, std::max<Index>(1, cell_position_m.rows()), params,
                     std::string(to_string(side)) + " insole stream"),
        positions_(std::move(cell_position_m)),
        foot_length_m_(foot_length_m),
        pipeline_(std::move(pipeline)) {
    SECONDHEART_CHECK(positions_.rows() > 0, "insole stream: expected at least one cell position, got none");
  }

  Index cell_count() const { return positions_.rows(); }

  /// Takes a chunk of cell forces (n, cells) N; optional timestamps (n) s.
  /// @throws InvalidArgument on a wrong number of cells, after close(), or bad timestamps (see StreamParams).
  StreamUpdate push(const Eigen::Ref<const ChannelSeries>& cell_force_n, const Series* timestamps_s = nullptr) {
    check_columns(cell_force_n.cols(), positions_.rows(), "cell forces (samples, cells)");
    SECONDHEART_CHECK(!timestamps_s || timestamps_s->size() == cell_force_n.rows(),
                      "insole stream: expected one timestamp per sample (", cell_force_n.rows(), "), got ",
                      timestamps_s ? timestamps_s->size() : 0);
    return ingest(cell_force_n.rows(), timestamps_s ? timestamps_s->data() : nullptr, [&](Index i, double* row) {
      for (Index k = 0; k < cell_force_n.cols(); ++k) row[k] = cell_force_n(i, k);
    });
  }

 protected:
  PipelineResult analyze_window(const ChannelSeries& window, const WindowPosition& /*where*/) override {
    Session session;
    InsoleRecording& rec = session.insoles.emplace_back();
    rec.side = side();
    rec.sampling_rate_hz = sampling_rate_hz();
    rec.cell_force_n = window;
    rec.cell_position_m = positions_;
    rec.foot_length_m = foot_length_m_;
    return pipeline::analyze_insoles(session, pipeline_);
  }

 private:
  Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> positions_;
  double foot_length_m_;
  pipeline::InsolePipelineParams pipeline_;
};

}  // namespace secondheart::stream
