package dev.keepalive.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormalTailTest {

    @Test
    void phiAtTheMeanIsLog10OfTwo() {
        assertEquals(Math.log10(2), NormalTail.phi(0), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-6, -3, -1.5, -0.5, 0.25, 1, 2, 3, 4, 5, 5.612, 6, 7, 8, 10})
    void phiMatchesNumericalIntegrationOfTheNormalDensity(double y) {
        double expected = -Math.log10(ReferenceNormal.upperTail(y));
        // erfc's fit has fractional error < 1.2e-7, i.e. about 5e-8 on the log10 scale
        assertEquals(expected, NormalTail.phi(y), Math.max(1e-7, expected * 1e-7), "y=" + y);
    }

    @Test
    void phiStaysFiniteAndGrowsFarIntoTheTail() {
        double previous = 0;
        for (double y = -50; y <= 50_000; y += y < 100 ? 0.01 : 10) {
            double phi = NormalTail.phi(y);
            assertTrue(Double.isFinite(phi), "finite at y=" + y);
            assertTrue(phi >= previous, "monotonic at y=" + y + ": " + phi + " < " + previous);
            previous = phi;
        }
        // asymptotically y²/(2 ln 10): an hour of silence at σ = 100 ms is phi ≈ 2.8e8, not infinity
        assertEquals(36_000.0 * 36_000 / (2 * Math.log(10)), NormalTail.phi(36_000), 1e4);
    }

    @Test
    void quantileOfThreshold8IsTheNormalQuantileOfOneIn10To8() {
        double y = NormalTail.quantileForPhi(8);
        assertEquals(5.6120, y, 1e-4); // Φ⁻¹(1 - 1e-8)
        assertTrue(NormalTail.phi(y) >= 8);
        assertTrue(NormalTail.phi(y - 1e-9) < 8);
        assertEquals(1.2816, NormalTail.quantileForPhi(1), 1e-4); // Φ⁻¹(0.9)
    }
}
