// GPU smoke test of libspectral's CUDA backend through the C ABI, against CPU Jacobi references.
// Exit code 0 only when the CUDA backend is available and every case passes. Seed: SPECTRAL_TEST_SEED.
#include "reference.h"
#include "spectral.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using Matrix = std::vector<double>;  // column-major
std::mt19937_64 rng;
int passed = 0, failed = 0;

double eps_of(spectral_dtype dtype) { return dtype == SPECTRAL_DTYPE_FLOAT32 ? 1.1920929e-7 : 2.220446049250313e-16; }
const char* dtype_name(spectral_dtype dtype) { return dtype == SPECTRAL_DTYPE_FLOAT32 ? "float32" : "float64"; }
const char* layout_name(spectral_layout layout) { return layout == SPECTRAL_LAYOUT_ROW_MAJOR ? "row-major" : "col-major"; }

double& el(Matrix& a, int rows, int i, int j) { return a[static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(rows)]; }
double el(const Matrix& a, int rows, int i, int j) { return a[static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(rows)]; }

Matrix random_matrix(int rows, int cols) {
    std::normal_distribution<double> normal(0, 1);
    Matrix a(static_cast<size_t>(rows) * static_cast<size_t>(cols));
    for (auto& x : a) x = normal(rng);
    return a;
}

Matrix multiply(const Matrix& a, int m, int k, const Matrix& b, int n, bool transpose_b) {
    Matrix c(static_cast<size_t>(m) * static_cast<size_t>(n), 0.0);
    for (int j = 0; j < n; ++j)
        for (int l = 0; l < k; ++l) {
            double blj = transpose_b ? el(b, n, j, l) : el(b, k, l, j);
            for (int i = 0; i < m; ++i) el(c, m, i, j) += el(a, m, i, l) * blj;
        }
    return c;
}

/** Orthonormal n x n from Gram–Schmidt of a Gaussian matrix. */
Matrix random_orthogonal(int n) {
    Matrix q = random_matrix(n, n);
    for (int j = 0; j < n; ++j) {
        for (int pass = 0; pass < 2; ++pass)
            for (int p = 0; p < j; ++p) {
                double dot = 0;
                for (int i = 0; i < n; ++i) dot += el(q, n, i, p) * el(q, n, i, j);
                for (int i = 0; i < n; ++i) el(q, n, i, j) -= dot * el(q, n, i, p);
            }
        double norm = 0;
        for (int i = 0; i < n; ++i) norm += el(q, n, i, j) * el(q, n, i, j);
        norm = std::sqrt(norm);
        for (int i = 0; i < n; ++i) el(q, n, i, j) /= norm;
    }
    return q;
}

/** Symmetric test matrices: 0 random, 1 low rank (the CUDA 11 float32 syevd hazard), 2 repeated eigenvalues, 3 Wishart. */
Matrix symmetric(int n, int kind) {
    if (kind == 1) {
        int r = std::max(1, n / 8);
        Matrix b = random_matrix(n, r);
        return multiply(b, n, r, b, n, true);
    }
    if (kind == 2) {
        Matrix q = random_orthogonal(n), d(static_cast<size_t>(n) * static_cast<size_t>(n), 0.0);
        for (int i = 0; i < n; ++i) el(d, n, i, i) = 1.0 + (i % 3);
        Matrix qd = multiply(q, n, n, d, n, false);
        return multiply(qd, n, n, q, n, true);
    }
    if (kind == 3) {
        Matrix x = random_matrix(n, 2 * n);
        Matrix w = multiply(x, n, 2 * n, x, n, true);
        for (auto& v : w) v /= 2 * n;
        return w;
    }
    Matrix a = random_matrix(n, n);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < j; ++i) el(a, n, j, i) = el(a, n, i, j);
    return a;
}

