package io.hutong.interconn.internal;

import static io.hutong.interconn.internal.JobFixture.A;
import static io.hutong.interconn.internal.JobFixture.B;
import static io.hutong.interconn.internal.JobFixture.JOB;
import static io.hutong.interconn.internal.JobFixture.X;
import static io.hutong.interconn.internal.JobFixture.stored;
import static io.hutong.interconn.internal.JobFixture.untouched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.BfiaJob.Approval;
import io.hutong.interconn.internal.Messages.AuditConfirm;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.TaskCallback;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.node.PeerDialect;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The job aggregate without HTTP or database: every cell of the state × event matrix, and who may make each move. */
class BfiaJobTest {

    /** What the matrix says of each event in each status: Apply, Ignore or Refuse. */
    private static final String MATRIX = """
                               PENDING READY RUNNING FINISHED REJECTED
            CREATE_ALL         I       I     I       I        I
            CREATE             I       I     I       I        I
            DECIDE             A       A     A       R        R
            AUDIT_CONFIRM      A       A     I       I        I
            START              A       A     I       I        I
            TASK_START         A       A     A       I        I
            UNIT_REPORT        R       R     A       I        I
            UNIT_ENDED         I       I     A       I        I
            STOP_ALL           A       A     A       I        I
            STOP               A       A     A       I        I
            TASK_STOP          A       A     A       I        I
            SCHEDULER_STATUS   I       I     A       I        I
            MESSAGE_GIVEN_UP   A       A     A       I        I
            APPROVAL_TIMEOUT   A       A     I       I        I
            TASK_TIMEOUT       I       I     A       I        I
            """;

    /** How each event is made happen, at which node, and what its move must have done when it is made. */
    private record Move(String node, Consumer<BfiaJob> setUp, Consumer<BfiaJob> make, Predicate<BfiaJob> made) {
    }

    private static final Map<JobEvent, Move> MOVES = new EnumMap<>(JobEvent.class);

    static {
        MOVES.put(JobEvent.CREATE_ALL, new Move(A, job -> { }, job -> job.createAllAgain(A), job -> false));
        MOVES.put(JobEvent.CREATE, new Move(B, job -> { }, job -> job.create(A), job -> false));
        MOVES.put(JobEvent.DECIDE, new Move(B, job -> job.approval = Approval.PENDING,
                job -> job.decide(B, Approval.READY, "fine"),
                job -> job.approval == Approval.READY && sent(job, A, AuditConfirm.class)));
        MOVES.put(JobEvent.AUDIT_CONFIRM, new Move(A, job -> job.parties.get(B).approval = Approval.PENDING,
                job -> job.auditConfirm(B, "READY", null), job -> job.parties.get(B).approval == Approval.READY));
        MOVES.put(JobEvent.START, new Move(B, job -> job.approval = Approval.READY, job -> job.start(A),
                job -> job.status == JobStatus.RUNNING));
        MOVES.put(JobEvent.TASK_START, new Move(B, job -> {
            job.approval = Approval.READY;
            job.tasks.get("a").units.forEach(u -> {
                u.tokenHash = null;
                u.status = TaskStatus.PENDING;
            });
        }, job -> job.taskStart(A, new TaskStart("task_a", JOB, "a", null, null)),
                job -> job.effects.launches.size() == 1 && job.status == JobStatus.RUNNING));
        MOVES.put(JobEvent.UNIT_REPORT, new Move(A, job -> { },
                job -> job.unitReport(B, "task_a", "host", 0, TaskStatus.SUCCESS),
                job -> unit(job, "a", B).status == TaskStatus.SUCCESS));
        MOVES.put(JobEvent.UNIT_ENDED, new Move(B, job -> { }, job -> job.unitEnded("task_a", "host", 0, TaskStatus.SUCCESS),
                job -> unit(job, "a", B).status == TaskStatus.SUCCESS && sent(job, A, TaskCallback.class)));
        MOVES.put(JobEvent.STOP_ALL, new Move(A, job -> { }, job -> job.stopAll(B, null, "stopped by node-b"),
                job -> ended(job, JobStatus.FINISHED, JobResult.STOPPED)));
        MOVES.put(JobEvent.STOP, new Move(B, job -> { },
                job -> job.stop(A, new Stop(JOB, null, "FINISHED", "STOPPED", "stopped")),
                job -> ended(job, JobStatus.FINISHED, JobResult.STOPPED)));
        MOVES.put(JobEvent.TASK_STOP, new Move(B, job -> { }, job -> job.taskStopped(A, "task_a"),
                job -> unit(job, "a", B).status == TaskStatus.FAILED));
        MOVES.put(JobEvent.SCHEDULER_STATUS, new Move(B, job -> { },
                job -> job.schedulerReported(Map.of("task_a", TaskStatus.SUCCESS, "task_b", TaskStatus.SUCCESS)),
                job -> ended(job, JobStatus.FINISHED, JobResult.SUCCESS)));
        MOVES.put(JobEvent.MESSAGE_GIVEN_UP, new Move(A, job -> { },
                job -> job.messageGivenUp(B, Messages.PREFIX + "job/create", 20, "refused"),
                job -> ended(job, JobStatus.FINISHED, JobResult.FAILED)));
        MOVES.put(JobEvent.APPROVAL_TIMEOUT, new Move(A, job -> { }, job -> job.approvalTimedOut(Duration.ofDays(7)),
                job -> ended(job, JobStatus.REJECTED, JobResult.REJECTED)));
        MOVES.put(JobEvent.TASK_TIMEOUT, new Move(A, job -> { }, job -> job.taskTimedOut("task_a", Duration.ofHours(24)),
                job -> ended(job, JobStatus.FINISHED, JobResult.FAILED) && job.reason.contains("did not end within")));
    }

