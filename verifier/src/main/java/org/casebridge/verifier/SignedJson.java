package org.casebridge.verifier;

import java.util.Iterator;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's signed JSON documents, {@code {"<name>": {...}, "jws": "<compact JWS>"}}: the JWS
 * must verify, and its payload must be the RFC 8785 form of the object shown.
 */
final class SignedJson {

    private SignedJson() {
    }

    record Verified(JsonNode object, String kid) {
    }

    static Verified verify(EvidenceArchive archive, String path, String name, Signatures signatures) throws Invalid {
        JsonNode document = Json.object(archive.read(path), path);
        Iterator<String> names = document.propertyNames().iterator();
        int count = 0;
        while (names.hasNext()) {
            String member = names.next();
            count++;
            if (!member.equals(name) && !member.equals("jws")) {
                throw new Invalid("unexpected member " + member);
            }
        }
        JsonNode object = document.get(name);
        if (count != 2 || object == null || !object.isObject()) {
            throw new Invalid("expected exactly {\"" + name + "\": {...}, \"jws\": \"...\"}");
        }
        String jws = Json.text(document, "jws", path);
        Signatures.VerifiedJws verified = signatures.jwsOver(jws, Json.canonical(object));
        return new Verified(object, verified.kid());
    }
}
