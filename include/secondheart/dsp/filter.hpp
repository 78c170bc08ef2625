/// @file
/// Butterworth filters as second-order sections, causal and zero-phase filtering.
///
/// Design follows the textbook route (the same one scipy.signal.butter takes, so coefficients agree with
/// scipy to rounding): analog prototype poles on the unit circle, frequency transformation
/// (low/high/band-pass/band-stop), bilinear transform with pre-warping, then pairing of poles and zeros
/// into sections (poles nearest the unit circle last, gain in the first section).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <numbers>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

enum class FilterType { LowPass, HighPass, BandPass, BandStop };

/// Second-order sections, one row per section: b0 b1 b2 a0 a1 a2 (a0 == 1), like scipy's sos.
struct SosFilter {
  Eigen::Matrix<double, Eigen::Dynamic, 6, Eigen::RowMajor> sos;
  Index section_count() const { return sos.rows(); }
};

/// Highest filter order accepted by the designers (higher orders are numerically pointless for gait data).
inline constexpr int max_butterworth_order = 24;

namespace detail {

using Complex = std::complex<double>;

inline void check_sampling_rate(double sampling_rate_hz) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0.0,
                    "expected a sampling rate > 0 Hz, got ", sampling_rate_hz, " Hz");
}

inline void check_order(int order) {
  SECONDHEART_CHECK(order >= 1 && order <= max_butterworth_order, "expected a filter order in 1..",
                    max_butterworth_order, ", got ", order);
}

inline void check_cutoff(double cutoff_hz, double sampling_rate_hz, const char* name) {
  const double nyquist_hz = 0.5 * sampling_rate_hz;
  SECONDHEART_CHECK(std::isfinite(cutoff_hz) && cutoff_hz > 0.0 && cutoff_hz < nyquist_hz, "expected ", name,
                    " strictly between 0 Hz and the Nyquist frequency ", nyquist_hz, " Hz (fs ", sampling_rate_hz,
                    " Hz), got ", cutoff_hz, " Hz");
}

inline void check_finite(const Eigen::Ref<const Series, 0, Eigen::InnerStride<>>& x, const char* what) {
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for ", what, ", got 0 samples");
  for (Index i = 0; i < x.size(); ++i) {
    SECONDHEART_CHECK(std::isfinite(x[i]), "expected finite samples for ", what, ", got ", x[i], " at sample ", i,
                      " (fill or cut gaps first, see dsp/gaps.hpp)");
  }
}

inline void check_sos(const SosFilter& filter) {
  SECONDHEART_CHECK(filter.sos.rows() >= 1, "expected at least one second-order section, got 0");
  for (Index r = 0; r < filter.sos.rows(); ++r) {
    for (Index c = 0; c < 6; ++c) {
      SECONDHEART_CHECK(std::isfinite(filter.sos(r, c)), "expected finite sos coefficients, got ", filter.sos(r, c),
                        " in section ", r, " column ", c);
    }
    SECONDHEART_CHECK(filter.sos(r, 3) != 0.0, "expected a0 != 0 in every section, got 0 in section ", r);
  }
}

/// Analog poles/zeros/gain.
struct Zpk {
  std::vector<Complex> z;
  std::vector<Complex> p;
  double k = 1.0;
};

inline Complex product_of_negated(const std::vector<Complex>& v) {
  Complex out(1.0, 0.0);
  for (const Complex& c : v) out *= -c;
  return out;
}

/// Butterworth analog prototype: N poles on the left half of the unit circle, no zeros, unit gain.
inline Zpk butterworth_prototype(int order) {
  Zpk proto;
  for (int m = -order + 1; m < order; m += 2) {
    proto.p.push_back(-std::exp(Complex(0.0, std::numbers::pi * m / (2.0 * order))));
  }
  return proto;
}

inline Zpk lp_to_lp(const Zpk& in, double wo) {
  Zpk out = in;
  for (auto& z : out.z) z *= wo;
  for (auto& p : out.p) p *= wo;
  out.k = in.k * std::pow(wo, static_cast<double>(in.p.size() - in.z.size()));
  return out;
}

