package org.casebridge.gateway.agencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Message and handoff ids start with their sender's agency id and a dash, so no agency id may be
 * another's plus a dash and more: {@code hohhot-psb} would own every id of {@code hohhot-psb-east}.
 */
class AgencyIdNamespaceTest {

    private static Map<String, Agency> read(String ids) {
        StringBuilder yaml = new StringBuilder("version: 1\nagencies:\n");
        for (String id : ids.split(",")) {
            yaml.append("  - { id: ").append(id).append(", name: x, kind: POLICE, delivery: { mode: PULL } }\n");
        }
        return AgencyFileReader.read(new ByteArrayInputStream(yaml.toString().getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void anIdThatExtendsAnotherByADashIsRefused() {
        assertThatThrownBy(() -> read("hohhot-psb-east,hohhot-amr,hohhot-psb"))
                .isInstanceOf(InvalidAgencyFile.class)
                .satisfies(e -> assertThat(((InvalidAgencyFile) e).problems()).containsExactly(
                        "id hohhot-psb-east starts with the id of agency hohhot-psb and a dash; the ids of hohhot-psb-east's"
                                + " messages would be in hohhot-psb's namespace. Choose ids that do not extend one another"));
    }

    @Test
    void idsThatShareOnlyAPrefixWithoutTheDashAreFine() {
        // hohhot-psbx's ids start "hohhot-psbx-", never "hohhot-psb-": the namespaces do not meet.
        assertThat(read("hohhot-psb,hohhot-psbx,hohhot-ps,baotou-psb")).containsOnlyKeys("hohhot-psb", "hohhot-psbx", "hohhot-ps", "baotou-psb");
    }
}
