/// @file
/// C2 piecewise quintic curves: the building block of the synthetic walker. Every knot fixes the
/// value, first and second derivative, so position, velocity and acceleration of whatever the curve
/// drives are continuous and analytic (no numerical differentiation anywhere).
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "secondheart/core/error.hpp"

namespace secondheart::synth {

/// Value and its first two time derivatives at one instant.
struct Jet {
  double value = 0.0;
  double d1 = 0.0;  ///< per second
  double d2 = 0.0;  ///< per second²
};

/// The quintic polynomial on [t0, t0 + h] that takes the jet `a` at t0 and `b` at t0 + h
/// (quintic Hermite interpolation: the unique degree-5 polynomial with these six conditions).
class QuinticSegment {
 public:
  QuinticSegment() = default;
  /// @throws InvalidArgument when h <= 0
  QuinticSegment(double t0, double h, const Jet& a, const Jet& b) : t0_(t0), h_(h) {
    SECONDHEART_CHECK(h > 0 && std::isfinite(h), "quintic segment: expected duration > 0 s, got ", h);
    // Coefficients in the normalised time s = (t - t0) / h.
    const double p0 = a.value, v0 = a.d1 * h, a0 = a.d2 * h * h;
    const double p1 = b.value, v1 = b.d1 * h, a1 = b.d2 * h * h;
    const double dp = p1 - p0;
    c_[0] = p0;
    c_[1] = v0;
    c_[2] = 0.5 * a0;
    c_[3] = 10 * dp - 6 * v0 - 4 * v1 - 1.5 * a0 + 0.5 * a1;
    c_[4] = -15 * dp + 8 * v0 + 7 * v1 + 1.5 * a0 - a1;
    c_[5] = 6 * dp - 3 * v0 - 3 * v1 - 0.5 * a0 + 0.5 * a1;
  }

  double begin() const { return t0_; }
  double end() const { return t0_ + h_; }

  /// Value and derivatives at time t (extrapolates the polynomial outside the segment).
  Jet operator()(double t) const {
    const double s = (t - t0_) / h_;
    double p = c_[5], d = 0.0, dd = 0.0;
    for (int k = 4; k >= 0; --k) {  // Horner, carrying the first and second derivative along
      dd = dd * s + 2 * d;
      d = d * s + p;
      p = p * s + c_[k];
    }
    return {p, d / h_, dd / (h_ * h_)};
  }

 private:
  double t0_ = 0.0, h_ = 1.0;
  double c_[6] = {0, 0, 0, 0, 0, 0};
};

/// A knot of a piecewise quintic: time (s) and the jet there.
struct Knot {
  double t = 0.0;
  Jet jet;
};

/// Piecewise quintic through knots (strictly increasing times): C2 everywhere inside.
/// Before the first knot and after the last one the curve holds the end value (its derivatives
/// are reported as zero there, so end knots should have zero derivatives to stay C2).
class PiecewiseQuintic {
 public:
  PiecewiseQuintic() = default;
  /// @throws InvalidArgument when the knot times are not strictly increasing or not finite
  explicit PiecewiseQuintic(std::vector<Knot> knots) : knots_(std::move(knots)) {
    for (std::size_t k = 0; k < knots_.size(); ++k) {
      SECONDHEART_CHECK(std::isfinite(knots_[k].t), "piecewise quintic: knot ", k, " has a non-finite time");
      if (k > 0)
        SECONDHEART_CHECK(knots_[k].t > knots_[k - 1].t, "piecewise quintic: knot times must increase, knot ", k,
                          " at ", knots_[k].t, " s follows ", knots_[k - 1].t, " s");
    }
    segments_.reserve(knots_.empty() ? 0 : knots_.size() - 1);
    for (std::size_t k = 1; k < knots_.size(); ++k)
      segments_.emplace_back(knots_[k - 1].t, knots_[k].t - knots_[k - 1].t, knots_[k - 1].jet, knots_[k].jet);
  }

  bool empty() const { return knots_.empty(); }
  double begin() const { return knots_.front().t; }
  double end() const { return knots_.back().t; }
  const std::vector<Knot>& knots() const { return knots_; }

  /// Value and derivatives at t.
  Jet operator()(double t) const {
    if (knots_.empty()) return {};
    if (t <= knots_.front().t) return {knots_.front().jet.value, 0.0, 0.0};
    if (t >= knots_.back().t) return {knots_.back().jet.value, 0.0, 0.0};
    // First knot strictly after t; the segment before it contains t.
    const auto it = std::upper_bound(knots_.begin(), knots_.end(), t,
                                     [](double value, const Knot& knot) { return value < knot.t; });
    const auto k = static_cast<std::size_t>(it - knots_.begin());
    return segments_[k - 1](t);
  }

 private:
  std::vector<Knot> knots_;
  std::vector<QuinticSegment> segments_;
};

}  // namespace secondheart::synth
