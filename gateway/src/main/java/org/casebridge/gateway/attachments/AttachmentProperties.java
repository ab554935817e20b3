package org.casebridge.gateway.attachments;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize the largest attachment accepted, by any transport
 * @param dir     where content is stored; unset: {@code <data-dir>/attachments}. One file system
 *                (uploads are moved into place atomically).
 */
@ConfigurationProperties("casebridge.attachments")
public record AttachmentProperties(@DefaultValue("4GB") DataSize maxSize, Path dir) {
}