inline Zpk lp_to_hp(const Zpk& in, double wo) {
  Zpk out;
  for (const auto& z : in.z) out.z.push_back(wo / z);
  for (const auto& p : in.p) out.p.push_back(wo / p);
  for (std::size_t i = in.z.size(); i < in.p.size(); ++i) out.z.emplace_back(0.0, 0.0);
  out.k = in.k * std::real(product_of_negated(in.z) / product_of_negated(in.p));
  return out;
}

inline Zpk lp_to_bp(const Zpk& in, double wo, double bw) {
  Zpk out;
  std::vector<Complex> zl, pl;
  for (const auto& z : in.z) zl.push_back(z * bw / 2.0);
  for (const auto& p : in.p) pl.push_back(p * bw / 2.0);
  for (const auto& z : zl) out.z.push_back(z + std::sqrt(z * z - wo * wo));
  for (const auto& z : zl) out.z.push_back(z - std::sqrt(z * z - wo * wo));
  for (const auto& p : pl) out.p.push_back(p + std::sqrt(p * p - wo * wo));
  for (const auto& p : pl) out.p.push_back(p - std::sqrt(p * p - wo * wo));
  for (std::size_t i = in.z.size(); i < in.p.size(); ++i) out.z.emplace_back(0.0, 0.0);
  out.k = in.k * std::pow(bw, static_cast<double>(in.p.size() - in.z.size()));
  return out;
}

inline Zpk lp_to_bs(const Zpk& in, double wo, double bw) {
  Zpk out;
  std::vector<Complex> zh, ph;
  for (const auto& z : in.z) zh.push_back((bw / 2.0) / z);
  for (const auto& p : in.p) ph.push_back((bw / 2.0) / p);
  for (const auto& z : zh) out.z.push_back(z + std::sqrt(z * z - wo * wo));
  for (const auto& z : zh) out.z.push_back(z - std::sqrt(z * z - wo * wo));
  for (const auto& p : ph) out.p.push_back(p + std::sqrt(p * p - wo * wo));
  for (const auto& p : ph) out.p.push_back(p - std::sqrt(p * p - wo * wo));
  // Zeros at infinity of the prototype move to the centre of the stop band.
  const std::size_t degree = in.p.size() - in.z.size();
  for (std::size_t i = 0; i < degree; ++i) out.z.emplace_back(0.0, wo);
  for (std::size_t i = 0; i < degree; ++i) out.z.emplace_back(0.0, -wo);
  out.k = in.k * std::real(product_of_negated(in.z) / product_of_negated(in.p));
  return out;
}

/// Bilinear transform s -> 2 fs (z - 1) / (z + 1); zeros at infinity map to z = -1.
inline Zpk bilinear(const Zpk& in, double fs) {
  const double fs2 = 2.0 * fs;
  Zpk out;
  Complex num(1.0, 0.0), den(1.0, 0.0);
  for (const auto& z : in.z) {
    out.z.push_back((fs2 + z) / (fs2 - z));
    num *= fs2 - z;
  }
  for (const auto& p : in.p) {
    out.p.push_back((fs2 + p) / (fs2 - p));
    den *= fs2 - p;
  }
  for (std::size_t i = in.z.size(); i < in.p.size(); ++i) out.z.emplace_back(-1.0, 0.0);
  out.k = in.k * std::real(num / den);
  return out;
}

/// Splits roots into complex ones (one representative with positive imaginary part per conjugate pair) and real
/// ones, each sorted by real part, as scipy's _cplxreal does.
inline std::vector<Complex> conjugate_representatives(std::vector<Complex> roots) {
  constexpr double tol = 100.0 * std::numeric_limits<double>::epsilon();
  std::vector<Complex> cplx, real;
  for (auto& r : roots) {
    if (std::abs(r.imag()) <= tol * std::abs(r)) {
      real.emplace_back(r.real(), 0.0);
    } else if (r.imag() > 0.0) {
      cplx.push_back(r);
    }
  }
  auto by_real = [](const Complex& a, const Complex& b) {
    return a.real() != b.real() ? a.real() < b.real() : std::abs(a.imag()) < std::abs(b.imag());
  };
  std::stable_sort(cplx.begin(), cplx.end(), by_real);
  std::stable_sort(real.begin(), real.end(), by_real);
  cplx.insert(cplx.end(), real.begin(), real.end());
  return cplx;
}

inline bool is_real(const Complex& c) { return c.imag() == 0.0; }

enum class RootKind { Any, RealOnly, ComplexOnly };

