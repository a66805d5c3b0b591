// A minimal test harness (registration + checks) so the native tests need only a C++ compiler.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace harness {

template <class T>
std::string show(const T& value) {
    if constexpr (std::is_convertible_v<T, std::string>) {
        return std::string(value);
    } else {
        return std::to_string(value);
    }
}

struct TestCase {
    const char* name;
    std::function<void()> body;
};

inline std::vector<TestCase>& registry() {
    static std::vector<TestCase> tests;
    return tests;
}

inline int& failures() {
    static int count = 0;
    return count;
}

struct Register {
    Register(const char* name, std::function<void()> body) { registry().push_back({name, std::move(body)}); }
};

inline int run_all(int argc, char** argv) {
    int failed_tests = 0, passed = 0;
    std::string filter = argc > 1 ? argv[1] : "";
    for (const auto& test : registry()) {
        if (!filter.empty() && std::string(test.name).find(filter) == std::string::npos) continue;
        int before = failures();
        test.body();
        if (failures() == before) {
            ++passed;
            std::printf("[ PASS ] %s\n", test.name);
        } else {
            ++failed_tests;
            std::printf("[ FAIL ] %s\n", test.name);
        }
    }
    std::printf("native: %d passed, %d failed\n", passed, failed_tests);
    return failed_tests == 0 ? 0 : 1;
}

}  // namespace harness

#define HARNESS_CAT2(a, b) a##b
#define HARNESS_CAT(a, b) HARNESS_CAT2(a, b)
#define TEST_CASE(name)                                                                  \
    static void name();                                                                  \
    static harness::Register HARNESS_CAT(register_, name)(#name, name);                  \
    static void name()

#define CHECK(condition)                                                                              \
    do {                                                                                              \
        if (!(condition)) {                                                                           \
            std::printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #condition);               \
            ++harness::failures();                                                                    \
        }                                                                                             \
    } while (0)

#define CHECK_EQ(a, b)                                                                                \
    do {                                                                                              \
        auto _va = (a);                                                                               \
        auto _vb = (b);                                                                               \
        if (!(_va == _vb)) {                                                                          \
            std::printf("  %s:%d: CHECK_EQ(%s, %s) failed: %s vs %s\n", __FILE__, __LINE__, #a, #b,    \
                        harness::show(_va).c_str(), harness::show(_vb).c_str());                    \
            ++harness::failures();                                                                    \
        }                                                                                             \
    } while (0)

#define CHECK_CONTAINS(text, part)                                                                    \
    do {                                                                                              \
        std::string _t = (text);                                                                      \
        if (_t.find(part) == std::string::npos) {                                                     \
            std::printf("  %s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__, _t.c_str(), part); \
            ++harness::failures();                                                                    \
        }                                                                                             \
    } while (0)
