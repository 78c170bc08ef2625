/// @file
/// Streaming analysis shared by the per-sensor streams: a fixed window of the last `window_s` seconds
/// of raw samples is re-analysed by the batch pipeline every `hop_s` seconds of new samples, and the
/// strides that are final are emitted once, with sample indices on the stream's clock.
/// Memory is the window (plus one analysis of it): constant whatever the duration. See docs/stream.md.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/result.hpp"
#include "secondheart/core/table.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/stream/activity_update.hpp"

namespace secondheart::stream {

struct StreamParams {
  double window_s = 30.0;  ///< raw samples kept and re-analysed (s); the running estimates come from them
  double hop_s = 1.0;      ///< new samples between two analyses (s): the cost is window_s / hop_s batch runs
  /// Extra data needed after a stride's following stride ends before it is final (s): the settling of
  /// the pipelines' zero-phase filters and rest detection at the window's end.
  double guard_s = 0.5;
  /// Strides starting this close to the window's start (s) are left to earlier windows: filter
  /// transients and rest detection are unsettled there. Not applied while the window still holds the
  /// segment's first sample (batch has the same edge there).
  double lead_s = 5.0;
  /// With timestamps: an interval longer than 1/fs + max_gap_s splits the stream into segments (the
  /// window restarts); the pipelines' own max gap (foot/shank 0.05 s).
  double max_gap_s = 0.05;
  /// With timestamps: a chunk whose median sample interval differs from 1/fs by more than this share
  /// is refused (InvalidArgument): a stream has one sampling rate; start a new stream for another.
  double rate_tolerance = 0.1;
  /// Two strides of successive windows whose ICs differ by at most this many samples are the same.
  Index same_ic_samples = 3;
};

/// Where an analysed window sits on the stream, for streams that keep running estimates of what the
/// batch path takes from the whole recording (FootImuStream).
struct WindowPosition {
  Index first_sample = 0;  ///< stream-clock index of the window's first row
  /// Rows [0, leaving) leave the window after this analysis (every row at the end of a segment):
  /// the last chance to take them into running estimates.
  Index leaving = 0;
  Index hop = 1;  ///< new rows between two analyses: rows [leaving, leaving + hop) leave next
};

/// What one push() (or close()) produced. Nothing else accumulates in the stream.
struct StreamUpdate {
  /// New strides, one row each, with the batch CycleTable's columns and Cycle fields; sample
  /// indices are on the stream's clock (samples since the first one pushed, int64).
  CycleTable strides;
  std::vector<bool> stride_warming_up;  ///< per row: emitted while the stream was warming up
  GaitEvents events;                    ///< IC, FC, HO of the new strides (stream clock)
  QualityFlags flags;                   ///< new quality flags (the stream's own and the pipeline's)
  bool warming_up = true;               ///< the window is not yet full (since the start or a split)
  Index samples_seen = 0;               ///< samples pushed so far (all segments)
  /// Bouts and hours made final by this update (SessionStream with stream_activity(); else empty).
  ActivityUpdate activity;

  bool empty() const { return strides.rows() == 0 && flags.empty() && activity.empty(); }

