package org.casebridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.casebridge.contracts.codec.CanonicalJson;
import org.casebridge.contracts.codec.ContractJson;
import org.junit.jupiter.api.Test;

/** RFC 8785 behaviour, with vectors from the RFC and its reference test suite. */
class CanonicalJsonTest {

    private static String canonical(String json) {
        return CanonicalJson.text(ContractJson.mapper().readTree(json));
    }

    @Test
    void sortsMembersByUtf16CodeUnitsAndDropsWhiteSpace() {
        // RFC 8785 section 3.2.3: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33"
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertThat(canonical(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void printsNumbersAsEcmaScriptDoes() {
        assertThat(canonical("{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001,-0,100]}"))
                .isEqualTo("{\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27,0,100]}");
    }

    @Test
    void escapesOnlyWhatJsonStringifyEscapes() {
        assertThat(canonical("{\"s\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}"))
                .isEqualTo("{\"s\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void refusesLoneSurrogates() {
        assertThatThrownBy(() -> canonical("{\"s\":\"\\ud800\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
