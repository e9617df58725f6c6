package io.rocketexpress.model.tracking;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A parcel's tracking number: the origin region's three-letter code, twelve random characters and
 * one check character, for example {@code HGH7Q2M9XKT4RB3W}.
 *
 * <p>The random part avoids the letters I, L, O and U, which are misread as digits or each other.
 * The check character follows ISO/IEC 7064 MOD 37,36 over the code and the random part: it catches
 * every single mistyped character and every swap of two neighbours, so a typo is answered as
 * malformed instead of as somebody else's parcel. Parsing ignores case, spaces and dashes.
 */
public record TrackingNumber(String regionCode, String random, char check) {

    /** Characters of the random part. */
    public static final String RANDOM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int RANDOM_LENGTH = 12;
    public static final int LENGTH = 3 + RANDOM_LENGTH + 1;

    private static final int BITS_PER_CHARACTER = Integer.numberOfTrailingZeros(RANDOM_ALPHABET.length());
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int MODULUS = 36;

    public TrackingNumber {
        String payload = regionCode + random;
        if (check != checkCharacter(payload)) {
            throw new InvalidTrackingNumberException("the check character of " + payload + check + " does not match");
        }
    }

    /** A new random tracking number for a parcel whose origin region has the given code. */
    public static TrackingNumber generate(String regionCode, RandomGenerator randomness) {
        requireRegionCode(regionCode);
        // The alphabet has 32 characters, five bits each: one random long holds all twelve, each as uniform as a
        // draw of its own, for one call to the generator (a SecureRandom's are synchronised) instead of twelve.
        long bits = randomness.nextLong();
        StringBuilder random = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            int index = (int) (bits >>> (BITS_PER_CHARACTER * i)) & (RANDOM_ALPHABET.length() - 1);
            random.append(RANDOM_ALPHABET.charAt(index));
        }
        String payload = regionCode + random;
        return new TrackingNumber(regionCode, random.toString(), checkCharacter(payload));
    }

    /**
     * Reads a tracking number as a partner typed it.
     *
     * @throws InvalidTrackingNumberException with a message naming what is wrong
     */
    public static TrackingNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidTrackingNumberException("a tracking number is required");
        }
        String compact = text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (compact.length() != LENGTH) {
            throw new InvalidTrackingNumberException("a tracking number has " + LENGTH
                    + " letters and digits (region code, " + RANDOM_LENGTH + " characters, check character), '"
                    + text + "' has " + compact.length());
        }
        String regionCode = compact.substring(0, 3);
        if (!regionCode.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new InvalidTrackingNumberException("a tracking number starts with its region's three-letter code, '"
                    + text + "' starts with " + regionCode);
        }
        String random = compact.substring(3, 3 + RANDOM_LENGTH);
        for (int i = 0; i < random.length(); i++) {
            char c = random.charAt(i);
            if (RANDOM_ALPHABET.indexOf(c) < 0) {
                throw new InvalidTrackingNumberException("character '" + c + "' at position " + (i + 4)
                        + " of '" + text + "' never appears in tracking numbers" + hint(c));
            }
        }
        char check = compact.charAt(LENGTH - 1);
        if (ALPHANUMERIC.indexOf(check) < 0 || check != checkCharacter(regionCode + random)) {
            throw new InvalidTrackingNumberException("'" + text
                    + "' is not a valid tracking number: its check character does not match (is there a typo?)");
        }
        return new TrackingNumber(regionCode, random, check);
    }

    /** True when {@code text} parses as a tracking number. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidTrackingNumberException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return regionCode + random + check;
    }

    private static String hint(char c) {
        return switch (c) {
            case 'O' -> " (did you mean the digit 0?)";
            case 'I', 'L' -> " (did you mean the digit 1?)";
            case 'U' -> " (did you mean V?)";
            default -> "";
        };
    }

    private static void requireRegionCode(String regionCode) {
        if (regionCode == null || regionCode.length() != 3
                || !regionCode.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("a region code is three upper-case letters, not '" + regionCode + "'");
        }
    }

    /** ISO/IEC 7064 hybrid system MOD 37,36 over an upper-case alphanumeric string. */
    static char checkCharacter(String payload) {
        int p = MODULUS;
        for (int i = 0; i < payload.length(); i++) {
            int value = ALPHANUMERIC.indexOf(payload.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + payload.charAt(i) + "' is not an upper-case letter or digit");
            }
            p = (p + value) % MODULUS;
            if (p == 0) {
                p = MODULUS;
            }
            p = (p * 2) % (MODULUS + 1);
        }
        return ALPHANUMERIC.charAt((MODULUS + 1 - p) % MODULUS);
    }
}
