package org.casebridge.adapter.spi;

/** The caller of the request a transport is serving, as the gateway authenticated it. */
public interface CallerContext {

    /**
     * @throws GatewayRejection UNAUTHENTICATED when the request carries no verified identity
     */
    Caller current();
}
