// The one fuzz binary: SECONDHEART_FUZZ_HARNESS=<name> picks the harness (harness.hpp), libFuzzer
// (linked with -fsanitize=fuzzer) provides main(). Run through fuzz/run.sh or `make fuzz`.
#include <cxxabi.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <typeinfo>

#include "harness.hpp"
#include "secondheart/core/error.hpp"

namespace {

using secondheart::fuzz::Bytes;

struct Harness {
  const char* name;
  void (*run)(Bytes);
};

constexpr Harness harnesses[] = {
    {"gaitpdb", secondheart::fuzz::gaitpdb},
    {"moticon", secondheart::fuzz::moticon},
    {"gaitmap_csv", secondheart::fuzz::gaitmap_csv},
    {"gaitmap_strides", secondheart::fuzz::gaitmap_strides},
    {"voisard", secondheart::fuzz::voisard},
    {"voisard_json", secondheart::fuzz::voisard_json},
    {"movingreality", secondheart::fuzz::movingreality},
    {"imu_csv", secondheart::fuzz::imu_csv},
    {"insole_csv", secondheart::fuzz::insole_csv},
    {"csv", secondheart::fuzz::csv},
    {"norms", secondheart::fuzz::norms},
    {"foot_imu", secondheart::fuzz::foot_imu},
    {"ankle", secondheart::fuzz::ankle},
    {"insole", secondheart::fuzz::insole},
    {"analyze", secondheart::fuzz::analyze},
};

const Harness* selected = nullptr;
std::filesystem::path temp_directory;

std::string demangled(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 ? out.get() : name;
}

void remove_temp_directory() {
  std::error_code ignored;
  std::filesystem::remove_all(temp_directory, ignored);
}

}  // namespace

std::string secondheart::fuzz::write_temp_file(const std::string& name, Bytes content) {
  const std::filesystem::path path = temp_directory / name;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr || std::fwrite(content.data(), 1, content.size(), file) != content.size() || std::fclose(file) != 0) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path.string();
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* name = std::getenv("SECONDHEART_FUZZ_HARNESS");
  for (const auto& h : harnesses)
    if (name != nullptr && std::strcmp(name, h.name) == 0) selected = &h;
  if (name != nullptr && std::strcmp(name, "list") == 0) {  // for fuzz/run.sh
    for (const auto& h : harnesses) std::printf("%s\n", h.name);
    std::exit(0);
  }
  if (selected == nullptr) {
    std::fprintf(stderr, "fuzz: set SECONDHEART_FUZZ_HARNESS to one of:");
    for (const auto& h : harnesses) std::fprintf(stderr, " %s", h.name);
    std::fprintf(stderr, " (got '%s')\n", name == nullptr ? "" : name);
    std::exit(2);
  }
  // Memory-backed when the system has it: writing the input to a disk file costs ten times the parse.
  std::error_code no_shm;
  const std::filesystem::path base =
      std::filesystem::is_directory("/dev/shm", no_shm) ? "/dev/shm" : std::filesystem::temp_directory_path();
  temp_directory = base / ("secondheart-fuzz-" + std::string(selected->name) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(temp_directory);
  std::atexit(remove_temp_directory);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    selected->run(Bytes(data, size));
  } catch (const secondheart::InvalidArgument&) {
    // documented: a bad argument, with a message saying what was expected and what was got
  } catch (const secondheart::FormatError&) {
    // documented: a malformed file, with file and line
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz finding: %s threw %s (not a documented error type): %s\n", selected->name,
                 demangled(typeid(e).name()).c_str(), e.what());
    std::abort();
  }
  return 0;
}
