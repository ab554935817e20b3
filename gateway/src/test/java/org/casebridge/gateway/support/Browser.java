package org.casebridge.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: both by explicit path, so that
 * Selenium Manager never downloads a browser or a driver. Each browser has a fresh profile, a fixed
 * window and a time zone of its own (TZ in the driver's environment, inherited by Chromium), so a
 * test can tell the viewer's zone from the gateway's. Missing Chromium fails the test, loudly.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final String timeZone;

    private Browser(String timeZone) {
        for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(executable + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        this.timeZone = timeZone;
        try {
            profile = Files.createTempDirectory("casebridge-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", timeZone, "LANGUAGE", "zh_CN:zh")) // the viewer's zone; Chinese for the browser's own widgets
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--password-store=basic", "--user-data-dir=" + profile,
                "--window-size=1440,1000", "--lang=zh-CN");
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1000));
    }

    /** @param timeZone the viewer's zone, e.g. America/New_York */
    public static Browser open(String timeZone) {
        return new Browser(timeZone);
    }

    public WebDriver driver() {
        return driver;
    }

    public String timeZone() {
        return timeZone;
    }

    /** Goes to the console and signs in on the realm's own login page; returns once the console shows the person. */
    public void signIn(String baseUrl, String username, String password) {
        driver.get(baseUrl + "/console");
        WebElement user = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("subject"), username));
    }

    public void get(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement waitFor(String css) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    public <T> T waitFor(Function<? super WebDriver, T> condition) {
        return waitFor(condition, PATIENCE);
    }

    /** Polls the page until the condition holds; a timeout names the page it was on and what it showed. */
    public <T> T waitFor(Function<? super WebDriver, T> condition, Duration patience) {
        try {
            return new WebDriverWait(driver, patience, Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            String text = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
            throw new TimeoutException(e.getMessage() + "\n  on " + driver.getCurrentUrl() + " showing: "
                    + text.substring(0, Math.min(600, text.length())).replace('\n', ' '), e);
        }
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** The whole page as a PNG under target/screenshots, the window stretched to its height for the shot. */
    public Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        try {
            Number height = (Number) script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
            driver.manage().window().setSize(new Dimension(window.getWidth(), Math.min(6000, Math.max(window.getHeight(), height.intValue() + 120))));
            script("window.scrollTo(0, 0)");
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
