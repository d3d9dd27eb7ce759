package dev.keepalive.heartbeat;

/**
 * The upper tail of the standard normal distribution as phi: {@code phi(y) = -log10(P(X > y))} for
 * {@code X ~ N(0, 1)}. That probability is {@code erfc(y / √2) / 2}; erfc comes from the Chebyshev fit of
 * Numerical Recipes (§6.2, "erfcc"), whose fractional error is below 1.2e-7 everywhere, so phi is right to
 * about 5e-8 at any distance.
 *
 * <p>Why not the logistic approximation of the normal CDF that Akka uses: its error is absolute (about
 * 1e-4 of probability), which is all of the probability phi = 8 is about, and its exponential underflows
 * to phi = ∞ a few seconds into a silence. Working in logarithms here keeps phi finite and growing for
 * hours of silence ({@code y²/(2 ln 10)} asymptotically).
 */
final class NormalTail {
    private static final double LN10 = Math.log(10);
    private static final double LN_HALF = Math.log(0.5);
    private static final double SQRT2 = Math.sqrt(2);

    private NormalTail() {
    }

    /** {@code -log10(P(X > y))} for a standard normal X; 0.30103 at y = 0, → 0 as y → -∞. */
    static double phi(double y) {
        double z = y / SQRT2;
        if (z >= 0) {
            return -(LN_HALF + logErfc(z)) / LN10;
        }
        // P(X > y) = 1 - erfc(|z|)/2, close to 1: log1p keeps the small phi exact
        double erfc = Math.exp(logErfc(-z));
        return -Math.log1p(-0.5 * erfc) / LN10;
    }

    /** Natural log of erfc(z) for z &gt;= 0, without forming erfc itself (it underflows past z ≈ 27). */
    static double logErfc(double z) {
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        return Math.log(t) - z * z + poly;
    }

    /**
     * The smallest y (to 1e-12) with {@code phi(y) >= threshold}: how many standard deviations past the
     * mean a silence must last before phi reaches the threshold. Bisection, so it agrees with
     * {@link #phi} exactly; for threshold 8 it is about 5.612.
     */
    static double quantileForPhi(double threshold) {
        double lo = -40;
        double hi = 100; // phi(100) ≈ 2174, past the largest threshold allowed
        while (hi - lo > 1e-12) {
            double mid = 0.5 * (lo + hi);
            if (phi(mid) >= threshold) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