inline std::size_t nearest_root(const std::vector<Complex>& roots, const Complex& target, RootKind kind) {
  std::size_t best = roots.size();
  double best_distance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (kind == RootKind::RealOnly && !is_real(roots[i])) continue;
    if (kind == RootKind::ComplexOnly && is_real(roots[i])) continue;
    const double d = std::abs(roots[i] - target);
    if (d < best_distance) {
      best_distance = d;
      best = i;
    }
  }
  return best;
}

/// Monic quadratic (or linear, padded with 0) polynomial from up to two roots: [1, -(r1+r2), r1 r2].
inline Eigen::Vector3d poly_from_roots(const std::vector<Complex>& roots) {
  Eigen::Vector3d c(1.0, 0.0, 0.0);
  if (roots.size() == 1) {
    c[1] = -roots[0].real();
  } else if (roots.size() == 2) {
    c[1] = -(roots[0] + roots[1]).real();
    c[2] = (roots[0] * roots[1]).real();
  }
  return c;
}

/// Pairs digital poles and zeros into second-order sections ("nearest" pairing of scipy.signal.zpk2sos).
inline SosFilter zpk_to_sos(Zpk zpk) {
  if (zpk.z.size() < zpk.p.size()) zpk.z.resize(zpk.p.size(), Complex(0.0, 0.0));
  if (zpk.p.size() < zpk.z.size()) zpk.p.resize(zpk.z.size(), Complex(0.0, 0.0));
  const std::size_t n_sections = (zpk.p.size() + 1) / 2;
  if (zpk.p.size() % 2 == 1) {
    zpk.p.emplace_back(0.0, 0.0);
    zpk.z.emplace_back(0.0, 0.0);
  }
  std::vector<Complex> z = conjugate_representatives(zpk.z);
  std::vector<Complex> p = conjugate_representatives(zpk.p);
  SosFilter out;
  out.sos.resize(static_cast<Index>(n_sections), 6);
  auto count_real = [](const std::vector<Complex>& v) {
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), is_real));
  };
  auto take = [](std::vector<Complex>& v, std::size_t i) {
    const Complex c = v[i];
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
    return c;
  };
  auto set_section = [&](std::size_t si, const std::vector<Complex>& zs, const std::vector<Complex>& ps) {
    out.sos.row(static_cast<Index>(si)).head<3>() = poly_from_roots(zs).transpose();
    out.sos.row(static_cast<Index>(si)).tail<3>() = poly_from_roots(ps).transpose();
  };
  for (std::size_t si = 0; si < n_sections; ++si) {
    // The "worst" pole (closest to the unit circle) first; it ends up in the last section.
    std::size_t p1_idx = 0;
    for (std::size_t i = 1; i < p.size(); ++i) {
      if (std::abs(1.0 - std::abs(p[i])) < std::abs(1.0 - std::abs(p[p1_idx]))) p1_idx = i;
    }
    const Complex p1 = take(p, p1_idx);
    const std::size_t sec = n_sections - 1 - si;
    if (is_real(p1) && count_real(p) == 0) {
      const Complex z1 = take(z, nearest_root(z, p1, RootKind::RealOnly));
      set_section(sec, {z1}, {p1});
    } else if (p.size() + 1 == z.size() && !is_real(p1) && count_real(p) == 1 && count_real(z) == 1) {
      const Complex z1 = take(z, nearest_root(z, p1, RootKind::ComplexOnly));
      set_section(sec, {z1, std::conj(z1)}, {p1, std::conj(p1)});
    } else {
      Complex p2;
      if (is_real(p1)) {
        std::size_t p2_idx = p.size();
        for (std::size_t i = 0; i < p.size(); ++i) {
          if (!is_real(p[i])) continue;
          if (p2_idx == p.size() || std::abs(std::abs(p[i]) - 1.0) < std::abs(std::abs(p[p2_idx]) - 1.0)) p2_idx = i;
        }
        p2 = take(p, p2_idx);
      } else {
        p2 = std::conj(p1);
      }
      if (!z.empty()) {
        const Complex z1 = take(z, nearest_root(z, p1, RootKind::Any));
        if (!is_real(z1)) {
          set_section(sec, {z1, std::conj(z1)}, {p1, p2});
        } else if (!z.empty()) {
          const Complex z2 = take(z, nearest_root(z, p1, RootKind::RealOnly));
          set_section(sec, {z1, z2}, {p1, p2});
        } else {
          set_section(sec, {z1}, {p1, p2});
        }
      } else {
        set_section(sec, {}, {p1, p2});
      }
    }
  }
  out.sos.row(0).head<3>() *= zpk.k;
  return out;
}