    static Stream<Arguments> cells() {
        List<String> lines = MATRIX.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        List<JobStatus> columns = Arrays.stream(lines.get(0).split("\\s+")).map(JobStatus::valueOf).toList();
        List<Arguments> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split("\\s+");
            for (int i = 0; i < columns.size(); i++) {
                cells.add(Arguments.of(JobEvent.valueOf(parts[0]), columns.get(i), parts[i + 1]));
            }
        }
        assertThat(cells).hasSize(JobEvent.values().length * JobStatus.values().length);
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @MethodSource("cells")
    void everyCellOfTheMatrix(JobEvent event, JobStatus status, String expected) {
        Move move = MOVES.get(event);
        BfiaJob job = stored(move.node(), status);
        move.setUp().accept(job);
        job.dirty = false;
        switch (expected) {
            case "A" -> {
                move.make().accept(job);
                assertThat(move.made().test(job)).as("%s made in %s", event, status).isTrue();
            }
            case "I" -> {
                move.make().accept(job);
                assertThat(untouched(job)).as("%s ignored in %s", event, status).isTrue();
            }
            default -> {
                assertThatThrownBy(() -> move.make().accept(job)).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILURE));
                assertThat(untouched(job)).isTrue();
            }
        }
    }

    // ---- who may make each move -------------------------------------------------------------------

    @Test
    void theInitiatorIsTheVerifiedCallerOfCreateAll() {
        assertForbidden(() -> BfiaJob.schedule(JobFixture.context(A, true), B, JOB, "flow", JobFixture.plan()),
                "node-b is not the initiator of job-fixture");
        BfiaJob job = BfiaJob.schedule(JobFixture.context(A, true), A, JOB, "flow", JobFixture.plan());
        assertThat(job.initiator).isEqualTo(A);
        assertForbidden(() -> job.createAllAgain(X), "node-x is not the initiator");
    }

    @Test
    void onlyTheNodeTheJobNamesSchedulesIt() {
        assertThatThrownBy(() -> BfiaJob.schedule(JobFixture.context(B, true), A, JOB, "flow", JobFixture.plan()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILURE))
                .hasMessageContaining("this node is not the scheduler of job-fixture");
    }

    @Test
    void createComesFromTheSchedulerOnly() {
        Create create = new Create(JOB, "flow", null, null, null);
        assertForbidden(() -> BfiaJob.created(JobFixture.context(B, true), X, create, JobFixture.plan(), null),
                "node-x is not the scheduler of job-fixture");
        assertForbidden(() -> stored(B, JobStatus.PENDING).create(X), "node-x is not the scheduler");
    }

    @Test
    void startTaskStartStopAndPollComeFromTheSchedulerOnly() {
        assertForbidden(() -> stored(B, JobStatus.READY).start(X), "node-x is not the scheduler of job-fixture");
        assertForbidden(() -> stored(B, JobStatus.RUNNING).taskStart(X, new TaskStart("task_b", JOB, "b", null, null)),
                "node-x is not the scheduler");
        assertForbidden(() -> stored(B, JobStatus.RUNNING).stop(X, new Stop(JOB, null, null, null, null)),
                "node-x is not the scheduler");
        assertForbidden(() -> stored(B, JobStatus.RUNNING).pollFor(X, "task_a", "host", 0), "node-x is not the scheduler");
        assertThat(stored(B, JobStatus.RUNNING).pollFor(A, "task_a", "host", 0)).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void aCallbackReportsOnlyTheCallersOwnUnits() {
        BfiaJob job = stored(A, JobStatus.RUNNING);
        assertForbidden(() -> job.unitReport(B, "task_a", "guest", 0, TaskStatus.FAILED),
                "node-b does not play guest.0 in task task_a of job-fixture; node-a does");
        assertForbidden(() -> job.receive(X, new TaskCallback("task_a", "FAILED", "host", 0, JOB)),
                "node-x does not play host.0");
        assertThat(untouched(job)).isTrue();
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void stopAllComesFromPartiesOnly() {
        BfiaJob job = stored(A, JobStatus.RUNNING);
        assertForbidden(() -> job.stopAll(X, null, "stopped by node-x"), "node-x is not a party of job-fixture");
        assertThat(untouched(job)).isTrue();
    }

    @Test
    void auditConfirmComesFromAPartyAboutItself() {
        BfiaJob job = stored(A, JobStatus.PENDING);
        assertForbidden(() -> job.auditConfirm(X, "READY", null), "node-x is not a party of job-fixture");
        job.auditConfirm(B, "READY", null);
        assertThat(job.parties.get(B).approval).isEqualTo(Approval.READY);
        assertThat(job.parties.get(A).approval).as("node-b approved for itself only").isEqualTo(Approval.READY);
    }

    @Test
    void statusIsAnsweredToPartiesOnly() {
        assertForbidden(() -> stored(A, JobStatus.RUNNING).statusFor(X), "node-x is not a party of job-fixture");
        assertThat(stored(A, JobStatus.RUNNING).statusFor(B).job_status()).isEqualTo("RUNNING");
    }

    @Test
    void thisNodesOwnMovesAreNotAPeers() {
        assertForbidden(() -> stored(B, JobStatus.PENDING).decide(A, Approval.READY, "for you"),
                "node-a may not make this move");
    }

    // ---- what a move checks beyond who makes it --------------------------------------------------

    @Test
    void aPartyLaunchesNothingOfAJobItHasNotApproved() {
        BfiaJob job = stored(B, JobStatus.PENDING);
        assertThatThrownBy(() -> job.start(A)).hasMessageContaining("node-b has not approved job-fixture yet");
        assertThatThrownBy(() -> job.taskStart(A, new TaskStart("task_a", JOB, "a", null, null)))
                .hasMessageContaining("node-b has not approved job-fixture yet");
        assertThat(untouched(job)).isTrue();
    }

    @Test
    void aTaskStartWithAnotherIdForAKnownTaskIsRefused() {
        BfiaJob job = stored(B, JobStatus.RUNNING);
        assertThatThrownBy(() -> job.taskStart(A, new TaskStart("task_other", JOB, "a", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILURE))
                .hasMessageContaining("task a of job-fixture is task_a, not task_other");
    }

    @Test
    void aTaskWhoseUpstreamHasNotSucceededHereDoesNotStart() {
        BfiaJob job = stored(B, JobStatus.RUNNING);
        assertThatThrownBy(() -> job.taskStart(A, new TaskStart("task_b", JOB, "b", null, null)))
                .hasMessageContaining("task a, upstream of b, has not succeeded here");
        assertThat(untouched(job)).isTrue();
    }

    @Test
    void aTaskIdOfAPeerMustBeSafeForFilesAndPods() {
        BfiaJob job = stored(B, JobStatus.RUNNING);
        job.tasks.remove("a");
        assertThatThrownBy(() -> job.taskStart(A, new TaskStart("../etc", JOB, "a", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.violations()).containsKey("task_id"));
    }

    @Test
    void aStopsResultIsOneOfTheFour() {
        BfiaJob job = stored(B, JobStatus.RUNNING);
        assertThatThrownBy(() -> job.stop(A, new Stop(JOB, null, "FINISHED", "WHATEVER", null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.violations()).containsKey("result"));
        assertThatThrownBy(() -> job.stop(A, new Stop(JOB, null, "GONE", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.violations()).containsKey("job_status"));
        assertThat(untouched(job)).isTrue();
    }

    @Test
    void aRepeatedStopEndsTheJobOnce() {
        BfiaJob job = stored(B, JobStatus.RUNNING);
        job.stop(A, new Stop(JOB, null, "FINISHED", "STOPPED", "first"));
        job.stop(A, new Stop(JOB, null, "FINISHED", "FAILED", "second"));
        assertThat(job.effects.ended).hasSize(1);
        assertThat(job.result).isEqualTo(JobResult.STOPPED);
        assertThat(job.reason).isEqualTo("first");
    }

    @Test
    void aStopAtAPartyStopsItsRunningUnitsAndFailsThem() {
        BfiaJob job = stored(B, JobStatus.RUNNING);
        BfiaJob.Task a = job.tasks.get("a");
        a.units.set(0, new BfiaJob.Unit("host", 0, B, TaskStatus.RUNNING, "hash", null,
                new io.hutong.runtime.UnitHandle.LocalProcess(42, JobFixture.NOW, "here")));
        job.stop(A, new Stop(JOB, null, "FINISHED", "STOPPED", "stopped"));
        assertThat(job.effects.stops).hasSize(1);
        assertThat(a.status).isEqualTo(TaskStatus.FAILED);
        assertThat(a.units.get(0).status).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aJobWhosePartiesNeverAllApproveIsRejectedNamingThem() {
        BfiaJob job = stored(A, JobStatus.PENDING);
        job.approvalTimedOut(Duration.ofDays(7));
        assertThat(job.status).isEqualTo(JobStatus.REJECTED);
        assertThat(job.reason).isEqualTo("not approved by node-b within PT168H");
        assertThat(sent(job, B, Stop.class)).isTrue();
    }

    @Test
    void aPartyThatNeverDecidesRejectsForItself() {
        BfiaJob job = stored(B, JobStatus.PENDING);
        job.approvalTimedOut(Duration.ofDays(7));
        assertThat(job.approval).isEqualTo(Approval.REJECTED);
        assertThat(job.status).isEqualTo(JobStatus.REJECTED);
        assertThat(sent(job, A, AuditConfirm.class)).isTrue();
    }

    // ---- peers of other dialects ------------------------------------------------------------------

    @Test
    void aPartyWithoutApprovalApprovesByTakingTheJobAndIsPolledWhateverTheSyncType() {
        BfiaJob job = BfiaJob.schedule(JobFixture.context(A, true, Map.of(B, PeerDialect.KUSCIA)), A, JOB, "flow",
                JobFixture.plan());
        assertThat(job.parties.get(B).approval).isEqualTo(Approval.READY);
        assertThat(job.status).as("this node's policy approved: every party has").isEqualTo(JobStatus.RUNNING);
        assertThat(unit(job, "a", B).nextPollAt).as("a Kuscia party never calls back").isNotNull();
    }

    @Test
    void underASchedulerWithoutApprovalThisNodesDecisionStillGatesItsUnits() {
        BfiaJob job = stored(B, JobStatus.PENDING, Map.of(A, PeerDialect.KUSCIA));
        job.start(A);
        job.taskStart(A, new TaskStart("task_a", JOB, "a", null, null));
        assertThat(job.status).isEqualTo(JobStatus.RUNNING);
        assertThat(job.effects.launches).as("not approved here yet").isEmpty();

        job.decide(B, Approval.READY, "a person approved");
        assertThat(job.effects.launches).hasSize(1);
        assertThat(job.effects.messages).as("Kuscia takes no audit_confirm: the outbox drops it").hasSize(1);
    }

    @Test
    void aRejectionAfterAStartWithoutApprovalFailsThisNodesUnits() {
        BfiaJob job = stored(B, JobStatus.RUNNING, Map.of(A, PeerDialect.KUSCIA));
        job.approval = Approval.PENDING;
        job.decide(B, Approval.REJECTED, "not with this data");
        assertThat(job.status).isEqualTo(JobStatus.REJECTED);
        assertThat(unit(job, "a", B).status).isEqualTo(TaskStatus.FAILED);
        assertThat(job.pollFor(A, "task_a", "host", null)).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aPartyOfAKusciaJobSendsNoCallback() {
        BfiaJob job = stored(B, JobStatus.RUNNING, Map.of(A, PeerDialect.KUSCIA));
        job.unitEnded("task_a", "host", 0, TaskStatus.SUCCESS);
        assertThat(unit(job, "a", B).status).isEqualTo(TaskStatus.SUCCESS);
        assertThat(job.effects.messages).isEmpty();
    }

    @Test
    void fateFlowStopsANamedTaskAloneAndEndsAJobWithoutOutcome() {
        BfiaJob job = stored(B, JobStatus.RUNNING, Map.of(A, PeerDialect.FATE_FLOW));
        job.unitEnded("task_a", "host", 0, TaskStatus.SUCCESS);
        job.tasks.get("b").units.get(0).status = TaskStatus.RUNNING;
        job.stop(A, new Stop(JOB, "a", null, null, null));
        assertThat(unit(job, "b", B).status).as("nothing downstream").isEqualTo(TaskStatus.RUNNING);
        job.unitEnded("task_b", "host", 0, TaskStatus.SUCCESS);
        job.tasks.get("b").status = TaskStatus.SUCCESS;

        job.stop(A, new Stop(JOB, null, null, null, null));
        assertThat(job.status).isEqualTo(JobStatus.FINISHED);
        assertThat(job.result).as("told by this node's tasks").isEqualTo(JobResult.SUCCESS);
    }

    @Test
    void stoppedTasksAreToldInEachPartysDialect() {
        // stopping a stops b downstream of it, and then the job, which has nothing left to run
        BfiaJob kuscia = stored(A, JobStatus.RUNNING, Map.of(B, PeerDialect.KUSCIA));
        kuscia.stopAll(A, "a", "stopped by node-a");
        assertThat(kuscia.effects.messages).extracting(BfiaJob.Outgoing::message).containsExactly(
                new Messages.TaskStop("task_a", JOB), new Messages.TaskStop("task_b", JOB),
                new Stop(JOB, null, "FINISHED", "STOPPED", "stopped"));
        BfiaJob fate = stored(A, JobStatus.RUNNING, Map.of(B, PeerDialect.FATE_FLOW));
        fate.stopAll(A, "a", "stopped by node-a");
        assertThat(fate.effects.messages).extracting(BfiaJob.Outgoing::message).containsExactly(
                new Stop(JOB, "a", null, null, "stopped by node-a"), new Stop(JOB, "b", null, null, "stopped by node-a"),
                new Stop(JOB, null, "FINISHED", "STOPPED", "stopped"));
        BfiaJob hutong = stored(A, JobStatus.RUNNING);
        hutong.stopAll(A, "a", "stopped by node-a");
        assertThat(hutong.effects.messages).extracting(BfiaJob.Outgoing::message).containsExactly(
                new Stop(JOB, "a", null, null, "stopped by node-a"), new Stop(JOB, null, "FINISHED", "STOPPED", "stopped"));
    }

    @Test
    void aKusciaScheduledJobEndsHereOnceItsSchedulerKnowsEveryTaskEnded() {
        BfiaJob job = stored(B, JobStatus.RUNNING, Map.of(A, PeerDialect.KUSCIA));
        job.schedulerReported(Map.of("task_a", TaskStatus.SUCCESS));
        assertThat(job.status).as("task b unknown yet").isEqualTo(JobStatus.RUNNING);
        job.schedulerReported(Map.of("task_a", TaskStatus.SUCCESS, "task_b", TaskStatus.FAILED));
        assertThat(job.status).isEqualTo(JobStatus.FINISHED);
        assertThat(job.result).isEqualTo(JobResult.FAILED);
    }

    // ---- a job across two nodes, their messages carried by hand -----------------------------------

    @Test
    void aChainRunsToItsEndAcrossTwoNodes() {
        BfiaJob scheduler = BfiaJob.schedule(JobFixture.context(A, true), A, JOB, "flow", JobFixture.plan());
        Create create = (Create) only(scheduler, B);
        assertThat(create.task_ids()).containsOnlyKeys("a", "b");
        BfiaJob party = BfiaJob.created(JobFixture.context(B, true), A, create, JobFixture.plan(), null);
        assertThat(party.tasks.keySet()).containsExactly("a", "b");

        // node-b approved by policy: its audit_confirm starts the job, and task a at both
        scheduler.receive(B, only(party, A));
        assertThat(scheduler.status).isEqualTo(JobStatus.RUNNING);
        assertThat(scheduler.effects.launches).hasSize(1);
        List<Messages.Message> toB = drain(scheduler, B);
        assertThat(toB).hasSize(2);
        toB.forEach(message -> party.receive(A, message));
        assertThat(party.effects.launches).hasSize(1);

        for (String task : List.of("a", "b")) {
            String taskId = scheduler.tasks.get(task).taskId;
            scheduler.unitEnded(taskId, "guest", 0, TaskStatus.SUCCESS);
            party.unitEnded(taskId, "host", 0, TaskStatus.SUCCESS);
            drain(party, A).forEach(message -> scheduler.receive(B, message));
            drain(scheduler, B).forEach(message -> party.receive(A, message));
        }
        assertThat(scheduler.status).isEqualTo(JobStatus.FINISHED);
        assertThat(scheduler.result).isEqualTo(JobResult.SUCCESS);
        assertThat(party.status).isEqualTo(JobStatus.FINISHED);
        assertThat(party.result).isEqualTo(JobResult.SUCCESS);
        assertThat(scheduler.effects.ended).hasSize(1);
        assertThat(party.effects.ended).hasSize(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static void assertForbidden(Runnable move, String rule) {
        assertThatThrownBy(move::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN)).hasMessageContaining(rule);
    }

    private static boolean sent(BfiaJob job, String node, Class<? extends Messages.Message> type) {
        return job.effects.messages.stream().anyMatch(m -> m.node().equals(node) && type.isInstance(m.message()));
    }

    private static boolean ended(BfiaJob job, JobStatus status, JobResult result) {
        return job.status == status && job.result == result && job.effects.ended.size() == 1;
    }

    private static BfiaJob.Unit unit(BfiaJob job, String task, String node) {
        return job.tasks.get(task).units.stream().filter(u -> u.node.equals(node)).findFirst().orElseThrow();
    }

    private static Messages.Message only(BfiaJob job, String node) {
        List<Messages.Message> messages = drain(job, node);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** The messages to a node the job has to send, taken out of its effects. */
    private static List<Messages.Message> drain(BfiaJob job, String node) {
        List<Messages.Message> messages = job.effects.messages.stream().filter(m -> m.node().equals(node))
                .map(BfiaJob.Outgoing::message).toList();
        job.effects.messages.removeIf(m -> m.node().equals(node));
        return messages;
    }
}