/** General m x n: 0 Gaussian, 1 low rank, 2 geometrically decaying singular values. */
Matrix general(int m, int n, int kind) {
    int k = std::min(m, n);
    if (kind == 1) {
        int r = std::max(1, k / 6);
        return multiply(random_matrix(m, r), m, r, random_matrix(n, r), n, true);
    }
    if (kind == 2) {
        Matrix u = random_orthogonal(m), v = random_orthogonal(n), us(static_cast<size_t>(m) * static_cast<size_t>(k));
        for (int j = 0; j < k; ++j)
            for (int i = 0; i < m; ++i) el(us, m, i, j) = el(u, m, i, j) * std::pow(0.8, j);
        Matrix vk(static_cast<size_t>(n) * static_cast<size_t>(k));
        for (int j = 0; j < k; ++j)
            for (int i = 0; i < n; ++i) el(vk, n, i, j) = el(v, n, i, j);
        return multiply(us, m, k, vk, n, true);
    }
    return random_matrix(m, n);
}

double frobenius(const Matrix& a) {
    double s = 0;
    for (double x : a) s += x * x;
    return std::sqrt(s);
}

/** Writes a (rows x cols, column-major) into bytes in `layout` (dense) as `dtype`. */
void store(const Matrix& a, int rows, int cols, spectral_layout layout, spectral_dtype dtype, unsigned char* out) {
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            size_t at = layout == SPECTRAL_LAYOUT_ROW_MAJOR ? static_cast<size_t>(i) * static_cast<size_t>(cols) + static_cast<size_t>(j)
                                                            : static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(rows);
            if (dtype == SPECTRAL_DTYPE_FLOAT32) reinterpret_cast<float*>(out)[at] = static_cast<float>(el(a, rows, i, j));
            else reinterpret_cast<double*>(out)[at] = el(a, rows, i, j);
        }
}

/** Reads a dense rows x cols matrix in `layout`/`dtype` into column-major doubles. */
Matrix load(const unsigned char* in, int rows, int cols, spectral_layout layout, spectral_dtype dtype) {
    Matrix a(static_cast<size_t>(rows) * static_cast<size_t>(cols));
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            size_t at = layout == SPECTRAL_LAYOUT_ROW_MAJOR ? static_cast<size_t>(i) * static_cast<size_t>(cols) + static_cast<size_t>(j)
                                                            : static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(rows);
            el(a, rows, i, j) = dtype == SPECTRAL_DTYPE_FLOAT32 ? reinterpret_cast<const float*>(in)[at] : reinterpret_cast<const double*>(in)[at];
        }
    return a;
}

std::vector<double> load_vector(const unsigned char* in, int count, spectral_dtype dtype) {
    return load(in, count, 1, SPECTRAL_LAYOUT_COL_MAJOR, dtype);
}

/** Eigen checks for one matrix; returns "" or the first problem. */
std::string check_eigen(const Matrix& a, int n, int il, int iu, const std::vector<double>& w, const Matrix* v, spectral_dtype dtype) {
    double norm = std::max(frobenius(a), 1e-300), tol = 50.0 * n * eps_of(dtype) * norm;
    std::vector<double> ref = smoke::jacobi_eigenvalues(a, n);
    int k = iu - il + 1;
    for (int j = 0; j < k; ++j)
        if (std::fabs(w[static_cast<size_t>(j)] - ref[static_cast<size_t>(il + j)]) > tol)
            return "eigenvalue " + std::to_string(il + j) + " = " + std::to_string(w[static_cast<size_t>(j)]) + ", reference " +
                   std::to_string(ref[static_cast<size_t>(il + j)]);
    if (v == nullptr) return "";
    for (int j = 0; j < k; ++j) {
        double residual = 0;
        for (int i = 0; i < n; ++i) {
            double av = 0;
            for (int l = 0; l < n; ++l) av += el(a, n, i, l) * el(*v, n, l, j);
            residual = std::max(residual, std::fabs(av - w[static_cast<size_t>(j)] * el(*v, n, i, j)));
        }
        if (residual > tol) return "residual of eigenpair " + std::to_string(j) + " = " + std::to_string(residual);
        for (int p = 0; p <= j; ++p) {
            double dot = 0;
            for (int i = 0; i < n; ++i) dot += el(*v, n, i, p) * el(*v, n, i, j);
            if (std::fabs(dot - (p == j ? 1.0 : 0.0)) > 50.0 * n * eps_of(dtype))
                return "eigenvectors " + std::to_string(p) + ", " + std::to_string(j) + " not orthonormal (dot " + std::to_string(dot) + ")";
        }
    }
    return "";
}

