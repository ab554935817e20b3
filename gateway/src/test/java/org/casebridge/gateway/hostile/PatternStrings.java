package org.casebridge.gateway.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Strings that match an XSD pattern (implicitly anchored), for the fuzz test: the subset of XSD
 * regular expressions the contract uses (literals, escapes, classes with ranges and negation,
 * \d \s \p{Cc}, groups, alternation, ? * + {n,m}). At the extremes, every quantifier takes its
 * minimum or maximum, and characters come from every Unicode class the contract may meet.
 */
final class PatternStrings {

    /**
     * Characters of many Unicode classes, all of which XML 1.0 can carry: ASCII, Latin with
     * combining marks, Greek, Cyrillic, CJK and its supplementary plane, emoji with a ZWJ, Arabic
     * and Hebrew with directional marks and overrides, Mongolian with its vowel separator, every
     * kind of white space and zero-width character, C1 controls, private use, noncharacters and
     * the last code point.
     */
    static final int[] UNICODE = {
        'a', 'Z', '0', ' ', '-', '.', '_', '~', '&', '<', '>', '"', '\'', '\\', '/', '@', '#', '%', '+', '=', ';',
        0xE9, 0x65, 0x301, 0x336, 0xDF, 0x3A9, 0x416, '呼', '和', '案', 0x20000, 0x2A6D6, 0x1F600, 0x1F469, 0x200D, 0x2696, 0xFE0F,
        0x645, 0x631, 0x5D0, 0x200F, 0x202E, 0x202C, 0x182E, 0x1823, 0x180E, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2028, 0x2029,
        0x200B, 0xFEFF, 0x2060, 0xFF21, 0x85, 0x9F, 0x7F, 0xE000, 0xFDD0, 0x10FFFD, 0x1D7D8, 0x663, 0xFF13,
    };

    private final String pattern;
    private final Random random;
    private final boolean extreme;
    private int position;

    private PatternStrings(String pattern, Random random, boolean extreme) {
        this.pattern = pattern;
        this.random = random;
        this.extreme = extreme;
    }

    static String generate(String pattern, Random random, boolean extreme) {
        PatternStrings generator = new PatternStrings(pattern, random, extreme);
        StringBuilder out = new StringBuilder();
        generator.alternation(out);
        if (generator.position != pattern.length()) {
            throw new IllegalStateException("cannot read pattern " + pattern + " at " + generator.position);
        }
        return out.toString();
    }

