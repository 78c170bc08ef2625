#include "bindings.hpp"

namespace secondheart::python {

void bind_analysis(py::module_& m) { (void)m; }

}  // namespace secondheart::python