/** SVD checks: s against Jacobi (top `k` values), and if given, U S VT reconstructs A (when k = min) with orthonormal factors. */
std::string check_svd(const Matrix& a, int m, int n, int k, const std::vector<double>& s, const Matrix* u, const Matrix* vt,
                      spectral_dtype dtype, double value_tol_factor = 50.0) {
    int kmin = std::min(m, n);
    double norm = std::max(frobenius(a), 1e-300), tol = value_tol_factor * std::max(m, n) * eps_of(dtype) * norm;
    std::vector<double> ref = smoke::jacobi_singular_values(a, m, n);
    for (int j = 0; j < k; ++j)
        if (std::fabs(s[static_cast<size_t>(j)] - ref[static_cast<size_t>(j)]) > tol)
            return "singular value " + std::to_string(j) + " = " + std::to_string(s[static_cast<size_t>(j)]) + ", reference " +
                   std::to_string(ref[static_cast<size_t>(j)]);
    if (u == nullptr || vt == nullptr) return "";
    for (int p = 0; p < k; ++p)
        for (int q = 0; q <= p; ++q) {
            double du = 0, dv = 0;
            for (int i = 0; i < m; ++i) du += el(*u, m, i, p) * el(*u, m, i, q);
            for (int i = 0; i < n; ++i) dv += el(*vt, k, p, i) * el(*vt, k, q, i);
            double expected = p == q ? 1.0 : 0.0, orth = 50.0 * std::max(m, n) * eps_of(dtype);
            if (std::fabs(du - expected) > orth || std::fabs(dv - expected) > orth) return "singular vectors not orthonormal";
        }
    if (k < kmin) return "";
    double worst = 0;
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < n; ++j) {
            double x = 0;
            for (int l = 0; l < k; ++l) x += el(*u, m, i, l) * s[static_cast<size_t>(l)] * el(*vt, k, l, j);
            worst = std::max(worst, std::fabs(x - el(a, m, i, j)));
        }
    if (worst > tol) return "|A - U S VT| = " + std::to_string(worst);
    return "";
}

