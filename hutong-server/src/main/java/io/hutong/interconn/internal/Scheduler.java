package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.node.Peers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scheduler (调度方) of the jobs this node schedules: takes new jobs, hears its polls' answers,
 * and ends what waits too long. Every move is one transaction holding the job's lock (see
 * {@link JobTransactions}); nothing here waits for a clock but the timeouts: each approval,
 * callback or stop moves the job on at once.
 */
@Component
@Transactional
class Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final JobTransactions jobs;
    private final JobStore store;
    private final PlanCache plans;
    private final InterconnProperties properties;
    private final Peers peers;
    private final Clock clock;

    Scheduler(JobTransactions jobs, JobStore store, PlanCache plans, InterconnProperties properties, Peers peers,
            Clock clock) {
        this.jobs = jobs;
        this.store = store;
        this.plans = plans;
        this.properties = properties;
        this.peers = peers;
        this.clock = clock;
    }

    /** §3.1: {@code caller} asks this node to schedule a job; a repeat changes nothing. */
    void createAll(String caller, CreateAll request) {
        if (store.findRow(request.job_id()).isPresent()) {
            jobs.apply(request.job_id(), job -> job.createAllAgain(caller));
            return;
        }
        JobPlan plan = plans.cached(request.job_id()).orElseGet(() -> plans.plan(request.dag(), request.config()));
        PartyIds.check(request.job_id(), plan, peers);
        jobs.create(BfiaJob.schedule(jobs.context(), caller, request.job_id(), request.flow_id(), plan));
    }

    /** A poll's answer: a terminal state is the unit's report, else it is asked again after the poll interval. */
    void polled(JobStore.UnitRow unit, TaskStatus status) {
        if (!status.terminal()) {
            store.setNextPoll(unit.taskId(), unit.role(), unit.roleIndex(), clock.instant().plus(properties.pollInterval()));
            return;
        }
        jobs.applyByTask(unit.taskId(), job -> {
            job.unitReport(unit.nodeId(), unit.taskId(), unit.role(), unit.roleIndex(), status);
            return null;
        });
    }

    /** A job still waiting for approvals after {@code hutong.interconn.approval-timeout} is rejected. */
    void approvalTimedOut(String jobId) {
        Duration timeout = properties.approvalTimeout();
        jobs.apply(jobId, job -> {
            if (job.createdAt.plus(timeout).isBefore(clock.instant())) {
                job.approvalTimedOut(timeout);
            }
        });
    }

    /** A task running longer than its job's task_timeout (or the node's) fails. */
    void taskTimedOut(JobStore.RunningTask task) {
        Duration timeout = task.taskTimeout() != null ? task.taskTimeout() : properties.taskTimeout();
        Instant now = clock.instant();
        if (!task.startedAt().plus(timeout).isBefore(now)) {
            return;
        }
        log.info("Job {}: task {} has run since {}, longer than {}", task.jobId(), task.taskId(), task.startedAt(),
                timeout);
        jobs.applyByTask(task.taskId(), job -> {
            job.taskTimedOut(task.taskId(), timeout);
            return null;
        });
    }
}
