// Example 01: build an IMU recording by hand and let secondheart check its units.
// A gyro exported in rad/s is caught with a message naming the unit; declaring it converts it.
#include <cmath>
#include <iostream>
#include <numbers>

#include <secondheart/secondheart.hpp>

int main() {
  using namespace secondheart;
  ImuRecording foot;
  foot.side = Side::Right;
  foot.placement = Placement::Foot;
  foot.sampling_rate_hz = 100.0;
  const Index n = 500;
  foot.acc_mps2.resize(n, 3);
  foot.gyr_dps.resize(n, 3);
  for (Index i = 0; i < n; ++i) {
    const double phase = 2.0 * std::numbers::pi * static_cast<double>(i) / 100.0;  // one stride per second
    foot.acc_mps2.row(i) << 5.0 * std::sin(phase), 0.0, 9.81 + 4.0 * std::cos(phase);
    foot.gyr_dps.row(i) << 0.0, 6.0 * std::sin(phase), 0.0;  // 6 rad/s written as if deg/s
  }
  try {
    validate_imu(foot);
  } catch (const InvalidArgument& error) {
    std::cout << "rejected: " << error.what() << "\n";
  }
  validate_imu(foot, DeclaredUnits{std::nullopt, GyroUnit::RadiansPerSecond});
  std::cout << "declared rad/s, converted: peak " << foot.gyr_dps.col(1).maxCoeff() << " deg/s\n";
  std::cout << "secondheart " << version_string << " (library " << compiled_version() << ")\n";
  return 0;
}