/// Pre-warped analog frequency (rad/s) for the bilinear transform at fs = 2 (normalised frequencies).
inline double prewarp(double cutoff_hz, double sampling_rate_hz) {
  const double normalized = 2.0 * cutoff_hz / sampling_rate_hz;  // fraction of Nyquist
  return 4.0 * std::tan(std::numbers::pi * normalized / 2.0);
}

}  // namespace detail

/// Butterworth low- or high-pass filter as second-order sections.
/// @param order filter order, 1..24 (filtfilt doubles the effective order)
/// @param cutoff_hz -3 dB frequency (Hz), 0 < cutoff < fs/2
/// @param sampling_rate_hz sampling rate (Hz), > 0
/// @param type FilterType::LowPass or FilterType::HighPass
/// @throws InvalidArgument on an order outside 1..24, fs <= 0, a cutoff outside (0, fs/2) or a band type
inline SosFilter butterworth(int order, double cutoff_hz, double sampling_rate_hz,
                             FilterType type = FilterType::LowPass) {
  detail::check_order(order);
  detail::check_sampling_rate(sampling_rate_hz);
  detail::check_cutoff(cutoff_hz, sampling_rate_hz, "cutoff");
  SECONDHEART_CHECK(type == FilterType::LowPass || type == FilterType::HighPass,
                    "expected FilterType::LowPass or HighPass for butterworth(), got a band type "
                    "(use butterworth_band for band-pass/band-stop)");
  const double warped = detail::prewarp(cutoff_hz, sampling_rate_hz);
  const detail::Zpk proto = detail::butterworth_prototype(order);
  const detail::Zpk analog =
      type == FilterType::LowPass ? detail::lp_to_lp(proto, warped) : detail::lp_to_hp(proto, warped);
  return detail::zpk_to_sos(detail::bilinear(analog, 2.0));
}

/// Butterworth band-pass or band-stop filter as second-order sections (2 * order poles).
/// @param order prototype order, 1..24 (the band filter has 2 * order poles)
/// @param low_hz lower -3 dB edge (Hz), @param high_hz upper -3 dB edge (Hz), 0 < low < high < fs/2
/// @param sampling_rate_hz sampling rate (Hz), > 0
/// @param type FilterType::BandPass or FilterType::BandStop
/// @throws InvalidArgument on a bad order, fs, band edges or a low/high-pass type
inline SosFilter butterworth_band(int order, double low_hz, double high_hz, double sampling_rate_hz,
                                  FilterType type = FilterType::BandPass) {
  detail::check_order(order);
  detail::check_sampling_rate(sampling_rate_hz);
  detail::check_cutoff(low_hz, sampling_rate_hz, "low band edge");
  detail::check_cutoff(high_hz, sampling_rate_hz, "high band edge");
  SECONDHEART_CHECK(low_hz < high_hz, "expected low band edge < high band edge, got ", low_hz, " Hz >= ", high_hz,
                    " Hz");
  SECONDHEART_CHECK(type == FilterType::BandPass || type == FilterType::BandStop,
                    "expected FilterType::BandPass or BandStop for butterworth_band(), got a low/high-pass type "
                    "(use butterworth)");
  const double wl = detail::prewarp(low_hz, sampling_rate_hz);
  const double wh = detail::prewarp(high_hz, sampling_rate_hz);
  const double bw = wh - wl;
  const double wo = std::sqrt(wl * wh);
  const detail::Zpk proto = detail::butterworth_prototype(order);
  const detail::Zpk analog =
      type == FilterType::BandPass ? detail::lp_to_bp(proto, wo, bw) : detail::lp_to_bs(proto, wo, bw);
  return detail::zpk_to_sos(detail::bilinear(analog, 2.0));
}