    private void alternation(StringBuilder out) {
        // Pick one branch up front: scan branches, generating only the chosen one.
        int start = position;
        List<int[]> branches = new ArrayList<>();
        int depth = 0;
        int branchStart = start;
        int i = start;
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == '|' && depth == 0) {
                branches.add(new int[] {branchStart, i});
                branchStart = i + 1;
            }
        }
        branches.add(new int[] {branchStart, i});
        int[] chosen = branches.get(random.nextInt(branches.size()));
        position = chosen[0];
        sequence(out, chosen[1]);
        position = i;
    }

    private int classEnd(int open) {
        int i = open + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        throw new IllegalStateException("unclosed class in " + pattern);
    }

    private void sequence(StringBuilder out, int end) {
        while (position < end) {
            int atomStart = position;
            Runnable atom;
            char c = pattern.charAt(position);
            if (c == '(') {
                int groupStart = position + 1;
                position = groupStart;
                StringBuilder probe = new StringBuilder();
                alternation(probe); // finds the closing parenthesis
                int groupEnd = position;
                position++;
                atom = () -> {
                    int saved = position;
                    position = groupStart;
                    StringBuilder group = new StringBuilder();
                    alternation(group);
                    out.append(group);
                    position = saved;
                };
                if (groupEnd < atomStart) {
                    throw new IllegalStateException();
                }
            } else {
                IntPredicate accepts = characterClass();
                atom = () -> out.appendCodePoint(pick(accepts));
            }
            int[] range = quantifier();
            int count = extreme ? (random.nextBoolean() ? range[0] : range[1])
                    : range[0] + random.nextInt(Math.min(range[1], range[0] + 8) - range[0] + 1);
            for (int n = 0; n < count; n++) {
                atom.run();
            }
        }
    }

    private int[] quantifier() {
        if (position >= pattern.length()) {
            return new int[] {1, 1};
        }
        char c = pattern.charAt(position);
        switch (c) {
            case '?' -> {
                position++;
                return new int[] {0, 1};
            }
            case '*' -> {
                position++;
                return new int[] {0, 16};
            }
            case '+' -> {
                position++;
                return new int[] {1, 16};
            }
            case '{' -> {
                int close = pattern.indexOf('}', position);
                String[] bounds = pattern.substring(position + 1, close).split(",", -1);
                position = close + 1;
                int min = Integer.parseInt(bounds[0]);
                return new int[] {min, bounds.length == 1 ? min : bounds[1].isEmpty() ? min + 16 : Integer.parseInt(bounds[1])};
            }
            default -> {
                return new int[] {1, 1};
            }
        }
    }

    /** The atom at the position as a predicate over code points; moves past it. */
    private IntPredicate characterClass() {
        char c = pattern.charAt(position);
        if (c == '[') {
            int end = classEnd(position);
            int i = position + 1;
            boolean negated = pattern.charAt(i) == '^';
            if (negated) {
                i++;
            }
            IntPredicate members = cp -> false;
            while (i < end) {
                IntPredicate member;
                int from;
                if (pattern.charAt(i) == '\\') {
                    char escaped = pattern.charAt(i + 1);
                    IntPredicate named = escapeClass(escaped, i + 2);
                    if (named != null) {
                        member = named;
                        i = escaped == 'p' ? pattern.indexOf('}', i) + 1 : i + 2;
                        members = members.or(member);
                        continue;
                    }
                    from = escaped;
                    i += 2;
                } else {
                    from = pattern.charAt(i);
                    i++;
                }
                if (i + 1 < end && pattern.charAt(i) == '-' && pattern.charAt(i + 1) != ']') {
                    int to = pattern.charAt(i + 1) == '\\' ? pattern.charAt(i + 2) : pattern.charAt(i + 1);
                    i += pattern.charAt(i + 1) == '\\' ? 3 : 2;
                    int low = from;
                    int high = to;
                    member = cp -> cp >= low && cp <= high;
                } else {
                    int single = from;
                    member = cp -> cp == single;
                }
                members = members.or(member);
            }
            position = end + 1;
            return negated ? members.negate() : members;
        }
        if (c == '\\') {
            char escaped = pattern.charAt(position + 1);
            IntPredicate named = escapeClass(escaped, position + 2);
            if (named != null) {
                position = escaped == 'p' ? pattern.indexOf('}', position) + 1 : position + 2;
                return named;
            }
            position += 2;
            return cp -> cp == escaped;
        }
        position++;
        if (c == '.') {
            return cp -> cp != '\n' && cp != '\r';
        }
        return cp -> cp == c;
    }

    /** \d (XSD: any decimal digit, \p{Nd}), \s (XSD: space, tab, CR, LF), \p{Cc}; null for a plain escape. */
    private IntPredicate escapeClass(char escaped, int after) {
        return switch (escaped) {
            case 'd' -> Character::isDigit;
            case 's' -> cp -> cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
            case 'S' -> cp -> !(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r');
            case 'p' -> {
                String name = pattern.substring(after + 1, pattern.indexOf('}', after));
                if (!name.equals("Cc")) {
                    throw new IllegalStateException("the fuzz generator knows no \\p{" + name + "}");
                }
                yield cp -> Character.getType(cp) == Character.CONTROL;
            }
            default -> null;
        };
    }

    /** A code point the class accepts: at the extremes from every Unicode class, else mostly plain ASCII. */
    private int pick(IntPredicate accepts) {
        List<Integer> candidates = new ArrayList<>();
        if (extreme) {
            for (int cp : UNICODE) {
                if (accepts.test(cp)) {
                    candidates.add(cp);
                }
            }
        }
        if (candidates.isEmpty() || !extreme && random.nextInt(4) > 0) {
            for (int cp = 0x20; cp < 0x7F; cp++) {
                if (accepts.test(cp)) {
                    candidates.add(cp);
                }
            }
        }
        if (candidates.isEmpty()) {
            for (int cp : UNICODE) {
                if (accepts.test(cp)) {
                    candidates.add(cp);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no candidate character for a class of " + pattern);
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
