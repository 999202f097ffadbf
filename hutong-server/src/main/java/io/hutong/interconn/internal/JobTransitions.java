package io.hutong.interconn.internal;

import static io.hutong.interconn.JobStatus.FINISHED;
import static io.hutong.interconn.JobStatus.PENDING;
import static io.hutong.interconn.JobStatus.READY;
import static io.hutong.interconn.JobStatus.REJECTED;
import static io.hutong.interconn.JobStatus.RUNNING;

import io.hutong.interconn.JobStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * The whole state × event matrix of a job, in one place: for each event and each job status,
 * whether the move is made, ignored (a repeat or a late message, answered as success and changing
 * nothing) or refused, and why. {@link BfiaJob} consults it before every move.
 */
final class JobTransitions {

    /** What a cell says. */
    enum Outcome { APPLY, IGNORE, REFUSE }

    record Cell(Outcome outcome, String rule) {

        static final Cell APPLY = new Cell(Outcome.APPLY, null);

        static Cell ignore(String why) {
            return new Cell(Outcome.IGNORE, why);
        }

        static Cell refuse(String rule) {
            return new Cell(Outcome.REFUSE, rule);
        }
    }

    private static final Cell APPLY = Cell.APPLY;
    private static final Cell ENDED = Cell.ignore("the job has ended");
    private static final Cell REPEAT = Cell.ignore("a repeat");
    private static final Cell NOT_PENDING = Cell.ignore("the job is past approval");
    private static final Cell NOT_RUNNING = Cell.ignore("the job is not running");
    private static final Cell REFUSE_ENDED = Cell.refuse("the job has ended");
    private static final Cell REFUSE_NOT_STARTED = Cell.refuse("the job has not started");

    private static final Map<JobEvent, Map<JobStatus, Cell>> TABLE = new EnumMap<>(JobEvent.class);

    static {
        //                                    PENDING      READY        RUNNING      FINISHED      REJECTED
        row(JobEvent.CREATE_ALL,              REPEAT,      REPEAT,      REPEAT,      REPEAT,       REPEAT);
        row(JobEvent.CREATE,                  REPEAT,      REPEAT,      REPEAT,      REPEAT,       REPEAT);
        row(JobEvent.DECIDE,                  APPLY,       APPLY,       APPLY,       REFUSE_ENDED, REFUSE_ENDED);
        row(JobEvent.AUDIT_CONFIRM,           APPLY,       APPLY,       NOT_PENDING, ENDED,        ENDED);
        row(JobEvent.START,                   APPLY,       APPLY,       REPEAT,      ENDED,        ENDED);
        row(JobEvent.TASK_START,              APPLY,       APPLY,       APPLY,       ENDED,        ENDED);
        row(JobEvent.UNIT_REPORT,             REFUSE_NOT_STARTED, REFUSE_NOT_STARTED, APPLY, ENDED, ENDED);
        row(JobEvent.UNIT_ENDED,              NOT_RUNNING, NOT_RUNNING, APPLY,       ENDED,        ENDED);
        row(JobEvent.STOP_ALL,                APPLY,       APPLY,       APPLY,       ENDED,        ENDED);
        row(JobEvent.STOP,                    APPLY,       APPLY,       APPLY,       ENDED,        ENDED);
        row(JobEvent.TASK_STOP,               APPLY,       APPLY,       APPLY,       ENDED,        ENDED);
        row(JobEvent.SCHEDULER_STATUS,        NOT_RUNNING, NOT_RUNNING, APPLY,       ENDED,        ENDED);
        row(JobEvent.MESSAGE_GIVEN_UP,        APPLY,       APPLY,       APPLY,       ENDED,        ENDED);
        row(JobEvent.APPROVAL_TIMEOUT,        APPLY,       APPLY,       NOT_PENDING, ENDED,        ENDED);
        row(JobEvent.TASK_TIMEOUT,            NOT_RUNNING, NOT_RUNNING, APPLY,       ENDED,        ENDED);
    }

    private JobTransitions() {
    }

    private static void row(JobEvent event, Cell pending, Cell ready, Cell running, Cell finished, Cell rejected) {
        Map<JobStatus, Cell> cells = new EnumMap<>(JobStatus.class);
        cells.put(PENDING, pending);
        cells.put(READY, ready);
        cells.put(RUNNING, running);
        cells.put(FINISHED, finished);
        cells.put(REJECTED, rejected);
        TABLE.put(event, cells);
    }

    static Cell cell(JobEvent event, JobStatus status) {
        return TABLE.get(event).get(status);
    }
}
