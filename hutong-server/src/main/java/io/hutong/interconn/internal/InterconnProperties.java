package io.hutong.interconn.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hutong.interconn.*}: the BFIA control layer of this node.
 *
 * @param approval how this node decides on other nodes' jobs
 * @param approvalTimeout a job whose parties have not all approved it after this long ends REJECTED
 * @param taskTimeout how long a task may run when its job sets no {@code task_timeout}; it then fails
 * @param timeoutSweep how often jobs and tasks are checked against those timeouts
 * @param pollInterval how often the scheduler asks a party about its running units, where it polls
 * @param pollSweep how often due polls are looked for
 * @param pollThreads polls asked at once
 * @param pollQueue polls waiting for a thread; a sweep claims no more than the queue has room for
 * @param outbox how messages to other nodes are sent
 * @param idStyle {@code standard} ({@code job-} and 32 characters, as the standard's guide) or {@code short}
 *     ({@code job-} and 21: 25 characters, what FATE-Flow keeps of a job id)
 * @param schedulerStatusInterval how often this node asks a scheduler that announces no outcome (Kuscia)
 *     about the jobs it runs here, to learn when one ended
 */
@ConfigurationProperties("hutong.interconn")
record InterconnProperties(@DefaultValue Approval approval, @DefaultValue("7d") Duration approvalTimeout,
        @DefaultValue("24h") Duration taskTimeout, @DefaultValue("10s") Duration timeoutSweep,
        @DefaultValue("1s") Duration pollInterval, @DefaultValue("200ms") Duration pollSweep,
        @DefaultValue("4") int pollThreads, @DefaultValue("256") int pollQueue, @DefaultValue Outbox outbox,
        @DefaultValue("standard") Ids.Style idStyle, @DefaultValue("15s") Duration schedulerStatusInterval) {

    /**
     * @param mode {@code auto} approves every job, {@code trusted} the jobs of this node and of
     *     {@code trusted-initiators} scheduled by one of those, {@code manual} none; the others wait
     *     for a person
     * @param trustedInitiators node ids whose jobs this node approves by itself
     */
    record Approval(@DefaultValue("trusted") String mode, List<String> trustedInitiators) {

        Approval {
            trustedInitiators = trustedInitiators == null ? List.of() : List.copyOf(trustedInitiators);
        }
    }

    /**
     * @param senders threads sending messages
     * @param maxBackoff the longest wait before a message is tried again
     * @param retention how long delivered messages are kept
     * @param giveUpAfter refusals after which a message is given up
     * @param markDelay how often the delivered marks are written, in one statement
     * @param retrySweep how often messages due again are looked for
     * @param purgeSweep how often delivered messages past their retention are deleted
     */
    record Outbox(@DefaultValue("16") int senders, @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("1d") Duration retention, @DefaultValue("20") int giveUpAfter,
            @DefaultValue("100ms") Duration markDelay, @DefaultValue("500ms") Duration retrySweep,
            @DefaultValue("60s") Duration purgeSweep) {
    }
}
