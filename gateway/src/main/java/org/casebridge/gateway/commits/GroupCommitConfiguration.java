package org.casebridge.gateway.commits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The gateway's one group commit, shared by intake and acknowledgements. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GroupCommitConfiguration.GroupCommitProperties.class)
class GroupCommitConfiguration {

    @Bean
    GroupCommit groupCommit(TransactionTemplate transactions, GroupCommitProperties properties) {
        return new GroupCommit(transactions, properties.transactions(), properties.maxBatch());
    }

    /**
     * @param transactions shared transactions at once (each holds a database connection)
     * @param maxBatch     units one transaction takes at most; 1 turns group commit off
     */
    @ConfigurationProperties("casebridge.group-commit")
    record GroupCommitProperties(@DefaultValue("2") int transactions, @DefaultValue("32") int maxBatch) {
    }
}
