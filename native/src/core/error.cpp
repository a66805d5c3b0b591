#include "error.h"

#include <cstring>

namespace spectral {
namespace {
// A fixed buffer, so that recording an error can never itself fail or allocate.
thread_local char t_last_error[2048] = {0};
}  // namespace

void set_last_error(const char* message) noexcept {
    if (message == nullptr) message = "";
    std::strncpy(t_last_error, message, sizeof(t_last_error) - 1);
    t_last_error[sizeof(t_last_error) - 1] = '\0';
}

const char* last_error() noexcept { return t_last_error; }

}  // namespace spectral