void report(const std::string& name, const std::string& problem, double ms) {
    if (problem.empty()) {
        ++passed;
        std::printf("[ PASS ] %s (%.1f ms)\n", name.c_str(), ms);
    } else {
        ++failed;
        std::printf("[ FAIL ] %s: %s\n", name.c_str(), problem.c_str());
    }
    std::fflush(stdout);
}

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/** Batched syev of matrices with orders `sizes` (index ranges when ranged). */
void syev_case(spectral_context* ctx, const std::string& label, const std::vector<int>& sizes, int kind, spectral_dtype dtype,
               spectral_layout layout, spectral_uplo uplo, bool vectors, bool ranged) {
    size_t es = dtype == SPECTRAL_DTYPE_FLOAT32 ? 4 : 8;
    int64_t count = static_cast<int64_t>(sizes.size());
    std::vector<int64_t> n(sizes.begin(), sizes.end()), il(sizes.size()), iu(sizes.size()), a_off, w_off, v_off;
    std::vector<Matrix> inputs;
    int64_t a_len = 0, w_len = 0, v_len = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
        int ni = sizes[i];
        il[i] = ranged ? ni / 4 : 0;
        iu[i] = ranged ? std::max<int64_t>(il[i], ni / 2) : ni - 1;
        int64_t k = iu[i] - il[i] + 1;
        inputs.push_back(symmetric(ni, kind));
        a_off.push_back(a_len);
        w_off.push_back(w_len);
        v_off.push_back(v_len);
        a_len += int64_t{ni} * ni;
        w_len += k;
        v_len += vectors ? int64_t{ni} * k : 0;
    }
    std::vector<unsigned char> a(static_cast<size_t>(a_len) * es), w(static_cast<size_t>(w_len) * es + 8), v(static_cast<size_t>(v_len) * es + 8);
    for (size_t i = 0; i < sizes.size(); ++i) {
        // Poison the unread triangle: the backend must read only `uplo`.
        Matrix poisoned = inputs[i];
        int ni = sizes[i];
        for (int r = 0; r < ni; ++r)
            for (int c = 0; c < ni; ++c)
                if ((uplo == SPECTRAL_UPLO_LOWER && c > r) || (uplo == SPECTRAL_UPLO_UPPER && c < r)) el(poisoned, ni, r, c) = 1e6;
        store(poisoned, ni, ni, layout, dtype, a.data() + static_cast<size_t>(a_off[i]) * es);
    }
    std::vector<int32_t> info(sizes.size(), -99);
    double start = now_ms();
    spectral_status status =
        ranged ? spectral_syev_range_batched(ctx, dtype, layout, uplo, vectors ? SPECTRAL_JOB_VECTORS : SPECTRAL_JOB_VALUES, count,
                                             n.data(), il.data(), iu.data(), a.data(), a_len, a_off.data(), w.data(), w_len,
                                             w_off.data(), vectors ? v.data() : nullptr, vectors ? v_len : 0,
                                             vectors ? v_off.data() : nullptr, info.data())
               : spectral_syev_batched(ctx, dtype, layout, uplo, vectors ? SPECTRAL_JOB_VECTORS : SPECTRAL_JOB_VALUES, count,
                                       n.data(), a.data(), a_len, a_off.data(), w.data(), w_len, w_off.data(),
                                       vectors ? v.data() : nullptr, vectors ? v_len : 0, vectors ? v_off.data() : nullptr,
                                       info.data());
    double ms = now_ms() - start;
    std::string name = label + " " + dtype_name(dtype) + " " + layout_name(layout) + (uplo == SPECTRAL_UPLO_LOWER ? " lower" : " upper") +
                       (vectors ? " vectors" : " values");
    if (status != SPECTRAL_STATUS_OK) return report(name, std::string(spectral_status_string(status)) + ": " + spectral_last_error(), ms);
    for (size_t i = 0; i < sizes.size(); ++i) {
        if (info[i] != 0) return report(name, "info[" + std::to_string(i) + "] = " + std::to_string(info[i]), ms);
        int ni = sizes[i], k = static_cast<int>(iu[i] - il[i] + 1);
        std::vector<double> wi = load_vector(w.data() + static_cast<size_t>(w_off[i]) * es, k, dtype);
        Matrix vi;
        if (vectors) vi = load(v.data() + static_cast<size_t>(v_off[i]) * es, ni, k, layout, dtype);
        std::string problem = check_eigen(inputs[i], ni, static_cast<int>(il[i]), static_cast<int>(iu[i]), wi, vectors ? &vi : nullptr, dtype);
        if (!problem.empty()) return report(name, "matrix " + std::to_string(i) + " (n = " + std::to_string(ni) + "): " + problem, ms);
    }
    report(name, "", ms);
}

