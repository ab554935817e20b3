/**
 * The adapter SPI: the only types a transport may use to reach the gateway core.
 *
 * <p>Every transport has the same small shape. Its <em>consumer</em> side receives calls from
 * agency systems (SOAP operations, REST resources) and hands them to the inbound ports
 * ({@link org.casebridge.adapter.spi.IntakePort}, {@link org.casebridge.adapter.spi.InboxPort},
 * {@link org.casebridge.adapter.spi.AttachmentPort}). Its <em>producer</em> side is an
 * {@link org.casebridge.adapter.spi.OutboundTransport} that pushes a dispatch to the
 * {@link org.casebridge.adapter.spi.AgencyEndpoint} an agency configured. Failures cross the
 * boundary as {@link org.casebridge.adapter.spi.GatewayRejection} with a stable code; each
 * transport writes them in its own wire format, those the core decides outside a transport too
 * (through its {@link org.casebridge.adapter.spi.RefusalWriter}).
 */
package org.casebridge.adapter.spi;
