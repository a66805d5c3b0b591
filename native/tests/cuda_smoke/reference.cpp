#include "reference.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace smoke {

std::vector<double> jacobi_eigenvalues(std::vector<double> a, int n) {
    auto A = [&](int i, int j) -> double& { return a[static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(n)]; };
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0, total = 0;
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                total += A(i, j) * A(i, j);
                if (i != j) off += A(i, j) * A(i, j);
            }
        if (off <= 1e-30 * total || off == 0) break;
        for (int p = 0; p < n - 1; ++p)
            for (int q = p + 1; q < n; ++q) {
                double apq = A(p, q);
                if (apq == 0) continue;
                double theta = (A(q, q) - A(p, p)) / (2 * apq);
                double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
                double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < n; ++k) {  // columns p, q
                    double akp = A(k, p), akq = A(k, q);
                    A(k, p) = c * akp - s * akq;
                    A(k, q) = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) {  // rows p, q
                    double apk = A(p, k), aqk = A(q, k);
                    A(p, k) = c * apk - s * aqk;
                    A(q, k) = s * apk + c * aqk;
                }
            }
    }
    std::vector<double> w(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) w[static_cast<size_t>(i)] = A(i, i);
    std::sort(w.begin(), w.end());
    return w;
}

std::vector<double> jacobi_singular_values(const std::vector<double>& input, int m, int n) {
    // Work on the tall orientation: columns of B are orthogonalized pairwise.
    bool wide = m < n;
    int rows = wide ? n : m, cols = wide ? m : n;
    std::vector<double> b(static_cast<size_t>(rows) * static_cast<size_t>(cols));
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < m; ++i) {
            double x = input[static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(m)];
            if (wide) b[static_cast<size_t>(j) + static_cast<size_t>(i) * static_cast<size_t>(rows)] = x;
            else b[static_cast<size_t>(i) + static_cast<size_t>(j) * static_cast<size_t>(rows)] = x;
        }
    auto col = [&](int j) { return b.data() + static_cast<size_t>(j) * static_cast<size_t>(rows); };
    for (int sweep = 0; sweep < 100; ++sweep) {
        bool rotated = false;
        for (int p = 0; p < cols - 1; ++p)
            for (int q = p + 1; q < cols; ++q) {
                double alpha = 0, beta = 0, gamma = 0;
                double *x = col(p), *y = col(q);
                for (int k = 0; k < rows; ++k) {
                    alpha += x[k] * x[k];
                    beta += y[k] * y[k];
                    gamma += x[k] * y[k];
                }
                if (std::fabs(gamma) <= 1e-15 * std::sqrt(alpha * beta) || gamma == 0) continue;
                rotated = true;
                double zeta = (beta - alpha) / (2 * gamma);
                double t = (zeta >= 0 ? 1.0 : -1.0) / (std::fabs(zeta) + std::sqrt(1 + zeta * zeta));
                double c = 1 / std::sqrt(1 + t * t), s = c * t;
                for (int k = 0; k < rows; ++k) {
                    double xk = x[k], yk = y[k];
                    x[k] = c * xk - s * yk;
                    y[k] = s * xk + c * yk;
                }
            }
        if (!rotated) break;
    }
    std::vector<double> s(static_cast<size_t>(cols));
    for (int j = 0; j < cols; ++j) {
        double norm = 0;
        for (int k = 0; k < rows; ++k) norm += col(j)[k] * col(j)[k];
        s[static_cast<size_t>(j)] = std::sqrt(norm);
    }
    std::sort(s.begin(), s.end(), std::greater<double>());
    return s;
}

}  // namespace smoke