void gesvd_case(spectral_context* ctx, const std::string& label, const std::vector<std::pair<int, int>>& shapes, int kind,
                spectral_dtype dtype, spectral_layout layout, bool vectors) {
    size_t es = dtype == SPECTRAL_DTYPE_FLOAT32 ? 4 : 8;
    std::vector<int64_t> m, n, a_off, s_off, u_off, vt_off;
    std::vector<Matrix> inputs;
    int64_t a_len = 0, s_len = 0, u_len = 0, vt_len = 0;
    for (auto [mi, ni] : shapes) {
        int k = std::min(mi, ni);
        m.push_back(mi);
        n.push_back(ni);
        inputs.push_back(general(mi, ni, kind));
        a_off.push_back(a_len);
        s_off.push_back(s_len);
        u_off.push_back(u_len);
        vt_off.push_back(vt_len);
        a_len += int64_t{mi} * ni;
        s_len += k;
        u_len += vectors ? int64_t{mi} * k : 0;
        vt_len += vectors ? int64_t{k} * ni : 0;
    }
    std::vector<unsigned char> a(static_cast<size_t>(a_len) * es), s(static_cast<size_t>(s_len) * es + 8),
        u(static_cast<size_t>(u_len) * es + 8), vt(static_cast<size_t>(vt_len) * es + 8);
    for (size_t i = 0; i < shapes.size(); ++i)
        store(inputs[i], shapes[i].first, shapes[i].second, layout, dtype, a.data() + static_cast<size_t>(a_off[i]) * es);
    std::vector<int32_t> info(shapes.size(), -99);
    double start = now_ms();
    spectral_status status = spectral_gesvd_batched(
        ctx, dtype, layout, vectors ? SPECTRAL_JOB_VECTORS : SPECTRAL_JOB_VALUES, static_cast<int64_t>(shapes.size()), m.data(), n.data(),
        a.data(), a_len, a_off.data(), s.data(), s_len, s_off.data(), vectors ? u.data() : nullptr, vectors ? u_len : 0,
        vectors ? u_off.data() : nullptr, vectors ? vt.data() : nullptr, vectors ? vt_len : 0, vectors ? vt_off.data() : nullptr, info.data());
    double ms = now_ms() - start;
    std::string name = label + " " + dtype_name(dtype) + " " + layout_name(layout) + (vectors ? " vectors" : " values");
    if (status != SPECTRAL_STATUS_OK) return report(name, std::string(spectral_status_string(status)) + ": " + spectral_last_error(), ms);
    for (size_t i = 0; i < shapes.size(); ++i) {
        if (info[i] != 0) return report(name, "info[" + std::to_string(i) + "] = " + std::to_string(info[i]), ms);
        int mi = shapes[i].first, ni = shapes[i].second, k = std::min(mi, ni);
        std::vector<double> si = load_vector(s.data() + static_cast<size_t>(s_off[i]) * es, k, dtype);
        Matrix ui, vti;
        if (vectors) {
            ui = load(u.data() + static_cast<size_t>(u_off[i]) * es, mi, k, layout, dtype);
            vti = load(vt.data() + static_cast<size_t>(vt_off[i]) * es, k, ni, layout, dtype);
        }
        std::string problem = check_svd(inputs[i], mi, ni, k, si, vectors ? &ui : nullptr, vectors ? &vti : nullptr, dtype);
        if (!problem.empty())
            return report(name, "matrix " + std::to_string(i) + " (" + std::to_string(mi) + "x" + std::to_string(ni) + "): " + problem, ms);
    }
    report(name, "", ms);
}

void gesvdr_case(spectral_context* ctx, int m, int n, int k, int p, int iters, spectral_dtype dtype, spectral_layout layout) {
    size_t es = dtype == SPECTRAL_DTYPE_FLOAT32 ? 4 : 8;
    Matrix a = general(m, n, 2);
    std::vector<unsigned char> ab(static_cast<size_t>(m) * static_cast<size_t>(n) * es), original, s(static_cast<size_t>(k) * es),
        u(static_cast<size_t>(m) * static_cast<size_t>(k) * es), vt(static_cast<size_t>(k) * static_cast<size_t>(n) * es);
    store(a, m, n, layout, dtype, ab.data());
    original = ab;
    bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    double start = now_ms();
    spectral_status status = spectral_gesvdr(ctx, dtype, layout, m, n, k, p, iters, 42, ab.data(), row ? n : m, s.data(), u.data(),
                                             row ? k : m, vt.data(), row ? n : k);
    double ms = now_ms() - start;
    std::string name = "gesvdr " + std::to_string(m) + "x" + std::to_string(n) + " top-" + std::to_string(k) + " " + dtype_name(dtype) +
                       " " + layout_name(layout);
    if (status != SPECTRAL_STATUS_OK) return report(name, std::string(spectral_status_string(status)) + ": " + spectral_last_error(), ms);
    if (ab != original) return report(name, "the input matrix was modified", ms);
    Matrix um = load(u.data(), m, k, layout, dtype), vtm = load(vt.data(), k, n, layout, dtype);
    // Randomized values with geometric decay 0.8^j and k + p sketch columns: allow a looser tolerance.
    report(name, check_svd(a, m, n, k, load_vector(s.data(), k, dtype), &um, &vtm, dtype, 2000.0), ms);
}

