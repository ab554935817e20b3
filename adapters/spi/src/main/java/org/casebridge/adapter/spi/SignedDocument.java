package org.casebridge.adapter.spi;

/**
 * A document signed by the gateway, in one encoding.
 *
 * <p>JSON: {@code content} is the JSON object (receipt or message) as canonical UTF-8 text and
 * {@code jws} the compact JWS whose payload is exactly those bytes. XML: {@code content} is the
 * standalone document with its enveloped signature, exactly as signed, and {@code jws} is null.
 * Transports must carry {@code content} without re-encoding it, or the signature breaks.
 */
public record SignedDocument(Encoding encoding, byte[] content, String jws) {

    public static SignedDocument json(byte[] canonicalJson, String jws) {
        return new SignedDocument(Encoding.JSON, canonicalJson, jws);
    }

    public static SignedDocument xml(byte[] signedXml) {
        return new SignedDocument(Encoding.XML, signedXml, null);
    }
}
