# The two commands of the README: `make demo` and `make test`. Both bootstrap what is missing
# (distro packages, a virtual environment, the package with its test extras) and skip what is there.
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD := build/cpp
ASAN_BUILD := build/asan
INSTALL_PREFIX := $(CURDIR)/build/install
CONSUMER_BUILD := build/consumer
LIB_BUILD := build/lib
export SECONDHEART_DATA ?= $(abspath ../shared/data)

# Anything that changes the installed Python package.
PACKAGE_SOURCES := $(shell find include src bindings python cmake norms -type f -not -name '*.pyc' 2>/dev/null) \
                   CMakeLists.txt pyproject.toml

.PHONY: all demo test deps venv lib cpp cpp-test python-test examples consumer asan fuzz-build fuzz fuzz-smoke tsan \
        bench bench-gaitmap clean docs

all: test

deps:
	@PYTHON=$(PYTHON) scripts/ensure-system-deps.sh

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12"
	touch $@

# Reinstalls only when a source file changed (the stamp is newer than every source).
$(VENV)/.installed: $(VENV)/.created $(PACKAGE_SOURCES)
	$(VPY) -m pip install -q --no-build-isolation -Cbuild-dir=build/python-$(notdir $(VENV)) ".[test]"
	touch $@

venv: deps $(VENV)/.installed

demo: venv
	$(VENV)/bin/secondheart demo

# `make test` builds the C++ code three ways, each once: the C++ tests under AddressSanitizer + UBSan
# (Debug, line info only), the library in Release for the install-and-consume check, and the Python
# extension (pip). A second, optimised build of the tests is for development only (`make cpp-test`).
LIB_FLAGS := -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DSECONDHEART_WERROR=ON \
             -DSECONDHEART_BUILD_BENCHMARKS=OFF -DCMAKE_INSTALL_PREFIX=$(INSTALL_PREFIX)

# A finished configure leaves a Makefile (a failed one leaves only the cache, and must run again).
$(LIB_BUILD)/Makefile:
	cmake -S . -B $(LIB_BUILD) $(LIB_FLAGS) -DSECONDHEART_BUILD_TESTS=OFF -DSECONDHEART_BUILD_EXAMPLES=OFF > /dev/null

lib: deps $(LIB_BUILD)/Makefile
	cmake --build $(LIB_BUILD) -j $(JOBS)

# The install-and-consume check: examples/cpp configured against the installed package, then run.
consumer: lib
	cmake --install $(LIB_BUILD) > /dev/null
	cmake -S examples/cpp -B $(CONSUMER_BUILD) -DCMAKE_PREFIX_PATH=$(INSTALL_PREFIX) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" > /dev/null
	cmake --build $(CONSUMER_BUILD) -j $(JOBS)
	@for exe in $(CONSUMER_BUILD)/[0-9][0-9]_*; do echo "== $$exe"; "$$exe"; done

# The C++ tests, with AddressSanitizer + UBSan: what `make test` and CI run.
asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" -DSECONDHEART_WERROR=ON \
	  -DSECONDHEART_SANITIZE=ON -DSECONDHEART_BUILD_BENCHMARKS=OFF -DSECONDHEART_BUILD_EXAMPLES=OFF \
	  -DSECONDHEART_INSTALL=OFF > /dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

python-test: venv
	$(VPY) -m pytest -q

examples: venv
	@for script in examples/python/_[0-9][0-9]_*.py; do echo "== $$script"; MPLBACKEND=Agg $(VPY) "$$script"; done

test: asan consumer python-test examples fuzz-smoke docs

# The documentation site (docs/, Sphinx + myst-nb): HTML into build/docs, warnings are errors, every
# notebook in docs/notebooks executed (a failing cell fails the build, and so `make test`). The docs
# extra of pyproject.toml goes into the same venv, without rebuilding the package. -E: every page is read
# again (and every notebook run) even when its source did not change, since the library may have; -T prints
# a failing cell's traceback.
DOCS_BUILD := build/docs
$(VENV)/.docs-installed: $(VENV)/.installed pyproject.toml
	$(VPY) -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['docs']))" \
	  > $(VENV)/docs-requirements.txt
	$(VPY) -m pip install -q -r $(VENV)/docs-requirements.txt
	touch $@

docs: venv $(VENV)/.docs-installed
	rm -rf $(DOCS_BUILD)
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(VENV)/bin/sphinx-build -W --keep-going -E -T -q -b html \
	  -d build/docs-doctrees docs $(DOCS_BUILD)
	@echo "docs: $(DOCS_BUILD)/index.html"

# libFuzzer harnesses (fuzz/, docs/hardening.md): one binary, library and harnesses compiled once by clang
# with ASan + UBSan and coverage instrumentation (-O1, Eigen's index checks on). `make fuzz` runs each
# harness FUZZ_SECONDS (FUZZ_HARNESSES="a b" for some); `make fuzz-smoke` (part of `make test`) runs each
# a few seconds, seeds first, so the harnesses never rot.
FUZZ_BUILD := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
$(FUZZ_BUILD)/Makefile:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DSECONDHEART_WERROR=ON -DSECONDHEART_BUILD_FUZZERS=ON \
	  -DSECONDHEART_BUILD_TESTS=OFF -DSECONDHEART_BUILD_BENCHMARKS=OFF -DSECONDHEART_BUILD_EXAMPLES=OFF \
	  -DSECONDHEART_INSTALL=OFF > /dev/null

fuzz-build: deps $(FUZZ_BUILD)/Makefile
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD)/fuzz/secondheart_fuzz $(FUZZ_SECONDS) $(FUZZ_BUILD)/run

fuzz-smoke: fuzz-build
	fuzz/run.sh $(FUZZ_BUILD)/fuzz/secondheart_fuzz $(FUZZ_SMOKE_SECONDS) $(FUZZ_BUILD)/smoke

# The C++ tests under ThreadSanitizer (gcc, Debug -O1): tests/cpp/pipeline/test_threads.cpp runs
# analyze() from several threads at once. Not part of `make test` (a third build of every test).
TSAN_BUILD := build/tsan
tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DSECONDHEART_WERROR=ON \
	  -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
	  -DSECONDHEART_HEADER_CHECK=OFF -DSECONDHEART_BUILD_BENCHMARKS=OFF -DSECONDHEART_BUILD_EXAMPLES=OFF \
	  -DSECONDHEART_INSTALL=OFF > /dev/null
	cmake --build $(TSAN_BUILD) -j $(JOBS)
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir $(TSAN_BUILD) --output-on-failure -j $(JOBS)

# Optimised build of the C++ tests and examples, for quick iteration (not part of `make test`).
$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) $(LIB_FLAGS) > /dev/null

cpp: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

cpp-test: cpp
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: deps
	cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DSECONDHEART_BUILD_TESTS=OFF \
	  -DSECONDHEART_BUILD_EXAMPLES=OFF -DSECONDHEART_INSTALL=OFF > /dev/null
	cmake --build build/bench -j $(JOBS)
	@for exe in build/bench/benchmarks/bench_*; do echo "== $$exe"; "$$exe" --benchmark_min_time=0.2; done

# Speed against gaitmap (PyPI, its own venv in build/compare_gaitmap/venv) on the same synthetic hour:
# a few minutes; not part of `make test`. See benchmarks/compare_gaitmap/README.md.
bench-gaitmap: venv
	SECONDHEART_PYTHON=$(abspath $(VPY)) benchmarks/compare_gaitmap/run.sh

clean:
	rm -rf build $(VENV)
