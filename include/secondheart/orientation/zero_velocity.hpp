/// @file
/// Zero-velocity (foot-flat) detection for a foot-worn IMU, with thresholds taken from the
/// recording itself. The statistic is the gyroscope norm averaged over a short centred window
/// (seconds, converted with the sampling rate). A sample is at rest when its motion is below
///  - the global split: the Otsu threshold of the log-distribution of the motion (standing and
///    foot-flat against swing), which follows each recording's noise floor and swing amplitude; or
///  - the local split: the geometric interpolation F^(1-a) L^a between the local floor F (running
///    minimum over about one stride) and the local swing level L (running maximum over about one
///    stride). Fast walkers never hold the foot still for long: their foot-flat motion stays above
///    the global split, but it is still the clear minimum between two swings.
/// Runs closer than a short gap are merged (one stance), and runs shorter than a minimum dropped.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/dsp/filter.hpp"
#include "secondheart/dsp/runs.hpp"

namespace secondheart::orientation {

/// Helpers of the foot-IMU code (filters, quantiles, gap filling). Public for tests.
namespace foot_detail {

/// Quantile (0..1, nearest rank) of the finite values; NaN when there are none.
inline double quantile(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
               values.end());
  if (values.empty()) return NaN;
  const auto k = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1) + 0.5);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

inline double median(std::vector<double> values) { return quantile(std::move(values), 0.5); }

/// Sum of each column of an (n, 3) series in one pass over its rows (Eigen's colwise sum of a
/// row-major matrix walks each column with one serial addition chain).
inline Eigen::Vector3d column_sums(const Vec3Series& x) {
  const double* p = x.data();
  const Index n = x.rows();
  double a0 = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0, b2 = 0;  // two rows per step: two chains per column
  Index i = 0;
  for (; i + 1 < n; i += 2) {
    a0 += p[3 * i], a1 += p[3 * i + 1], a2 += p[3 * i + 2];
    b0 += p[3 * i + 3], b1 += p[3 * i + 4], b2 += p[3 * i + 5];
  }
  if (i < n) a0 += p[3 * i], a1 += p[3 * i + 1], a2 += p[3 * i + 2];
  return {a0 + b0, a1 + b1, a2 + b2};
}

/// Centred moving mean over 2*half+1 samples (truncated at the edges), in place: O(n) with a
/// running sum and a ring of the half+1 originals still to be subtracted (a day-long signal is
/// 70 MB per array: no second one).
inline void moving_mean_in_place(Series& x, Index half) {
  const Index n = x.size();
  half = std::max<Index>(0, half);
  std::vector<double> ring(static_cast<std::size_t>(half + 1));  // original x[j] at j % (half + 1)
  double sum = 0.0;
  for (Index i = 0; i < std::min(n, half); ++i) sum += x[i];
  std::size_t at = 0;  // i % (half + 1), without a division per sample
  const double inv_full = 1.0 / static_cast<double>(2 * half + 1);
  auto advance = [&] { at = at == ring.size() - 1 ? 0 : at + 1; };
  auto edge = [&](Index i) {  // a window truncated by an end of the signal
    if (i + half < n) sum += x[i + half];
    if (i - half - 1 >= 0) sum -= ring[at];  // original x[i - half - 1], in the slot x[i] takes next
    ring[at] = x[i];
    advance();
    const Index count = std::min<Index>(n, i + half + 1) - std::max<Index>(0, i - half);
    x[i] = count == 2 * half + 1 ? sum * inv_full : sum / static_cast<double>(count);
  };
  // Whole windows in their own loop: no division and no edge test per sample.
  const Index interior_begin = std::min(n, half + 1), interior_end = std::max(interior_begin, n - half);
  for (Index i = 0; i < interior_begin; ++i) edge(i);
  for (Index i = interior_begin; i < interior_end; ++i) {
    sum += x[i + half] - ring[at];  // one addition in the chain from sample to sample
    ring[at] = x[i];
    advance();
    x[i] = sum * inv_full;
  }
  for (Index i = interior_end; i < n; ++i) edge(i);
}