void gram_case(spectral_context* ctx, int m, int n, spectral_dtype dtype, spectral_layout layout) {
    size_t es = dtype == SPECTRAL_DTYPE_FLOAT32 ? 4 : 8;
    Matrix a = general(m, n, 0);
    std::vector<unsigned char> ab(static_cast<size_t>(m) * static_cast<size_t>(n) * es);
    store(a, m, n, layout, dtype, ab.data());
    // The reference sees exactly what the GPU sees (the stored, possibly float32-rounded matrix).
    Matrix stored = load(ab.data(), m, n, layout, dtype);
    int k = std::min(m, n);
    std::vector<double> w(static_cast<size_t>(k), -1.0);
    bool row = layout == SPECTRAL_LAYOUT_ROW_MAJOR;
    double start = now_ms();
    spectral_status status = spectral_gram_eigenvalues(ctx, dtype, layout, m, n, ab.data(), row ? n : m, w.data());
    double ms = now_ms() - start;
    std::string name = "gram eigenvalues " + std::to_string(m) + "x" + std::to_string(n) + " " + dtype_name(dtype) + " " + layout_name(layout);
    if (status != SPECTRAL_STATUS_OK) return report(name, std::string(spectral_status_string(status)) + ": " + spectral_last_error(), ms);
    std::vector<double> ref = smoke::jacobi_singular_values(stored, m, n);  // descending
    double norm2 = ref[0] * ref[0], tol = 50.0 * std::max(m, n) * 2.2e-16 * norm2;  // float64 product and solver
    for (int j = 0; j < k; ++j) {
        double expected = ref[static_cast<size_t>(k - 1 - j)] * ref[static_cast<size_t>(k - 1 - j)];
        if (std::fabs(w[static_cast<size_t>(j)] - expected) > tol)
            return report(name, "eigenvalue " + std::to_string(j) + " = " + std::to_string(w[static_cast<size_t>(j)]) + ", reference " + std::to_string(expected), ms);
    }
    report(name, "", ms);
}

/** Best-of-`runs` wall time (ms) of `call` after one warm-up call (which grows the buffers). */
template <class Call>
double best_of(int runs, Call call) {
    if (call() != SPECTRAL_STATUS_OK) return -1;
    double best = 1e300;
    for (int r = 0; r < runs; ++r) {
        double start = now_ms();
        if (call() != SPECTRAL_STATUS_OK) return -1;
        best = std::min(best, now_ms() - start);
    }
    return best;
}

/**
 * The GPU benchmark cases, through the C ABI (no .NET): batch of 10,000 32x32, single n = 4096 and 8192,
 * randomized top-100 of 16384x16384. SPECTRAL_CUDA_PROFILE=1 is set so that every call also prints its
 * pack / host-to-device / solve / device-to-host / unpack breakdown to stderr.
 */