  /// Appends another update's strides, events and flags (the same columns expected when both have rows).
  void append(const StreamUpdate& other) {
    for (const auto& f : other.flags) flags.push_back(f);
    activity.append(other.activity);
    warming_up = warming_up || other.warming_up;
    samples_seen = std::max(samples_seen, other.samples_seen);
    if (other.strides.rows() == 0) return;
    if (strides.rows() == 0) {
      const bool warm = warming_up;
      const QualityFlags keep = std::move(flags);
      const ActivityUpdate keep_activity = std::move(activity);
      const Index seen = samples_seen;
      *this = other;
      flags = keep;
      activity = keep_activity;
      warming_up = warm;
      samples_seen = seen;
      return;
    }
    SECONDHEART_CHECK(strides.columns == other.strides.columns, "StreamUpdate::append: expected the columns ",
                      strides.join_columns(), ", got ", other.strides.join_columns());
    const Index r0 = strides.rows();
    strides.values.conservativeResize(r0 + other.strides.rows(), strides.values.cols());
    strides.values.bottomRows(other.strides.rows()) = other.strides.values;
    strides.cycles.insert(strides.cycles.end(), other.strides.cycles.begin(), other.strides.cycles.end());
    stride_warming_up.insert(stride_warming_up.end(), other.stride_warming_up.begin(), other.stride_warming_up.end());
    if (strides.source != other.strides.source) strides.source = "mixed";
  }
};

/// The window, the emission rule and the bad-input handling; a sensor stream supplies the batch
/// analysis of a window (analyze_window) and the way its chunks become rows of `columns` doubles.
class WindowStream {
 public:
  WindowStream(double sampling_rate_hz, Side side, Index columns, const StreamParams& params, std::string name)
      : fs_(sampling_rate_hz), side_(side), cols_(columns), params_(params), name_(std::move(name)) {
    SECONDHEART_CHECK(std::isfinite(fs_) && fs_ > 0, name_, ": expected sampling_rate_hz > 0, got ", fs_);
    SECONDHEART_CHECK(std::isfinite(params.window_s) && params.window_s >= 4.0, name_,
                      ": expected window_s >= 4 s (the pipelines need 2 s and strides), got ", params.window_s);
    SECONDHEART_CHECK(std::isfinite(params.hop_s) && params.hop_s > 0 && params.hop_s <= params.window_s / 2, name_,
                      ": expected 0 < hop_s <= window_s / 2, got ", params.hop_s);
    SECONDHEART_CHECK(params.guard_s >= 0 && params.lead_s >= 0 && params.lead_s < params.window_s / 2, name_,
                      ": expected guard_s >= 0 and 0 <= lead_s < window_s / 2, got ", params.guard_s, " and ",
                      params.lead_s);
    SECONDHEART_CHECK(params.max_gap_s >= 0 && params.rate_tolerance > 0 && params.same_ic_samples >= 0, name_,
                      ": expected max_gap_s >= 0, rate_tolerance > 0, same_ic_samples >= 0");
    SECONDHEART_CHECK(columns > 0, name_, ": expected at least one column, got ", columns);
    capacity_ = static_cast<Index>(std::llround(params.window_s * fs_));
    hop_rows_ = std::max<Index>(1, static_cast<Index>(std::llround(params.hop_s * fs_)));
    buffer_.resize(capacity_, cols_);
  }
  virtual ~WindowStream() = default;
  WindowStream(const WindowStream&) = default;
  WindowStream& operator=(const WindowStream&) = default;

  double sampling_rate_hz() const { return fs_; }
  Side side() const { return side_; }
  bool closed() const { return closed_; }
  /// True until the window has been filled once since the start (or since the last split).
  bool warming_up() const { return segment_samples_ < capacity_; }
  Index samples_seen() const { return base_ + rows_; }
  const StreamParams& params() const { return params_; }

  /// Analyses what is left in the window and emits every stride not emitted yet. The stream takes no
  /// more samples afterwards.
  StreamUpdate close() {
    SECONDHEART_CHECK(!closed_, name_, ": close() called twice (the stream is already closed)");
    StreamUpdate out = start_update();
    end_segment(out);
    closed_ = true;
    out.warming_up = warming_up();
    out.samples_seen = samples_seen();
    return out;
  }

 protected:
  /// The batch pipeline on `window` (rows, columns) of this stream: one side's PipelineResult.
  /// Non-const: a stream may update its running estimates with the rows about to leave (`where`).
  virtual PipelineResult analyze_window(const ChannelSeries& window, const WindowPosition& where) = 0;