/// Centred moving mean over 2*half+1 samples (truncated at the edges).
inline Series moving_mean(Series x, Index half) {
  moving_mean_in_place(x, half);
  return x;
}

/// Centred running minimum and maximum of x over the window [i - half, i + half] (truncated at the
/// edges), block by block: for each block of up to 2*half+1 consecutive samples starting at
/// `begin`, visit(begin, count, lo, hi) gets their extremes in lo[0..count) and hi[0..count).
/// O(n) time whatever the window, O(half) memory (van Herk / Gil-Werman: the window of a sample
/// spans the end of one block of the window length and the start of the next, so the suffix
/// extremes of one block and the prefix extremes of the next are all it needs). The edge samples
/// stand in for the samples beyond the ends: a truncated window holds the edge sample whenever it
/// reaches past it, so that changes no extreme. `skip(begin, count)` returning true leaves a block
/// out (no extremes computed, no visit).
template <typename Visit, typename Skip>
inline void for_each_running_min_max_block(const Series& x, Index half, Visit&& visit, Skip&& skip) {
  const Index n = x.size();
  if (n == 0) return;
  half = std::clamp<Index>(half, 0, n - 1);  // a longer window holds the whole signal: same extremes
  const Index w = 2 * half + 1, padded = n + 2 * half;  // padded index j is sample j - half
  const double* data = x.data();
  auto xp = [&](Index j) { return data[std::clamp<Index>(j - half, 0, n - 1)]; };
  std::vector<double> buffer(4 * static_cast<std::size_t>(w));
  double* const suffix_min = buffer.data();  // then the block's running minimum
  double* const suffix_max = suffix_min + w;  // then its running maximum
  double* const prefix_min = suffix_max + w;
  double* const prefix_max = prefix_min + w;
  for (Index block = 0; block < n; block += w) {
    // Sample i = block + t has the window padded [i, i + w - 1]: the suffix of padded block
    // [block, block + w) from i, and the prefix of the next block up to i + w - 1 (t - 1 in it).
    const Index count = std::min(w, n - block);
    if (skip(block, count)) continue;
    const Index end = block + w, next_end = std::min(padded, end + w);
    double lo = INFINITY, hi = -INFINITY;
    for (Index j = end - 1; j >= block; --j) {
      const double v = xp(j);
      lo = std::min(lo, v), hi = std::max(hi, v);
      suffix_min[j - block] = lo, suffix_max[j - block] = hi;
    }
    lo = INFINITY, hi = -INFINITY;
    for (Index j = end; j < next_end; ++j) {
      const double v = xp(j);
      lo = std::min(lo, v), hi = std::max(hi, v);
      prefix_min[j - end] = lo, prefix_max[j - end] = hi;
    }
    for (Index t = 1; t < count; ++t) {
      suffix_min[t] = std::min(suffix_min[t], prefix_min[t - 1]);
      suffix_max[t] = std::max(suffix_max[t], prefix_max[t - 1]);
    }
    visit(block, count, static_cast<const double*>(suffix_min), static_cast<const double*>(suffix_max));
  }
}

/// Centred running minimum and maximum over 2*half+1 samples (truncated at the edges), as arrays
/// (see for_each_running_min_max_block).
inline std::pair<Series, Series> running_min_max(const Series& x, Index half) {
  Series lo(x.size()), hi(x.size());
  for_each_running_min_max_block(
      x, half,
      [&](Index begin, Index count, const double* mn, const double* mx) {
        std::copy(mn, mn + count, lo.data() + begin);
        std::copy(mx, mx + count, hi.data() + begin);
      },
      [](Index, Index) { return false; });
  return {std::move(lo), std::move(hi)};
}

/// Centred running minimum (`max` = false) or maximum over 2*half+1 samples (see running_min_max).
inline Series running_extreme(const Series& x, Index half, bool max) {
  auto [lo, hi] = running_min_max(x, half);
  return max ? hi : lo;
}

