#include "bindings.hpp"

namespace secondheart::python {

void bind_foot_imu(py::module_& m) { (void)m; }

}  // namespace secondheart::python