/// Complex frequency response H(e^{jw}) of the cascade at `frequency_hz`.
/// @throws InvalidArgument on fs <= 0, a non-finite frequency or an invalid sos matrix
inline std::complex<double> frequency_response(const SosFilter& filter, double frequency_hz,
                                               double sampling_rate_hz) {
  detail::check_sampling_rate(sampling_rate_hz);
  detail::check_sos(filter);
  SECONDHEART_CHECK(std::isfinite(frequency_hz), "expected a finite frequency, got ", frequency_hz);
  const double w = 2.0 * std::numbers::pi * frequency_hz / sampling_rate_hz;
  const std::complex<double> zi1 = std::exp(std::complex<double>(0.0, -w));
  const std::complex<double> zi2 = zi1 * zi1;
  std::complex<double> h(1.0, 0.0);
  for (Index s = 0; s < filter.sos.rows(); ++s) {
    const auto r = filter.sos.row(s);
    h *= (r[0] + r[1] * zi1 + r[2] * zi2) / (r[3] + r[4] * zi1 + r[5] * zi2);
  }
  return h;
}

namespace detail {

/// Samples after which a section started from a wrong (zero) state agrees with the exact run to
/// rounding: the state error decays like k·r^k, r the larger pole radius (e^-50 ≈ 2e-22). -1 when
/// the poles are too close to the unit circle for that to be short.
inline Index settling_samples(double a1, double a2) {
  const double disc = a1 * a1 - 4.0 * a2;
  double r = 0.0;
  if (disc < 0) {
    r = std::sqrt(a2);
  } else {
    const double root = std::sqrt(disc);
    r = 0.5 * std::max(std::abs(-a1 + root), std::abs(-a1 - root));
  }
  if (!(r < 0.9999)) return -1;
  if (r < 1e-12) return 4;
  return static_cast<Index>(std::ceil(50.0 / -std::log(r))) + 4;
}

/// One section (transposed direct form II) in place over x[0..n) (`Forward`) or x[n-1..0], from the
/// state (z0, z1). One sample-to-sample chain is bound by its latency (a multiply and two adds per
/// sample), so a long signal runs as `Lanes` independent chains in one loop, each over one part of
/// the signal: every lane but the first starts `settle` samples before its part from a zero state
/// and writes nothing until it has settled (its state then agrees with the exact one to rounding).
/// The lane before has written those samples only after they were read (parts are at least
/// 2·settle long).
template <bool Forward, int Lanes>
inline void section_lanes(double b0, double b1, double b2, double a1, double a2, double* x, Index n, double z0,
                          double z1, Index settle) {
  auto at = [x, n](Index i) -> double& { return Forward ? x[i] : x[n - 1 - i]; };
  auto step = [&](double in, double& s0, double& s1) {
    const double out = b0 * in + s0;
    s0 = b1 * in - a1 * out + s1;
    s1 = b2 * in - a2 * out;
    return out;
  };
  const Index len = n / Lanes;  // lane j: [j·len, (j+1)·len); the last one also the remainder
  double s0[Lanes], s1[Lanes];
  for (int j = 0; j < Lanes; ++j) s0[j] = j == 0 ? z0 : 0.0, s1[j] = j == 0 ? z1 : 0.0;
  for (Index i = 0; i < settle; ++i) {  // lane 0 writes; the others warm up before their parts
    at(i) = step(at(i), s0[0], s1[0]);
    for (int j = 1; j < Lanes; ++j) step(at(j * len - settle + i), s0[j], s1[j]);
  }
  for (Index i = 0; i < len - settle; ++i) {
    at(settle + i) = step(at(settle + i), s0[0], s1[0]);
    for (int j = 1; j < Lanes; ++j) at(j * len + i) = step(at(j * len + i), s0[j], s1[j]);
  }
  for (Index i = 0; i < settle; ++i)  // the last settle samples of the later lanes' parts
    for (int j = 1; j < Lanes; ++j) {
      const Index k = (j + 1) * len - settle + i;
      at(k) = step(at(k), s0[j], s1[j]);
    }
  for (Index k = Lanes * len; k < n; ++k) at(k) = step(at(k), s0[Lanes - 1], s1[Lanes - 1]);
}

/// One section in place (see section_lanes): four chains for signals of at least eight settling
/// lengths, two from four, one for shorter signals or poles too close to the unit circle for a
/// short warm-up.
template <bool Forward>
inline void section_inplace(const Eigen::Ref<const Eigen::Matrix<double, 1, 6>>& row, double* x, Index n, double z0,
                            double z1) {
  const double a0 = row[3];
  const double b0 = row[0] / a0, b1 = row[1] / a0, b2 = row[2] / a0, a1 = row[4] / a0, a2 = row[5] / a0;
  const Index settle = settling_samples(a1, a2);
  if (settle > 0 && n >= 4 * 2 * settle)
    section_lanes<Forward, 4>(b0, b1, b2, a1, a2, x, n, z0, z1, settle);
  else if (settle > 0 && n >= 2 * 2 * settle)
    section_lanes<Forward, 2>(b0, b1, b2, a1, a2, x, n, z0, z1, settle);
  else
    section_lanes<Forward, 1>(b0, b1, b2, a1, a2, x, n, z0, z1, 0);
}

/// Runs the cascade in place, from per-section states `zi` (2 per row) or zeros, forwards or backwards.
template <bool Forward = true>
inline void sosfilt_inplace(const SosFilter& filter, double* x, Index n, const Eigen::MatrixX2d* zi) {
  for (Index s = 0; s < filter.sos.rows(); ++s)
    section_inplace<Forward>(filter.sos.row(s), x, n, zi ? (*zi)(s, 0) : 0.0, zi ? (*zi)(s, 1) : 0.0);
}

/// Steady-state section states for a unit step input (scipy.signal.sosfilt_zi).
inline Eigen::MatrixX2d sosfilt_zi(const SosFilter& filter) {
  Eigen::MatrixX2d zi(filter.sos.rows(), 2);
  double scale = 1.0;
  for (Index s = 0; s < filter.sos.rows(); ++s) {
    const double a0 = filter.sos(s, 3);
    const double b0 = filter.sos(s, 0) / a0, b1 = filter.sos(s, 1) / a0, b2 = filter.sos(s, 2) / a0;
    const double a1 = filter.sos(s, 4) / a0, a2 = filter.sos(s, 5) / a0;
    // (I - A^T) zi = b[1:] - a[1:] b0 with A the companion matrix of a: [[1 + a1, -1], [a2, 1]].
    const double r0 = b1 - a1 * b0, r1 = b2 - a2 * b0;
    const double det = (1.0 + a1) + a2;
    SECONDHEART_CHECK(det != 0.0, "expected a section without a pole at z = 1 for steady-state initial "
                                  "conditions, got one in section ", s);
    const double z0 = (r0 + r1) / det;
    const double z1 = r1 - a2 * z0;
    zi(s, 0) = scale * z0;
    zi(s, 1) = scale * z1;
    scale *= (b0 + b1 + b2) / (1.0 + a1 + a2);
  }
  return zi;
}

}  // namespace detail