  /// Takes `n` rows: `write(i, row)` fills row i of the chunk (cols_ doubles). `timestamps_s` (n values
  /// or nullptr) are the samples' times (s). Checks first, so a refused chunk changes nothing.
  template <class RowWriter>
  StreamUpdate ingest(Index n, const double* timestamps_s, RowWriter write) {
    SECONDHEART_CHECK(!closed_, name_, ": push() after close(): the stream is closed; create a new one");
    StreamUpdate out = start_update();
    if (n == 0) return finish_update(out);
    std::vector<char> gap_before;  // with timestamps: a split before sample i
    if (timestamps_s) gap_before = check_timestamps(n, timestamps_s);
    for (Index i = 0; i < n; ++i) {
      if (timestamps_s) {
        if (gap_before[static_cast<std::size_t>(i)]) {
          const double dt = timestamps_s[i] - last_time_s_;
          end_segment(out);
          const Index skipped = std::max<Index>(0, static_cast<Index>(std::llround(dt * fs_)) - 1);
          out.flags.push_back({"stream_gap", side_,
                               name_ + ": no samples for " + to_text(dt) + " s before sample " +
                                   std::to_string(samples_seen() + skipped) +
                                   " (longer than the pipeline's max gap): the stream is split, the window restarts"});
          base_ += rows_ + skipped;
          rows_ = 0;
          segment_start_ = base_;
          segment_samples_ = 0;
          since_analysis_ = 0;
          emitted_codes_.clear();
        }
        last_time_s_ = timestamps_s[i];
        have_time_ = true;
      }
      double* row = buffer_.data() + rows_ * cols_;
      write(i, row);
      note_finite(row);
      ++rows_;
      ++segment_samples_;
      ++since_analysis_;
      if (since_analysis_ >= hop_rows_ && rows_ >= 2) {
        analyse(out, false);
        since_analysis_ = 0;
        drop_oldest();
      }
      if (rows_ == capacity_) drop_oldest();  // cannot happen with hop <= window / 2; keeps the bound
    }
    return finish_update(out);
  }

  /// Throws when a chunk's shape is not the expected one.
  void check_columns(Index got, Index expected, const char* what) const {
    SECONDHEART_CHECK(got == expected, name_, ": expected ", what, " with ", expected, " columns, got ", got);
  }

 private:
  /// An empty update whose strides table already has the pipeline's source and columns (so an update
  /// without strides has the batch columns too): learnt from an analysis of an empty window.
  StreamUpdate start_update() {
    if (!header_known_) {
      header_known_ = true;
      for (Index rows : {Index{0}, Index{1}}) {  // some pipelines refuse an empty recording
        try {
          const PipelineResult empty = analyze_window(ChannelSeries::Zero(rows, cols_), {base_, 0, hop_rows_});
          source_ = empty.cycles.source;
          columns_ = empty.cycles.columns;
          break;
        } catch (const InvalidArgument&) {  // else learnt from the first real window
        }
      }
    }
    StreamUpdate out;
    out.events.side = side_;
    out.events.sampling_rate_hz = fs_;
    out.strides.sampling_rate_hz = fs_;
    out.strides.source = source_;
    out.strides.columns = columns_;
    out.strides.values.resize(0, static_cast<Index>(columns_.size()));
    return out;
  }
  StreamUpdate finish_update(StreamUpdate& out) const {  // NOLINT: moves the caller's update out
    out.warming_up = warming_up();
    out.samples_seen = samples_seen();
    return std::move(out);
  }

  /// Timestamps must be finite and increasing, at the stream's rate; returns where gaps split.
  std::vector<char> check_timestamps(Index n, const double* t) const {
    std::vector<char> gap(static_cast<std::size_t>(n), 0);
    std::vector<double> steady;
    const double max_interval = 1.0 / fs_ + params_.max_gap_s;
    for (Index i = 0; i < n; ++i) {
      SECONDHEART_CHECK(std::isfinite(t[i]), name_, ": expected finite timestamps, got ", t[i], " at chunk sample ", i);
      const bool has_prev = i > 0 || have_time_;
      if (!has_prev) continue;
      const double prev = i > 0 ? t[i - 1] : last_time_s_;
      const double dt = t[i] - prev;
      SECONDHEART_CHECK(dt > 0, name_, ": expected increasing timestamps, got ", prev, " then ", t[i],
                        " s at chunk sample ", i);
      if (dt > max_interval)
        gap[static_cast<std::size_t>(i)] = 1;
      else
        steady.push_back(dt);
    }
    if (steady.size() >= 8) {  // a rate needs a few intervals; single samples are not judged
      std::nth_element(steady.begin(), steady.begin() + static_cast<std::ptrdiff_t>(steady.size() / 2), steady.end());
      const double median_dt = steady[steady.size() / 2];
      SECONDHEART_CHECK(std::abs(median_dt * fs_ - 1.0) <= params_.rate_tolerance, name_,
                        ": expected samples at ", fs_, " Hz (every ", to_text(1.0 / fs_), " s), got a chunk at ",
                        to_text(1.0 / median_dt),
                        " Hz: a stream has one sampling rate; resample, or close it and start a new stream");
    }
    return gap;
  }

