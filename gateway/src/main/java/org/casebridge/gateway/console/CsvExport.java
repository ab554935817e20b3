package org.casebridge.gateway.console;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * CSV downloads of console lists (RFC 4180). A UTF-8 byte-order mark leads, because spreadsheet
 * programs in Chinese locales otherwise read the file as GBK. Cells that a spreadsheet would take
 * for a formula are quoted with a leading apostrophe (CSV injection).
 */
final class CsvExport {

    /** Writes rows to the response as they come, so that a long list is not held whole. */
    interface Rows {
        void writeTo(Sink sink) throws IOException;
    }

    /** Where rows go. */
    interface Sink {
        void row(List<?> cells) throws IOException;
    }

    private CsvExport() {
    }

    static ResponseEntity<StreamingResponseBody> download(String fileName, List<String> header, Rows rows) {
        StreamingResponseBody body = out -> {
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write('\uFEFF');
            Sink sink = cells -> writeRow(writer, cells);
            sink.row(header);
            rows.writeTo(sink);
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .body(body);
    }

    static void writeRow(Writer writer, List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(cell(cells.get(i)));
        }
        writer.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || text.startsWith("'")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
