package org.casebridge.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvExportTest {

    @Test
    void quotesWhatWouldBreakAColumnAndDefusesFormulas() throws Exception {
        StringWriter out = new StringWriter();
        CsvExport.writeRow(out, Arrays.asList("呼市监移〔2026〕17号", "a,b", "say \"hi\"", "line\nbreak", null, 42, -3, "=HYPERLINK(\"x\")", "@cmd"));
        assertThat(out.toString()).isEqualTo(
                "呼市监移〔2026〕17号,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",,42,-3,\"'=HYPERLINK(\"\"x\"\")\",\"'@cmd\"\r\n");
    }

    @Test
    void plainCellsStayAsTheyAre() {
        assertThat(List.of("hohhot-amr", "2026-11-20T01:30:00Z", "RECEIVED").stream().map(CsvExport::cell))
                .containsExactly("hohhot-amr", "2026-11-20T01:30:00Z", "RECEIVED");
    }
}
