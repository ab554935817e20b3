package org.casebridge.contracts.codec;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Validates a contract object against the XSD, whichever encoding it came in, and names each
 * fault by its element path ({@code Message/attachment[2]/sha256}). The object is marshalled
 * straight into a validator, so what is checked is exactly what the gateway will process.
 */
public final class XmlContractValidator {

    private static final int MAX_VIOLATIONS = 20;

    /**
     * A validator handler and a marshaller cost more to create than a message costs to validate;
     * neither is thread-safe, so each thread keeps its own pair and gives it up after a failure
     * that may have left it mid-document.
     */
    private static final ThreadLocal<Tools> TOOLS = new ThreadLocal<>();

    private record Tools(ValidatorHandler validator, Marshaller marshaller) {
        static Tools create() {
            try {
                return new Tools(ContractXml.schema().newValidatorHandler(), ContractXml.marshaller());
            } catch (JAXBException e) {
                throw new IllegalStateException("cannot create a marshaller for the contract", e);
            }
        }
    }

    private XmlContractValidator() {
    }

    public static List<ContractViolation> validate(Object root) {
        Tools tools = TOOLS.get();
        if (tools == null) {
            tools = Tools.create();
        } else {
            TOOLS.remove();
        }
        List<ContractViolation> violations = validate(root, tools);
        if (violations.isEmpty()) {
            TOOLS.set(tools); // a document that went through to its end leaves the pair reusable
        }
        return violations;
    }

    private static List<ContractViolation> validate(Object root, Tools tools) {
        ValidatorHandler validator = tools.validator();
        PathTracker paths = new PathTracker();
        List<ContractViolation> violations = new ArrayList<>();
        validator.setContentHandler(paths);
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                // Xerces reports a facet failure and then the element that holds it; one per element is enough.
                String field = paths.current();
                if (violations.isEmpty() || !violations.getLast().field().equals(field)) {
                    violations.add(new ContractViolation(field, readable(e.getMessage())));
                }
                if (violations.size() >= MAX_VIOLATIONS) {
                    throw new TooManyViolations();
                }
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            tools.marshaller().marshal(root, validator);
        } catch (TooManyViolations enough) {
            return violations;
        } catch (JAXBException e) {
            if (violations.isEmpty()) {
                violations.add(new ContractViolation(paths.current(), ContractXml.describe(e)));
            }
        }
        return violations;
    }

    /** Drops the Xerces rule code ("cvc-pattern-valid: ") that means nothing to the person reading. */
    static String readable(String message) {
        if (message == null) {
            return "invalid";
        }
        int colon = message.indexOf(": ");
        return message.startsWith("cvc-") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static final class TooManyViolations extends RuntimeException {
        TooManyViolations() {
            super(null, null, false, false);
        }
    }

    /** Keeps the element path of the position the validator is at, with 1-based indexes for repeats. */
    private static final class PathTracker extends DefaultHandler {
        private final Deque<String> path = new ArrayDeque<>();
        private final Deque<Map<String, Integer>> siblings = new ArrayDeque<>();
        private String lastClosed;

        PathTracker() {
            siblings.push(new HashMap<>());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            int index = siblings.peek().merge(localName, 1, Integer::sum);
            path.addLast(index == 1 ? localName : localName + "[" + index + "]");
            siblings.push(new HashMap<>());
            lastClosed = null;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            siblings.pop();
            lastClosed = path.removeLast();
        }

        String current() {
            String open = String.join("/", path);
            // An error raised at an end tag (a missing child) concerns the element just closed.
            if (lastClosed != null && path.isEmpty()) {
                return lastClosed;
            }
            return open;
        }
    }
}
