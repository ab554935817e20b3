package org.casebridge.contracts.codec;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.OffsetDateTime;

/** Binds xs:dateTime to {@link OffsetDateTime}; the contract requires an explicit zone offset. */
public final class OffsetDateTimeXmlAdapter extends XmlAdapter<String, OffsetDateTime> {

    @Override
    public OffsetDateTime unmarshal(String lexical) {
        return lexical == null ? null : OffsetDateTime.parse(lexical.strip());
    }

    @Override
    public String marshal(OffsetDateTime value) {
        return value == null ? null : Timestamps.format(value);
    }
}
