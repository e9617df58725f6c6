package io.rocketexpress.gateway.flight;

/** Conversions between the API's kilograms and cubic metres and the exact integers the database sums. */
public final class Units {

    private Units() {
    }

    public static long grams(double kg) {
        return Math.round(kg * 1_000);
    }

    public static long cubicCentimetres(double m3) {
        return Math.round(m3 * 1_000_000);
    }

    public static double kg(long grams) {
        return grams / 1_000.0;
    }

    public static double m3(long cubicCentimetres) {
        return cubicCentimetres / 1_000_000.0;
    }
}
