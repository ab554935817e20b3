package org.casebridge.gateway;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every module reads.
 *
 * @param id      names this gateway in receipts; several nodes of one gateway share it
 * @param node    names this node, for logs and the receipt's receiving gateway
 * @param dataDir where embedded services and stored content live
 */
@ConfigurationProperties("casebridge")
public record GatewayProperties(
        @DefaultValue("casebridge") String id,
        @DefaultValue("node-1") String node,
        @DefaultValue("./data") Path dataDir) {

    /** How receipts name the receiving gateway. */
    public String receivingGateway() {
        return id + "/" + node;
    }

    public Path dataPath(String child) {
        return dataDir.resolve(child).toAbsolutePath().normalize();
    }
}