/// Zero-phase 2nd-order Butterworth low-pass (dsp::filtfilt), edges padded by odd reflection over three
/// time constants. The cutoff is clamped below 0.45 × the sampling rate so any rate works.
/// @throws InvalidArgument on a non-finite signal (fill gaps first)
inline Series lowpass_zero_phase(const Eigen::Ref<const Series, 0, Eigen::InnerStride<>>& x, double sampling_rate_hz,
                                 double cutoff_hz) {
  const Index n = x.size();
  if (n < 3) return x;
  const double fc = std::min(cutoff_hz, 0.45 * sampling_rate_hz);
  const Index pad = std::min<Index>(n - 1, static_cast<Index>(3.0 * sampling_rate_hz / fc));
  return dsp::filtfilt(dsp::butterworth(2, fc, sampling_rate_hz), x, pad);
}

/// Otsu split of a histogram of `bins` = hist.size() bins of `width` from `lo`: the bin edge that
/// best separates two modes (lo when the counts cannot be split).
inline double otsu_split_of_histogram(const std::vector<double>& hist, double lo, double width) {
  const auto bins = static_cast<int>(hist.size());
  double total = 0;
  for (double c : hist) total += c;
  if (!(total > 0)) return lo;
  double mean_total = 0;
  for (int b = 0; b < bins; ++b) mean_total += hist[static_cast<std::size_t>(b)] * (lo + (b + 0.5) * width);
  mean_total /= total;
  double w0 = 0, m0 = 0, best = -1, split = lo;
  for (int b = 0; b < bins - 1; ++b) {
    w0 += hist[static_cast<std::size_t>(b)] / total;
    m0 += hist[static_cast<std::size_t>(b)] / total * (lo + (b + 0.5) * width);
    if (w0 <= 0 || w0 >= 1) continue;
    const double between = std::pow(mean_total * w0 - m0, 2) / (w0 * (1 - w0));
    if (between > best) best = between, split = lo + (b + 1) * width;
  }
  return split;
}

/// The bin of value v among `bins` bins spanning [lo, hi] (the last one closed).
inline int otsu_bin(double v, double lo, double hi, int bins) {
  return std::clamp(static_cast<int>((v - lo) / (hi - lo) * bins), 0, bins - 1);
}

/// Otsu split of `values` (finite ones) over `bins` bins: the value that best separates two modes.
inline double otsu_threshold(const std::vector<double>& values, int bins = 128) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(hi > lo)) return lo;
  std::vector<double> hist(static_cast<std::size_t>(bins), 0.0);
  for (double v : values)
    if (std::isfinite(v)) hist[static_cast<std::size_t>(otsu_bin(v, lo, hi, bins))] += 1;
  return otsu_split_of_histogram(hist, lo, (hi - lo) / bins);
}

/// Replaces non-finite rows by linear interpolation between the nearest finite rows (held at the
/// ends). Returns, per sample, whether it was filled. All rows non-finite -> unchanged, all flagged.
inline std::vector<std::uint8_t> fill_gaps(Vec3Series& data) {
  const Index n = data.rows();
  std::vector<std::uint8_t> filled(static_cast<std::size_t>(n), 0);
  Index prev = -1;
  for (Index i = 0; i <= n; ++i) {
    if (i < n && data.row(i).allFinite()) {
      if (prev + 1 < i) {  // fill (prev, i)
        for (Index j = prev + 1; j < i; ++j) {
          filled[static_cast<std::size_t>(j)] = 1;
          if (prev < 0) data.row(j) = data.row(i);
          else data.row(j) = data.row(prev) + (data.row(i) - data.row(prev)) * double(j - prev) / double(i - prev);
        }
      }
      prev = i;
    } else if (i == n && prev + 1 < n) {
      for (Index j = prev + 1; j < n; ++j) {
        filled[static_cast<std::size_t>(j)] = 1;
        if (prev >= 0) data.row(j) = data.row(prev);
      }
    }
  }
  return filled;
}

}  // namespace foot_detail

