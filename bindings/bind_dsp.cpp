#include "bindings.hpp"

namespace secondheart::python {

void bind_dsp(py::module_& m) { (void)m; }

}  // namespace secondheart::python
