package io.rocketexpress.model.tracking;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackingNumberTest {

    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private final SplittableRandom random = new SplittableRandom(20261121L);

    @Test
    void generatedNumberCarriesTheOriginRegionCodeAndParsesBack() {
        TrackingNumber number = TrackingNumber.generate("HGH", random);

        assertThat(number.toString()).hasSize(TrackingNumber.LENGTH).startsWith("HGH");
        assertThat(TrackingNumber.parse(number.toString())).isEqualTo(number);
        assertThat(number.regionCode()).isEqualTo("HGH");
    }

    @Test
    void randomPartAvoidsLettersMistakenForDigits() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(TrackingNumber.generate("DXB", random).random()).doesNotContain("I", "L", "O", "U");
        }
    }

    @Test
    void everyCharacterIsAsLikelyAtEveryPosition() {
        int draws = 32_000;
        int[][] counts = new int[TrackingNumber.RANDOM_LENGTH][TrackingNumber.RANDOM_ALPHABET.length()];
        for (int i = 0; i < draws; i++) {
            String part = TrackingNumber.generate("HGH", random).random();
            for (int position = 0; position < part.length(); position++) {
                counts[position][TrackingNumber.RANDOM_ALPHABET.indexOf(part.charAt(position))]++;
            }
        }
        // 1,000 expected each; the binomial's standard deviation is 31, so 800 to 1,200 leaves six of them.
        for (int position = 0; position < counts.length; position++) {
            for (int character = 0; character < counts[position].length; character++) {
                assertThat(counts[position][character]).as("'%s' at position %d",
                        TrackingNumber.RANDOM_ALPHABET.charAt(character), position).isBetween(800, 1_200);
            }
        }
    }

    @Test
    void positionsAreIndependentOfEachOther() {
        int draws = 32_000;
        int length = TrackingNumber.RANDOM_LENGTH;
        int[][] same = new int[length][length];
        for (int i = 0; i < draws; i++) {
            String part = TrackingNumber.generate("HGH", random).random();
            for (int a = 0; a < length; a++) {
                for (int b = a + 1; b < length; b++) {
                    same[a][b] += part.charAt(a) == part.charAt(b) ? 1 : 0;
                }
            }
        }
        // Two independent positions agree once in 32 draws: 1,000 times here, give or take 31.
        for (int a = 0; a < length; a++) {
            for (int b = a + 1; b < length; b++) {
                assertThat(same[a][b]).as("positions %d and %d agreeing", a, b).isBetween(800, 1_200);
            }
        }
    }

    @Test
    void numbersDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(TrackingNumber.generate("LGG", random).toString())).isTrue();
        }
    }

    @Test
    void parsingForgivesCaseSpacesAndDashes() {
        String number = TrackingNumber.generate("KUL", random).toString();
        String typed = " " + number.substring(0, 3).toLowerCase() + "-" + number.substring(3, 9) + " "
                + number.substring(9).toLowerCase() + " ";

        assertThat(TrackingNumber.parse(typed).toString()).isEqualTo(number);
    }

    @RepeatedTest(20)
    void everySingleMistypedCharacterIsRejected() {
        String number = TrackingNumber.generate("HGH", random).toString();
        for (int position = 0; position < number.length(); position++) {
            for (char replacement : ALPHANUMERIC.toCharArray()) {
                if (replacement == number.charAt(position)) {
                    continue;
                }
                String typo = number.substring(0, position) + replacement + number.substring(position + 1);
                assertThat(TrackingNumber.isValid(typo)).as("typo %s of %s", typo, number).isFalse();
            }
        }
    }

    @RepeatedTest(20)
    void everySwapOfNeighboursIsRejected() {
        String number = TrackingNumber.generate("DXB", random).toString();
        for (int position = 0; position + 1 < number.length(); position++) {
            char[] chars = number.toCharArray();
            if (chars[position] == chars[position + 1]) {
                continue;
            }
            char swapped = chars[position];
            chars[position] = chars[position + 1];
            chars[position + 1] = swapped;
            assertThat(TrackingNumber.isValid(new String(chars))).as("swap in %s", number).isFalse();
        }
    }

    @Test
    void wrongLengthNamesTheExpectedShape() {
        assertThatThrownBy(() -> TrackingNumber.parse("HGH123"))
                .isInstanceOf(InvalidTrackingNumberException.class)
                .hasMessageContaining("16 letters and digits")
                .hasMessageContaining("has 6");
    }

    @Test
    void numberMustStartWithARegionCode() {
        assertThatThrownBy(() -> TrackingNumber.parse("1GH7Q2M9XKT4RB3W"))
                .isInstanceOf(InvalidTrackingNumberException.class)
                .hasMessageContaining("three-letter code");
    }

    @ParameterizedTest
    @ValueSource(chars = {'O', 'I', 'L', 'U'})
    void confusableLetterIsRejectedWithAHint(char letter) {
        String number = TrackingNumber.generate("HGH", random).toString();
        String typed = number.substring(0, 5) + letter + number.substring(6);

        assertThatThrownBy(() -> TrackingNumber.parse(typed))
                .isInstanceOf(InvalidTrackingNumberException.class)
                .hasMessageContaining("never appears in tracking numbers")
                .hasMessageContaining("did you mean");
    }

    @Test
    void blankIsRejected() {
        assertThatThrownBy(() -> TrackingNumber.parse("  "))
                .isInstanceOf(InvalidTrackingNumberException.class)
                .hasMessageContaining("required");
    }

    @Test
    void generationRefusesAnInvalidRegionCode() {
        assertThatThrownBy(() -> TrackingNumber.generate("hgh", new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("three upper-case letters");
    }

    @Test
    void constructingWithAWrongCheckCharacterFails() {
        TrackingNumber number = TrackingNumber.generate("LGG", random);
        char other = number.check() == 'A' ? 'B' : 'A';

        assertThatThrownBy(() -> new TrackingNumber(number.regionCode(), number.random(), other))
                .isInstanceOf(InvalidTrackingNumberException.class);
    }
}
