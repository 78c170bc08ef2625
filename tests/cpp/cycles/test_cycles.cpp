// Cycle validation: every rejection reason on hand-made event lists, counts and flags.
#include <catch2/catch.hpp>

#include "secondheart/cycles/cycles.hpp"

using namespace secondheart;

namespace {

/// Regular walk at 100 Hz: IC every 110 samples, FC 66 samples after each IC.
GaitEvents regular(Index strides) {
  GaitEvents e;
  e.side = Side::Left;
  e.sampling_rate_hz = 100.0;
  for (Index k = 0; k <= strides; ++k) {
    e.ic.push_back(k * 110);
    e.fc.push_back(k * 110 + 66);
    e.ho.push_back(k * 110 + 40);
  }
  return e;
}

bool has_flag(const cycles::CycleResult& r, const std::string& code) {
  for (const auto& f : r.flags)
    if (f.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("cycles: a regular walk is all valid") {
  const auto r = cycles::segment_cycles(regular(10));
  REQUIRE(r.cycles.size() == 10);
  CHECK(r.valid_count() == 10);
  CHECK(r.flags.empty());
  CHECK(r.cycles[3].ic == 330);
  CHECK(r.cycles[3].next_ic == 440);
  CHECK(r.cycles[3].fc == 396);
  CHECK(r.cycles[3].ho == 370);
}

TEST_CASE("cycles: each rejection reason") {
  GaitEvents e = regular(20);
  // Stride 4: a 3 s pause (shift everything after IC 5 by 300 samples).
  for (auto* list : {&e.ic, &e.fc, &e.ho})
    for (auto& i : *list)
      if (i > 4 * 110 + 66) i += 300;
  // Stride 8: FC missing.
  e.fc.erase(std::find(e.fc.begin(), e.fc.end(), 8 * 110 + 66 + 300));
  // Stride 12: a spurious IC 30 samples after the real one -> 0.3 s stride (too short).
  e.ic.insert(std::upper_bound(e.ic.begin(), e.ic.end(), 12 * 110 + 300), 12 * 110 + 300 + 30);
  // Stride 16 -> stretched by 50 samples (1.6 s among 1.1 s neighbours: 45 % off -> irregular).
  for (auto* list : {&e.ic, &e.fc, &e.ho})
    for (auto& i : *list)
      if (i > 16 * 110 + 300 + 66) i += 50;
  // A gap inside stride 18.
  const std::vector<dsp::Run> bad = {dsp::Run{18 * 110 + 350 + 80, 18 * 110 + 350 + 90}};
  const auto r = cycles::segment_cycles(e, {}, bad);
  const auto count = [&](CycleStatus s) { return r.status_counts[static_cast<std::size_t>(s)]; };
  CHECK(count(CycleStatus::TooLong) == 1);
  CHECK(count(CycleStatus::Incomplete) == 1);
  // The spurious IC splits stride 12 into a 0.3 s stride (too short) and a 0.8 s one that starts at a
  // doubtful IC (irregular).
  CHECK(count(CycleStatus::TooShort) == 1);
  CHECK(count(CycleStatus::BadData) == 1);
  CHECK(count(CycleStatus::Irregular) == 2);
  CHECK(r.cycles[4].status == CycleStatus::TooLong);
  CHECK(has_flag(r, "cycles_too_long"));
  CHECK(has_flag(r, "cycles_incomplete"));
  CHECK(has_flag(r, "cycles_too_short"));
  CHECK(has_flag(r, "cycles_bad_data"));
  CHECK(has_flag(r, "cycles_irregular"));
  // The stretched stride is the irregular one; its neighbours are not.
  for (const auto& c : r.cycles)
    if (c.next_ic - c.ic == 160) CHECK(c.status == CycleStatus::Irregular);
  Index total = 0;
  for (auto n : r.status_counts) total += n;
  CHECK(total == static_cast<Index>(r.cycles.size()));
  CHECK(!has_flag(r, "too_few_cycles"));
}

TEST_CASE("cycles: implausible stance share and too few cycles") {
  GaitEvents e = regular(3);
  e.fc[1] = 110 + 100;  // stance 100 of 110 samples = 91 %
  const auto r = cycles::segment_cycles(e);
  CHECK(r.cycles[1].status == CycleStatus::Irregular);
  CHECK(has_flag(r, "too_few_cycles"));
  cycles::CycleParams no_fc;
  no_fc.require_fc = false;
  GaitEvents only_ic = regular(6);
  only_ic.fc.clear();
  CHECK(cycles::segment_cycles(only_ic, no_fc).valid_count() == 6);
  CHECK(cycles::segment_cycles(only_ic).valid_count() == 0);
}

TEST_CASE("cycles: bad arguments") {
  GaitEvents e = regular(5);
  e.sampling_rate_hz = 0;
  CHECK_THROWS_AS(cycles::segment_cycles(e), InvalidArgument);
  e = regular(5);
  std::swap(e.ic[1], e.ic[2]);
  CHECK_THROWS_AS(cycles::segment_cycles(e), InvalidArgument);
  cycles::CycleParams p;
  p.max_stride_s = 0.5;
  CHECK_THROWS_AS(cycles::segment_cycles(regular(5), p), InvalidArgument);
}