int bench(spectral_context* ctx) {
    std::uniform_real_distribution<double> uniform(-1, 1);
    auto fill = [&](std::vector<double>& a, int64_t n, int64_t count) {
        // Symmetric n x n blocks (both triangles), uniform entries.
        for (int64_t b = 0; b < count; ++b)
            for (int64_t j = 0; j < n; ++j)
                for (int64_t i = 0; i <= j; ++i) a[static_cast<size_t>(b * n * n + i + j * n)] = a[static_cast<size_t>(b * n * n + j + i * n)] = uniform(rng);
    };
    for (spectral_job job : {SPECTRAL_JOB_VALUES, SPECTRAL_JOB_VECTORS}) {
        int64_t count = 10000, n = 32;
        std::vector<double> a(static_cast<size_t>(count * n * n)), w(static_cast<size_t>(count * n)), v(job ? a.size() : 0);
        fill(a, n, count);
        std::vector<int64_t> ns(static_cast<size_t>(count), n), a_off(static_cast<size_t>(count)), w_off(static_cast<size_t>(count));
        for (int64_t i = 0; i < count; ++i) {
            a_off[static_cast<size_t>(i)] = i * n * n;
            w_off[static_cast<size_t>(i)] = i * n;
        }
        std::vector<int32_t> info(static_cast<size_t>(count));
        double ms = best_of(3, [&] {
            return spectral_syev_batched(ctx, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_COL_MAJOR, SPECTRAL_UPLO_LOWER, job, count, ns.data(), a.data(),
                                         static_cast<int64_t>(a.size()), a_off.data(), w.data(), static_cast<int64_t>(w.size()), w_off.data(),
                                         job ? v.data() : nullptr, job ? static_cast<int64_t>(v.size()) : 0, job ? a_off.data() : nullptr, info.data());
        });
        std::printf("bench syev batched 10000 x 32x32 float64 %s: %.3f ms (best of 3)%s\n", job ? "vectors" : "values", ms, ms < 0 ? spectral_last_error() : "");
    }
    for (int64_t n : {4096, 8192}) {
        std::vector<double> a(static_cast<size_t>(n * n)), w(static_cast<size_t>(n)), v(a.size());
        fill(a, n, 1);
        double ms = best_of(2, [&] {
            return spectral_syev(ctx, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_COL_MAJOR, SPECTRAL_UPLO_LOWER, SPECTRAL_JOB_VECTORS, n, a.data(), n, w.data(), v.data(), n);
        });
        std::printf("bench syev single n=%lld float64 vectors: %.3f ms (best of 2)%s\n", static_cast<long long>(n), ms, ms < 0 ? spectral_last_error() : "");
    }
    {
        int64_t n = 16384, k = 100;
        std::vector<double> a(static_cast<size_t>(n * n)), s(static_cast<size_t>(k)), u(static_cast<size_t>(n * k)), vt(static_cast<size_t>(k * n));
        for (auto& x : a) x = uniform(rng);
        double ms = best_of(2, [&] {
            return spectral_gesvdr(ctx, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_COL_MAJOR, n, n, k, 10, 2, 1, a.data(), n, s.data(), u.data(), n, vt.data(), k);
        });
        std::printf("bench gesvdr 16384x16384 top-100 (p = 10, 2 power iterations) float64: %.3f ms (best of 2)%s\n", ms, ms < 0 ? spectral_last_error() : "");
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    bool bench_mode = argc > 1 && std::string(argv[1]) == "--bench";
    if (bench_mode) setenv("SPECTRAL_CUDA_PROFILE", "1", 1);
    uint64_t seed = 20261123;
    if (const char* env = std::getenv("SPECTRAL_TEST_SEED")) seed = std::strtoull(env, nullptr, 10);
    rng.seed(seed);
    std::printf("spectral_cuda_smoke: seed %llu (set SPECTRAL_TEST_SEED to reproduce)\n", static_cast<unsigned long long>(seed));

    spectral_backend_info info;
    std::memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    spectral_backend_query(SPECTRAL_BACKEND_CUDA, &info);
    std::printf("cuda: available=%d\n  reason: %s\n  library: %s\n  version: %s\n  details:\n%s\n", info.available, info.reason,
                info.library, info.version, info.details);
    if (!info.available) {
        std::printf("smoke: CUDA backend unavailable, nothing ran\n");
        return 2;
    }
    spectral_context* ctx = nullptr;
    if (spectral_context_create(SPECTRAL_BACKEND_CUDA, nullptr, &ctx) != SPECTRAL_STATUS_OK) {
        std::printf("smoke: context_create failed: %s\n", spectral_last_error());
        return 1;
    }
    if (bench_mode) {
        int rc = bench(ctx);
        spectral_context_destroy(ctx);
        return rc;
    }

    for (spectral_dtype dtype : {SPECTRAL_DTYPE_FLOAT64, SPECTRAL_DTYPE_FLOAT32})
        for (spectral_layout layout : {SPECTRAL_LAYOUT_ROW_MAJOR, SPECTRAL_LAYOUT_COL_MAJOR}) {
            for (spectral_uplo uplo : {SPECTRAL_UPLO_LOWER, SPECTRAL_UPLO_UPPER})
                for (bool vectors : {true, false}) {
                    syev_case(ctx, "syev batched 300 x 8x8 (syevjBatched/XsyevBatched)", std::vector<int>(300, 8), 0, dtype, layout, uplo, vectors, false);
                    syev_case(ctx, "syev mixed sizes {1,3,17,32,33,64,100} x3", {1, 3, 17, 32, 33, 64, 100, 1, 3, 17, 32, 33, 64, 100, 1, 3, 17, 32, 33, 64, 100},
                              3, dtype, layout, uplo, vectors, false);
                }
            syev_case(ctx, "syev single 300 random (Xsyevd)", {300}, 0, dtype, layout, SPECTRAL_UPLO_LOWER, true, false);
            syev_case(ctx, "syev single 256 low-rank (float32 hazard on CUDA 11)", {256}, 1, dtype, layout, SPECTRAL_UPLO_UPPER, true, false);
            syev_case(ctx, "syev 4 x 200 repeated eigenvalues", {200, 200, 200, 200}, 2, dtype, layout, SPECTRAL_UPLO_LOWER, true, false);
            syev_case(ctx, "syev range (Xsyevdx) {120, 40, 7}", {120, 40, 7}, 0, dtype, layout, SPECTRAL_UPLO_LOWER, true, true);
            for (bool vectors : {true, false}) {
                gesvd_case(ctx, "gesvd batched 200 x 12x7 (gesvdjBatched)", std::vector<std::pair<int, int>>(200, {12, 7}), 0, dtype, layout, vectors);
                gesvd_case(ctx, "gesvd batched 200 x 7x12 (gesvdjBatched)", std::vector<std::pair<int, int>>(200, {7, 12}), 0, dtype, layout, vectors);
                gesvd_case(ctx, "gesvd mixed {(1,5),(32,32),(33,20),(20,70)} x2", {{1, 5}, {32, 32}, {33, 20}, {20, 70}, {1, 5}, {32, 32}, {33, 20}, {20, 70}},
                           1, dtype, layout, vectors);
                gesvd_case(ctx, "gesvd single 300x120 (Xgesvd)", {{300, 120}}, 0, dtype, layout, vectors);
                gesvd_case(ctx, "gesvd single 120x300 (Xgesvd, transposed)", {{120, 300}}, 2, dtype, layout, vectors);
            }
            gesvdr_case(ctx, 400, 300, 10, 10, 2, dtype, layout);
            gesvdr_case(ctx, 250, 500, 8, 8, 2, dtype, layout);
            gram_case(ctx, 300, 120, dtype, layout);
            gram_case(ctx, 90, 260, dtype, layout);
        }

    // k + oversample = min(m, n) is refused with a clear message (cuSOLVER requires <).
    {
        std::vector<double> a(20 * 10, 1.0), s(5);
        spectral_status status = spectral_gesvdr(ctx, SPECTRAL_DTYPE_FLOAT64, SPECTRAL_LAYOUT_COL_MAJOR, 20, 10, 5, 5, 1, 1, a.data(), 20,
                                                 s.data(), nullptr, 1, nullptr, 1);
        report("gesvdr k + p = min(m, n) refused", status == SPECTRAL_STATUS_UNSUPPORTED ? "" : "expected UNSUPPORTED", 0);
    }
    spectral_context_destroy(ctx);
    // Contexts can be created and destroyed repeatedly.
    for (int i = 0; i < 3; ++i) {
        spectral_context* again = nullptr;
        bool ok = spectral_context_create(SPECTRAL_BACKEND_CUDA, nullptr, &again) == SPECTRAL_STATUS_OK;
        spectral_context_destroy(again);
        report("context create/destroy " + std::to_string(i), ok ? "" : spectral_last_error(), 0);
    }
    std::printf("smoke: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
