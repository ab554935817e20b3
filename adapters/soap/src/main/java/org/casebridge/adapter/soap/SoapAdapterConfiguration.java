package org.casebridge.adapter.soap;

import jakarta.xml.ws.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.CertificateIdentities;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.adapter.spi.PublicUrl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/** Plugs the SOAP transport into a gateway that has it on its classpath. */
@AutoConfiguration
@EnableConfigurationProperties(SoapAdapterProperties.class)
public class SoapAdapterConfiguration {

    /** Published at {@code <cxf.path>/gateway/v1} for callers with a bearer token; the WSDL at {@code ?wsdl}. */
    @Bean
    Endpoint casebridgeGatewayEndpoint(Bus bus, IntakePort intake, InboxPort inbox, AttachmentPort attachments,
            CallerContext callers, SoapAdapterProperties properties, PublicUrl publicUrl, @Value("${cxf.path:/services}") String path) {
        EndpointImpl endpoint = endpoint(bus, new GatewayService(intake, inbox, attachments, callers), properties);
        // The WSDL's soap:address: CXF would otherwise write the request's Host header into it.
        endpoint.setPublishedEndpointUrl(publicUrl.of(path + "/gateway/v1"));
        endpoint.publish("/gateway/v1");
        return endpoint;
    }

    /**
     * The same service at {@code <cxf.path>/gateway/v1/signed}, for agencies that sign each request
     * with WS-Security (X.509) instead of holding tokens.
     */
    @Bean
    Endpoint casebridgeSignedGatewayEndpoint(Bus bus, IntakePort intake, InboxPort inbox, AttachmentPort attachments,
            CertificateIdentities certificates, SoapAdapterProperties properties, PublicUrl publicUrl,
            @Value("${cxf.path:/services}") String path) {
        GatewayService service = new GatewayService(intake, inbox, attachments, new SignedRequestCallers(certificates));
        EndpointImpl endpoint = endpoint(bus, service, properties);
        endpoint.setPublishedEndpointUrl(publicUrl.of(path + "/gateway/v1/signed"));
        endpoint.getInInterceptors().add(SignedRequests.verifier(certificates));
        endpoint.getInInterceptors().add(SignedRequests.coverage());
        endpoint.publish("/gateway/v1/signed");
        return endpoint;
    }

    private static EndpointImpl endpoint(Bus bus, GatewayService service, SoapAdapterProperties properties) {
        EndpointImpl endpoint = new EndpointImpl(bus, service);
        endpoint.setWsdlLocation("classpath:casebridge/v1/casebridge-gateway-v1.wsdl");
        Map<String, Object> settings = new HashMap<>();
        settings.put("mtom-enabled", Boolean.TRUE);
        settings.put("attachment-memory-threshold", properties.attachmentMemoryThreshold().toBytes());
        settings.put("attachment-max-size", properties.maxMessageSize().toBytes());
        if (properties.attachmentDirectory() != null) {
            settings.put("attachment-directory", spool(properties.attachmentDirectory()).toString());
        }
        // Unknown elements or unparsable values fail the unmarshalling; the contract itself is
        // checked afterwards by the gateway, which names the field at fault.
        settings.put("jaxb-validation-event-handler", new StrictValidationEvents());
        settings.put("set-jaxb-validation-event-handler", Boolean.TRUE);
        // Bounds on the XML itself, checked while it streams in (DTDs are refused outright by CXF).
        XmlLimits.apply(settings);
        endpoint.setProperties(settings);
        endpoint.getInInterceptors().add(new Utf8Input());
        endpoint.getInInterceptors().add(new XopParts());
        endpoint.getInInterceptors().add(new ContractFaultInterceptor.RequestRead());
        endpoint.getOutFaultInterceptors().add(new ContractFaultInterceptor.Status());
        endpoint.getOutFaultInterceptors().add(new ContractFaultInterceptor.Detail());
        return endpoint;
    }

    /** The directory MTOM parts spill to, created if missing. */
    private static Path spool(Path directory) {
        try {
            return Files.createDirectories(directory.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create casebridge.soap.attachment-directory " + directory, e);
        }
    }

    /** Before CXF's servlet, which would answer an unknown charset with 500. */
    /** Refusals of the security filters on SOAP paths, as SOAP faults. */
    @Bean
    FaultRefusalWriter casebridgeSoapRefusalWriter(@Value("${cxf.path:/services}") String path) {
        return new FaultRefusalWriter(path);
    }

    @Bean
    FilterRegistrationBean<CharsetCheck> casebridgeSoapCharsetCheck(@Value("${cxf.path:/services}") String path) {
        FilterRegistrationBean<CharsetCheck> registration = new FilterRegistrationBean<>(new CharsetCheck());
        registration.addUrlPatterns(path + "/*");
        return registration;
    }

    @Bean
    SoapPushTransport soapPushTransport(Bus bus, SoapAdapterProperties properties) {
        return new SoapPushTransport(bus, properties.pushMinRate());
    }
}
