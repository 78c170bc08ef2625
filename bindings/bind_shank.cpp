#include "bindings.hpp"

namespace secondheart::python {

void bind_shank(py::module_& m) { (void)m; }

}  // namespace secondheart::python
