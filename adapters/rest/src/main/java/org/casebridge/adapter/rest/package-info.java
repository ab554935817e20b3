/**
 * The REST transport. Consumer: the {@code /api/v1} resources agencies call with JSON.
 * Producer: {@link org.casebridge.adapter.rest.WebhookTransport}, which pushes deliveries to an
 * agency's webhook (delivery mode PUSH_REST). Reaches the gateway only through the adapter SPI.
 */
package org.casebridge.adapter.rest;
