// Example 03: the toe-off assessment in C++: analyze() assesses every sensor kind against the built-in
// norms; assess_toe_off() also takes features from any other system (here force-plate summaries, one
// value per side); compare_sessions() says what changed between two sessions.
// Gait mechanics against healthy reference values; not a diagnosis.
#include <cstdio>
#include <string>

#include <secondheart/secondheart.hpp>

int main() {
  using namespace secondheart;
  synth::WalkerParams params;
  params.seed = 9;
  params.push_off_strength_right = 0.45;
  params.schedule = {{synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 40}, {synth::ActivityKind::Stand, 5}};
  const Analysis before = analyze(synth::walk(params).session);
  for (const auto& a : before.assessments) {
    std::printf("%s: %s\n", a.source.c_str(), a.summary.c_str());
    for (const auto& side : a.sides)
      for (const auto& e : side.evidence) std::printf("    %s: %s\n", std::string(to_string(e.side)).c_str(), e.text.c_str());
  }

  // Summaries from a force plate, in body weights.
  assess::FeatureSet plate;
  plate.source = "force_plate";
  plate.add("f2_bw", Side::Left, {1.10});
  plate.add("f2_bw", Side::Right, {0.98});
  plate.add("propulsive_peak_bw", Side::Left, {0.22});
  plate.add("propulsive_peak_bw", Side::Right, {0.15});
  const assess::Norms norms = assess::default_norms();
  const assess::ToeOffAssessment a = assess::assess_toe_off(plate, norms);
  std::printf("force plate: %s\n", a.summary.c_str());

  // After training: a stronger right push-off.
  params.seed = 10;
  params.push_off_strength_right = 0.8;
  const Analysis after = analyze(synth::walk(params).session);
  const assess::SessionComparison change =
      assess::compare_sessions(assess::features_from_cycles(before.result("foot_imu")->cycles),
                               assess::features_from_cycles(after.result("foot_imu")->cycles), norms);
  std::printf("foot IMU, before -> after: %s\n", change.summary.c_str());
  return a.weaker_side == Side::Right ? 0 : 1;
}
