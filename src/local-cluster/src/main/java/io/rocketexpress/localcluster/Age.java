package io.rocketexpress.localcluster;

import java.time.Duration;

/**
 * How kubectl shows a date column: the time since, coarser as it grows ({@code 45s}, {@code 3m12s},
 * {@code 5h20m}, {@code 3d4h}, {@code 2y10d}). The API server renders these cells itself, so this one must too.
 */
final class Age {

    private Age() {
    }

    static String of(Duration elapsed) {
        long seconds = elapsed.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 2 * 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return pair(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return pair(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 8 * 24) {
            return pair(hours / 24, "d", hours % 24, "h");
        }
        long days = hours / 24;
        if (days < 2 * 365) {
            return days + "d";
        }
        if (days < 8 * 365) {
            return pair(days / 365, "y", days % 365, "d");
        }
        return days / 365 + "y";
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }
}
