package io.hutong.interconn.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The feature's sweeps, each at the interval {@link InterconnProperties} sets. */
@Configuration(proxyBeanMethods = false)
class InterconnSchedules implements SchedulingConfigurer {

    private final InterconnProperties properties;
    private final Outbox outbox;
    private final PollSweep polls;
    private final TimeoutSweep timeouts;
    private final SchedulerStatusSweep schedulerStatus;

    InterconnSchedules(InterconnProperties properties, Outbox outbox, PollSweep polls, TimeoutSweep timeouts,
            SchedulerStatusSweep schedulerStatus) {
        this.properties = properties;
        this.outbox = outbox;
        this.polls = polls;
        this.timeouts = timeouts;
        this.schedulerStatus = schedulerStatus;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        InterconnProperties.Outbox sending = properties.outbox();
        registrar.addFixedDelayTask(outbox::retryDue, sending.retrySweep());
        registrar.addFixedDelayTask(outbox::markDelivered, sending.markDelay());
        registrar.addFixedDelayTask(outbox::purgeDelivered, sending.purgeSweep());
        registrar.addFixedDelayTask(polls::sweep, properties.pollSweep());
        registrar.addFixedDelayTask(timeouts::sweep, properties.timeoutSweep());
        registrar.addFixedDelayTask(schedulerStatus::sweep, properties.schedulerStatusInterval());
    }
}
