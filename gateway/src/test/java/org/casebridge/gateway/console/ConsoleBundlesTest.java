package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every label exists in Chinese and in English, and every label a template names exists. */
class ConsoleBundlesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern LABEL = Pattern.compile("#\\{([a-zA-Z0-9_.-]+)}");

    @ParameterizedTest
    @ValueSource(strings = {"console", "list", "handoff", "dashboard"})
    void chineseAndEnglishHaveTheSameLabels(String bundle) throws IOException {
        Set<String> chinese = load(bundle + ".properties").stringPropertyNames();
        Set<String> english = load(bundle + "_en.properties").stringPropertyNames();
        assertThat(chinese).as(bundle).isNotEmpty();
        assertThat(new TreeSet<>(english)).as(bundle + "_en against " + bundle).isEqualTo(new TreeSet<>(chinese));
        load(bundle + ".properties").forEach((key, value) ->
                assertThat(value.toString()).as(bundle + ": " + key).isNotBlank());
    }

    @Test
    void everyLabelATemplateNamesExists() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String bundle : new String[] {"console", "list", "handoff", "dashboard"}) {
            known.addAll(load(bundle + ".properties").stringPropertyNames());
        }
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(RESOURCES.resolve("templates/console"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher label = LABEL.matcher(Files.readString(template));
                while (label.find()) {
                    if (!known.contains(label.group(1))) {
                        missing.add(template.getFileName() + ": " + label.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Properties load(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve("i18n").resolve(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
