package org.casebridge.gateway.storage;

import org.springframework.util.unit.DataSize;

/** The free space a file system keeps: bytes, or a share of its size. */
record Watermark(long bytes, double share) {

    static Watermark parse(String text) {
        String value = text.strip();
        if (value.endsWith("%")) {
            double percent = Double.parseDouble(value.substring(0, value.length() - 1).strip());
            if (percent < 0 || percent >= 100) {
                throw new IllegalArgumentException("casebridge.storage.min-free-space: " + text + " is not a share below 100%");
            }
            return new Watermark(0, percent / 100);
        }
        return new Watermark(DataSize.parse(value).toBytes(), 0);
    }

    long requiredOf(long totalSpace) {
        return share > 0 ? (long) (totalSpace * share) : bytes;
    }
}