/// One run of zero-velocity samples, half-open [begin, end); `rest` is the sample of least motion.
struct ZeroVelocityRun {
  Index begin = 0;
  Index end = 0;
  Index rest = 0;
  double duration_s(double sampling_rate_hz) const { return static_cast<double>(end - begin) / sampling_rate_hz; }
};

struct ZeroVelocityParams {
  double window_s = 0.1;        ///< centred averaging window of the gyro norm (s)
  double min_duration_s = 0.02; ///< shorter runs are dropped (s)
  double merge_gap_s = 0.1;     ///< runs separated by less than this are one rest (s)
  /// Running-minimum window (s): about one stride, so that it always reaches a stance. Shorter (one
  /// stance) let a swing whose rotation dips mid-way set its own floor and count as rest.
  double floor_window_s = 1.2;
  double level_window_s = 1.2;  ///< running-maximum window: about one stride (s)
  /// Exponent a of the local split F^(1-a) L^a; 0 disables the local split.
  double local_exponent = 0.2;
  /// Fixed threshold on the averaged gyro norm (deg/s); NaN = from the recording (Otsu split of
  /// the log-distribution, clamped to [min_threshold_dps, max_threshold_dps]).
  double threshold_dps = NaN;
  double min_threshold_dps = 5.0;   ///< floor: below, sensor noise alone would break runs apart
  double max_threshold_dps = 100.0; ///< ceiling: above, slow swings would count as still (both splits)
};

struct ZeroVelocityResult {
  Series motion_dps;                 ///< averaged gyro norm per sample (deg/s)
  double threshold_dps = NaN;        ///< global threshold used
  std::vector<std::uint8_t> still;   ///< 1 where the foot is at rest (after min_duration_s)
  std::vector<ZeroVelocityRun> runs; ///< the still runs, in order
};

/// The motion statistic of detect_zero_velocity: the gyro norm (deg/s) averaged over a centred
/// window of params.window_s (truncated at the edges). `gyr_dps` must be finite.
inline Series motion_statistic(const Vec3Series& gyr_dps, double sampling_rate_hz, const ZeroVelocityParams& params) {
  const Index n = gyr_dps.rows();
  Series norm(n);  // the gyro norm, averaged in place below
  const double* g = gyr_dps.data();  // row-major (n, 3)
  for (Index i = 0; i < n; ++i) norm[i] = g[3 * i] * g[3 * i] + g[3 * i + 1] * g[3 * i + 1] + g[3 * i + 2] * g[3 * i + 2];
  norm = norm.array().sqrt();  // one vectorised pass
  const auto half = static_cast<Index>(std::lround(0.5 * params.window_s * sampling_rate_hz));
  foot_detail::moving_mean_in_place(norm, std::max<Index>(1, half));
  return norm;
}

/// Every how many samples the global split's histogram takes the motion: about 25 Hz. The motion is
/// a moving mean over window_s (0.1 s, no content above ~10 Hz), so the distribution is the same and
/// the logarithms cost a quarter at 100 Hz.
inline Index motion_histogram_step(double sampling_rate_hz) {
  return std::max<Index>(1, static_cast<Index>(sampling_rate_hz / 25.0));
}

/// The global split of detect_zero_velocity (Otsu on log(1 + motion)) over data that arrive in parts,
/// as a stream needs: add() the motion of each part once; threshold() gives the split of everything
/// added plus `more` (motion values not added yet, e.g. those of the window being analysed). Bounded
/// memory: the extremes exactly, the values in a fine histogram (4096 bins over log(1 + motion) in
/// [0, 10], 0.0024 wide, against the split's 128 bins over the data's range), so the split equals
/// the one of all the values at once up to values within 0.0012 of a bin edge.
class RunningMotionSplit {
 public:
  static constexpr int fine_bins = 4096;
  static constexpr double fine_top = 10.0;  ///< log(1 + 22 000 deg/s): above any gyro's range

