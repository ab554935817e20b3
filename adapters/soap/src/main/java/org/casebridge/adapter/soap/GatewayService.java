package org.casebridge.adapter.soap;

import jakarta.activation.DataHandler;
import jakarta.jws.WebService;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.v1.AcknowledgeRequest;
import org.casebridge.contracts.v1.AcknowledgeResponse;
import org.casebridge.contracts.v1.Attachment;
import org.casebridge.contracts.v1.AttachmentContent;
import org.casebridge.contracts.v1.FetchAttachmentRequest;
import org.casebridge.contracts.v1.FetchAttachmentResponse;
import org.casebridge.contracts.v1.FetchInboxRequest;
import org.casebridge.contracts.v1.FetchInboxResponse;
import org.casebridge.contracts.v1.SubmitRequest;
import org.casebridge.contracts.v1.SubmitResponse;
import org.casebridge.contracts.v1.gateway.CasebridgeFault;
import org.casebridge.contracts.v1.gateway.CasebridgeGateway;

/** The gateway's SOAP service: the same four things the REST resources do, in the XML encoding. */
@WebService(serviceName = "CasebridgeGatewayService", portName = "CasebridgeGatewayPort",
        targetNamespace = "urn:casebridge:gateway:v1",
        endpointInterface = "org.casebridge.contracts.v1.gateway.CasebridgeGateway")
class GatewayService implements CasebridgeGateway {

    private final IntakePort intake;
    private final InboxPort inbox;
    private final AttachmentPort attachments;
    private final CallerContext callers;

    GatewayService(IntakePort intake, InboxPort inbox, AttachmentPort attachments, CallerContext callers) {
        this.intake = intake;
        this.inbox = inbox;
        this.attachments = attachments;
        this.callers = callers;
    }

    @Override
    public SubmitResponse submit(SubmitRequest request) throws CasebridgeFault {
        try {
            Caller caller = callers.current();
            if (request.getMessage() == null) {
                throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "SubmitRequest/Message is required", "/SubmitRequest/Message");
            }
            List<AttachmentPort.Staged> content = new ArrayList<>();
            IntakePort.Submitted submitted;
            try {
                stageContent(caller, request, content);
                submitted = intake.submit(caller, request.getMessage(), Encoding.XML, content);
            } finally {
                content.forEach(AttachmentPort.Staged::close);
            }
            SubmitResponse response = new SubmitResponse();
            response.setTransportReceipt(SignedDocuments.toContract(submitted.receipt()));
            return response;
        } catch (GatewayRejection rejection) {
            throw Faults.of(rejection);
        }
    }

    /**
     * Streams each MTOM part into storage, checked against the digest and size the message declares,
     * and collects it into {@code staged}: it is kept only if intake accepts the message.
     */
    private void stageContent(Caller caller, SubmitRequest request, List<AttachmentPort.Staged> staged) {
        Map<String, Attachment> declared = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        List<Attachment> attachmentList = request.getMessage().getAttachments();
        for (int i = 0; i < attachmentList.size(); i++) {
            declared.put(attachmentList.get(i).getSha256(), attachmentList.get(i));
            positions.putIfAbsent(attachmentList.get(i).getSha256(), i + 1);
        }
        List<AttachmentContent> parts = request.getAttachmentContents();
        for (int i = 0; i < parts.size(); i++) {
            AttachmentContent part = parts.get(i);
            String field = "/SubmitRequest/attachmentContent[" + (i + 1) + "]";
            Attachment attachment = declared.get(part.getSha256());
            if (attachment == null) {
                throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "content " + part.getSha256()
                        + " is not among the message's attachments", field + "/sha256");
            }
            if (part.getContent() == null) {
                throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "the part carries no content", field + "/content");
            }
            // A declared size above the gateway's maximum is refused before the part is read.
            try (InputStream in = part.getContent().getInputStream()) {
                staged.add(attachments.stage(caller, in, part.getSha256(), attachment.getMediaType(), attachment.getSize()));
            } catch (IOException e) {
                throw new GatewayRejection(Reason.MALFORMED_REQUEST, "the MTOM part could not be read: " + e.getMessage(), field);
            } catch (GatewayRejection refused) {
                // The content is not what the message declares: the declared digest is at fault.
                if (refused.reason() == Reason.ATTACHMENT_DIGEST_MISMATCH && refused.field() == null) {
                    throw refused.at("Message/attachment[" + positions.get(part.getSha256()) + "]/sha256");
                }
                throw refused;
            }
        }
    }

    @Override
    public FetchInboxResponse fetchInbox(FetchInboxRequest request) throws CasebridgeFault {
        try {
            int max = request.getMax() == null ? 20 : request.getMax();
            FetchInboxResponse response = new FetchInboxResponse();
            for (InboxPort.Delivery delivery : inbox.fetch(callers.current(), max, Encoding.XML)) {
                response.getDeliveries().add(SignedDocuments.delivery(delivery.dispatchId(), delivery.kind(),
                        delivery.document(), delivery.attachments()));
            }
            return response;
        } catch (GatewayRejection rejection) {
            throw Faults.of(rejection);
        }
    }

    @Override
    public AcknowledgeResponse acknowledge(AcknowledgeRequest request) throws CasebridgeFault {
        try {
            Optional<SignedDocument> receipt = inbox.acknowledge(callers.current(), request.getDispatchId(), Encoding.XML);
            AcknowledgeResponse response = new AcknowledgeResponse();
            response.setDispatchId(request.getDispatchId());
            receipt.map(SignedDocuments::toContract).ifPresent(response::setDeliveryReceipt);
            return response;
        } catch (GatewayRejection rejection) {
            throw Faults.of(rejection);
        }
    }

    @Override
    public FetchAttachmentResponse fetchAttachment(FetchAttachmentRequest request) throws CasebridgeFault {
        try {
            AttachmentSource source = attachments.open(callers.current(), request.getSha256());
            FetchAttachmentResponse response = new FetchAttachmentResponse();
            AttachmentContent content = new AttachmentContent();
            content.setSha256(source.sha256());
            content.setContent(new DataHandler(new StreamingDataSource(source)));
            response.setAttachmentContent(content);
            response.setMediaType(source.mediaType());
            response.setSize(source.size());
            return response;
        } catch (GatewayRejection rejection) {
            throw Faults.of(rejection);
        }
    }
}
