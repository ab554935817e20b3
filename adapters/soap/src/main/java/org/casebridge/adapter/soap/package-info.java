/**
 * The SOAP transport, on Apache CXF. Consumer: {@link org.casebridge.adapter.soap.GatewayService},
 * the document/literal service of {@code casebridge-gateway-v1.wsdl} with MTOM attachments.
 * Producer: {@link org.casebridge.adapter.soap.SoapPushTransport}, a CXF client of the agency's
 * {@code casebridge-agency-endpoint-v1.wsdl} service (delivery mode PUSH_SOAP). Reaches the
 * gateway only through the adapter SPI.
 */
package org.casebridge.adapter.soap;
