/// @file
/// The distributions the assessment needs (implemented with Boost.Math in src/assess/statistics.cpp,
/// so public headers stay free of Boost).
#pragma once

#include <vector>

#include "secondheart/core/types.hpp"

namespace secondheart::assess {

/// P(Z ≤ z) of the standard normal; NaN for NaN.
double normal_cdf(double z);

/// The z with P(Z ≤ z) = p, 0 < p < 1. @throws InvalidArgument outside (0, 1).
double normal_quantile(double p);

/// P(T ≤ t) for Student's t with `degrees_of_freedom` > 0; NaN for NaN.
double student_t_cdf(double t, double degrees_of_freedom);

/// A healthy norm's mean and SD are estimated from `n_people`, so a new healthy person's value follows
/// a t distribution with n − 1 degrees of freedom scaled by √(1 + 1/n) (the prediction interval of a
/// normal sample), not a normal one: the z with the same tail probability under the normal,
/// Φ⁻¹(T_{n−1}(raw_z / √(1 + 1/n))). With few people it pulls extreme z towards 0 (n = 10: a raw −2.24
/// becomes −1.87), so thresholds on z keep their meaning. n < 3: raw_z unchanged.
double predictive_z(double raw_z, Index n_people);

/// The t with P(T ≤ t) = p for Student's t with `degrees_of_freedom` > 0 (may be fractional).
/// @throws InvalidArgument for p outside (0, 1) or degrees of freedom ≤ 0.
double student_t_quantile(double p, double degrees_of_freedom);

/// Location and spread of one feature on one side over its cycles.
struct SampleSummary {
  Index n = 0;               ///< finite values
  double median = NaN;
  double iqr = NaN;
  double robust_sd = NaN;    ///< IQR / 1.349 (the SD of a normal sample with that IQR); NaN below 4 values
  double median_se = NaN;    ///< standard error of the median, √(π/2) · robust_sd / √n; NaN below 4 values
};

/// Summarises the finite values (any order). With fewer than 4 values only n and the median are set:
/// no spread can be told from them.
SampleSummary summarize_sample(const std::vector<double>& values);

}  // namespace secondheart::assess
