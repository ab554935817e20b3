package org.casebridge.contracts.codec;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.LocalDate;

/** Binds xs:date to {@link LocalDate}. */
public final class LocalDateXmlAdapter extends XmlAdapter<String, LocalDate> {

    @Override
    public LocalDate unmarshal(String lexical) {
        return lexical == null ? null : LocalDate.parse(lexical.strip());
    }

    @Override
    public String marshal(LocalDate value) {
        return value == null ? null : value.toString();
    }
}