  /// NaN runs become one flag each when they end (the pipelines bridge short ones and mark strides
  /// over long ones bad_data): bounded state, one flag per run whatever the chunking.
  void note_finite(const double* row) {
    bool finite = true;
    for (Index k = 0; k < cols_; ++k) finite = finite && std::isfinite(row[k]);
    const Index at = base_ + rows_;
    if (!finite && nan_begin_ < 0) nan_begin_ = at;
    if (finite && nan_begin_ >= 0) close_nan_run(at);
  }
  void close_nan_run(Index end) {
    if (nan_begin_ < 0) return;
    pending_flags_.push_back({"stream_missing", side_,
                              name_ + ": " + std::to_string(end - nan_begin_) + " missing (non-finite) samples [" +
                                  std::to_string(nan_begin_) + ", " + std::to_string(end) + ") (" +
                                  to_text(static_cast<double>(end - nan_begin_) / fs_) +
                                  " s): short gaps are interpolated, strides over longer ones are bad_data"});
    nan_begin_ = -1;
  }

  /// Keeps the last capacity - hop rows so that the next hop refills the window exactly.
  void drop_oldest() {
    const Index keep = capacity_ - hop_rows_;
    if (rows_ <= keep) return;
    const Index drop = rows_ - keep;
    std::memmove(buffer_.data(), buffer_.data() + drop * cols_,
                 static_cast<std::size_t>(keep * cols_) * sizeof(double));
    base_ += drop;
    rows_ = keep;
  }

  void end_segment(StreamUpdate& out) {
    close_nan_run(samples_seen());
    if (rows_ >= 2) analyse(out, true);
    for (auto& f : pending_flags_) out.flags.push_back(std::move(f));
    pending_flags_.clear();
  }