/// Causal filtering with zero initial state (scipy.signal.sosfilt).
/// @throws InvalidArgument on an empty signal or an invalid sos matrix (NaN samples propagate)
inline Series sosfilt(const SosFilter& filter, const Eigen::Ref<const Series>& x) {
  detail::check_sos(filter);
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for sosfilt, got 0 samples");
  Series y = x;
  detail::sosfilt_inplace(filter, y.data(), y.size(), nullptr);
  return y;
}

/// Default edge padding of filtfilt for a filter: 3 * (2 * sections + 1), minus one tap per first-order
/// section pair (as scipy.signal.sosfiltfilt counts it).
inline Index filtfilt_default_padlen(const SosFilter& filter) {
  Index ntaps = 2 * filter.sos.rows() + 1;
  Index zero_b2 = 0, zero_a2 = 0;
  for (Index s = 0; s < filter.sos.rows(); ++s) {
    zero_b2 += filter.sos(s, 2) == 0.0;
    zero_a2 += filter.sos(s, 5) == 0.0;
  }
  ntaps -= std::min(zero_b2, zero_a2);
  return 3 * ntaps;
}

/// Zero-phase filtering with an explicit edge padding: odd extension by `padlen` samples each side,
/// steady-state initial conditions per section, forward then backward pass (scipy.signal.sosfiltfilt).
/// @param padlen samples of odd extension at each end, 0 <= padlen < x.size()
/// @throws InvalidArgument on an empty or non-finite signal, padlen < 0, a signal not longer than padlen,
///         or an invalid sos matrix
/// `x` may be a strided view (a column of an (n, 3) series) without a copy.
inline Series filtfilt(const SosFilter& filter, const Eigen::Ref<const Series, 0, Eigen::InnerStride<>>& x,
                       Index padlen) {
  detail::check_sos(filter);
  detail::check_finite(x, "filtfilt");
  const Index n = x.size();
  SECONDHEART_CHECK(padlen >= 0, "expected padlen >= 0, got ", padlen);
  SECONDHEART_CHECK(n > padlen, "expected a signal longer than the padding (", padlen, " samples), got ", n,
                    " samples");
  Series ext(n + 2 * padlen);
  for (Index i = 0; i < padlen; ++i) ext[i] = 2.0 * x[0] - x[padlen - i];
  ext.segment(padlen, n) = x;
  for (Index i = 0; i < padlen; ++i) ext[padlen + n + i] = 2.0 * x[n - 1] - x[n - 2 - i];
  const Eigen::MatrixX2d zi = detail::sosfilt_zi(filter);
  Eigen::MatrixX2d state = zi * ext[0];
  detail::sosfilt_inplace<true>(filter, ext.data(), ext.size(), &state);
  state = zi * ext[ext.size() - 1];
  detail::sosfilt_inplace<false>(filter, ext.data(), ext.size(), &state);
  // The result moved to the front and the padding cut off in place (a day-long copy is fresh pages).
  std::memmove(ext.data(), ext.data() + padlen, static_cast<std::size_t>(n) * sizeof(double));
  ext.conservativeResize(n);
  return ext;
}

