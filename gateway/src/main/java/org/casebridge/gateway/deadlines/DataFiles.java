package org.casebridge.gateway.deadlines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.casebridge.gateway.audit.AuditDetails;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reading the YAML data files of this module: from the classpath, then from an operator's directory. */
final class DataFiles {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");
    static final Pattern EVENT = Pattern.compile("[A-Z][A-Z0-9_]{0,62}");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DataFiles() {
    }

    static <T> T parse(InputStream in, Class<T> type, String source) {
        try {
            T value = YAML.readValue(in, type);
            if (value == null) {
                throw new InvalidDeadlineData(source, List.of("the file is empty"));
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidDeadlineData(source, List.of("not a valid file: " + e.getOriginalMessage()));
        }
    }

    /** Every {@code *.yml} / {@code *.yaml} under a classpath folder, e.g. {@code deadlines/calendars}. */
    static <T> List<T> readClasspath(String folder, BiFunction<InputStream, String, T> reader) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(DataFiles.class.getClassLoader())
                    .getResources("classpath*:" + folder + "/*.y*ml");
            List<T> read = new ArrayList<>();
            for (Resource resource : Arrays.stream(resources).filter(r -> isYaml(r.getFilename())).toList()) {
                try (InputStream in = resource.getInputStream()) {
                    read.add(reader.apply(in, folder + "/" + resource.getFilename()));
                }
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list classpath:" + folder, e);
        }
    }

    /** Every YAML file of an operator's directory; a directory that is configured but missing is an error. */
    static <T> List<T> readDirectory(Optional<Path> directory, BiFunction<InputStream, String, T> reader) {
        if (directory.isEmpty()) {
            return List.of();
        }
        Path dir = directory.get();
        if (!Files.isDirectory(dir)) {
            throw new InvalidDeadlineData(dir.toString(), List.of("the directory does not exist"));
        }
        List<T> read = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> isYaml(f.getFileName().toString())).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    read.add(reader.apply(in, file.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return read;
    }

    /**
     * The hex SHA-256 of each data file by its base name: the shipped files, then an operator's
     * directory, whose files replace shipped ones of the same name, as when they are loaded.
     */
    static Map<String, String> digests(String folder, Optional<Path> directory) {
        Map<String, String> digests = new TreeMap<>();
        readClasspath(folder, (in, source) -> digests.put(baseName(source), sha256(in)));
        readDirectory(directory, (in, source) -> digests.put(baseName(source), sha256(in)));
        return digests;
    }

    private static String sha256(InputStream in) {
        try {
            return AuditDetails.sha256(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file name without folder and extension, to check it against the id inside. */
    static String baseName(String source) {
        String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field, List<String> problems) {
        if (isBlank(value)) {
            problems.add(field + " is missing");
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(field + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", found " + value);
            return null;
        }
    }

    private static boolean isYaml(String name) {
        return name != null && (name.endsWith(".yml") || name.endsWith(".yaml"));
    }
}