  void add(double motion_dps) {
    const double v = std::log1p(motion_dps);
    if (!std::isfinite(v)) return;
    lo_ = std::min(lo_, v), hi_ = std::max(hi_, v);
    fine_[static_cast<std::size_t>(std::clamp(static_cast<int>(v / fine_top * fine_bins), 0, fine_bins - 1))] += 1;
    ++count_;
  }
  Index count() const { return count_; }

  /// The split (deg/s, clamped to the params' floor and ceiling) of the values added and `more`
  /// (deg/s; non-finite ones ignored), with the 128 bins of detect_zero_velocity; NaN when empty.
  double threshold(const std::vector<double>& more, const ZeroVelocityParams& params, int bins = 128) const {
    double lo = lo_, hi = hi_;
    std::vector<double> logs;
    logs.reserve(more.size());
    for (double m : more) {
      const double v = std::log1p(m);
      if (!std::isfinite(v)) continue;
      logs.push_back(v);
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (count_ == 0 && logs.empty()) return NaN;
    double split = lo;
    if (hi > lo) {
      std::vector<double> hist(static_cast<std::size_t>(bins), 0.0);
      const double fine_width = fine_top / fine_bins;
      for (int j = 0; j < fine_bins; ++j) {
        const double c = fine_[static_cast<std::size_t>(j)];
        if (c > 0)
          hist[static_cast<std::size_t>(foot_detail::otsu_bin(std::clamp((j + 0.5) * fine_width, lo, hi), lo, hi, bins))] += c;
      }
      for (double v : logs) hist[static_cast<std::size_t>(foot_detail::otsu_bin(v, lo, hi, bins))] += 1;
      split = foot_detail::otsu_split_of_histogram(hist, lo, (hi - lo) / bins);
    }
    return std::clamp(std::exp(split) - 1.0, params.min_threshold_dps, params.max_threshold_dps);
  }

 private:
  std::vector<double> fine_ = std::vector<double>(fine_bins, 0.0);
  double lo_ = INFINITY, hi_ = -INFINITY;
  Index count_ = 0;
};

/// Detects the samples where the foot is at rest.
/// @param gyr_dps angular velocity (n, 3) in deg/s, any frame, finite
/// @param sampling_rate_hz sampling rate (Hz)
/// @throws InvalidArgument on an empty signal, a non-positive rate or non-positive window lengths.
inline ZeroVelocityResult detect_zero_velocity(const Vec3Series& gyr_dps, double sampling_rate_hz,
                                               const ZeroVelocityParams& params = {}) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "detect_zero_velocity: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(gyr_dps.rows() > 0, "detect_zero_velocity: expected at least one gyro sample, got none");
  SECONDHEART_CHECK(params.window_s > 0 && params.min_duration_s >= 0,
                    "detect_zero_velocity: expected window_s > 0 and min_duration_s >= 0, got ", params.window_s,
                    " and ", params.min_duration_s);
  const Index n = gyr_dps.rows();
  ZeroVelocityResult out;
  out.motion_dps = motion_statistic(gyr_dps, sampling_rate_hz, params);
  if (std::isfinite(params.threshold_dps)) {
    out.threshold_dps = params.threshold_dps;
  } else {
    // Recordings longer than 20 000 histogram samples (13 min) give it from 20 000 spread evenly (an
    // hour of logs was a quarter of the rest detection).
    const Index step = std::max<Index>({motion_histogram_step(sampling_rate_hz), n / 20000});
    std::vector<double> logs;
    logs.reserve(static_cast<std::size_t>(n / step + 1));
    for (Index i = 0; i < n; i += step) logs.push_back(std::log1p(out.motion_dps[i]));
    const double split = std::exp(foot_detail::otsu_threshold(logs)) - 1.0;
    out.threshold_dps = std::clamp(split, params.min_threshold_dps, params.max_threshold_dps);
  }
  // Local split: geometric interpolation F^(1-a) L^a between the local floor and the local swing
  // level (running extremes of the motion, floored at 1e-3 deg/s). Only samples between the global
  // split and the ceiling need it: a first pass marks them (2), and the extremes are computed only
  // for blocks that hold one. F and L stay constant over many samples: the last limit is kept, so
  // most samples cost no logarithm. With equal floor and level windows the extremes are streamed,
  // never stored (a day-long array is 140 MB of fresh pages).
  constexpr double tiny = 1e-3;
  constexpr std::uint8_t moving = 0, resting = 1, undecided = 2;
  const Series& motion = out.motion_dps;
  const double a = params.local_exponent;
  const double global = std::max(out.threshold_dps, tiny), cap = std::max(params.max_threshold_dps, tiny);
  std::vector<std::uint8_t>& still = out.still;
  still.resize(static_cast<std::size_t>(n));
  {
    const double* m = motion.data();
    std::uint8_t* c = still.data();
    const bool local = a > 0;
    for (Index i = 0; i < n; ++i) {
      const double v = std::max(m[i], tiny);
      c[i] = !local ? (v < global ? resting : moving) : v >= cap ? moving : v < global ? resting : undecided;
    }
  }
  if (a > 0) {
    double memo_floor = NaN, memo_level = NaN, memo_limit = 0.0;
    auto decide = [&](Index begin, Index count, const double* floor, const double* level) {
      for (Index t = 0; t < count; ++t) {
        const auto i = static_cast<std::size_t>(begin + t);
        if (still[i] != undecided) continue;
        const double f = std::max(floor[t], tiny), l = std::max(level[t], tiny);
        if (f != memo_floor || l != memo_level)
          memo_floor = f, memo_level = l, memo_limit = std::exp((1 - a) * std::log(f) + a * std::log(l));
        still[i] = std::max(motion[begin + t], tiny) < memo_limit ? resting : moving;
      }
    };
    auto nothing_undecided = [&](Index begin, Index count) {
      const auto first = still.begin() + begin;
      return std::find(first, first + count, undecided) == first + count;
    };
    const auto floor_half = static_cast<Index>(std::lround(0.5 * params.floor_window_s * sampling_rate_hz));
    const auto level_half = static_cast<Index>(std::lround(0.5 * params.level_window_s * sampling_rate_hz));
    if (floor_half == level_half) {
      foot_detail::for_each_running_min_max_block(motion, std::max<Index>(1, floor_half), decide, nothing_undecided);
    } else {
      const Series floor = foot_detail::running_extreme(motion, std::max<Index>(1, floor_half), false);
      const Series level = foot_detail::running_extreme(motion, std::max<Index>(1, level_half), true);
      decide(0, n, floor.data(), level.data());
    }
  }
  // Still runs, those closer than merge_gap joined (one stance), those shorter than min_len dropped.
  const auto merge_gap = std::max<Index>(0, static_cast<Index>(std::lround(params.merge_gap_s * sampling_rate_hz)));
  const std::vector<dsp::Run> merged = dsp::merge_runs(
      dsp::runs_where(Eigen::Map<const Eigen::Array<std::uint8_t, Eigen::Dynamic, 1>>(still.data(), n) != moving),
      merge_gap);
  std::fill(still.begin(), still.end(), moving);
  const auto min_len = std::max<Index>(1, static_cast<Index>(std::ceil(params.min_duration_s * sampling_rate_hz)));
  for (const dsp::Run& r : merged) {
    if (r.length() < min_len) continue;
    // Merged gaps count as rest: the foot is in one stance.
    std::fill(still.begin() + r.begin, still.begin() + r.end, resting);
    ZeroVelocityRun run{r.begin, r.end, 0};
    motion.segment(r.begin, r.length()).minCoeff(&run.rest);  // the first minimum
    run.rest += r.begin;
    out.runs.push_back(run);
  }
  return out;
}

}  // namespace secondheart::orientation