/// Zero-phase filtering (scipy.signal.sosfiltfilt with its default padding 3 * (2 * sections + 1), clipped to
/// size - 1 for short signals). The magnitude response is |H|², the phase is zero.
/// @throws InvalidArgument on an empty or non-finite signal or an invalid sos matrix
inline Series filtfilt(const SosFilter& filter, const Eigen::Ref<const Series>& x) {
  detail::check_sos(filter);
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for filtfilt, got 0 samples");
  return filtfilt(filter, x, std::min(filtfilt_default_padlen(filter), x.size() - 1));
}

/// Zero-phase Butterworth low-pass (effective order 2 * order, -6 dB at the cutoff).
/// @param cutoff_hz cutoff (Hz), 0 < cutoff < fs/2; @param sampling_rate_hz (Hz) > 0; @param order 1..24
/// @throws InvalidArgument as butterworth() and filtfilt()
inline Series lowpass(const Eigen::Ref<const Series>& x, double cutoff_hz, double sampling_rate_hz, int order = 4) {
  return filtfilt(butterworth(order, cutoff_hz, sampling_rate_hz, FilterType::LowPass), x);
}

/// Zero-phase Butterworth high-pass (effective order 2 * order).
/// @throws InvalidArgument as butterworth() and filtfilt()
inline Series highpass(const Eigen::Ref<const Series>& x, double cutoff_hz, double sampling_rate_hz, int order = 4) {
  return filtfilt(butterworth(order, cutoff_hz, sampling_rate_hz, FilterType::HighPass), x);
}

/// Zero-phase filtering of each column of an (n, 3) series (any Eigen expression with 3 columns, e.g. Vec3Series;
/// a template so that a Series argument never converts to it).
/// @throws InvalidArgument as filtfilt()
template <typename Derived>
  requires(Derived::ColsAtCompileTime == 3)
Vec3Series filtfilt(const SosFilter& filter, const Eigen::MatrixBase<Derived>& x) {
  SECONDHEART_CHECK(x.rows() > 0, "expected a non-empty signal for filtfilt, got 0 samples");
  Vec3Series y(x.rows(), 3);
  for (Index c = 0; c < 3; ++c) {
    const Series column = x.col(c);
    y.col(c) = filtfilt(filter, column);
  }
  return y;
}

/// Zero-phase Butterworth low-pass of each column of an (n, 3) series.
/// @throws InvalidArgument as butterworth() and filtfilt()
template <typename Derived>
  requires(Derived::ColsAtCompileTime == 3)
Vec3Series lowpass(const Eigen::MatrixBase<Derived>& x, double cutoff_hz, double sampling_rate_hz, int order = 4) {
  return filtfilt(butterworth(order, cutoff_hz, sampling_rate_hz, FilterType::LowPass), x);
}

}  // namespace secondheart::dsp
