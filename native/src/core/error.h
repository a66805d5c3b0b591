// Error handling at the C boundary: a thread-local message, an exception type that carries a status,
// and the catch-all wrapper every export goes through so that no C++ exception crosses the ABI.
#pragma once

#include "spectral.h"

#include <exception>
#include <new>
#include <string>
#include <utility>

namespace spectral {

/** Stores `message` as this thread's last error. Never throws (truncates on allocation failure). */
void set_last_error(const char* message) noexcept;
const char* last_error() noexcept;

/** An error with the status it maps to at the boundary. */
class Error : public std::exception {
public:
    Error(spectral_status status, std::string message) : status_(status), message_(std::move(message)) {}
    spectral_status status() const noexcept { return status_; }
    const char* what() const noexcept override { return message_.c_str(); }

private:
    spectral_status status_;
    std::string message_;
};

[[noreturn]] inline void fail(spectral_status status, std::string message) {
    throw Error(status, std::move(message));
}

[[noreturn]] inline void invalid_argument(const char* function, const std::string& argument,
                                          const std::string& problem) {
    throw Error(SPECTRAL_STATUS_INVALID_ARGUMENT, std::string(function) + ": " + argument + " " + problem);
}

/**
 * Runs `body` (returning spectral_status) and converts every exception into a status plus a thread-local
 * message prefixed with the export's name. This is the only place exceptions are caught at the boundary.
 */
template <class Body>
spectral_status guarded(const char* function, Body&& body) noexcept {
    try {
        return body();
    } catch (const Error& e) {
        set_last_error(e.what());
        return e.status();
    } catch (const std::bad_alloc&) {
        std::string msg;
        try {
            msg = std::string(function) + ": out of host memory";
        } catch (...) {
        }
        set_last_error(msg.empty() ? "out of host memory" : msg.c_str());
        return SPECTRAL_STATUS_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        try {
            set_last_error((std::string(function) + ": internal error: " + e.what()).c_str());
        } catch (...) {
            set_last_error("internal error");
        }
        return SPECTRAL_STATUS_INTERNAL;
    } catch (...) {
        set_last_error("internal error: unknown exception");
        return SPECTRAL_STATUS_INTERNAL;
    }
}

}  // namespace spectral
