package io.rocketexpress.gateway.pages;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium as the distribution packages it (Debian's {@code chromium} and {@code chromium-driver}), found
 * on the PATH or given with {@code -Dchromium.binary=... -Dchromedriver=...}. Selenium Manager is never asked to
 * download anything: both paths are given to Selenium. Without them the browser tests are skipped.
 */
final class Browser {

    static final Dimension WIDE = new Dimension(1440, 1000);
    static final Dimension PHONE = new Dimension(390, 844);

    private Browser() {
    }

    /** A new headless browser window, or the test skipped when this machine has no Chromium. */
    static WebDriver open() {
        Optional<Path> chromium = find(System.getProperty("chromium.binary"), "chromium", "chromium-browser");
        Optional<Path> driver = find(System.getProperty("chromedriver"), "chromedriver");
        assumeTrue(chromium.isPresent() && driver.isPresent(),
                "no Chromium and chromedriver on this machine (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=en-GB", "--window-size=" + WIDE.width + "," + WIDE.height, "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(WIDE);
        return browser;
    }

    static WebDriverWait within(WebDriver browser, Duration time) {
        WebDriverWait wait = new WebDriverWait(browser, time);
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    /** Saves what the window shows under target/screenshots/. */
    static Path screenshot(WebDriver browser, String name) {
        try {
            Path directory = Path.of("target", "screenshots");
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".png");
            File taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(taken.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Text elements whose colour against the background they sit on (their own, or the nearest ancestor's that is
     * not transparent) is below 4.5:1, computed from the browser's computed styles; empty when every text passes.
     */
    @SuppressWarnings("unchecked")
    static List<String> lowContrastTexts(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                function rgba(text) {
                  var m = text.match(/rgba?\\(([^)]+)\\)/);
                  if (!m) { return [0, 0, 0, 0]; }
                  var p = m[1].split(/[ ,\\/]+/).filter(function (s) { return s.length; }).map(Number);
                  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
                }
                function background(element) {
                  for (var e = element; e; e = e.parentElement) {
                    var c = rgba(getComputedStyle(e).backgroundColor);
                    if (c[3] > 0) { return c; }
                  }
                  return [255, 255, 255, 1];
                }
                function luminance(c) {
                  var v = c.slice(0, 3).map(function (x) {
                    x = x / 255;
                    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
                  });
                  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
                }
                var failing = [];
                document.querySelectorAll('body *').forEach(function (e) {
                  var own = Array.prototype.some.call(e.childNodes, function (n) {
                    return n.nodeType === 3 && n.textContent.trim().length > 0;
                  });
                  var style = getComputedStyle(e);
                  if (!own || style.visibility === 'hidden' || style.display === 'none' || e.offsetParent === null
                      && style.position !== 'fixed' || e.closest('[aria-hidden="true"]')) { return; }
                  var rect = e.getBoundingClientRect();
                  if (rect.width <= 1 || rect.height <= 1) { return; }
                  var fg = rgba(style.color), bg = background(e);
                  var a = fg[3];
                  var mixed = [0, 1, 2].map(function (i) { return fg[i] * a + bg[i] * (1 - a); });
                  var l1 = luminance(mixed), l2 = luminance(bg);
                  var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                  if (ratio < 4.5) {
                    failing.push(e.tagName + '.' + e.className + ' "' + e.textContent.trim().slice(0, 40) + '" '
                        + ratio.toFixed(2));
                  }
                });
                return failing;
                """);
    }

    /** Form controls without an accessible name: no label, no aria-label, no text. */
    @SuppressWarnings("unchecked")
    static List<String> unlabelledControls(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                var missing = [];
                document.querySelectorAll('input, select, textarea, button, progress, meter').forEach(function (e) {
                  if (e.type === 'hidden') { return; }
                  var named = (e.labels && e.labels.length > 0) || e.getAttribute('aria-label')
                      || e.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && e.textContent.trim());
                  if (!named) { missing.push(e.outerHTML.slice(0, 80)); }
                });
                return missing;
                """);
    }

    /** The element that has the keyboard focus, as tag#id or its text. */
    static String focused(WebDriver browser) {
        return (String) ((JavascriptExecutor) browser).executeScript("""
                var e = document.activeElement;
                return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ':' + (e.textContent || '').trim();
                """);
    }

    static Object script(WebDriver browser, String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static Optional<Path> find(String configured, String... names) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(names)
                .flatMap(name -> Stream.of(pathVariable.split(File.pathSeparator))
                        .filter(dir -> !dir.isBlank())
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

}
