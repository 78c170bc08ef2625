// The activity stage (placeholder while the implementation lands).
#include "secondheart/activity/activity.hpp"

namespace secondheart::activity {

std::vector<WalkingBout> detect_bouts(const std::vector<std::vector<double>>&, const std::vector<Side>&,
                                      const BoutParams&) {
  return {};
}

std::vector<Terrain> classify_terrain(const Eigen::VectorXd& rise_m, const Eigen::VectorXd&, const std::vector<Side>&,
                                      const TerrainParams&) {
  return std::vector<Terrain>(static_cast<std::size_t>(rise_m.size()), Terrain::Unknown);
}

ActivityResult analyze_activity(const Session&, const std::vector<PipelineResult>&, const ActivityParams& params) {
  ActivityResult out;
  out.clock_offset_s = params.clock_offset_s;
  return out;
}

}  // namespace secondheart::activity
