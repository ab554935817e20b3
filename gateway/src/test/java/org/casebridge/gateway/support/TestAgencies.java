package org.casebridge.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Agency files for tests: the demo agencies, each collecting from its inbox (PULL) unless told otherwise. */
public final class TestAgencies {

    /** Id to the entry's fields before {@code delivery}. */
    private static final Map<String, String> ENTRIES = Map.of(
            "hohhot-amr", "id: hohhot-amr, name: 呼和浩特市市场监督管理局, kind: ADMINISTRATIVE_AGENCY",
            "hohhot-psb", "id: hohhot-psb, name: 呼和浩特市公安局, kind: POLICE",
            "hohhot-procuratorate", "id: hohhot-procuratorate, name: 呼和浩特市人民检察院, kind: PROSECUTOR",
            "baotou-tax", "id: baotou-tax, name: 国家税务总局包头市税务局, kind: ADMINISTRATIVE_AGENCY",
            "baotou-psb", "id: baotou-psb, name: 包头市公安局, kind: POLICE",
            "baotou-procuratorate", "id: baotou-procuratorate, name: 包头市人民检察院, kind: PROSECUTOR");
    private static final String PULL = "{ mode: PULL }";

    private TestAgencies() {
    }

    /** Writes {@code agencies.yml} in the folder with the named agencies. */
    public static Path pull(Path folder, String... agencyIds) throws IOException {
        return write(folder, Map.of(), agencyIds);
    }

    /**
     * Writes {@code agencies.yml} in the folder with the named agencies.
     *
     * @param deliveries an agency's {@code delivery} as flow YAML, e.g.
     *                   {@code { mode: PUSH_REST, endpoint: "http://...", retry: { max-attempts: 3 } }};
     *                   agencies not named here collect from their inbox
     */
    public static Path write(Path folder, Map<String, String> deliveries, String... agencyIds) throws IOException {
        StringBuilder yaml = new StringBuilder("version: 1\nagencies:\n");
        for (String id : agencyIds) {
            String entry = ENTRIES.get(id);
            if (entry == null) {
                throw new IllegalArgumentException("no test entry for agency " + id);
            }
            yaml.append("  - { ").append(entry).append(", delivery: ").append(deliveries.getOrDefault(id, PULL)).append(" }\n");
        }
        Path file = folder.resolve("agencies.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
