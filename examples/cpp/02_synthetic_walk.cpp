// Example 02: generate a synthetic walker with a weak right push-off, run secondheart::analyze on it,
// and compare the toe-off angle per side with the ground truth.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <secondheart/secondheart.hpp>

namespace {
double median(std::vector<double> v) {
  if (v.empty()) return secondheart::NaN;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main() {
  using namespace secondheart;
  synth::WalkerParams params;
  params.seed = 7;
  params.push_off_strength_right = 0.4;
  params.schedule = {{synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 30}, {synth::ActivityKind::Stand, 5}};
  const synth::WalkResult walk = synth::walk(params);

  const Analysis analysis = analyze(walk.session);
  const PipelineResult* foot = analysis.result("foot_imu");
  if (foot == nullptr) return 1;
  const CycleTable& table = foot->cycles;
  const Index column = table.column_index("toe_off_angle_deg");
  for (Side side : {Side::Left, Side::Right}) {
    std::vector<double> measured;
    for (Index r = 0; r < table.rows(); ++r)
      if (table.cycles[static_cast<std::size_t>(r)].side == side && table.cycles[static_cast<std::size_t>(r)].valid())
        measured.push_back(table.values(r, column));
    // The model's angle at the FC instant (the per-sample truth is quantised to the sample after FC).
    std::printf("%-5s toe-off angle: measured %6.1f deg over %zu strides, true %6.1f deg\n",
                std::string(to_string(side)).c_str(), median(measured), measured.size(),
                walk.truth(side).toe_off_angle_model_deg);
  }
  for (const auto& result : analysis.results)
    std::printf("%s: %lld cycles, %zu quality flags\n", result.cycles.source.c_str(),
                static_cast<long long>(result.cycles.rows()), result.flags.size());
  return 0;
}
