package io.rocketexpress.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.gateway.booking.FlightSales;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the shell blocks of the partner guide (src/docs/api.md) against this gateway, as a partner would
 * paste them: every curl line must answer 2xx, or the status its "# → NNN" comment announces.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ApiGuideTest {

    private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CAPTURE = Pattern.compile("^(\\w+)=\\$\\((curl .*)\\|\\s*jq -r (\\S+)\\)$");
    private static final Pattern ASSIGN = Pattern.compile("^(\\w+)=(\\S+)$");
    private static final Pattern EXPECT = Pattern.compile("\\s*# → (\\d{3})$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> variables = new HashMap<>();

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    FlightSales sales;

    @Test
    void everyCommandOfThePartnerGuideWorksAsDocumented() throws Exception {
        Flights.offer(sales, Flights.id("guide"), "hangzhou", "dubai", Instant.now().plus(Duration.ofHours(1)),
                Duration.ofMinutes(30), 10_000, 120);
        String guide = Files.readString(Path.of(System.getProperty("repository.root", ".."), "src", "docs", "api.md"));
        List<String> commands = commands(guide);
        assertThat(commands).as("commands of the guide").hasSizeGreaterThan(8);

        for (String command : commands) {
            Matcher capture = CAPTURE.matcher(command);
            Matcher assign = ASSIGN.matcher(command);
            if (capture.matches()) {
                JsonNode answer = json.readTree(run(capture.group(2), null));
                String value = select(answer, unquote(capture.group(3)));
                assertThat(value).as("%s from: %s", capture.group(1), command).isNotBlank();
                variables.put(capture.group(1), value);
            } else if (assign.matches()) {
                variables.putIfAbsent(assign.group(1), assign.group(2));
            } else {
                Matcher expect = EXPECT.matcher(command);
                Integer expected = expect.find() ? Integer.valueOf(expect.group(1)) : null;
                run(expect.replaceFirst(""), expected);
            }
        }
        assertThat(variables).containsKeys("API_KEY", "BOOKING_ID", "TRACKING_NUMBER");
    }

    /** The guide's commands, one per logical line: continuation backslashes joined. */
    private List<String> commands(String guide) {
        variables.put("GATEWAY", gateway.toString().replaceAll("/$", ""));
        variables.put("ADMIN_KEY", Partners.ADMIN_KEY);
        List<String> commands = new ArrayList<>();
        Matcher block = BLOCK.matcher(guide);
        while (block.find()) {
            for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
                if (!line.isBlank()) {
                    commands.add(line.trim().replaceAll("\\s+", " "));
                }
            }
        }
        return commands;
    }

    private String run(String command, Integer expected) throws Exception {
        List<String> words = words(command);
        assertThat(words.get(0)).as(command).isEqualTo("curl");
        String method = null;
        String body = null;
        String url = null;
        HttpRequest.Builder request = HttpRequest.newBuilder();
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-s" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    request.header(header[0], header[1]);
                }
                case "-d" -> body = words.get(++i);
                default -> {
                    assertThat(words.get(i)).as("curl option the guide may use, in: %s", command).doesNotStartWith("-");
                    url = words.get(i);
                }
            }
        }
        request.uri(URI.create(url)).method(method != null ? method : body != null ? "POST" : "GET",
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expected == null) {
            assertThat(response.statusCode()).as("%s answered %s", command, response.body()).isBetween(200, 299);
        } else {
            assertThat(response.statusCode()).as("%s answered %s", command, response.body()).isEqualTo(expected);
        }
        return response.body();
    }

    /** Splits a command as a shell would: quotes grouped, $VAR expanded outside single quotes. */
    private List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == ' ') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                word = (word == null ? new StringBuilder() : word).append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                int end = command.indexOf('"', i + 1);
                word = (word == null ? new StringBuilder() : word).append(expand(command.substring(i + 1, end)));
                i = end;
            } else {
                int end = command.indexOf(' ', i);
                end = end < 0 ? command.length() : end;
                word = (word == null ? new StringBuilder() : word).append(expand(command.substring(i, end)));
                i = end - 1;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private String expand(String text) {
        Matcher variable = Pattern.compile("\\$\\{?(\\w+)}?").matcher(text);
        StringBuilder expanded = new StringBuilder();
        while (variable.find()) {
            String value = variables.get(variable.group(1));
            assertThat(value).as("variable %s is set before it is used", variable.group(1)).isNotNull();
            variable.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        return variable.appendTail(expanded).toString();
    }

    /** The jq paths the guide uses: .a.b and .a[0].b. */
    private static String select(JsonNode node, String path) {
        JsonNode current = node;
        for (String step : path.substring(1).split("\\.")) {
            Matcher indexed = Pattern.compile("(\\w+)\\[(\\d+)]").matcher(step);
            current = indexed.matches()
                    ? current.path(indexed.group(1)).path(Integer.parseInt(indexed.group(2)))
                    : current.path(step);
        }
        return current.asText();
    }

    private static String unquote(String text) {
        return text.startsWith("'") && text.endsWith("'") ? text.substring(1, text.length() - 1) : text;
    }
}
