package org.casebridge.gateway.intake;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.contracts.codec.Timestamps;
import org.casebridge.contracts.v1.Message;
import org.springframework.stereotype.Component;

/**
 * Values the XSD allows but the store cannot keep exactly. xs:date and xs:dateTime reach from year
 * -999999999 to 999999999 with offsets up to ±18:00 and any fraction; PostgreSQL turns what lies
 * beyond its range into ±infinity, keeps microseconds and offsets of at most ±15:59. So every date
 * and date-time anywhere in a message, found by walking the model (not field by field, so a field
 * added to the contract is covered), must lie within {@link DateRangeProperties}, carry an offset
 * of whole minutes within ±14:00 (the range of real zones and of xs:dateTime), and a fraction of
 * at most microseconds. Both encodings come through here, so both get the same answer.
 */
@Component
class ValueLimits {

    private static final int MAX_OFFSET_SECONDS = 14 * 3600;
    private static final String CONTRACT_PACKAGE = Message.class.getPackageName();

    /** The element fields of each contract type, with their XML names; computed once per type. */
    private static final ClassValue<List<Element>> ELEMENTS = new ClassValue<>() {
        @Override
        protected List<Element> computeValue(Class<?> type) {
            List<Element> elements = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getPackageName().startsWith(CONTRACT_PACKAGE); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic() || field.isAnnotationPresent(XmlAnyElement.class)) {
                        continue;
                    }
                    field.setAccessible(true);
                    XmlElement xml = field.getAnnotation(XmlElement.class);
                    String name = xml != null && !"##default".equals(xml.name()) ? xml.name() : field.getName();
                    elements.add(new Element(name, field));
                }
            }
            return List.copyOf(elements);
        }
    };

    private record Element(String name, Field field) {
    }

    private final DateRangeProperties range;

    ValueLimits(DateRangeProperties range) {
        this.range = range;
    }

    void check(Message message) {
        walk(message, "Message");
    }

    private void walk(Object value, String path) {
        switch (value) {
            case null -> { }
            case OffsetDateTime dateTime -> checkDateTime(dateTime, path);
            case LocalDate date -> checkDate(date, date.toString(), path);
            default -> {
                if (value.getClass().isEnum() || !value.getClass().getPackageName().equals(CONTRACT_PACKAGE)) {
                    return; // text and numbers: the XSD's facets already fit the columns (int, bigint, text)
                }
                for (Element element : ELEMENTS.get(value.getClass())) {
                    Object child = read(element.field(), value);
                    if (child instanceof List<?> list) {
                        for (int i = 0; i < list.size(); i++) {
                            walk(list.get(i), path + "/" + element.name() + "[" + (i + 1) + "]");
                        }
                    } else {
                        walk(child, path + "/" + element.name());
                    }
                }
            }
        }
    }

    private void checkDateTime(OffsetDateTime value, String path) {
        String text = Timestamps.format(value);
        checkDate(value.toLocalDate(), text, path);
        int offset = value.getOffset().getTotalSeconds();
        if (offset % 60 != 0 || Math.abs(offset) > MAX_OFFSET_SECONDS) {
            throw refusal(path, text + " has the zone offset " + value.getOffset()
                    + "; offsets are whole minutes from -14:00 to +14:00");
        }
        if (value.getNano() % 1000 != 0) {
            throw refusal(path, text + " is more precise than a microsecond, which is as precise as the gateway keeps time");
        }
    }

    private void checkDate(LocalDate date, String text, String path) {
        if (date.isBefore(range.earliest()) || date.isAfter(range.latest())) {
            throw refusal(path, text + " lies outside the dates the gateway accepts, " + range.earliest() + " to " + range.latest());
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static GatewayRejection refusal(String path, String message) {
        return new GatewayRejection(Reason.CONTRACT_VIOLATION, message, path);
    }
}
