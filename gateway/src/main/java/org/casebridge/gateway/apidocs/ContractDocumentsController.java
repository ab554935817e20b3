package org.casebridge.gateway.apidocs;

import java.util.Set;
import org.casebridge.adapter.spi.PublicUrl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Serves the contracts to anyone: they are public interface documents, with no data in them. */
@RestController
class ContractDocumentsController {

    private static final Set<String> PUBLISHED = Set.of("casebridge-v1.xsd", "casebridge-gateway-v1.wsdl",
            "casebridge-agency-endpoint-v1.wsdl", "casebridge-v1.schema.json", "casebridge-v1.openapi.yaml");

    private final ObjectNode bundle = OpenApiBundle.load();
    private final PublicUrl publicUrl;
    private final String tokenUrl;

    ContractDocumentsController(PublicUrl publicUrl, @Value("${casebridge.identity.issuer}") String issuer) {
        this.publicUrl = publicUrl;
        this.tokenUrl = issuer.replaceAll("/+$", "") + "/protocol/openid-connect/token";
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode openApi() {
        return withServer();
    }

    @GetMapping(path = "/v3/api-docs.yaml", produces = "application/yaml")
    String openApiYaml() {
        return YAMLMapper.builder().build().writeValueAsString(withServer());
    }

    @GetMapping("/contracts/v1/{file:.+}")
    ResponseEntity<Resource> contract(@PathVariable String file) {
        if (!PUBLISHED.contains(file)) {
            return ResponseEntity.notFound().build();
        }
        MediaType type = file.endsWith(".json") ? MediaType.APPLICATION_JSON
                : file.endsWith(".yaml") ? MediaType.parseMediaType("application/yaml") : MediaType.APPLICATION_XML;
        return ResponseEntity.ok().contentType(type).body(new ClassPathResource("casebridge/v1/" + file));
    }

    /**
     * Every URL in the document follows the configuration (never the request's Host, never the file's local
     * defaults): the gateway by its public URL, so "try it" calls go back to it, and the token endpoint by the
     * configured issuer, so Authorize and generated clients ask the Keycloak this gateway trusts.
     */
    private ObjectNode withServer() {
        ObjectNode copy = bundle.deepCopy();
        copy.putArray("servers").addObject().put("url", publicUrl.base()).put("description", "this gateway");
        copy.withObject("/components/securitySchemes/agencyClient/flows/clientCredentials").put("tokenUrl", tokenUrl);
        return copy;
    }
}
