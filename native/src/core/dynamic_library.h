// Run-time loading of optional libraries (LAPACK, CUDA). The native library links to nothing but the
// C/C++ runtime; everything else is found with dlopen and resolved with dlsym.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace spectral {

class DynamicLibrary {
public:
    ~DynamicLibrary();
    DynamicLibrary(const DynamicLibrary&) = delete;
    DynamicLibrary& operator=(const DynamicLibrary&) = delete;

    /**
     * Opens the first of `names` that dlopen accepts. On failure returns nullptr and appends one line per
     * attempt ("name: dlerror text") to `attempts`.
     */
    static std::unique_ptr<DynamicLibrary> open_first(const std::vector<std::string>& names, std::string& attempts);

    /** dlsym; nullptr when the symbol is absent. */
    void* symbol(const char* name) const noexcept;

    /** The file that was actually loaded (absolute when the loader reports it). */
    const std::string& path() const noexcept { return path_; }
    /** The name it was opened by. */
    const std::string& name() const noexcept { return name_; }

private:
    DynamicLibrary(void* handle, std::string name, std::string path)
        : handle_(handle), name_(std::move(name)), path_(std::move(path)) {}
    void* handle_;
    std::string name_;
    std::string path_;
};

/** Copies `text` into a fixed char array, truncating and NUL-terminating. */
template <std::size_t N>
void copy_text(char (&destination)[N], const std::string& text) noexcept {
    std::size_t count = text.size() < N - 1 ? text.size() : N - 1;
    for (std::size_t i = 0; i < count; ++i) destination[i] = text[i];
    destination[count] = '\0';
}

}  // namespace spectral