  /// Runs the pipeline on the window and emits the strides that are final (all of them when `final`).
  void analyse(StreamUpdate& out, bool final) {
    for (auto& f : pending_flags_) out.flags.push_back(std::move(f));
    pending_flags_.clear();
    const bool warm = warming_up();
    PipelineResult result;
    try {
      const Index keep = capacity_ - hop_rows_;  // as drop_oldest
      result = analyze_window(buffer_.topRows(rows_), {base_, final ? rows_ : std::max<Index>(0, rows_ - keep), hop_rows_});
    } catch (const InvalidArgument& e) {  // e.g. a window whose units look like g: report, keep streaming
      if (emitted_codes_.insert("stream_window_refused").second)
        out.flags.push_back({"stream_window_refused", side_,
                             name_ + ": the pipeline refused the window [" + std::to_string(base_) + ", " +
                                 std::to_string(base_ + rows_) + "): " + e.what()});
      return;
    }
    // The pipeline's flags, once per code and segment, from full windows and the final one (a window
    // still filling always reads as too short / too few strides).
    if (!warm || final)
      for (auto& f : result.flags)
        if (emitted_codes_.insert(f.code).second) {
          f.message = name_ + " window [" + std::to_string(base_) + ", " + std::to_string(base_ + rows_) + "): " + f.message;
          out.flags.push_back(std::move(f));
        }
    const CycleTable& table = result.cycles;
    if (table.rows() == 0) return;
    if (out.strides.columns.empty() && out.strides.rows() == 0) {
      source_ = out.strides.source = table.source;
      columns_ = out.strides.columns = table.columns;
      out.strides.values.resize(0, static_cast<Index>(table.columns.size()));
    }
    SECONDHEART_CHECK(out.strides.columns == table.columns, name_, ": the pipeline changed its columns");
    // Median stride of the window: how long to wait for a next IC before a stride is a bout's last.
    std::vector<double> durations;
    for (const auto& c : table.cycles)
      if (c.valid()) durations.push_back(static_cast<double>(c.next_ic - c.ic));
    double median_stride = 1.2 * fs_;
    if (!durations.empty()) {
      std::nth_element(durations.begin(), durations.begin() + static_cast<std::ptrdiff_t>(durations.size() / 2),
                       durations.end());
      median_stride = durations[durations.size() / 2];
    }
    const Index guard = static_cast<Index>(std::llround(params_.guard_s * fs_));
    const Index lead = static_cast<Index>(std::llround(params_.lead_s * fs_));
    const Index bout_end = static_cast<Index>(std::llround(1.5 * median_stride));
    const bool at_start = base_ == segment_start_;
    for (Index r = 0; r < table.rows(); ++r) {
      const Cycle& c = table.cycles[static_cast<std::size_t>(r)];
      if (c.side != side_) continue;
      // Emitted already, or overlapping an emitted stride of this foot (a window of the warm-up placed
      // its IC a few samples apart: one foot's strides do not overlap, so it is the same one).
      if (emitted_any_ && c.ic + base_ < last_emitted_next_ic_ - params_.same_ic_samples) continue;
      if (emitted_any_ && c.ic + base_ <= last_emitted_ic_ + params_.same_ic_samples) continue;
      if (!final) {
        if (!at_start && c.ic < lead) continue;
        const bool has_next = r + 1 < table.rows() && table.cycles[static_cast<std::size_t>(r + 1)].side == side_;
        const Index wait = has_next ? std::min(table.cycles[static_cast<std::size_t>(r + 1)].next_ic - c.next_ic, bout_end)
                                    : bout_end;
        if (rows_ - c.next_ic < wait + guard) break;  // not final yet, nor the ones after it
      }
      Cycle g = c;
      g.ic += base_;
      g.next_ic += base_;
      if (g.fc >= 0) g.fc += base_;
      if (g.ho >= 0) g.ho += base_;
      const Index row = out.strides.rows();
      out.strides.values.conservativeResize(row + 1, out.strides.values.cols());
      out.strides.values.row(row) = table.values.row(r);
      out.strides.cycles.push_back(g);
      out.stride_warming_up.push_back(warm);
      out.events.ic.push_back(g.ic);
      if (g.fc >= 0) out.events.fc.push_back(g.fc);
      if (g.ho >= 0) out.events.ho.push_back(g.ho);
      last_emitted_ic_ = g.ic;
      last_emitted_next_ic_ = g.next_ic;
      emitted_any_ = true;
    }
  }

  double fs_;
  Side side_;
  Index cols_;
  StreamParams params_;
  std::string name_;
  Index capacity_ = 0, hop_rows_ = 1;
  ChannelSeries buffer_;       ///< (capacity, cols): rows [0, rows_) are the window, row 0 is sample base_
  Index rows_ = 0;
  Index base_ = 0;             ///< stream-clock index of the window's first row
  Index segment_start_ = 0;    ///< stream-clock index of the current segment's first sample
  Index segment_samples_ = 0;  ///< samples since the segment started
  Index since_analysis_ = 0;
  Index last_emitted_ic_ = 0;
  Index last_emitted_next_ic_ = 0;
  bool emitted_any_ = false;
  Index nan_begin_ = -1;       ///< start of the open run of non-finite samples, or -1
  double last_time_s_ = 0.0;
  bool have_time_ = false;
  bool closed_ = false;
  bool header_known_ = false;
  std::string source_;                ///< the pipeline's table source and columns (see start_update)
  std::vector<std::string> columns_;
  std::set<std::string> emitted_codes_;  ///< pipeline flag codes reported in this segment (a few names)
  QualityFlags pending_flags_;           ///< the stream's own flags not yet handed out
};

}  // namespace secondheart::stream
