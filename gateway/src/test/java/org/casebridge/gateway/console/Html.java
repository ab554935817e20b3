package org.casebridge.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough HTML reading for the console's server-rendered pages: start tags and their attributes. */
final class Html {

    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)(\\s[^>]*)?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"");

    /** A start tag. */
    record Tag(String name, Map<String, String> attributes, int end) {
        String attr(String attribute) {
            return attributes.get(attribute);
        }

        boolean hasClass(String cls) {
            return List.of(attributes.getOrDefault("class", "").split("\\s+")).contains(cls);
        }
    }

    private Html() {
    }

    static List<Tag> tags(String html) {
        List<Tag> tags = new ArrayList<>();
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            if (tag.group(2) != null) {
                Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
                while (attribute.find()) {
                    attributes.put(attribute.group(1), attribute.group(2).replace("&amp;", "&"));
                }
            }
            tags.add(new Tag(tag.group(1).toLowerCase(), attributes, tag.end()));
        }
        return tags;
    }

    static List<Tag> withClass(String html, String cls) {
        return tags(html).stream().filter(t -> t.hasClass(cls)).toList();
    }

    static java.util.Optional<Tag> byId(String html, String id) {
        return tags(html).stream().filter(t -> id.equals(t.attr("id"))).findFirst();
    }

    /** The text right after a start tag, up to the next tag. */
    static String textAfter(String html, Tag tag) {
        int next = html.indexOf('<', tag.end());
        return html.substring(tag.end(), next < 0 ? html.length() : next).strip();
    }
}
