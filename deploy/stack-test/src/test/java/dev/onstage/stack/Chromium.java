package dev.onstage.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Chromium through Debian's chromedriver, for the tests of the page (WebPageIT, PushPageIT). */
final class Chromium {

    private static final Path BINARY = Path.of(System.getProperty("onstage.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("onstage.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Fails the test, saying what to install, when Chromium or its driver is missing. */
    static void requireInstalled() {
        assertTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
                "Needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; ./onstage test does)");
    }

    /** A new browser session, with a profile of its own, in a window of this size. */
    static ChromeDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }
}
