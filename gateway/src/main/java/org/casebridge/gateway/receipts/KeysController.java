package org.casebridge.gateway.receipts;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the keys that verify every receipt and seal, for anyone, without a token. */
@RestController
class KeysController {

    private final SigningKeys keys;

    KeysController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(keys.publicJwks().toJSONObject(true));
    }

    @GetMapping(path = "/.well-known/casebridge/certificates.pem", produces = "application/x-pem-file")
    ResponseEntity<String> certificates() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(keys.certificatesPem());
    }
}
