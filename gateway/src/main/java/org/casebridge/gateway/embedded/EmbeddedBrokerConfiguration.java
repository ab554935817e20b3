package org.casebridge.gateway.embedded;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Settings of the embedded Artemis broker. An external broker needs the same ones in its
 * broker.xml (see docker/artemis/broker.xml).
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedBrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer casebridgeBrokerSettings() {
        return configuration -> {
            // Broker management goes through the gateway, not JMX. (Artemis' audit log calls
            // Subject.getSubject, which JDK 24+ refuse: application.yml keeps it below INFO.)
            configuration.setJMXManagementEnabled(false);
            // Remembers ids of dispatches already received, so a relay that resends after a crash adds nothing.
            configuration.setIDCacheSize(200_000);
            configuration.setPersistIDCache(true);
            configuration.addAddressSetting("casebridge.dispatch.#", new AddressSettings()
                    // A dispatch is never dropped or dead-lettered by the broker: the gateway decides.
                    .setMaxDeliveryAttempts(-1)
                    // A rolled-back dispatch goes back to the head of its queue at once: a delayed
                    // redelivery would let the handoff's next dispatch pass it. The deliverer waits
                    // on its own thread after a failure instead.
                    .setRedeliveryDelay(0)
                    .setAutoCreateQueues(true)
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false));
        };
    }
}
