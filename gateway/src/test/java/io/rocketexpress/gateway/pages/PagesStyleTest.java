package io.rocketexpress.gateway.pages;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages' style sheet and text, as a right-to-left translation needs them. */
class PagesStyleTest {

    @Test
    void theStyleSheetUsesLogicalPropertiesOnlySoRightToLeftMirrors() throws IOException {
        String css = resource("META-INF/resources/pages/pages.css").replaceAll("(?s)/\\*.*?\\*/", "");
        Pattern physical = Pattern.compile("(margin|padding|border|inset)-(left|right|top|bottom)"
                + "|(?<![-\\w])(left|right|top|bottom|width|height|min-width|max-height)\\s*:"
                + "|(text-align|float|clear)\\s*:\\s*(left|right)");
        assertThat(physical.matcher(css).results().map(match -> match.group()).toList()).isEmpty();
    }

    @Test
    void theEnglishBundleSaysItReadsLeftToRight() throws IOException {
        Properties messages = new Properties();
        messages.load(new java.io.StringReader(resource("messages/msg_en.properties")));
        assertThat(messages.getProperty("dir")).isEqualTo("ltr");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PagesStyleTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
