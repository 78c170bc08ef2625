#include "bindings.hpp"

namespace secondheart::python {

void bind_insole(py::module_& m) { (void)m; }

}  // namespace secondheart::python
