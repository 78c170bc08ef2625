#include "bindings.hpp"

namespace secondheart::python {

void bind_synth(py::module_& m) { (void)m; }

}  // namespace secondheart::python
