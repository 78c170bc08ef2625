#include "bindings.hpp"

namespace secondheart::python {

void bind_imu_io(py::module_& m) { (void)m; }

}  // namespace secondheart::python
